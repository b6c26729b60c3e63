// SPDX-License-Identifier: BSD-2-Clause
/*
 * Faults of child threads, delivered as messages on their fault endpoint
 * (<uapi/kaal/fault.h>): type, address, PC, stack pointer and badge of each
 * kind of fault; restarting a thread by replying; and a thread without a
 * fault endpoint, which the kernel stops on its own.
 */
#include <uapi/kaal/esr.h>

#include "test.h"

#define FAULT_BADGE 0x42ul
#define ANY	    (~0ul) /* do not check this field */

/* Kernel addresses: the start of RAM in the kernel's window of all
 * physical memory on QEMU virt, and the kernel image (its link address).
 * Any upper-half address must fault for user space. */
#define KERNEL_RAM_VADDR   0xffff000040000000ul
#define KERNEL_IMAGE_VADDR 0xffffff8000000000ul

void child_store(void);
void child_load(void);
void child_jump(void);
void child_undefined(void);
void child_exclusive(void);

static const kaal_word_t read_only_word = 0x0123456789abcdeful;

struct fault {
	kaal_word_t type, addr, pc, ec;
};

/*
 * Start a child at pc with x0 = arg and sp = its stack top minus
 * sp_offset, receive its fault and check it against want; then suspend
 * the child.
 */
static void expect_fault(struct test *t, int line, kaal_word_t pc,
			 kaal_word_t arg, kaal_word_t sp_offset,
			 struct fault want)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t badged = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, FAULT_BADGE) :
				  0;
	struct kaal_thread th;
	struct kaal_recv_ret r;
	kaal_word_t sp;

	if (!badged || !t_thread(t, &th, badged))
		return;
	sp = th.stack_top - sp_offset;
	if (!test_expect_err(t, line, "start",
			     kaal_tcb_write_registers(th.tcb, 1, pc, sp, arg, 0,
						      0),
			     KAAL_OK, KAAL_OK))
		return;
	r = kaal_recv(ep);
	kaal_thread_suspend(th.tcb);
	if (!test_expect_err(t, line, "recv", r.error, KAAL_OK, KAAL_OK))
		return;
	test_expect_eq(t, line, "fault type", KAAL_MSGINFO_LABEL(r.msg.info),
		       want.type);
	test_expect_eq(t, line, "length", KAAL_MSGINFO_LEN(r.msg.info),
		       KAAL_FAULT_MSG_LEN);
	test_expect_eq(t, line, "badge", r.badge, FAULT_BADGE);
	if (want.addr != ANY)
		test_expect_eq(t, line, "address", r.msg.mr[0], want.addr);
	if (want.pc != ANY)
		test_expect_eq(t, line, "pc", r.msg.mr[2], want.pc);
	test_expect_eq(t, line, "sp", r.msg.mr[3], sp);
	test_expect_eq(t, line, "ESR.EC", kaal_esr_class(r.msg.mr[1]), want.ec);
}

#define PC(fn) ((kaal_word_t)(fn))
#define FAULT(type, addr, pc, ec) \
	((struct fault){ KAAL_FAULT_##type, (addr), (pc), (ec) })

static void fault_write_unmapped(struct test *t)
{
	kaal_word_t va = t_bare_region(t) + 0x1008;

	expect_fault(t, __LINE__, PC(child_store), va, 0,
		     FAULT(VM_WRITE, va, PC(child_store),
			   KAAL_ESR_EC_DABT_LOW));
}

static void fault_read_unmapped(struct test *t)
{
	kaal_word_t va = t_region(t) + 0x10;

	expect_fault(t, __LINE__, PC(child_load), va, 0,
		     FAULT(VM_READ, va, PC(child_load), KAAL_ESR_EC_DABT_LOW));
}

static void fault_read_kernel(struct test *t)
{
	expect_fault(t, __LINE__, PC(child_load), KERNEL_RAM_VADDR, 0,
		     FAULT(VM_READ, KERNEL_RAM_VADDR, PC(child_load),
			   KAAL_ESR_EC_DABT_LOW));
	expect_fault(t, __LINE__, PC(child_load), KERNEL_IMAGE_VADDR, 0,
		     FAULT(VM_READ, KERNEL_IMAGE_VADDR, PC(child_load),
			   KAAL_ESR_EC_DABT_LOW));
	/* Nor can it run kernel code. */
	expect_fault(t, __LINE__, PC(child_jump), KERNEL_IMAGE_VADDR, 0,
		     FAULT(VM_EXEC, KERNEL_IMAGE_VADDR, KERNEL_IMAGE_VADDR,
			   KAAL_ESR_EC_IABT_LOW));
}

/* A read-only mapping, the program's own rodata and its text. */
static void fault_write_read_only(struct test *t)
{
	kaal_word_t va = t_region(t);

	if (!t_page_at(t, va, RO))
		return;
	expect_fault(t, __LINE__, PC(child_store), va + 8, 0,
		     FAULT(VM_WRITE, va + 8, PC(child_store),
			   KAAL_ESR_EC_DABT_LOW));
	expect_fault(t, __LINE__, PC(child_store), PC(&read_only_word), 0,
		     FAULT(VM_WRITE, PC(&read_only_word), PC(child_store),
			   KAAL_ESR_EC_DABT_LOW));
	expect_fault(t, __LINE__, PC(child_store), PC(child_load), 0,
		     FAULT(VM_WRITE, PC(child_load), PC(child_store),
			   KAAL_ESR_EC_DABT_LOW));
}

/* A page made read-only with memory_protect refuses writes. */
static void fault_write_protected(struct test *t)
{
	kaal_word_t va = t_region(t);
	kaal_cptr_t page = t_page_at(t, va, RW);

	if (!page || !EXPECT_OK(t, kaal_memory_protect(page, RO)))
		return;
	expect_fault(t, __LINE__, PC(child_store), va, 0,
		     FAULT(VM_WRITE, va, PC(child_store),
			   KAAL_ESR_EC_DABT_LOW));
}

/* Neither a writable page nor read-only data is executable. */
static void fault_exec_nx(struct test *t)
{
	kaal_word_t va = t_region(t);
	kaal_word_t ro = PC(&read_only_word);

	if (!t_page_at(t, va, RW))
		return;
	expect_fault(t, __LINE__, PC(child_jump), va, 0,
		     FAULT(VM_EXEC, va, va, KAAL_ESR_EC_IABT_LOW));
	expect_fault(t, __LINE__, PC(child_jump), ro, 0,
		     FAULT(VM_EXEC, ro, ro, KAAL_ESR_EC_IABT_LOW));
}

static void fault_undefined(struct test *t)
{
	expect_fault(t, __LINE__, PC(child_undefined), 0, 0,
		     FAULT(UNDEFINED, ANY, PC(child_undefined),
			   KAAL_ESR_EC_UNKNOWN));
}

static void fault_pc_alignment(struct test *t)
{
	kaal_word_t pc = PC(child_store) + 2;

	expect_fault(t, __LINE__, pc, 0, 0,
		     FAULT(ALIGNMENT, pc, pc, KAAL_ESR_EC_PC_ALIGN));
}

/* An exclusive load from a misaligned address faults whatever
 * SCTLR_EL1.A says. */
static void fault_data_alignment(struct test *t)
{
	kaal_word_t va = t_region(t);

	if (!t_page_at(t, va, RW))
		return;
	expect_fault(t, __LINE__, PC(child_exclusive), va + 1, 0,
		     FAULT(ALIGNMENT, va + 1, PC(child_exclusive),
			   KAAL_ESR_EC_DABT_LOW));
}

struct restart_ctx {
	kaal_cptr_t ep;
	kaal_word_t va;
};

static void restarted(kaal_word_t arg)
{
	const struct restart_ctx *c = (const void *)arg;
	volatile kaal_word_t *p = (volatile kaal_word_t *)c->va;
	struct kaal_msg m = { KAAL_MSGINFO(0x77, 0, 1), { 0 } };

	*p = 0x5eed; /* faults once, then works */
	m.mr[0] = *p;
	kaal_send(c->ep, &m);
}

/* Replying to a fault message restarts the thread at the faulting
 * instruction: the handler maps the page, the write then succeeds. */
static void fault_reply_restarts(struct test *t)
{
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t badged = ep ? t_mint(t, ep, KAAL_RIGHTS_ALL, FAULT_BADGE) :
				  0;
	struct restart_ctx ctx = { badged, t_region(t) };
	struct kaal_msg empty = { 0, { 0 } };
	struct kaal_thread th;
	struct kaal_recv_ret r;

	if (!badged || !ctx.va || !t_thread(t, &th, badged) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, restarted, (kaal_word_t)&ctx)))
		return;
	r = kaal_recv(ep);
	if (!EXPECT_OK(t, r.error) ||
	    !EXPECT_EQ(t, KAAL_MSGINFO_LABEL(r.msg.info),
		       KAAL_FAULT_VM_WRITE) ||
	    !EXPECT_EQ(t, r.msg.mr[0], ctx.va) || !t_page_at(t, ctx.va, RW)) {
		kaal_thread_suspend(th.tcb);
		return;
	}
	r = kaal_reply_recv(ep, &empty);
	kaal_thread_suspend(th.tcb);
	EXPECT_OK(t, r.error);
	EXPECT_EQ(t, r.msg.info, KAAL_MSGINFO(0x77, 0, 1));
	EXPECT_EQ(t, r.msg.mr[0], 0x5eed);
	EXPECT_EQ(t, *(volatile kaal_word_t *)ctx.va, 0x5eed);
}

static volatile int before_fault, after_fault;

static void unhandled(kaal_word_t va)
{
	before_fault = 1;
	*(volatile kaal_word_t *)va = 1;
	after_fault = 1;
}

/* Without a fault endpoint the kernel suspends the thread, and the rest
 * of the system (here: the root task) runs on. */
static void fault_no_handler(struct test *t)
{
	kaal_word_t va = t_bare_region(t);
	struct kaal_thread th;

	if (!t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						t->bi->config.max_priority)) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, unhandled, va)))
		return;
	for (int i = 0; i < 100 && !before_fault; i++)
		kaal_yield();
	for (int i = 0; i < 10; i++)
		kaal_yield();
	EXPECT(t, before_fault);
	EXPECT(t, !after_fault);
	/* Stopped at the store, and resuming it is still possible. */
	EXPECT_OK(t, kaal_tcb_read_registers(th.tcb).error);
	EXPECT(t, t->ipc->mr[KAAL_REGS_PC] > PC(unhandled) &&
			  t->ipc->mr[KAAL_REGS_PC] < PC(unhandled) + 64);
	EXPECT_OK(t, kaal_thread_suspend(th.tcb));
}

static const struct test_case cases[] = {
	{ "fault_write_unmapped", fault_write_unmapped },
	{ "fault_read_unmapped", fault_read_unmapped },
	{ "fault_read_kernel", fault_read_kernel },
	{ "fault_write_read_only", fault_write_read_only },
	{ "fault_write_protected", fault_write_protected },
	{ "fault_exec_nx", fault_exec_nx },
	{ "fault_undefined", fault_undefined },
	{ "fault_pc_alignment", fault_pc_alignment },
	{ "fault_data_alignment", fault_data_alignment },
	{ "fault_reply_restarts", fault_reply_restarts },
	{ "fault_no_handler", fault_no_handler },
};

TEST_SUITE(fault_suite, cases);
