/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network service (user/components/net, Documentation/networking.rst):
 * requests by IPC on the "net" endpoint, the request in the label, the
 * error E in the reply's label (0 or <libsys/error.h>), as every service.
 *
 *   NET_INFO         -                 mr0 address, mr1 netmask, mr2
 *                                      gateway (IPv4, the first octet in
 *                                      bits 0..7), mr3 flags (NET_F_*),
 *                                      mr4 MAC (byte 0 in bits 0..7)
 *   NET_STATS        mr0 group         mr0..5: six counters
 *       NET_STATS_QUEUES: the channel to the driver as the network
 *       component sees it: receive buffers given (rx.free), frames
 *       received (rx.active), frames sent (tx.active), buffers back
 *       (tx.free), descriptors refused, frames not sent for want of a
 *       buffer. NET_STATS_DRIVER: the driver's ETH_INFO counters:
 *       received, sent, dropped, interrupts, flags (ETH_F_*), 0.
 *       NET_STATS_ECHO: TCP connections accepted, TCP bytes echoed, UDP
 *       datagrams echoed, ICMP echo requests answered (lwIP answers
 *       them; counted here as requests seen), 0, 0.
 *       NET_STATS_SOCKETS: clients that opened sockets (<libsys/
 *       socket.h>), sockets open, descriptors of theirs refused, 0, 0, 0.
 *   NET_PING         mr0 address       mr0 sequence number
 *       send an ICMP echo request (56 bytes of data) to the address
 *   NET_PING_STATUS  mr0 sequence      mr0 round trip in nanoseconds
 *       SYS_E_STATE while no answer came, NET_E_TIMEOUT after 5 s without
 *       one, SYS_E_NOT_FOUND for a sequence number this client did not
 *       send or that is no longer remembered (the last 8 are)
 *
 * Errors common to every request: SYS_E_PROTOCOL for an unknown request
 * or a short message.
 */
#ifndef LIBSYS_NET_H
#define LIBSYS_NET_H

#include <stdint.h>
#include <libkaal/syscalls.h>
#include <libsys/component.h>

enum net_request {
	NET_INFO = 1,
	NET_STATS = 2,
	NET_PING = 3,
	NET_PING_STATUS = 4,
};

enum net_stats_group {
	NET_STATS_QUEUES = 0,
	NET_STATS_DRIVER = 1,
	NET_STATS_ECHO = 2,
	NET_STATS_SOCKETS = 3,
};

#define NET_F_UP      1ul /* an address is configured */
#define NET_F_DHCP    2ul /* ... from a DHCP server */
#define NET_F_LINK_UP 4ul /* the driver reports a link */

/* A network service client: its endpoint. */
struct net_client {
	kaal_cptr_t ep;
};

/* The "net" client resource; 0 or -SYS_E_NOT_FOUND. */
long net_connect(struct net_client *n, const struct sys_component_info *ci);

/*
 * Call the service with @label and @len words of @in (at most six); the
 * reply's six words go to @out (may be NULL). 0 or -E.
 */
long net_call(struct net_client *n, kaal_word_t label, const kaal_word_t *in,
	      unsigned int len, kaal_word_t out[KAAL_MSG_REG_WORDS]);

/* An IPv4 address as this protocol carries it, from its four octets. */
static inline uint32_t net_ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return (uint32_t)a | (uint32_t)b << 8 | (uint32_t)c << 16 |
	       (uint32_t)d << 24;
}

/* "a.b.c.d" into *@ip; 0, or -1 when it is not one. */
int net_parse_ip4(const char *s, uint32_t *ip);

#endif /* LIBSYS_NET_H */
