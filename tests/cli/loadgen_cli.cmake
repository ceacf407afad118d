# zks-loadgen's command line: exit codes, one-line errors, the providers/tokens files.
zks_shell_test(loadgen_cli loadgen_cli.sh LABEL unit TIMEOUT 300)
