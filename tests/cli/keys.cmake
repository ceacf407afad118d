# zks keygen / sign / verify-sig: exit codes and one-line errors on malformed input (owner: eddsa).
# Label unit: no node needed, so the sanitizer build runs it too.
zks_shell_test(cli_keys keys.sh LABEL unit TIMEOUT 300)
