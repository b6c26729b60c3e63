/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BCM2835 auxiliary peripherals' register map ("BCM2835 ARM Peripherals",
 * Broadcom 2012, chapter 2 "Auxiliaries"): the block's enable register,
 * from the brcm,bcm2835-aux node's base, and the mini UART's registers,
 * from the brcm,bcm2835-aux-uart node's base (the block's + 0x40). The one
 * copy, for the kernel's console driver (drivers/serial/bcm2835-aux.c),
 * the driver kit (user/lib/driver/bcm2835-aux.c) and the user-level
 * tests. Plain constants, for the kernel and user space (<hw/...>).
 */
#ifndef HW_BCM2835_AUX_H
#define HW_BCM2835_AUX_H

/* Auxiliary block (2.1.1). */
#define AUX_ENABLES    0x04
#define AUX_ENABLES_MU (1u << 0) /* mini UART enable */
#define AUX_MU_OFFSET  0x40	 /* the mini UART's registers */

/* Mini UART (2.2.2), from its own base. */
#define AUX_MU_IO   0x00 /* data, when DLAB is 0 */
#define AUX_MU_IER  0x04 /* interrupt enable */
#define AUX_MU_IIR  0x08 /* interrupt identify */
#define AUX_MU_LCR  0x0c /* line control */
#define AUX_MU_LSR  0x14 /* line status */
#define AUX_MU_CNTL 0x20 /* extra control */

/* IER: the data sheet's bit 1 (receive) and bit 0 (transmit) are
 * disputed, see user/lib/driver/bcm2835-aux.c; bits 3:2 are needed for
 * interrupts at all (errata). */
#define AUX_MU_IER_BIT0	       (1u << 0)
#define AUX_MU_IER_BIT1	       (1u << 1)
#define AUX_MU_IER_ERRATA      (3u << 2)
#define AUX_MU_IIR_NOT_PENDING (1u << 0) /* clear while one is pending */
#define AUX_MU_LCR_DLAB	       (1u << 7) /* 0/4 are the baud divisor */
#define AUX_MU_LSR_DATA_READY  (1u << 0) /* the receive FIFO holds a byte */
#define AUX_MU_LSR_TX_EMPTY    (1u << 5) /* the transmit FIFO has room */
#define AUX_MU_CNTL_RX_ENABLE  (1u << 0)
#define AUX_MU_CNTL_TX_ENABLE  (1u << 1)

#endif /* HW_BCM2835_AUX_H */
