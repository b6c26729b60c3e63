/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupts delivered to user space (kernel/irqhandler.c). The IRQControl
 * capability creates one IRQHandler capability per line; the handler is
 * bound to a notification, which the kernel signals (with the binding
 * capability's badge) when the line fires. The line stays masked until
 * the driver acknowledges it with irq_handler_ack.
 */
#ifndef KAAL_IRQHANDLER_H
#define KAAL_IRQHANDLER_H

#include <kaal/object.h>

struct tcb;
struct notification;

#define IRQHANDLER_MAX_IRQS 1024 /* lines a handler can be had for */

/* A user-owned line fired: mask it and signal its notification. Returns
 * false when nobody owns @irq. */
bool irqhandler_deliver(unsigned int irq);

/* Is any line bound to a notification (so a thread could still wake)? */
bool irqhandler_any_bound(void);

/* Has an IRQ handler capability been made for @irq (and not destroyed)?
 * For kernel/invariants_objects.c. */
bool irqhandler_line_claimed(unsigned int irq);

/* The last capability to a handler is gone: release the line. */
void irqhandler_destroy(struct cap *handler);

/* A notification is being destroyed: unbind every line that signals it. */
void irqhandler_forget_ntfn(struct notification *n);

/* System calls: kaal/syscalls.h. */

#endif /* KAAL_IRQHANDLER_H */
