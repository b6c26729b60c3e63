// SPDX-License-Identifier: BSD-2-Clause
/*
 * Interrupts delivered to user space: the console UART, mapped from
 * device untyped memory, is made to raise its transmit interrupt; the
 * kernel masks the line and signals the handler's notification with its
 * badge; after the driver quietens the device and acks, the line works
 * again. QEMU virt has a PL011, the Raspberry Pi 3 a mini UART.
 */
#include <stdio.h>
#include <hw/bcm2835-aux.h>
#include <hw/pl011.h>
#include <libdriver/dt.h>
#include <libkaal/counter.h>
#include "test.h"

#define IRQ_BADGE 0x40ul

enum uart_kind { PL011, MINI_UART };

/* What the test needs to know of the console UART, all of it from the
 * devicetree through the driver kit (<libdriver/dt.h>): the interrupt
 * numbers in the kernel's numbering (<hw/irq_numbering.h>) included. */
struct board_uart {
	enum uart_kind kind;
	kaal_word_t page;      /* physical page holding the registers */
	kaal_word_t offset;    /* of the registers in that page */
	kaal_word_t irq;       /* the UART's line */
	kaal_word_t timer_irq; /* the kernel's timer line (virtual timer) */
};

/* The mini UART's transmit interrupt is IER bit 1 in QEMU's model (see
 * user/lib/driver/bcm2835-aux.c on which bit is which). */
#define MU_IER_TX AUX_MU_IER_BIT1

/* The console UART of the devicetree, if it is one the test drives. */
static int find_uart(const struct kaal_bootinfo *bi, struct board_uart *b)
{
	struct dt dt;
	struct dt_reg_ret reg;
	struct dt_irq_ret irq, timer_irq;
	int node, timer;

	if (dt_init(&dt, (const void *)bi->dtb_vaddr, bi->dtb_size))
		return 0;
	node = dt_stdout(&dt);
	timer = dt_find_compatible(&dt, "arm,armv8-timer");
	if (node < 0 || timer < 0)
		return 0;
	if (dt_is_compatible(&dt, node, "arm,pl011"))
		b->kind = PL011;
	else if (dt_is_compatible(&dt, node, "brcm,bcm2835-aux-uart"))
		b->kind = MINI_UART;
	else
		return 0;
	reg = dt_reg(&dt, node, 0);
	irq = dt_irq(&dt, node, 0);
	timer_irq = dt_irq(&dt, timer, 2); /* secure, phys, virt, hyp */
	if (reg.error || irq.error || timer_irq.error)
		return 0;
	b->page = reg.addr & ~(kaal_word_t)(PAGE - 1);
	b->offset = reg.addr & (PAGE - 1);
	b->irq = irq.irq;
	b->timer_irq = timer_irq.irq;
	return 1;
}

/*
 * A page capability for the device page at pa: the device untyped that
 * holds it is revoked (so its watermark is at the start), then untyped
 * blocks are made up to pa, into a CNode of their own, so that the page
 * comes next.
 */
static kaal_cptr_t device_page(struct test *t, kaal_word_t pa)
{
	const struct kaal_bootinfo *bi = t->bi;
	kaal_cptr_t ut = 0, pad = t_cnode(t, 6), page = t_slot(t);
	kaal_word_t base = 0, cur = 0, off;
	unsigned int n = 0;

	for (uint32_t i = 0; i < bi->nr_untyped; i++) {
		const struct kaal_untyped_desc *u = &bi->untyped_list[i];

		if (u->is_device && u->paddr <= pa &&
		    pa + PAGE <= u->paddr + (1ul << u->size_bits)) {
			ut = bi->untyped.start + i;
			base = u->paddr;
		}
	}
	if (!EXPECT(t, ut != 0) || !pad || !page ||
	    !EXPECT_OK(t, kaal_cap_revoke(CNODE, ut, DEPTH)))
		return 0;
	off = pa - base;
	while (cur < off) {
		unsigned int bits = cur ? __builtin_ctzl(cur) : 63;

		while (cur + (1ul << bits) > off)
			bits--;
		if (!EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_UNTYPED, bits, pad,
					      DEPTH, n++, 1)))
			return 0;
		cur += 1ul << bits;
	}
	if (!EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, page,
				      1)) ||
	    !EXPECT_EQ(t, kaal_page_address(page).value, pa))
		return 0;
	return page;
}

struct irq_waiter {
	kaal_cptr_t ntfn;
	volatile long error;
	volatile kaal_word_t value;
};

static void irq_wait(kaal_word_t arg)
{
	struct irq_waiter *w = (void *)arg;
	struct kaal_word_ret r = kaal_wait(w->ntfn);

	w->value = r.value;
	w->error = r.error;
}

static inline uint32_t rd(volatile uint32_t *regs, unsigned int off)
{
	return regs[off / 4];
}

static inline void wr(volatile uint32_t *regs, unsigned int off, uint32_t v)
{
	regs[off / 4] = v;
}

/* Make the device raise its interrupt (1) or stop (0). */
static void uart_irq(const struct board_uart *b, volatile uint32_t *regs,
		     int on, char c)
{
	if (b->kind == MINI_UART) {
		wr(regs, AUX_MU_IER, on ? MU_IER_TX : 0);
		return;
	}
	if (on) {
		/* The transmit interrupt is raised when a character has gone
		 * out of the (here: immediately drained) FIFO. */
		wr(regs, PL011_ICR, PL011_INT_TX);
		wr(regs, PL011_IMSC, rd(regs, PL011_IMSC) | PL011_INT_TX);
		wr(regs, PL011_DR, (uint8_t)c);
	} else {
		wr(regs, PL011_IMSC, rd(regs, PL011_IMSC) & ~PL011_INT_TX);
		wr(regs, PL011_ICR, PL011_INT_TX);
	}
}

/* Poll the notification, yielding in between, until it has something. */
static kaal_word_t poll_soon(kaal_cptr_t n, int tries)
{
	kaal_word_t v = 0;

	for (int i = 0; i < tries && !v; i++) {
		v = kaal_poll(n).value;
		if (!v)
			kaal_yield();
	}
	return v;
}

static void irq_uart(struct test *t)
{
	struct board_uart uart, *b = &uart;
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t nb = n ? t_mint(t, n, KAAL_RIGHT_WRITE, IRQ_BADGE) : 0;
	kaal_cptr_t h = t_slot(t), h2 = t_slot(t), ht = t_slot(t);
	kaal_word_t va = t_region(t);
	volatile uint32_t *regs;
	struct irq_waiter w = { n, -1, 0 };
	struct kaal_thread th;
	kaal_cptr_t page;

	if (!find_uart(t->bi, b)) {
		test_skip(t, "no PL011 or mini UART console in the devicetree");
		return;
	}
	regs = (volatile uint32_t *)(va + b->offset);
	if (!nb || !h || !h2 || !ht || !va ||
	    !(page = device_page(t, b->page)) ||
	    !EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW)))
		return;
	/* The kernel's timer is not for claiming; the UART's line is, once. */
	EXPECT_ERR(t,
		   kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, b->timer_irq,
					CNODE, ht, DEPTH),
		   KAAL_E_RANGE);
	if (!EXPECT_OK(t, kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, b->irq,
					       CNODE, h, DEPTH)))
		return;
	EXPECT_ERR(t,
		   kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, b->irq, CNODE, h2,
					DEPTH),
		   KAAL_E_BUSY);
	EXPECT(t, slot_empty(h2) && slot_empty(ht));
	if (!EXPECT_OK(t, kaal_irq_handler_set_ntfn(h, nb)) ||
	    !t_spawn(t, &th, ROOT_PRIO(t), irq_wait, (kaal_word_t)&w))
		goto out;
	yield_n(3);
	if (!EXPECT_EQ(t, w.error, -1))
		goto out;
	if (b->kind == PL011)
		printf("tests: PL011 transmit interrupts ");
	/* Unmask the line and make the device interrupt: the thread
	 * waiting on the notification wakes with the badge. */
	EXPECT_OK(t, kaal_irq_handler_ack(h));
	uart_irq(b, regs, 1, '1');
	YIELD_UNTIL(w.error != -1, 100);
	EXPECT_OK(t, w.error);
	EXPECT_EQ(t, w.value, IRQ_BADGE);
	/* The kernel masked the line: more interrupts of the device wait. */
	uart_irq(b, regs, 1, '2');
	yield_n(3);
	EXPECT_EQ(t, kaal_poll(n).value, 0);
	/* Acknowledged with the device still interrupting: it comes again. */
	EXPECT_OK(t, kaal_irq_handler_ack(h));
	EXPECT_EQ(t, poll_soon(n, 20), IRQ_BADGE);
	/* Quiet device, acknowledged: nothing more. */
	uart_irq(b, regs, 0, 0);
	EXPECT_OK(t, kaal_irq_handler_ack(h));
	yield_n(3);
	EXPECT_EQ(t, kaal_poll(n).value, 0);
	/* And once more from the start. */
	uart_irq(b, regs, 1, '3');
	EXPECT_EQ(t, poll_soon(n, 20), IRQ_BADGE);
	/* The notification goes (its last capabilities deleted) while the
	 * line is masked and the device still interrupting: after the ack
	 * the interrupt finds no notification, and is not lost for a new
	 * one bound later. */
	EXPECT_OK(t, kaal_cap_revoke(CNODE, n, DEPTH));
	EXPECT_OK(t, kaal_cap_delete(CNODE, n, DEPTH));
	EXPECT_OK(t, kaal_irq_handler_ack(h));
	yield_n(3);
	n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	if (!n || !EXPECT_OK(t, kaal_irq_handler_set_ntfn(h, n)))
		goto out;
	EXPECT_OK(t, kaal_irq_handler_ack(h));
	EXPECT_EQ(t, poll_soon(n, 20), 1); /* unbadged: 1 */
	uart_irq(b, regs, 0, 0);
	EXPECT_OK(t, kaal_irq_handler_ack(h));
out:
	uart_irq(b, regs, 0, 0);
	if (b->kind == PL011)
		printf("\n");
	/* Deleting the handler frees the line for another claim. */
	EXPECT_OK(t, kaal_cap_delete(CNODE, h, DEPTH));
	EXPECT_OK(t, kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, b->irq, CNODE,
					  h2, DEPTH));
	EXPECT_OK(t, kaal_cap_delete(CNODE, h2, DEPTH));
	EXPECT_OK(t, kaal_memory_unmap(page));
}

/* The user timer's line: the timer node's second interrupt, the
 * non-secure EL1 physical timer (the kernel ticks on the virtual one). */
static int find_user_timer(const struct kaal_bootinfo *bi, kaal_word_t *line)
{
	struct dt dt;
	struct dt_irq_ret irq;
	int timer;

	if (dt_init(&dt, (const void *)bi->dtb_vaddr, bi->dtb_size))
		return 0;
	timer = dt_find_compatible(&dt, "arm,armv8-timer");
	if (timer < 0)
		timer = dt_find_compatible(&dt, "arm,armv7-timer");
	irq = timer >= 0 ? dt_irq(&dt, timer, 1) : (struct dt_irq_ret){ 1, 0 };
	*line = irq.irq;
	return !irq.error;
}

/* Poll @n, yielding, until it has a word or the counter passes @limit:
 * the word (0: nothing came). */
static kaal_word_t poll_until(kaal_cptr_t n, uint64_t limit)
{
	kaal_word_t v;

	while (!(v = kaal_poll(n).value) && counter_ticks() < limit)
		kaal_yield();
	return v;
}

static void irq_user_timer(struct test *t)
{
	kaal_cptr_t n = t_object(t, KAAL_OBJ_NOTIFICATION, 0);
	kaal_cptr_t nb = n ? t_mint(t, n, KAAL_RIGHT_WRITE, IRQ_BADGE) : 0;
	kaal_cptr_t h = t_slot(t), h2 = t_slot(t);
	uint64_t ms = counter_frequency() / 1000, deadline;
	struct board_uart uart;
	kaal_word_t line;

	if (!find_user_timer(t->bi, &line)) {
		test_skip(t, "no timer node with a physical timer line");
		return;
	}
	if (!nb || !h || !h2 ||
	    !EXPECT_OK(t, kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, line,
					       CNODE, h, DEPTH)) ||
	    !EXPECT_OK(t, kaal_irq_handler_set_ntfn(h, nb)) ||
	    !EXPECT_OK(t, kaal_irq_handler_ack(h)))
		return;
	/* Unarmed: nothing comes. */
	EXPECT_EQ(t, poll_until(n, counter_ticks() + 2 * ms), 0);
	/* Armed 5 ms ahead: it fires, not before its deadline. */
	deadline = counter_ticks() + 5 * ms;
	EXPECT_OK(t, kaal_irq_handler_set_deadline(h, deadline));
	EXPECT_EQ(t, poll_until(n, deadline + 2000 * ms), IRQ_BADGE);
	EXPECT(t, counter_ticks() >= deadline);
	/* Once: acknowledged, the timer (disarmed by the kernel) is quiet,
	 * though its deadline stays in the past. */
	EXPECT_OK(t, kaal_irq_handler_ack(h));
	EXPECT_EQ(t, poll_until(n, counter_ticks() + 2 * ms), 0);
	/* A deadline already passed fires at once. */
	EXPECT_OK(t, kaal_irq_handler_set_deadline(h, counter_ticks() - ms));
	EXPECT_EQ(t, poll_until(n, counter_ticks() + 2000 * ms), IRQ_BADGE);
	EXPECT_OK(t, kaal_irq_handler_ack(h));
	/* Replaced by a later one, or disarmed with 0: the first never
	 * comes. */
	EXPECT_OK(t, kaal_irq_handler_set_deadline(h, counter_ticks() + ms));
	deadline = counter_ticks() + 4 * ms;
	EXPECT_OK(t, kaal_irq_handler_set_deadline(h, deadline));
	EXPECT_EQ(t, poll_until(n, deadline + 2000 * ms), IRQ_BADGE);
	EXPECT(t, counter_ticks() >= deadline);
	EXPECT_OK(t, kaal_irq_handler_ack(h));
	EXPECT_OK(t, kaal_irq_handler_set_deadline(h, counter_ticks() + ms));
	EXPECT_OK(t, kaal_irq_handler_set_deadline(h, 0));
	EXPECT_EQ(t, poll_until(n, counter_ticks() + 3 * ms), 0);
	/* Only the timer's line takes a deadline. */
	if (find_uart(t->bi, &uart) &&
	    EXPECT_OK(t, kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, uart.irq,
					      CNODE, h2, DEPTH))) {
		EXPECT_ERR(t, kaal_irq_handler_set_deadline(h2, 1),
			   KAAL_E_ILLEGAL_OP);
		EXPECT_OK(t, kaal_cap_delete(CNODE, h2, DEPTH));
	}
	EXPECT_ERR(t, kaal_irq_handler_set_deadline(n, 1), KAAL_E_WRONG_TYPE);
	/* Deleted while armed: disarmed, and the line can be claimed again. */
	EXPECT_OK(t, kaal_irq_handler_set_deadline(h, counter_ticks() + ms));
	EXPECT_OK(t, kaal_cap_delete(CNODE, h, DEPTH));
	EXPECT_OK(t, kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, line, CNODE, h2,
					  DEPTH));
	EXPECT_OK(t, kaal_irq_handler_set_ntfn(h2, nb));
	EXPECT_OK(t, kaal_irq_handler_ack(h2));
	EXPECT_EQ(t, poll_until(n, counter_ticks() + 3 * ms), 0);
	EXPECT_OK(t, kaal_cap_delete(CNODE, h2, DEPTH));
}

static const struct test_case cases[] = {
	{ "irq_uart", irq_uart },
	{ "irq_user_timer", irq_user_timer },
};

TEST_SUITE(irq_suite, cases);
