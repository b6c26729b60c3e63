// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm GICv3 driver: QEMU virt (gic-version=3). Distributor with affinity
 * routing, one redistributor per CPU, and the CPU interface through the
 * ICC_* system registers. References are to the GIC architecture
 * specification v3/v4, IHI0069H: 12.2 (CPU interface system registers),
 * 12.9 (distributor), 12.11 (redistributor).
 *
 * Interrupt numbers are INTIDs: SGI 0-15, PPI 16-31, SPI 32-1019. LPIs and
 * extended SPI/PPI ranges are not used.
 *
 * The kernel runs Non-secure, either on a GIC with a single security state
 * (GICD_CTLR.DS == 1, QEMU without secure=on) or in the Non-secure view of
 * a GIC with two. Every line is put in Non-secure group 1 and only group 1
 * is enabled at the CPU interface; in the Non-secure view the group
 * registers are RAZ/WI and firmware has already done this.
 *
 * If the kernel was entered at EL2, the loader must have set
 * ICC_SRE_EL2.{SRE,Enable} before dropping to EL1, or the EL1 accesses
 * below trap (IHI0069H 12.2, ICC_SRE_EL2). ICC_SRE_EL2 is per PE: the
 * same holds for every secondary CPU's entry path.
 *
 * Several CPUs (CONFIG_SMP): the distributor is shared; each CPU has its
 * own redistributor, found by its affinity, and its own ICC_* registers.
 * Every access to SGI or PPI state goes to the calling CPU's
 * redistributor. IPIs are SGIs, raised through ICC_SGI1R_EL1.
 */
#include <kaal/irqchip.h>
#include <kaal/mmio.h>
#include <kaal/smp.h>
#include <kaal/types.h>
#include <asm/sysreg.h>
#include <generated/devicetree.h>

#include "gic-common.h"

/* CPU interface registers by encoding, so that -march=armv8-a assemblers
 * without the GICv3 names accept them (IHI0069H 12.2). */
#define ICC_PMR_EL1	"S3_0_C4_C6_0"
#define ICC_IAR1_EL1	"S3_0_C12_C12_0"
#define ICC_EOIR1_EL1	"S3_0_C12_C12_1"
#define ICC_BPR1_EL1	"S3_0_C12_C12_3"
#define ICC_CTLR_EL1	"S3_0_C12_C12_4"
#define ICC_SRE_EL1	"S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_SGI1R_EL1	"S3_0_C12_C11_5"

#define ICC_SRE_SRE	   BIT(0)
#define ICC_CTLR_EOIMODE   BIT(1)
#define ICC_IGRPEN1_ENABLE BIT(0)
#define ICC_PMR_OPEN	   0xffu
#define ICC_IAR_INTID(v)   ((v)&0xffffffu) /* INTID, bits [23:0] */

/* ICC_SGI1R_EL1 fields (IHI0069H 12.2, ICC_SGI1R_EL1): TargetList [15:0]
 * (bit n: the PE with Aff0 n, with RS 0), Aff1 [23:16], INTID [27:24],
 * Aff2 [39:32], IRM [40] (0: to the listed PEs), RS [47:44], Aff3
 * [55:48]. */
#define ICC_SGI1R_INTID_SHIFT 24
#define ICC_SGI1R_AFF1(mpidr) ((((mpidr) >> 8) & 0xffull) << 16)
#define ICC_SGI1R_AFF2(mpidr) ((((mpidr) >> 16) & 0xffull) << 32)
#define ICC_SGI1R_AFF3(mpidr) ((((mpidr) >> 32) & 0xffull) << 48)
_Static_assert(NR_CPUS <= 16, "Aff0 must fit TargetList with RS 0");

/* GICD_CTLR in the Non-secure / single-security-state views. Bit 0 is
 * EnableGrp0 with one security state and a Non-secure alias otherwise;
 * setting it with every line in group 1 is harmless. */
#define GICD_CTLR_ENABLE_G1  BIT(0)
#define GICD_CTLR_ENABLE_G1A BIT(1)
#define GICD_CTLR_ARE_NS     BIT(4)
#define GICD_CTLR_RWP	     BIT(31)

#define GICD_IROUTER 0x6000 /* 64 bits per INTID, 32-1019 */

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB above it. */
#define GICR_CTLR	0x0000
#define GICR_TYPER	0x0008 /* 64-bit */
#define GICR_WAKER	0x0014
#define GICR_SGI_OFFSET 0x10000

#define GICR_CTLR_RWP	   BIT(3)
#define GICR_TYPER_VLPIS   BIT(1)
#define GICR_TYPER_LAST	   BIT(4)
#define GICR_TYPER_AFF(t)  ((uint32_t)((t) >> 32))
#define GICR_WAKER_PSLEEP  BIT(1) /* ProcessorSleep */
#define GICR_WAKER_CASLEEP BIT(2) /* ChildrenAsleep */

#define GICR_FRAME_SIZE	  0x10000ul
#define GIC_V3_NO_REDIST  ((paddr_t)-1)
#define GIC_SPECIAL_FIRST 1020u

static volatile void *gic_v3_dist;
static unsigned int gic_v3_lines;

/* Each CPU's redistributor: RD_base and SGI_base frames, NULL before its
 * init or when none matched its affinity. Indexed by this_cpu(), which is
 * the constant 0 without CONFIG_SMP. */
static volatile void *gic_v3_rd[NR_CPUS];
static volatile void *gic_v3_sgi[NR_CPUS];

/* MPIDR_EL1 affinity as Aff3.Aff2.Aff1.Aff0 in 32 bits, the layout of
 * GICR_TYPER[63:32] (Arm ARM D17, MPIDR_EL1). */
static uint32_t gic_v3_mpidr_aff32(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);

	return (uint32_t)(((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu));
}

/* MPIDR_EL1 affinity in the GICD_IROUTER layout: Aff3 in [39:32],
 * Aff2.Aff1.Aff0 in [23:0], Interrupt_Routing_Mode 0 (this PE only). */
static uint64_t gic_v3_irouter_self(void)
{
	return read_sysreg(mpidr_el1) & 0xff00ffffffull;
}

/* Wait until a distributor register write has taken effect (GICD_CTLR.RWP
 * covers GICD_CTLR and GICD_ICENABLER, IHI0069H 12.9). */
static void gic_v3_dist_wait_rwp(void)
{
	while (mmio_read32(gic_v3_dist, GICD_CTLR) & GICD_CTLR_RWP)
		;
}

/* Same for this CPU's SGIs and PPIs (GICR_CTLR.RWP, IHI0069H 12.11). */
static void gic_v3_redist_wait_rwp(void)
{
	while (mmio_read32(gic_v3_rd[this_cpu()], GICR_CTLR) & GICR_CTLR_RWP)
		;
}

/* Route every SPI to this CPU (GICD_IROUTER<n>, IHI0069H 12.9). */
static void gic_v3_route_spis(void)
{
	uint64_t aff = gic_v3_irouter_self();

	for (unsigned int irq = GIC_NR_PRIVATE; irq < gic_v3_lines; irq++)
		mmio_write64(gic_v3_dist, GICD_IROUTER + 8ul * irq, aff);
}

/*
 * Distributor: disable, switch on affinity routing (ARE must change only
 * while the groups are disabled, IHI0069H 12.9 GICD_CTLR), set up the SPIs
 * (the private INTIDs live in the redistributor under affinity routing),
 * then enable group 1. GICD_ICFGRn keep their reset values.
 */
static void gic_v3_dist_init(void)
{
	mmio_write32(gic_v3_dist, GICD_CTLR, 0);
	gic_v3_dist_wait_rwp();
	mmio_write32(gic_v3_dist, GICD_CTLR, GICD_CTLR_ARE_NS);
	gic_v3_dist_wait_rwp();

	gic_v3_lines = gic_dist_nr_lines(gic_v3_dist);
	gic_lines_quiesce(gic_v3_dist, GIC_NR_PRIVATE, gic_v3_lines);
	gic_lines_set_group(gic_v3_dist, GIC_NR_PRIVATE, gic_v3_lines, ~0u);
	gic_lines_set_prio(gic_v3_dist, GIC_NR_PRIVATE, gic_v3_lines);
	gic_v3_route_spis();
	gic_v3_dist_wait_rwp();

	mmio_write32(gic_v3_dist, GICD_CTLR,
		     GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A |
			     GICD_CTLR_ENABLE_G1);
	gic_v3_dist_wait_rwp();
}

/*
 * Find this CPU's redistributor and return the physical address of its
 * RD_base frame, or GIC_V3_NO_REDIST. Each redistributor is RD_base +
 * SGI_base (two 64 KiB frames, four when GICR_TYPER.VLPIS says GICv4 vLPI
 * frames follow), laid out back to back; GICR_TYPER holds its PE's
 * affinity and marks the last one of the region (IHI0069H 12.10, 12.11
 * GICR_TYPER).
 */
static paddr_t gic_v3_find_redist(void)
{
	uint32_t aff = gic_v3_mpidr_aff32();
	paddr_t pa = DT_GIC_REDIST_BASE;

	while (pa < DT_GIC_REDIST_BASE + DT_GIC_REDIST_SIZE) {
		uint64_t typer = mmio_read64(mmio_map(pa), GICR_TYPER);

		if (GICR_TYPER_AFF(typer) == aff)
			return pa;
		if (typer & GICR_TYPER_LAST)
			break;
		pa += GICR_FRAME_SIZE * ((typer & GICR_TYPER_VLPIS) ? 4 : 2);
	}
	return GIC_V3_NO_REDIST;
}

/* Wake the redistributor: clear ProcessorSleep, then wait for
 * ChildrenAsleep to clear (IHI0069H 12.11 GICR_WAKER). In the Non-secure
 * view of a two-security-state GIC the register is RAZ/WI and firmware
 * has done this. */
static void gic_v3_redist_wake(volatile void *rd)
{
	uint32_t waker = mmio_read32(rd, GICR_WAKER);

	waker &= ~(uint32_t)GICR_WAKER_PSLEEP;
	mmio_write32(rd, GICR_WAKER, waker);
	while (mmio_read32(rd, GICR_WAKER) & GICR_WAKER_CASLEEP)
		;
}

/*
 * The calling CPU's redistributor: found, woken, and its SGIs and PPIs
 * set up in the SGI_base frame, whose layout matches the distributor's
 * for INTIDs 0-31 (GICR_IGROUPR0, GICR_ICENABLER0, ..., IHI0069H 12.11):
 * disabled and cleared, group 1, default priority; with CONFIG_SMP the
 * IPI SGIs then enabled. GICR_ICFGR1 (PPI trigger) keeps its reset value.
 */
static void gic_v3_redist_init(void)
{
	unsigned int cpu = this_cpu();
	paddr_t pa = gic_v3_find_redist();
	volatile void *sgi;

	if (pa == GIC_V3_NO_REDIST)
		return;
	gic_v3_rd[cpu] = mmio_map(pa);
	gic_v3_sgi[cpu] = sgi = mmio_map(pa + GICR_SGI_OFFSET);
	gic_v3_redist_wake(gic_v3_rd[cpu]);
	gic_lines_quiesce(sgi, 0, GIC_NR_PRIVATE);
	gic_v3_redist_wait_rwp();
	gic_lines_set_group(sgi, 0, GIC_NR_PRIVATE, ~0u);
	gic_lines_set_prio(sgi, 0, GIC_NR_PRIVATE);
	if (IS_ENABLED(CONFIG_SMP))
		gic_ipis_enable(sgi);
}

/*
 * CPU interface: system register access on (ICC_SRE_EL1.SRE, made visible
 * by an ISB), all priorities accepted, no preemption grouping, EOImode 0
 * (a write to ICC_EOIR1_EL1 both drops priority and deactivates), then
 * group 1 enabled (IHI0069H 12.2).
 */
static void gic_v3_cpu_init(void)
{
	uint64_t sre = read_sysreg_s(ICC_SRE_EL1) | ICC_SRE_SRE;
	uint64_t ctlr;

	write_sysreg_s(ICC_SRE_EL1, sre);
	isb();
	ctlr = read_sysreg_s(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE;
	write_sysreg_s(ICC_PMR_EL1, ICC_PMR_OPEN);
	write_sysreg_s(ICC_BPR1_EL1, 0);
	write_sysreg_s(ICC_CTLR_EL1, ctlr);
	write_sysreg_s(ICC_IGRPEN1_EL1, ICC_IGRPEN1_ENABLE);
	isb();
}

void irqchip_init(void)
{
	gic_v3_dist = mmio_map(DT_GIC_DIST_BASE);
	gic_v3_dist_init();
	gic_v3_redist_init();
	gic_v3_cpu_init();
}

/* A secondary CPU: its redistributor and its CPU interface; the
 * distributor is the boot CPU's, already set up. Without a redistributor
 * (a devicetree that lists fewer than the CPUs) its private INTIDs do not
 * exist, as on the boot CPU. */
void irqchip_init_cpu(void)
{
	gic_v3_redist_init();
	gic_v3_cpu_init();
}

/*
 * Raise SGI @ipi on @cpu: ICC_SGI1R_EL1 with the target's Aff3.Aff2.Aff1,
 * which are this CPU's (all CPUs the kernel runs share them, kaal/smp.h),
 * and TargetList bit Aff0 = @cpu. A system register write is not a
 * memory access, so a DMB does not order it after this CPU's stores: the
 * DSB completes them (visible to the target) before the write executes.
 * The ISB makes the write take effect now rather than at the next context
 * synchronisation event (Arm ARM D17, direct writes to system registers).
 */
void irqchip_send_ipi(unsigned int cpu, unsigned int ipi)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint64_t sgi1r;

	if (cpu >= NR_CPUS || ipi >= NR_IPIS)
		return;
	sgi1r = ICC_SGI1R_AFF3(mpidr) | ICC_SGI1R_AFF2(mpidr) |
		ICC_SGI1R_AFF1(mpidr) |
		((uint64_t)ipi << ICC_SGI1R_INTID_SHIFT) | BIT(cpu);
	dsb(ishst);
	write_sysreg_s(ICC_SGI1R_EL1, sgi1r);
	isb();
}

int irqchip_ipi_of(unsigned int irq)
{
	return gic_ipi_of(irq);
}

/* SGIs and PPIs are enabled in the calling CPU's redistributor, SPIs in
 * the distributor. Without a redistributor for this CPU the private
 * INTIDs do not exist. */
void irqchip_enable(unsigned int irq)
{
	if (irq < GIC_NR_PRIVATE && gic_v3_sgi[this_cpu()])
		gic_line_enable(gic_v3_sgi[this_cpu()], irq);
	else if (irq >= GIC_NR_PRIVATE && irq < gic_v3_lines)
		gic_line_enable(gic_v3_dist, irq);
}

/* A disable has taken effect only once RWP reads 0 (IHI0069H 12.9
 * GICD_CTLR, 12.11 GICR_CTLR); callers rely on the line being quiet. */
void irqchip_disable(unsigned int irq)
{
	if (irq < GIC_NR_PRIVATE && gic_v3_sgi[this_cpu()]) {
		gic_line_disable(gic_v3_sgi[this_cpu()], irq);
		gic_v3_redist_wait_rwp();
	} else if (irq >= GIC_NR_PRIVATE && irq < gic_v3_lines) {
		gic_line_disable(gic_v3_dist, irq);
		gic_v3_dist_wait_rwp();
	}
}

/*
 * Read ICC_IAR1_EL1, which marks the interrupt active. INTIDs 1020-1023
 * are special (IHI0069H 2.2.1): nothing was acknowledged and no EOI
 * follows. The DSB orders the acknowledge before the handler's accesses
 * to the device.
 */
unsigned int irqchip_ack(void)
{
	unsigned int irq = ICC_IAR_INTID(read_sysreg_s(ICC_IAR1_EL1));

	dsb(sy);
	if (irq >= GIC_SPECIAL_FIRST)
		return IRQCHIP_SPURIOUS;
	return irq;
}

/* ICC_EOIR1_EL1 takes the INTID alone: GICv3 SGIs carry no source CPU
 * field (IHI0069H 12.2 ICC_EOIR1_EL1). */
void irqchip_eoi(unsigned int irq)
{
	if (irq >= gic_v3_lines)
		return;
	write_sysreg_s(ICC_EOIR1_EL1, irq);
	isb();
}

unsigned int irqchip_nr_irqs(void)
{
	return gic_v3_lines;
}

const char *irqchip_name(void)
{
	return "GICv3";
}
