// SPDX-License-Identifier: GPL-2.0-only
/*
 * The BCM2835 auxiliary mini UART (UART1) as the console: Raspberry Pi 3
 * and 4 on GPIO 14/15, QEMU raspi3b's second serial port. References are
 * to "BCM2835 ARM Peripherals" (Broadcom, 2012), chapter 2 "Auxiliaries";
 * the BCM2711 has the same block (BCM2711 ARM Peripherals, chapter 2).
 *
 * Linked into the loader as well as the kernel: it uses nothing but
 * mmio_map() and the MMIO accessors.
 */
#include <kaal/console.h>
#include <kaal/mmio.h>
#include <hw/bcm2835-aux.h>
#include <kaal/types.h>
#include <generated/devicetree.h>

#ifndef DT_AUX_BASE
#error "the mini UART console needs the devicetree's brcm,bcm2835-aux node (AUX_ENABLES)"
#endif

/* Registers (<hw/bcm2835-aux.h>): the auxiliary block's from DT_AUX_BASE
 * (2.1.1), the mini UART's from DT_CONSOLE_BASE = AUX base + 0x40 (2.2.2). */

static volatile void *aux_mu;

/*
 * Turn the block's mini UART enable on (its registers are not even
 * accessible without it, 2.1.1), keep the baud rate the firmware or QEMU
 * programmed and make sure the transmitter and receiver run without flow
 * control and without interrupts. AUX_ENABLES is read-modify-written: the
 * SPI1/SPI2 enables next to ours belong to others.
 */
void console_init(void)
{
	volatile void *aux = mmio_map(DT_AUX_BASE);
	uint32_t en = mmio_read32(aux, AUX_ENABLES);

	if (!(en & AUX_ENABLES_MU))
		mmio_write32(aux, AUX_ENABLES, en | AUX_ENABLES_MU);
	aux_mu = mmio_map(DT_CONSOLE_BASE);
	mmio_write32(aux_mu, AUX_MU_IER, 0);
	mmio_write32(aux_mu, AUX_MU_LCR,
		     mmio_read32(aux_mu, AUX_MU_LCR) &
			     ~(uint32_t)AUX_MU_LCR_DLAB);
	mmio_write32(aux_mu, AUX_MU_CNTL,
		     AUX_MU_CNTL_RX_ENABLE | AUX_MU_CNTL_TX_ENABLE);
}

void console_putc(char c)
{
	while (!(mmio_read32(aux_mu, AUX_MU_LSR) & AUX_MU_LSR_TX_EMPTY))
		;
	mmio_write32(aux_mu, AUX_MU_IO, (uint8_t)c);
}

int console_getc(void)
{
	if (!(mmio_read32(aux_mu, AUX_MU_LSR) & AUX_MU_LSR_DATA_READY))
		return -1;
	return (int)(mmio_read32(aux_mu, AUX_MU_IO) & 0xff);
}
