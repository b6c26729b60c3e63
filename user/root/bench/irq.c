// SPDX-License-Identifier: BSD-2-Clause
/*
 * Interrupt delivery (irq_delivery): from a user store that makes a
 * device raise its interrupt to the return from wait of the thread whose
 * notification the interrupt signals.
 *
 * The device is QEMU virt's PL011 (the console UART; the kernel leaves it
 * to user space as device untyped memory). Its transmit interrupt is
 * raised whenever it is unmasked, because the raw status stays set once
 * any character has been written and nothing here clears it (PL011 TRM
 * DDI0183G 3.3.10, 3.3.12). So:
 *
 *   trigger (low priority)   stamp; str TXIM -> UARTIMSC
 *   the interrupt is taken right after the store (EL0 IRQ vector): the
 *   kernel acknowledges it at the GIC, masks the line, signals the
 *   notification, which makes the waiter runnable, and switches to it
 *   waiter (high priority)   returns from wait; stamp
 *
 * Counted: the store, the exception entry, the kernel's interrupt path
 * and the switch, up to the eret into the waiter. The waiter then masks
 * the UART interrupt (UARTIMSC = 0), acknowledges the handler (which
 * unmasks the line) and waits again, outside the measurement. Both
 * threads are in the root task's address space.
 */
#include <stdio.h>
#include <string.h>
#include <hw/pl011.h>
#include <libdriver/dt.h>
#include <libkaal/vspace.h>
#include "bench.h"

/* Where the UART's page is mapped: a constant, so that the measured
 * store needs no load of the address. */
#define UART_VADDR 0x50000000ul

static volatile uint32_t *const imsc =
	(volatile uint32_t *)(UART_VADDR + PL011_IMSC);

static kaal_cptr_t irq_handler, irq_ntfn;

/*
 * A page capability for the device page at pa: carve child untypeds off
 * the device untyped that holds it (the largest first, so that each
 * starts where the last ended) until its free watermark is at pa.
 */
static struct kaal_cap_ret device_page(struct bench_env *env, kaal_word_t pa)
{
	const struct kaal_bootinfo *bi = env->bi;

	for (uint32_t i = 0; i < bi->nr_untyped; i++) {
		const struct kaal_untyped_desc *u = &bi->untyped_list[i];
		kaal_word_t off = pa - u->paddr;
		kaal_cptr_t ut = bi->untyped.start + i;
		struct kaal_cap_ret slot;

		if (!u->is_device || pa < u->paddr || off >> u->size_bits)
			continue;
		for (int bits = u->size_bits - 1; bits >= KAAL_PAGE_BITS;
		     bits--) {
			if (!(off & (1ul << bits)))
				continue;
			slot = kaal_alloc_slot(&env->a);
			if (!slot.error)
				slot.error = kaal_retype(ut, KAAL_OBJ_UNTYPED,
							 bits, CNODE, DEPTH,
							 slot.cap, 1);
			if (slot.error)
				return slot;
		}
		slot = kaal_alloc_slot(&env->a);
		if (!slot.error)
			slot.error = kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE,
						 DEPTH, slot.cap, 1);
		if (!slot.error && kaal_page_address(slot.cap).value != pa)
			slot.error = KAAL_E_INVALID_ARG;
		return slot;
	}
	return (struct kaal_cap_ret){ KAAL_E_RANGE, 0 };
}

/*
 * The console UART's registers and interrupt, from the devicetree through
 * the driver kit: a PL011 whose registers start a page (QEMU virt's
 * does), or KAAL_E_DEVICE.
 */
static enum kaal_error find_uart(struct bench_env *env, kaal_word_t *pa,
				 kaal_word_t *irq)
{
	const struct kaal_bootinfo *bi = env->bi;
	struct dt dt;
	struct dt_reg_ret reg;
	struct dt_irq_ret line;
	int node;

	if (dt_init(&dt, (const void *)bi->dtb_vaddr, bi->dtb_size))
		return KAAL_E_DEVICE;
	node = dt_stdout(&dt);
	if (node < 0 || !dt_is_compatible(&dt, node, "arm,pl011"))
		return KAAL_E_DEVICE;
	reg = dt_reg(&dt, node, 0);
	line = dt_irq(&dt, node, 0);
	if (reg.error || line.error || reg.addr & (KAAL_PAGE_SIZE - 1))
		return KAAL_E_DEVICE;
	*pa = reg.addr;
	*irq = line.irq;
	return KAAL_OK;
}

static enum kaal_error setup(struct bench_env *env)
{
	struct kaal_cap_ret page, ntfn, handler;
	kaal_word_t uart_pa, uart_irq;
	enum kaal_error err = find_uart(env, &uart_pa, &uart_irq);

	if (err)
		return err;
	page = device_page(env, uart_pa);
	if (page.error)
		return page.error;
	err = kaal_vspace_map(&env->a, VSPACE, page.cap, UART_VADDR, RW);
	ntfn = kaal_alloc_object(&env->a, KAAL_OBJ_NOTIFICATION, 0);
	handler = kaal_alloc_slot(&env->a);
	if (err || ntfn.error || handler.error)
		return err ? err : ntfn.error ? ntfn.error : handler.error;
	err = kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, uart_irq, CNODE,
				   handler.cap, DEPTH);
	if (!err)
		err = kaal_irq_handler_set_ntfn(handler.cap, ntfn.cap);
	/* A new handler's line is masked until the first ack. */
	*imsc = 0;
	if (!err)
		err = kaal_irq_handler_ack(handler.cap);
	irq_handler = handler.cap;
	irq_ntfn = ntfn.cap;
	return err;
}

/* Series 1: the end stamps. */
static void irq_waiter(kaal_word_t arg)
{
	(void)arg;
	for (unsigned int i = 0; i < BENCH_RUNS; i++) {
		bench_check(1, bench_syscall(KAAL_SYS_WAIT, irq_ntfn, 0, 0, 0,
					     0, 0, 0, NULL, &shared->s[1][i]));
		*imsc = 0;
		bench_check(1, kaal_irq_handler_ack(irq_handler));
	}
}

/* Series 0: the start stamps (series 2, after the waiter, is unused). */
static void irq_trigger(kaal_word_t arg)
{
	(void)arg;
	for (unsigned int i = 0; i < BENCH_RUNS; i++)
		bench_store32(imsc, PL011_INT_TX, &shared->s[0][i],
			      &shared->s[2][i]);
	kaal_signal(bench_done);
}

void bench_irq(struct bench_env *env)
{
	enum kaal_error err;

	/* The trigger is the PL011's TX interrupt, raised on demand through
	 * its mask register: a board without a PL011 skips this figure, and
	 * says so (not a failure: make configcheck boots bench.config on
	 * the Raspberry Pi 3 too). */
	if (strcmp(env->bi->board, "qemu-virt")) {
		printf("BENCH_SKIP irq_delivery needs the PL011 of QEMU virt, "
		       "not on %s\n",
		       env->bi->board);
		return;
	}
	err = setup(env);
	bench_reset();
	if (!err)
		err = bench_start(env, 1, irq_waiter, 0, PRIO_HIGH);
	if (!err)
		err = bench_start(env, 0, irq_trigger, 0, PRIO_LOW);
	if (err) {
		stats_fail("irq_delivery", "cannot set up the UART interrupt",
			   err);
		return;
	}
	bench_wait_done(env);
	*imsc = 0;
	if (!bench_failed("irq_delivery"))
		stats_report("irq_delivery", shared->s[0], shared->s[1]);
}
