// SPDX-License-Identifier: GPL-2.0-only
/*
 * The domain schedule (CONFIG_SCHED_DOMAINS): a fixed cycle of windows,
 * each giving one domain a number of ticks. Only the current domain's
 * threads are picked (kernel/sched_*.c); with domains off there is one
 * domain and one window that never ends.
 */
#include <kaal/sched.h>
#include <generated/domains.h>

static const struct {
	unsigned int domain, ticks;
} schedule[SCHED_DOMAIN_WINDOWS] = { SCHED_DOMAIN_SCHEDULE };

unsigned int sched_domain = schedule[0].domain;
static unsigned int window;
static unsigned int left = schedule[0].ticks;

bool domain_tick(void)
{
	if (SCHED_DOMAINS == 1 || --left)
		return false;
	window = (window + 1) % SCHED_DOMAIN_WINDOWS;
	sched_domain = schedule[window].domain;
	left = schedule[window].ticks;
	return true;
}
