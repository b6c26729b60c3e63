// SPDX-License-Identifier: BSD-2-Clause
/*
 * A component that misbehaves on purpose (Documentation/components.rst,
 * "Least privilege"). Its manifest grants it the console, the timer
 * service and (with CONFIG_NET) sockets, nothing else; it tries to reach
 * everything else a component could think of and to misuse the timer and
 * the network service, prints one line per attempt ("refused" is the
 * right answer), and then
 * dereferences a null pointer, which system_init reports while the rest
 * of the system keeps running.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/strerror.h>
#include <libsys/broker.h>
#include <libsys/component.h>
#include <libsys/socket.h>
#include <libsys/timer.h>

static unsigned int attempts, refused;

static void attempt(const char *what, long err)
{
	attempts++;
	if (err) {
		refused++;
		printf("intruder: %s: refused (%s)\n", what, sys_strerror(err));
	} else {
		printf("intruder: %s: ALLOWED\n", what);
	}
}

/* Every occupied slot of its own CSpace: exactly what it was given. */
static unsigned int count_caps(void)
{
	unsigned int n = 0;

	for (kaal_cptr_t slot = 1; slot < (1ul << SYS_CNODE_BITS); slot++)
		if (!kaal_cap_identify(slot).error)
			n++;
	return n;
}

static void try_cspace(const struct sys_component_info *ci)
{
	struct kaal_msg m = { KAAL_MSGINFO(1, 0, 0), { 0 } };
	/* The slot after the resources it was given. */
	kaal_cptr_t guess = SYS_CAP_FIRST_RESOURCE + ci->nr_resources;

	/* Where a server's endpoint or untyped memory might be. */
	attempt("call an endpoint it was not given",
		kaal_call(guess, &m).error);
	attempt("retype untyped memory it was not given",
		kaal_retype(16, KAAL_OBJ_TCB, 0, SYS_CAP_CNODE, KAAL_WORD_BITS,
			    SYS_CAP_FIRST_FREE, 1));
	attempt("address a slot outside its CNode",
		kaal_cap_identify(1ul << 20).error);
	attempt("claim an interrupt without IRQControl",
		kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, 33, SYS_CAP_CNODE,
				     SYS_CAP_FIRST_FREE, KAAL_WORD_BITS));
	attempt("re-badge its broker capability for sysinfo",
		kaal_cap_mint(SYS_CAP_CNODE, SYS_CAP_FIRST_FREE, KAAL_WORD_BITS,
			      SYS_CAP_CNODE, SYS_CAP_BROKER, KAAL_WORD_BITS,
			      KAAL_RIGHTS_ALL, SYS_BADGE_SYSINFO | ci->id));
	attempt("map its read-only info page writable",
		kaal_memory_protect(SYS_CAP_INFO_FRAME,
				    KAAL_MAP_READ | KAAL_MAP_WRITE));
}

static void try_broker(void)
{
	struct broker_device dev;
	kaal_word_t w[2] = { 0 };

	attempt("claim the UART (arm,pl011)",
		broker_device("arm,pl011", 0, &dev));
	attempt("claim the mini UART",
		broker_device("brcm,bcm2835-aux-uart", 0, &dev));
	attempt("list the components (sysinfo)",
		broker_call(SYSINFO_COMPONENT, w, 1).error);
	sys_pack_string(w, 2, "console");
	attempt("start a component", broker_call(SYSINFO_START, w, 2).error);
	attempt("allocate a TCB", broker_alloc_object(KAAL_OBJ_TCB).error);
	attempt("allocate more pages than its quota",
		broker_alloc_pages(SYS_HEAP_MAX_PAGES).error);
}

/* A call's error: the kernel's, or the server's in the reply label. */
static long call_err(kaal_cptr_t ep, const struct kaal_msg *m)
{
	struct kaal_recv_ret r = kaal_call(ep, m);

	return r.error ? -(long)r.error : -(long)kaal_msginfo_label(r.msg.info);
}

/* A client of the timer service that does everything wrong. */
static void try_timer(const struct sys_component_info *ci)
{
	const struct sys_resource *t =
		sys_resource(ci, "timer", SYS_RES_CLIENT);
	struct kaal_ipc_buffer *ipc = (void *)ci->ipc_buffer;
	struct kaal_msg set = { KAAL_MSGINFO(TIMER_SET, 0, 1), { 1 } };
	struct kaal_msg open = { KAAL_MSGINFO(TIMER_OPEN, 1, 0), { 0 } };
	struct kaal_msg bare = { KAAL_MSGINFO(TIMER_OPEN, 0, 0), { 0 } };
	struct kaal_msg odd = { KAAL_MSGINFO(99, 0, 0), { 0 } };

	if (!t)
		return;
	attempt("set a timer deadline before opening", call_err(t->cap, &set));
	attempt("open the timer without a notification",
		call_err(t->cap, &bare));
	ipc->caps[0] = SYS_CAP_BROKER;
	attempt("open the timer with an endpoint", call_err(t->cap, &open));
	attempt("send the timer an unknown request", call_err(t->cap, &odd));
}

static long sock_req(kaal_cptr_t ep, kaal_word_t label, kaal_word_t a,
		     kaal_word_t b)
{
	struct kaal_msg m = { KAAL_MSGINFO(label, 0, 2), { a, b } };

	return call_err(ep, &m);
}

static kaal_word_t sockets_refused(kaal_cptr_t ep)
{
	struct kaal_msg m = { KAAL_MSGINFO(NET_STATS, 0, 1),
			      { NET_STATS_SOCKETS } };
	struct kaal_recv_ret r = kaal_call(ep, &m);

	return r.error || kaal_msginfo_label(r.msg.info) ? 0 : r.msg.mr[2];
}

/* A client of the network's sockets that does everything wrong. */
static void try_sockets(const struct sys_component_info *ci)
{
	const struct sys_resource *n = sys_resource(ci, "net", SYS_RES_CLIENT);
	const struct sys_resource *q = sys_resource(ci, "net.q", SYS_RES_QCHAN);
	struct kaal_ipc_buffer *ipc = (void *)ci->ipc_buffer;
	struct kaal_msg open = { KAAL_MSGINFO(NET_SOCK_OPEN, 1, 0), { 0 } };
	struct kaal_msg bare = { KAAL_MSGINFO(NET_SOCK_OPEN, 0, 0), { 0 } };
	static struct sock_client c;
	struct queue_desc bad[3];
	kaal_word_t before;
	long s, err;

	if (!n || !q)
		return;
	attempt("use a socket before opening",
		sock_req(n->cap, NET_SOCKET, NET_SOCK_TCP, 0));
	attempt("open sockets without a notification", call_err(n->cap, &bare));
	ipc->caps[0] = SYS_CAP_BROKER;
	attempt("open sockets with an endpoint", call_err(n->cap, &open));
	err = sock_client_open(&c, ci, q->ntfn, NULL);
	if (err) {
		printf("intruder: sockets: %s\n", sys_strerror(err));
		return;
	}
	attempt("use a socket it does not have",
		sock_req(n->cap, NET_BIND, 3, 9000));
	attempt("name a socket far out of range",
		sock_req(n->cap, NET_CLOSE, 1ul << 40, 0));
	s = sock_socket(&c, NET_SOCK_TCP);
	attempt("take the echo server's TCP port 7",
		s < 0 ? s : sock_bind(&c, (unsigned int)s, 7));
	sock_close(&c, (unsigned int)s);
	s = sock_socket(&c, NET_SOCK_UDP);
	attempt("listen on a UDP socket",
		s < 0 ? s : sock_listen(&c, (unsigned int)s));
	sock_close(&c, (unsigned int)s);
	for (s = 0; s >= 0;)
		s = sock_socket(&c, NET_SOCK_UDP);
	attempt("open more sockets than a client may", s);
	for (unsigned int i = 0; i < NET_SOCK_MAX; i++)
		sock_close(&c, i);
	attempt("send the network an unknown request",
		sock_req(n->cap, 99, 0, 0));
	/* Descriptors it has no right to: outside the channel, longer than
	 * a buffer, a socket that is not open. Written straight into the
	 * queue, past the library's own checks. */
	bad[0] = (struct queue_desc){ (uint32_t)c.chan.data_size + 4096, 64 };
	bad[1] = (struct queue_desc){ 0, c.chan.buf_size + 1 };
	bad[2] = (struct queue_desc){ c.chan.buf_size,
				      sizeof(struct net_sock_hdr) + 8 };
	memset(qchan_buf(&c.chan, bad[2].offset), 0x5a,
	       sizeof(struct net_sock_hdr));
	before = sockets_refused(n->cap);
	for (unsigned int i = 0; i < 3; i++)
		queue_enqueue(&c.chan.active[QCHAN_RX], bad[i]);
	kaal_signal(c.signal);
	for (int i = 0; i < 1000 && sockets_refused(n->cap) < before + 3; i++)
		kaal_yield();
	attempt("hand the network buffers it may not",
		sockets_refused(n->cap) >= before + 3 ? -QUEUE_E_PEER : 0);
	/* One left open, bound, at its crash: the network closes it once
	 * system_init says the intruder is gone (`net` in the test). */
	s = sock_socket(&c, NET_SOCK_UDP);
	if (s >= 0)
		sock_bind(&c, (unsigned int)s, 9000);
}

int main(void *x0)
{
	const struct sys_component_info *ci = sys_component_init(x0);

	if (!ci)
		return 1;
	printf("intruder: started with %u capabilities\n", count_caps());
	try_cspace(ci);
	try_broker();
	try_timer(ci);
	try_sockets(ci);
	printf("intruder: %u of %u attempts refused\n", refused, attempts);
	printf("intruder: now dereferencing a null pointer\n");
	*(volatile int *)0 = 1;
	return 0;
}
