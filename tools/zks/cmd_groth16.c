/* Placeholder until this command area is written: each command says so and exits 2. */
#include "commands.h"

#include <stdio.h>

int cmd_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks setup: not implemented yet\n");
    return 2;
}

int cmd_verify(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks verify: not implemented yet\n");
    return 2;
}

int cmd_export_verifier(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks export-verifier: not implemented yet\n");
    return 2;
}

int cmd_calldata(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks calldata: not implemented yet\n");
    return 2;
}

