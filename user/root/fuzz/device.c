// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fuzzer's two devices, found in the devicetree and mapped from
 * device untyped memory:
 *
 *  - the console UART (PrimeCell UART PL011 TRM, DDI0183, 3.3), written
 *    directly: the fuzzer's output then costs no system calls (a debug
 *    kernel checks its invariants after each one, putchar included), and
 *    a trace line costs the same instructions whether it goes to the
 *    UART or, when not tracing, to a word of RAM (fz_emit);
 *  - a PL031 real-time clock (PrimeCell RTC PL031 TRM, DDI0224, 3.3),
 *    whose alarm interrupt the fuzzed IRQ handlers deliver: it is raised
 *    by writing the match register with the current count (QEMU raises
 *    it at once when they are equal) and cleared through the interrupt
 *    clear register. Nothing else uses the RTC, and unlike the UART it
 *    prints nothing while it interrupts.
 */
#include <stdio.h>
#include <hw/pl011.h>
#include <libdriver/devmem.h>
#include <libdriver/dt.h>
#include <libkaal/console.h>
#include "fuzz.h"

#define RTCDR	0x00 /* data (count, seconds) */
#define RTCMR	0x04 /* match */
#define RTCIMSC 0x10 /* interrupt mask set/clear */
#define RTCICR	0x1c /* interrupt clear */
#define RTC_AI	1u   /* the alarm (match) interrupt */

static struct devmem devmem;
/* Stands in for the UART's registers when a line is not to be seen. */
static volatile uint32_t uart_sink[PL011_FR / 4 + 1];

void fz_emit(int visible, const char *s, size_t len)
{
	uintptr_t m = -(uintptr_t)(visible && fz.uart);
	volatile uint32_t *r =
		(volatile uint32_t *)(((uintptr_t)fz.uart & m) |
				      ((uintptr_t)uart_sink & ~m));

	for (size_t i = 0; i < len; i++) {
		while (r[PL011_FR / 4] & PL011_FR_TXFF)
			;
		r[PL011_DR / 4] = (uint8_t)s[i];
	}
}

/* printf's writer once the UART is mapped: "\n" becomes "\r\n", as the
 * kernel's debug_putchar does it. */
static void uart_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			fz_emit(1, "\r", 1);
		fz_emit(1, &s[i], 1);
	}
}

static volatile uint32_t *map_node(const struct dt *dt, int node)
{
	struct dt_reg_ret reg;
	struct devmem_map_ret m;

	if (node < 0)
		return NULL;
	reg = dt_reg(dt, node, 0);
	if (reg.error)
		return NULL;
	m = devmem_map(&devmem, reg.addr, reg.size);
	return m.error ? NULL : (volatile uint32_t *)m.vaddr;
}

static int is_pl011(const struct dt *dt, int node)
{
	return node >= 0 && dt_is_compatible(dt, node, "arm,pl011");
}

void fz_devices_init(void)
{
	const struct kaal_bootinfo *bi = fz.bi;
	struct dt dt;
	int uart, rtc, timer;
	struct dt_irq_ret irq;

	devmem_init(&devmem, &fz.alloc);
	if (dt_init(&dt, (const void *)bi->dtb_vaddr, bi->dtb_size))
		return;
	uart = dt_stdout(&dt);
	if (is_pl011(&dt, uart) && (fz.uart = map_node(&dt, uart)))
		kaal_console_set(uart_write);
	rtc = dt_find_compatible(&dt, "arm,pl031");
	irq = rtc >= 0 ? dt_irq(&dt, rtc, 0) : (struct dt_irq_ret){ 1, 0 };
	if (!irq.error && (fz.rtc = map_node(&dt, rtc)))
		fz.rtc_irq = irq.irq;
	else
		printf("fuzz: no PL031 RTC: interrupts are not raised\n");
	/* The user timer (irq_handler_set_deadline): the non-secure
	 * physical timer, the second of the timer node's lines. */
	timer = dt_find_compatible(&dt, "arm,armv8-timer");
	if (timer < 0)
		timer = dt_find_compatible(&dt, "arm,armv7-timer");
	irq = timer >= 0 ? dt_irq(&dt, timer, 1) : (struct dt_irq_ret){ 1, 0 };
	if (!irq.error)
		fz.timer_irq = irq.irq;
}

void fz_rtc_poke(int raise)
{
	if (!fz.rtc)
		return;
	if (raise) {
		fz.rtc[RTCIMSC / 4] = RTC_AI;
		fz.rtc[RTCMR / 4] = fz.rtc[RTCDR / 4];
	} else {
		fz.rtc[RTCIMSC / 4] = 0;
		fz.rtc[RTCICR / 4] = RTC_AI;
	}
}
