/* zks: the command-line tool of the settlement fleet. Dispatches to one command per subcommand. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    zks_command_fn run;
    const char *summary;
} zks_command;

static const zks_command COMMANDS[] = {
    {"keygen", cmd_keygen, "make (or derive) a BabyJubJub EdDSA key pair"},
    {"sign", cmd_sign, "sign requests read as JSON on stdin"},
    {"verify-sig", cmd_verify_sig, "verify signed requests read as JSON on stdin"},
    {"setup", cmd_setup, "development Groth16 setup for an .r1cs or the settlement circuit"},
    {"export-r1cs", cmd_export_r1cs, "write the settlement circuit as a circom .r1cs"},
    {"circuit-info", cmd_circuit_info, "constraints and wires of SettleBatch(L)"},
    {"prove", cmd_prove, "prove a batch of signed requests"},
    {"prove-zkey", cmd_prove_zkey, "prove a circom witness with a .zkey (rapidsnark's arguments)"},
    {"verify", cmd_verify, "verify a proof (snarkjs's argument order)"},
    {"export-verifier", cmd_export_verifier, "write the Solidity verifier for a verification key"},
    {"calldata", cmd_calldata, "print EVM calldata words for a proof"},
    {"devbroker", cmd_devbroker, "run a Kafka-protocol development broker on loopback"},
    {"lag", cmd_lag, "print consumer lag per group, topic and partition"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: zks COMMAND [ARGS]   (zks COMMAND --help for a command's options)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(out, "  %-16s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (strcmp(argv[1], COMMANDS[i].name) == 0)
            return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "zks: unknown command '%s' (zks --help lists them)\n", argv[1]);
    return 2;
}
