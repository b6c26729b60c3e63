// SPDX-License-Identifier: BSD-2-Clause
/*
 * The shell's commands on the timer service (sleep) and the network
 * service (net, ping): Documentation/shell.rst. Output formats are
 * matched by the tests: change them together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <libkaal/counter.h>
#include <libsys/error.h>
#include "shell.h"

/* A decimal number of at most 9 digits, or -1. */
static long small_number(const char *s)
{
	long n = 0;

	if (!s || !*s)
		return -1;
	for (int i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 9)
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return n;
}

static bool timer_up(const char *cmd)
{
	if (shell.timer_error) {
		shell_error(cmd, "timer", shell.timer_error);
		return false;
	}
	return shell_service_up(cmd, "timer");
}

/* sleep <ms>: wait that long; Ctrl-C ends it early. */
void cmd_sleep(char *args)
{
	char *word = shell_word(&args);
	long ms = small_number(word), err = 0;
	uint64_t end;

	if (ms < 0 || shell_word(&args)) {
		printf("usage: sleep <ms> (0 to 999999999)\n");
		return;
	}
	if (!timer_up("sleep"))
		return;
	end = counter_ns() + (uint64_t)ms * 1000000;
	/* In steps of at most 100 ms, so Ctrl-C is seen soon. */
	while (!err && !shell_interrupted()) {
		uint64_t now = counter_ns();

		if (now >= end)
			break;
		err = timer_sleep_ns(&shell.timer,
				     end - now > 100000000 ? 100000000 :
							     end - now,
				     NULL);
	}
	if (err)
		shell_error("sleep", "timer", err);
}
