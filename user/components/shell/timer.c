// SPDX-License-Identifier: BSD-2-Clause
/*
 * The commands on the timer service (<libsys/timer.h>): sleep <ms>, which
 * waits through the service and says how long it slept by the counter,
 * and timer, the service's own counts. Ctrl-C ends a sleep early; the
 * shell looks for it every SLEEP_STEP_MS.
 */
#include <stdio.h>
#include <libkaal/counter.h>
#include <libsys/broker.h>
#include <libsys/timer.h>
#include "shell.h"

#define SLEEP_MAX_MS  3600000ul /* an hour */
#define SLEEP_STEP_MS 100ul

static struct timer_client tc;
static long tc_error = 1; /* timer_open's; 1: not tried yet */

/* The connection, or false after saying why there is none. */
static bool timer_ready(const char *cmd)
{
	if (tc_error > 0) {
		struct broker_ret n =
			broker_alloc_object(KAAL_OBJ_NOTIFICATION);

		tc_error = n.error ? n.error :
				     timer_open(&tc, shell.ci, n.mr[0]);
	}
	if (tc_error) {
		shell_error(cmd, "timer", tc_error);
		return false;
	}
	return shell_service_up(cmd, "timer");
}

struct timer_client *shell_timer(const char *cmd)
{
	return timer_ready(cmd) ? &tc : NULL;
}

static uint64_t ms_of(uint64_t ticks)
{
	return ticks * 1000 / counter_frequency();
}

void cmd_sleep(char *args)
{
	char *w = shell_word(&args);
	unsigned long ms = 0;
	uint64_t start, end, step = timer_ns_to_ticks(SLEEP_STEP_MS * 1000000);
	long err = 0;

	for (const char *p = w; p && *p; p++) {
		if (*p < '0' || *p > '9' || ms > SLEEP_MAX_MS) {
			ms = SLEEP_MAX_MS + 1;
			break;
		}
		ms = ms * 10 + (unsigned long)(*p - '0');
	}
	if (!w || !*w || ms > SLEEP_MAX_MS || *args) {
		printf("sleep: usage: sleep <milliseconds, at most %lu>\n",
		       SLEEP_MAX_MS);
		return;
	}
	if (!timer_ready("sleep"))
		return;
	start = counter_ticks();
	end = start + timer_ns_to_ticks((uint64_t)ms * 1000000);
	while (!err && counter_ticks() < end && !shell_interrupted()) {
		uint64_t now = counter_ticks();

		err = timer_sleep_until(&tc,
					end - now > step ? now + step : end);
	}
	if (err)
		shell_error("sleep", "timer", err);
	else if (counter_ticks() < end)
		printf("sleep: interrupted after %lu ms\n",
		       (unsigned long)ms_of(counter_ticks() - start));
	else
		printf("slept %lu ms\n",
		       (unsigned long)ms_of(counter_ticks() - start));
}

void cmd_timer(char *args)
{
	struct timer_info info;
	long err;

	(void)args;
	if (!timer_ready("timer"))
		return;
	err = timer_info(&tc, &info);
	if (err) {
		shell_error("timer", "info", err);
		return;
	}
	printf("timer: %lu clients, %lu deadlines set, %lu signals sent, "
	       "%lu Hz counter\n",
	       (unsigned long)info.clients, (unsigned long)info.armed,
	       (unsigned long)info.signals, (unsigned long)counter_frequency());
}

/* cpu: the time since boot and how much of it the kernel idled
 * (debug_idle: needs CONFIG_DEBUG_SYSCALLS). */
void cmd_cpu(char *args)
{
	struct kaal_word_ret idle = kaal_debug_idle();
	uint64_t now = counter_ticks();

	(void)args;
	if (idle.error) {
		shell_error("cpu", "debug_idle", -(long)idle.error);
		return;
	}
	printf("cpu: %lu ticks since boot, %lu idle, %lu busy (%lu.%lu%%)\n",
	       (unsigned long)now, (unsigned long)idle.value,
	       (unsigned long)(now - idle.value),
	       (unsigned long)((now - idle.value) * 100 / now),
	       (unsigned long)((now - idle.value) * 1000 / now % 10));
}
