// SPDX-License-Identifier: BSD-2-Clause
/*
 * lwIP's network interface over the queue channel to the driver
 * (Documentation/networking.rst, "The stack"). We are the channel's upper
 * side and own every buffer.
 *
 * Receiving copies nothing: each frame on rx.active becomes a custom pbuf
 * whose payload is the frame in its buffer of the shared data region;
 * when lwIP frees it (at once for most frames, later for TCP data an
 * application still holds) its buffer goes back on rx.free and the driver
 * gives it to the device again. Transmitting copies the frame once, from
 * lwIP's pbuf chain into a transmit buffer, which goes on tx.active; the
 * driver gives it back on tx.free once sent. A frame that finds no free
 * transmit buffer is dropped (ERR_MEM): TCP keeps the segment and sends
 * it again, and net_tx_poll() retries every connection's output as soon
 * as buffers come back.
 */
#include <string.h>
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "netif/ethernet.h"
#include "net.h"

#define NET_MTU 1500

/* A received frame's pbuf, one per receive buffer. */
struct rx_pbuf {
	struct pbuf_custom p;
	struct queue_desc d;
};

static struct rx_pbuf rx_pbufs[QCHAN_MAX_BUFFERS];

void net_driver_kick(void)
{
	if (queue_signal_needed(&net.chan.free[QCHAN_RX]) |
	    queue_signal_needed(&net.chan.active[QCHAN_TX]))
		kaal_signal(net.driver);
}

/* lwIP is done with a received frame: its buffer back to the driver. */
static void rx_pbuf_free(struct pbuf *p)
{
	struct rx_pbuf *r = (struct rx_pbuf *)p;

	r->d.len = net.chan.buf_size;
	qchan_put_free(&net.chan, QCHAN_RX, r->d);
	net_driver_kick();
}

void net_rx_poll(void)
{
	struct queue_desc d;
	int err;

	while ((err = qchan_take_active(&net.chan, QCHAN_RX, &d)) !=
	       -QUEUE_E_EMPTY) {
		struct rx_pbuf *r;
		struct pbuf *p;

		if (err) {
			net.rx_bad++;
			if (net.chan.active[QCHAN_RX].broken)
				return;
			continue; /* a lie, dropped (qchan counted it) */
		}
		/* qchan_take_active checked that d names a receive buffer. */
		r = &rx_pbufs[d.offset >> net.chan.buf_shift];
		r->d = d;
		r->p.custom_free_function = rx_pbuf_free;
		p = pbuf_alloced_custom(PBUF_RAW, (u16_t)d.len, PBUF_REF, &r->p,
					qchan_buf(&net.chan, d.offset),
					(u16_t)net.chan.buf_size);
		if (!p || net.netif.input(p, &net.netif) != ERR_OK) {
			net.rx_bad++;
			if (p)
				pbuf_free(p);
			else
				rx_pbuf_free(&r->p.pbuf);
		}
	}
}

/* Transmit buffers came back after a frame found none: let every TCP
 * connection send what it has. */
void net_tx_poll(void)
{
	if (!net.tx_starved)
		return;
	net.tx_starved = false;
	for (struct tcp_pcb *pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
		tcp_output(pcb);
}

static err_t net_linkoutput(struct netif *netif, struct pbuf *p)
{
	struct queue_desc d;

	(void)netif;
	if (p->tot_len > net.chan.buf_size)
		return ERR_BUF;
	if (qchan_tx_buffer(&net.chan, &d)) {
		net.tx_no_buffer++;
		net.tx_starved = true;
		return ERR_MEM;
	}
	d.len = pbuf_copy_partial(p, qchan_buf(&net.chan, d.offset), p->tot_len,
				  0);
	if (qchan_put_active(&net.chan, QCHAN_TX, d)) {
		qchan_tx_release(&net.chan, d);
		return ERR_IF;
	}
	net_driver_kick();
	return ERR_OK;
}

err_t net_netif_init(struct netif *netif)
{
	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(netif->hwaddr, net.mac, ETH_HWADDR_LEN);
	netif->mtu = NET_MTU;
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		       NETIF_FLAG_ETHERNET;
	netif->output = etharp_output;
	netif->linkoutput = net_linkoutput;
	return ERR_OK;
}
