# zks lag and zks devbroker argument handling (no broker needed).
zks_shell_test(cli_service_usage service_cli.sh LABEL unit TIMEOUT 60)
