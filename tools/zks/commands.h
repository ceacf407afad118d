/*
 * The `zks` subcommands. Each takes the arguments after its name (argv[0] is
 * the command name) and returns the process exit status:
 *   0 success, 1 a negative answer (a proof or signature that does not verify),
 *   2 bad input or usage (one line on stderr), 3 an environment failure (I/O, broker).
 */
#ifndef ZKS_TOOLS_COMMANDS_H
#define ZKS_TOOLS_COMMANDS_H

typedef int (*zks_command_fn)(int argc, char **argv);

/* keys and signatures: cmd_keys.c */
int cmd_keygen(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify_sig(int argc, char **argv);

/* Groth16 for any circom circuit: cmd_groth16.c */
int cmd_setup(int argc, char **argv); /* --r1cs; with --batch it hands over to cmd_settle_setup */
int cmd_prove_zkey(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_export_verifier(int argc, char **argv);
int cmd_calldata(int argc, char **argv);

/* the settlement circuit: cmd_settle.c */
int cmd_settle_setup(int argc, char **argv);
int cmd_prove(int argc, char **argv);
int cmd_circuit_info(int argc, char **argv);
int cmd_export_r1cs(int argc, char **argv);

/* operations: cmd_devbroker.c, cmd_lag.c */
int cmd_devbroker(int argc, char **argv);
int cmd_lag(int argc, char **argv);

#endif
