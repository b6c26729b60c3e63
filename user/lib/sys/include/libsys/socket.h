/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sockets for components: TCP and UDP through the network component
 * (user/components/net, Documentation/networking.rst "Sockets").
 *
 * Control goes by IPC on the "net" endpoint (the request in the label,
 * the error E in the reply's label, as every service); data goes through
 * a zero-copy queue channel (<libsys/queue.h>) that the manifest gives
 * the client and the network component ("net.q" on the client's side).
 * The network component owns the channel's buffers and is its upper
 * side; the client is the lower side:
 *
 *   rx.free    net -> client   empty buffers to fill with data to send
 *   rx.active  client -> net   data to send (TCP) or datagrams (UDP)
 *   tx.active  net -> client   data received, a FIN, datagrams received
 *   tx.free    client -> net   received buffers, read and given back
 *
 * Every buffer starts with a struct net_sock_hdr (16 bytes, so the data
 * after it stays aligned); the descriptor's length counts the header.
 *
 * Requests (mrN: message words; sockets are small numbers of the
 * client's own, 0..NET_SOCK_MAX-1; another client's are out of reach):
 *   NET_SOCK_OPEN   1 capability: a notification of the client's that the
 *                   service signals when something it may wait for came
 *                   (data, a connection, a buffer back, a state change);
 *                   attaches the client's channel. Again: replaces the
 *                   notification. SYS_E_NOT_FOUND without a channel,
 *                   SYS_E_PROTOCOL without a notification capability
 *   NET_SOCKET      mr0 NET_SOCK_TCP or NET_SOCK_UDP -> mr0 socket
 *                   SYS_E_NO_SPACE when the client has NET_SOCK_MAX
 *   NET_BIND        mr0 socket, mr1 port (1..65535) -> 0
 *                   NET_E_ADDR_IN_USE, SYS_E_STATE (bound already)
 *   NET_LISTEN      mr0 TCP socket, bound -> 0 (accepts connections)
 *   NET_ACCEPT      mr0 listening socket -> mr0 new socket (connected),
 *                   mr1 peer address, mr2 peer port. NET_E_AGAIN: none
 *                   waits (the notification says when one came)
 *   NET_CONNECT     mr0 socket, mr1 IPv4 address, mr2 port -> 0. TCP:
 *                   the handshake starts; NET_SOCK_STATUS says when it is
 *                   done. UDP: the default destination of what is sent
 *                   with address 0
 *   NET_SHUTDOWN    mr0 TCP socket: no more data from us (a FIN after
 *                   what is queued); receiving goes on
 *   NET_CLOSE       mr0 socket: forgotten at once; a TCP connection is
 *                   closed after its queued data (reset if it cannot)
 *   NET_SOCK_STATUS mr0 socket -> mr0 state (NET_SS_*), mr1 error of the
 *                   connection (0, NET_E_CONNECTION, NET_E_TIMEOUT), mr2
 *                   connections waiting for NET_ACCEPT, mr3 local port,
 *                   mr4 peer address, mr5 peer port
 * Every request with a socket: SYS_E_BAD_FD for a number that is not an
 * open socket of the client's; SYS_E_STATE for one in the wrong state
 * (listen on UDP, accept on a socket that does not listen...). Without
 * NET_SOCK_OPEN first: SYS_E_STATE. An address is IPv4 with its first
 * octet in bits 0..7 (net_ip4()).
 *
 * Data: the client fills a buffer from rx.free (header: socket, and for
 * UDP the destination, 0 for the connected one) and puts it on
 * rx.active, then signals the channel's capability when the service asked
 * (queue_signal_needed). The service takes every descriptor, checks it
 * (a buffer of the channel, a length from the header's size to the
 * buffer's, an open socket of this client that can send), and gives the
 * buffer back on rx.free once its data is in lwIP's send buffer; one that
 * fails the checks is given back at once and counted (NET_STATS). A TCP
 * socket whose send buffer is full keeps its buffers until there is room;
 * others go on. The service puts what it received on tx.active: data in
 * order, and a buffer with NET_SOCK_F_FIN and no data when the peer
 * closed; for UDP one datagram a buffer, with its source. The client gives
 * each back on tx.free; received TCP data is acknowledged to the peer's
 * window only as the client takes it, so a slow reader slows its sender.
 */
#ifndef LIBSYS_SOCKET_H
#define LIBSYS_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <libsys/net.h>
#include <libsys/queue.h>
#include <libsys/timer.h>

enum net_sock_request {
	NET_SOCK_OPEN = 16,
	NET_SOCKET = 17,
	NET_BIND = 18,
	NET_LISTEN = 19,
	NET_ACCEPT = 20,
	NET_CONNECT = 21,
	NET_SHUTDOWN = 22,
	NET_CLOSE = 23,
	NET_SOCK_STATUS = 24,
};

#define NET_SOCK_TCP 1
#define NET_SOCK_UDP 2
#define NET_SOCK_MAX 8 /* sockets per client */

/* NET_SOCK_STATUS's state. */
enum net_sock_state {
	NET_SS_NEW = 0,	       /* created, or bound */
	NET_SS_LISTENING = 1,  /* TCP: accepts connections */
	NET_SS_CONNECTING = 2, /* TCP: handshake under way */
	NET_SS_CONNECTED = 3,  /* TCP: established; UDP: has a peer */
	NET_SS_CLOSED = 4,     /* TCP: the connection ended (mr1: why) */
};

/* The header of every buffer of the channel. */
struct net_sock_hdr {
	uint32_t sock;	/* the client's socket number */
	uint32_t flags; /* NET_SOCK_F_* */
	uint32_t addr;	/* UDP: destination (0: the connected peer) or
			 * source; TCP: 0 */
	uint16_t port;	/* UDP: as addr */
	uint16_t reserved;
};

_Static_assert(sizeof(struct net_sock_hdr) == 16, "socket buffer header");

#define NET_SOCK_F_FIN 1u /* received: the peer closed, no data */

/* --- The client library (user/lib/sys/socket.c). ---------------------- */

struct sock_client {
	kaal_cptr_t ep;	    /* the "net" endpoint */
	kaal_cptr_t signal; /* the channel's capability: signals the service */
	kaal_cptr_t ntfn;   /* what the service (and the timer) signal */
	struct timer_client *timer; /* for deadlines; may be NULL */
	struct qchan chan;	    /* the lower side */
	/* Received buffers taken off tx.active, not yet read to the end:
	 * in arrival order, each with how much of it was read. */
	struct {
		struct queue_desc d;
		uint32_t read;
	} held[QCHAN_MAX_BUFFERS / 8];
	unsigned int nr_held;
	unsigned long refused; /* descriptors of the service's we refused */
};

/*
 * Attach to the network service: @ntfn is a notification the caller may
 * wait on, which the service gets a copy of; @timer (may be NULL) a timer
 * client opened on the same notification, for the deadlines below. 0 or
 * -E (SYS_E_NOT_FOUND: no "net" or "net.q" in the manifest).
 */
long sock_client_open(struct sock_client *c,
		      const struct sys_component_info *ci, kaal_cptr_t ntfn,
		      struct timer_client *timer);

/* The calls below return 0 or a count, or -E. @deadline: counter ticks
 * (<libkaal/counter.h>) after which a wait ends with -NET_E_TIMEOUT; 0
 * waits for ever (and ignores the timer). */
long sock_socket(struct sock_client *c, unsigned int type);
long sock_bind(struct sock_client *c, unsigned int s, uint16_t port);
long sock_listen(struct sock_client *c, unsigned int s);
/* A connection (its socket), waiting for one until @deadline. */
long sock_accept(struct sock_client *c, unsigned int s, uint32_t *addr,
		 uint16_t *port, uint64_t deadline);
/* TCP: wait until connected (or refused: -NET_E_CONNECTION). UDP: set
 * the default destination. */
long sock_connect(struct sock_client *c, unsigned int s, uint32_t addr,
		  uint16_t port, uint64_t deadline);
/* Queue @len bytes (TCP) or one datagram of at most
 * sock_max_datagram() bytes (UDP, to @addr:@port, 0 for the connected
 * peer): the bytes queued, all of them unless the deadline came. */
long sock_sendto(struct sock_client *c, unsigned int s, const void *buf,
		 size_t len, uint32_t addr, uint16_t port, uint64_t deadline);
static inline long sock_send(struct sock_client *c, unsigned int s,
			     const void *buf, size_t len, uint64_t deadline)
{
	return sock_sendto(c, s, buf, len, 0, 0, deadline);
}
/* Up to @len bytes received (TCP; 0: the peer closed) or one datagram
 * (UDP: the rest of a longer one is dropped; *@addr, *@port its source,
 * may be NULL). Waits until there is something or the deadline. */
long sock_recvfrom(struct sock_client *c, unsigned int s, void *buf, size_t len,
		   uint32_t *addr, uint16_t *port, uint64_t deadline);
static inline long sock_recv(struct sock_client *c, unsigned int s, void *buf,
			     size_t len, uint64_t deadline)
{
	return sock_recvfrom(c, s, buf, len, NULL, NULL, deadline);
}
long sock_shutdown(struct sock_client *c, unsigned int s);
/* Forget @s; what it had received and not read is given back. */
long sock_close(struct sock_client *c, unsigned int s);

struct sock_status {
	unsigned int state; /* enum net_sock_state */
	long error;	    /* of the connection: 0 or -E */
	unsigned int backlog;
	uint16_t local_port, peer_port;
	uint32_t peer_addr;
};
long sock_status(struct sock_client *c, unsigned int s, struct sock_status *st);

/* The most bytes of one UDP datagram (a buffer less its header). */
size_t sock_max_datagram(const struct sock_client *c);

/* Wait for a signal of the service (or the deadline: -NET_E_TIMEOUT). */
long sock_wait(struct sock_client *c, uint64_t deadline);

#endif /* LIBSYS_SOCKET_H */
