// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host program: include/hw/irq_numbering.h for scripts/dts/gen_defines.py,
 * so that the interrupt numbering is implemented once.
 *
 *   irqnum "COMPATIBLE [COMPATIBLE...]" CELL...
 *       the KaaL number of the specifier CELL... of a controller with
 *       these compatible strings (the first with a numbering counts);
 *       exit 0. Exit 1 and "<scheme> <what it must be>" on stdout for a
 *       specifier that does not translate, exit 2 for a controller
 *       without a numbering.
 *   irqnum --bcm2836-lines
 *       IRQ_NUMBERING_BCM2836_LINES.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hw/irq_numbering.h>

int main(int argc, char **argv)
{
	enum irq_numbering_scheme s = IRQ_NUMBERING_NONE;
	uint32_t cells[8];
	unsigned int n = 0;
	long irq;

	if (argc == 2 && !strcmp(argv[1], "--bcm2836-lines")) {
		printf("%d\n", IRQ_NUMBERING_BCM2836_LINES);
		return 0;
	}
	if (argc < 2 || argc - 2 > 8) {
		fprintf(stderr, "usage: irqnum \"COMPATIBLE [...]\" CELL...\n");
		return 3;
	}
	for (char *c = strtok(argv[1], " "); c && !s; c = strtok(NULL, " "))
		s = irq_numbering_scheme(c);
	if (!s)
		return 2;
	for (int i = 2; i < argc; i++)
		cells[n++] = (uint32_t)strtoul(argv[i], NULL, 0);
	irq = irq_numbering_translate(s, cells, n);
	if (irq < 0) {
		printf("%s\n", irq_numbering_expects(s));
		return 1;
	}
	printf("%ld\n", irq);
	return 0;
}
