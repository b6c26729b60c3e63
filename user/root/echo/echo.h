/* SPDX-License-Identifier: BSD-2-Clause */
/* The serial echo: the root thread sets it up (main.c), a driver thread
 * runs it (echo.c). */
#ifndef USER_ROOT_ECHO_ECHO_H
#define USER_ROOT_ECHO_ECHO_H

#include <libkaal/syscalls.h>
#include <libdriver/uart.h>

#define ECHO_LINE_MAX 16

/* Everything the driver thread needs; set up before it starts. */
struct echo {
	struct uart uart;
	kaal_cptr_t irq_handler; /* the UART's IRQHandler capability */
	kaal_cptr_t ntfn;	 /* the notification it signals */
	/* The line typed so far, to recognise "quit". */
	char line[ECHO_LINE_MAX];
	unsigned int line_len;
	char prev;
	unsigned long chars, interrupts;
};

/* The driver thread's body: echo until Ctrl-D or "quit", then power off
 * (kaal_thread_start argument: the struct echo). */
void echo_driver(kaal_word_t arg);

#endif /* USER_ROOT_ECHO_ECHO_H */
