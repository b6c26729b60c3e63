// SPDX-License-Identifier: BSD-2-Clause
/*
 * Sockets for other components (<libsys/socket.h>, Documentation/
 * networking.rst "Sockets"), on lwIP's raw API.
 *
 * Each client that the manifest joins to us by a queue channel (our
 * resource "sock.<client>", its badge the client's id) has its own table
 * of NET_SOCK_MAX sockets; the badge of a request picks the table, so no
 * client can name another's socket. Nothing a client writes is trusted:
 * requests are checked word by word, descriptors by the queue library
 * (a buffer of the channel, lent to the client, once) and then here (a
 * header, an open socket of the client's that can send). A bad one is
 * given back and counted, never acted on.
 *
 * What a client sends is copied into lwIP's send buffer (TCP) or a packet
 * (UDP) and its buffer given back at once; a TCP socket whose send buffer
 * is full keeps its buffers, in order, until acknowledgements make room,
 * while the client's other sockets go on. What a TCP connection receives
 * is copied out of the driver's buffers into lwIP's heap (so a client
 * that does not read holds no buffer of the network card) and into the
 * client's buffers as it gives them back; the peer's window opens only
 * for what the client got, and a client never holds more than
 * SOCK_CLIENT_BYTES of our heap. UDP datagrams beyond that are dropped.
 */
#include <stdio.h>
#include <string.h>
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include <libsys/error.h>
#include <libsys/socket.h>
#include "net.h"

#define SOCK_CLIENTS	  8
#define SOCK_BACKLOG	  4	      /* connections waiting for accept */
#define SOCK_CLIENT_BYTES (64 * 1024) /* heap a client's data may hold */
#define SOCK_DGRAMS	  16	      /* UDP datagrams waiting per socket */
/* Our CNode (the manifest gives us 2^9 slots; the broker fills from 64
 * up): notifications of the clients, and where capabilities land. */
#define SOCK_LANDING	  480
#define SOCK_NTFN_SLOT(i) (481 + (kaal_cptr_t)(i))
#define HDR		  sizeof(struct net_sock_hdr)

struct sock_client_state;

struct sock {
	struct sock_client_state *owner;
	uint8_t used, type, state;
	bool pending;	  /* accepted by lwIP, not yet by the client */
	bool shut;	  /* the client will send no more: FIN when sent */
	bool shut_done;	  /* ... our FIN is out */
	bool fin;	  /* the peer closed: FIN to deliver after rx */
	bool fin_sent;	  /* ... delivered */
	uint8_t listener; /* pending: the listening socket */
	uint32_t arrival; /* pending: order of arrival */
	long error;	  /* of the connection, -E */
	struct tcp_pcb *tcp;
	struct udp_pcb *udp;
	struct pbuf *rx; /* TCP: received, not yet given to the client */
	struct {
		struct pbuf *p;
		uint32_t addr;
		uint16_t port;
	} dgram[SOCK_DGRAMS];
	unsigned int nr_dgrams;
	uint16_t local_port, peer_port;
	uint32_t peer_addr;
};

struct sock_client_state {
	unsigned long id; /* the client's badge id; 0: no channel */
	bool open;	  /* NET_SOCK_OPEN done */
	bool gone;	  /* its component ended: nothing more of it */
	kaal_cptr_t peer; /* the channel's capability: signals the client */
	struct qchan chan;
	struct sock s[NET_SOCK_MAX];
	/* Buffers to send that wait for room, in order: the socket (read
	 * once: the client may rewrite the header in shared memory) and how
	 * much of each went already. */
	struct {
		struct queue_desc d;
		uint32_t sock, done;
	} wait[QCHAN_MAX_BUFFERS / 8];
	unsigned int nr_wait;
	uint32_t arrivals;
	unsigned long held_bytes; /* of our heap, received for it */
	bool signal;		  /* something for it: signal it */
	bool tx_starved;	  /* something to give, no buffer for it */
};

static struct sock_client_state clients[SOCK_CLIENTS];
static unsigned int nr_clients;
static struct kaal_ipc_buffer *ipc;

static void expect_cap(void)
{
	ipc->recv_cnode = SYS_CAP_CNODE;
	ipc->recv_index = SOCK_LANDING;
	ipc->recv_depth = KAAL_WORD_BITS;
}

static void drop(kaal_cptr_t slot)
{
	kaal_cap_delete(SYS_CAP_CNODE, slot, KAAL_WORD_BITS);
}

static unsigned int index_of(const struct sock_client_state *c)
{
	return (unsigned int)(c - clients);
}

void sock_init(void)
{
	const struct sys_component_info *ci = net.ci;

	ipc = (void *)ci->ipc_buffer;
	expect_cap();
	for (unsigned int i = 0; i < ci->nr_resources; i++) {
		const struct sys_resource *r = &ci->res[i];
		struct sock_client_state *c = &clients[nr_clients];

		if (r->type != SYS_RES_QCHAN || strncmp(r->name, "sock.", 5))
			continue;
		if (nr_clients == SOCK_CLIENTS) {
			printf("net: %s: more than %d socket clients\n",
			       r->name, SOCK_CLIENTS);
			continue;
		}
		if (qchan_attach(&c->chan, (void *)r->vaddr, r->size,
				 QCHAN_UPPER) ||
		    c->chan.buf_size <= HDR ||
		    c->chan.nr_buf[QCHAN_RX] >
			    sizeof(c->wait) / sizeof(c->wait[0])) {
			printf("net: %s: not a channel for sockets\n", r->name);
			continue;
		}
		c->id = r->badge;
		c->peer = r->cap;
		c->signal = true; /* its receive buffers are there */
		nr_clients++;
	}
}

static struct sock_client_state *client_of(unsigned long id)
{
	for (unsigned int i = 0; i < nr_clients; i++)
		if (clients[i].id == id)
			return &clients[i];
	return NULL;
}

/* The open socket @w of @c that the client may use, or NULL. */
static struct sock *sock_of(struct sock_client_state *c, kaal_word_t w)
{
	if (w >= NET_SOCK_MAX || !c->s[w].used || c->s[w].pending)
		return NULL;
	return &c->s[w];
}

static struct sock *sock_alloc(struct sock_client_state *c, unsigned int type)
{
	for (unsigned int i = 0; i < NET_SOCK_MAX; i++) {
		struct sock *s = &c->s[i];

		if (s->used)
			continue;
		memset(s, 0, sizeof(*s));
		s->owner = c;
		s->used = 1;
		s->type = (uint8_t)type;
		s->state = NET_SS_NEW;
		return s;
	}
	return NULL;
}

static unsigned int sock_number(const struct sock *s)
{
	return (unsigned int)(s - s->owner->s);
}

static void changed(struct sock *s)
{
	s->owner->signal = true;
}

/* No more callbacks for us (a listening pcb has only accept). */
static void tcp_forget(struct tcp_pcb *pcb)
{
	tcp_arg(pcb, NULL);
	if (pcb->state == LISTEN) {
		tcp_accept(pcb, NULL);
		return;
	}
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
}

/* Both directions are done: lwIP finishes the connection alone (its
 * TIME_WAIT and the pcb's end are its own). */
static void tcp_done(struct sock *s)
{
	tcp_forget(s->tcp);
	if (tcp_close(s->tcp) != ERR_OK)
		tcp_abort(s->tcp);
	s->tcp = NULL;
	s->state = NET_SS_CLOSED;
}

static void free_rx(struct sock *s)
{
	if (s->rx) {
		s->owner->held_bytes -= s->rx->tot_len;
		pbuf_free(s->rx);
		s->rx = NULL;
	}
	for (unsigned int i = 0; i < s->nr_dgrams; i++) {
		s->owner->held_bytes -= s->dgram[i].p->tot_len;
		pbuf_free(s->dgram[i].p);
	}
	s->nr_dgrams = 0;
}

/* Give back, unsent, the waiting buffers of socket @n. */
static void drop_waiting(struct sock_client_state *c, unsigned int n)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < c->nr_wait; i++) {
		if (c->wait[i].sock == n)
			qchan_put_free(&c->chan, QCHAN_RX, c->wait[i].d);
		else
			c->wait[k++] = c->wait[i];
	}
	c->nr_wait = k;
}

static void sock_release(struct sock *s)
{
	struct sock_client_state *c = s->owner;
	unsigned int n = sock_number(s);
	bool listening = s->state == NET_SS_LISTENING;

	if (s->tcp)
		tcp_done(s);
	if (s->udp) {
		udp_remove(s->udp);
		s->udp = NULL;
	}
	free_rx(s);
	drop_waiting(c, n);
	/* Connections that waited for this listener. */
	if (listening)
		for (unsigned int i = 0; i < NET_SOCK_MAX; i++)
			if (c->s[i].used && c->s[i].pending &&
			    c->s[i].listener == n)
				sock_release(&c->s[i]);
	s->used = 0;
}

/* --- lwIP's callbacks. ------------------------------------------------- */

static err_t tcp_recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
			 err_t err)
{
	struct sock *s = arg;
	struct pbuf *q;

	if (!s) {
		if (p)
			pbuf_free(p);
		else
			tcp_close(pcb);
		return ERR_OK;
	}
	if (!p) {
		s->fin = true;
		if (s->shut_done)
			tcp_done(s);
		changed(s);
		return ERR_OK;
	}
	if (err != ERR_OK) {
		pbuf_free(p);
		return err;
	}
	/* Out of the card's buffers, within the client's share of the
	 * heap; else lwIP keeps it and offers it again later. */
	if (s->owner->held_bytes + p->tot_len > SOCK_CLIENT_BYTES)
		return ERR_MEM;
	q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
	if (!q)
		return ERR_MEM;
	pbuf_free(p);
	s->owner->held_bytes += q->tot_len;
	if (s->rx)
		pbuf_cat(s->rx, q);
	else
		s->rx = q;
	changed(s);
	return ERR_OK;
}

static err_t tcp_sent_cb(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)pcb;
	(void)len;
	if (arg)
		changed(arg); /* room: waiting buffers may go */
	return ERR_OK;
}

/* The connection is gone (reset, or aborted by lwIP): pcb is freed. */
static void tcp_err_cb(void *arg, err_t err)
{
	struct sock *s = arg;

	if (!s)
		return;
	s->tcp = NULL;
	s->error = err == ERR_RST || err == ERR_CLSD ? -NET_E_CONNECTION :
		   err == ERR_TIMEOUT		     ? -NET_E_TIMEOUT :
						       -NET_E_CONNECTION;
	if (s->pending) { /* never the client's: forget it */
		free_rx(s);
		s->used = 0;
		return;
	}
	s->state = NET_SS_CLOSED;
	s->fin = true;
	drop_waiting(s->owner, sock_number(s));
	changed(s);
}

static err_t tcp_connected_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *s = arg;

	(void)pcb;
	if (s && err == ERR_OK) {
		s->state = NET_SS_CONNECTED;
		changed(s);
	}
	return ERR_OK;
}

static void tcp_attach(struct sock *s, struct tcp_pcb *pcb)
{
	s->tcp = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, tcp_recv_cb);
	tcp_sent(pcb, tcp_sent_cb);
	tcp_err(pcb, tcp_err_cb);
	tcp_nagle_disable(pcb);
}

static err_t tcp_accept_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *l = arg, *s;
	unsigned int waiting = 0;

	if (err != ERR_OK || !pcb || !l)
		return ERR_VAL;
	for (unsigned int i = 0; i < NET_SOCK_MAX; i++)
		waiting += l->owner->s[i].used && l->owner->s[i].pending &&
			   l->owner->s[i].listener == sock_number(l);
	s = waiting < SOCK_BACKLOG ? sock_alloc(l->owner, NET_SOCK_TCP) : NULL;
	if (!s) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	s->pending = true;
	s->listener = (uint8_t)sock_number(l);
	s->arrival = l->owner->arrivals++;
	s->state = NET_SS_CONNECTED;
	s->local_port = l->local_port;
	s->peer_addr = ip4_addr_get_u32(ip_2_ip4(&pcb->remote_ip));
	s->peer_port = pcb->remote_port;
	tcp_attach(s, pcb);
	changed(l);
	return ERR_OK;
}

static void udp_recv_cb(void *arg, struct udp_pcb *pcb, struct pbuf *p,
			const ip_addr_t *addr, u16_t port)
{
	struct sock *s = arg;
	struct pbuf *q = NULL;

	(void)pcb;
	if (s && s->nr_dgrams < SOCK_DGRAMS &&
	    s->owner->held_bytes + p->tot_len <= SOCK_CLIENT_BYTES)
		q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
	pbuf_free(p);
	if (!q)
		return; /* UDP: dropped */
	s->dgram[s->nr_dgrams].p = q;
	s->dgram[s->nr_dgrams].addr = ip4_addr_get_u32(ip_2_ip4(addr));
	s->dgram[s->nr_dgrams].port = port;
	s->nr_dgrams++;
	s->owner->held_bytes += q->tot_len;
	changed(s);
}

/* --- Requests. --------------------------------------------------------- */

static long req_open(struct sock_client_state *c, const struct kaal_msg *m)
{
	struct kaal_identify_ret id;
	kaal_cptr_t slot = SOCK_NTFN_SLOT(index_of(c));

	if (kaal_msginfo_caps(m->info) != 1 ||
	    (kaal_msginfo_unwrapped(m->info) & 1))
		return -SYS_E_PROTOCOL;
	id = kaal_cap_identify(SOCK_LANDING);
	if (id.error || id.type != KAAL_OBJ_NOTIFICATION ||
	    !(id.rights & KAAL_RIGHT_WRITE)) {
		drop(SOCK_LANDING);
		return -SYS_E_PROTOCOL;
	}
	drop(slot);
	if (kaal_cap_move(SYS_CAP_CNODE, slot, KAAL_WORD_BITS, SYS_CAP_CNODE,
			  SOCK_LANDING, KAAL_WORD_BITS)) {
		drop(SOCK_LANDING);
		return -SYS_E_STATE;
	}
	c->open = true;
	return 0;
}

static long req_bind(struct sock *s, kaal_word_t port)
{
	err_t e;

	if (!port || port > 0xffff)
		return -SYS_E_PROTOCOL;
	if (s->local_port || s->state != NET_SS_NEW)
		return -SYS_E_STATE;
	e = s->type == NET_SOCK_TCP ?
		    tcp_bind(s->tcp, IP_ANY_TYPE, (u16_t)port) :
		    udp_bind(s->udp, IP_ANY_TYPE, (u16_t)port);
	if (e == ERR_USE)
		return -NET_E_ADDR_IN_USE;
	if (e != ERR_OK)
		return -SYS_E_STATE;
	s->local_port = (uint16_t)port;
	return 0;
}

static long req_listen(struct sock *s)
{
	struct tcp_pcb *l;

	if (s->type != NET_SOCK_TCP || s->state != NET_SS_NEW || !s->local_port)
		return -SYS_E_STATE;
	l = tcp_listen_with_backlog(s->tcp, SOCK_BACKLOG);
	if (!l)
		return -SYS_E_NO_SPACE; /* s->tcp is still ours */
	s->tcp = l;
	tcp_arg(l, s);
	tcp_accept(l, tcp_accept_cb);
	s->state = NET_SS_LISTENING;
	return 0;
}

static long req_accept(struct sock *l, kaal_word_t *out, unsigned int *len)
{
	struct sock_client_state *c = l->owner;
	struct sock *first = NULL;

	if (l->state != NET_SS_LISTENING)
		return -SYS_E_STATE;
	for (unsigned int i = 0; i < NET_SOCK_MAX; i++) {
		struct sock *s = &c->s[i];

		if (s->used && s->pending && s->listener == sock_number(l) &&
		    (!first || s->arrival - first->arrival > 0x80000000u))
			first = s;
	}
	if (!first)
		return -NET_E_AGAIN;
	first->pending = false;
	out[0] = sock_number(first);
	out[1] = first->peer_addr;
	out[2] = first->peer_port;
	*len = 3;
	return 0;
}

static long req_connect(struct sock *s, kaal_word_t addr, kaal_word_t port)
{
	ip_addr_t ip;

	if (!port || port > 0xffff || !addr || addr > 0xffffffffu)
		return -SYS_E_PROTOCOL;
	ip_addr_set_ip4_u32_val(ip, (u32_t)addr);
	if (s->type == NET_SOCK_UDP) {
		if (udp_connect(s->udp, &ip, (u16_t)port) != ERR_OK)
			return -NET_E_UNREACHABLE;
	} else {
		if (s->state != NET_SS_NEW)
			return -SYS_E_STATE;
		switch (tcp_connect(s->tcp, &ip, (u16_t)port,
				    tcp_connected_cb)) {
		case ERR_OK:
			break;
		case ERR_RTE:
			return -NET_E_UNREACHABLE;
		case ERR_USE:
			return -NET_E_ADDR_IN_USE;
		default:
			return -SYS_E_NO_SPACE;
		}
		s->local_port = s->tcp->local_port;
	}
	s->state = s->type == NET_SOCK_UDP ? NET_SS_CONNECTED :
					     NET_SS_CONNECTING;
	s->peer_addr = (uint32_t)addr;
	s->peer_port = (uint16_t)port;
	if (s->type == NET_SOCK_UDP)
		s->local_port = s->udp->local_port;
	return 0;
}

static long req_socket(struct sock_client_state *c, kaal_word_t type,
		       kaal_word_t *out, unsigned int *len)
{
	struct sock *s;

	if (type != NET_SOCK_TCP && type != NET_SOCK_UDP)
		return -SYS_E_PROTOCOL;
	s = sock_alloc(c, (unsigned int)type);
	if (!s)
		return -SYS_E_NO_SPACE;
	if (type == NET_SOCK_TCP) {
		s->tcp = tcp_new();
		if (s->tcp)
			tcp_attach(s, s->tcp);
	} else {
		s->udp = udp_new();
		if (s->udp)
			udp_recv(s->udp, udp_recv_cb, s);
	}
	if (!s->tcp && !s->udp) {
		s->used = 0;
		return -SYS_E_NO_SPACE; /* lwIP's table of pcbs is full */
	}
	out[0] = sock_number(s);
	*len = 1;
	return 0;
}

void sock_refuse_caps(const struct kaal_recv_ret *in)
{
	/* A capability that came with anything but NET_SOCK_OPEN is not
	 * kept: the landing slot stays empty for the next client's. */
	if (KAAL_MSGINFO_LABEL(in->msg.info) != NET_SOCK_OPEN &&
	    kaal_msginfo_caps(in->msg.info) &&
	    !(kaal_msginfo_unwrapped(in->msg.info) & 1))
		drop(SOCK_LANDING);
}

long sock_request(const struct kaal_recv_ret *in, kaal_word_t *out,
		  unsigned int *len)
{
	const kaal_word_t *mr = in->msg.mr;
	unsigned int n = KAAL_MSGINFO_LEN(in->msg.info);
	kaal_word_t label = KAAL_MSGINFO_LABEL(in->msg.info);
	struct sock_client_state *c = client_of(in->badge & SYS_BADGE_ID_MASK);
	struct sock *s;
	long err;

	if (!c || c->gone) {
		if (label == NET_SOCK_OPEN && kaal_msginfo_caps(in->msg.info))
			drop(SOCK_LANDING);
		/* No channel of its own, or it ended (a channel that says
		 * so is never served again). */
		return c ? -SYS_E_STATE : -SYS_E_NOT_FOUND;
	}
	if (label == NET_SOCK_OPEN)
		return req_open(c, &in->msg);
	if (!c->open)
		return -SYS_E_STATE;
	if (n < 1)
		return -SYS_E_PROTOCOL;
	if (label == NET_SOCKET)
		return req_socket(c, mr[0], out, len);
	s = sock_of(c, mr[0]);
	if (!s)
		return -SYS_E_BAD_FD;
	switch (label) {
	case NET_BIND:
		return n < 2 ? -SYS_E_PROTOCOL : req_bind(s, mr[1]);
	case NET_LISTEN:
		return req_listen(s);
	case NET_ACCEPT:
		err = req_accept(s, out, len);
		break;
	case NET_CONNECT:
		return n < 3 ? -SYS_E_PROTOCOL : req_connect(s, mr[1], mr[2]);
	case NET_SHUTDOWN:
		if (s->type != NET_SOCK_TCP || s->state != NET_SS_CONNECTED)
			return -NET_E_NOT_CONNECTED;
		s->shut = true;
		return 0;
	case NET_CLOSE:
		sock_release(s);
		return 0;
	case NET_SOCK_STATUS: {
		unsigned int waiting = 0;

		for (unsigned int i = 0; i < NET_SOCK_MAX; i++)
			waiting += c->s[i].used && c->s[i].pending &&
				   c->s[i].listener == sock_number(s);
		out[0] = s->state;
		out[1] = (kaal_word_t)-s->error;
		out[2] = waiting;
		out[3] = s->local_port;
		out[4] = s->peer_addr;
		out[5] = s->peer_port;
		*len = 6;
		return 0;
	}
	default:
		return -SYS_E_PROTOCOL;
	}
	return err;
}

/* --- Data. ------------------------------------------------------------- */

/* Send what waits, in order; a socket whose send buffer is full holds
 * its later buffers back, the others go on. */
static void send_waiting(struct sock_client_state *c)
{
	uint32_t blocked = 0; /* sockets that must wait */
	unsigned int k = 0;

	for (unsigned int i = 0; i < c->nr_wait; i++) {
		struct queue_desc d = c->wait[i].d;
		const uint8_t *b = qchan_buf(&c->chan, d.offset);
		unsigned int n = c->wait[i].sock; /* < NET_SOCK_MAX */
		struct sock *s = &c->s[n];
		bool done = false;

		if (blocked & (1u << n)) {
			c->wait[k++] = c->wait[i];
			continue;
		}
		if (s->used && s->tcp && s->state == NET_SS_CONNECTED &&
		    !s->shut_done) {
			uint32_t left = d.len - HDR - c->wait[i].done;
			u16_t room = tcp_sndbuf(s->tcp);
			u16_t now = left < room ? (u16_t)left : room;

			if (now &&
			    tcp_write(s->tcp, b + HDR + c->wait[i].done, now,
				      TCP_WRITE_FLAG_COPY) == ERR_OK) {
				c->wait[i].done += now;
				tcp_output(s->tcp);
			}
			done = c->wait[i].done == d.len - HDR;
		} else {
			done = true; /* closed meanwhile: dropped */
		}
		if (done) {
			qchan_put_free(&c->chan, QCHAN_RX, d);
			c->signal = true;
		} else {
			blocked |= 1u << n;
			c->wait[k++] = c->wait[i];
		}
	}
	c->nr_wait = k;
}

static void send_udp(struct sock *s, const struct net_sock_hdr *h,
		     const uint8_t *data, uint32_t n)
{
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)n, PBUF_RAM);
	ip_addr_t ip;

	if (!p)
		return; /* UDP: dropped */
	memcpy(p->payload, data, n);
	if (h->addr && h->port) {
		ip_addr_set_ip4_u32_val(ip, h->addr);
		udp_sendto(s->udp, p, &ip, h->port);
	} else if (s->state == NET_SS_CONNECTED) {
		udp_send(s->udp, p);
	}
	pbuf_free(p);
}

/* The client's filled buffers: checked, then sent or made to wait. */
static void take_sends(struct sock_client_state *c)
{
	struct queue_desc d;
	int e;

	while ((e = qchan_take_active(&c->chan, QCHAN_RX, &d)) !=
	       -QUEUE_E_EMPTY) {
		struct net_sock_hdr h;
		struct sock *s;

		if (e == -QUEUE_E_PEER && !c->chan.active[QCHAN_RX].broken)
			continue; /* a bad descriptor: dropped and counted */
		if (e)
			break; /* a broken queue: nothing more from it */
		memcpy(&h, qchan_buf(&c->chan, d.offset), HDR);
		s = d.len >= HDR ? sock_of(c, h.sock) : NULL;
		if (s && s->type == NET_SOCK_UDP) {
			send_udp(s, &h, qchan_buf(&c->chan, d.offset) + HDR,
				 d.len - (uint32_t)HDR);
			qchan_put_free(&c->chan, QCHAN_RX, d);
		} else if (s && s->state == NET_SS_CONNECTED && !s->shut &&
			   c->nr_wait < sizeof(c->wait) / sizeof(c->wait[0])) {
			c->wait[c->nr_wait].d = d;
			c->wait[c->nr_wait].sock = h.sock;
			c->wait[c->nr_wait].done = 0;
			c->nr_wait++;
		} else {
			c->chan.refused++;
			qchan_put_free(&c->chan, QCHAN_RX, d);
		}
		c->signal = true;
	}
	/* An index that cannot be: the channel is broken, the client's
	 * sockets stay (they can be closed). */
}

/* A transmit buffer with @hdr and @n bytes of @p from @off, given. */
static bool deliver(struct sock_client_state *c, const struct net_sock_hdr *h,
		    struct pbuf *p, uint16_t off, uint32_t n)
{
	struct queue_desc d;
	uint8_t *b;

	if (qchan_tx_buffer(&c->chan, &d)) {
		c->tx_starved = true;
		return false;
	}
	b = qchan_buf(&c->chan, d.offset);
	memcpy(b, h, HDR);
	if (n)
		pbuf_copy_partial(p, b + HDR, (u16_t)n, off);
	d.len = (uint32_t)(HDR + n);
	if (qchan_put_active(&c->chan, QCHAN_TX, d)) {
		qchan_tx_release(&c->chan, d);
		return false;
	}
	c->signal = true;
	return true;
}

/* What the client's sockets received, into its buffers. */
static void give_received(struct sock_client_state *c)
{
	uint32_t room = c->chan.buf_size - (uint32_t)HDR;

	c->tx_starved = false;
	for (unsigned int i = 0; i < NET_SOCK_MAX; i++) {
		struct sock *s = &c->s[i];
		struct net_sock_hdr h = { i, 0, 0, 0, 0 };

		if (!s->used || s->pending)
			continue;
		while (s->rx) {
			uint32_t n = s->rx->tot_len < room ? s->rx->tot_len :
							     room;

			if (!deliver(c, &h, s->rx, 0, n))
				return;
			c->held_bytes -= n;
			s->rx = pbuf_free_header(s->rx, (u16_t)n);
			if (s->tcp)
				tcp_recved(s->tcp, (u16_t)n);
		}
		while (s->nr_dgrams) {
			struct pbuf *p = s->dgram[0].p;

			h.addr = s->dgram[0].addr;
			h.port = s->dgram[0].port;
			if (!deliver(c, &h, p, 0,
				     p->tot_len < room ? p->tot_len : room))
				return;
			c->held_bytes -= p->tot_len;
			pbuf_free(p);
			memmove(&s->dgram[0], &s->dgram[1],
				--s->nr_dgrams * sizeof(s->dgram[0]));
		}
		if (s->fin && !s->fin_sent) {
			struct net_sock_hdr f = { i, NET_SOCK_F_FIN, 0, 0, 0 };

			if (!deliver(c, &f, NULL, 0, 0))
				return;
			s->fin_sent = true;
		}
	}
}

/* Sockets shut down by the client whose data is all sent: a FIN. */
static void finish_shutdowns(struct sock_client_state *c)
{
	for (unsigned int i = 0; i < NET_SOCK_MAX; i++) {
		struct sock *s = &c->s[i];
		bool waiting = false;

		if (!s->used || !s->shut || s->shut_done || !s->tcp ||
		    s->state != NET_SS_CONNECTED)
			continue;
		for (unsigned int k = 0; k < c->nr_wait; k++)
			waiting |= c->wait[k].sock == i;
		if (waiting)
			continue;
		if (s->fin) { /* the peer's side is closed already */
			tcp_done(s);
		} else if (tcp_shutdown(s->tcp, 0, 1) == ERR_OK) {
			tcp_output(s->tcp);
			s->shut_done = true;
		}
	}
}

/* The client's component ended (system_init marked its side of the
 * channel gone and signalled us): its sockets close (connections reset,
 * ports free), what we held for it goes, and it is never served again. */
static void client_gone(struct sock_client_state *c)
{
	for (unsigned int k = 0; k < NET_SOCK_MAX; k++)
		if (c->s[k].used)
			sock_release(&c->s[k]);
	if (c->open)
		drop(SOCK_NTFN_SLOT(index_of(c)));
	c->open = false;
	c->gone = true;
	c->nr_wait = 0;
}

/* Everything there is to do for the socket clients; true when a queue we
 * asked a signal for had entries meanwhile (look again). */
bool sock_poll(void)
{
	bool again = false;

	for (unsigned int i = 0; i < nr_clients; i++) {
		struct sock_client_state *c = &clients[i];
		struct queue *rxa = &c->chan.active[QCHAN_RX];
		struct queue *txf = &c->chan.free[QCHAN_TX];

		if (!c->gone && qchan_peer_gone(&c->chan))
			client_gone(c);
		if (!c->open)
			continue;
		take_sends(c);
		send_waiting(c);
		finish_shutdowns(c);
		give_received(c);
		if (c->signal) {
			/* The client waits on one notification for all. */
			kaal_signal(SOCK_NTFN_SLOT(i));
			c->signal = false;
		}
		/* Look again only where we could take something: buffers
		 * back matter only when we have something to give. */
		queue_want_signal(rxa);
		if (c->tx_starved)
			queue_want_signal(txf);
		if ((queue_count(rxa) && !rxa->broken &&
		     c->nr_wait < sizeof(c->wait) / sizeof(c->wait[0])) ||
		    (c->tx_starved && queue_count(txf) && !txf->broken)) {
			queue_cancel_signal(rxa);
			queue_cancel_signal(txf);
			again = true;
		}
	}
	return again;
}

void sock_stats(unsigned long *clients_open, unsigned long *sockets,
		unsigned long *refused)
{
	*clients_open = *sockets = *refused = 0;
	for (unsigned int i = 0; i < nr_clients; i++) {
		*clients_open += clients[i].open;
		*refused += clients[i].chan.refused;
		for (unsigned int k = 0; k < NET_SOCK_MAX; k++)
			*sockets += clients[i].s[k].used;
	}
}
