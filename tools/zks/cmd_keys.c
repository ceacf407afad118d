/* Placeholder until this command area is written: each command says so and exits 2. */
#include "commands.h"

#include <stdio.h>

int cmd_keygen(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks keygen: not implemented yet\n");
    return 2;
}

int cmd_sign(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks sign: not implemented yet\n");
    return 2;
}

int cmd_verify_sig(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks verify-sig: not implemented yet\n");
    return 2;
}

