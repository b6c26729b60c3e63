// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm PrimeCell PL011 UART as the console (PL011 Technical Reference
 * Manual, DDI0183G, chapter 3 "Programmers Model").
 */
#include <kaal/console.h>
#include <kaal/mmio.h>
#include <hw/pl011.h>
#include <generated/devicetree.h>

static volatile void *pl011;

/* QEMU and the firmware leave the UART configured (115200 8N1); keep the
 * line settings, make sure it is on and quiet its interrupts. */
void console_init(void)
{
	pl011 = mmio_map(DT_CONSOLE_BASE);
	mmio_write32(pl011, PL011_IMSC, 0);
	mmio_write32(pl011, PL011_ICR, PL011_INT_ALL);
	mmio_write32(pl011, PL011_CR,
		     PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

void console_putc(char c)
{
	while (mmio_read32(pl011, PL011_FR) & PL011_FR_TXFF)
		;
	mmio_write32(pl011, PL011_DR, (uint8_t)c);
}

int console_getc(void)
{
	if (mmio_read32(pl011, PL011_FR) & PL011_FR_RXFE)
		return -1;
	return (int)(mmio_read32(pl011, PL011_DR) & 0xff);
}
