// SPDX-License-Identifier: GPL-2.0-only
/*
 * include/hw/irq_numbering.h: devicetree interrupt specifiers to KaaL
 * interrupt numbers, the one implementation that the driver kit's
 * devicetree reader and scripts/dts/gen_defines.py (through
 * scripts/dts/irqnum.c) share. The boards' own numbers are checked too:
 * QEMU virt's PL011 is GIC SPI 1, the Raspberry Pi 3's mini UART GPU IRQ 29.
 */
#include <stdint.h>

#include <hw/irq_numbering.h>

#include "ktest.h"

static long xlate(const char *compatible, uint32_t a, uint32_t b,
		  unsigned int n)
{
	uint32_t cells[3] = { a, b, 4 };

	return irq_numbering_translate(irq_numbering_scheme(compatible), cells,
				       n);
}

TEST(schemes_by_compatible)
{
	CHECK_EQ_INT(IRQ_NUMBERING_GIC,
		     irq_numbering_scheme("arm,cortex-a15-gic"));
	CHECK_EQ_INT(IRQ_NUMBERING_GIC, irq_numbering_scheme("arm,gic-400"));
	CHECK_EQ_INT(IRQ_NUMBERING_GIC, irq_numbering_scheme("arm,gic-v3"));
	CHECK_EQ_INT(IRQ_NUMBERING_BCM2836_LOCAL,
		     irq_numbering_scheme("brcm,bcm2836-l1-intc"));
	CHECK_EQ_INT(IRQ_NUMBERING_BCM2835_ARMCTRL,
		     irq_numbering_scheme("brcm,bcm2835-armctrl-ic"));
	CHECK_EQ_INT(IRQ_NUMBERING_BCM2835_ARMCTRL,
		     irq_numbering_scheme("brcm,bcm2836-armctrl-ic"));
	CHECK_EQ_INT(IRQ_NUMBERING_NONE, irq_numbering_scheme("arm,gic"));
	CHECK_EQ_INT(IRQ_NUMBERING_NONE, irq_numbering_scheme(""));
	CHECK_EQ_INT(IRQ_NUMBERING_E_SCHEME,
		     irq_numbering_translate(IRQ_NUMBERING_NONE, NULL, 0));
}

TEST(gic_spi_and_ppi)
{
	CHECK_EQ_INT(33, xlate("arm,cortex-a15-gic", 0, 1, 3)); /* virt UART */
	CHECK_EQ_INT(32, xlate("arm,gic-v3", 0, 0, 3));
	CHECK_EQ_INT(1019, xlate("arm,gic-v3", 0, 987, 3));
	CHECK_EQ_INT(IRQ_NUMBERING_E_RANGE, xlate("arm,gic-v3", 0, 988, 3));
	CHECK_EQ_INT(27, xlate("arm,gic-400", 1, 11, 3)); /* virt timer */
	CHECK_EQ_INT(16, xlate("arm,gic-400", 1, 0, 3));
	CHECK_EQ_INT(31, xlate("arm,gic-400", 1, 15, 3));
	CHECK_EQ_INT(IRQ_NUMBERING_E_RANGE, xlate("arm,gic-400", 1, 16, 3));
	CHECK_EQ_INT(IRQ_NUMBERING_E_RANGE, xlate("arm,gic-400", 2, 0, 3));
	CHECK_EQ_INT(IRQ_NUMBERING_E_SHORT, xlate("arm,gic-400", 0, 1, 1));
}

TEST(bcm2836_local)
{
	CHECK_EQ_INT(3, xlate("brcm,bcm2836-l1-intc", 3, 4, 2)); /* timer */
	CHECK_EQ_INT(31, xlate("brcm,bcm2836-l1-intc", 31, 0, 1));
	CHECK_EQ_INT(IRQ_NUMBERING_E_RANGE,
		     xlate("brcm,bcm2836-l1-intc", 32, 0, 1));
	CHECK_EQ_INT(IRQ_NUMBERING_E_SHORT,
		     xlate("brcm,bcm2836-l1-intc", 0, 0, 0));
}

TEST(bcm2835_armctrl_banks)
{
	const char *c = "brcm,bcm2836-armctrl-ic";

	CHECK_EQ_INT(61, xlate(c, 1, 29, 2)); /* rpi3 mini UART */
	CHECK_EQ_INT(32, xlate(c, 1, 0, 2));
	CHECK_EQ_INT(64, xlate(c, 2, 0, 2));
	CHECK_EQ_INT(95, xlate(c, 2, 31, 2));
	CHECK_EQ_INT(96, xlate(c, 0, 0, 2));
	CHECK_EQ_INT(103, xlate(c, 0, 7, 2));
	CHECK_EQ_INT(IRQ_NUMBERING_BCM2836_LINES, 103 + 1);
	CHECK_EQ_INT(IRQ_NUMBERING_E_RANGE, xlate(c, 0, 8, 2));
	CHECK_EQ_INT(IRQ_NUMBERING_E_RANGE, xlate(c, 1, 32, 2));
	CHECK_EQ_INT(IRQ_NUMBERING_E_RANGE, xlate(c, 3, 0, 2));
	CHECK_EQ_INT(IRQ_NUMBERING_E_SHORT, xlate(c, 1, 0, 1));
}

TEST(every_number_once)
{
	/* Within each scheme no two specifiers share a number. */
	static uint8_t seen[1024];
	long irq;

	for (uint32_t type = 0; type < 3; type++)
		for (uint32_t n = 0; n < 1000; n++)
			if ((irq = xlate("arm,gic-v3", type, n, 3)) >= 0)
				CHECK_EQ_INT(1, ++seen[irq]);
	for (unsigned int i = 0; i < 1024; i++)
		seen[i] = 0;
	for (uint32_t bank = 0; bank < 4; bank++)
		for (uint32_t n = 0; n < 40; n++)
			if ((irq = xlate("brcm,bcm2835-armctrl-ic", bank, n,
					 2)) >= 0)
				CHECK_EQ_INT(1, ++seen[irq]);
	for (uint32_t n = 0; n < 32; n++)
		CHECK_EQ_INT(0, seen[n]); /* the local sources' */
}
