// SPDX-License-Identifier: BSD-2-Clause
/*
 * IPC and notifications: the error codes of the non-blocking and reply
 * calls, then real exchanges with child threads. A child runs at the
 * default priority (below the root task's) unless a case raises it, so
 * it runs exactly when the root task blocks.
 */
#include "test.h"

#define CHILD_BADGE 0x77ul
#define LABEL_DONE  0x99ul

static const struct kaal_msg empty_msg;

static void ipc_errors(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t ntfn = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t ro = ep ? t_mint(t, ep, KAAL_RIGHT_READ, 0) : 0;
	kaal_cptr_t wo = ep ? t_mint(t, ep, KAAL_RIGHT_WRITE, 0) : 0;
	struct kaal_msg too_long = { KAAL_MSGINFO(0, 0, KAAL_MSG_MAX_WORDS + 1),
				     { 0 } };

	if (!page || !ntfn || !ro || !wo)
		return;
	EXPECT_ERR(t, kaal_nbrecv(ep).error, KAAL_E_WOULD_BLOCK);
	EXPECT_ERR(t, kaal_nbsend(ep, &empty_msg), KAAL_E_WOULD_BLOCK);
	EXPECT_ERR(t, kaal_reply(&empty_msg), KAAL_E_NO_REPLY);
	EXPECT_ERR(t, kaal_nbsend(ro, &empty_msg), KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, kaal_nbrecv(wo).error, KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, kaal_nbsend(ntfn, &empty_msg), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_nbrecv(page).error, KAAL_E_WRONG_TYPE);
	EXPECT_ERR2(t, kaal_nbsend(ep, &too_long), KAAL_E_INVALID_ARG,
		    KAAL_E_RANGE);
	EXPECT_ERR(t, kaal_nbrecv(ep).error, KAAL_E_WOULD_BLOCK);
}

struct call_ctx {
	kaal_cptr_t ep;
	struct kaal_ipc_buffer *ipc; /* the child's */
};

/* What the caller found wrong with the reply, 0 if nothing. */
static kaal_word_t check_reply(const struct call_ctx *c, struct kaal_recv_ret r)
{
	if (r.error)
		return 0x100 | r.error;
	if (KAAL_MSGINFO_LABEL(r.msg.info) != 6 ||
	    KAAL_MSGINFO_LEN(r.msg.info) != 8)
		return 2;
	for (int i = 0; i < KAAL_MSG_REG_WORDS; i++)
		if (r.msg.mr[i] != 101ul + i)
			return 3;
	if (c->ipc->mr[6] != 107 || c->ipc->mr[7] != 108)
		return 4;
	return r.badge ? 5 : 0;
}

/* Call with an 8-word message (two words in the IPC buffer), check the
 * reply, report the result with a plain send. */
static void caller(kaal_word_t arg)
{
	const struct call_ctx *c = (const void *)arg;
	struct kaal_msg m = { KAAL_MSGINFO(5, 0, 8), { 1, 2, 3, 4, 5, 6 } };
	struct kaal_msg done = { KAAL_MSGINFO(LABEL_DONE, 0, 1), { 0 } };

	c->ipc->mr[6] = 7;
	c->ipc->mr[7] = 8;
	done.mr[0] = check_reply(c, kaal_call(c->ep, &m));
	kaal_send(c->ep, &done);
}

static void ipc_call_reply(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t badged = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, CHILD_BADGE) :
				  0;
	struct kaal_msg reply = { KAAL_MSGINFO(6, 0, 8),
				  { 101, 102, 103, 104, 105, 106 } };
	struct kaal_thread th;
	struct call_ctx ctx;
	struct kaal_recv_ret r;

	if (!badged || !t_thread(t, &th, 0))
		return;
	ctx = (struct call_ctx){ badged, th.ipc_buffer };
	if (!EXPECT_OK(t, kaal_thread_start(&th, caller, (kaal_word_t)&ctx)))
		return;
	r = kaal_recv(ep);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, r.badge, CHILD_BADGE);
	EXPECT_EQ(t, r.msg.info, KAAL_MSGINFO(5, 0, 8));
	for (int i = 0; i < KAAL_MSG_REG_WORDS; i++)
		EXPECT_EQ(t, r.msg.mr[i], i + 1ul);
	EXPECT_EQ(t, t->ipc->mr[6], 7);
	EXPECT_EQ(t, t->ipc->mr[7], 8);
	t->ipc->mr[6] = 107;
	t->ipc->mr[7] = 108;
	r = kaal_reply_recv(ep, &reply);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, KAAL_MSGINFO_LABEL(r.msg.info), LABEL_DONE);
	EXPECT_EQ(t, r.msg.mr[0], 0); /* the caller's verdict */
	/* The reply right was used up. */
	EXPECT_ERR(t, kaal_reply(&reply), KAAL_E_NO_REPLY);
	EXPECT_OK(t, kaal_thread_suspend(th.tcb));
}

static void sender(kaal_word_t ep)
{
	for (kaal_word_t i = 1; i <= 3; i++) {
		struct kaal_msg m = { KAAL_MSGINFO(i, 0, 2), { i * 10, ~i } };

		kaal_send(ep, &m);
	}
	/* Returning suspends this thread (kaal_thread_entry). */
}

static void ipc_send_recv(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t badged = ep ? t_mint(t, ep, KAAL_RIGHT_WRITE, CHILD_BADGE) :
				  0;
	struct kaal_thread th;

	if (!badged || !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, sender, badged)))
		return;
	for (kaal_word_t i = 1; i <= 3; i++) {
		struct kaal_recv_ret r = kaal_recv(ep);

		EXPECT_OK(t, r.error);
		EXPECT_EQ(t, r.badge, CHILD_BADGE);
		EXPECT_EQ(t, r.msg.info, KAAL_MSGINFO(i, 0, 2));
		EXPECT_EQ(t, r.msg.mr[0], i * 10);
		EXPECT_EQ(t, r.msg.mr[1], ~i);
	}
	/* The sender has finished: nothing more is queued. */
	EXPECT_ERR(t, kaal_nbrecv(ep).error, KAAL_E_WOULD_BLOCK);
}

/* Call on ep (a badged copy), then report how the call ended. */
static void caller_reporting(kaal_word_t ep)
{
	struct kaal_msg m = { KAAL_MSGINFO(1, 0, 0), { 0 } };
	struct kaal_recv_ret r = kaal_call(ep, &m);

	m = (struct kaal_msg){ KAAL_MSGINFO(LABEL_DONE, 0, 1), { r.error } };
	kaal_send(ep, &m);
}

/* A receiver holds one reply right: taking a second call releases the
 * first caller with KAAL_E_NO_REPLY. */
static void ipc_reply_replaced(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t ea = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0xa) : 0;
	kaal_cptr_t eb = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, 0xb) : 0;
	struct kaal_msg ok = { KAAL_MSGINFO(2, 0, 0), { 0 } };
	struct kaal_thread a, b;
	struct kaal_recv_ret r;
	kaal_word_t done[16] = { 0 };

	if (!ea || !eb || !t_thread(t, &a, 0) || !t_thread(t, &b, 0) ||
	    !EXPECT_OK(t, kaal_thread_start(&a, caller_reporting, ea)))
		return;
	EXPECT_EQ(t, kaal_recv(ep).badge, 0xa);
	if (!EXPECT_OK(t, kaal_thread_start(&b, caller_reporting, eb)))
		return;
	EXPECT_EQ(t, kaal_recv(ep).badge, 0xb);
	EXPECT_OK(t, kaal_reply(&ok));
	for (int i = 0; i < 2; i++) {
		r = kaal_recv(ep);
		if (EXPECT_OK(t, r.error) && EXPECT(t, r.badge < 16) &&
		    EXPECT_EQ(t, KAAL_MSGINFO_LABEL(r.msg.info), LABEL_DONE))
			done[r.badge] = 0x100 | r.msg.mr[0];
	}
	EXPECT_EQ(t, done[0xa], 0x100 | KAAL_E_NO_REPLY);
	EXPECT_EQ(t, done[0xb], 0x100 | KAAL_OK);
}

static void ntfn_signal_poll(struct test *t)
{
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t b1 = n ? t_mint(t, n, KAAL_RIGHTS_ALL, 0x1) : 0;
	kaal_cptr_t b4 = n ? t_mint(t, n, KAAL_RIGHTS_ALL, 0x4) : 0;
	struct kaal_word_ret w;

	if (!b1 || !b4)
		return;
	w = kaal_poll(n);
	EXPECT_OK(t, w.error);
	EXPECT_EQ(t, w.value, 0);
	EXPECT_OK(t, kaal_signal(b1));
	EXPECT_OK(t, kaal_signal(b4));
	EXPECT_OK(t, kaal_signal(b4));
	w = kaal_poll(n);
	EXPECT_OK(t, w.error);
	if (!EXPECT_EQ(t, w.value, 0x5))
		return; /* wait below could block for ever */
	EXPECT_EQ(t, kaal_poll(n).value, 0);
	EXPECT_OK(t, kaal_signal(b1));
	w = kaal_wait(n);
	EXPECT_OK(t, w.error);
	EXPECT_EQ(t, w.value, 0x1);
}

static void ntfn_errors(struct test *t)
{
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t ro = n ? t_mint(t, n, KAAL_RIGHT_READ, 0x2) : 0;
	kaal_cptr_t wo = n ? t_mint(t, n, KAAL_RIGHT_WRITE, 0x2) : 0;

	if (!ep || !ro || !wo)
		return;
	EXPECT_ERR(t, kaal_wait(ep).error, KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_poll(ep).error, KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_signal(KAAL_CAP_INIT_TCB), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_signal(ro), KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, kaal_poll(wo).error, KAAL_E_NO_RIGHTS);
	EXPECT_EQ(t, kaal_poll(n).value,
		  0); /* the refused signal left no trace */
}

struct wake_ctx {
	kaal_cptr_t in, out;
	volatile long error;
	volatile kaal_word_t value;
};

static void waiter(kaal_word_t arg)
{
	struct wake_ctx *c = (void *)arg;
	struct kaal_word_ret w = kaal_wait(c->in);

	c->value = w.value;
	c->error = w.error;
	kaal_signal(c->out);
}

/* A thread blocked in wait is woken by a signal. */
static void ntfn_wake(struct test *t)
{
	kaal_cptr_t in = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t out = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t in8 = in ? t_mint(t, in, KAAL_RIGHTS_ALL, 0x8) : 0;
	struct wake_ctx ctx = { in, out, -1, 0 };
	struct kaal_thread th;

	if (!out || !in8 || !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						t->bi->config.max_priority)) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, waiter, (kaal_word_t)&ctx)))
		return;
	for (int i = 0; i < 10; i++)
		kaal_yield(); /* the child blocks in wait */
	EXPECT_EQ(t, ctx.error, -1);
	EXPECT_OK(t, kaal_signal(in8));
	EXPECT_OK(t, kaal_wait(out).error);
	EXPECT_OK(t, ctx.error);
	EXPECT_EQ(t, ctx.value, 0x8);
}

struct bound_ctx {
	kaal_cptr_t ep;
	volatile long error;
	volatile kaal_word_t info, badge;
};

static void bound_receiver(kaal_word_t arg)
{
	struct bound_ctx *c = (void *)arg;
	struct kaal_recv_ret r = kaal_recv(c->ep);

	c->info = r.msg.info;
	c->badge = r.badge;
	c->error = r.error;
}

/* A signal to a thread's bound notification ends its receive on an
 * endpoint (message.h: KAAL_LABEL_NOTIFICATION). */
static void ntfn_bound(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t n3 = n ? t_mint(t, n, KAAL_RIGHTS_ALL, 0x3) : 0;
	struct bound_ctx ctx = { ep, -1, 0, 0 };
	struct kaal_thread th;

	if (!ep || !n3 || !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_bind_notification(th.tcb, n)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						t->bi->config.max_priority)) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, bound_receiver,
					    (kaal_word_t)&ctx)))
		return;
	for (int i = 0; i < 10; i++)
		kaal_yield(); /* the child blocks in recv */
	EXPECT_EQ(t, ctx.error, -1);
	EXPECT_OK(t, kaal_signal(n3));
	for (int i = 0; i < 100 && ctx.error == -1; i++)
		kaal_yield();
	kaal_thread_suspend(th.tcb);
	EXPECT_OK(t, ctx.error);
	EXPECT_EQ(t, ctx.info, KAAL_MSGINFO(KAAL_LABEL_NOTIFICATION, 0, 0));
	EXPECT_EQ(t, ctx.badge, 0x3);
	EXPECT_EQ(t, kaal_poll(n).value, 0); /* the word was taken */
}

/* One thread per notification: a refused bind keeps the old binding. */
static void ntfn_bind_busy(struct test *t)
{
	kaal_cptr_t n1 = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t n2 = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t a = t_object(t, KAAL_OBJ_TCB, 0);
	kaal_cptr_t b = t_object(t, KAAL_OBJ_TCB, 0);
	kaal_cptr_t c = t_object(t, KAAL_OBJ_TCB, 0);

	if (!n1 || !n2 || !a || !b || !c)
		return;
	EXPECT_OK(t, kaal_tcb_bind_notification(a, n1));
	EXPECT_OK(t, kaal_tcb_bind_notification(b, n2));
	EXPECT_ERR(t, kaal_tcb_bind_notification(b, n1), KAAL_E_BUSY);
	/* b is still bound to n2, so n2 is not free for c. */
	EXPECT_ERR(t, kaal_tcb_bind_notification(c, n2), KAAL_E_BUSY);
	/* Unbinding (ntfn 0) frees it. */
	EXPECT_OK(t, kaal_tcb_bind_notification(b, 0));
	EXPECT_OK(t, kaal_tcb_bind_notification(c, n2));
}

static const struct test_case cases[] = {
	{ "ipc_errors", ipc_errors },
	{ "ipc_call_reply", ipc_call_reply },
	{ "ipc_send_recv", ipc_send_recv },
	{ "ipc_reply_replaced", ipc_reply_replaced },
	{ "ntfn_signal_poll", ntfn_signal_poll },
	{ "ntfn_errors", ntfn_errors },
	{ "ntfn_wake", ntfn_wake },
	{ "ntfn_bound", ntfn_bound },
	{ "ntfn_bind_busy", ntfn_bind_busy },
};

TEST_SUITE(ipc_suite, cases);
