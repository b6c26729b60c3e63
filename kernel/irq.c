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
#include <kaal/smp.h>
#include <kaal/tcb.h>

static unsigned int timer_irq;
static volatile uint64_t ticks;

void irq_init(void)
{
	irqchip_init();
	timer_irq = arch_timer_init(CONFIG_HZ);
	irqchip_enable(timer_irq);
}

#ifdef CONFIG_SMP
/* IPIs each CPU took, by kind (smp.rst: a reschedule IPI's only work is
 * the scheduler that runs on the way out of the kernel). */
static uint64_t ipis[NR_CPUS][NR_IPIS];

void irq_init_cpu(void)
{
	arch_timer_init_cpu();
	irqchip_enable(timer_irq);
}

uint64_t irq_ipis(unsigned int cpu, unsigned int ipi)
{
	return ipis[cpu][ipi];
}
#endif

static void irq_dispatch(unsigned int irq)
{
	if (irq == timer_irq) {
		arch_timer_rearm();
		if (this_cpu() == 0)
			ticks++;
		thread_timer_tick();
		return;
	}
#ifdef CONFIG_SMP
	int ipi = irqchip_ipi_of(irq);

	if (ipi >= 0) {
		ipis[this_cpu()][ipi]++;
		return;
	}
#endif
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
