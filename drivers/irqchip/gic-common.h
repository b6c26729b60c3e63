/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the GICv2 and GICv3 drivers: the distributor registers
 * that both architecture versions lay out identically, one bit or one byte
 * per INTID. The GICv3 redistributor's SGI_base frame repeats the same
 * layout for INTIDs 0-31 (GICR_ISENABLER0 at the offset of GICD_ISENABLER0
 * and so on), so every helper here also works on that frame.
 *
 * References: GICv2 IHI0048B 4.3 (distributor register descriptions),
 * GICv3 IHI0069H 12.9 (distributor) and 12.11 (redistributor).
 */
#ifndef DRIVERS_IRQCHIP_GIC_COMMON_H
#define DRIVERS_IRQCHIP_GIC_COMMON_H

#include <kaal/mmio.h>
#include <kaal/smp.h>
#include <kaal/types.h>

/* Distributor register offsets (IHI0048B 4.1.2, IHI0069H 12.8). */
#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_IGROUPR	0x080 /* 1 bit per INTID: group */
#define GICD_ISENABLER	0x100 /* 1 bit per INTID: write 1 enables */
#define GICD_ICENABLER	0x180 /* 1 bit per INTID: write 1 disables */
#define GICD_ICPENDR	0x280 /* 1 bit per INTID: write 1 unpends */
#define GICD_ICACTIVER	0x380 /* 1 bit per INTID: write 1 clears */
#define GICD_IPRIORITYR 0x400 /* 1 byte per INTID */

/* GICD_TYPER.ITLinesNumber, bits [4:0]: lines = 32 * (N + 1). */
#define GICD_TYPER_ITLINES(t) (((t)&0x1fu) + 1)

/* INTIDs 1020-1023 are special (IHI0048B 4.4.4, IHI0069H 2.2.1), so no
 * controller implements more than 1020 lines. */
#define GIC_MAX_LINES  1020u
#define GIC_NR_PRIVATE 32u /* SGIs 0-15 and PPIs 16-31 */

/*
 * Priority given to every line: the middle of the range, so that it stays
 * distinct from the mask value 0xff even when only the top 4 or 5 priority
 * bits are implemented (GIC-400: 5 bits) or when a Non-secure access sees
 * the priorities shifted into the lower half (the Non-secure view of
 * priority, IHI0048B chapter 3).
 */
#define GIC_DEFAULT_PRIO 0xa0u

/* Lines the distributor implements, from GICD_TYPER (IHI0048B 4.3.2,
 * IHI0069H 12.9 GICD_TYPER). Includes the 32 private INTIDs. */
static inline unsigned int gic_dist_nr_lines(volatile void *dist)
{
	unsigned int n = GICD_TYPER_ITLINES(mmio_read32(dist, GICD_TYPER)) * 32;

	return MIN(n, GIC_MAX_LINES);
}

/* Offset of the 32-bit word holding @irq's bit in a 1-bit-per-INTID bank. */
static inline unsigned long gic_bit_reg(unsigned long bank, unsigned int irq)
{
	return bank + 4ul * (irq / 32);
}

/* Set-enable / clear-enable one line (IHI0048B 4.3.5-4.3.6). The registers
 * are write-1-to-act, so no read-modify-write is needed. */
static inline void gic_line_enable(volatile void *base, unsigned int irq)
{
	mmio_write32(base, gic_bit_reg(GICD_ISENABLER, irq), BIT(irq % 32));
}

static inline void gic_line_disable(volatile void *base, unsigned int irq)
{
	mmio_write32(base, gic_bit_reg(GICD_ICENABLER, irq), BIT(irq % 32));
}

/*
 * Disable lines [first, end) and clear any pending or active state a
 * previous boot stage left behind (IHI0048B 4.3.6, 4.3.8, 4.3.10). @first
 * is a multiple of 32; the last word may cover reserved INTIDs, which
 * ignore writes.
 */
static inline void gic_lines_quiesce(volatile void *base, unsigned int first,
				     unsigned int end)
{
	for (unsigned int irq = first; irq < end; irq += 32) {
		mmio_write32(base, gic_bit_reg(GICD_ICENABLER, irq), ~0u);
		mmio_write32(base, gic_bit_reg(GICD_ICPENDR, irq), ~0u);
		mmio_write32(base, gic_bit_reg(GICD_ICACTIVER, irq), ~0u);
	}
}

/* Put lines [first, end) in group 0 (@val 0) or group 1 (@val ~0)
 * (IHI0048B 4.3.4). @first is a multiple of 32. */
static inline void gic_lines_set_group(volatile void *base, unsigned int first,
				       unsigned int end, uint32_t val)
{
	for (unsigned int irq = first; irq < end; irq += 32)
		mmio_write32(base, gic_bit_reg(GICD_IGROUPR, irq), val);
}

/* Give lines [first, end) the default priority, four byte-wide fields per
 * word (IHI0048B 4.3.11). @first and @end are multiples of 4. */
static inline void gic_lines_set_prio(volatile void *base, unsigned int first,
				      unsigned int end)
{
	for (unsigned int irq = first; irq < end; irq += 4)
		mmio_write32(base, GICD_IPRIORITYR + irq,
			     GIC_DEFAULT_PRIO * 0x01010101u);
}

/*
 * Inter-processor interrupts are SGIs: IPI n (kaal/smp.h) is SGI n. Both
 * architecture versions have 16 SGIs (IHI0048B 3.1.2, IHI0069H 2.2.1).
 */
#define GIC_NR_SGI 16u
_Static_assert(NR_IPIS <= GIC_NR_SGI, "every IPI needs an SGI");

static inline int gic_ipi_of(unsigned int irq)
{
	return irq < NR_IPIS ? (int)irq : -1;
}

/* Enable this CPU's IPI SGIs in @base, the distributor (GICv2: its
 * GICD_ISENABLER0 is banked per CPU) or the CPU's redistributor SGI_base
 * frame (GICv3, GICR_ISENABLER0). A GICv2 may keep SGIs always enabled
 * and ignore the write (IHI0048B 4.3.5). */
static inline void gic_ipis_enable(volatile void *base)
{
	mmio_write32(base, GICD_ISENABLER, (uint32_t)(BIT(NR_IPIS) - 1));
}

#endif /* DRIVERS_IRQCHIP_GIC_COMMON_H */
