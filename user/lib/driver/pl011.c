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
#include <hw/pl011.h>

static void pl011_start(struct uart *u)
{
	uart_write32(&u->regs, PL011_IMSC, 0);
	uart_write32(&u->regs, PL011_ICR, PL011_INT_ALL);
	uart_write32(&u->regs, PL011_CR,
		     uart_read32(&u->regs, PL011_CR) | PL011_CR_UARTEN |
			     PL011_CR_TXE | PL011_CR_RXE);
	uart_write32(&u->regs, PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
}

static void pl011_stop(struct uart *u)
{
	uart_write32(&u->regs, PL011_IMSC, 0);
}

static void pl011_irq_clear(struct uart *u)
{
	uart_write32(&u->regs, PL011_ICR, PL011_INT_RX | PL011_INT_RT);
}

/* The error flags in UARTDR bits 8-11 are ignored: a byte with a framing
 * or parity error is still echoed. */
static int pl011_getc(struct uart *u)
{
	if (uart_read32(&u->regs, PL011_FR) & PL011_FR_RXFE)
		return -1;
	return (int)(uart_read32(&u->regs, PL011_DR) & PL011_DR_DATA);
}

static void pl011_putc(struct uart *u, char c)
{
	while (uart_read32(&u->regs, PL011_FR) & PL011_FR_TXFF)
		;
	uart_write32(&u->regs, PL011_DR, (uint8_t)c);
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
