/*
 * The start-up and shutdown every service shares: the signal watcher (before
 * any thread starts, so that SIGTERM/SIGINT reach only it), libsodium, the
 * common options plus the service's own, --help, and the exit codes
 * (0 ok or --help, 2 bad configuration, 3 cannot start).
 */
#ifndef ZKS_SERVICE_MAIN_H
#define ZKS_SERVICE_MAIN_H

#include "service/config.h"
#include "service/shutdown.h"

#include <stddef.h>

typedef struct {
    const char *name;                 /* "zks-worker": prefixes start-up errors */
    const char *usage;                /* first line of --help */
    const zks_config_option *options; /* the service's own options, after the common ones */
    size_t n_options;
    /* Runs the service on the parsed configuration until stop; returns the exit status. */
    int (*run)(zks_config *cfg, zks_shutdown *stop);
} zks_service_spec;

int zks_service_main(const zks_service_spec *spec, int argc, char **argv, char **envp);

#endif
