// SPDX-License-Identifier: BSD-2-Clause
/*
 * Echo on port 7 (RFC 862), TCP and UDP, on lwIP's raw API
 * (Documentation/networking.rst, "Echo").
 *
 * TCP: what a connection receives is queued (the pbufs lwIP hands over,
 * which are the receive buffers themselves) and written back as the send
 * buffer has room; the receive window is opened (tcp_recved) only for
 * what has been written back, so a client that sends faster than it
 * reads is slowed by TCP's flow control, never by dropping data. The
 * connection closes when the client closed its side and everything was
 * echoed. UDP: each datagram goes back to its sender as it is.
 */
#include "lwip/mem.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "net.h"

#define ECHO_PORT 7

struct echo_conn {
	struct pbuf *pending; /* received, not yet written back */
	bool closing;	      /* the client closed its side */
};

static void echo_close(struct tcp_pcb *pcb, struct echo_conn *c)
{
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
	if (c) {
		if (c->pending)
			pbuf_free(c->pending);
		mem_free(c);
	}
	if (tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
}

/* Write back as much of the pending data as the send buffer takes. */
static void echo_send(struct tcp_pcb *pcb, struct echo_conn *c)
{
	u32_t done = 0;

	while (c->pending) {
		struct pbuf *q = c->pending;
		u16_t room = tcp_sndbuf(pcb), n = q->len;

		if (!room)
			break;
		if (n > room)
			n = room;
		if (n && tcp_write(pcb, q->payload, n,
				   TCP_WRITE_FLAG_COPY |
					   (q->next || n < q->len ?
						    TCP_WRITE_FLAG_MORE :
						    0)) != ERR_OK)
			break;
		done += n;
		if (n < q->len) {
			pbuf_remove_header(q, n);
			continue;
		}
		/* q is written: drop it, keep the rest of the chain. */
		c->pending = q->next;
		if (c->pending)
			pbuf_ref(c->pending);
		pbuf_free(q);
	}
	if (done) {
		tcp_recved(pcb, (u16_t)done);
		net.tcp_echoed += done;
		tcp_output(pcb);
	}
	if (c->closing && !c->pending)
		echo_close(pcb, c);
}

static err_t echo_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
		       err_t err)
{
	struct echo_conn *c = arg;

	if (!c) {
		if (p)
			pbuf_free(p);
		return ERR_OK;
	}
	if (!p) { /* the client closed its side */
		c->closing = true;
		echo_send(pcb, c);
		return ERR_OK;
	}
	if (err != ERR_OK) {
		pbuf_free(p);
		return err;
	}
	if (c->pending)
		pbuf_cat(c->pending, p);
	else
		c->pending = p;
	echo_send(pcb, c);
	return ERR_OK;
}

static err_t echo_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)len;
	if (arg)
		echo_send(pcb, arg);
	return ERR_OK;
}

static err_t echo_poll(void *arg, struct tcp_pcb *pcb)
{
	if (arg)
		echo_send(pcb, arg);
	return ERR_OK;
}

/* The connection is gone (reset, or aborted by lwIP): pcb is freed. */
static void echo_err(void *arg, err_t err)
{
	struct echo_conn *c = arg;

	(void)err;
	if (c) {
		if (c->pending)
			pbuf_free(c->pending);
		mem_free(c);
	}
}

static err_t echo_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct echo_conn *c;

	(void)arg;
	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	c = mem_calloc(1, sizeof(*c));
	if (!c)
		return ERR_MEM;
	net.tcp_accepted++;
	tcp_arg(pcb, c);
	tcp_recv(pcb, echo_recv);
	tcp_sent(pcb, echo_sent);
	tcp_err(pcb, echo_err);
	tcp_poll(pcb, echo_poll, 4);
	tcp_nagle_disable(pcb);
	return ERR_OK;
}

static void echo_udp(void *arg, struct udp_pcb *pcb, struct pbuf *p,
		     const ip_addr_t *addr, u16_t port)
{
	(void)arg;
	if (udp_sendto(pcb, p, addr, port) == ERR_OK)
		net.udp_echoed++;
	pbuf_free(p);
}

void echo_init(void)
{
	struct tcp_pcb *pcb = tcp_new();
	struct udp_pcb *u = udp_new();

	if (pcb && tcp_bind(pcb, IP_ANY_TYPE, ECHO_PORT) == ERR_OK &&
	    (pcb = tcp_listen(pcb)) != NULL)
		tcp_accept(pcb, echo_accept);
	else
		printf("net: cannot listen on TCP port %d\n", ECHO_PORT);
	if (u && udp_bind(u, IP_ANY_TYPE, ECHO_PORT) == ERR_OK)
		udp_recv(u, echo_udp, NULL);
	else
		printf("net: cannot bind UDP port %d\n", ECHO_PORT);
}
