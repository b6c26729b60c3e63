// SPDX-License-Identifier: BSD-2-Clause
/*
 * Threads in foreign mode (tcb_set_syscall_mode): every svc such a thread
 * makes is an unknown-syscall fault to its fault endpoint, carrying its
 * registers (<uapi/kaal/fault.h>), whatever number x8 holds, and the
 * reply writes registers back and resumes it. The root task plays the
 * personality server; the children make Linux system calls (numbers of
 * the arm64 Linux table: getpid 172, execve 221, exit 93).
 */
#include <uapi/kaal/fault.h>

#include "test.h"

#define FOREIGN_BADGE 0x5151ul
#define LINUX_GETPID  172
#define LINUX_EXECVE  221
#define LINUX_EXIT    93
#define SVC0	      0xd4000001u /* the encoding of "svc #0" */
#define CHILD_TP      0x7e57000000000001ul
#define REPEAT	      16
#define KERNEL_VADDR  0xffff000040000000ul

/* What a child and the root task share. */
struct foreign {
	kaal_cptr_t ep, tcb;		  /* for the children's KaaL calls */
	volatile kaal_word_t got[REPEAT]; /* registers the child got back */
	volatile int calls, done;
};

/* Reply one word: the foreign call's result (x0). */
#define RESULT(x0) (&(struct kaal_msg){ KAAL_MSGINFO(0, 0, 1), { (x0) } })

/* Linux exit, which the root task never answers. Should it return, the
 * thread is not in foreign mode: it says so with a KaaL send (label
 * NOT_FOREIGN) to the root task, which waits for a fault on f->ep, so that
 * a kernel without foreign mode fails the case instead of hanging it. */
#define NOT_FOREIGN 0xbad

static void __attribute__((noreturn)) child_exit(struct foreign *f)
{
	for (;;) {
		kaal_syscall(LINUX_EXIT, 0, 0, 0, 0, 0, 0, 0, 0);
		kaal_syscall(KAAL_SYS_SEND, f->ep,
			     KAAL_MSGINFO(NOT_FOREIGN, 0, 0), 0, 0, 0, 0, 0, 0);
	}
}

/*
 * A thread whose faults come to a new endpoint (*ep, with FOREIGN_BADGE)
 * put in foreign mode, not started; f (may be NULL) learns the endpoint
 * and the thread's TCB.
 */
static int foreign_thread(struct test *t, struct kaal_thread *th,
			  kaal_cptr_t *ep, struct foreign *f)
{
	kaal_cptr_t badged;

	*ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	badged = *ep ? t_mint(t, *ep, KAAL_RIGHTS_ALL, FOREIGN_BADGE) : 0;
	if (!badged || !t_thread(t, th, badged) ||
	    !EXPECT_OK(t, kaal_tcb_set_syscall_mode(th->tcb,
						    KAAL_SYSCALL_MODE_FOREIGN)))
		return 0;
	if (f) {
		f->ep = *ep;
		f->tcb = th->tcb;
	}
	return 1;
}

/* Word i of the fault message r: 0-5 in registers, the rest in the IPC
 * buffer. */
static kaal_word_t word(struct test *t, const struct kaal_recv_ret *r,
			unsigned int i)
{
	return i < KAAL_MSG_REG_WORDS ? r->msg.mr[i] : t->ipc->mr[i];
}

/* r must be the unknown-syscall fault of a call of number nr. */
static int is_syscall(struct test *t, int line, const struct kaal_recv_ret *r,
		      kaal_word_t nr)
{
	return test_expect_err(t, line, "receive", r->error, KAAL_OK,
			       KAAL_OK) &&
	       test_expect_eq(t, line, "label", KAAL_MSGINFO_LABEL(r->msg.info),
			      KAAL_FAULT_UNKNOWN_SYSCALL) &&
	       test_expect_eq(t, line, "length", KAAL_MSGINFO_LEN(r->msg.info),
			      KAAL_FAULT_SYSCALL_LEN) &&
	       test_expect_eq(t, line, "badge", r->badge, FOREIGN_BADGE) &&
	       test_expect_eq(t, line, "number",
			      word(t, r, KAAL_FAULT_SYSCALL_NR), nr);
}

/* Linux getpid with x0-x7 = 10..17, its own thread pointer set. */
static void child_getpid(kaal_word_t arg)
{
	struct foreign *f = (struct foreign *)arg;
	struct kaal_sysret r;

	__asm__ volatile("msr tpidr_el0, %0" : : "r"(CHILD_TP));
	r = kaal_syscall(LINUX_GETPID, 10, 11, 12, 13, 14, 15, 16, 17);
	f->got[0] = r.x0;
	f->got[1] = r.x1;
	f->done = 1;
	child_exit(f);
}

/* The svc reaches the handler with x0-x8, the PC after the svc and the
 * SP; the reply's word is x0 when the thread goes on. */
static void foreign_syscall_fault(struct test *t)
{
	struct foreign f = { 0 };
	struct kaal_thread th;
	struct kaal_recv_ret r;
	kaal_word_t pc, sp, *mr = t->ipc->mr;
	kaal_cptr_t ep;

	if (!foreign_thread(t, &th, &ep, &f) ||
	    !EXPECT_OK(t,
		       kaal_thread_start(&th, child_getpid, (kaal_word_t)&f)))
		return;
	r = kaal_recv(ep);
	if (!is_syscall(t, __LINE__, &r, LINUX_GETPID))
		goto out;
	for (unsigned int i = 0; i < 8; i++)
		EXPECT_EQ(t, word(t, &r, KAAL_FAULT_SYSCALL_X(i)), 10 + i);
	pc = word(t, &r, KAAL_FAULT_SYSCALL_PC);
	sp = word(t, &r, KAAL_FAULT_SYSCALL_SP);
	EXPECT_EQ(t, *(const uint32_t *)(pc - 4), SVC0);
	EXPECT(t, sp < th.stack_top &&
			  sp >= th.stack_top - KAAL_THREAD_STACK_PAGES * PAGE);
	/* The thread as tcb_read_registers sees it meanwhile: the same, and
	 * the thread pointer it set itself. */
	EXPECT_EQ(t, kaal_tcb_read_registers(th.tcb).value, KAAL_REGS_COUNT);
	EXPECT_EQ(t, mr[KAAL_REGS_PC], pc);
	EXPECT_EQ(t, mr[KAAL_REGS_SP], sp);
	EXPECT_EQ(t, mr[KAAL_REGS_X(8)], LINUX_GETPID);
	EXPECT_EQ(t, mr[KAAL_REGS_TPIDR], CHILD_TP);
	EXPECT(t, !f.done);
	EXPECT_OK(t, kaal_reply(RESULT(4242)));
	r = kaal_recv(ep);
	if (is_syscall(t, __LINE__, &r, LINUX_EXIT)) {
		EXPECT(t, f.done);
		EXPECT_EQ(t, f.got[0], 4242);
		EXPECT_EQ(t, f.got[1], 11); /* one word: x1 unchanged */
	}
out:
	kaal_thread_suspend(th.tcb);
}

/* REPEAT calls, numbers 200.., x0 = i. */
static void child_repeat(kaal_word_t arg)
{
	struct foreign *f = (struct foreign *)arg;

	for (unsigned int i = 0; i < REPEAT; i++)
		f->got[i] = kaal_syscall(200 + i, i, 0, 0, 0, 0, 0, 0, 0).x0;
	f->done = 1;
	child_exit(f);
}

/* Call after call, each answered by a reply_recv. */
static void foreign_syscall_repeat(struct test *t)
{
	struct foreign f = { 0 };
	struct kaal_thread th;
	struct kaal_recv_ret r;
	kaal_cptr_t ep;

	if (!foreign_thread(t, &th, &ep, &f) ||
	    !EXPECT_OK(t,
		       kaal_thread_start(&th, child_repeat, (kaal_word_t)&f)))
		return;
	r = kaal_recv(ep);
	for (unsigned int i = 0; i < REPEAT; i++) {
		if (!is_syscall(t, __LINE__, &r, 200 + i) ||
		    !EXPECT_EQ(t, r.msg.mr[0], i))
			goto out;
		r = kaal_reply_recv(ep, RESULT(1000 + 7 * i));
	}
	if (!is_syscall(t, __LINE__, &r, LINUX_EXIT) || !EXPECT(t, f.done))
		goto out;
	for (unsigned int i = 0; i < REPEAT; i++)
		EXPECT_EQ(t, f.got[i], 1000 + 7 * i);
out:
	kaal_thread_suspend(th.tcb);
}

/* Where the reply to execve sends the child, with x0 = its argument. */
static void child_landing(kaal_word_t arg)
{
	struct foreign *f = (struct foreign *)arg;
	kaal_word_t sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	f->got[4] = sp;
	f->done = 1;
	child_exit(f);
}

static void child_registers(kaal_word_t arg)
{
	struct foreign *f = (struct foreign *)arg;
	struct kaal_sysret r =
		kaal_syscall(LINUX_GETPID, 1, 2, 3, 4, 5, 6, 7, 8);

	f->got[0] = r.x0;
	f->got[1] = r.x1;
	f->got[2] = r.x7;
	f->got[3] = r.x8;
	f->calls = 1;
	kaal_syscall(LINUX_EXECVE, 0, 0, 0, 0, 0, 0, 0, 0);
	f->calls = 2; /* never: the reply moved the thread */
	child_exit(f);
}

/* A reply of up to 11 words sets x0-x8, the PC and the SP; one that
 * would give the thread a kernel PC or SP is refused and changes
 * nothing. */
static void foreign_reply_registers(struct test *t)
{
	struct foreign f = { 0 };
	struct kaal_thread th;
	struct kaal_recv_ret r;
	struct kaal_msg m = { KAAL_MSGINFO(0, 0, KAAL_FAULT_SYSCALL_X(9)),
			      { 100, 101, 102, 103, 104, 105 } };
	kaal_word_t *mr = t->ipc->mr, pc, sp;
	kaal_cptr_t ep;

	if (!foreign_thread(t, &th, &ep, &f) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, child_registers,
					    (kaal_word_t)&f)))
		return;
	r = kaal_recv(ep);
	if (!is_syscall(t, __LINE__, &r, LINUX_GETPID))
		goto out;
	for (unsigned int i = 6; i < 9; i++) /* x6-x8, in the IPC buffer */
		mr[i] = 100 + i;
	EXPECT_OK(t, kaal_reply(&m));
	r = kaal_recv(ep);
	if (!is_syscall(t, __LINE__, &r, LINUX_EXECVE) ||
	    !EXPECT_EQ(t, f.calls, 1))
		goto out;
	EXPECT_EQ(t, f.got[0], 100);
	EXPECT_EQ(t, f.got[1], 101);
	EXPECT_EQ(t, f.got[2], 107);
	EXPECT_EQ(t, f.got[3], 108);
	pc = word(t, &r, KAAL_FAULT_SYSCALL_PC);
	/* Refused: a kernel PC, then a kernel SP. */
	sp = (th.stack_top - 2048) & ~15ul;
	m = (struct kaal_msg){ KAAL_MSGINFO(0, 0, KAAL_FAULT_SYSCALL_LEN),
			       { (kaal_word_t)&f } };
	mr[KAAL_FAULT_SYSCALL_NR] = 0;
	mr[KAAL_FAULT_SYSCALL_PC] = KERNEL_VADDR;
	mr[KAAL_FAULT_SYSCALL_SP] = sp;
	EXPECT_ERR(t, kaal_reply(&m), KAAL_E_BAD_ADDRESS);
	mr[KAAL_FAULT_SYSCALL_PC] = (kaal_word_t)child_landing;
	mr[KAAL_FAULT_SYSCALL_SP] = KERNEL_VADDR;
	EXPECT_ERR(t, kaal_reply(&m), KAAL_E_BAD_ADDRESS);
	EXPECT_EQ(t, kaal_tcb_read_registers(th.tcb).value, KAAL_REGS_COUNT);
	EXPECT_EQ(t, mr[KAAL_REGS_PC], pc);
	EXPECT_EQ(t, mr[KAAL_REGS_X(8)], LINUX_EXECVE);
	/* Accepted: the thread starts over at child_landing(&f). */
	mr[KAAL_FAULT_SYSCALL_NR] = 0;
	mr[KAAL_FAULT_SYSCALL_PC] = (kaal_word_t)child_landing;
	mr[KAAL_FAULT_SYSCALL_SP] = sp;
	EXPECT_OK(t, kaal_reply(&m));
	r = kaal_recv(ep);
	if (!is_syscall(t, __LINE__, &r, LINUX_EXIT))
		goto out;
	EXPECT(t, f.done);
	EXPECT_EQ(t, f.calls, 1);
	EXPECT(t, f.got[4] <= sp && f.got[4] > sp - 256);
out:
	kaal_thread_suspend(th.tcb);
}

/* Without a fault endpoint the kernel suspends the thread at its svc,
 * which it makes again when resumed. */
static void foreign_no_handler(struct test *t)
{
	struct foreign f = { 0 };
	struct kaal_thread th;
	kaal_word_t *mr = t->ipc->mr, pc;

	if (!t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_set_syscall_mode(
				  th.tcb, KAAL_SYSCALL_MODE_FOREIGN)) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t))) ||
	    !EXPECT_OK(t,
		       kaal_thread_start(&th, child_getpid, (kaal_word_t)&f)))
		return;
	yield_n(10);
	EXPECT(t, !f.done);
	if (!EXPECT_EQ(t, kaal_tcb_read_registers(th.tcb).value,
		       KAAL_REGS_COUNT))
		goto out;
	pc = mr[KAAL_REGS_PC];
	EXPECT_EQ(t, *(const uint32_t *)pc, SVC0);
	EXPECT_EQ(t, mr[KAAL_REGS_X(8)], LINUX_GETPID);
	EXPECT_OK(t, kaal_thread_resume(th.tcb));
	yield_n(10);
	EXPECT(t, !f.done);
	EXPECT_EQ(t, kaal_tcb_read_registers(th.tcb).value, KAAL_REGS_COUNT);
	EXPECT_EQ(t, mr[KAAL_REGS_PC], pc);
out:
	kaal_thread_suspend(th.tcb);
}

/* A KaaL send with label 0x33 on f->ep. */
static void child_send(kaal_word_t arg)
{
	struct foreign *f = (struct foreign *)arg;

	kaal_syscall(KAAL_SYS_SEND, f->ep, KAAL_MSGINFO(0x33, 0, 0), 0, 0, 0, 0,
		     0, 0);
	f->done = 1;
	child_exit(f);
}

/* A bad mode or capability is refused and changes nothing: a foreign
 * thread stays foreign, a KaaL thread KaaL. */
static void foreign_mode_errors(struct test *t)
{
	struct foreign f = { 0 }, g = { 0 };
	struct kaal_thread th, kt;
	struct kaal_recv_ret r;
	kaal_cptr_t ep;

	if (!foreign_thread(t, &th, &ep, &f))
		return;
	EXPECT_ERR(t, kaal_tcb_set_syscall_mode(th.tcb, 2), KAAL_E_INVALID_ARG);
	EXPECT_ERR(t, kaal_tcb_set_syscall_mode(th.tcb, ~0ul),
		   KAAL_E_INVALID_ARG);
	EXPECT_ERR(t, kaal_tcb_set_syscall_mode(ep, KAAL_SYSCALL_MODE_KAAL),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t,
		   kaal_tcb_set_syscall_mode(t_slot(t), KAAL_SYSCALL_MODE_KAAL),
		   KAAL_E_MISSING_CAP);
	if (!EXPECT_OK(t, kaal_thread_start(&th, child_send, (kaal_word_t)&f)))
		goto out;
	r = kaal_recv(ep);
	is_syscall(t, __LINE__, &r, KAAL_SYS_SEND);
	kaal_thread_suspend(th.tcb);

	/* A KaaL thread refuses the same values and stays KaaL. */
	g.ep = ep;
	if (!t_thread(t, &kt, 0))
		goto out;
	EXPECT_ERR(t, kaal_tcb_set_syscall_mode(kt.tcb, 2), KAAL_E_INVALID_ARG);
	if (!EXPECT_OK(t, kaal_thread_start(&kt, child_send, (kaal_word_t)&g)))
		goto out;
	r = kaal_recv(ep);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, KAAL_MSGINFO_LABEL(r.msg.info), 0x33);
	EXPECT_EQ(t, r.badge, 0);
	kaal_thread_suspend(kt.tcb);
out:
	kaal_thread_suspend(th.tcb);
}

/* One foreign call, then a KaaL send of its result (label 0x44). */
static void child_then_kaal(kaal_word_t arg)
{
	struct foreign *f = (struct foreign *)arg;
	kaal_word_t x0 = kaal_syscall(LINUX_GETPID, 0, 0, 0, 0, 0, 0, 0, 0).x0;

	kaal_syscall(KAAL_SYS_SEND, f->ep, KAAL_MSGINFO(0x44, 0, 1), x0, 0, 0,
		     0, 0, 0);
	f->done = 1;
	child_exit(f);
}

/* Back in KaaL mode, an svc is a KaaL system call again. */
static void foreign_mode_off(struct test *t)
{
	struct foreign f = { 0 };
	struct kaal_thread th;
	struct kaal_recv_ret r;
	kaal_cptr_t ep;

	if (!foreign_thread(t, &th, &ep, &f) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, child_then_kaal,
					    (kaal_word_t)&f)))
		return;
	r = kaal_recv(ep);
	if (!is_syscall(t, __LINE__, &r, LINUX_GETPID))
		goto out;
	EXPECT_OK(t, kaal_tcb_set_syscall_mode(th.tcb, KAAL_SYSCALL_MODE_KAAL));
	EXPECT_OK(t, kaal_reply(RESULT(7)));
	r = kaal_recv(ep);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, KAAL_MSGINFO_LABEL(r.msg.info), 0x44);
	EXPECT_EQ(t, KAAL_MSGINFO_LEN(r.msg.info), 1);
	EXPECT_EQ(t, r.msg.mr[0], 7);
	EXPECT_EQ(t, r.badge, 0);
out:
	kaal_thread_suspend(th.tcb);
}

/* KaaL calls a foreign thread tries, the fast path's among them (the
 * root task waits on the endpoint), and the one that would switch its
 * mode off; then a send. */
static const kaal_word_t kaal_calls[] = {
	KAAL_SYS_CALL,
	KAAL_SYS_REPLY_RECV,
	KAAL_SYS_SEND,
	KAAL_SYS_YIELD,
	KAAL_SYS_THREAD_SUSPEND,
	KAAL_SYS_DEBUG_PUTCHAR,
	KAAL_SYS_TCB_SET_SYSCALL_MODE,
	KAAL_SYS_SEND,
};

static void child_kaal_calls(kaal_word_t arg)
{
	struct foreign *f = (struct foreign *)arg;

	for (unsigned int i = 0; i < ARRAY_SIZE(kaal_calls); i++) {
		kaal_word_t nr = kaal_calls[i];
		int tcb = nr == KAAL_SYS_THREAD_SUSPEND ||
			  nr == KAAL_SYS_TCB_SET_SYSCALL_MODE;

		f->got[i] = kaal_syscall(nr, tcb ? f->tcb : f->ep,
					 tcb ? KAAL_SYSCALL_MODE_KAAL :
					       KAAL_MSGINFO(0x55, 0, 0),
					 0, 0, 0, 0, 0, 0)
				    .x0;
	}
	f->done = 1;
	child_exit(f);
}

/* A foreign thread reaches no KaaL system call: each is a fault. */
static void foreign_no_kaal_calls(struct test *t)
{
	struct foreign f = { 0 };
	struct kaal_thread th;
	struct kaal_recv_ret r;
	kaal_cptr_t ep;

	if (!foreign_thread(t, &th, &ep, &f) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						ROOT_PRIO(t) - 1)) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, child_kaal_calls,
					    (kaal_word_t)&f)))
		return;
	r = kaal_recv(ep);
	for (unsigned int i = 0; i < ARRAY_SIZE(kaal_calls); i++) {
		if (!is_syscall(t, __LINE__, &r, kaal_calls[i]))
			goto out;
		r = kaal_reply_recv(ep, RESULT(0x600 + i));
	}
	if (!is_syscall(t, __LINE__, &r, LINUX_EXIT) || !EXPECT(t, f.done))
		goto out;
	for (unsigned int i = 0; i < ARRAY_SIZE(kaal_calls); i++)
		EXPECT_EQ(t, f.got[i], 0x600 + i);
out:
	kaal_thread_suspend(th.tcb);
}

static const struct test_case cases[] = {
	{ "foreign_syscall_fault", foreign_syscall_fault },
	{ "foreign_syscall_repeat", foreign_syscall_repeat },
	{ "foreign_reply_registers", foreign_reply_registers },
	{ "foreign_no_handler", foreign_no_handler },
	{ "foreign_mode_errors", foreign_mode_errors },
	{ "foreign_mode_off", foreign_mode_off },
	{ "foreign_no_kaal_calls", foreign_no_kaal_calls },
};

TEST_SUITE(foreign_suite, cases);
