// SPDX-License-Identifier: BSD-2-Clause
/*
 * Endpoints in detail: FIFO order of senders and of receivers, badges,
 * 64-word messages and the message info word, the one-shot reply right
 * and what happens when either side of a call goes away, capability
 * transfer (with and without grant, unwrapping), the non-blocking calls
 * and a reply_recv server with several clients. Children run at the root
 * task's priority unless a case says otherwise, so they run when it
 * yields or blocks.
 */
#include "test.h"

static const struct kaal_msg empty_msg;

/* Receive from ep, yielding while nobody is sending (at most n times). */
static struct kaal_recv_ret recv_soon(kaal_cptr_t ep, int n)
{
	struct kaal_recv_ret r = kaal_nbrecv(ep);

	while (r.error == KAAL_E_WOULD_BLOCK && n-- > 0) {
		kaal_yield();
		r = kaal_nbrecv(ep);
	}
	return r;
}

struct party {
	kaal_cptr_t ep;
	kaal_word_t label;
	struct kaal_ipc_buffer *ipc;
	volatile int started;
	volatile long error;
	volatile kaal_word_t got_label, badge, word;
};

static void send_one(kaal_word_t arg)
{
	struct party *p = (void *)arg;
	struct kaal_msg m = { KAAL_MSGINFO(p->label, 0, 1),
			      { p->label * 100 } };

	p->started = 1;
	p->error = kaal_send(p->ep, &m);
}

static void recv_one(kaal_word_t arg)
{
	struct party *p = (void *)arg;
	struct kaal_recv_ret r;

	p->started = 1;
	r = kaal_recv(p->ep);
	p->got_label = KAAL_MSGINFO_LABEL(r.msg.info);
	p->badge = r.badge;
	p->word = r.msg.mr[0];
	p->error = r.error;
}

/* Start fn(p) at the root task's priority and let it run until it
 * blocks. */
static int start_party(struct test *t, struct party *p, kaal_thread_fn *fn)
{
	struct kaal_thread th;

	p->started = 0;
	p->error = -1;
	if (!t_spawn(t, &th, ROOT_PRIO(t), fn, (kaal_word_t)p))
		return 0;
	YIELD_UNTIL(p->started, 100);
	yield_n(2);
	return EXPECT(t, p->started) && EXPECT_EQ(t, p->error, -1);
}

/* Senders that block on an endpoint are received in the order they
 * came, each with the badge of the capability it used. */
static void ipc_fifo_senders(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct party p[3];

	if (!ep)
		return;
	for (unsigned int i = 0; i < 3; i++) {
		p[i] = (struct party){ .label = i + 1 };
		p[i].ep = t_mint(t, ep, KAAL_RIGHT_WRITE, 0x10 + i);
		if (!p[i].ep || !start_party(t, &p[i], send_one))
			return;
	}
	for (unsigned int i = 0; i < 3; i++) {
		struct kaal_recv_ret r = kaal_recv(ep);

		EXPECT_OK(t, r.error);
		EXPECT_EQ(t, r.badge, 0x10 + i);
		EXPECT_EQ(t, r.msg.info, KAAL_MSGINFO(i + 1, 0, 1));
		EXPECT_EQ(t, r.msg.mr[0], (i + 1) * 100);
	}
	YIELD_UNTIL(p[0].error != -1 && p[1].error != -1 && p[2].error != -1,
		    100);
	for (unsigned int i = 0; i < 3; i++)
		EXPECT_OK(t, p[i].error);
	EXPECT_ERR(t, kaal_nbrecv(ep).error, KAAL_E_WOULD_BLOCK);
}

/* Receivers waiting on an endpoint get messages in the order they came. */
static void ipc_fifo_receivers(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t unbadged = ep ? t_mint(t, ep, KAAL_RIGHT_WRITE, 0) : 0;
	struct party p[3];

	if (!unbadged)
		return;
	for (unsigned int i = 0; i < 3; i++) {
		p[i] = (struct party){ .ep = ep };
		if (!start_party(t, &p[i], recv_one))
			return;
	}
	for (kaal_word_t i = 0; i < 3; i++) {
		kaal_cptr_t b =
			i == 1 ? unbadged :
				 t_mint(t, ep, KAAL_RIGHTS_ALL, 0x20 + i);
		struct kaal_msg m = { KAAL_MSGINFO(i + 1, 0, 1), { 7 * i } };

		if (!b)
			return;
		EXPECT_OK(t, kaal_nbsend(b, &m));
	}
	EXPECT_ERR(t, kaal_nbsend(ep, &empty_msg), KAAL_E_WOULD_BLOCK);
	YIELD_UNTIL(p[0].error != -1 && p[1].error != -1 && p[2].error != -1,
		    100);
	for (unsigned int i = 0; i < 3; i++) {
		EXPECT_OK(t, p[i].error);
		EXPECT_EQ(t, p[i].got_label, i + 1);
		EXPECT_EQ(t, p[i].word, 7 * i);
		EXPECT_EQ(t, p[i].badge, i == 1 ? 0 : 0x20 + i);
	}
}

#define LONG_LABEL  0xabcdeul
#define REPLY_LABEL 0x12345ul

/* What the caller of ipc_long_message found wrong, 0 if nothing. */
static kaal_word_t long_call(struct party *p)
{
	struct kaal_msg m = { KAAL_MSGINFO(LONG_LABEL, 0, KAAL_MSG_MAX_WORDS),
			      { 0 } };
	struct kaal_recv_ret r;

	for (unsigned int i = 0; i < KAAL_MSG_MAX_WORDS; i++) {
		if (i < KAAL_MSG_REG_WORDS)
			m.mr[i] = 0x1000 + i;
		else
			p->ipc->mr[i] = 0x1000 + i;
	}
	r = kaal_call(p->ep, &m);
	if (r.error)
		return 0x100 | r.error;
	if (r.msg.info != KAAL_MSGINFO(REPLY_LABEL, 0, KAAL_MSG_MAX_WORDS))
		return 0x200;
	for (unsigned int i = 0; i < KAAL_MSG_MAX_WORDS; i++)
		if ((i < KAAL_MSG_REG_WORDS ? r.msg.mr[i] : p->ipc->mr[i]) !=
		    0x2000 + i)
			return 0x300 + i;
	/* Seven words out, none back: the buffer words stay as they are. */
	m.info = KAAL_MSGINFO(LONG_LABEL, 0, 7);
	p->ipc->mr[6] = 0x3006;
	r = kaal_call(p->ep, &m);
	if (r.error || r.msg.info != KAAL_MSGINFO(REPLY_LABEL, 0, 0))
		return 0x400 | r.error;
	for (unsigned int i = KAAL_MSG_REG_WORDS; i < KAAL_MSG_MAX_WORDS; i++)
		if (p->ipc->mr[i] != (i == 6 ? 0x3006 : 0x2000 + i))
			return 0x500 + i;
	return 0;
}

static void long_caller(kaal_word_t arg)
{
	struct party *p = (void *)arg;

	p->word = long_call(p);
	p->error = 0;
}

/* 64 words each way: 0-5 in registers, 6-63 in the IPC buffers. Words
 * past a message's length are not copied. */
static void ipc_long_message(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct kaal_msg reply = {
		KAAL_MSGINFO(REPLY_LABEL, 0, KAAL_MSG_MAX_WORDS), { 0 }
	};
	struct party p = { .ep = ep, .error = -1 };
	struct kaal_thread th;
	struct kaal_recv_ret r;
	unsigned int bad = 0;

	if (!ep || !t_thread(t, &th, 0))
		return;
	p.ipc = th.ipc_buffer;
	if (!EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, long_caller, (kaal_word_t)&p)))
		return;
	/* The caller finds us waiting. */
	r = kaal_recv(ep);
	if (!EXPECT_OK(t, r.error) ||
	    !EXPECT_EQ(t, r.msg.info,
		       KAAL_MSGINFO(LONG_LABEL, 0, KAAL_MSG_MAX_WORDS)))
		return;
	for (unsigned int i = 0; i < KAAL_MSG_MAX_WORDS; i++)
		bad += (i < KAAL_MSG_REG_WORDS ? r.msg.mr[i] : t->ipc->mr[i]) !=
		       0x1000 + i;
	EXPECT_EQ(t, bad, 0);
	for (unsigned int i = 0; i < KAAL_MSG_MAX_WORDS; i++) {
		if (i < KAAL_MSG_REG_WORDS)
			reply.mr[i] = 0x2000 + i;
		else
			t->ipc->mr[i] = 0x2000 + i;
	}
	EXPECT_OK(t, kaal_reply(&reply));
	/* The second call: we are not waiting, the caller queues. */
	for (unsigned int i = 7; i < KAAL_MSG_MAX_WORDS; i++)
		t->ipc->mr[i] = 0x5e5e;
	r = recv_soon(ep, 100);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, r.msg.info, KAAL_MSGINFO(LONG_LABEL, 0, 7));
	EXPECT_EQ(t, t->ipc->mr[6], 0x3006);
	bad = 0;
	for (unsigned int i = 7; i < KAAL_MSG_MAX_WORDS; i++)
		bad += t->ipc->mr[i] != 0x5e5e;
	EXPECT_EQ(t, bad, 0);
	reply.info = KAAL_MSGINFO(REPLY_LABEL, 0, 0);
	EXPECT_OK(t, kaal_reply(&reply));
	YIELD_UNTIL(p.error != -1, 100);
	EXPECT_OK(t, p.error);
	EXPECT_EQ(t, p.word, 0);
}

/* Labels and lengths round trip; the sender's extra_caps and
 * caps_unwrapped bits do not (nothing was transferred). */
static const struct {
	kaal_word_t label, len;
} infos[] = {
	{ 0, 0 },	   { 1, 1 },
	{ 0x123, 5 },	   { 0xfffffffffffffull, 6 },
	{ 1ull << 51, 7 }, { 0x8000, 63 },
	{ 42, 64 },
};

static void info_caller(kaal_word_t arg)
{
	struct party *p = (void *)arg;
	kaal_word_t bad = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(infos); i++) {
		struct kaal_msg m = { KAAL_MSGINFO(infos[i].label, 0,
						   infos[i].len) |
					      (7ul << 9),
				      { i } };
		struct kaal_recv_ret r = kaal_call(p->ep, &m);

		if (r.error ||
		    r.msg.info !=
			    KAAL_MSGINFO(~infos[i].label & 0xfffffffffffffull,
					 0, infos[i].len / 2) ||
		    (infos[i].len > 1 && r.msg.mr[0] != i + 1))
			bad |= 1ul << i;
	}
	p->word = bad;
	p->error = 0;
}

static void ipc_info_roundtrip(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct party p = { .ep = ep, .error = -1 };
	struct kaal_recv_ret r;
	struct kaal_thread th;

	if (!ep || !t_spawn(t, &th, ROOT_PRIO(t), info_caller, (kaal_word_t)&p))
		return;
	r = kaal_recv(ep);
	for (unsigned int i = 0; i < ARRAY_SIZE(infos); i++) {
		struct kaal_msg reply = {
			KAAL_MSGINFO(~infos[i].label & 0xfffffffffffffull, 0,
				     infos[i].len / 2),
			{ i + 1 }
		};

		if (!EXPECT_OK(t, r.error) ||
		    !EXPECT_EQ(t, r.msg.info,
			       KAAL_MSGINFO(infos[i].label, 0, infos[i].len)) ||
		    (infos[i].len && !EXPECT_EQ(t, r.msg.mr[0], i)))
			break;
		if (i + 1 < ARRAY_SIZE(infos)) {
			r = kaal_reply_recv(ep, &reply);
		} else {
			EXPECT_OK(t, kaal_reply(&reply));
		}
	}
	YIELD_UNTIL(p.error != -1, 100);
	EXPECT_OK(t, p.error);
	EXPECT_EQ(t, p.word, 0);
}

static void caller_once(kaal_word_t arg)
{
	struct party *p = (void *)arg;
	struct kaal_msg m = { KAAL_MSGINFO(p->label, 0, 0), { 0 } };
	struct kaal_recv_ret r;

	p->started = 1;
	r = kaal_call(p->ep, &m);

	p->got_label = KAAL_MSGINFO_LABEL(r.msg.info);
	p->word++; /* how many times the call returned */
	p->error = r.error;
}

/* A reply right is used once; a caller that is gone leaves nobody to
 * reply to, and the reply says so. */
static void ipc_reply_once(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct kaal_msg r1 = { KAAL_MSGINFO(0x51, 0, 0), { 0 } };
	struct kaal_msg r2 = { KAAL_MSGINFO(0x52, 0, 0), { 0 } };
	struct party a = { .ep = ep, .label = 1 }, b = a, c = a;
	struct kaal_thread tb, tc;

	if (!ep || !start_party(t, &a, caller_once))
		return;
	EXPECT_OK(t, recv_soon(ep, 10).error);
	EXPECT_OK(t, kaal_reply(&r1));
	EXPECT_ERR(t, kaal_reply(&r2), KAAL_E_NO_REPLY);
	YIELD_UNTIL(a.error != -1, 100);
	EXPECT_OK(t, a.error);
	EXPECT_EQ(t, a.got_label, 0x51);
	EXPECT_EQ(t, a.word, 1);
	/* The caller is suspended while we hold its reply right. */
	b.error = c.error = -1;
	if (!t_spawn(t, &tb, ROOT_PRIO(t), caller_once, (kaal_word_t)&b))
		return;
	EXPECT_OK(t, recv_soon(ep, 10).error);
	EXPECT_OK(t, kaal_thread_suspend(tb.tcb));
	EXPECT_ERR(t, kaal_reply(&r1), KAAL_E_NO_REPLY);
	/* The caller is destroyed while we hold its reply right. */
	if (!t_spawn(t, &tc, ROOT_PRIO(t), caller_once, (kaal_word_t)&c))
		return;
	EXPECT_OK(t, recv_soon(ep, 10).error);
	EXPECT_OK(t, kaal_cap_delete(CNODE, tc.tcb, DEPTH));
	EXPECT_ERR(t, kaal_reply(&r1), KAAL_E_NO_REPLY);
	EXPECT_EQ(t, c.error, -1);
}

struct server_ctx {
	kaal_cptr_t ep, park;
	volatile int received;
};

/* Take one call, then wait for ever holding the reply right. */
static void lazy_server(kaal_word_t arg)
{
	struct server_ctx *s = (void *)arg;

	kaal_recv(s->ep);
	s->received = 1;
	kaal_wait(s->park);
}

/* A caller whose server is suspended or destroyed before replying
 * wakes with KAAL_E_NO_REPLY. */
static void ipc_server_gone(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t park = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	struct server_ctx s = { ep, park, 0 };
	struct party c[2] = { { .ep = ep, .label = 1 },
			      { .ep = ep, .label = 2 } };
	struct kaal_thread server;

	for (int round = 0; round < 2; round++) {
		s.received = 0;
		if (!ep || !park ||
		    !t_spawn(t, &server, ROOT_PRIO(t), lazy_server,
			     (kaal_word_t)&s))
			return;
		yield_n(2);
		if (!start_party(t, &c[round], caller_once))
			return;
		YIELD_UNTIL(s.received, 100);
		if (!EXPECT(t, s.received) || !EXPECT_EQ(t, c[round].error, -1))
			return;
		if (round == 0)
			EXPECT_OK(t, kaal_thread_suspend(server.tcb));
		else
			EXPECT_OK(t, kaal_cap_delete(CNODE, server.tcb, DEPTH));
		YIELD_UNTIL(c[round].error != -1, 100);
		EXPECT_ERR(t, c[round].error, KAAL_E_NO_REPLY);
		EXPECT_EQ(t, c[round].word, 1);
	}
}

/* reply_recv refused for lack of the read right must not have replied:
 * a call that returns an error changes nothing. */
static void ipc_reply_recv_refused(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t wo = ep ? t_mint(t, ep, KAAL_RIGHT_WRITE, 0) : 0;
	struct kaal_msg r1 = { KAAL_MSGINFO(0x61, 0, 0), { 0 } };
	struct party a = { .ep = ep, .label = 1 };

	if (!wo || !start_party(t, &a, caller_once))
		return;
	EXPECT_OK(t, recv_soon(ep, 10).error);
	EXPECT_ERR(t, kaal_reply_recv(wo, &r1).error, KAAL_E_NO_RIGHTS);
	yield_n(3);
	EXPECT_EQ(t, a.error, -1); /* still waiting for the reply */
	EXPECT_OK(t, kaal_reply(&r1));
	YIELD_UNTIL(a.error != -1, 100);
	EXPECT_OK(t, a.error);
	EXPECT_EQ(t, a.got_label, 0x61);
}

/* A thread suspended while it waits in recv is out of the queue; resumed,
 * it waits again (the system call restarts) and gets the next message. */
static void ipc_suspend_blocked(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct kaal_msg m = { KAAL_MSGINFO(0x71, 0, 1), { 0x71 } };
	struct party p = { .ep = ep };
	struct kaal_thread th;

	if (!ep || !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))))
		return;
	p.error = -1;
	if (!EXPECT_OK(t, kaal_thread_start(&th, recv_one, (kaal_word_t)&p)))
		return;
	yield_n(3);
	EXPECT_OK(t, kaal_thread_suspend(th.tcb));
	EXPECT_ERR(t, kaal_nbsend(ep, &m), KAAL_E_WOULD_BLOCK);
	EXPECT_OK(t, kaal_thread_resume(th.tcb));
	yield_n(3);
	/* Not woken by the suspension: it is receiving again. */
	if (!EXPECT_EQ(t, p.error, -1))
		return;
	EXPECT_OK(t, kaal_nbsend(ep, &m));
	YIELD_UNTIL(p.error != -1, 100);
	EXPECT_OK(t, p.error);
	EXPECT_EQ(t, p.got_label, 0x71);
}

/* ---- capability transfer ---------------------------------------------- */

#define XFER_ROUNDS 6

struct xfer_ctx {
	kaal_cptr_t ep;
	kaal_cptr_t slot[XFER_ROUNDS]; /* receive slot of each round */
	volatile int waiting;	       /* round it waits in, from 1 */
	volatile long error[XFER_ROUNDS];
	volatile kaal_word_t info[XFER_ROUNDS], caps0[XFER_ROUNDS],
		mr0[XFER_ROUNDS];
	struct kaal_ipc_buffer *ipc;
};

static void xfer_receiver(kaal_word_t arg)
{
	struct xfer_ctx *c = (void *)arg;

	for (int i = 0; i < XFER_ROUNDS; i++) {
		struct kaal_recv_ret r;

		c->ipc->recv_cnode = CNODE;
		c->ipc->recv_index = c->slot[i];
		c->ipc->recv_depth = DEPTH;
		c->ipc->caps[0] = 0xdead;
		c->waiting = i + 1;
		r = kaal_recv(c->ep);
		c->info[i] = r.msg.info;
		c->mr0[i] = r.msg.mr[0];
		c->caps0[i] = c->ipc->caps[0];
		c->error[i] = r.error;
	}
}

/* Send in round i (from 0) to the receiver, caps as given. */
static void xfer_send(struct test *t, struct xfer_ctx *c, int i,
		      kaal_cptr_t via, unsigned int ncaps, kaal_cptr_t cap0,
		      kaal_cptr_t cap1)
{
	struct kaal_msg m = { KAAL_MSGINFO(0x80 + i, ncaps, 1), { 0x900 + i } };

	YIELD_UNTIL(c->waiting == i + 1, 100);
	yield_n(1);
	t->ipc->caps[0] = cap0;
	t->ipc->caps[1] = cap1;
	test_expect_err(t, __LINE__, "nbsend to the receiver",
			kaal_nbsend(via, &m), KAAL_OK, KAAL_OK);
	YIELD_UNTIL(c->error[i] != -1, 100);
	test_expect_err(t, __LINE__, "receiver", c->error[i], KAAL_OK, KAAL_OK);
	test_expect_eq(t, __LINE__, "message word", c->mr0[i], 0x900 + i);
	test_expect_eq(t, __LINE__, "label", KAAL_MSGINFO_LABEL(c->info[i]),
		       0x80 + i);
}

static void ipc_cap_transfer(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t ut = t_untyped(t, 12);
	kaal_cptr_t nb =
		n ? t_mint(t, n, KAAL_RIGHT_WRITE | KAAL_RIGHT_GRANT, 0x9) : 0;
	kaal_cptr_t no_grant = ep ? t_mint(t, ep, KAAL_RIGHT_WRITE, 0) : 0;
	kaal_cptr_t self = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0x5a) : 0;
	struct xfer_ctx c = { .ep = ep };
	struct kaal_thread th;
	struct kaal_identify_ret id;

	for (int i = 0; i < XFER_ROUNDS; i++) {
		c.slot[i] = t_slot(t);
		c.error[i] = -1;
	}
	if (!ut || !nb || !no_grant || !self || !c.slot[XFER_ROUNDS - 1] ||
	    !t_thread(t, &th, 0))
		return;
	c.ipc = th.ipc_buffer;
	/* Round 3's receive slot is taken. */
	EXPECT_OK(t, kaal_cap_copy(CNODE, c.slot[3], DEPTH, CNODE, ep, DEPTH,
				   KAAL_RIGHT_READ));
	if (!EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t,
		       kaal_thread_start(&th, xfer_receiver, (kaal_word_t)&c)))
		return;
	/* 0: with grant, the capability arrives with its rights and badge. */
	xfer_send(t, &c, 0, ep, 1, nb, 0);
	EXPECT_EQ(t, KAAL_MSGINFO_CAPS(c.info[0]), 1);
	EXPECT_EQ(t, KAAL_MSGINFO_UNWRAPPED(c.info[0]), 0);
	id = kaal_cap_identify(c.slot[0]);
	EXPECT_EQ(t, id.type, KAAL_OBJ_NOTIFICATION);
	EXPECT_EQ(t, id.badge, 0x9);
	EXPECT_EQ(t, id.rights, KAAL_RIGHT_WRITE | KAAL_RIGHT_GRANT);
	/* 1: without grant, silently nothing. */
	xfer_send(t, &c, 1, no_grant, 1, nb, 0);
	EXPECT_EQ(t, KAAL_MSGINFO_CAPS(c.info[1]), 0);
	EXPECT(t, slot_empty(c.slot[1]));
	/* 2: a badged capability to the endpoint itself is unwrapped: only
	 * its badge arrives, and the receive slot stays empty. */
	xfer_send(t, &c, 2, ep, 1, self, 0);
	EXPECT_EQ(t, KAAL_MSGINFO_CAPS(c.info[2]), 1);
	EXPECT_EQ(t, KAAL_MSGINFO_UNWRAPPED(c.info[2]), 1);
	EXPECT_EQ(t, c.caps0[2], 0x5a);
	EXPECT(t, slot_empty(c.slot[2]));
	/* 3: the receive slot is full: the message comes, the cap does not. */
	xfer_send(t, &c, 3, ep, 1, nb, 0);
	EXPECT_EQ(t, KAAL_MSGINFO_CAPS(c.info[3]), 0);
	EXPECT_EQ(t, kaal_cap_identify(c.slot[3]).type, KAAL_OBJ_ENDPOINT);
	/* 4: an untyped cannot be copied, so it does not travel. */
	xfer_send(t, &c, 4, ep, 1, ut, 0);
	EXPECT_EQ(t, KAAL_MSGINFO_CAPS(c.info[4]), 0);
	EXPECT(t, slot_empty(c.slot[4]));
	EXPECT_EQ(t, slot_type(ut), KAAL_OBJ_UNTYPED);
	/* 5: one unwrapped, then one transferred. */
	xfer_send(t, &c, 5, ep, 2, self, nb);
	EXPECT_EQ(t, KAAL_MSGINFO_CAPS(c.info[5]), 2);
	EXPECT_EQ(t, KAAL_MSGINFO_UNWRAPPED(c.info[5]), 1);
	EXPECT_EQ(t, c.caps0[5], 0x5a);
	EXPECT_EQ(t, slot_type(c.slot[5]), KAAL_OBJ_NOTIFICATION);
	/* Our copies are where they were. */
	EXPECT_EQ(t, kaal_cap_identify(nb).badge, 0x9);
	EXPECT_EQ(t, kaal_cap_identify(self).badge, 0x5a);
}

struct cap_sender {
	kaal_cptr_t ep, cap;
	struct kaal_ipc_buffer *ipc;
	volatile long error;
};

static void send_cap(kaal_word_t arg)
{
	struct cap_sender *s = (void *)arg;
	struct kaal_msg m = { KAAL_MSGINFO(0x99, 1, 0), { 0 } };

	s->ipc->caps[0] = s->cap;
	s->error = kaal_send(s->ep, &m);
}

/* A queued sender's capability is transferred when the receiver comes,
 * into the slot it names: here one of another CNode. */
static void ipc_cap_transfer_queued(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t nb = n ? t_mint(t, n, KAAL_RIGHTS_ALL, 0x3c) : 0;
	kaal_cptr_t cn = t_cnode(t, 4);
	struct cap_sender s = { ep, nb, 0, -1 };
	struct kaal_recv_ret r;
	struct kaal_thread th;

	if (!nb || !cn || !t_thread(t, &th, 0))
		return;
	s.ipc = th.ipc_buffer;
	if (!EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, send_cap, (kaal_word_t)&s)))
		return;
	yield_n(3);
	t->ipc->recv_cnode = cn;
	t->ipc->recv_index = 5;
	t->ipc->recv_depth = DEPTH;
	r = recv_soon(ep, 10);
	t->ipc->recv_cnode = 0;
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, r.msg.info, KAAL_MSGINFO(0x99, 1, 0));
	EXPECT_EQ(t, t_type_at(t, cn, 5, DEPTH), KAAL_OBJ_NOTIFICATION);
	YIELD_UNTIL(s.error != -1, 100);
	EXPECT_OK(t, s.error);
	/* Revoking the sender's copy reaches the received one. */
	EXPECT_OK(t, kaal_cap_revoke(CNODE, nb, DEPTH));
	EXPECT_EQ(t, t_type_at(t, cn, 5, DEPTH), KAAL_OBJ_NULL);
}

/* The non-blocking calls never queue anything. */
static void ipc_nonblocking(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	struct kaal_msg m = { KAAL_MSGINFO(0x3, 0, 1), { 0x3 } };
	struct party p = { .label = 9 };
	struct kaal_recv_ret r;

	if (!ep)
		return;
	EXPECT_ERR(t, kaal_nbsend(ep, &m), KAAL_E_WOULD_BLOCK);
	EXPECT_ERR(t, kaal_nbrecv(ep).error, KAAL_E_WOULD_BLOCK);
	/* With a sender queued, nbsend still finds no receiver, and the
	 * queue is as it was. */
	p.ep = ep;
	if (!start_party(t, &p, send_one))
		return;
	EXPECT_ERR(t, kaal_nbsend(ep, &m), KAAL_E_WOULD_BLOCK);
	r = kaal_nbrecv(ep);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, r.msg.info, KAAL_MSGINFO(9, 0, 1));
	EXPECT_ERR(t, kaal_nbrecv(ep).error, KAAL_E_WOULD_BLOCK);
	/* The sender returns from its send and writes p.error: wait for it,
	 * p lives on this stack. */
	YIELD_UNTIL(p.error != -1, 100);
	EXPECT_OK(t, p.error);
}

/* ---- a server loop ------------------------------------------------------ */

#define CLIENTS 3
#define CALLS	20

struct loop_ctx {
	kaal_cptr_t ep;
	kaal_cptr_t client_ep[CLIENTS];
	volatile int done[CLIENTS];
	volatile kaal_word_t bad[CLIENTS];
	volatile kaal_word_t served;
};

static void loop_server(kaal_word_t arg)
{
	struct loop_ctx *c = (void *)arg;
	struct kaal_recv_ret r = kaal_recv(c->ep);

	while (!r.error) {
		struct kaal_msg reply = { KAAL_MSGINFO(0, 0, 2),
					  { r.msg.mr[0] * 2 + r.badge,
					    r.badge } };

		c->served++;
		r = kaal_reply_recv(c->ep, &reply);
	}
}

static void loop_client(kaal_word_t arg)
{
	struct loop_ctx *c = (void *)(arg & ~0x7ul);
	unsigned int i = arg & 0x7;

	for (kaal_word_t k = 0; k < CALLS; k++) {
		struct kaal_msg m = { KAAL_MSGINFO(1, 0, 1), { k } };
		struct kaal_recv_ret r = kaal_call(c->client_ep[i], &m);

		if (r.error || r.badge || r.msg.mr[0] != k * 2 + i + 1 ||
		    r.msg.mr[1] != i + 1)
			c->bad[i]++;
	}
	c->done[i] = 1;
}

/* One server in a reply_recv loop, three clients calling it. */
static void ipc_server_loop(struct test *t)
{
	static struct loop_ctx c;
	struct kaal_thread th;

	c = (struct loop_ctx){ .ep = t_object(t, KAAL_OBJ_ENDPOINT, 0) };
	if (!c.ep ||
	    !t_spawn(t, &th, ROOT_PRIO(t), loop_server, (kaal_word_t)&c))
		return;
	for (unsigned int i = 0; i < CLIENTS; i++) {
		c.client_ep[i] = t_mint(t, c.ep, KAAL_RIGHT_WRITE, i + 1);
		if (!c.client_ep[i] ||
		    !t_spawn(t, &th, ROOT_PRIO(t), loop_client,
			     (kaal_word_t)&c | i))
			return;
	}
	YIELD_UNTIL(c.done[0] && c.done[1] && c.done[2], 1000);
	for (unsigned int i = 0; i < CLIENTS; i++) {
		EXPECT(t, c.done[i]);
		EXPECT_EQ(t, c.bad[i], 0);
	}
	EXPECT_EQ(t, c.served, CLIENTS * CALLS);
}

static const struct test_case cases[] = {
	{ "ipc_fifo_senders", ipc_fifo_senders },
	{ "ipc_fifo_receivers", ipc_fifo_receivers },
	{ "ipc_long_message", ipc_long_message },
	{ "ipc_info_roundtrip", ipc_info_roundtrip },
	{ "ipc_reply_once", ipc_reply_once },
	{ "ipc_server_gone", ipc_server_gone },
	{ "ipc_reply_recv_refused", ipc_reply_recv_refused },
	{ "ipc_suspend_blocked", ipc_suspend_blocked },
	{ "ipc_cap_transfer", ipc_cap_transfer },
	{ "ipc_cap_transfer_queued", ipc_cap_transfer_queued },
	{ "ipc_nonblocking", ipc_nonblocking },
	{ "ipc_server_loop", ipc_server_loop },
};

TEST_SUITE(endpoint_suite, cases);
