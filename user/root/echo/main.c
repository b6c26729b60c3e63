// SPDX-License-Identifier: BSD-2-Clause
/*
 * The serial echo root task (CONFIG_ROOT_TASK_ECHO): a UART driver in
 * user space. The root thread finds the console UART in the devicetree,
 * maps its registers from device untyped memory, claims its interrupt
 * and binds it to a notification, starts the driver thread (echo.c) and
 * suspends itself. See Documentation/user-drivers.rst.
 */
#include <stdio.h>
#include <libkaal/console.h>
#include <libkaal/strerror.h>
#include <libkaal/thread.h>
#include <libdriver/devmem.h>
#include <libsys/error.h>
#include "echo.h"

static struct kaal_alloc alloc;
static struct devmem devmem;
static struct echo echo;
static struct kaal_thread driver;

/* Once the UART is mapped, printf writes to it directly. */
static void echo_console_write(const char *s, size_t len)
{
	uart_write(&echo.uart, s, len);
}

static int fail(const char *what, const char *why)
{
	printf("echo: %s: %s\n", what, why);
	return 1;
}

static int find_uart(const struct kaal_bootinfo *bi)
{
	struct dt dt;
	int err = dt_init(&dt, (const void *)bi->dtb_vaddr, bi->dtb_size);

	if (err)
		return fail("devicetree", sys_strerror(err));
	err = uart_find(&echo.uart, &dt);
	if (err)
		return fail("no usable PL011 or mini UART in the devicetree",
			    sys_strerror(err));
	if (echo.uart.irq == UART_NO_IRQ)
		return fail(dt_name(&dt, echo.uart.node), "no interrupt");
	return 0;
}

static int map_region(struct uart_region *r, const char *what)
{
	struct devmem_map_ret m = devmem_map(&devmem, r->paddr, r->size);

	if (m.error) {
		printf("echo: mapping the %s at 0x%lx: %s\n", what, r->paddr,
		       kaal_strerror(m.error));
		return 1;
	}
	r->base = m.vaddr;
	return 0;
}

static int map_uart(void)
{
	devmem_init(&devmem, &alloc);
	if (map_region(&echo.uart.regs, "UART"))
		return 1;
	return echo.uart.aux.size ? map_region(&echo.uart.aux, "AUX block") : 0;
}

/* The UART's interrupt, signalled on a new notification. */
static int take_irq(void)
{
	struct kaal_cap_ret slot = kaal_alloc_slot(&alloc), ntfn;
	enum kaal_error err = slot.error;

	if (!err)
		err = kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL,
					   (kaal_word_t)echo.uart.irq,
					   KAAL_CAP_INIT_CNODE, slot.cap,
					   KAAL_WORD_BITS);
	if (err)
		return fail("irq_handler_get", kaal_strerror(err));
	echo.irq_handler = slot.cap;
	ntfn = kaal_alloc_object(&alloc, KAAL_OBJ_NOTIFICATION, 0);
	if (ntfn.error)
		return fail("notification", kaal_strerror(ntfn.error));
	echo.ntfn = ntfn.cap;
	err = kaal_irq_handler_set_ntfn(echo.irq_handler, echo.ntfn);
	return err ? fail("irq_handler_set_ntfn", kaal_strerror(err)) : 0;
}

/* The driver thread runs just below the root thread, so it starts once
 * the root thread has printed the banner and suspended itself. */
static int start_driver(const struct kaal_bootinfo *bi)
{
	uint32_t max = bi->config.max_priority;
	enum kaal_error err = kaal_thread_create(&alloc, &driver, 0);

	if (!err)
		err = kaal_tcb_set_priority(driver.tcb, KAAL_CAP_INIT_TCB,
					    max ? max - 1 : 0);
	if (!err)
		err = kaal_thread_start(&driver, echo_driver,
					(kaal_word_t)&echo);
	return err ? fail("driver thread", kaal_strerror(err)) : 0;
}

int main(struct kaal_bootinfo *bi)
{
	kaal_alloc_init(&alloc, bi);
	if (find_uart(bi) || map_uart())
		return 1;
	uart_start(&echo.uart);
	kaal_console_set(echo_console_write);
	if (take_irq() || start_driver(bi))
		return 1;
	printf("echo: registers mapped at %p, interrupt %d bound to a "
	       "notification\n",
	       (void *)echo.uart.regs.base, echo.uart.irq);
	if (echo.uart.rx_irq_enable)
		printf("echo: receive interrupt enabled with IER 0x%x\n",
		       echo.uart.rx_irq_enable);
	printf("echo: %s at 0x%lx irq %d, type characters "
	       "(Ctrl-D or \"quit\" ends)\n",
	       echo.uart.drv->name, echo.uart.regs.paddr, echo.uart.irq);
	kaal_thread_suspend(KAAL_CAP_INIT_TCB);
	return fail("thread_suspend", "returned");
}
