// SPDX-License-Identifier: BSD-2-Clause
/*
 * The UART driver thread: wait for the receive interrupt on the
 * notification, drain the receive FIFO, echo every byte, acknowledge the
 * interrupt so the kernel unmasks the line, wait again.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/strerror.h>
#include "echo.h"

#define CTRL_D	  0x04
#define BACKSPACE 0x08
#define DEL	  0x7f

/* Enter: a new line on the terminal; true when the line was "quit". */
static bool end_line(struct echo *e)
{
	bool quit = e->line_len == 4 && !memcmp(e->line, "quit", 4);

	uart_write(&e->uart, "\n", 1);
	e->line_len = 0;
	return quit;
}

static void rub_out(struct echo *e)
{
	if (!e->line_len)
		return;
	e->line_len--;
	uart_write(&e->uart, "\b \b", 3);
}

/* Echo one received byte; true when the user asked to stop. Terminals
 * send "\r" for Enter, pipes "\n", some both: each ends a line once. */
static bool echo_char(struct echo *e, char c)
{
	char prev = e->prev;

	e->chars++;
	e->prev = c;
	if (c == CTRL_D)
		return true;
	if (c == '\n' && prev == '\r')
		return false;
	if (c == '\r' || c == '\n')
		return end_line(e);
	if (c == BACKSPACE || c == DEL) {
		rub_out(e);
		return false;
	}
	uart_putc(&e->uart, c);
	if (e->line_len < ECHO_LINE_MAX)
		e->line[e->line_len] = c;
	e->line_len++;
	return false;
}

/* Quiet the device and power off; @why: NULL when the user asked. */
static void echo_stop(struct echo *e, const char *why)
{
	uart_stop(&e->uart);
	if (e->line_len)
		uart_write(&e->uart, "\n", 1); /* Ctrl-D mid-line */
	printf("echo: %lu characters in %lu interrupts\n", e->chars,
	       e->interrupts);
	if (why)
		printf("echo: stopped: %s\n", why);
	else
		puts("echo: bye");
	kaal_debug_halt();
	/* Without the debug system calls: let the interrupt go. Once this
	 * thread ends, no thread can ever run again and the kernel powers
	 * off (CONFIG_POWEROFF_WHEN_DEAD). */
	kaal_cap_delete(KAAL_CAP_INIT_CNODE, e->irq_handler, KAAL_WORD_BITS);
}

/* Drain the receive FIFO; true when the user asked to stop. */
static bool echo_drain(struct echo *e)
{
	int c;

	uart_irq_clear(&e->uart);
	while ((c = uart_getc(&e->uart)) >= 0)
		if (echo_char(e, (char)c))
			return true;
	return false;
}

void echo_driver(kaal_word_t arg)
{
	struct echo *e = (struct echo *)arg;
	bool waiting = false;

	/* The first pass finds what arrived before the thread ran; its ack
	 * is the first unmask of the line. */
	while (!echo_drain(e)) {
		enum kaal_error err = kaal_irq_handler_ack(e->irq_handler);
		struct kaal_word_ret w;

		if (err) {
			echo_stop(e, kaal_strerror(err));
			return;
		}
		/* From here on every byte comes through the interrupt. */
		if (!waiting)
			printf("echo: driver thread waiting for interrupt %d\n",
			       e->uart.irq);
		waiting = true;
		w = kaal_wait(e->ntfn);
		if (w.error) {
			echo_stop(e, kaal_strerror(w.error));
			return;
		}
		e->interrupts++;
	}
	echo_stop(e, NULL);
}
