// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ways a program ends, below picolibc: its exit() (also reached by
 * returning from main) runs the atexit() handlers and calls _exit();
 * abort() and failed assertions (picolibc's __assert_func prints the
 * message, then calls abort()) come here too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <libkaal/exit.h>
#include <libkaal/syscalls.h>

static kaal_exit_fn *exit_handler;

kaal_exit_fn *kaal_exit_set_handler(kaal_exit_fn *fn)
{
	kaal_exit_fn *old = exit_handler;

	exit_handler = fn;
	return old;
}

void _exit(int status)
{
	if (status)
		printf("exit(%d)\n", status);
	fflush(stdout);
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

/* picolibc's abort() raises SIGABRT, which needs signals (kill,
 * getpid) that KaaL programs do not have: this one says so and ends. */
void abort(void)
{
	puts("abort()");
	_exit(EXIT_FAILURE);
}

/*
 * Debian's libfdt.a, which user programs link (the driver kit's
 * devicetree reader), is built with the stack protector; our own code is
 * not. Weak, so that a C library bringing its own takes precedence.
 */
__attribute__((weak)) uintptr_t __stack_chk_guard = 0x5e1f8a2b3c4d7061ul;
__attribute__((weak, noreturn)) void __stack_chk_fail(void);
__attribute__((weak, noreturn)) void __stack_chk_fail(void)
{
	puts("stack smashing detected");
	abort();
}
