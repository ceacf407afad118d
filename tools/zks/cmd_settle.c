/* Placeholder until this command area is written: each command says so and exits 2. */
#include "commands.h"

#include <stdio.h>

int cmd_settle_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks settle-setup: not implemented yet\n");
    return 2;
}

int cmd_prove(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks prove: not implemented yet\n");
    return 2;
}

int cmd_circuit_info(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks circuit-info: not implemented yet\n");
    return 2;
}

int cmd_export_r1cs(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks export-r1cs: not implemented yet\n");
    return 2;
}

