/*
 * The one-line error convention of the libraries: a function that fails
 * writes a reason into the caller's buffer (err, err_len; either may be
 * NULL/0) and returns false, so CLI tools and services print it as is.
 */
#ifndef ZKS_UTIL_ERR_H
#define ZKS_UTIL_ERR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

__attribute__((format(printf, 3, 4))) static inline bool zks_fail(char *err, size_t err_len, const char *fmt, ...)
{
    if (err && err_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return false;
}

#endif
