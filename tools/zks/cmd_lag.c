/* Placeholder until this command area is written: each command says so and exits 2. */
#include "commands.h"

#include <stdio.h>

int cmd_lag(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "zks lag: not implemented yet\n");
    return 2;
}

