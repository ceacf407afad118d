/* SIGTERM/SIGINT -> a shutdown request in an object main owns; see shutdown.h. */
#include "service/shutdown.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

struct zks_shutdown {
    pthread_t watcher;
    sigset_t signals;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    atomic_bool requested;
    atomic_int signal;
    atomic_bool stopping; /* the watcher's own exit, at free */
};

static void mark(zks_shutdown *s, int sig)
{
    pthread_mutex_lock(&s->lock);
    if (sig && !atomic_load(&s->requested))
        atomic_store(&s->signal, sig);
    atomic_store(&s->requested, true);
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

static void *watch(void *arg)
{
    zks_shutdown *s = arg;
    /* A short timeout lets free() stop this thread without sending it a signal. */
    const struct timespec tick = {0, 100 * 1000 * 1000};
    while (!atomic_load(&s->stopping)) {
        int sig = sigtimedwait(&s->signals, NULL, &tick);
        if (sig > 0)
            mark(s, sig);
    }
    return NULL;
}

zks_shutdown *zks_shutdown_new(void)
{
    zks_shutdown *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    sigemptyset(&s->signals);
    sigaddset(&s->signals, SIGTERM);
    sigaddset(&s->signals, SIGINT);
    pthread_mutex_init(&s->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->changed, &ca);
    pthread_condattr_destroy(&ca);
    /* Blocked here, the signals stay pending for the watcher in every thread created later. */
    pthread_sigmask(SIG_BLOCK, &s->signals, NULL);
    if (pthread_create(&s->watcher, NULL, watch, s) != 0) {
        pthread_cond_destroy(&s->changed);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    return s;
}

void zks_shutdown_free(zks_shutdown *s)
{
    if (!s)
        return;
    atomic_store(&s->stopping, true);
    pthread_join(s->watcher, NULL);
    pthread_cond_destroy(&s->changed);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

bool zks_shutdown_requested(const zks_shutdown *s)
{
    return atomic_load(&((zks_shutdown *)s)->requested);
}

bool zks_shutdown_wait(zks_shutdown *s, int timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    if (timeout_ms >= 0) {
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&s->lock);
    while (!atomic_load(&s->requested)) {
        int rc = timeout_ms < 0 ? pthread_cond_wait(&s->changed, &s->lock)
                                : pthread_cond_timedwait(&s->changed, &s->lock, &deadline);
        if (rc == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&s->lock);
    return atomic_load(&s->requested);
}

void zks_shutdown_request(zks_shutdown *s)
{
    mark(s, 0);
}

int zks_shutdown_signal(const zks_shutdown *s)
{
    return atomic_load(&((zks_shutdown *)s)->signal);
}
