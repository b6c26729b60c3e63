/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * User-space UART drivers: the Arm PL011 (pl011.c) and the BCM2835
 * auxiliary mini UART (bcm2835-aux.c), the device chosen at run time from
 * the devicetree. See Documentation/user-drivers.rst.
 *
 * Use: uart_find() names the device (registers, interrupt, companion
 * block); the caller maps uart.regs (and uart.aux when its size is not 0)
 * and stores the virtual addresses in .base, then calls uart_start(),
 * which turns the receive interrupt on at the device. Taking the
 * interrupt (irq_handler_get, a notification, irq_handler_ack) is the
 * caller's business: the library only touches registers. A program whose
 * registers come from elsewhere (the driver kit, <libdriver/kit.h>, gets
 * them from the capability broker) fills in struct uart itself: drv,
 * regs, aux (from the node compatible with drv->companion) and irq.
 */
#ifndef LIBDRIVER_UART_H
#define LIBDRIVER_UART_H

#include <stddef.h>
#include <stdint.h>
#include <libdriver/dt.h>

#define UART_NO_IRQ	(-1)
#define UART_STASH_SIZE 16

/* A register block: where the devicetree puts it, where it is mapped. */
struct uart_region {
	uint64_t paddr;
	uint64_t size;		/* 0: the device has no such block */
	volatile uint8_t *base; /* set by the caller after mapping */
};

struct uart;

/* One kind of UART. Everything but probe runs with the blocks mapped. */
struct uart_driver {
	const char *compatible; /* devicetree compatible string */
	const char *name;	/* for messages: "PL011" */
	/* The compatible string of a second register block the device
	 * needs (struct uart aux), or NULL. */
	const char *companion;
	/* Devicetree facts besides reg and interrupts; may be NULL. */
	int (*probe)(struct uart *u, const struct dt *dt);
	/* Transmitter and receiver on, receive interrupt enabled. */
	void (*start)(struct uart *u);
	/* Every interrupt of the device disabled. */
	void (*stop)(struct uart *u);
	/* Clear latched receive interrupts; called before draining. */
	void (*irq_clear)(struct uart *u);
	int (*getc)(struct uart *u); /* a byte, or -1 when none waits */
	void (*putc)(struct uart *u, char c); /* waits for room */
};

struct uart {
	const struct uart_driver *drv;
	int node;		 /* its devicetree node */
	struct uart_region regs; /* the UART's registers */
	struct uart_region aux;	 /* mini UART: the AUX block (enables) */
	int irq;		 /* kernel numbering, or UART_NO_IRQ */
	uint32_t rx_irq_enable;	 /* mini UART: receive-enable IER bits */
	/* Bytes a driver took out of the receive FIFO while starting; read
	 * back first by uart_getc(). */
	uint8_t stash[UART_STASH_SIZE];
	unsigned int stash_head, stash_len;
};

extern const struct uart_driver uart_pl011;
extern const struct uart_driver uart_bcm2835_aux;

/*
 * Find the UART: the node /chosen stdout-path names if a driver supports
 * it, else the first enabled node compatible with one of the drivers.
 * Fills in drv, node, regs, irq (and what the driver's probe adds); the
 * base addresses are left NULL. Returns DT_OK or an enum dt_error.
 */
int uart_find(struct uart *u, const struct dt *dt);

/* The node uart_find() would take, or -DT_E_NOT_FOUND; and the driver
 * for a node, or NULL. */
int uart_find_node(const struct dt *dt);
const struct uart_driver *uart_driver_for(const struct dt *dt, int node);

void uart_start(struct uart *u);
void uart_stop(struct uart *u);
void uart_irq_clear(struct uart *u);

/* The next received byte (stashed ones first), or -1. */
int uart_getc(struct uart *u);
void uart_putc(struct uart *u, char c);

/* Write @len bytes, each "\n" as "\r\n" (a console writer, see
 * <libkaal/console.h>). */
void uart_write(struct uart *u, const char *s, size_t len);

/* For drivers: keep a received byte for uart_getc(); false when full. */
int uart_stash(struct uart *u, uint8_t c);

/* 32-bit register access; the blocks are mapped as Device memory. */
static inline uint32_t uart_read32(const struct uart_region *r,
				   unsigned int off)
{
	return *(volatile uint32_t *)(r->base + off);
}

static inline void uart_write32(const struct uart_region *r, unsigned int off,
				uint32_t val)
{
	*(volatile uint32_t *)(r->base + off) = val;
}

#endif /* LIBDRIVER_UART_H */
