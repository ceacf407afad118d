/*
 * Graceful shutdown without a global flag: zks_shutdown_new() blocks SIGTERM
 * and SIGINT in the calling thread (so every thread created afterwards
 * inherits the mask) and starts a thread that waits for them with
 * sigtimedwait and records the request in the object main owns.
 *
 * Call it first thing in main, before librdkafka, libmicrohttpd or any other
 * thread starts. Then main loops until zks_shutdown_requested(), drains
 * (http stop accepting, finish in-flight work, producer flush, consumer
 * commit) and exits 0.
 */
#ifndef ZKS_SERVICE_SHUTDOWN_H
#define ZKS_SERVICE_SHUTDOWN_H

#include <stdbool.h>

typedef struct zks_shutdown zks_shutdown;

zks_shutdown *zks_shutdown_new(void); /* NULL if the watcher thread cannot start */
void zks_shutdown_free(zks_shutdown *s);

bool zks_shutdown_requested(const zks_shutdown *s);
/* Sleeps until a request or timeout_ms (<0: forever). Returns zks_shutdown_requested(). */
bool zks_shutdown_wait(zks_shutdown *s, int timeout_ms);
/* Request shutdown from code (a fatal error in a worker thread, a test). */
void zks_shutdown_request(zks_shutdown *s);
/* The signal that asked (SIGTERM/SIGINT), 0 if requested from code or not yet. */
int zks_shutdown_signal(const zks_shutdown *s);

#endif
