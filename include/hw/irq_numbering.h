/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KaaL's interrupt numbering: how a devicetree interrupt specifier of
 * each interrupt controller KaaL drives becomes the number the kernel's
 * IRQ control capability takes (kaal_irq_handler_get) and its drivers
 * use. The one implementation: the driver kit's devicetree reader
 * (user/lib/driver/dt.c) includes it, and scripts/dts/gen_defines.py runs
 * it through scripts/dts/irqnum.c (a host program) for the
 * DT_*_IRQ constants of include/generated/devicetree.h. The kernel's
 * interrupt-controller drivers (drivers/irqchip) implement the numbers
 * this produces; tests/unit/test_irq_numbering.c tests it.
 *
 * Pure C (stdint only), no kernel or library types: the kernel, user
 * space and host programs all include it (<hw/irq_numbering.h>).
 */
#ifndef HW_IRQ_NUMBERING_H
#define HW_IRQ_NUMBERING_H

#include <stdint.h>

enum irq_numbering_scheme {
	IRQ_NUMBERING_NONE = 0, /* no KaaL numbering */
	/* GIC v2/v3 (devicetree binding arm,gic): <type number flags>;
	 * SPI n (type 0) is INTID 32 + n, PPI n (type 1) INTID 16 + n. */
	IRQ_NUMBERING_GIC,
	/* BCM2836 per-core controller (brcm,bcm2836-l1-intc): <source
	 * flags>; its 32 sources come first, 0-31. */
	IRQ_NUMBERING_BCM2836_LOCAL,
	/* BCM2835/6 ARM controller (brcm,bcm2835-armctrl-ic): <bank n>;
	 * GPU IRQs 0-31 (bank 1) are 32-63, GPU IRQs 32-63 (bank 2) 64-95,
	 * the 8 ARM basic sources (bank 0) 96-103. */
	IRQ_NUMBERING_BCM2835_ARMCTRL,
};

/* Lines of the flat BCM2836/7 numbering (local, GPU banks, basic). */
#define IRQ_NUMBERING_BCM2836_LINES 104

/* irq_numbering_translate's errors. */
#define IRQ_NUMBERING_E_SHORT  (-1L) /* fewer cells than the scheme needs */
#define IRQ_NUMBERING_E_RANGE  (-2L) /* a type, bank or number out of range */
#define IRQ_NUMBERING_E_SCHEME (-3L) /* IRQ_NUMBERING_NONE */

static inline int irq_numbering_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* The scheme of a controller with this compatible string. */
static inline enum irq_numbering_scheme
irq_numbering_scheme(const char *compatible)
{
	static const struct {
		const char *compatible;
		enum irq_numbering_scheme scheme;
	} ctrls[] = {
		{ "arm,cortex-a15-gic", IRQ_NUMBERING_GIC },
		{ "arm,gic-400", IRQ_NUMBERING_GIC },
		{ "arm,gic-v3", IRQ_NUMBERING_GIC },
		{ "brcm,bcm2836-l1-intc", IRQ_NUMBERING_BCM2836_LOCAL },
		{ "brcm,bcm2836-armctrl-ic", IRQ_NUMBERING_BCM2835_ARMCTRL },
		{ "brcm,bcm2835-armctrl-ic", IRQ_NUMBERING_BCM2835_ARMCTRL },
	};

	for (unsigned int i = 0; i < sizeof(ctrls) / sizeof(ctrls[0]); i++)
		if (irq_numbering_streq(ctrls[i].compatible, compatible))
			return ctrls[i].scheme;
	return IRQ_NUMBERING_NONE;
}

/* What a specifier of the scheme must be, for messages. */
static inline const char *irq_numbering_expects(enum irq_numbering_scheme s)
{
	switch (s) {
	case IRQ_NUMBERING_GIC:
		return "an SPI (type 0, 0-987) or a PPI (type 1, 0-15)";
	case IRQ_NUMBERING_BCM2836_LOCAL:
		return "a local source 0-31";
	case IRQ_NUMBERING_BCM2835_ARMCTRL:
		return "<bank n> with bank 0 (n 0-7), 1 or 2 (n 0-31)";
	default:
		return "of a controller with a KaaL numbering";
	}
}

/* The KaaL number of the specifier of n cells (host byte order), or an
 * IRQ_NUMBERING_E_* error. */
static inline long irq_numbering_translate(enum irq_numbering_scheme s,
					   const uint32_t *cells,
					   unsigned int n)
{
	uint32_t a = n > 0 ? cells[0] : 0, b = n > 1 ? cells[1] : 0;

	switch (s) {
	case IRQ_NUMBERING_GIC:
		if (n < 2)
			return IRQ_NUMBERING_E_SHORT;
		if (a == 0 && b < 988) /* SPI: INTID 32..1019 */
			return 32 + (long)b;
		if (a == 1 && b < 16) /* PPI: INTID 16..31 */
			return 16 + (long)b;
		return IRQ_NUMBERING_E_RANGE;
	case IRQ_NUMBERING_BCM2836_LOCAL:
		if (n < 1)
			return IRQ_NUMBERING_E_SHORT;
		return a < 32 ? (long)a : IRQ_NUMBERING_E_RANGE;
	case IRQ_NUMBERING_BCM2835_ARMCTRL:
		if (n < 2)
			return IRQ_NUMBERING_E_SHORT;
		if (a == 0 && b < 8)
			return 96 + (long)b;
		if ((a == 1 || a == 2) && b < 32)
			return 32 * (long)a + (long)b;
		return IRQ_NUMBERING_E_RANGE;
	default:
		return IRQ_NUMBERING_E_SCHEME;
	}
}

#endif /* HW_IRQ_NUMBERING_H */
