# The zks dispatcher: --help succeeds, an unknown command is exit 2.
zks_shell_test(cli_zks_usage zks_usage.sh LABEL unit)
