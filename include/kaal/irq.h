/* SPDX-License-Identifier: GPL-2.0-only */
/* Interrupt dispatch and the tick (kernel/irq.c). */
#ifndef KAAL_IRQ_H
#define KAAL_IRQ_H

#include <kaal/types.h>

/* Start the tick at CONFIG_HZ. */
void irq_init(void);

#ifdef CONFIG_SMP
/* A secondary CPU's tick (its own timer, the same line). */
void irq_init_cpu(void);
/* IPIs of kind @ipi CPU @cpu took. */
uint64_t irq_ipis(unsigned int cpu, unsigned int ipi);
#endif

/* Handle every pending interrupt; called from the IRQ exception. */
void irq_handle(void);

/* The line the kernel's tick uses (never given to user space). */
unsigned int irq_timer_line(void);

/* Timer ticks since irq_init(). */
uint64_t irq_ticks(void);

#endif /* KAAL_IRQ_H */
