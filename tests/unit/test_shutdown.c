/* Shutdown: SIGTERM sent to the process becomes a request in the object, seen from another thread; no global flag. */
#include "check.h"
#include "service/shutdown.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

CHECK_MAIN_STATE

static void *waiter(void *arg)
{
    /* a thread created after zks_shutdown_new: it must not be the one killed by the signal */
    return zks_shutdown_wait(arg, 10000) ? arg : NULL;
}

int main(void)
{
    zks_shutdown *s = zks_shutdown_new();
    CHECK(s != NULL);
    if (!s)
        return CHECK_EXIT();
    CHECK(!zks_shutdown_requested(s));
    CHECK(!zks_shutdown_wait(s, 50)); /* times out */
    pthread_t th;
    pthread_create(&th, NULL, waiter, s);
    CHECK(kill(getpid(), SIGTERM) == 0);
    void *res = NULL;
    pthread_join(th, &res);
    CHECK(res == s);
    CHECK(zks_shutdown_requested(s));
    CHECK(zks_shutdown_signal(s) == SIGTERM);
    zks_shutdown_free(s);

    /* a request from code: no signal recorded */
    s = zks_shutdown_new();
    zks_shutdown_request(s);
    CHECK(zks_shutdown_wait(s, -1));
    CHECK(zks_shutdown_signal(s) == 0);
    zks_shutdown_free(s);
    return CHECK_EXIT();
}
