// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic IPC core (kernel/endpoint.c, kernel/notification.c) through
 * the system call dispatcher on the fake arch: the endpoint state machine
 * in every order (sender first, receiver first, queues of several in FIFO
 * order, call/reply links, reply_recv, the non-blocking calls), message
 * lengths 0..64 across registers and IPC buffers, notifications and
 * binding, and capability transfer (Documentation/ipc.rst, uapi
 * message.h). The world is ipc_env.c's: one root CNode shared by four
 * threads, cptr i naming slot i.
 */
#include <stdio.h>
#include <string.h>

#include <kaal/cspace.h>
#include <kaal/ipc.h>
#include <kaal/syscalls.h>
#include <kaal/mm.h>
#include <kaal/object_ops.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/message.h>
#include <uapi/kaal/syscall.h>

#include "fake_arch.h"
#include "ipc_env.h"
#include "ktest.h"

#define RADIX	       6
#define NT	       4
/* Slots of the shared CNode. */
#define EP	       1 /* all rights, no badge */
#define EP2	       2
#define NTFN	       3
#define EP_BADGED      4  /* EP, badge BADGE, all rights */
#define EP_NOGRANT     5  /* EP, badge BADGE2, read/write only */
#define EP_RO	       6  /* EP, read only */
#define EP_WO	       7  /* EP, write only */
#define NTFN_B1	       8  /* NTFN, badge 0x1 */
#define NTFN_B4	       9  /* NTFN, badge 0x4 */
#define CNODE	       10 /* the CNode itself (receive slots) */
#define TCB(i)	       (11 + (i))
#define EP_GRANT_REPLY 15 /* EP, read/write/grant-reply */
#define RECV_SLOT      40
#define BADGE	       0xbad6e
#define BADGE2	       0x77

static struct cte *cn;
static struct tcb *t[NT];
static struct endpoint *ep, *ep2;
static struct notification *ntfn;

static void setup(void)
{
	struct cap root;

	ipc_env_reset();
	cn = ipc_env_cnode(RADIX);
	root = ipc_env_root_cap(cn, RADIX, 0);
	ep = ipc_env_alloc(1u << KAAL_ENDPOINT_BITS, 32);
	ep2 = ipc_env_alloc(1u << KAAL_ENDPOINT_BITS, 32);
	ntfn = ipc_env_alloc(1u << KAAL_NOTIFICATION_BITS, 32);
	for (unsigned int i = 0; i < NT; i++)
		t[i] = ipc_env_thread(&root, 0, 0, true);
	ipc_env_put(&cn[EP], KAAL_OBJ_ENDPOINT, ep, KAAL_RIGHTS_ALL, 0, NULL);
	ipc_env_put(&cn[EP2], KAAL_OBJ_ENDPOINT, ep2, KAAL_RIGHTS_ALL, 0, NULL);
	ipc_env_put(&cn[NTFN], KAAL_OBJ_NOTIFICATION, ntfn, KAAL_RIGHTS_ALL, 0,
		    NULL);
	ipc_env_put(&cn[EP_BADGED], KAAL_OBJ_ENDPOINT, ep, KAAL_RIGHTS_ALL,
		    BADGE, &cn[EP]);
	ipc_env_put(&cn[EP_NOGRANT], KAAL_OBJ_ENDPOINT, ep,
		    KAAL_RIGHT_READ | KAAL_RIGHT_WRITE, BADGE2, &cn[EP]);
	ipc_env_put(&cn[EP_RO], KAAL_OBJ_ENDPOINT, ep, KAAL_RIGHT_READ, 0,
		    &cn[EP]);
	ipc_env_put(&cn[EP_WO], KAAL_OBJ_ENDPOINT, ep, KAAL_RIGHT_WRITE, 0,
		    &cn[EP]);
	ipc_env_put(&cn[EP_GRANT_REPLY], KAAL_OBJ_ENDPOINT, ep,
		    KAAL_RIGHT_READ | KAAL_RIGHT_WRITE | KAAL_RIGHT_GRANT_REPLY,
		    0, &cn[EP]);
	ipc_env_put(&cn[NTFN_B1], KAAL_OBJ_NOTIFICATION, ntfn, KAAL_RIGHTS_ALL,
		    0x1, &cn[NTFN]);
	ipc_env_put(&cn[NTFN_B4], KAAL_OBJ_NOTIFICATION, ntfn, KAAL_RIGHTS_ALL,
		    0x4, &cn[NTFN]);
	{
		struct cap c = root;

		/* no guard: recv_depth is the radix */
		cap_cnode_set_guard(&c, 0, 0);
		cspace_insert(&cn[CNODE], &c, NULL);
	}
	for (unsigned int i = 0; i < NT; i++)
		ipc_env_put(&cn[TCB(i)], KAAL_OBJ_TCB, t[i], KAAL_RIGHTS_ALL, 0,
			    NULL);
	current = t[0];
}

/* @x makes system call @nr with @n arguments (the rest zero) through the
 * generic path; its results start out unwritten. */
static void sc(struct tcb *x, unsigned int nr, unsigned int n,
	       const word_t *args)
{
	memset(x->ctx.arg, 0, sizeof(x->ctx.arg));
	memcpy(x->ctx.arg, args, n * sizeof(*args));
	x->ctx.nr = nr;
	x->ctx.res_written = 0;
	current = x;
	syscall_handle(x);
}

#define SC(x, nr, ...)                                  \
	do {                                            \
		const word_t args_[] = { __VA_ARGS__ }; \
		sc(x, nr, ARRAY_SIZE(args_), args_);    \
	} while (0)

#define ERR(x)	      ((x)->ctx.res[KAAL_RES_ERROR])
#define INFO(x)	      ((x)->ctx.res[KAAL_RES_INFO])
#define BADGE_OF(x)   ((x)->ctx.res[KAAL_RES_BADGE])
#define MR(x, i)      ((x)->ctx.res[KAAL_RES_MR(i)])
#define WRITTEN(x, i) (((x)->ctx.res_written >> (i)) & 1)

/* The threads of endpoint @e's queue, in order, as a string "t1 t3". */
static const char *queue_of(const struct tcb_queue *q)
{
	static char s[64];
	size_t o = 0;

	s[0] = '\0';
	for (struct tcb *x = q->head; x && o < sizeof(s) - 4; x = x->ep_next)
		for (unsigned int i = 0; i < NT; i++)
			if (x == t[i])
				o += (size_t)snprintf(s + o, sizeof(s) - o,
						      "%st%u", o ? " " : "", i);
	return s;
}

/* ---- send and receive in both orders ----------------------------------- */

TEST(receiver_first_send_wakes_it_with_message_and_badge)
{
	setup();
	SC(t[1], KAAL_SYS_RECV, EP);
	CHECK_EQ_UINT(TS_BLOCKED_RECV, t[1]->state);
	CHECK_EQ_UINT(EP_RECV, ep->state);
	CHECK_EQ_PTR(ep, t[1]->blocked_ep);
	CHECK(!t[1]->sched.queued);
	CHECK_EQ_UINT(0, t[1]->ctx.res_written);
	SC(t[0], KAAL_SYS_SEND, EP_BADGED, KAAL_MSGINFO(9, 0, 3), 10, 11, 12,
	   13);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
	CHECK_EQ_UINT(TS_RUNNABLE, t[0]->state);
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
	CHECK(t[1]->sched.queued);
	CHECK_NULL(t[1]->blocked_ep);
	CHECK_EQ_UINT(EP_IDLE, ep->state);
	CHECK_NULL(ep->queue.head);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[1]));
	CHECK_EQ_UINT(KAAL_MSGINFO(9, 0, 3), INFO(t[1]));
	CHECK_EQ_UINT(10, MR(t[1], 0));
	CHECK_EQ_UINT(12, MR(t[1], 2));
	CHECK(!WRITTEN(t[1], KAAL_RES_MR(3))); /* only the length */
	CHECK_EQ_UINT(BADGE, BADGE_OF(t[1]));
	/* A send is not a call: no reply link. */
	CHECK_NULL(t[1]->reply_to);
	CHECK_NULL(t[0]->replier);
}

TEST(sender_first_recv_completes_at_once)
{
	setup();
	SC(t[1], KAAL_SYS_SEND, EP_NOGRANT, KAAL_MSGINFO(2, 0, 1), 55);
	CHECK_EQ_UINT(TS_BLOCKED_SEND, t[1]->state);
	CHECK_EQ_UINT(EP_SEND, ep->state);
	CHECK_EQ_UINT(BADGE2, t[1]->badge);
	CHECK_EQ_UINT(0, t[1]->ctx.res_written);
	SC(t[0], KAAL_SYS_RECV, EP);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
	CHECK_EQ_UINT(KAAL_MSGINFO(2, 0, 1), INFO(t[0]));
	CHECK_EQ_UINT(55, MR(t[0], 0));
	CHECK_EQ_UINT(BADGE2, BADGE_OF(t[0]));
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[1]));
	CHECK_EQ_UINT(1u << KAAL_RES_ERROR, t[1]->ctx.res_written);
	CHECK_EQ_UINT(EP_IDLE, ep->state);
}

TEST(queued_senders_are_received_in_fifo_order)
{
	setup();
	for (unsigned int i = 1; i < NT; i++)
		SC(t[i], KAAL_SYS_SEND, EP, KAAL_MSGINFO(i, 0, 1), 100 + i);
	CHECK_EQ_STR("t1 t2 t3", queue_of(&ep->queue));
	CHECK_EQ_PTR(t[3], ep->queue.tail);
	for (unsigned int i = 1; i < NT; i++) {
		CHECK_EQ_UINT(EP_SEND, ep->state);
		SC(t[0], KAAL_SYS_RECV, EP);
		CHECK_EQ_UINT(KAAL_MSGINFO(i, 0, 1), INFO(t[0]));
		CHECK_EQ_UINT(100 + i, MR(t[0], 0));
		CHECK_EQ_UINT(TS_RUNNABLE, t[i]->state);
	}
	CHECK_EQ_UINT(EP_IDLE, ep->state);
	CHECK_NULL(ep->queue.head);
	CHECK_NULL(ep->queue.tail);
}

TEST(queued_receivers_are_served_in_fifo_order)
{
	setup();
	SC(t[2], KAAL_SYS_RECV, EP);
	SC(t[3], KAAL_SYS_RECV, EP);
	SC(t[1], KAAL_SYS_RECV, EP);
	CHECK_EQ_STR("t2 t3 t1", queue_of(&ep->queue));
	SC(t[0], KAAL_SYS_SEND, EP, KAAL_MSGINFO(0, 0, 1), 1);
	SC(t[0], KAAL_SYS_SEND, EP, KAAL_MSGINFO(0, 0, 1), 2);
	CHECK_EQ_STR("t1", queue_of(&ep->queue));
	CHECK_EQ_UINT(EP_RECV, ep->state);
	SC(t[0], KAAL_SYS_SEND, EP, KAAL_MSGINFO(0, 0, 1), 3);
	CHECK_EQ_UINT(1, MR(t[2], 0));
	CHECK_EQ_UINT(2, MR(t[3], 0));
	CHECK_EQ_UINT(3, MR(t[1], 0));
	CHECK_EQ_UINT(EP_IDLE, ep->state);
}

TEST(rights_are_checked)
{
	setup();
	SC(t[0], KAAL_SYS_SEND, EP_RO, 0);
	CHECK_EQ_UINT(KAAL_E_NO_RIGHTS, ERR(t[0]));
	SC(t[0], KAAL_SYS_CALL, EP_RO, 0);
	CHECK_EQ_UINT(KAAL_E_NO_RIGHTS, ERR(t[0]));
	SC(t[0], KAAL_SYS_RECV, EP_WO);
	CHECK_EQ_UINT(KAAL_E_NO_RIGHTS, ERR(t[0]));
	SC(t[0], KAAL_SYS_REPLY_RECV, EP_WO, 0);
	CHECK_EQ_UINT(KAAL_E_NO_RIGHTS, ERR(t[0]));
	CHECK_EQ_UINT(EP_IDLE, ep->state);
	CHECK_EQ_UINT(TS_RUNNABLE, t[0]->state);
}

/* ---- non-blocking ------------------------------------------------------ */

TEST(nbsend_and_nbrecv_never_block)
{
	setup();
	SC(t[0], KAAL_SYS_NBSEND, EP, KAAL_MSGINFO(1, 0, 0));
	CHECK_EQ_UINT(KAAL_E_WOULD_BLOCK, ERR(t[0]));
	CHECK_EQ_UINT(TS_RUNNABLE, t[0]->state);
	CHECK_EQ_UINT(EP_IDLE, ep->state);
	CHECK_EQ_UINT(0, t[0]->is_call);
	SC(t[0], KAAL_SYS_NBRECV, EP);
	CHECK_EQ_UINT(KAAL_E_WOULD_BLOCK, ERR(t[0]));
	CHECK_EQ_UINT(EP_IDLE, ep->state);
	/* With a partner waiting they complete. */
	SC(t[1], KAAL_SYS_RECV, EP);
	SC(t[0], KAAL_SYS_NBSEND, EP_BADGED, KAAL_MSGINFO(1, 0, 1), 42);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
	CHECK_EQ_UINT(42, MR(t[1], 0));
	CHECK_EQ_UINT(BADGE, BADGE_OF(t[1]));
	SC(t[1], KAAL_SYS_SEND, EP, KAAL_MSGINFO(3, 0, 1), 43);
	SC(t[0], KAAL_SYS_NBRECV, EP);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
	CHECK_EQ_UINT(43, MR(t[0], 0));
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
}

/* ---- call, reply, reply_recv ------------------------------------------- */

TEST(call_without_receiver_blocks_then_waits_for_the_reply)
{
	setup();
	SC(t[1], KAAL_SYS_CALL, EP_BADGED, KAAL_MSGINFO(7, 0, 2), 1, 2);
	CHECK_EQ_UINT(TS_BLOCKED_SEND, t[1]->state);
	CHECK_EQ_UINT(1, t[1]->is_call);
	CHECK_EQ_UINT(EP_SEND, ep->state);
	SC(t[0], KAAL_SYS_RECV, EP);
	CHECK_EQ_UINT(KAAL_MSGINFO(7, 0, 2), INFO(t[0]));
	CHECK_EQ_UINT(BADGE, BADGE_OF(t[0]));
	CHECK_EQ_UINT(TS_BLOCKED_REPLY, t[1]->state);
	CHECK_EQ_UINT(0, t[1]->is_call);
	CHECK_EQ_PTR(t[1], t[0]->reply_to);
	CHECK_EQ_PTR(t[0], t[1]->replier);
	CHECK_EQ_UINT(0, t[1]->ctx.res_written); /* no result yet */
	SC(t[0], KAAL_SYS_REPLY, 0, KAAL_MSGINFO(8, 0, 1), 99);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
	CHECK(t[1]->sched.queued);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[1]));
	CHECK_EQ_UINT(KAAL_MSGINFO(8, 0, 1), INFO(t[1]));
	CHECK_EQ_UINT(99, MR(t[1], 0));
	CHECK_EQ_UINT(0, BADGE_OF(t[1])); /* a reply has no badge */
	CHECK_NULL(t[0]->reply_to);
	CHECK_NULL(t[1]->replier);
	/* The right was one-shot. */
	SC(t[0], KAAL_SYS_REPLY, 0, 0);
	CHECK_EQ_UINT(KAAL_E_NO_REPLY, ERR(t[0]));
}

TEST(call_to_waiting_receiver_hands_over_the_turn)
{
	struct tcb *q[NT];

	setup();
	SC(t[1], KAAL_SYS_RECV, EP);
	SC(t[0], KAAL_SYS_CALL, EP, KAAL_MSGINFO(1, 0, 0));
	CHECK_EQ_UINT(TS_BLOCKED_REPLY, t[0]->state);
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
	CHECK_EQ_PTR(t[0], t[1]->reply_to);
	CHECK_EQ_PTR(t[1], t[0]->replier);
	/* t1 took t0's place at the head: t1 t2 t3. */
	CHECK_EQ_UINT(3, ipc_env_runq(0, q, NT));
	CHECK_EQ_PTR(t[1], q[0]);
	CHECK_EQ_PTR(t[2], q[1]);
	CHECK(!t[0]->sched.queued);
}

TEST(reply_without_caller_is_an_error)
{
	setup();
	SC(t[0], KAAL_SYS_REPLY, 0, KAAL_MSGINFO(1, 0, 1), 5);
	CHECK_EQ_UINT(KAAL_E_NO_REPLY, ERR(t[0]));
	CHECK_EQ_UINT(1u << KAAL_RES_ERROR, t[0]->ctx.res_written);
	CHECK_EQ_UINT(TS_RUNNABLE, t[0]->state);
}

TEST(a_new_call_cancels_an_unanswered_reply_right)
{
	setup();
	SC(t[1], KAAL_SYS_CALL, EP, 0);
	SC(t[0], KAAL_SYS_RECV, EP);
	CHECK_EQ_PTR(t[1], t[0]->reply_to);
	SC(t[2], KAAL_SYS_CALL, EP, 0);
	SC(t[0], KAAL_SYS_RECV, EP);
	CHECK_EQ_PTR(t[2], t[0]->reply_to);
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
	CHECK_EQ_UINT(KAAL_E_NO_REPLY, ERR(t[1]));
	CHECK_NULL(t[1]->replier);
	CHECK_EQ_UINT(TS_BLOCKED_REPLY, t[2]->state);
}

TEST(reply_recv_replies_then_receives)
{
	setup();
	/* No caller: it only receives, and blocks. */
	SC(t[0], KAAL_SYS_REPLY_RECV, EP, KAAL_MSGINFO(1, 0, 0));
	CHECK_EQ_UINT(TS_BLOCKED_RECV, t[0]->state);
	SC(t[1], KAAL_SYS_CALL, EP_BADGED, KAAL_MSGINFO(2, 0, 1), 20);
	CHECK_EQ_UINT(20, MR(t[0], 0));
	CHECK_EQ_UINT(TS_BLOCKED_REPLY, t[1]->state);
	/* Reply to t1, and a queued caller t2 is received at once. */
	SC(t[2], KAAL_SYS_CALL, EP, KAAL_MSGINFO(3, 0, 1), 30);
	CHECK_EQ_UINT(TS_BLOCKED_SEND, t[2]->state);
	SC(t[0], KAAL_SYS_REPLY_RECV, EP, KAAL_MSGINFO(4, 0, 1), 21);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
	CHECK_EQ_UINT(TS_RUNNABLE, t[0]->state);
	CHECK_EQ_UINT(30, MR(t[0], 0));
	CHECK_EQ_UINT(KAAL_MSGINFO(3, 0, 1), INFO(t[0]));
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
	CHECK_EQ_UINT(21, MR(t[1], 0));
	CHECK_EQ_UINT(KAAL_MSGINFO(4, 0, 1), INFO(t[1]));
	CHECK_EQ_PTR(t[2], t[0]->reply_to);
	CHECK_EQ_UINT(TS_BLOCKED_REPLY, t[2]->state);
	/* Reply to t2, nobody else: t0 blocks, t2 runs in its place. */
	SC(t[0], KAAL_SYS_REPLY_RECV, EP, KAAL_MSGINFO(5, 0, 0));
	CHECK_EQ_UINT(TS_BLOCKED_RECV, t[0]->state);
	CHECK_EQ_UINT(TS_RUNNABLE, t[2]->state);
	CHECK_EQ_UINT(KAAL_MSGINFO(5, 0, 0), INFO(t[2]));
	CHECK_NULL(t[0]->reply_to);
	CHECK_NULL(t[2]->replier);
	CHECK_EQ_STR("t0", queue_of(&ep->queue));
}

/* ---- message length ---------------------------------------------------- */

/* Send a message of @len words from t1 to t0, receiver first or not;
 * both have IPC buffers; check every word, and that nothing beyond the
 * length was written. */
static void one_length(unsigned int len, bool receiver_first)
{
	uint64_t *sb, *rb;
	uint64_t info = KAAL_MSGINFO(0x123, 0, len);

	setup();
	sb = ipc_env_ipc_buffer(t[1]);
	rb = ipc_env_ipc_buffer(t[0]);
	for (unsigned int i = 0; i < KAAL_IPCBUF_WORDS; i++) {
		sb[i] = 0x5000 + i;
		rb[i] = 0xdead0000 + i;
	}
	t[1]->ctx.res_written = 0;
	if (receiver_first)
		SC(t[0], KAAL_SYS_RECV, EP);
	{
		word_t args[KAAL_ARG_COUNT] = { EP, info };

		for (unsigned int i = 0; i < KAAL_MSG_REG_WORDS; i++)
			args[KAAL_ARG_MR(i)] = 0x1000 + i;
		sc(t[1], KAAL_SYS_SEND, KAAL_ARG_COUNT, args);
	}
	if (!receiver_first)
		SC(t[0], KAAL_SYS_RECV, EP);
	REQUIRE(CHECK_EQ_UINT(KAAL_OK, ERR(t[0])));
	CHECK_EQ_UINT(info, INFO(t[0]));
	for (unsigned int i = 0; i < KAAL_MSG_MAX_WORDS; i++) {
		if (i < KAAL_MSG_REG_WORDS && i < len) {
			KTEST_FAIL_IF_NOT(MR(t[0], i) == 0x1000 + i,
					  "len %u: register word %u", len, i);
		} else if (i < KAAL_MSG_REG_WORDS) {
			KTEST_FAIL_IF_NOT(!WRITTEN(t[0], KAAL_RES_MR(i)),
					  "len %u: register %u written", len,
					  i);
		} else {
			uint64_t want = i < len ?
						0x5000 + KAAL_IPCBUF_MR(i) :
						0xdead0000 + KAAL_IPCBUF_MR(i);

			KTEST_FAIL_IF_NOT(
				rb[KAAL_IPCBUF_MR(i)] == want,
				"len %u (%s first): buffer word %u: "
				"%#llx, expected %#llx",
				len, receiver_first ? "receiver" : "sender", i,
				(unsigned long long)rb[KAAL_IPCBUF_MR(i)],
				(unsigned long long)want);
		}
	}
	/* Registers 0..5 never come from the IPC buffer's mr[0..5]. */
	CHECK_EQ_UINT(0xdead0000 + KAAL_IPCBUF_MR(0), rb[KAAL_IPCBUF_MR(0)]);
	CHECK_EQ_UINT(0xdead0000 + KAAL_IPCBUF_TAG, rb[KAAL_IPCBUF_TAG]);
}

TEST(every_message_length_in_both_orders)
{
	for (unsigned int len = 0; len <= KAAL_MSG_MAX_WORDS; len++) {
		one_length(len, true);
		one_length(len, false);
	}
}

TEST(long_message_without_ipc_buffers_is_cut_to_the_registers)
{
	uint64_t *b;

	/* The sender has no IPC buffer. */
	setup();
	b = ipc_env_ipc_buffer(t[0]);
	b[KAAL_IPCBUF_MR(6)] = 0xaa;
	SC(t[0], KAAL_SYS_RECV, EP);
	SC(t[1], KAAL_SYS_SEND, EP, KAAL_MSGINFO(1, 0, 20), 1, 2, 3, 4, 5, 6);
	CHECK_EQ_UINT(KAAL_MSGINFO(1, 0, KAAL_MSG_REG_WORDS), INFO(t[0]));
	CHECK_EQ_UINT(6, MR(t[0], 5));
	CHECK_EQ_UINT(0xaa, b[KAAL_IPCBUF_MR(6)]);
	/* The receiver has none. */
	setup();
	b = ipc_env_ipc_buffer(t[1]);
	SC(t[0], KAAL_SYS_RECV, EP);
	SC(t[1], KAAL_SYS_SEND, EP, KAAL_MSGINFO(1, 0, KAAL_MSG_MAX_WORDS));
	CHECK_EQ_UINT(KAAL_MSGINFO(1, 0, KAAL_MSG_REG_WORDS), INFO(t[0]));
}

TEST(a_length_above_the_maximum_is_refused)
{
	setup();
	SC(t[1], KAAL_SYS_RECV, EP);
	for (unsigned int len = KAAL_MSG_MAX_WORDS + 1; len <= 127; len++) {
		SC(t[0], KAAL_SYS_SEND, EP, KAAL_MSGINFO(1, 0, len));
		KTEST_FAIL_IF_NOT(ERR(t[0]) == KAAL_E_INVALID_ARG,
				  "len %u: error %llu", len,
				  (unsigned long long)ERR(t[0]));
	}
	SC(t[0], KAAL_SYS_CALL, EP, KAAL_MSGINFO(1, 0, 65));
	CHECK_EQ_UINT(KAAL_E_INVALID_ARG, ERR(t[0]));
	CHECK_EQ_UINT(TS_BLOCKED_RECV, t[1]->state); /* still waiting */
	CHECK_EQ_UINT(EP_RECV, ep->state);
	CHECK_EQ_UINT(TS_RUNNABLE, t[0]->state);
}

/* ---- notifications ----------------------------------------------------- */

TEST(signals_or_their_badges_and_wait_takes_the_word)
{
	setup();
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B1);
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B4);
	CHECK_EQ_UINT(0x5, ntfn->word);
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B4);
	CHECK_EQ_UINT(0x5, ntfn->word);
	SC(t[1], KAAL_SYS_WAIT, NTFN);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[1]));
	CHECK_EQ_UINT(0x5, t[1]->ctx.res[KAAL_RES_NTFN_WORD]);
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
	CHECK_EQ_UINT(0, ntfn->word);
	/* An unbadged capability signals 1. */
	SC(t[0], KAAL_SYS_SIGNAL, NTFN);
	CHECK_EQ_UINT(1, ntfn->word);
}

TEST(poll_never_blocks)
{
	setup();
	SC(t[0], KAAL_SYS_POLL, NTFN);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
	CHECK_EQ_UINT(0, t[0]->ctx.res[KAAL_RES_NTFN_WORD]);
	CHECK_EQ_UINT(TS_RUNNABLE, t[0]->state);
	SC(t[1], KAAL_SYS_SIGNAL, NTFN_B4);
	SC(t[0], KAAL_SYS_POLL, NTFN);
	CHECK_EQ_UINT(4, t[0]->ctx.res[KAAL_RES_NTFN_WORD]);
	CHECK_EQ_UINT(0, ntfn->word);
}

TEST(waiters_are_woken_one_a_signal_in_fifo_order)
{
	setup();
	SC(t[1], KAAL_SYS_WAIT, NTFN);
	SC(t[2], KAAL_SYS_WAIT, NTFN);
	CHECK_EQ_UINT(TS_BLOCKED_NTFN, t[1]->state);
	CHECK_EQ_PTR(ntfn, t[2]->blocked_ntfn);
	CHECK_EQ_STR("t1 t2", queue_of(&ntfn->queue));
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B4);
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
	CHECK_EQ_UINT(4, t[1]->ctx.res[KAAL_RES_NTFN_WORD]);
	CHECK_EQ_UINT(TS_BLOCKED_NTFN, t[2]->state);
	CHECK_EQ_UINT(0, ntfn->word);
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B1);
	CHECK_EQ_UINT(1, t[2]->ctx.res[KAAL_RES_NTFN_WORD]);
	CHECK_NULL(ntfn->queue.head);
	CHECK_NULL(t[2]->blocked_ntfn);
}

TEST(bound_notification_wakes_a_receive)
{
	setup();
	SC(t[0], KAAL_SYS_TCB_BIND_NOTIFICATION, TCB(1), NTFN);
	REQUIRE(CHECK_EQ_UINT(KAAL_OK, ERR(t[0])));
	CHECK_EQ_PTR(ntfn, t[1]->bound_ntfn);
	CHECK_EQ_PTR(t[1], ntfn->bound);
	/* Blocked in recv: the signal wakes it with the word. */
	SC(t[1], KAAL_SYS_RECV, EP);
	CHECK_EQ_UINT(TS_BLOCKED_RECV, t[1]->state);
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B4);
	CHECK_EQ_UINT(TS_RUNNABLE, t[1]->state);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[1]));
	CHECK_EQ_UINT(KAAL_MSGINFO(KAAL_LABEL_NOTIFICATION, 0, 0), INFO(t[1]));
	CHECK_EQ_UINT(4, BADGE_OF(t[1]));
	CHECK_EQ_UINT(0, ntfn->word);
	CHECK_EQ_UINT(EP_IDLE, ep->state); /* left the queue */
	CHECK_NULL(t[1]->blocked_ep);
	/* Signalled first: the receive returns at once, the word cleared. */
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B1);
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B4);
	SC(t[1], KAAL_SYS_RECV, EP);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[1]));
	CHECK_EQ_UINT(KAAL_MSGINFO(KAAL_LABEL_NOTIFICATION, 0, 0), INFO(t[1]));
	CHECK_EQ_UINT(5, BADGE_OF(t[1]));
	CHECK_EQ_UINT(0, ntfn->word);
	/* A queued sender comes before the word. */
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B1);
	SC(t[2], KAAL_SYS_SEND, EP, KAAL_MSGINFO(6, 0, 0));
	SC(t[1], KAAL_SYS_RECV, EP);
	CHECK_EQ_UINT(KAAL_MSGINFO(6, 0, 0), INFO(t[1]));
	CHECK_EQ_UINT(1, ntfn->word);
	/* Another thread cannot bind it. */
	SC(t[0], KAAL_SYS_TCB_BIND_NOTIFICATION, TCB(2), NTFN);
	CHECK_EQ_UINT(KAAL_E_BUSY, ERR(t[0]));
	CHECK_NULL(t[2]->bound_ntfn);
}

TEST(unbound_notification_no_longer_wakes_a_receive)
{
	setup();
	SC(t[0], KAAL_SYS_TCB_BIND_NOTIFICATION, TCB(1), NTFN);
	SC(t[0], KAAL_SYS_TCB_BIND_NOTIFICATION, TCB(1), 0);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
	CHECK_NULL(t[1]->bound_ntfn);
	CHECK_NULL(ntfn->bound);
	SC(t[1], KAAL_SYS_RECV, EP);
	SC(t[0], KAAL_SYS_SIGNAL, NTFN_B4);
	CHECK_EQ_UINT(TS_BLOCKED_RECV, t[1]->state);
	CHECK_EQ_UINT(4, ntfn->word);
	/* Now another thread may bind it. */
	SC(t[0], KAAL_SYS_TCB_BIND_NOTIFICATION, TCB(2), NTFN);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
}

/* ---- capability transfer ----------------------------------------------- */

/* t1 sends to t0 through @send_cptr, naming @n caps (@caps) in its IPC
 * buffer; t0 names RECV_SLOT. Buffers as @sender_buf / @receiver_buf;
 * receiver first when @receiver_first. Returns t0's IPC buffer. */
static uint64_t *send_caps(unsigned int send_cptr, unsigned int n,
			   const uint64_t *caps, bool sender_buf,
			   bool receiver_buf, bool receiver_first)
{
	uint64_t *sb = sender_buf ? ipc_env_ipc_buffer(t[1]) : NULL;
	uint64_t *rb = receiver_buf ? ipc_env_ipc_buffer(t[0]) : NULL;

	for (unsigned int i = 0; sb && i < n; i++)
		sb[KAAL_IPCBUF_CAP(i)] = caps[i];
	if (rb) {
		rb[KAAL_IPCBUF_RECV_CNODE] = CNODE;
		rb[KAAL_IPCBUF_RECV_INDEX] = RECV_SLOT;
		rb[KAAL_IPCBUF_RECV_DEPTH] = RADIX;
		for (unsigned int i = 0; i < KAAL_MSG_MAX_CAPS; i++)
			rb[KAAL_IPCBUF_CAP(i)] = 0xeeee;
	}
	if (receiver_first)
		SC(t[0], KAAL_SYS_RECV, EP);
	SC(t[1], KAAL_SYS_SEND, send_cptr, KAAL_MSGINFO(1, n, 1), 7);
	if (!receiver_first)
		SC(t[0], KAAL_SYS_RECV, EP);
	CHECK_EQ_UINT(KAAL_OK, ERR(t[0]));
	CHECK_EQ_UINT(7, MR(t[0], 0));
	return rb;
}

TEST(granted_capability_lands_in_the_receive_slot)
{
	for (int order = 0; order < 2; order++) {
		const uint64_t caps[] = { NTFN_B4 };
		const struct cap *got = &cn[RECV_SLOT].cap;

		setup();
		send_caps(EP, 1, caps, true, true, order);
		CHECK_EQ_UINT(1, KAAL_MSGINFO_CAPS(INFO(t[0])));
		CHECK_EQ_UINT(0, KAAL_MSGINFO_UNWRAPPED(INFO(t[0])));
		CHECK_EQ_UINT(KAAL_OBJ_NOTIFICATION, got->type);
		CHECK_EQ_PTR(ntfn, cap_object(got));
		CHECK_EQ_UINT(4, cap_badge(got)); /* badge kept */
		CHECK(!(got->flags & CAP_F_ORIGINAL));
		/* A derivation-tree child of the sender's capability. */
		CHECK_EQ_PTR(&cn[NTFN_B4], cdt_parent(&cn[RECV_SLOT]));
		CHECK_EQ_UINT(KAAL_OBJ_NOTIFICATION, cn[NTFN_B4].cap.type);
	}
}

TEST(no_transfer_without_grant_or_ipc_buffers)
{
	static const struct {
		unsigned int cptr;
		bool sbuf, rbuf;
		const char *what;
	} cases[] = {
		{ EP_NOGRANT, true, true, "no grant right" },
		{ EP, false, true, "sender without IPC buffer" },
		{ EP, true, false, "receiver without IPC buffer" },
	};

	for (unsigned int k = 0; k < ARRAY_SIZE(cases); k++)
		for (int order = 0; order < 2; order++) {
			const uint64_t caps[] = { NTFN_B4 };

			setup();
			send_caps(cases[k].cptr, 1, caps, cases[k].sbuf,
				  cases[k].rbuf, order);
			KTEST_FAIL_IF_NOT(cap_is_null(&cn[RECV_SLOT].cap),
					  "%s: a capability arrived",
					  cases[k].what);
			KTEST_FAIL_IF_NOT(!KAAL_MSGINFO_CAPS(INFO(t[0])),
					  "%s: info says %llu caps",
					  cases[k].what,
					  KAAL_MSGINFO_CAPS(INFO(t[0])));
			CHECK_EQ_UINT(KAAL_OBJ_NOTIFICATION,
				      cn[NTFN_B4].cap.type);
		}
}

TEST(badged_capability_to_the_same_endpoint_is_unwrapped)
{
	const uint64_t caps[] = { EP_BADGED, NTFN_B1, NTFN_B4 };
	uint64_t *rb;

	setup();
	rb = send_caps(EP, 3, caps, true, true, true);
	/* caps[0] unwrapped to its badge, caps[1] into the slot, caps[2]
	 * stops the transfer: the one slot is used. */
	CHECK_EQ_UINT(BADGE, rb[KAAL_IPCBUF_CAP(0)]);
	CHECK_EQ_UINT(1, KAAL_MSGINFO_UNWRAPPED(INFO(t[0])));
	CHECK_EQ_UINT(2, KAAL_MSGINFO_CAPS(INFO(t[0])));
	CHECK_EQ_UINT(1, cap_badge(&cn[RECV_SLOT].cap));
	CHECK_EQ_UINT(0xeeee, rb[KAAL_IPCBUF_CAP(2)]);

	/* An unbadged capability to the endpoint is not unwrapped. */
	setup();
	{
		const uint64_t one[] = { EP2 };

		rb = send_caps(EP, 1, one, true, true, false);
		CHECK_EQ_UINT(0, KAAL_MSGINFO_UNWRAPPED(INFO(t[0])));
		CHECK_EQ_UINT(KAAL_OBJ_ENDPOINT, cn[RECV_SLOT].cap.type);
		CHECK_EQ_PTR(ep2, cap_object(&cn[RECV_SLOT].cap));
	}
}

TEST(transfer_stops_at_a_full_receive_slot)
{
	const uint64_t caps[] = { NTFN_B4 };

	setup();
	ipc_env_put(&cn[RECV_SLOT], KAAL_OBJ_ENDPOINT, ep2, KAAL_RIGHTS_ALL, 0,
		    NULL);
	send_caps(EP, 1, caps, true, true, true);
	CHECK_EQ_UINT(0, KAAL_MSGINFO_CAPS(INFO(t[0])));
	CHECK_EQ_PTR(ep2, cap_object(&cn[RECV_SLOT].cap));
}

TEST(reply_carries_capabilities_only_with_grant_reply)
{
	for (int grant_reply = 0; grant_reply < 2; grant_reply++) {
		uint64_t *cb, *sb;

		setup();
		cb = ipc_env_ipc_buffer(t[1]);
		sb = ipc_env_ipc_buffer(t[0]);
		cb[KAAL_IPCBUF_RECV_CNODE] = CNODE;
		cb[KAAL_IPCBUF_RECV_INDEX] = RECV_SLOT;
		cb[KAAL_IPCBUF_RECV_DEPTH] = RADIX;
		sb[KAAL_IPCBUF_CAP(0)] = NTFN_B4;
		SC(t[0], KAAL_SYS_RECV, EP);
		SC(t[1], KAAL_SYS_CALL,
		   grant_reply ? EP_GRANT_REPLY : EP_NOGRANT,
		   KAAL_MSGINFO(1, 0, 0));
		SC(t[0], KAAL_SYS_REPLY, 0, KAAL_MSGINFO(2, 1, 0));
		CHECK_EQ_UINT(KAAL_OK, ERR(t[1]));
		CHECK_EQ_UINT(grant_reply, KAAL_MSGINFO_CAPS(INFO(t[1])));
		CHECK_EQ_UINT(grant_reply ? KAAL_OBJ_NOTIFICATION :
					    KAAL_OBJ_NULL,
			      cn[RECV_SLOT].cap.type);
	}
}

/* The address space a thread is switched to comes from the switch token
 * of the VSpace capability in its slot (kaal/vspace.h): once that
 * capability and the VSpace are gone, the thread runs with none, even
 * when its ASID and root table are taken by a new VSpace. A token that
 * outlived its capability would switch to a dead address space. */
TEST(a_dead_vspace_is_never_switched_to)
{
	struct cte *orig;
	struct cap vs, copy;
	void *root = ipc_env_alloc(4096, 4096);
	paddr_t pa = virt_to_phys(root);

	setup();
	orig = &cn[RECV_SLOT];
	vs = object_create(KAAL_OBJ_VSPACE, 0, root, pa, false);
	CHECK(cap_vspace_token(&vs) != 0);
	cspace_insert(orig, &vs, NULL);
	copy = vs;
	cap_derive(&copy, KAAL_RIGHTS_ALL);
	cspace_insert(&t[1]->vspace_root, &copy, orig);
	vspace_activate(t[1]);
	CHECK_EQ_UINT(pa, fake_vspace_root);
	CHECK_EQ_UINT(cap_vspace_asid(&vs), fake_vspace_asid);

	/* Revoke the thread's copy, delete the original: the VSpace dies. */
	CHECK_EQ_INT(0, cspace_revoke_slot(orig));
	CHECK_EQ_INT(0, cspace_delete_slot(orig));
	CHECK_EQ_UINT(0, fake_vspace_root); /* it was in use: switched off */
	vspace_activate(t[1]);
	CHECK_EQ_UINT(0, fake_vspace_root);
	CHECK_EQ_UINT(0, fake_vspace_asid);

	/* A new VSpace on the same root table: still none for t[1]. */
	vs = object_create(KAAL_OBJ_VSPACE, 0, root, pa, false);
	cspace_insert(orig, &vs, NULL);
	vspace_activate(t[0]);
	vspace_activate(t[1]);
	CHECK_EQ_UINT(0, fake_vspace_root);
	CHECK_EQ_UINT(0, tcb_vspace_token(t[1]));
}
