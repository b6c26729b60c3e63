// SPDX-License-Identifier: GPL-2.0-only
/*
 * User-level interrupt handling: see include/kaal/irqhandler.h.
 */
#include <kaal/arch/timer.h>
#include <kaal/cspace.h>
#include <kaal/ipc.h>
#include <kaal/irq.h>
#include <kaal/irqchip.h>
#include <kaal/irqhandler.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <uapi/kaal/errors.h>

#define MAX_IRQS IRQHANDLER_MAX_IRQS

struct irq_line {
	bool claimed;
	bool utimer; /* the user timer's line (arch_utimer_line()) */
	struct notification *ntfn;
	uint64_t badge;
};

static struct irq_line lines[MAX_IRQS];

bool irqhandler_deliver(unsigned int irq)
{
	struct irq_line *l = irq < MAX_IRQS ? &lines[irq] : NULL;

	if (!l || !l->claimed)
		return false;
	/* The user timer fires once per deadline, never before it: an
	 * interrupt that is not its deadline reached is dropped (the line
	 * stays enabled and armed); its output stays high until it is
	 * disarmed, which an ack alone would not do. */
	if (l->utimer) {
		if (!arch_utimer_due())
			return true;
		arch_utimer_stop();
	}
	irqchip_disable(irq);
	if (l->ntfn)
		notification_signal_badge(l->ntfn, l->badge);
	return true;
}

bool irqhandler_line_claimed(unsigned int irq)
{
	return irq < MAX_IRQS && lines[irq].claimed;
}

bool irqhandler_any_bound(void)
{
	for (unsigned int i = 0; i < MAX_IRQS; i++)
		if (lines[i].claimed && lines[i].ntfn)
			return true;
	return false;
}

void irqhandler_destroy(struct cap *handler)
{
	unsigned int irq = cap_irq_line(handler);

	if (irq == arch_utimer_line())
		arch_utimer_stop();
	irqchip_disable(irq);
	lines[irq] = (struct irq_line){ 0 };
}

void irqhandler_forget_ntfn(struct notification *n)
{
	for (unsigned int i = 0; i < MAX_IRQS; i++)
		if (lines[i].ntfn == n)
			lines[i].ntfn = NULL;
}

/* irq_handler_get(irq_control, irq, dest_cnode, dest_index, dest_depth) */
int sys_irq_handler_get(struct tcb *t, struct syscall_args *a)
{
	struct lookup_ret dst;
	uint64_t irq = syscall_arg(a, KAAL_ARG_IRQ_HANDLER_GET_IRQ);
	struct cap c;

	if (irq >= MIN(irqchip_nr_irqs(), MAX_IRQS) || irq == irq_timer_line())
		return KAAL_E_RANGE;
	/* The kernel's own, like the tick: its inter-processor interrupts. */
	if (IS_ENABLED(CONFIG_SMP) && irqchip_ipi_of((unsigned int)irq) >= 0)
		return KAAL_E_RANGE;
	dst = cspace_lookup_slot(
		t, syscall_arg(a, KAAL_ARG_IRQ_HANDLER_GET_DEST_CNODE),
		syscall_arg(a, KAAL_ARG_IRQ_HANDLER_GET_DEST_INDEX),
		syscall_arg(a, KAAL_ARG_IRQ_HANDLER_GET_DEST_DEPTH));
	if (dst.err)
		return dst.err;
	if (!cap_is_null(&dst.slot->cap))
		return KAAL_E_SLOT_FULL;
	if (lines[irq].claimed)
		return KAAL_E_BUSY;
	lines[irq].claimed = true;
	lines[irq].utimer = irq == arch_utimer_line();
	c = cap_make_irq_handler((unsigned int)irq);
	cspace_insert(dst.slot, &c, a->slot);
	return KAAL_OK;
}

/* irq_handler_ack(handler): the driver is done; unmask the line. */
int sys_irq_handler_ack(struct tcb *t, struct syscall_args *a)
{
	(void)t;
	irqchip_enable(cap_irq_line(&a->slot->cap));
	return KAAL_OK;
}

/* irq_handler_set_ntfn(handler, ntfn): ntfn 0 unbinds. */
int sys_irq_handler_set_ntfn(struct tcb *t, struct syscall_args *a)
{
	struct irq_line *l = &lines[cap_irq_line(&a->slot->cap)];
	word_t ntfn = syscall_arg(a, KAAL_ARG_IRQ_HANDLER_SET_NTFN_NTFN);
	struct lookup_ret n;

	if (!ntfn) {
		l->ntfn = NULL;
		return KAAL_OK;
	}
	n = cspace_lookup_typed(t, ntfn, KAAL_OBJ_NOTIFICATION);
	if (n.err)
		return n.err;
	if (!(n.slot->cap.rights & KAAL_RIGHT_WRITE))
		return KAAL_E_NO_RIGHTS;
	l->ntfn = cap_object(&n.slot->cap);
	l->badge = cap_ntfn_badge(&n.slot->cap) ? cap_ntfn_badge(&n.slot->cap) :
						  1;
	return KAAL_OK;
}

/*
 * irq_handler_set_deadline(handler, deadline): only on the handler of the
 * user timer's line (arch_utimer_line(); else KAAL_E_ILLEGAL_OP). The line
 * fires once the virtual count (CNTVCT_EL0) reaches @deadline, at once if
 * it has; 0 disarms it. One deadline per line: a new one replaces the
 * old. Delivery is that of any line: the kernel disarms the timer, masks
 * the line and signals; the holder acks before the next delivery.
 */
int sys_irq_handler_set_deadline(struct tcb *t, struct syscall_args *a)
{
	word_t deadline =
		syscall_arg(a, KAAL_ARG_IRQ_HANDLER_SET_DEADLINE_COUNT);

	(void)t;
	if (cap_irq_line(&a->slot->cap) != arch_utimer_line())
		return KAAL_E_ILLEGAL_OP;
	if (deadline)
		arch_utimer_set(deadline);
	else
		arch_utimer_stop();
	return KAAL_OK;
}
