/*
 * A minimal HTTP/1.1 client for the load generator: one POST per connection
 * ("Connection: close"), so the response ends at end of stream and no
 * chunked/keep-alive parsing is needed. Enough for ingest, not a general client.
 */
#ifndef ZKS_LOADGEN_HTTP_CLIENT_H
#define ZKS_LOADGEN_HTTP_CLIENT_H

#include <stddef.h>

typedef struct {
    int status;  /* HTTP status code */
    char *body;  /* NUL-terminated, malloc'd */
    size_t body_len;
} http_response;

/*
 * POSTs body to http://host:port/path with the given bearer token (NULL: no
 * Authorization header) and Content-Type application/json.
 * 0 with *resp filled (free with http_response_free), -1 with a one-line reason in err.
 */
int http_post_json(const char *host, int port, const char *path, const char *bearer, const char *body, size_t body_len,
                   int timeout_ms, http_response *resp, char *err, size_t errlen);
void http_response_free(http_response *resp);

#endif
