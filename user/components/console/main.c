// SPDX-License-Identifier: BSD-2-Clause
/*
 * The console component: the UART driver of the system, built on the
 * driver kit (Documentation/user-drivers.rst, "The driver kit").
 *
 * Output: every component with a "console" client resource prints with
 * CONSOLE_WRITE (<libsys/console.h>) on our "console" endpoint; the bytes
 * go to the UART as they come, "\n" as "\r\n". Input: each receive
 * interrupt drains the UART into the "console.rx" ring, one slot per
 * burst, and signals its consumer (the shell). A full ring drops what
 * does not fit: the UART cannot wait for a slow reader, its receive FIFO
 * holds a few bytes at most.
 *
 * The register-level code is libdriver's (libdriver/uart.h); which UART it
 * is comes from the devicetree: the one /chosen stdout-path names.
 */
#include <stdio.h>
#include <libkaal/console.h>
#include <libsys/console.h>
#include <libsys/ring.h>
#include <libdriver/kit.h>
#include <libdriver/uart.h>

static struct uart uart;

static struct ring rx;
static kaal_cptr_t rx_peer; /* the consumer's notification */
static bool rx_ok, rx_overflow;
static unsigned long rx_dropped;

static const struct kit_match console_match[] = {
	{ "arm,pl011", &uart_pl011 },
	{ "brcm,bcm2835-aux-uart", &uart_bcm2835_aux },
	{ NULL, NULL },
};

/* The console the devicetree names, not just any UART: on a Raspberry Pi
 * the PL011 drives Bluetooth. */
static int console_select(struct kit *k)
{
	return uart_find_node(&k->dt);
}

/* Our own printf goes straight to the UART. */
static void console_uart_write(const char *s, size_t len)
{
	uart_write(&uart, s, len);
}

/* The mini UART's enable bit lives in the AUX block next to it. */
static void console_companion(struct kit *k)
{
	struct broker_device aux;
	long err = kit_claim(k, uart.drv->companion, -1, &aux);

	if (err) {
		printf("console: %s: %s; relying on the firmware's setup\n",
		       uart.drv->companion, sys_strerror(err));
		return;
	}
	uart.aux = (struct uart_region){ aux.paddr, aux.size, aux.regs };
}

static int console_start(struct kit *k)
{
	const struct sys_resource *r;

	uart.drv = k->match->data;
	uart.node = k->dev.node;
	uart.regs =
		(struct uart_region){ k->dev.paddr, k->dev.size, k->dev.regs };
	uart.irq = k->dev.irq == BROKER_NO_IRQ ? UART_NO_IRQ : (int)k->dev.irq;
	if (uart.drv->companion)
		console_companion(k);
	uart_start(&uart);
	kaal_console_set(console_uart_write);

	r = sys_resource(k->ci, "console.rx", SYS_RES_RING);
	rx_ok = r && ring_attach(&rx, (void *)r->vaddr, r->size) == RING_OK;
	if (rx_ok)
		rx_peer = r->cap;
	else
		printf("console: no \"console.rx\" ring: input is dropped\n");
	printf("console: %s at 0x%lx irq %d\n", uart.drv->name, uart.regs.paddr,
	       uart.irq);
	return 0;
}

/* One slot's worth; true when it went into the ring. */
static bool rx_push(const char *buf, uint32_t len)
{
	if (rx_ok && ring_push(&rx, buf, len) == RING_OK) {
		rx_overflow = false;
		return true;
	}
	rx_dropped += len;
	/* Once per overflow, not once per byte. */
	if (rx_ok && !rx_overflow)
		printf("console: input ring full, %lu bytes dropped so far\n",
		       rx_dropped);
	rx_overflow = true;
	return false;
}

/* Clear first, then drain: a byte that arrives in between interrupts
 * again instead of being cleared unseen. */
static void console_irq(struct kit *k)
{
	char buf[CONSOLE_RX_SLOT_SIZE - RING_SLOT_HDR];
	uint32_t max = sizeof(buf), n = 0;
	bool pushed = false;
	int c;

	(void)k;
	if (rx_ok && ring_payload(&rx) < max)
		max = ring_payload(&rx);
	uart_irq_clear(&uart);
	while ((c = uart_getc(&uart)) >= 0) {
		buf[n++] = (char)c;
		if (n == max) {
			pushed |= rx_push(buf, n);
			n = 0;
		}
	}
	if (n)
		pushed |= rx_push(buf, n);
	if (pushed)
		kaal_signal(rx_peer);
}

static long console_request(struct kit *k, const struct kit_request *rq,
			    struct kit_reply *rp)
{
	const char *s;

	(void)k;
	(void)rp;
	if (rq->label != CONSOLE_WRITE || !rq->len ||
	    rq->mr[0] > CONSOLE_WRITE_MAX)
		return -SYS_E_PROTOCOL;
	s = kit_request_data(rq, 1, rq->mr[0]);
	if (!s)
		return -SYS_E_PROTOCOL;
	uart_write(&uart, s, rq->mr[0]);
	return 0;
}

static const struct kit_driver console_driver = {
	.name = "console",
	.match = console_match,
	.select = console_select,
	.server = "console",
	.start = console_start,
	.irq = console_irq,
	.request = console_request,
};

int main(void *x0)
{
	return kit_run(&console_driver, sys_component_init(x0));
}
