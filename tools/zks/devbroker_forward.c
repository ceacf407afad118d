/* Fixed-port relay in front of the mock cluster's first broker; see devbroker_forward.h. */
#include "devbroker_forward.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { MAX_RELAYS = 256 };

typedef struct {
    int client, upstream;
    pthread_t thread;
    atomic_bool done;
    devbroker_forward *owner;
} relay;

struct devbroker_forward {
    int listen_fd;
    struct sockaddr_in target;
    pthread_t acceptor;
    atomic_bool stop;
    pthread_mutex_t lock;
    relay *relays[MAX_RELAYS];
};

/* Copies what is readable on from to to; false when either side is finished. */
static bool pump(int from, int to)
{
    char buf[16384];
    ssize_t n = recv(from, buf, sizeof buf, 0);
    if (n <= 0)
        return n < 0 && (errno == EINTR || errno == EAGAIN);
    for (ssize_t off = 0; off < n;) {
        ssize_t w = send(to, buf + off, (size_t)(n - off), MSG_NOSIGNAL);
        if (w <= 0)
            return false;
        off += w;
    }
    return true;
}

static void *relay_loop(void *arg)
{
    relay *r = arg;
    struct pollfd p[2] = {{.fd = r->client, .events = POLLIN}, {.fd = r->upstream, .events = POLLIN}};
    while (!atomic_load(&r->owner->stop)) {
        int n = poll(p, 2, 200);
        if (n < 0 && errno != EINTR)
            break;
        if (n <= 0)
            continue;
        if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) && !pump(r->client, r->upstream))
            break;
        if ((p[1].revents & (POLLIN | POLLHUP | POLLERR)) && !pump(r->upstream, r->client))
            break;
    }
    close(r->client);
    close(r->upstream);
    atomic_store(&r->done, true);
    return NULL;
}

/* Joins finished relays so their slots can be reused; call with lock held. */
static void reap(devbroker_forward *f, bool all)
{
    for (int i = 0; i < MAX_RELAYS; i++) {
        relay *r = f->relays[i];
        if (r && (all || atomic_load(&r->done))) {
            pthread_join(r->thread, NULL);
            free(r);
            f->relays[i] = NULL;
        }
    }
}

static void start_relay(devbroker_forward *f, int client)
{
    int up = socket(AF_INET, SOCK_STREAM, 0);
    if (up < 0 || connect(up, (struct sockaddr *)&f->target, sizeof f->target) != 0) {
        if (up >= 0)
            close(up);
        close(client);
        return;
    }
    pthread_mutex_lock(&f->lock);
    reap(f, false);
    int slot = -1;
    for (int i = 0; i < MAX_RELAYS && slot < 0; i++)
        if (!f->relays[i])
            slot = i;
    relay *r = slot >= 0 ? calloc(1, sizeof *r) : NULL;
    if (r) {
        r->client = client;
        r->upstream = up;
        r->owner = f;
        if (pthread_create(&r->thread, NULL, relay_loop, r) == 0) {
            f->relays[slot] = r;
            r = NULL;
            client = up = -1;
        }
    }
    pthread_mutex_unlock(&f->lock);
    free(r);
    if (client >= 0) {
        close(client);
        close(up);
    }
}

static void *accept_loop(void *arg)
{
    devbroker_forward *f = arg;
    struct pollfd p = {.fd = f->listen_fd, .events = POLLIN};
    while (!atomic_load(&f->stop)) {
        if (poll(&p, 1, 200) <= 0)
            continue;
        int c = accept(f->listen_fd, NULL, NULL);
        if (c >= 0)
            start_relay(f, c);
    }
    return NULL;
}

devbroker_forward *devbroker_forward_start(int port, const char *target, char *err, unsigned long errlen)
{
    devbroker_forward *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    char host[64];
    int tport = 0;
    const char *colon = strrchr(target, ':');
    if (!colon || (size_t)(colon - target) >= sizeof host || (tport = atoi(colon + 1)) <= 0) {
        snprintf(err, errlen, "cannot parse broker address '%s'", target);
        free(f);
        return NULL;
    }
    memcpy(host, target, (size_t)(colon - target));
    host[colon - target] = '\0';
    f->target.sin_family = AF_INET;
    f->target.sin_port = htons((uint16_t)tport);
    if (inet_pton(AF_INET, host, &f->target.sin_addr) != 1) {
        snprintf(err, errlen, "broker address '%s' is not IPv4", target);
        free(f);
        return NULL;
    }
    f->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(f->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (f->listen_fd < 0 || bind(f->listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(f->listen_fd, 64) != 0) {
        snprintf(err, errlen, "cannot listen on 127.0.0.1:%d: %s", port, strerror(errno));
        if (f->listen_fd >= 0)
            close(f->listen_fd);
        free(f);
        return NULL;
    }
    pthread_mutex_init(&f->lock, NULL);
    if (pthread_create(&f->acceptor, NULL, accept_loop, f) != 0) {
        snprintf(err, errlen, "cannot start the relay thread");
        close(f->listen_fd);
        pthread_mutex_destroy(&f->lock);
        free(f);
        return NULL;
    }
    return f;
}

void devbroker_forward_stop(devbroker_forward *f)
{
    if (!f)
        return;
    atomic_store(&f->stop, true);
    pthread_join(f->acceptor, NULL);
    close(f->listen_fd);
    pthread_mutex_lock(&f->lock);
    reap(f, true);
    pthread_mutex_unlock(&f->lock);
    pthread_mutex_destroy(&f->lock);
    free(f);
}
