/* Run-time check for the code of fr_simd.h. */
#include "fr_simd.h"

bool fr_simd_available(void)
{
#if FR_SIMD_X86
    return __builtin_cpu_supports("avx512ifma") && __builtin_cpu_supports("avx512vl");
#else
    return false;
#endif
}
