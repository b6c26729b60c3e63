// SPDX-License-Identifier: BSD-2-Clause
/*
 * Arm PrimeCell PL011 UART from user space (PL011 Technical Reference
 * Manual, DDI0183G, chapter 3 "Programmers Model"; the kernel's console
 * driver drivers/serial/pl011.c uses the same registers for output only).
 *
 * The line settings (baud rate, 8N1, FIFO on or off) are left as the
 * firmware, QEMU or the kernel set them. Receiving raises two interrupts
 * (3.4): RXINTR, when the FIFO reaches its trigger level (or, with the
 * FIFO off, when the holding register fills), and RTINTR, when data has
 * sat in the FIFO for 32 bit periods; both are cleared by reading the data
 * out, or through UARTICR. The driver clears them first and then drains
 * the FIFO, so a byte that arrives in between raises them again instead
 * of being cleared unseen.
 */
#include <libdriver/uart.h>

#define UARTDR		0x000	/* 3.3.1 data register */
#define UARTFR		0x018	/* 3.3.3 flag register */
#define UARTCR		0x030	/* 3.3.8 control register */
#define UARTIMSC	0x038	/* 3.3.10 interrupt mask set/clear */
#define UARTICR		0x044	/* 3.3.14 interrupt clear */

#define DR_DATA		0xffu
#define FR_RXFE		(1u << 4)	/* receive FIFO empty */
#define FR_TXFF		(1u << 5)	/* transmit FIFO full */
#define CR_UARTEN	(1u << 0)
#define CR_TXE		(1u << 8)
#define CR_RXE		(1u << 9)
#define INT_RX		(1u << 4)	/* RXIM / RXIC: receive */
#define INT_RT		(1u << 6)	/* RTIM / RTIC: receive timeout */
#define INT_ALL		0x7ffu

static void pl011_start(struct uart *u)
{
	uart_write32(&u->regs, UARTIMSC, 0);
	uart_write32(&u->regs, UARTICR, INT_ALL);
	uart_write32(&u->regs, UARTCR, uart_read32(&u->regs, UARTCR) |
		     CR_UARTEN | CR_TXE | CR_RXE);
	uart_write32(&u->regs, UARTIMSC, INT_RX | INT_RT);
}

static void pl011_stop(struct uart *u)
{
	uart_write32(&u->regs, UARTIMSC, 0);
}

static void pl011_irq_clear(struct uart *u)
{
	uart_write32(&u->regs, UARTICR, INT_RX | INT_RT);
}

/* The error flags in UARTDR bits 8-11 are ignored: a byte with a framing
 * or parity error is still echoed. */
static int pl011_getc(struct uart *u)
{
	if (uart_read32(&u->regs, UARTFR) & FR_RXFE)
		return -1;
	return (int)(uart_read32(&u->regs, UARTDR) & DR_DATA);
}

static void pl011_putc(struct uart *u, char c)
{
	while (uart_read32(&u->regs, UARTFR) & FR_TXFF)
		;
	uart_write32(&u->regs, UARTDR, (uint8_t)c);
}

const struct uart_driver uart_pl011 = {
	.compatible = "arm,pl011",
	.name = "PL011",
	.start = pl011_start,
	.stop = pl011_stop,
	.irq_clear = pl011_irq_clear,
	.getc = pl011_getc,
	.putc = pl011_putc,
};
