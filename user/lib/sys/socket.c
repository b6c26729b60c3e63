// SPDX-License-Identifier: BSD-2-Clause
/*
 * Sockets for components, the client side (<libsys/socket.h>): requests
 * by IPC to the network component, data through the client's queue
 * channel, waits on the client's notification.
 */
#include <string.h>
#include <libkaal/counter.h>
#include <libsys/error.h>
#include <libsys/socket.h>

#define HDR sizeof(struct net_sock_hdr)

static long sock_call(struct sock_client *c, kaal_word_t label,
		      unsigned int caps, const kaal_word_t *in,
		      unsigned int len, kaal_word_t out[KAAL_MSG_REG_WORDS])
{
	return sys_service_call(c->ep, label, caps, in, len, out);
}

long sock_client_open(struct sock_client *c,
		      const struct sys_component_info *ci, kaal_cptr_t ntfn,
		      struct timer_client *timer)
{
	const struct sys_resource *ep = sys_resource(ci, "net", SYS_RES_CLIENT);
	const struct sys_resource *q = sys_resource(ci, "net.q", SYS_RES_QCHAN);
	struct kaal_ipc_buffer *ipc = (void *)ci->ipc_buffer;
	long err;

	memset(c, 0, sizeof(*c));
	if (!ep || !q)
		return -SYS_E_NOT_FOUND;
	c->ep = ep->cap;
	c->signal = q->cap;
	c->ntfn = ntfn;
	c->timer = timer;
	err = qchan_attach(&c->chan, (void *)q->vaddr, q->size, QCHAN_LOWER);
	if (err)
		return err;
	if (c->chan.nr_buf[QCHAN_TX] > sizeof(c->held) / sizeof(c->held[0]) ||
	    c->chan.buf_size <= HDR)
		return -QUEUE_E_INVALID;
	ipc->caps[0] = ntfn;
	return sock_call(c, NET_SOCK_OPEN, 1, NULL, 0, NULL);
}

long sock_wait(struct sock_client *c, uint64_t deadline)
{
	struct kaal_word_ret w;

	if (deadline && counter_ticks() >= deadline)
		return -NET_E_TIMEOUT;
	if (deadline && c->timer) {
		long err = timer_set(c->timer, deadline);

		if (err)
			return err;
	}
	w = kaal_wait(c->ntfn);
	if (w.error)
		return -(long)w.error;
	return deadline && counter_ticks() >= deadline ? -NET_E_TIMEOUT : 0;
}

long sock_socket(struct sock_client *c, unsigned int type)
{
	kaal_word_t in = type, out[KAAL_MSG_REG_WORDS];
	long err = sock_call(c, NET_SOCKET, 0, &in, 1, out);

	return err ? err : (long)out[0];
}

long sock_bind(struct sock_client *c, unsigned int s, uint16_t port)
{
	kaal_word_t in[2] = { s, port };

	return sock_call(c, NET_BIND, 0, in, 2, NULL);
}

long sock_listen(struct sock_client *c, unsigned int s)
{
	kaal_word_t in = s;

	return sock_call(c, NET_LISTEN, 0, &in, 1, NULL);
}

long sock_accept(struct sock_client *c, unsigned int s, uint32_t *addr,
		 uint16_t *port, uint64_t deadline)
{
	kaal_word_t in = s, out[KAAL_MSG_REG_WORDS];

	for (;;) {
		long err = sock_call(c, NET_ACCEPT, 0, &in, 1, out);

		if (!err) {
			if (addr)
				*addr = (uint32_t)out[1];
			if (port)
				*port = (uint16_t)out[2];
			return (long)out[0];
		}
		if (err != -NET_E_AGAIN)
			return err;
		err = sock_wait(c, deadline);
		if (err)
			return err;
	}
}

long sock_status(struct sock_client *c, unsigned int s, struct sock_status *st)
{
	kaal_word_t in = s, out[KAAL_MSG_REG_WORDS];
	long err = sock_call(c, NET_SOCK_STATUS, 0, &in, 1, out);

	if (err)
		return err;
	st->state = (unsigned int)out[0];
	st->error = -(long)out[1];
	st->backlog = (unsigned int)out[2];
	st->local_port = (uint16_t)out[3];
	st->peer_addr = (uint32_t)out[4];
	st->peer_port = (uint16_t)out[5];
	return 0;
}

long sock_connect(struct sock_client *c, unsigned int s, uint32_t addr,
		  uint16_t port, uint64_t deadline)
{
	kaal_word_t in[3] = { s, addr, port };
	long err = sock_call(c, NET_CONNECT, 0, in, 3, NULL);

	while (!err) {
		struct sock_status st;

		err = sock_status(c, s, &st);
		if (err || st.state == NET_SS_CONNECTED)
			return err;
		if (st.state != NET_SS_CONNECTING)
			return st.error ? st.error : -NET_E_CONNECTION;
		err = sock_wait(c, deadline);
	}
	return err;
}

/* Tell the service there is something on rx.active, if it asked. */
static void kick(struct sock_client *c)
{
	if (queue_signal_needed(&c->chan.active[QCHAN_RX]))
		kaal_signal(c->signal);
}

long sock_sendto(struct sock_client *c, unsigned int s, const void *buf,
		 size_t len, uint32_t addr, uint16_t port, uint64_t deadline)
{
	const uint8_t *p = buf;
	size_t done = 0, room = c->chan.buf_size - HDR;
	struct sock_status st;
	long err = sock_status(c, s, &st);

	if (err)
		return err;
	do {
		struct queue_desc d;
		struct net_sock_hdr h = { s, 0, addr, port, 0 };
		size_t n = len - done < room ? len - done : room;
		int e = qchan_take_free(&c->chan, QCHAN_RX, &d);

		if (e == -QUEUE_E_EMPTY) {
			/* Every buffer is with the service: wait for one. */
			queue_want_signal(&c->chan.free[QCHAN_RX]);
			if (queue_count(&c->chan.free[QCHAN_RX])) {
				queue_cancel_signal(&c->chan.free[QCHAN_RX]);
				continue;
			}
			kick(c);
			err = sock_wait(c, deadline);
			if (err)
				break;
			continue;
		}
		if (e) {
			err = e;
			break;
		}
		memcpy(qchan_buf(&c->chan, d.offset), &h, HDR);
		memcpy(qchan_buf(&c->chan, d.offset) + HDR, p + done, n);
		d.len = (uint32_t)(HDR + n);
		e = qchan_put_active(&c->chan, QCHAN_RX, d);
		if (e) {
			err = e;
			break;
		}
		done += n;
	} while (done < len);
	kick(c);
	return done || !err ? (long)done : err;
}

/* Give back the held buffer i and forget it. */
static void release(struct sock_client *c, unsigned int i)
{
	qchan_put_free(&c->chan, QCHAN_TX, c->held[i].d);
	memmove(&c->held[i], &c->held[i + 1],
		(c->nr_held - i - 1) * sizeof(c->held[0]));
	c->nr_held--;
}

/* Everything on tx.active into held[], in order. */
static void take_received(struct sock_client *c)
{
	struct queue_desc d;
	int e;

	while (c->nr_held < sizeof(c->held) / sizeof(c->held[0]) &&
	       (e = qchan_take_active(&c->chan, QCHAN_TX, &d)) !=
		       -QUEUE_E_EMPTY) {
		if (e == -QUEUE_E_PEER && !c->chan.active[QCHAN_TX].broken) {
			c->refused++; /* a bad descriptor, dropped */
			continue;
		}
		if (e)
			break;
		if (d.len < HDR) {
			c->refused++;
			qchan_put_free(&c->chan, QCHAN_TX, d);
			continue;
		}
		c->held[c->nr_held].d = d;
		c->held[c->nr_held].read = HDR;
		c->nr_held++;
	}
}

long sock_recvfrom(struct sock_client *c, unsigned int s, void *buf, size_t len,
		   uint32_t *addr, uint16_t *port, uint64_t deadline)
{
	for (;;) {
		struct queue *rxq = &c->chan.active[QCHAN_TX];
		size_t done = 0;
		bool any = false;

		take_received(c);
		for (unsigned int i = 0; i < c->nr_held && done < len;) {
			struct net_sock_hdr h;
			const uint8_t *b =
				qchan_buf(&c->chan, c->held[i].d.offset);
			uint32_t avail = c->held[i].d.len - c->held[i].read;
			size_t n;

			memcpy(&h, b, HDR);
			if (h.sock != s) {
				i++;
				continue;
			}
			any = true;
			if (h.flags & NET_SOCK_F_FIN) {
				/* The end: after the data before it. */
				if (!done)
					release(c, i);
				break;
			}
			if (addr)
				*addr = h.addr;
			if (port)
				*port = h.port;
			n = len - done < avail ? len - done : avail;
			memcpy((uint8_t *)buf + done, b + c->held[i].read, n);
			done += n;
			c->held[i].read += (uint32_t)n;
			/* UDP: one datagram a call, the rest of it dropped. */
			if (h.addr || h.port ||
			    c->held[i].read == c->held[i].d.len) {
				release(c, i);
				if (h.addr || h.port)
					break;
			} else {
				i++;
			}
		}
		if (done || any) {
			if (queue_signal_needed(&c->chan.free[QCHAN_TX]))
				kaal_signal(c->signal);
			return (long)done;
		}
		queue_want_signal(rxq);
		if (queue_count(rxq)) {
			queue_cancel_signal(rxq);
			continue;
		}
		{
			long err = sock_wait(c, deadline);

			if (err)
				return err;
		}
	}
}

long sock_shutdown(struct sock_client *c, unsigned int s)
{
	kaal_word_t in = s;

	return sock_call(c, NET_SHUTDOWN, 0, &in, 1, NULL);
}

long sock_close(struct sock_client *c, unsigned int s)
{
	kaal_word_t in = s;

	for (unsigned int i = 0; i < c->nr_held;) {
		struct net_sock_hdr h;

		memcpy(&h, qchan_buf(&c->chan, c->held[i].d.offset), HDR);
		if (h.sock == s)
			release(c, i);
		else
			i++;
	}
	if (queue_signal_needed(&c->chan.free[QCHAN_TX]))
		kaal_signal(c->signal);
	return sock_call(c, NET_CLOSE, 0, &in, 1, NULL);
}

size_t sock_max_datagram(const struct sock_client *c)
{
	return c->chan.buf_size - HDR;
}
