/*
 * A fixed loopback port for `zks devbroker`: librdkafka 2.0.2's mock cluster
 * binds ephemeral ports only, so --port P listens on 127.0.0.1:P and relays
 * each connection byte for byte to the first mock broker. Clients use it to
 * bootstrap (e.g. the services' default 127.0.0.1:9092); the metadata they get
 * back names the brokers' real ports, which they then connect to directly.
 */
#ifndef ZKS_TOOLS_DEVBROKER_FORWARD_H
#define ZKS_TOOLS_DEVBROKER_FORWARD_H

typedef struct devbroker_forward devbroker_forward;

/* Listens on 127.0.0.1:port and relays to target "host:port". NULL with a message in err. */
devbroker_forward *devbroker_forward_start(int port, const char *target, char *err, unsigned long errlen);
/* Closes the listener and every relayed connection, joins the threads. */
void devbroker_forward_stop(devbroker_forward *f);

#endif
