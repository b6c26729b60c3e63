// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupt dispatch. The kernel keeps the timer for itself; every other
 * line will be delivered to user space through IRQHandler capabilities.
 */
#include <kaal/arch/timer.h>
#include <kaal/irq.h>
#include <kaal/irqchip.h>
#include <kaal/irqhandler.h>
#include <kaal/printk.h>
#include <kaal/tcb.h>

static unsigned int timer_irq;
static volatile uint64_t ticks;

void irq_init(void)
{
	irqchip_init();
	timer_irq = arch_timer_init(CONFIG_HZ);
	irqchip_enable(timer_irq);
}

static void irq_dispatch(unsigned int irq)
{
	if (irq == timer_irq) {
		arch_timer_rearm();
		ticks++;
		thread_timer_tick();
		return;
	}
	if (irqhandler_deliver(irq))
		return;
	pr_warn("irq: unexpected interrupt %u, masking it\n", irq);
	irqchip_disable(irq);
}

void irq_handle(void)
{
	unsigned int irq;

	while ((irq = irqchip_ack()) != IRQCHIP_SPURIOUS) {
		irq_dispatch(irq);
		irqchip_eoi(irq);
	}
}

unsigned int irq_timer_line(void)
{
	return timer_irq;
}

uint64_t irq_ticks(void)
{
	return ticks;
}
