// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ways a program ends: exit() (also reached by returning from main),
 * abort() and failed assertions.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <libkaal/exit.h>
#include <libkaal/syscalls.h>

static kaal_exit_fn *exit_handler;

kaal_exit_fn *kaal_exit_set_handler(kaal_exit_fn *fn)
{
	kaal_exit_fn *old = exit_handler;

	exit_handler = fn;
	return old;
}

void exit(int status)
{
	if (status)
		printf("exit(%d)\n", status);
	/* A program that is one of many (a component) reports to whoever
	 * started it instead of powering the machine off. */
	if (exit_handler)
		exit_handler(status);
	/* Without the debug system calls there is no way to power off:
	 * stop the root thread instead, and if even that is refused, give
	 * the CPU away for good. */
	kaal_debug_halt();
	kaal_thread_suspend(KAAL_CAP_INIT_TCB);
	for (;;)
		kaal_yield();
}

void abort(void)
{
	puts("abort()");
	exit(EXIT_FAILURE);
}

void __kaal_assert_fail(const char *expr, const char *file, int line,
			const char *func)
{
	printf("assertion failed: %s (%s:%d, %s)\n", expr, file, line, func);
	abort();
}
