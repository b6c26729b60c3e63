/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interrupt controller contract. Exactly one implementation is linked,
 * chosen by the CONFIG_IRQCHIP_* choice (drivers/irqchip/). Interrupt
 * numbers are the controller's own numbering: for a GIC the INTID
 * (SGI 0-15, PPI 16-31, SPI 32-1019).
 */
#ifndef KAAL_IRQCHIP_H
#define KAAL_IRQCHIP_H

#include <kaal/types.h>

/* Returned by irqchip_ack() when no interrupt is pending. */
#define IRQCHIP_SPURIOUS 1023u

/* Bring up the controller for the boot CPU: global part (distributor) and
 * this CPU's interface. Every line starts disabled. Addresses come from the
 * generated devicetree header. Called once, IRQs masked. */
void irqchip_init(void);

/* CONFIG_SMP: a secondary CPU's part of the controller, called once on
 * that CPU with IRQs masked after irqchip_init() ran on the boot CPU: its
 * CPU interface (GICv2), redistributor and system registers (GICv3), its
 * core's local routing (BCM2836), with the inter-processor interrupts
 * enabled. Its banked lines (PPIs: the timer) start disabled, as on the
 * boot CPU; irqchip_enable() of a banked line acts on the calling CPU. */
void irqchip_init_cpu(void);

/* CONFIG_SMP: raise inter-processor interrupt @ipi (kaal/smp.h, below
 * NR_IPIS) on CPU @cpu (MPIDR_EL1.Aff0), which may be the caller. */
void irqchip_send_ipi(unsigned int cpu, unsigned int ipi);

/* The IPI an interrupt number from irqchip_ack() is, or -1 for any other
 * interrupt. The caller still pairs it with irqchip_eoi(). */
int irqchip_ipi_of(unsigned int irq);

/* Unmask / mask one line. Lines that do not exist are ignored. */
void irqchip_enable(unsigned int irq);
void irqchip_disable(unsigned int irq);

/* Acknowledge the highest-priority pending interrupt and return its number,
 * or IRQCHIP_SPURIOUS. Every non-spurious ack is paired with irqchip_eoi(). */
unsigned int irqchip_ack(void);
void irqchip_eoi(unsigned int irq);

/* Number of interrupt lines the controller implements (for validation of
 * user-supplied IRQ numbers). */
unsigned int irqchip_nr_irqs(void);

/* Short human-readable name for the boot banner, e.g. "GICv2". */
const char *irqchip_name(void);

#endif /* KAAL_IRQCHIP_H */
