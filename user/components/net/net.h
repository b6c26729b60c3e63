/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network component's own declarations (Documentation/networking.rst):
 * main.c has the event loop and the service's requests, netif.c the lwIP
 * interface over the queue channel to the driver, echo.c the echo servers,
 * ping.c the shell's ping.
 */
#ifndef USER_COMPONENTS_NET_NET_H
#define USER_COMPONENTS_NET_NET_H

#include <stdbool.h>
#include <stdint.h>
#include <libsys/component.h>
#include <libsys/queue.h>
#include <libsys/timer.h>
#include "lwip/netif.h"

struct net_state {
	const struct sys_component_info *ci;
	kaal_cptr_t ep;	      /* the "net" endpoint we serve */
	kaal_cptr_t ntfn;     /* our own notification, bound to our thread */
	kaal_cptr_t eth_ep;   /* the driver's "eth" endpoint */
	kaal_cptr_t driver;   /* signals the driver */
	kaal_word_t chan_bit; /* the driver's signals on our notification */
	struct qchan chan;    /* upper side: we own every buffer */
	struct timer_client timer; /* wakes us for lwIP's timeouts */
	bool have_timer;
	struct netif netif;
	uint8_t mac[6];
	bool link_up, dhcp_bound, fallback;
	bool tx_starved; /* a frame found no transmit buffer */
	/* Counters (NET_STATS). */
	unsigned long tx_no_buffer, rx_bad;
	unsigned long tcp_accepted, tcp_echoed, udp_echoed, icmp_seen;
};

extern struct net_state net;

/* netif.c: the interface over the channel. */
err_t net_netif_init(struct netif *netif);
void net_rx_poll(void);	    /* every received frame into lwIP */
void net_tx_poll(void);	    /* retry what waited for a transmit buffer */
void net_driver_kick(void); /* signal the driver if it asked */

/* echo.c: TCP and UDP echo on port 7. */
void echo_init(void);

/* ping.c: ICMP echo requests for NET_PING. */
void ping_init(void);
long ping_send(unsigned long client, uint32_t addr, kaal_word_t *seq);
long ping_status(unsigned long client, kaal_word_t seq, kaal_word_t *rtt_ns);

/* sock.c: sockets for other components (<libsys/socket.h>). */
void sock_init(void);
void sock_refuse_caps(const struct kaal_recv_ret *in);
long sock_request(const struct kaal_recv_ret *in, kaal_word_t *out,
		  unsigned int *len);
bool sock_poll(void); /* true: look again before waiting */
void sock_stats(unsigned long *clients, unsigned long *sockets,
		unsigned long *refused);

#endif /* USER_COMPONENTS_NET_NET_H */
