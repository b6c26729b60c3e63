// SPDX-License-Identifier: BSD-2-Clause
/*
 * The timer service's deadlines (deadlines.h). Sixteen clients at most:
 * a linear scan is cheaper than keeping a heap in order.
 */
#include "deadlines.h"

int deadlines_find(const struct deadlines *d, uint64_t badge)
{
	for (int i = 0; badge && i < TIMER_MAX_CLIENTS; i++)
		if (d->e[i].badge == badge)
			return i;
	return -1;
}

int deadlines_add(struct deadlines *d, uint64_t badge)
{
	int i = deadlines_find(d, badge);

	if (i >= 0 || !badge)
		return i;
	for (i = 0; i < TIMER_MAX_CLIENTS; i++) {
		if (!d->e[i].badge) {
			d->e[i].badge = badge;
			d->e[i].deadline = 0;
			return i;
		}
	}
	return -1;
}

void deadlines_remove(struct deadlines *d, int i)
{
	if (i >= 0 && i < TIMER_MAX_CLIENTS)
		d->e[i] = (struct timer_entry){ 0, 0 };
}

uint64_t deadlines_next(const struct deadlines *d)
{
	uint64_t next = 0;

	for (int i = 0; i < TIMER_MAX_CLIENTS; i++) {
		uint64_t t = d->e[i].badge ? d->e[i].deadline : 0;

		if (t && (!next || t < next))
			next = t;
	}
	return next;
}

unsigned int deadlines_expire(struct deadlines *d, uint64_t now,
			      void (*fire)(int entry, void *ctx), void *ctx)
{
	unsigned int n = 0;

	for (int i = 0; i < TIMER_MAX_CLIENTS; i++) {
		struct timer_entry *e = &d->e[i];

		if (!e->badge || !e->deadline || e->deadline > now)
			continue;
		e->deadline = 0;
		fire(i, ctx);
		n++;
	}
	return n;
}
