// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm PrimeCell PL011 UART as the console (PL011 Technical Reference
 * Manual, DDI0183G, chapter 3 "Programmers Model").
 */
#include <kaal/console.h>
#include <kaal/mmio.h>
#include <generated/devicetree.h>

#define UARTDR		0x000	/* 3.3.1 data register */
#define UARTFR		0x018	/* 3.3.3 flag register */
#define UARTIMSC	0x038	/* 3.3.10 interrupt mask set/clear */
#define UARTICR		0x044	/* 3.3.14 interrupt clear */
#define UARTCR		0x030	/* 3.3.8 control register */

#define FR_RXFE		(1u << 4)	/* receive FIFO empty */
#define FR_TXFF		(1u << 5)	/* transmit FIFO full */
#define CR_UARTEN	(1u << 0)
#define CR_TXE		(1u << 8)
#define CR_RXE		(1u << 9)

static volatile void *pl011;

/* QEMU and the firmware leave the UART configured (115200 8N1); keep the
 * line settings, make sure it is on and quiet its interrupts. */
void console_init(void)
{
	pl011 = mmio_map(DT_CONSOLE_BASE);
	mmio_write32(pl011, UARTIMSC, 0);
	mmio_write32(pl011, UARTICR, 0x7ff);
	mmio_write32(pl011, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

void console_putc(char c)
{
	while (mmio_read32(pl011, UARTFR) & FR_TXFF)
		;
	mmio_write32(pl011, UARTDR, (uint8_t)c);
}

int console_getc(void)
{
	if (mmio_read32(pl011, UARTFR) & FR_RXFE)
		return -1;
	return (int)(mmio_read32(pl011, UARTDR) & 0xff);
}
