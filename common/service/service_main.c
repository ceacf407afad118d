#include "service/service_main.h"

#include <sodium.h>
#include <stdio.h>

int zks_service_main(const zks_service_spec *spec, int argc, char **argv, char **envp)
{
    zks_shutdown *stop = zks_shutdown_new();
    if (stop == NULL || sodium_init() < 0) {
        fprintf(stderr, "%s: cannot start the signal watcher or libsodium\n", spec->name);
        zks_shutdown_free(stop);
        return 3;
    }
    zks_config *cfg = zks_config_new();
    int status = 3;
    if (cfg == NULL || zks_config_add_options(cfg, zks_config_common_options, zks_config_common_option_count) != 0 ||
        zks_config_add_options(cfg, spec->options, spec->n_options) != 0) {
        fprintf(stderr, "%s: out of memory\n", spec->name);
    } else {
        int parsed = zks_config_parse(cfg, argc, argv, envp);
        if (parsed == 1) {
            printf("usage: %s\n", spec->usage);
            zks_config_usage(cfg, stdout);
            status = 0;
        } else if (parsed < 0) {
            fprintf(stderr, "%s: %s\n", spec->name, zks_config_error(cfg));
            status = 2;
        } else {
            status = spec->run(cfg, stop);
        }
    }
    zks_config_free(cfg);
    zks_shutdown_free(stop);
    return status;
}
