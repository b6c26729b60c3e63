// SPDX-License-Identifier: GPL-2.0-only
/*
 * What firmware does for a Non-secure OS, done by the loader when it is
 * the first software to run at EL3 (head.S calls this at EL3, MMU off,
 * before dropping to EL2 or EL1; nothing here may touch .bss, which is
 * cleared later).
 *
 * Out of reset a GIC with two security states puts every interrupt in
 * group 0 (Secure) and masks the CPU interface's priority with 0, a value
 * a Non-secure write cannot change. Our drivers run Non-secure and see
 * only group 1: without this the timer's interrupt is never delivered.
 * The GIC's own system registers (GICv3 ICC_*) are set in head.S.
 */
#include <kaal/mmio.h>
#include <kaal/types.h>
#include <generated/devicetree.h>
#include "loader.h"

#define GICD_CTLR	    0x0000
#define GICD_TYPER	    0x0004
#define GICD_IGROUPR(n)	    (0x0080 + 4 * (n))
#define GICD_TYPER_LINES(t) (32 * (((t)&0x1f) + 1)) /* ITLinesNumber */

#if defined(CONFIG_IRQCHIP_GICV2)
#define GICC_PMR 0x0004

/* GICv2 (IHI0048B 4.3.4 GICD_IGROUPRn, 4.4.2 GICC_PMR): every line in
 * group 1, including this CPU's banked SGIs and PPIs (GICD_IGROUPR0);
 * the Secure priority mask opened so the Non-secure one takes effect. */
static void el3_gic_init(void)
{
	volatile void *dist = (volatile void *)DT_GIC_DIST_BASE;
	volatile void *cpu = (volatile void *)DT_GIC_CPU_BASE;
	uint32_t lines = GICD_TYPER_LINES(mmio_read32(dist, GICD_TYPER));

	for (uint32_t n = 0; n < lines / 32; n++)
		mmio_write32(dist, GICD_IGROUPR(n), ~0u);
	mmio_write32(cpu, GICC_PMR, 0xff);
}

#elif defined(CONFIG_IRQCHIP_GICV3)
#define GICD_CTLR_ARE_S	   BIT(4) /* Secure view */
#define GICD_CTLR_ARE_NS   BIT(5)
#define GICD_CTLR_RWP	   BIT(31)
#define GICR_WAKER	   0x0014
#define GICR_WAKER_PSLEEP  BIT(1)
#define GICR_WAKER_CASLEEP BIT(2)
#define GICR_SGI_BASE	   0x10000
#define GICR_IGROUPR0	   (GICR_SGI_BASE + 0x0080)

/* GICv3 (IHI0069H 12.9.4 GICD_CTLR, 12.9.15 GICD_IGROUPR<n>, 12.11.43
 * GICR_WAKER, 12.10.10 GICR_IGROUPR0): affinity routing for both
 * security states, the SPIs and this CPU's SGIs and PPIs in Non-secure
 * group 1, and the CPU's redistributor awake. The boot CPU's
 * redistributor is the first frame. */
static void el3_gic_init(void)
{
	volatile void *dist = (volatile void *)DT_GIC_DIST_BASE;
	volatile void *rd = (volatile void *)DT_GIC_REDIST_BASE;
	uint32_t lines = GICD_TYPER_LINES(mmio_read32(dist, GICD_TYPER));

	mmio_write32(dist, GICD_CTLR, GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS);
	while (mmio_read32(dist, GICD_CTLR) & GICD_CTLR_RWP)
		;
	for (uint32_t n = 1; n < lines / 32; n++)
		mmio_write32(dist, GICD_IGROUPR(n), ~0u);
	mmio_write32(rd, GICR_WAKER,
		     mmio_read32(rd, GICR_WAKER) & ~GICR_WAKER_PSLEEP);
	while (mmio_read32(rd, GICR_WAKER) & GICR_WAKER_CASLEEP)
		;
	mmio_write32(rd, GICR_IGROUPR0, ~0u);
}

#else
/* No GIC (BCM2836 local controller): nothing is banked by security. */
static void el3_gic_init(void)
{
}
#endif

void el3_firmware_init(void);
void el3_firmware_init(void)
{
	el3_gic_init();
}
