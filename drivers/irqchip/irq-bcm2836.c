// SPDX-License-Identifier: GPL-2.0-only
/*
 * Raspberry Pi 3 interrupt controllers (BCM2837, QEMU raspi3b): no GIC.
 * Two cascaded blocks, both level-sensitive and without an
 * acknowledge/EOI protocol:
 *
 *  - the BCM2836 ARM-local controller at DT_BCM2836_LOCAL_BASE ("BCM2836
 *    ARM-local peripherals", QA7 rev 3.4): per-core sources such as the
 *    generic timer outputs, mailboxes and the summary line of the GPU
 *    controller below;
 *  - the BCM2835 ARM interrupt controller at DT_BCM2835_ARMCTRL_BASE
 *    ("BCM2835 ARM Peripherals" 7.5): the 64 GPU peripheral lines and 8
 *    ARM "basic" lines, summarised as local source 8.
 *
 * Flat interrupt numbering (what irqchip_* take and return):
 *
 *     0-31    bit n of the calling core's IRQ source register (local
 *             0x60 + 4 * core):
 *             0 CNTPSIRQ, 1 CNTPNSIRQ, 2 CNTHPIRQ, 3 CNTVIRQ (generic
 *             timer), 4-7 mailboxes 0-3, 9 PMU, 11 local timer.
 *             8 (the GPU summary) and 10 (AXI counter) are not lines.
 *    32-63    BCM2835 GPU IRQ 0-31 (pending 1 / enable 1 / disable 1)
 *    64-95    BCM2835 GPU IRQ 32-63 (pending 2 / enable 2 / disable 2)
 *    96-103   BCM2835 ARM basic IRQ 0-7 (basic pending / enable / disable)
 *
 * The GPU lines are routed to core 0. Numbers 0-31 are banked: each core
 * enables, masks and acknowledges its own local sources (irqchip_init()
 * for core 0, irqchip_init_cpu() for the others). IPI n is mailbox n of
 * the target core (local source 4 + n); its acknowledge clears it.
 * irqchip_eoi() has nothing to do: every source is a level that the
 * handler clears at the device (timer compare, mailbox write-to-clear,
 * peripheral status register).
 */
#include <kaal/irqchip.h>
#include <kaal/mmio.h>
#include <kaal/smp.h>
#include <kaal/types.h>
#include <asm/sysreg.h>
#include <generated/devicetree.h>

/*
 * ARM-local registers (QA7 rev 3.4, register map of chapter 4). The
 * control register (0x00) and core timer prescaler (0x08) are left as the
 * firmware set them: they fix the generic timer frequency that
 * CNTFRQ_EL0 already reports.
 */
#define LOCAL_GPU_ROUTE	       0x0c /* [1:0] IRQ core, [3:2] FIQ core */
#define LOCAL_PMU_ROUTE_SET    0x10 /* write 1: IRQ bit n, FIQ n+4 */
#define LOCAL_PMU_ROUTE_CLR    0x14
#define LOCAL_TIMER_ROUTE      0x24 /* [2:0]: 0 = IRQ to core 0 */
#define LOCAL_TIMER_CTRL       0x34
#define LOCAL_TIMER_CTRL_IRQEN BIT(29)
#define LOCAL_CORE0_TIMER_CTRL 0x40 /* bit n: timer source n as IRQ */
#define LOCAL_CORE0_MBOX_CTRL  0x50 /* bit n: mailbox n as IRQ */
#define LOCAL_CORE0_IRQ_SRC    0x60
#define LOCAL_CORE0_MBOX_SET   0x80 /* write 1s: set mailbox bits */
#define LOCAL_CORE0_MBOX_CLR   0xc0 /* read; write 1s: clear bits */

/* The per-core copies: one word per core for the controls and the IRQ
 * source, four mailboxes of one word per core. */
#define LOCAL_TIMER_CTRL_OF(core) (LOCAL_CORE0_TIMER_CTRL + 4ul * (core))
#define LOCAL_MBOX_CTRL_OF(core)  (LOCAL_CORE0_MBOX_CTRL + 4ul * (core))
#define LOCAL_IRQ_SRC_OF(core)	  (LOCAL_CORE0_IRQ_SRC + 4ul * (core))
#define LOCAL_MBOX_SET_OF(core, mbox) \
	(LOCAL_CORE0_MBOX_SET + 16ul * (core) + 4ul * (mbox))
#define LOCAL_MBOX_CLR_OF(core, mbox) \
	(LOCAL_CORE0_MBOX_CLR + 16ul * (core) + 4ul * (mbox))
#define LOCAL_PMU_CORE(core) (BIT(core) | BIT((core) + 4)) /* IRQ, FIQ */

#define BCM2836_NR_CORES 4u

/* Local source numbers that are also flat numbers. */
#define SRC_TIMER_LAST	3u
#define SRC_MBOX_FIRST	4u
#define SRC_MBOX_LAST	7u
#define SRC_GPU		8u
#define SRC_PMU		9u
#define SRC_LOCAL_TIMER 11u

/* IPI n is mailbox n: one mailbox per IPI, so the local source number
 * says which IPI it is without reading the mailbox. */
_Static_assert(NR_IPIS <= SRC_MBOX_LAST - SRC_MBOX_FIRST + 1,
	       "every IPI needs a mailbox");
#define BCM2836_IPI_MBOXES ((uint32_t)(BIT(NR_IPIS) - 1))

/*
 * BCM2835 ARM interrupt controller (BCM2835 ARM Peripherals 7.5). Enable
 * and disable registers are write-1-to-act, one per bank: bank 0 = GPU
 * IRQ 0-31, bank 1 = GPU IRQ 32-63, bank 2 = ARM basic IRQs.
 */
#define ARMCTRL_BASIC_PENDING 0x00
#define ARMCTRL_PENDING_1     0x04
#define ARMCTRL_PENDING_2     0x08
#define ARMCTRL_FIQ_CTRL      0x0c
#define ARMCTRL_ENABLE(bank)  (0x10 + 4ul * (bank))
#define ARMCTRL_DISABLE(bank) (0x1c + 4ul * (bank))

/* Basic pending bits beyond the 8 ARM lines: 8/9 say pending 1/2 has bits
 * set; 10-14 and 15-20 repeat a few bank 1 / bank 2 GPU lines, which the
 * hardware may leave out of bits 8/9, so they count too. */
#define BASIC_ARM_MASK	 0xffu
#define BASIC_BANK1_HINT (BIT(8) | (0x1ful << 10))
#define BASIC_BANK2_HINT (BIT(9) | (0x3ful << 15))

#define BANK_GPU1  0u
#define BANK_GPU2  1u
#define BANK_BASIC 2u
#define NR_BANKS   3u

#define FLAT_GPU_FIRST	32u
#define BCM2836_NR_IRQS 104u

#if defined(DT_IRQ_LINES) && DT_IRQ_LINES != 104
#error "devicetree DT_IRQ_LINES disagrees with the BCM2836 flat numbering"
#endif

static volatile void *bcm2836_local;
static volatile void *bcm2836_armctrl;

/* What the driver enabled in each bank, to mask the pending registers. */
static uint32_t bcm2836_enabled[NR_BANKS];

static void bcm2836_local_update(unsigned long off, uint32_t mask, bool on)
{
	uint32_t v = mmio_read32(bcm2836_local, off);

	mmio_write32(bcm2836_local, off, on ? (v | mask) : (v & ~mask));
}

/* Unmask or mask local source @src for the calling core's IRQ. The local
 * timer is not per core: it stays routed to core 0. */
static void bcm2836_local_set(unsigned int src, bool on)
{
	unsigned int core = this_cpu();

	if (src <= SRC_TIMER_LAST)
		bcm2836_local_update(LOCAL_TIMER_CTRL_OF(core), BIT(src), on);
	else if (src <= SRC_MBOX_LAST)
		bcm2836_local_update(LOCAL_MBOX_CTRL_OF(core),
				     BIT(src - SRC_MBOX_FIRST), on);
	else if (src == SRC_PMU)
		mmio_write32(bcm2836_local,
			     on ? LOCAL_PMU_ROUTE_SET : LOCAL_PMU_ROUTE_CLR,
			     BIT(core));
	else if (src == SRC_LOCAL_TIMER)
		bcm2836_local_update(LOCAL_TIMER_CTRL, LOCAL_TIMER_CTRL_IRQEN,
				     on);
}

/* Unmask or mask a BCM2835 line, @irq in flat numbering (>= 32). */
static void bcm2836_gpu_set(unsigned int irq, bool on)
{
	unsigned int bank = (irq - FLAT_GPU_FIRST) / 32;
	uint32_t bit = BIT((irq - FLAT_GPU_FIRST) % 32);

	if (on) {
		bcm2836_enabled[bank] |= bit;
		mmio_write32(bcm2836_armctrl, ARMCTRL_ENABLE(bank), bit);
	} else {
		bcm2836_enabled[bank] &= ~bit;
		mmio_write32(bcm2836_armctrl, ARMCTRL_DISABLE(bank), bit);
	}
}

/*
 * The calling core's local sources (QA7 rev 3.4 chapter 4): timers and
 * mailboxes masked, neither IRQ nor FIQ, PMU not routed to it. With
 * CONFIG_SMP its IPI mailboxes are then cleared of anything left in them
 * and unmasked as IRQs.
 */
static void bcm2836_core_init(void)
{
	unsigned int core = this_cpu();

	mmio_write32(bcm2836_local, LOCAL_TIMER_CTRL_OF(core), 0);
	mmio_write32(bcm2836_local, LOCAL_MBOX_CTRL_OF(core), 0);
	mmio_write32(bcm2836_local, LOCAL_PMU_ROUTE_CLR, LOCAL_PMU_CORE(core));
	if (!IS_ENABLED(CONFIG_SMP))
		return;
	for (unsigned int ipi = 0; ipi < NR_IPIS; ipi++)
		mmio_write32(bcm2836_local, LOCAL_MBOX_CLR_OF(core, ipi), ~0u);
	mmio_write32(bcm2836_local, LOCAL_MBOX_CTRL_OF(core),
		     BCM2836_IPI_MBOXES);
}

/* Local block: GPU lines and the local timer to core 0, the local timer's
 * interrupt off (QA7 rev 3.4 chapter 4). */
static void bcm2836_local_init(void)
{
	mmio_write32(bcm2836_local, LOCAL_GPU_ROUTE, 0);
	mmio_write32(bcm2836_local, LOCAL_TIMER_ROUTE, 0);
	bcm2836_local_update(LOCAL_TIMER_CTRL, LOCAL_TIMER_CTRL_IRQEN, false);
}

/* GPU block: FIQ off, every line of every bank disabled (BCM2835 ARM
 * Peripherals 7.5). */
static void bcm2836_armctrl_init(void)
{
	mmio_write32(bcm2836_armctrl, ARMCTRL_FIQ_CTRL, 0);
	for (unsigned int bank = 0; bank < NR_BANKS; bank++) {
		mmio_write32(bcm2836_armctrl, ARMCTRL_DISABLE(bank), ~0u);
		bcm2836_enabled[bank] = 0;
	}
}

void irqchip_init(void)
{
	bcm2836_local = mmio_map(DT_BCM2836_LOCAL_BASE);
	bcm2836_armctrl = mmio_map(DT_BCM2835_ARMCTRL_BASE);
	bcm2836_local_init();
	bcm2836_core_init();
	bcm2836_armctrl_init();
}

/* A secondary core: its local sources. The GPU lines stay with core 0. */
void irqchip_init_cpu(void)
{
	bcm2836_core_init();
}

/*
 * Set mailbox @ipi of core @cpu (its write-set register; QA7 rev 3.4,
 * "Mailboxes"): the core's local source 4 + @ipi goes high until the
 * core clears it in irqchip_ack(). The DSB makes this CPU's earlier
 * stores visible to the target before the mailbox can interrupt it.
 */
void irqchip_send_ipi(unsigned int cpu, unsigned int ipi)
{
	if (cpu >= MIN(NR_CPUS, BCM2836_NR_CORES) || ipi >= NR_IPIS)
		return;
	dsb(ishst);
	mmio_write32(bcm2836_local, LOCAL_MBOX_SET_OF(cpu, ipi), 1);
}

int irqchip_ipi_of(unsigned int irq)
{
	unsigned int mbox = irq - SRC_MBOX_FIRST;

	return mbox < NR_IPIS ? (int)mbox : -1;
}

void irqchip_enable(unsigned int irq)
{
	if (irq < FLAT_GPU_FIRST)
		bcm2836_local_set(irq, true);
	else if (irq < BCM2836_NR_IRQS)
		bcm2836_gpu_set(irq, true);
}

void irqchip_disable(unsigned int irq)
{
	if (irq < FLAT_GPU_FIRST)
		bcm2836_local_set(irq, false);
	else if (irq < BCM2836_NR_IRQS)
		bcm2836_gpu_set(irq, false);
}

/* Lowest enabled pending line of @bank read at @off, in flat numbering,
 * or IRQCHIP_SPURIOUS. */
static unsigned int bcm2836_bank_pending(unsigned int bank, unsigned long off)
{
	uint32_t p = mmio_read32(bcm2836_armctrl, off) & bcm2836_enabled[bank];

	if (!p)
		return IRQCHIP_SPURIOUS;
	return FLAT_GPU_FIRST + 32 * bank + (unsigned int)__builtin_ctz(p);
}

/* The lowest-numbered pending GPU line: bank 1 only if basic pending says
 * it has bits, then bank 2 likewise, then the ARM basic lines. */
static unsigned int bcm2836_gpu_pending(void)
{
	uint32_t basic = mmio_read32(bcm2836_armctrl, ARMCTRL_BASIC_PENDING);
	uint32_t arm = basic & BASIC_ARM_MASK & bcm2836_enabled[BANK_BASIC];
	unsigned int irq = IRQCHIP_SPURIOUS;

	if (basic & BASIC_BANK1_HINT)
		irq = bcm2836_bank_pending(BANK_GPU1, ARMCTRL_PENDING_1);
	if (irq == IRQCHIP_SPURIOUS && (basic & BASIC_BANK2_HINT))
		irq = bcm2836_bank_pending(BANK_GPU2, ARMCTRL_PENDING_2);
	if (irq == IRQCHIP_SPURIOUS && arm)
		irq = FLAT_GPU_FIRST + 32 * BANK_BASIC +
		      (unsigned int)__builtin_ctz(arm);
	return irq;
}

/*
 * An IPI's mailbox is cleared when it is acknowledged, before it is
 * handled, so that an IPI sent from then on raises it again instead of
 * being lost; the DSB completes the clear before the handler reads what
 * the sender published. Several IPIs of one number sent before this point
 * are taken once, as a GIC's pending SGI is.
 */
static void bcm2836_ack_ipi(unsigned int core, unsigned int src)
{
	unsigned int mbox = src - SRC_MBOX_FIRST;

	if (mbox < NR_IPIS) {
		mmio_write32(bcm2836_local, LOCAL_MBOX_CLR_OF(core, mbox), ~0u);
		dsb(sy);
	}
}

/*
 * The calling core's IRQ source register shows its enabled local sources
 * that are asserted (QA7 rev 3.4, core interrupt sources). Local sources
 * come first, lowest number first; the GPU summary bit (core 0 only)
 * sends the search to the BCM2835 pending registers. Nothing is latched,
 * so there is no acknowledge side effect, except for the IPI mailboxes
 * with CONFIG_SMP (bcm2836_ack_ipi()).
 */
unsigned int irqchip_ack(void)
{
	unsigned int core = this_cpu();
	uint32_t src = mmio_read32(bcm2836_local, LOCAL_IRQ_SRC_OF(core));
	uint32_t local = src & ~(uint32_t)BIT(SRC_GPU);

	if (local) {
		unsigned int irq = (unsigned int)__builtin_ctz(local);

		if (IS_ENABLED(CONFIG_SMP))
			bcm2836_ack_ipi(core, irq);
		return irq;
	}
	if (src & BIT(SRC_GPU))
		return bcm2836_gpu_pending();
	return IRQCHIP_SPURIOUS;
}

/* Nothing to do: the lines are levels, cleared at the device. */
void irqchip_eoi(unsigned int irq)
{
	(void)irq;
}

unsigned int irqchip_nr_irqs(void)
{
	return BCM2836_NR_IRQS;
}

const char *irqchip_name(void)
{
	return "BCM2836";
}
