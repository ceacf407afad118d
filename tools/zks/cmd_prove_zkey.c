/* Placeholder until this command area is written: each command says so and exits 2. */
#include "commands.h"

#include <stdio.h>

int cmd_prove_zkey(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks prove-zkey: not implemented yet\n");
    return 2;
}
