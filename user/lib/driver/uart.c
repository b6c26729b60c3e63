// SPDX-License-Identifier: BSD-2-Clause
/* Finding the UART in the devicetree, and the calls common to all (uart.h). */
#include <libdriver/uart.h>

static const struct uart_driver *const uart_drivers[] = {
	&uart_pl011,
	&uart_bcm2835_aux,
};

#define NR_DRIVERS (sizeof(uart_drivers) / sizeof(uart_drivers[0]))

const struct uart_driver *uart_driver_for(const struct dt *dt, int node)
{
	for (unsigned int i = 0; i < NR_DRIVERS; i++)
		if (dt_is_compatible(dt, node, uart_drivers[i]->compatible))
			return uart_drivers[i];
	return NULL;
}

/* The console named by /chosen, else any UART we can drive. */
int uart_find_node(const struct dt *dt)
{
	int node = dt_stdout(dt);

	if (node >= 0 && uart_driver_for(dt, node))
		return node;
	for (unsigned int i = 0; i < NR_DRIVERS; i++) {
		node = dt_find_compatible(dt, uart_drivers[i]->compatible);
		if (node >= 0)
			return node;
	}
	return -DT_E_NOT_FOUND;
}

int uart_find(struct uart *u, const struct dt *dt)
{
	int node = uart_find_node(dt);
	struct dt_reg_ret reg;
	struct dt_irq_ret irq;

	*u = (struct uart){ .irq = UART_NO_IRQ };
	if (node < 0)
		return -node;
	u->node = node;
	u->drv = uart_driver_for(dt, node);
	reg = dt_reg(dt, node, 0);
	if (reg.error)
		return reg.error;
	u->regs.paddr = reg.addr;
	u->regs.size = reg.size;
	irq = dt_irq(dt, node, 0);
	if (irq.error && irq.error != -DT_E_NOT_FOUND)
		return irq.error;
	if (!irq.error)
		u->irq = (int)irq.irq;
	return u->drv->probe ? u->drv->probe(u, dt) : DT_OK;
}

void uart_start(struct uart *u)
{
	u->drv->start(u);
}

void uart_stop(struct uart *u)
{
	u->drv->stop(u);
}

void uart_irq_clear(struct uart *u)
{
	u->drv->irq_clear(u);
}

int uart_stash(struct uart *u, uint8_t c)
{
	if (u->stash_len == UART_STASH_SIZE)
		return 0;
	u->stash[(u->stash_head + u->stash_len++) % UART_STASH_SIZE] = c;
	return 1;
}

int uart_getc(struct uart *u)
{
	uint8_t c;

	if (!u->stash_len)
		return u->drv->getc(u);
	c = u->stash[u->stash_head];
	u->stash_head = (u->stash_head + 1) % UART_STASH_SIZE;
	u->stash_len--;
	return c;
}

void uart_putc(struct uart *u, char c)
{
	u->drv->putc(u, c);
}

void uart_write(struct uart *u, const char *s, size_t len)
{
	while (len--) {
		if (*s == '\n')
			u->drv->putc(u, '\r');
		u->drv->putc(u, *s++);
	}
}
