// SPDX-License-Identifier: GPL-2.0-only
/*
 * The portable system call and IPC core on the fake arch (fake_arch.c,
 * fake/asm/): syscall_handle decodes a call once, looks the invoked
 * capability up by KAAL_SYSCALL_TABLE and writes the results; a blocked
 * thread gets its results from whoever wakes it; the fast path hands a
 * call it cannot complete to the generic path and otherwise leaves the
 * same results. The kernel sources are the real ones (kernel/syscall.c,
 * endpoint.c, notification.c, fastpath.c, tcb*.c, thread.c, cspace.c,
 * ...); only the arch, the console and the interrupt controller are
 * fakes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kaal/arch/thread.h>
#include <kaal/cspace.h>
#include <kaal/fastpath.h>
#include <kaal/ipc.h>
#include <kaal/irq.h>
#include <kaal/irqhandler.h>
#include <kaal/mm.h>
#include <kaal/printk.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <uapi/kaal/errors.h>
#include <uapi/kaal/fault.h>
#include <uapi/kaal/message.h>
#include <uapi/kaal/syscall.h>

#include "fake_arch.h"
#include "ktest.h"

/* ---- fakes for the kernel's other neighbours --------------------------- */

void printk(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

bool panic_in_progress(void)
{
	return false;
}

static char console[64];
static size_t console_len;

void console_putc(char c)
{
	if (console_len < sizeof(console) - 1)
		console[console_len++] = c;
}

/* ---- two threads sharing one CSpace ------------------------------------ */

#define ROOT_BITS 6 /* cptr i names slot i */
#define EP	  1
#define NTFN	  2
#define TCB_B	  3
#define EP_BADGED 4
#define BADGE	  0x5eed

static struct cte *slots;
static struct tcb *a, *b;
static struct endpoint *ep;
static struct notification *ntfn;

static struct tcb *new_tcb(void)
{
	struct tcb *t = calloc(1, 1u << KAAL_TCB_BITS);
	struct cap root = cap_make_cnode(slots, ROOT_BITS, 64 - ROOT_BITS, 0);

	tcb_init(t);
	cspace_insert(&t->cspace_root, &root, NULL);
	tcb_set_runnable(t);
	return t;
}

static void put(unsigned int slot, unsigned int type, void *object,
		uint64_t badge)
{
	struct cap c = { .type = (uint8_t)type,
			 .rights = KAAL_RIGHTS_ALL,
			 .object = (uint64_t)(uintptr_t)object };

	if (cap_has_badge(&c))
		cap_set_badge(&c, badge);

	cspace_insert(&slots[slot], &c, NULL);
}

static void setup(void)
{
	fake_arch_reset();
	sched_reset();
	memset(&cdt_root, 0, sizeof(cdt_root));
	console_len = 0;
	slots = calloc(1u << ROOT_BITS, sizeof(*slots));
	ep = calloc(1, 1u << KAAL_ENDPOINT_BITS);
	ntfn = calloc(1, 1u << KAAL_NOTIFICATION_BITS);
	a = new_tcb();
	b = new_tcb();
	put(EP, KAAL_OBJ_ENDPOINT, ep, 0);
	put(NTFN, KAAL_OBJ_NOTIFICATION, ntfn, 0);
	put(TCB_B, KAAL_OBJ_TCB, b, 0);
	put(EP_BADGED, KAAL_OBJ_ENDPOINT, ep, BADGE);
	current = a;
}

static void teardown(void)
{
	free(a);
	free(b);
	free(ep);
	free(ntfn);
	free(slots);
	current = NULL;
}

/* @t calls system call @nr with arguments @args (the rest zero), through
 * the generic path; its result registers start out unwritten. */
static void syscall(struct tcb *t, unsigned int nr, unsigned int n,
		    const word_t *args)
{
	memset(t->ctx.arg, 0, sizeof(t->ctx.arg));
	memcpy(t->ctx.arg, args, n * sizeof(*args));
	t->ctx.nr = nr;
	t->ctx.res_written = 0;
	current = t;
	syscall_handle(t);
}

#define SYSCALL(t, nr, ...)                               \
	do {                                              \
		const word_t args_[] = { __VA_ARGS__ };   \
		syscall(t, nr, ARRAY_SIZE(args_), args_); \
	} while (0)

#define WRITTEN(t, i) (((t)->ctx.res_written >> (i)) & 1)

/* ---- decoding ---------------------------------------------------------- */

TEST(unknown_number_writes_only_the_error)
{
	setup();
	SYSCALL(a, 0x7e, EP);
	CHECK_EQ_UINT(KAAL_E_INVALID_SYSCALL, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(1u << KAAL_RES_ERROR, a->ctx.res_written);
	SYSCALL(a, ~0u, 0);
	CHECK_EQ_UINT(KAAL_E_INVALID_SYSCALL, a->ctx.res[KAAL_RES_ERROR]);
	teardown();
}

TEST(invoked_capability_checked_against_the_table)
{
	setup();
	SYSCALL(a, KAAL_SYS_SIGNAL, EP);
	CHECK_EQ_UINT(KAAL_E_WRONG_TYPE, a->ctx.res[KAAL_RES_ERROR]);
	SYSCALL(a, KAAL_SYS_SEND, 9, 0);
	CHECK_EQ_UINT(KAAL_E_MISSING_CAP, a->ctx.res[KAAL_RES_ERROR]);
	SYSCALL(a, KAAL_SYS_MEMORY_UNMAP, NTFN);
	CHECK_EQ_UINT(KAAL_E_WRONG_TYPE, a->ctx.res[KAAL_RES_ERROR]);
	/* No capability: the argument is a character. */
	SYSCALL(a, KAAL_SYS_DEBUG_PUTCHAR, 'k');
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_STR("k", console);
	teardown();
}

/* Every call the table lists has a handler, and every invoked type is
 * one the dispatcher understands. */
TEST(table_is_complete)
{
	unsigned int n = 0;

	setup();
#define X(name, nr, invokes, args, results)                                    \
	do {                                                                   \
		CHECK((nr) < KAAL_SYS_NR_MAX);                                 \
		CHECK((args) <= KAAL_ARG_COUNT && (results) < KAAL_RES_COUNT); \
		CHECK((invokes) < KAAL_OBJ_TYPE_MAX ||                         \
		      (invokes) == KAAL_INVOKES_FRAME ||                       \
		      (invokes) == KAAL_INVOKES_ANY);                          \
		if ((nr) != KAAL_SYS_DEBUG_HALT) {                             \
			SYSCALL(a, nr, 63);                                    \
			CHECK_NE_UINT(KAAL_E_INVALID_SYSCALL,                  \
				      a->ctx.res[KAAL_RES_ERROR]);             \
		}                                                              \
		n++;                                                           \
	} while (0);
	KAAL_SYSCALL_TABLE(X)
#undef X
	CHECK_EQ_UINT(45, n);
	teardown();
}

TEST(results_of_an_immediate_call)
{
	setup();
	SYSCALL(a, KAAL_SYS_CAP_IDENTIFY, EP_BADGED);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(KAAL_OBJ_ENDPOINT, a->ctx.res[1]);
	CHECK_EQ_UINT(KAAL_RIGHTS_ALL, a->ctx.res[2]);
	CHECK_EQ_UINT(BADGE, a->ctx.res[3]);
	CHECK_EQ_UINT(0x1f, a->ctx.res_written);
	/* An error writes the error only. */
	SYSCALL(a, KAAL_SYS_CAP_IDENTIFY, 9);
	CHECK_EQ_UINT(KAAL_E_MISSING_CAP, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(1, a->ctx.res_written);
	teardown();
}

/* The invoked capability through a CSpace of two levels, which the
 * dispatcher's one-level lookup declines and cspace_lookup_cap resolves,
 * and through slots the one-level lookup must leave to it (empty, of
 * another type, behind a guard): the same results either way. */
TEST(lookup_beyond_one_level_gives_the_same_results)
{
	static struct cte top[4];
	struct cap second, root2;
	word_t via_top = (1u << ROOT_BITS) | EP_BADGED;

	setup();
	/* a's root: 4 slots under a guard of 56 zero bits; slot 1 is the
	 * 64-slot CNode of the one-level tests, without a guard. */
	memset(top, 0, sizeof(top));
	second = cap_make_cnode(slots, ROOT_BITS, 0, 0);
	cspace_insert(&top[1], &second, NULL);
	root2 = cap_make_cnode(top, 2, 64 - 2 - ROOT_BITS, 0);
	a->cspace_root.cap = root2;
	SYSCALL(a, KAAL_SYS_CAP_IDENTIFY, via_top);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(KAAL_OBJ_ENDPOINT, a->ctx.res[1]);
	CHECK_EQ_UINT(BADGE, a->ctx.res[3]);
	SYSCALL(a, KAAL_SYS_SIGNAL, (1u << ROOT_BITS) | NTFN);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(1, ntfn->word);
	SYSCALL(a, KAAL_SYS_SIGNAL, via_top);
	CHECK_EQ_UINT(KAAL_E_WRONG_TYPE, a->ctx.res[KAAL_RES_ERROR]);
	SYSCALL(a, KAAL_SYS_CAP_IDENTIFY, 2); /* top[2] is empty */
	CHECK_EQ_UINT(KAAL_E_MISSING_CAP, a->ctx.res[KAAL_RES_ERROR]);
	SYSCALL(a, KAAL_SYS_CAP_IDENTIFY, 1ull << 63); /* guard mismatch */
	CHECK_EQ_UINT(KAAL_E_GUARD, a->ctx.res[KAAL_RES_ERROR]);

	/* b keeps the one-level root: a cptr above its guard is refused the
	 * way cspace_lookup_cap refuses it. (A dying capability: the user
	 * suite's destroy_* cases and the fuzzer.) */
	current = b;
	SYSCALL(b, KAAL_SYS_SIGNAL, (1u << ROOT_BITS) | NTFN);
	CHECK_EQ_UINT(KAAL_E_GUARD, b->ctx.res[KAAL_RES_ERROR]);
	SYSCALL(b, KAAL_SYS_SIGNAL, NTFN);
	CHECK_EQ_UINT(KAAL_OK, b->ctx.res[KAAL_RES_ERROR]);
	teardown();
}

/*
 * syscall_handle says whether the caller continues at once (the arch's
 * short return): only when nothing of who runs next changed. The run
 * queue and every thread state are the same after each such call.
 */
TEST(quick_exit_only_when_nobody_else_may_run)
{
	struct sched_node *pick;

	setup();
	pick = sched_pick();
#define QUICK_CALL(num, ...)                               \
	do {                                               \
		const word_t args_[] = { __VA_ARGS__ };    \
		memset(a->ctx.arg, 0, sizeof(a->ctx.arg)); \
		memcpy(a->ctx.arg, args_, sizeof(args_));  \
		a->ctx.nr = (num);                         \
		current = a;                               \
		CHECK(syscall_handle(a));                  \
		CHECK_EQ_PTR(pick, sched_pick());          \
		CHECK_EQ_UINT(TS_RUNNABLE, a->state);      \
		CHECK_EQ_UINT(TS_RUNNABLE, b->state);      \
	} while (0)
	QUICK_CALL(0, 0);		 /* unknown */
	QUICK_CALL(0x7e, EP);		 /* unknown */
	QUICK_CALL(KAAL_SYS_CALL, 9, 0); /* empty slot: lookup error */
	QUICK_CALL(KAAL_SYS_SIGNAL, EP); /* wrong type */
	QUICK_CALL(KAAL_SYS_CAP_IDENTIFY, EP_BADGED);
	QUICK_CALL(KAAL_SYS_POLL, NTFN);
	QUICK_CALL(KAAL_SYS_DEBUG_PUTCHAR, 'q');
	QUICK_CALL(KAAL_SYS_TCB_READ_REGISTERS, TCB_B); /* no buffer: error */
#undef QUICK_CALL
	/* A signal may wake a thread, a yield or a blocking receive changes
	 * who runs: through the scheduler. */
	current = a;
	a->ctx.nr = KAAL_SYS_SIGNAL;
	a->ctx.arg[KAAL_ARG_CPTR] = NTFN;
	CHECK(!syscall_handle(a));
	/* The word is there now: a wait takes it at once. */
	a->ctx.nr = KAAL_SYS_WAIT;
	CHECK(syscall_handle(a));
	CHECK_EQ_UINT(1, a->ctx.res[KAAL_RES_NTFN_WORD]);
	/* It is gone: the next wait blocks. */
	CHECK(!syscall_handle(a));
	CHECK_EQ_UINT(TS_BLOCKED_NTFN, a->state);
	current = b;
	b->ctx.nr = KAAL_SYS_YIELD;
	CHECK(!syscall_handle(b));
	b->ctx.nr = KAAL_SYS_RECV;
	b->ctx.arg[KAAL_ARG_CPTR] = EP;
	CHECK(!syscall_handle(b));
	CHECK_EQ_UINT(TS_BLOCKED_RECV, b->state);
	teardown();
}

/* ---- blocking calls get their results from the waker ------------------- */

TEST(blocked_receiver_gets_results_from_the_sender)
{
	setup();
	SYSCALL(b, KAAL_SYS_RECV, EP);
	CHECK_EQ_UINT(TS_BLOCKED_RECV, b->state);
	CHECK_EQ_UINT(0, b->ctx.res_written); /* nothing yet */
	SYSCALL(a, KAAL_SYS_SEND, EP_BADGED, KAAL_MSGINFO(42, 0, 2), 7, 8);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(TS_RUNNABLE, b->state);
	CHECK_EQ_UINT(KAAL_OK, b->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(KAAL_MSGINFO(42, 0, 2), b->ctx.res[KAAL_RES_INFO]);
	CHECK_EQ_UINT(7, b->ctx.res[KAAL_RES_MR(0)]);
	CHECK_EQ_UINT(8, b->ctx.res[KAAL_RES_MR(1)]);
	CHECK_EQ_UINT(BADGE, b->ctx.res[KAAL_RES_BADGE]);
	CHECK(!WRITTEN(b, KAAL_RES_MR(2)));
	teardown();
}

TEST(queued_sender_completes_a_receive_at_once)
{
	setup();
	SYSCALL(b, KAAL_SYS_SEND, EP_BADGED, KAAL_MSGINFO(5, 0, 1), 99);
	CHECK_EQ_UINT(TS_BLOCKED_SEND, b->state);
	CHECK_EQ_UINT(0, b->ctx.res_written);
	SYSCALL(a, KAAL_SYS_RECV, EP);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(KAAL_MSGINFO(5, 0, 1), a->ctx.res[KAAL_RES_INFO]);
	CHECK_EQ_UINT(99, a->ctx.res[KAAL_RES_MR(0)]);
	CHECK_EQ_UINT(BADGE, a->ctx.res[KAAL_RES_BADGE]);
	/* The sender's send is complete: its waker wrote its error. */
	CHECK_EQ_UINT(TS_RUNNABLE, b->state);
	CHECK_EQ_UINT(1u << KAAL_RES_ERROR, b->ctx.res_written);
	CHECK_EQ_UINT(KAAL_OK, b->ctx.res[KAAL_RES_ERROR]);
	teardown();
}

TEST(notification_waiter_gets_the_word)
{
	setup();
	SYSCALL(b, KAAL_SYS_WAIT, NTFN);
	CHECK_EQ_UINT(TS_BLOCKED_NTFN, b->state);
	SYSCALL(a, KAAL_SYS_SIGNAL, NTFN);
	CHECK_EQ_UINT(KAAL_OK, b->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(1, b->ctx.res[KAAL_RES_NTFN_WORD]);
	CHECK(!WRITTEN(b, KAAL_RES_BADGE));
	SYSCALL(a, KAAL_SYS_POLL, NTFN);
	CHECK_EQ_UINT(0, a->ctx.res[KAAL_RES_NTFN_WORD]);
	teardown();
}

TEST(suspended_blocked_thread_restarts_its_call)
{
	setup();
	SYSCALL(b, KAAL_SYS_RECV, EP);
	SYSCALL(a, KAAL_SYS_THREAD_SUSPEND, TCB_B);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(TS_INACTIVE, b->state);
	CHECK_EQ_UINT(1, b->ctx.restarts);
	CHECK_EQ_UINT(0, b->ctx.res_written);
	teardown();
}

TEST(write_registers_sets_the_entry)
{
	setup();
	SYSCALL(a, KAAL_SYS_TCB_WRITE_REGISTERS, TCB_B, 0, 0x1000, 0x2000, 11,
		12, 13);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(0x1000, b->ctx.pc);
	CHECK_EQ_UINT(0x2000, b->ctx.sp);
	CHECK_EQ_UINT(13, b->ctx.entry_arg[2]);
	SYSCALL(a, KAAL_SYS_TCB_WRITE_REGISTERS, TCB_B, 0, USER_VA_END, 0);
	CHECK_EQ_UINT(KAAL_E_BAD_ADDRESS, a->ctx.res[KAAL_RES_ERROR]);
	teardown();
}

/* ---- the user timer ---------------------------------------------------- */

#define IRQCTL	   5
#define H_TIMER	   6 /* claimed: the user timer's line, 30 */
#define H_OTHER	   7 /* claimed: line 33 */
#define ROOT_CNODE 8
#define UTIMER	   30

extern uint64_t fake_utimer_deadline;
extern bool fake_utimer_reached;

TEST(deadline_only_on_the_user_timer_line_and_disarmed_on_delivery)
{
	struct cap root;

	setup();
	root = cap_make_cnode(slots, ROOT_BITS, 64 - ROOT_BITS, 0);
	cspace_insert(&slots[ROOT_CNODE], &root, NULL);
	put(IRQCTL, KAAL_OBJ_IRQ_CONTROL, NULL, 0);
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_GET, IRQCTL, UTIMER, ROOT_CNODE,
		H_TIMER, 64);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_GET, IRQCTL, 33, ROOT_CNODE, H_OTHER,
		64);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	fake_utimer_deadline = 0;

	/* Another line's handler, or not a handler: refused, nothing set. */
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_SET_DEADLINE, H_OTHER, 1234);
	CHECK_EQ_UINT(KAAL_E_ILLEGAL_OP, a->ctx.res[KAAL_RES_ERROR]);
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_SET_DEADLINE, NTFN, 1234);
	CHECK_EQ_UINT(KAAL_E_WRONG_TYPE, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(0, fake_utimer_deadline);

	/* Set, replaced, disarmed with 0. */
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_SET_DEADLINE, H_TIMER, 1234);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(1234, fake_utimer_deadline);
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_SET_DEADLINE, H_TIMER, 99);
	CHECK_EQ_UINT(99, fake_utimer_deadline);
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_SET_DEADLINE, H_TIMER, 0);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(0, fake_utimer_deadline);

	/* An interrupt before the deadline (stale, spurious, or the
	 * physical compare early): dropped, the timer stays armed. */
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_SET_NTFN, H_TIMER, NTFN);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_SET_DEADLINE, H_TIMER, 77);
	fake_utimer_reached = false;
	CHECK(irqhandler_deliver(UTIMER));
	CHECK_EQ_UINT(77, fake_utimer_deadline);
	CHECK_EQ_UINT(0, ntfn->word);
	/* Delivered: disarmed (its output would stay high), signalled. */
	fake_utimer_reached = true;
	CHECK(irqhandler_deliver(UTIMER));
	CHECK_EQ_UINT(0, fake_utimer_deadline);
	CHECK_EQ_UINT(1, ntfn->word);

	/* Another line's delivery leaves the timer alone. */
	SYSCALL(a, KAAL_SYS_IRQ_HANDLER_SET_DEADLINE, H_TIMER, 88);
	CHECK(irqhandler_deliver(33));
	CHECK_EQ_UINT(88, fake_utimer_deadline);

	/* Deleting the handler disarms it. */
	SYSCALL(a, KAAL_SYS_CAP_DELETE, ROOT_CNODE, H_TIMER, 64);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(0, fake_utimer_deadline);
	SYSCALL(a, KAAL_SYS_CAP_DELETE, ROOT_CNODE, H_OTHER, 64);
	teardown();
}

/* ---- foreign mode ------------------------------------------------------ */

TEST(syscall_mode_is_set_or_refused)
{
	setup();
	SYSCALL(a, KAAL_SYS_TCB_SET_SYSCALL_MODE, TCB_B, 2);
	CHECK_EQ_UINT(KAAL_E_INVALID_ARG, a->ctx.res[KAAL_RES_ERROR]);
	CHECK(!arch_syscall_foreign(b));
	SYSCALL(a, KAAL_SYS_TCB_SET_SYSCALL_MODE, EP,
		KAAL_SYSCALL_MODE_FOREIGN);
	CHECK_EQ_UINT(KAAL_E_WRONG_TYPE, a->ctx.res[KAAL_RES_ERROR]);
	CHECK(!arch_syscall_foreign(b));
	SYSCALL(a, KAAL_SYS_TCB_SET_SYSCALL_MODE, TCB_B,
		KAAL_SYSCALL_MODE_FOREIGN);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK(arch_syscall_foreign(b));
	SYSCALL(a, KAAL_SYS_TCB_SET_SYSCALL_MODE, TCB_B, ~0ul);
	CHECK_EQ_UINT(KAAL_E_INVALID_ARG, a->ctx.res[KAAL_RES_ERROR]);
	CHECK(arch_syscall_foreign(b));
	SYSCALL(a, KAAL_SYS_TCB_SET_SYSCALL_MODE, TCB_B,
		KAAL_SYSCALL_MODE_KAAL);
	CHECK(!arch_syscall_foreign(b));
	teardown();
}

/* @b, foreign, makes call 172 with arguments 10..17; @a waits on EP,
 * b's fault endpoint, and receives the fault. */
static void foreign_call_to_a(void)
{
	cspace_insert(&b->fault_ep, &slots[EP].cap, &slots[EP]);
	arch_syscall_set_foreign(b, true);
	SYSCALL(a, KAAL_SYS_RECV, EP);
	for (unsigned int i = 0; i < 8; i++)
		b->ctx.arg[i] = 10 + i;
	b->ctx.nr = 172;
	b->ctx.pc = 0x4000;
	b->ctx.sp = 0x8000;
	current = b;
	fault_deliver_syscall(b);
}

/* Without an IPC buffer the handler gets words 0-5 (x0-x5) and length 6;
 * the reply's word 0 becomes the result. */
TEST(foreign_call_is_a_fault_and_the_reply_its_result)
{
	setup();
	foreign_call_to_a();
	CHECK_EQ_UINT(TS_BLOCKED_REPLY, b->state);
	CHECK_EQ_UINT(KAAL_MSGINFO(KAAL_FAULT_UNKNOWN_SYSCALL, 0,
				   KAAL_MSG_REG_WORDS),
		      a->ctx.res[KAAL_RES_INFO]);
	for (unsigned int i = 0; i < KAAL_MSG_REG_WORDS; i++)
		CHECK_EQ_UINT(10 + i, a->ctx.res[KAAL_RES_MR(i)]);
	b->ctx.res_written = 0;
	SYSCALL(a, KAAL_SYS_REPLY, 0, KAAL_MSGINFO(0, 0, 2), 99, 98);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(TS_RUNNABLE, b->state);
	CHECK_EQ_UINT(0, b->fault_pending);
	CHECK_EQ_UINT(3, b->ctx.res_written);
	CHECK_EQ_UINT(99, b->ctx.res[0]);
	CHECK_EQ_UINT(98, b->ctx.res[1]);
	CHECK_EQ_UINT(0x4000, b->ctx.pc);
	CHECK_EQ_UINT(0, b->ctx.restarts);
	teardown();
}

/* A foreign call that is never answered is made again. */
TEST(unanswered_foreign_call_is_made_again)
{
	setup();
	foreign_call_to_a();
	b->ctx.res_written = 0;
	SYSCALL(a, KAAL_SYS_THREAD_SUSPEND, TCB_B);
	CHECK_EQ_UINT(TS_INACTIVE, b->state);
	CHECK_EQ_UINT(1, b->ctx.restarts);
	CHECK_EQ_UINT(0, b->ctx.res_written);
	CHECK_EQ_UINT(0, b->fault_pending);
	/* The handler's reply right went with it. */
	SYSCALL(a, KAAL_SYS_REPLY, 0, KAAL_MSGINFO(0, 0, 1), 99);
	CHECK_EQ_UINT(KAAL_E_NO_REPLY, a->ctx.res[KAAL_RES_ERROR]);
	teardown();
}

/* ---- the fast path ----------------------------------------------------- */

TEST(fastpath_call_and_reply_recv)
{
	setup();
	SYSCALL(b, KAAL_SYS_RECV, EP);
	current = a;
	a->ctx.nr = KAAL_SYS_CALL;
	a->ctx.arg[KAAL_ARG_CPTR] = EP_BADGED;
	a->ctx.arg[KAAL_ARG_INFO] = KAAL_MSGINFO(3, 0, 1);
	a->ctx.arg[KAAL_ARG_MR(0)] = 77;
	if (!FAKE_ENTER_KERNEL())
		fastpath_call(&a->ctx);
	CHECK_EQ_PTR(&b->ctx, fake_user_frame);
	CHECK_EQ_PTR(b, current);
	CHECK_EQ_UINT(TS_BLOCKED_REPLY, a->state);
	CHECK_EQ_UINT(77, b->ctx.res[KAAL_RES_MR(0)]);
	CHECK_EQ_UINT(KAAL_MSGINFO(3, 0, 1), b->ctx.res[KAAL_RES_INFO]);
	CHECK_EQ_UINT(BADGE, b->ctx.res[KAAL_RES_BADGE]);
	CHECK_EQ_PTR(a, b->reply_to);

	b->ctx.nr = KAAL_SYS_REPLY_RECV;
	b->ctx.arg[KAAL_ARG_CPTR] = EP;
	b->ctx.arg[KAAL_ARG_INFO] = KAAL_MSGINFO(4, 0, 0);
	if (!FAKE_ENTER_KERNEL())
		fastpath_reply_recv(&b->ctx);
	CHECK_EQ_PTR(&a->ctx, fake_user_frame);
	CHECK_EQ_UINT(TS_BLOCKED_RECV, b->state);
	CHECK_EQ_UINT(KAAL_OK, a->ctx.res[KAAL_RES_ERROR]);
	CHECK_EQ_UINT(KAAL_MSGINFO(4, 0, 0), a->ctx.res[KAAL_RES_INFO]);
	CHECK_EQ_UINT(0, a->ctx.res[KAAL_RES_BADGE]);
	teardown();
}

/* Nobody waits: the fast path changes nothing and the generic path
 * blocks the caller in the endpoint's send queue. */
TEST(fastpath_miss_takes_the_generic_path)
{
	setup();
	a->ctx.nr = KAAL_SYS_CALL;
	a->ctx.arg[KAAL_ARG_CPTR] = EP;
	a->ctx.arg[KAAL_ARG_INFO] = KAAL_MSGINFO(3, 0, 0);
	if (!FAKE_ENTER_KERNEL())
		fastpath_call(&a->ctx);
	CHECK_EQ_UINT(TS_BLOCKED_SEND, a->state);
	CHECK_EQ_PTR(a, ep->queue.head);
	CHECK_EQ_PTR(&b->ctx, fake_user_frame); /* b was runnable */
	CHECK_EQ_UINT(0, a->ctx.res_written);
	teardown();
}
