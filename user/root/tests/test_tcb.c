// SPDX-License-Identifier: BSD-2-Clause
/*
 * Threads and interrupts: TCB configure / priority / registers / suspend
 * and resume, IRQ handler capabilities.
 */
#include "test.h"

/* An interrupt line nobody uses on QEMU virt (SPI 16). */
#define TEST_IRQ 48
#define BAD_IRQ	 100000

static void tcb_errors(struct test *t)
{
	kaal_cptr_t tcb = t_object(t, KAAL_OBJ_TCB, 0);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);
	kaal_cptr_t ntfn = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t ipc = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_word_t va = t_region(t);

	if (!tcb || !ep || !ntfn || !ipc || !va)
		return;
	EXPECT_ERR(t, kaal_tcb_configure(ep, 0, CNODE, VSPACE, va, ipc),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_configure(tcb, ipc, CNODE, VSPACE, va, ipc),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR2(t, kaal_tcb_configure(tcb, 0, ipc, VSPACE, va, ipc),
		    KAAL_E_INVALID_ROOT, KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, va, ep),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, va + 1, ipc),
		   KAAL_E_ALIGN);
	EXPECT_ERR(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, 1ul << 48, ipc),
		   KAAL_E_BAD_ADDRESS);
	EXPECT_ERR(t, kaal_tcb_write_registers(ep, 0, 0, 0, 0, 0, 0),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_write_registers(tcb, 4, 0, 0, 0, 0, 0),
		   KAAL_E_INVALID_ARG);
	EXPECT_ERR(t, kaal_tcb_write_registers(tcb, 0, 1ul << 48, 0, 0, 0, 0),
		   KAAL_E_BAD_ADDRESS);
	EXPECT_ERR(t, kaal_tcb_write_registers(tcb, 0, 0, ~0ul, 0, 0, 0),
		   KAAL_E_BAD_ADDRESS);
	/* A thread cannot overwrite its own registers while it runs. */
	EXPECT_ERR(t,
		   kaal_tcb_write_registers(KAAL_CAP_INIT_TCB, 0, 0, 0, 0, 0,
					    0),
		   KAAL_E_ILLEGAL_OP);
	EXPECT_ERR(t, kaal_tcb_read_registers(ep).error, KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_set_priority(ep, KAAL_CAP_INIT_TCB, 1),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_set_priority(tcb, ep, 1), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_bind_notification(tcb, ep), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_bind_notification(ep, ntfn), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_thread_resume(ep), KAAL_E_WRONG_TYPE);
	EXPECT_OK(t, kaal_tcb_configure(tcb, 0, CNODE, VSPACE, va, ipc));
	EXPECT_OK(t, kaal_tcb_bind_notification(tcb, ntfn));
}

static void tcb_registers(struct test *t)
{
	struct kaal_thread th;
	kaal_word_t pc = (kaal_word_t)kaal_thread_entry;
	const kaal_word_t *mr = t->ipc->mr;
	struct kaal_word_ret r;

	if (!t_thread(t, &th, 0))
		return;
	/* Not resumed: the thread stays as it is, with these registers. */
	EXPECT_OK(t, kaal_tcb_write_registers(th.tcb, 0, pc, th.stack_top - 32,
					      11, 22, 33));
	r = kaal_tcb_read_registers(th.tcb);
	if (!EXPECT_OK(t, r.error) || !EXPECT_EQ(t, r.value, KAAL_REGS_COUNT))
		return;
	EXPECT_EQ(t, mr[KAAL_REGS_PC], pc);
	EXPECT_EQ(t, mr[KAAL_REGS_SP], th.stack_top - 32);
	EXPECT_EQ(t, mr[KAAL_REGS_X(0)], 11);
	EXPECT_EQ(t, mr[KAAL_REGS_X(1)], 22);
	EXPECT_EQ(t, mr[KAAL_REGS_X(2)], 33);
	/* EL0t, so the thread runs in user mode whatever else it set. */
	EXPECT_EQ(t, mr[KAAL_REGS_SPSR] & 0xf, 0);
}

/*
 * Neither a priority nor a maximum controlled priority (MCP) may exceed
 * the authority's MCP. New threads have priority 0 and MCP 0; setting a
 * priority leaves the MCP alone.
 */
static void tcb_priority(struct test *t)
{
	kaal_word_t max = t->bi->config.max_priority;
	struct kaal_thread a, b;

	if (!t_thread(t, &a, 0) || !t_thread(t, &b, 0))
		return;
	EXPECT_ERR(t, kaal_tcb_set_priority(a.tcb, KAAL_CAP_INIT_TCB, 256),
		   KAAL_E_RANGE);
	EXPECT_ERR(t, kaal_tcb_set_mcp(a.tcb, KAAL_CAP_INIT_TCB, 256),
		   KAAL_E_RANGE);
	if (max < 255)
		EXPECT_ERR(t,
			   kaal_tcb_set_priority(a.tcb, KAAL_CAP_INIT_TCB,
						 max + 1),
			   KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, kaal_tcb_set_mcp(b.tcb, KAAL_CAP_INIT_CNODE, 1),
		   KAAL_E_WRONG_TYPE);
	/* a has MCP 0: it can give priority 0 and nothing more. */
	EXPECT_OK(t, kaal_tcb_set_priority(b.tcb, a.tcb, 0));
	EXPECT_ERR(t, kaal_tcb_set_priority(b.tcb, a.tcb, 1), KAAL_E_NO_RIGHTS);
	EXPECT_OK(t, kaal_tcb_set_priority(a.tcb, KAAL_CAP_INIT_TCB, 10));
	EXPECT_ERR(t, kaal_tcb_set_priority(b.tcb, a.tcb, 1), KAAL_E_NO_RIGHTS);
	EXPECT_OK(t, kaal_tcb_set_mcp(a.tcb, KAAL_CAP_INIT_TCB, 10));
	EXPECT_ERR(t, kaal_tcb_set_priority(b.tcb, a.tcb, 11),
		   KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, kaal_tcb_set_mcp(b.tcb, a.tcb, 11), KAAL_E_NO_RIGHTS);
	EXPECT_OK(t, kaal_tcb_set_priority(b.tcb, a.tcb, 10));
	EXPECT_OK(t, kaal_tcb_set_mcp(b.tcb, a.tcb, 10));
}

static void tcb_set_domain(struct test *t)
{
	struct kaal_thread th;

	if (!t_thread(t, &th, 0))
		return;
	EXPECT_ERR(t, kaal_tcb_set_domain(KAAL_CAP_INIT_TCB, th.tcb, 0),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_tcb_set_domain(KAAL_CAP_DOMAIN, KAAL_CAP_DOMAIN, 0),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t,
		   kaal_tcb_set_domain(KAAL_CAP_DOMAIN, th.tcb,
				       t->bi->config.nr_domains),
		   KAAL_E_RANGE);
	EXPECT_OK(t, kaal_tcb_set_domain(KAAL_CAP_DOMAIN, th.tcb,
					 t->bi->config.nr_domains - 1));
	EXPECT_OK(t, kaal_tcb_set_domain(KAAL_CAP_DOMAIN, th.tcb, 0));
}

static volatile kaal_word_t counter;

/* Count, giving the CPU back after each step: the root task, at the
 * same priority, need not wait for a time slice to end (100 ticks at 10
 * Hz would be 10 s). */
static void count_forever(kaal_word_t arg)
{
	(void)arg;
	for (;;) {
		counter++;
		kaal_yield();
	}
}

/* Yield until counter differs from old, at most n times. */
static int counter_moves(kaal_word_t old, int n)
{
	for (int i = 0; i < n; i++) {
		if (counter != old)
			return 1;
		kaal_yield();
	}
	return counter != old;
}

static void tcb_suspend_resume(struct test *t)
{
	struct kaal_thread th;
	kaal_word_t stopped;

	if (!t_thread(t, &th, 0) ||
	    !EXPECT_OK(t, kaal_tcb_set_priority(th.tcb, KAAL_CAP_INIT_TCB,
						t->bi->config.max_priority)) ||
	    !EXPECT_OK(t, kaal_thread_start(&th, count_forever, 0)))
		return;
	EXPECT(t, counter_moves(0, 100));
	EXPECT_OK(t, kaal_thread_suspend(th.tcb));
	stopped = counter;
	EXPECT(t, !counter_moves(stopped, 10));
	EXPECT_OK(t, kaal_thread_resume(th.tcb));
	EXPECT(t, counter_moves(stopped, 100));
	EXPECT_OK(t, kaal_thread_suspend(th.tcb));
	EXPECT_OK(t, kaal_thread_suspend(th.tcb)); /* already suspended */
}

static void irq_errors(struct test *t)
{
	kaal_cptr_t dest = t_slot(t);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);

	if (!dest || !ep)
		return;
	EXPECT_ERR(t,
		   kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, BAD_IRQ, CNODE,
					dest, DEPTH),
		   KAAL_E_RANGE);
	EXPECT_ERR(t,
		   kaal_irq_handler_get(KAAL_CAP_INIT_TCB, TEST_IRQ, CNODE,
					dest, DEPTH),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t,
		   kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, TEST_IRQ, CNODE,
					KAAL_CAP_INIT_TCB, DEPTH),
		   KAAL_E_SLOT_FULL);
	EXPECT_ERR(t,
		   kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, TEST_IRQ,
					KAAL_CAP_INIT_TCB, dest, DEPTH),
		   KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_irq_handler_ack(ep), KAAL_E_WRONG_TYPE);
	EXPECT_ERR(t, kaal_irq_handler_set_ntfn(ep, ep), KAAL_E_WRONG_TYPE);
	EXPECT(t, slot_empty(dest));
}

static void irq_handler(struct test *t)
{
	kaal_cptr_t h = t_slot(t), h2 = t_slot(t);
	kaal_cptr_t ntfn = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);

	if (!h || !h2 || !ntfn || !ep ||
	    !EXPECT_OK(t, kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, TEST_IRQ,
					       CNODE, h, DEPTH)))
		return;
	EXPECT_EQ(t, slot_type(h), KAAL_OBJ_IRQ_HANDLER);
	/* One handler per line, until it is deleted. */
	EXPECT_ERR(t,
		   kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, TEST_IRQ, CNODE,
					h2, DEPTH),
		   KAAL_E_BUSY);
	EXPECT(t, slot_empty(h2));
	EXPECT_ERR(t, kaal_irq_handler_set_ntfn(h, ep), KAAL_E_WRONG_TYPE);
	EXPECT_OK(t, kaal_irq_handler_set_ntfn(h, ntfn));
	EXPECT_OK(t, kaal_irq_handler_ack(h));
	EXPECT_OK(t, kaal_cap_delete(CNODE, h, DEPTH));
	EXPECT_OK(t, kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, TEST_IRQ, CNODE,
					  h2, DEPTH));
}

static const struct test_case cases[] = {
	{ "tcb_errors", tcb_errors },
	{ "tcb_registers", tcb_registers },
	{ "tcb_priority", tcb_priority },
	{ "tcb_set_domain", tcb_set_domain },
	{ "tcb_suspend_resume", tcb_suspend_resume },
	{ "irq_errors", irq_errors },
	{ "irq_handler", irq_handler },
};

TEST_SUITE(tcb_suite, cases);
