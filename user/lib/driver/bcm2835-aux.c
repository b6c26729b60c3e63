// SPDX-License-Identifier: BSD-2-Clause
/*
 * The BCM2835 auxiliary mini UART (UART1) from user space: Raspberry Pi 3
 * and 4, QEMU raspi3b's second serial port. References are to "BCM2835
 * ARM Peripherals" (Broadcom, 2012), chapter 2 "Auxiliaries", and its
 * errata (elinux.org "BCM2835 datasheet errata"); the kernel's console
 * driver drivers/serial/bcm2835-aux.c uses the same registers for output.
 *
 * The receive interrupt is level-triggered: asserted while the receive
 * FIFO holds a byte and the receive interrupt is enabled (2.2.2
 * AUX_MU_IER_REG), so draining the FIFO is all it takes to clear it. It
 * is the shared AUX interrupt, also raised by the two SPI masters.
 *
 * Which IER bit enables it is disputed. The data sheet says bit 1
 * (receive) and bit 0 (transmit); the errata, the 16550-style register
 * layout and Linux's 8250_bcm2835aux driver say bit 0 is receive, and
 * bits 3:2, "don't care" in the data sheet, must be set as well. QEMU's
 * model (hw/char/bcm2835_aux.c) followed the data sheet in its first
 * versions and follows the hardware now (7.2 does); either way its
 * transmit interrupt is raised for as long as it is enabled, because its
 * transmitter is always empty. So start() asks the device: with the
 * receive FIFO empty, bit 0 alone raises an interrupt only if it is the
 * transmit one.
 */
#include <libdriver/uart.h>
#include <hw/bcm2835-aux.h>

/* Registers (<hw/bcm2835-aux.h>): the auxiliary block's (2.1.1) from the
 * brcm,bcm2835-aux node, the mini UART's (2.2.2) from the
 * brcm,bcm2835-aux-uart node. */

/* Tries of the IER probe before the errata's answer is taken as given. */
#define IER_PROBE_TRIES 8

static int aux_probe(struct uart *u, const struct dt *dt)
{
	int node = dt_find_compatible(dt, u->drv->companion);
	struct dt_reg_ret reg;

	/* Without the node, trust the firmware to have enabled the UART. */
	if (node < 0)
		return DT_OK;
	reg = dt_reg(dt, node, 0);
	if (reg.error)
		return reg.error;
	u->aux.paddr = reg.addr;
	u->aux.size = reg.size;
	return DT_OK;
}

static bool aux_rx_ready(struct uart *u)
{
	return uart_read32(&u->regs, AUX_MU_LSR) & AUX_MU_LSR_DATA_READY;
}

/*
 * Which IER bits enable the receive interrupt (see the top of the file).
 * Bytes waiting in the FIFO would make bit 0 raise an interrupt either
 * way, so they are stashed first; if more keep arriving, the errata's
 * answer, which is the hardware's, wins.
 */
static uint32_t aux_probe_rx_enable(struct uart *u)
{
	for (int i = 0; i < IER_PROBE_TRIES; i++) {
		bool pending;

		while (aux_rx_ready(u) &&
		       uart_stash(u, uart_read32(&u->regs, AUX_MU_IO) & 0xff))
			;
		uart_write32(&u->regs, AUX_MU_IER,
			     AUX_MU_IER_BIT0 | AUX_MU_IER_ERRATA);
		pending = !(uart_read32(&u->regs, AUX_MU_IIR) &
			    AUX_MU_IIR_NOT_PENDING);
		uart_write32(&u->regs, AUX_MU_IER, 0);
		if (!aux_rx_ready(u))
			return (pending ? AUX_MU_IER_BIT1 : AUX_MU_IER_BIT0) |
			       AUX_MU_IER_ERRATA;
	}
	return AUX_MU_IER_BIT0 | AUX_MU_IER_ERRATA;
}

/* The interrupt line is still masked at the interrupt controller here
 * (until the first irq_handler_ack), so the probe's transmit interrupt,
 * if any, goes nowhere. */
static void aux_start(struct uart *u)
{
	if (u->aux.base) {
		uint32_t en = uart_read32(&u->aux, AUX_ENABLES);

		/* Read-modify-write: the SPI enables belong to others. */
		if (!(en & AUX_ENABLES_MU))
			uart_write32(&u->aux, AUX_ENABLES, en | AUX_ENABLES_MU);
	}
	uart_write32(&u->regs, AUX_MU_IER, 0);
	uart_write32(&u->regs, AUX_MU_LCR,
		     uart_read32(&u->regs, AUX_MU_LCR) & ~AUX_MU_LCR_DLAB);
	uart_write32(&u->regs, AUX_MU_CNTL,
		     AUX_MU_CNTL_RX_ENABLE | AUX_MU_CNTL_TX_ENABLE);
	u->rx_irq_enable = aux_probe_rx_enable(u);
	uart_write32(&u->regs, AUX_MU_IER, u->rx_irq_enable);
}

static void aux_stop(struct uart *u)
{
	uart_write32(&u->regs, AUX_MU_IER, 0);
}

/* Level-triggered on the FIFO: nothing to clear. */
static void aux_irq_clear(struct uart *u)
{
	(void)u;
}

static int aux_getc(struct uart *u)
{
	if (!aux_rx_ready(u))
		return -1;
	return (int)(uart_read32(&u->regs, AUX_MU_IO) & 0xff);
}

static void aux_putc(struct uart *u, char c)
{
	while (!(uart_read32(&u->regs, AUX_MU_LSR) & AUX_MU_LSR_TX_EMPTY))
		;
	uart_write32(&u->regs, AUX_MU_IO, (uint8_t)c);
}

const struct uart_driver uart_bcm2835_aux = {
	.compatible = "brcm,bcm2835-aux-uart",
	.name = "BCM2835 mini UART",
	.companion = "brcm,bcm2835-aux",
	.probe = aux_probe,
	.start = aux_start,
	.stop = aux_stop,
	.irq_clear = aux_irq_clear,
	.getc = aux_getc,
	.putc = aux_putc,
};
