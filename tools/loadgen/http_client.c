#include "http_client.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int connect_to(const char *host, int port, int timeout_ms, char *err, size_t errlen)
{
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        /* SO_RCVTIMEO/SNDTIMEO bound every read and write, so a stuck server cannot hang the run. */
        struct timeval tv = {.tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        snprintf(err, errlen, "connect %s:%d: %s", host, port, strerror(errno));
    return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads until the peer closes (the request asked for Connection: close). */
static char *read_all(int fd, size_t *len, char *err, size_t errlen)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        if (cap - n < 2048) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL)
                break;
            buf = bigger;
            cap *= 2;
        }
        ssize_t r = recv(fd, buf + n, cap - n - 1, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errlen, "read: %s", strerror(errno));
            free(buf);
            return NULL;
        }
        if (r == 0) {
            buf[n] = '\0';
            *len = n;
            return buf;
        }
        n += (size_t)r;
    }
    free(buf);
    snprintf(err, errlen, "out of memory");
    return NULL;
}

int http_post_json(const char *host, int port, const char *path, const char *bearer, const char *body, size_t body_len,
                   int timeout_ms, http_response *resp, char *err, size_t errlen)
{
    memset(resp, 0, sizeof *resp);
    int fd = connect_to(host, port, timeout_ms, err, errlen);
    if (fd < 0)
        return -1;
    char head[1024];
    int hn = snprintf(head, sizeof head,
                      "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                      "Content-Length: %zu\r\nConnection: close\r\n%s%s%s\r\n",
                      path, host, port, body_len, bearer ? "Authorization: Bearer " : "", bearer ? bearer : "",
                      bearer ? "\r\n" : "");
    if (hn < 0 || (size_t)hn >= sizeof head) {
        close(fd);
        snprintf(err, errlen, "request head too long");
        return -1;
    }
    if (write_all(fd, head, (size_t)hn) != 0 || write_all(fd, body, body_len) != 0) {
        snprintf(err, errlen, "write to %s:%d: %s", host, port, strerror(errno));
        close(fd);
        return -1;
    }
    size_t n = 0;
    char *raw = read_all(fd, &n, err, errlen);
    close(fd);
    if (raw == NULL)
        return -1;
    int status = 0;
    char *sep = strstr(raw, "\r\n\r\n");
    if (sscanf(raw, "HTTP/1.%*d %d", &status) != 1 || sep == NULL) {
        snprintf(err, errlen, "malformed HTTP response from %s:%d", host, port);
        free(raw);
        return -1;
    }
    /* Content-Length, when given, bounds the body; otherwise the body runs to end of stream. */
    size_t start = (size_t)(sep + 4 - raw), blen = n - start;
    for (char *line = strstr(raw, "\r\n"); line != NULL && line < sep; line = strstr(line + 2, "\r\n")) {
        unsigned long long cl;
        if (strncasecmp(line + 2, "Content-Length:", 15) == 0 && sscanf(line + 17, " %llu", &cl) == 1 && cl < blen)
            blen = (size_t)cl;
    }
    memmove(raw, raw + start, blen);
    raw[blen] = '\0';
    resp->status = status;
    resp->body = raw;
    resp->body_len = blen;
    return 0;
}

void http_response_free(http_response *resp)
{
    free(resp->body);
    resp->body = NULL;
}
