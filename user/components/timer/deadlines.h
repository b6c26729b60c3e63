/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer service's table of clients and their deadlines: pure code,
 * tested on the host (tests/unit/test_timer_deadlines.c). A client is
 * known by the badge its calls arrive with; each has at most one
 * deadline, in counter ticks (CNTVCT_EL0), 0 meaning none.
 */
#ifndef USER_COMPONENTS_TIMER_DEADLINES_H
#define USER_COMPONENTS_TIMER_DEADLINES_H

#include <stdint.h>

#define TIMER_MAX_CLIENTS 16

struct timer_entry {
	uint64_t badge; /* 0: a free entry */
	uint64_t deadline;
};

struct deadlines {
	struct timer_entry e[TIMER_MAX_CLIENTS];
};

/* The entry of @badge (never 0), or -1. */
int deadlines_find(const struct deadlines *d, uint64_t badge);

/* The entry of @badge, a free one taken for it if it has none; -1 when
 * the table is full or @badge is 0. */
int deadlines_add(struct deadlines *d, uint64_t badge);

/* Forget entry @i. */
void deadlines_remove(struct deadlines *d, int i);

/* The earliest deadline set, 0 when none is. */
uint64_t deadlines_next(const struct deadlines *d);

/* Every deadline at or before @now is cleared; @fire(entry, ctx) is
 * called for each. Returns how many fired. */
unsigned int deadlines_expire(struct deadlines *d, uint64_t now,
			      void (*fire)(int entry, void *ctx), void *ctx);

#endif /* USER_COMPONENTS_TIMER_DEADLINES_H */
