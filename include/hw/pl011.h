/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Arm PrimeCell PL011 UART register map (PL011 Technical Reference
 * Manual, DDI0183G, chapter 3 "Programmers Model"): offsets from the
 * base of the device's register page and the bits KaaL uses. The one
 * copy, for the kernel's console driver (drivers/serial/pl011.c), the
 * driver kit (user/lib/driver/pl011.c) and the user-level tests and
 * benchmarks that poke the UART directly. Plain constants, no types: it
 * is included by both the kernel and user space (as <hw/pl011.h>).
 */
#ifndef HW_PL011_H
#define HW_PL011_H

#define PL011_DR   0x000 /* 3.3.1 data register */
#define PL011_FR   0x018 /* 3.3.3 flag register */
#define PL011_CR   0x030 /* 3.3.8 control register */
#define PL011_IMSC 0x038 /* 3.3.10 interrupt mask set/clear */
#define PL011_MIS  0x040 /* 3.3.12 masked interrupt status */
#define PL011_ICR  0x044 /* 3.3.14 interrupt clear */

#define PL011_DR_DATA	0xffu	  /* the received byte */
#define PL011_FR_RXFE	(1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF	(1u << 5) /* transmit FIFO full */
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE	(1u << 8)
#define PL011_CR_RXE	(1u << 9)

/* Bits of IMSC, MIS and ICR (3.3.10-3.3.14). */
#define PL011_INT_RX  (1u << 4) /* receive */
#define PL011_INT_TX  (1u << 5) /* transmit */
#define PL011_INT_RT  (1u << 6) /* receive timeout */
#define PL011_INT_ALL 0x7ffu

#endif /* HW_PL011_H */
