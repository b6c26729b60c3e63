// SPDX-License-Identifier: BSD-2-Clause
/*
 * Notifications in detail: badges OR together until a wait takes and
 * clears the word, poll never blocks, waiters are woken in order, and a
 * bound notification interrupts (or pre-empts) a receive on an endpoint.
 */
#include "test.h"

struct waiter {
	kaal_cptr_t ntfn;
	volatile int started;
	volatile long error;
	volatile kaal_word_t value;
};

static void wait_once(kaal_word_t arg)
{
	struct waiter *w = (void *)arg;
	struct kaal_word_ret r;

	w->started = 1;
	r = kaal_wait(w->ntfn);
	w->value = r.value;
	w->error = r.error;
}

static int start_waiter(struct test *t, struct waiter *w)
{
	struct kaal_thread th;

	w->started = 0;
	w->error = -1;
	if (!t_spawn(t, &th, ROOT_PRIO(t), wait_once, (kaal_word_t)w))
		return 0;
	YIELD_UNTIL(w->started, 100);
	yield_n(2);
	return EXPECT_EQ(t, w->error, -1);
}

/* Signals before a wait accumulate (OR of the badges; 1 when unbadged);
 * the wait takes them all and clears the word. */
static void ntfn_or_then_wait(struct test *t)
{
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t b10 = n ? t_mint(t, n, KAAL_RIGHT_WRITE, 0x10) : 0;
	kaal_cptr_t b6 = n ? t_mint(t, n, KAAL_RIGHT_WRITE, 0x6) : 0;
	kaal_cptr_t plain = n ? t_mint(t, n, KAAL_RIGHT_WRITE, 0) : 0;
	struct kaal_word_ret w;

	if (!b10 || !b6 || !plain)
		return;
	EXPECT_OK(t, kaal_signal(b10));
	EXPECT_OK(t, kaal_signal(b6));
	EXPECT_OK(t, kaal_signal(b6));
	w = kaal_wait(n);
	EXPECT_OK(t, w.error);
	EXPECT_EQ(t, w.value, 0x16);
	w = kaal_poll(n);
	EXPECT_OK(t, w.error);
	EXPECT_EQ(t, w.value, 0);
	EXPECT_OK(t, kaal_signal(plain));
	EXPECT_OK(t, kaal_signal(b10));
	EXPECT_EQ(t, kaal_wait(n).value, 0x11);
	/* A poll with nothing pending returns at once, with 0. */
	w = kaal_poll(n);
	EXPECT_OK(t, w.error);
	EXPECT_EQ(t, w.value, 0);
}

/* Waiters are woken one per signal, first come first served, each with
 * the word as it was. Poll does not take a waiter's place. */
static void ntfn_waiters_fifo(struct test *t)
{
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t b1 = n ? t_mint(t, n, KAAL_RIGHT_WRITE, 0x1) : 0;
	kaal_cptr_t b2 = n ? t_mint(t, n, KAAL_RIGHT_WRITE, 0x2) : 0;
	struct waiter w[2] = { { .ntfn = n }, { .ntfn = n } };

	if (!b1 || !b2 || !start_waiter(t, &w[0]) || !start_waiter(t, &w[1]))
		return;
	EXPECT_EQ(t, kaal_poll(n).value, 0);
	EXPECT_OK(t, kaal_signal(b2));
	YIELD_UNTIL(w[0].error != -1, 100);
	EXPECT_OK(t, w[0].error);
	EXPECT_EQ(t, w[0].value, 0x2);
	EXPECT_EQ(t, w[1].error, -1);
	EXPECT_OK(t, kaal_signal(b1));
	YIELD_UNTIL(w[1].error != -1, 100);
	EXPECT_OK(t, w[1].error);
	EXPECT_EQ(t, w[1].value, 0x1);
	EXPECT_EQ(t, kaal_poll(n).value, 0);
}

struct bound_rx {
	kaal_cptr_t ep;
	volatile int round;
	volatile long error[2];
	volatile kaal_word_t info[2], badge[2], mr0[2];
};

static void bound_recv_twice(kaal_word_t arg)
{
	struct bound_rx *b = (void *)arg;

	for (int i = 0; i < 2; i++) {
		struct kaal_recv_ret r;

		b->round = i + 1;
		r = kaal_recv(b->ep);
		b->info[i] = r.msg.info;
		b->badge[i] = r.badge;
		b->mr0[i] = r.msg.mr[0];
		b->error[i] = r.error;
	}
}

/*
 * A bound notification signalled before the thread receives makes the
 * receive return at once (label KAAL_LABEL_NOTIFICATION, the word in the
 * badge); with nothing pending the thread waits for a real message.
 */
static void ntfn_bound_pending(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t b5 = n ? t_mint(t, n, KAAL_RIGHT_WRITE, 0x5) : 0;
	kaal_cptr_t b8 = n ? t_mint(t, n, KAAL_RIGHT_WRITE, 0x8) : 0;
	struct kaal_msg m = { KAAL_MSGINFO(0x21, 0, 1), { 0x2121 } };
	struct bound_rx b = { .ep = ep, .error = { -1, -1 } };
	struct kaal_thread th;

	if (!ep || !b5 || !b8 || !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_bind_notification(th.tcb, n)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))))
		return;
	EXPECT_OK(t, kaal_signal(b5));
	EXPECT_OK(t, kaal_signal(b8));
	if (!EXPECT_OK(t, kaal_thread_start(&th, bound_recv_twice,
					    (kaal_word_t)&b)))
		return;
	YIELD_UNTIL(b.round == 2, 100);
	yield_n(2);
	EXPECT_OK(t, b.error[0]);
	EXPECT_EQ(t, b.info[0], KAAL_MSGINFO(KAAL_LABEL_NOTIFICATION, 0, 0));
	EXPECT_EQ(t, b.badge[0], 0xd);
	EXPECT_EQ(t, kaal_poll(n).value, 0);
	/* The second receive waits: the word was taken. */
	EXPECT_EQ(t, b.error[1], -1);
	EXPECT_OK(t, kaal_nbsend(ep, &m));
	YIELD_UNTIL(b.error[1] != -1, 100);
	EXPECT_OK(t, b.error[1]);
	EXPECT_EQ(t, b.info[1], KAAL_MSGINFO(0x21, 0, 1));
	EXPECT_EQ(t, b.mr0[1], 0x2121);
	EXPECT_EQ(t, b.badge[1], 0);
}

/* A thread may still wait on its bound notification directly; other
 * threads' signals reach it there. */
static void ntfn_bound_wait(struct test *t)
{
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t b4 = n ? t_mint(t, n, KAAL_RIGHT_WRITE, 0x4) : 0;
	struct waiter w = { .ntfn = n, .error = -1 };
	struct kaal_thread th;

	if (!b4 || !t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_bind_notification(th.tcb, n)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, wait_once, (kaal_word_t)&w)))
		return;
	yield_n(3);
	EXPECT_EQ(t, w.error, -1);
	EXPECT_OK(t, kaal_signal(b4));
	YIELD_UNTIL(w.error != -1, 100);
	EXPECT_OK(t, w.error);
	EXPECT_EQ(t, w.value, 0x4);
	EXPECT_EQ(t, kaal_poll(n).value, 0);
}

static const struct test_case cases[] = {
	{ "ntfn_or_then_wait", ntfn_or_then_wait },
	{ "ntfn_waiters_fifo", ntfn_waiters_fifo },
	{ "ntfn_bound_pending", ntfn_bound_pending },
	{ "ntfn_bound_wait", ntfn_bound_wait },
};

TEST_SUITE(notification_suite, cases);
