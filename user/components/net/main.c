// SPDX-License-Identifier: BSD-2-Clause
/*
 * The network component (Documentation/networking.rst): lwIP over the
 * zero-copy queue channel "eth" to the virtio-net driver, an address by
 * DHCP (10.0.2.15/24 through 10.0.2.2 when no server answers), TCP and UDP
 * echo on port 7 (echo.c), ping (ping.c), and the "net" service for other
 * components (<libsys/net.h>).
 *
 * One thread runs everything (lwIP with NO_SYS). It waits in a receive on
 * the "net" endpoint with its own notification bound to it, so a request
 * of a client, a signal of the driver (frames received, transmit buffers
 * back: the bit of the "eth" channel) and the timer service's (an lwIP
 * timeout is due: NET_TIMER_BADGE) each wake the same wait. Before
 * waiting it takes every received frame into lwIP, runs lwIP's timeouts
 * that are due, sets the timer for the next one and asks the driver for a
 * signal on the queues it waits for (then looks at them once more, as the
 * queues' protocol wants). lwIP's clock is the generic timer's count
 * (sys_now, sys_arch.c).
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/alloc.h>
#include <libkaal/counter.h>
#include <libsys/broker.h>
#include <libsys/error.h>
#include <libsys/eth.h>
#include <libsys/net.h>
#include <libsys/socket.h>
#include "lwip/dhcp.h"
#include "lwip/init.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "net.h"

#define NET_FALLBACK_MS 10000 /* DHCP's time to answer */
/* The timer service's signal on our notification (channel resources
 * take the low bits). */
#define NET_TIMER_BADGE (1ul << 62)
/* lwIP's heap: MEM_SIZE and the two struct mem at its ends (mem.c). */
#define HEAP_PAGES	(MEM_SIZE / KAAL_PAGE_SIZE + 1)

struct net_state net;

static void status_changed(struct netif *netif)
{
	char ip[16], mask[16], gw[16];

	if (!netif_is_up(netif) || ip4_addr_isany_val(*netif_ip4_addr(netif)))
		return;
	ip4addr_ntoa_r(netif_ip4_addr(netif), ip, sizeof(ip));
	ip4addr_ntoa_r(netif_ip4_netmask(netif), mask, sizeof(mask));
	ip4addr_ntoa_r(netif_ip4_gw(netif), gw, sizeof(gw));
	net.dhcp_bound = dhcp_supplied_address(netif);
	printf("net: %s netmask %s gateway %s (%s); echo on TCP and UDP port "
	       "7\n",
	       ip, mask, gw, net.dhcp_bound ? "DHCP" : "fixed");
}

/* No DHCP answer in time: the address QEMU's user network gives. */
static void dhcp_fallback(void *arg)
{
	ip4_addr_t ip, mask, gw;

	(void)arg;
	if (dhcp_supplied_address(&net.netif))
		return;
	dhcp_stop(&net.netif);
	IP4_ADDR(&ip, 10, 0, 2, 15);
	IP4_ADDR(&mask, 255, 255, 255, 0);
	IP4_ADDR(&gw, 10, 0, 2, 2);
	net.fallback = true;
	printf("net: no DHCP answer in %d ms\n", NET_FALLBACK_MS);
	netif_set_addr(&net.netif, &ip, &mask, &gw);
}

/* The timer service, signalling our own notification with
 * NET_TIMER_BADGE; without it lwIP's timeouts run only when something
 * else wakes us. */
static bool timer_setup(void)
{
	struct broker_ret n = broker_notify(NET_TIMER_BADGE);
	long err = n.error ? n.error : timer_open(&net.timer, net.ci, n.mr[0]);

	if (err)
		printf("net: timer: %s: lwIP's timeouts run only when a frame "
		       "or a request comes\n",
		       sys_strerror(err));
	return !err;
}

/* The driver's MAC address and link, by ETH_INFO on its endpoint. */
static long eth_info(kaal_word_t out[KAAL_MSG_REG_WORDS])
{
	struct kaal_msg m = { KAAL_MSGINFO(ETH_INFO, 0, 0), { 0 } };
	struct kaal_recv_ret r = kaal_call(net.eth_ep, &m);

	if (r.error)
		return -(long)r.error;
	memcpy(out, r.msg.mr, sizeof(r.msg.mr));
	return -(long)KAAL_MSGINFO_LABEL(r.msg.info);
}

static int setup(void *x0)
{
	const struct sys_resource *ep, *eth, *chan, *notify;
	kaal_word_t info[KAAL_MSG_REG_WORDS];
	struct broker_ret heap;
	long err;

	net.ci = sys_component_init(x0);
	if (!net.ci)
		return 1;
	ep = sys_resource(net.ci, "net", SYS_RES_SERVER);
	eth = sys_resource(net.ci, "eth", SYS_RES_CLIENT);
	chan = sys_resource(net.ci, "eth", SYS_RES_QCHAN);
	notify = sys_resource(net.ci, "notify", SYS_RES_NOTIFICATION);
	if (!ep || !eth || !chan || !notify) {
		printf("net: %s\n", sys_strerror(-SYS_E_DENIED));
		return 1;
	}
	net.ep = ep->cap;
	net.eth_ep = eth->cap;
	net.ntfn = notify->cap;
	net.driver = chan->cap;
	net.chan_bit = 1ul << (chan - net.ci->res);
	net.have_timer = timer_setup();
	/* Ask the driver first: without a device it has exited and its
	 * service is gone. */
	err = eth_info(info);
	if (err) {
		printf("net: no network device (eth: %s)\n", sys_strerror(err));
		return -1;
	}
	eth_mac_bytes(info[0], net.mac);
	net.link_up = info[1] & ETH_F_LINK_UP;
	err = qchan_attach(&net.chan, (void *)chan->vaddr, chan->size,
			   QCHAN_UPPER);
	if (err) {
		printf("net: eth: %s\n", sys_strerror(err));
		return 1;
	}
	kaal_signal(net.driver); /* the receive buffers are there */
	/* lwIP's heap: pages from the broker, in two calls of at most 64. */
	for (unsigned int got = 0; got < HEAP_PAGES; got += 64) {
		heap = broker_alloc_pages(
			HEAP_PAGES - got > 64 ? 64 : HEAP_PAGES - got);
		if (heap.error) {
			printf("net: heap: %s\n", sys_strerror(heap.error));
			return 1;
		}
		if (!got)
			lwip_kaal_heap = (void *)heap.mr[0];
	}
	err = kaal_tcb_bind_notification(SYS_CAP_TCB, net.ntfn);
	if (err) {
		printf("net: tcb_bind_notification: %s\n", sys_strerror(-err));
		return 1;
	}
	lwip_init();
	netif_add(&net.netif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, NULL,
		  net_netif_init, ethernet_input);
	netif_set_default(&net.netif);
	netif_set_status_callback(&net.netif, status_changed);
	netif_set_hostname(&net.netif, "kaal");
	netif_set_up(&net.netif);
	if (net.link_up)
		netif_set_link_up(&net.netif);
	echo_init();
	ping_init();
	sock_init();
	dhcp_start(&net.netif);
	sys_timeout(NET_FALLBACK_MS, dhcp_fallback, NULL);
	return 0;
}

/* Ask the timer service to wake us when lwIP's next timeout is due
 * (only when that changed: one call per timeout, not per wake-up). */
static void timer_arm(void)
{
	static uint64_t armed;
	u32_t ms = sys_timeouts_sleeptime();
	uint64_t due;

	if (!net.have_timer)
		return;
	due = ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ?
		      0 :
		      counter_ticks() +
			      timer_ns_to_ticks((uint64_t)ms * 1000000);
	/* Within a millisecond of the armed one is the same timeout. */
	if (due && armed &&
	    due - armed + timer_ns_to_ticks(1000000) <=
		    2 * timer_ns_to_ticks(1000000))
		return;
	if (!due && !armed)
		return;
	if (!timer_set(&net.timer, due))
		armed = due;
}

/*
 * Everything there is to do before waiting: frames received, buffers
 * back, timeouts due; then the timer set for the next timeout, the driver
 * asked for a signal, and the queues looked at once more.
 */
static void net_work(void)
{
	struct queue *rxa = &net.chan.active[QCHAN_RX];
	struct queue *txf = &net.chan.free[QCHAN_TX];

	for (;;) {
		net_rx_poll();
		net_tx_poll();
		sys_check_timeouts();
		if (sock_poll())
			continue;
		net_driver_kick();
		queue_want_signal(rxa);
		if (net.tx_starved)
			queue_want_signal(txf);
		if (queue_count(rxa) || (net.tx_starved && queue_count(txf))) {
			queue_cancel_signal(rxa);
			queue_cancel_signal(txf);
			continue;
		}
		break;
	}
	timer_arm();
}

/* One request of a client (badge: its id); the reply's words in out. */
static long net_request(const struct kaal_recv_ret *in, kaal_word_t *out,
			unsigned int *len)
{
	const kaal_word_t *mr = in->msg.mr;
	unsigned int n = KAAL_MSGINFO_LEN(in->msg.info);
	unsigned long client = in->badge & SYS_BADGE_ID_MASK;
	kaal_word_t info[KAAL_MSG_REG_WORDS];
	const struct qchan *c = &net.chan;
	long err;

	sock_refuse_caps(in);
	switch (KAAL_MSGINFO_LABEL(in->msg.info)) {
	case NET_INFO:
		out[0] = ip4_addr_get_u32(netif_ip4_addr(&net.netif));
		out[1] = ip4_addr_get_u32(netif_ip4_netmask(&net.netif));
		out[2] = ip4_addr_get_u32(netif_ip4_gw(&net.netif));
		out[3] = (out[0] ? NET_F_UP : 0) |
			 (dhcp_supplied_address(&net.netif) ? NET_F_DHCP : 0) |
			 (netif_is_link_up(&net.netif) ? NET_F_LINK_UP : 0);
		out[4] = 0;
		for (int i = 0; i < 6; i++)
			out[4] |= (kaal_word_t)net.mac[i] << (8 * i);
		*len = 5;
		return 0;
	case NET_STATS:
		if (n < 1)
			return -SYS_E_PROTOCOL;
		*len = 6;
		switch (mr[0]) {
		case NET_STATS_QUEUES:
			out[0] = c->put[QCHAN_RX][0];
			out[1] = c->took[QCHAN_RX][1];
			out[2] = c->put[QCHAN_TX][1];
			out[3] = c->took[QCHAN_TX][0];
			out[4] = c->refused;
			out[5] = net.tx_no_buffer;
			return 0;
		case NET_STATS_DRIVER:
			err = eth_info(info);
			if (err)
				return err;
			out[0] = info[2];
			out[1] = info[3];
			out[2] = info[4];
			out[3] = info[5];
			out[4] = info[1];
			out[5] = 0;
			return 0;
		case NET_STATS_ECHO:
			out[0] = net.tcp_accepted;
			out[1] = net.tcp_echoed;
			out[2] = net.udp_echoed;
			out[3] = net.icmp_seen;
			out[4] = out[5] = 0;
			return 0;
		case NET_STATS_SOCKETS:
			sock_stats(&out[0], &out[1], &out[2]);
			out[3] = out[4] = out[5] = 0;
			return 0;
		}
		*len = 0;
		return -SYS_E_PROTOCOL;
	case NET_PING:
		if (n < 1 || mr[0] > 0xffffffffu)
			return -SYS_E_PROTOCOL;
		*len = 1;
		return ping_send(client, (uint32_t)mr[0], &out[0]);
	case NET_PING_STATUS:
		if (n < 1)
			return -SYS_E_PROTOCOL;
		*len = 1;
		return ping_status(client, mr[0], &out[0]);
	default:
		if (KAAL_MSGINFO_LABEL(in->msg.info) >= NET_SOCK_OPEN &&
		    KAAL_MSGINFO_LABEL(in->msg.info) <= NET_SOCK_STATUS)
			return sock_request(in, out, len);
		return -SYS_E_PROTOCOL;
	}
}

int main(void *x0)
{
	struct kaal_recv_ret in;
	struct kaal_msg reply;
	bool answer = false;
	int err = setup(x0);

	if (err)
		return err < 0 ? 0 : err; /* no device: no failure */
	for (;;) {
		kaal_word_t label = 0;

		net_work();
		in = answer ? kaal_reply_recv(net.ep, &reply) :
			      kaal_recv(net.ep);
		answer = false;
		if (in.error)
			continue; /* a caller gone: nothing to answer */
		if (KAAL_MSGINFO_LABEL(in.msg.info) ==
			    KAAL_LABEL_NOTIFICATION &&
		    !KAAL_MSGINFO_LEN(in.msg.info))
			continue; /* the driver or the timer: net_work looks */
		memset(&reply, 0, sizeof(reply));
		{
			unsigned int len = 0;
			long e = net_request(&in, reply.mr, &len);

			label = (kaal_word_t)-e;
			reply.info = KAAL_MSGINFO(label, 0, e ? 0 : len);
		}
		answer = true;
	}
}
