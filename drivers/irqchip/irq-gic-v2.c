// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm GICv2 driver: QEMU virt (gic-version=2) and the GIC-400 of the
 * Raspberry Pi 4. Memory-mapped distributor (GICD) and CPU interface (GICC);
 * references are to the GIC architecture specification v1/v2, IHI0048B.
 *
 * Interrupt numbers are INTIDs: SGI 0-15, PPI 16-31, SPI 32-1019.
 *
 * Security view. The kernel always runs Non-secure (EL1 or EL2) or on a GIC
 * without the Security Extensions:
 *  - QEMU virt without secure=on: no Security Extensions, one register
 *    view. The driver puts every line in group 0 and enables group 0, which
 *    the CPU interface signals as IRQ because GICC_CTLR.FIQEn stays 0.
 *  - Raspberry Pi 4 (and QEMU virt with secure=on booted straight into the
 *    kernel): Security Extensions present, the kernel sees the Non-secure
 *    view. Firmware has put every line in group 1; GICD_IGROUPRn are RAZ/WI
 *    and bit 0 of GICD_CTLR and GICC_CTLR is the group 1 enable.
 * In both views bit 0 of GICD_CTLR and GICC_CTLR enables the group the
 * kernel's lines are in, so one sequence serves both (IHI0048B 4.3.1,
 * 4.4.1).
 *
 * Several CPUs (CONFIG_SMP): the distributor is shared, but the registers
 * of INTIDs 0-31 (enable, pending, active, group, priority, targets) are
 * banked per CPU interface, and each CPU has its own interface at the
 * same address (IHI0048B 1.4.2, 4.3). irqchip_init_cpu() sets up the
 * calling CPU's copies. IPIs are SGIs, raised through GICD_SGIR.
 */
#include <kaal/irqchip.h>
#include <kaal/mmio.h>
#include <kaal/smp.h>
#include <kaal/types.h>
#include <asm/sysreg.h>
#include <generated/devicetree.h>

#include "gic-common.h"

/* More distributor registers (IHI0048B 4.1.2). */
#define GICD_ITARGETSR 0x800 /* 1 byte per INTID: CPU target mask */
#define GICD_SGIR      0xf00 /* write-only: raise an SGI */

#define GICD_CTLR_ENABLE  BIT(0)  /* EnableGrp0, or EnableGrp1 if NS */
#define GICD_TYPER_SECEXT BIT(10) /* SecurityExtn */

/* GICD_SGIR fields (IHI0048B 4.3.15): SGIINTID in [3:0], CPUTargetList in
 * [23:16], TargetListFilter in [25:24] (0: the CPUs in the list, 2: the
 * requesting CPU alone). */
#define GICD_SGIR_TARGETS_SHIFT 16
#define GICD_SGIR_FILTER_SELF	(2u << 24)

/* CPU interface registers (IHI0048B 4.1.3). */
#define GICC_CTLR 0x00
#define GICC_PMR  0x04
#define GICC_BPR  0x08
#define GICC_IAR  0x0c
#define GICC_EOIR 0x10

#define GICC_CTLR_ENABLE BIT(0) /* EnableGrp0, or EnableGrp1 if NS */
#define GICC_PMR_OPEN	 0xffu	/* lowest priority: mask nothing */

/* GICC_IAR fields (IHI0048B 4.4.4): INTID in [9:0], and for SGIs the
 * requesting CPU in [12:10], which GICC_EOIR must be given back. */
#define GICC_IAR_INTID(v)    ((v)&0x3ffu)
#define GICC_IAR_CPUID(v)    (((v) >> 10) & 0x7u)
#define GICC_IAR_CPUID_SHIFT 10

static volatile void *gic_v2_dist;
static volatile void *gic_v2_cpu;
static unsigned int gic_v2_lines;

/* Each CPU's interface mask, the bit GICD_SGIR's target list and
 * GICD_ITARGETSRn use for it, as the CPU read it in its own init: 0
 * before that, and on a uniprocessor GIC. */
static uint8_t gic_v2_cpu_iface[NR_CPUS];

/* Source CPU of each SGI a CPU has acknowledged, for its matching EOI.
 * Without CONFIG_SMP the first index is the constant 0. */
static uint8_t gic_v2_sgi_source[NR_CPUS][GIC_NR_SGI];

/*
 * The CPU interface mask of the calling CPU. GICD_ITARGETSR0-7 are banked
 * and every field reads as the caller's own mask; on a uniprocessor GIC
 * all of GICD_ITARGETSRn are RAZ/WI, so the result is 0 (IHI0048B 4.3.12).
 */
static uint32_t gic_v2_cpu_mask(void)
{
	uint32_t mask = 0;

	for (unsigned int irq = 0; irq < GIC_NR_PRIVATE; irq += 4)
		mask |= mmio_read32(gic_v2_dist, GICD_ITARGETSR + irq);
	mask |= mask >> 16;
	mask |= mask >> 8;
	return mask & 0xffu;
}

/* Route every SPI to the boot CPU (CPU interface 0 on the supported
 * boards). Nothing to do when the targets are read-only. */
static void gic_v2_route_spis(void)
{
	uint32_t mask = gic_v2_cpu_iface[this_cpu()];

	if (!mask)
		return;
	for (unsigned int irq = GIC_NR_PRIVATE; irq < gic_v2_lines; irq += 4)
		mmio_write32(gic_v2_dist, GICD_ITARGETSR + irq,
			     mask * 0x01010101u);
}

/*
 * Distributor: disabled while it is configured, every line disabled and
 * cleared, default priority, SPIs on this CPU. GICD_ICFGRn keep their
 * reset values (each SPI's trigger is fixed by the board). Private INTIDs
 * are banked, so this covers the boot CPU's SGIs and PPIs too.
 */
static void gic_v2_dist_init(void)
{
	uint32_t typer = mmio_read32(gic_v2_dist, GICD_TYPER);

	mmio_write32(gic_v2_dist, GICD_CTLR, 0);
	gic_v2_cpu_iface[this_cpu()] = (uint8_t)gic_v2_cpu_mask();
	gic_v2_lines = gic_dist_nr_lines(gic_v2_dist);
	gic_lines_quiesce(gic_v2_dist, 0, gic_v2_lines);
	if (!(typer & GICD_TYPER_SECEXT))
		gic_lines_set_group(gic_v2_dist, 0, gic_v2_lines, 0);
	gic_lines_set_prio(gic_v2_dist, 0, gic_v2_lines);
	gic_v2_route_spis();
	mmio_write32(gic_v2_dist, GICD_CTLR, GICD_CTLR_ENABLE);
}

/*
 * CPU interface: accept every priority (GICC_PMR, IHI0048B 4.4.2), no
 * preemption grouping (GICC_BPR 0, 4.4.3; the Non-secure alias clamps it
 * to its minimum), then enable with EOImode 0 so that a write to GICC_EOIR
 * both drops priority and deactivates (4.4.1, 4.4.5).
 */
static void gic_v2_cpu_init(void)
{
	mmio_write32(gic_v2_cpu, GICC_PMR, GICC_PMR_OPEN);
	mmio_write32(gic_v2_cpu, GICC_BPR, 0);
	mmio_write32(gic_v2_cpu, GICC_CTLR, GICC_CTLR_ENABLE);
}

void irqchip_init(void)
{
	gic_v2_dist = mmio_map(DT_GIC_DIST_BASE);
	gic_v2_cpu = mmio_map(DT_GIC_CPU_BASE);
	gic_v2_dist_init();
	if (IS_ENABLED(CONFIG_SMP))
		gic_ipis_enable(gic_v2_dist);
	gic_v2_cpu_init();
}

/*
 * A secondary CPU: its banked copies of the INTID 0-31 registers as
 * gic_v2_dist_init() left the boot CPU's (disabled and cleared, group 0
 * without Security Extensions, default priority; IHI0048B 4.3.4-4.3.11),
 * its interface mask for the IPIs sent to it, its IPI SGIs enabled, then
 * its CPU interface. An IPI sent before this call may survive it (SGI
 * pending state belongs to GICD_CPENDSGIRn, IHI0048B 4.3.16) and is taken
 * later, which is harmless: an IPI only asks for a reschedule.
 */
void irqchip_init_cpu(void)
{
	uint32_t typer = mmio_read32(gic_v2_dist, GICD_TYPER);

	gic_v2_cpu_iface[this_cpu()] = (uint8_t)gic_v2_cpu_mask();
	gic_lines_quiesce(gic_v2_dist, 0, GIC_NR_PRIVATE);
	if (!(typer & GICD_TYPER_SECEXT))
		gic_lines_set_group(gic_v2_dist, 0, GIC_NR_PRIVATE, 0);
	gic_lines_set_prio(gic_v2_dist, 0, GIC_NR_PRIVATE);
	gic_ipis_enable(gic_v2_dist);
	gic_v2_cpu_init();
}

/*
 * Raise SGI @ipi on @cpu through GICD_SGIR, with the target list bit that
 * CPU read as its own interface mask. On a uniprocessor GIC that mask
 * reads as 0 (IHI0048B 4.3.12), and the one CPU reaches itself through
 * TargetListFilter 2 instead. A CPU that has not been through its init
 * gets nothing. The barrier makes this CPU's earlier stores visible to
 * the target before the GIC can signal it. The write to GICD_SGIR is a
 * memory access, so a DMB ISHST would order it; the DSB is the stronger,
 * simpler rule that the GICv3 driver needs anyway.
 */
void irqchip_send_ipi(unsigned int cpu, unsigned int ipi)
{
	uint32_t sgir = ipi;

	if (cpu >= NR_CPUS || ipi >= NR_IPIS)
		return;
	if (gic_v2_cpu_iface[cpu])
		sgir |= (uint32_t)gic_v2_cpu_iface[cpu]
			<< GICD_SGIR_TARGETS_SHIFT;
	else if (cpu == this_cpu())
		sgir |= GICD_SGIR_FILTER_SELF;
	else
		return;
	dsb(ishst);
	mmio_write32(gic_v2_dist, GICD_SGIR, sgir);
}

int irqchip_ipi_of(unsigned int irq)
{
	return gic_ipi_of(irq);
}

void irqchip_enable(unsigned int irq)
{
	if (irq < gic_v2_lines)
		gic_line_enable(gic_v2_dist, irq);
}

void irqchip_disable(unsigned int irq)
{
	if (irq < gic_v2_lines)
		gic_line_disable(gic_v2_dist, irq);
}

/*
 * Read GICC_IAR, which marks the interrupt active (IHI0048B 4.4.4). INTIDs
 * 1020-1023 mean nothing was acknowledged: 1023 when nothing is pending,
 * 1022 when the pending interrupt is of a group this read may not
 * acknowledge. Neither is followed by an EOI.
 */
unsigned int irqchip_ack(void)
{
	uint32_t iar = mmio_read32(gic_v2_cpu, GICC_IAR);
	unsigned int irq = GICC_IAR_INTID(iar);

	if (irq >= GIC_MAX_LINES)
		return IRQCHIP_SPURIOUS;
	if (irq < GIC_NR_SGI)
		gic_v2_sgi_source[this_cpu()][irq] =
			(uint8_t)GICC_IAR_CPUID(iar);
	return irq;
}

/* GICC_EOIR takes the whole GICC_IAR value, source CPU included for SGIs
 * (IHI0048B 4.4.5). */
void irqchip_eoi(unsigned int irq)
{
	uint32_t eoir = irq;

	if (irq >= gic_v2_lines)
		return;
	if (irq < GIC_NR_SGI)
		eoir |= (uint32_t)gic_v2_sgi_source[this_cpu()][irq]
			<< GICC_IAR_CPUID_SHIFT;
	mmio_write32(gic_v2_cpu, GICC_EOIR, eoir);
}

unsigned int irqchip_nr_irqs(void)
{
	return gic_v2_lines;
}

const char *irqchip_name(void)
{
	return "GICv2";
}
