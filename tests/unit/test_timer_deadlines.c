// SPDX-License-Identifier: GPL-2.0-only
/*
 * The timer service's table of clients and deadlines
 * (user/components/timer/deadlines.c): one entry per badge, the earliest
 * deadline is the one the hardware is armed for, expiry fires each passed
 * deadline exactly once, a full table refuses, and badge 0 (which no
 * client has) is never an entry.
 */
#include <stdint.h>
#include <string.h>

#include "deadlines.h"
#include "ktest.h"

static int fired[TIMER_MAX_CLIENTS];

static void fire(int i, void *ctx)
{
	(*(int *)ctx)++;
	fired[i]++;
}

TEST(one_entry_per_badge_and_zero_is_nobody)
{
	struct deadlines d;

	memset(&d, 0, sizeof(d));
	CHECK_EQ_INT(-1, deadlines_find(&d, 5));
	CHECK_EQ_INT(-1, deadlines_add(&d, 0));
	CHECK_EQ_INT(-1, deadlines_find(&d, 0));
	int a = deadlines_add(&d, 5), b = deadlines_add(&d, 7);

	CHECK(a >= 0 && b >= 0 && a != b);
	CHECK_EQ_INT(a, deadlines_add(&d, 5));
	CHECK_EQ_INT(b, deadlines_find(&d, 7));
	deadlines_remove(&d, a);
	CHECK_EQ_INT(-1, deadlines_find(&d, 5));
	CHECK_EQ_INT(b, deadlines_find(&d, 7));
	deadlines_remove(&d, -1);
	deadlines_remove(&d, TIMER_MAX_CLIENTS);
	CHECK_EQ_INT(b, deadlines_find(&d, 7));
}

TEST(a_full_table_refuses_and_a_freed_entry_is_reused)
{
	struct deadlines d;
	int last = -1;

	memset(&d, 0, sizeof(d));
	for (uint64_t badge = 1; badge <= TIMER_MAX_CLIENTS; badge++)
		CHECK((last = deadlines_add(&d, badge)) >= 0);
	CHECK_EQ_INT(-1, deadlines_add(&d, 100));
	d.e[last].deadline = 9;
	deadlines_remove(&d, last);
	CHECK_EQ_INT(last, deadlines_add(&d, 100));
	CHECK_EQ_UINT(0, d.e[last].deadline); /* not the old client's */
}

TEST(the_earliest_set_deadline_is_next)
{
	struct deadlines d;

	memset(&d, 0, sizeof(d));
	CHECK_EQ_UINT(0, deadlines_next(&d));
	int a = deadlines_add(&d, 1), b = deadlines_add(&d, 2),
	    c = deadlines_add(&d, 3);

	CHECK_EQ_UINT(0, deadlines_next(&d)); /* none set */
	d.e[a].deadline = 300;
	d.e[b].deadline = 100;
	d.e[c].deadline = 0; /* cancelled: not a deadline at 0 */
	CHECK_EQ_UINT(100, deadlines_next(&d));
	deadlines_remove(&d, b);
	CHECK_EQ_UINT(300, deadlines_next(&d));
	/* A stale deadline in a free entry does not count. */
	d.e[b].deadline = 50;
	CHECK_EQ_UINT(300, deadlines_next(&d));
}

TEST(each_passed_deadline_fires_once)
{
	struct deadlines d;
	int n = 0;

	memset(&d, 0, sizeof(d));
	memset(fired, 0, sizeof(fired));
	int a = deadlines_add(&d, 1), b = deadlines_add(&d, 2),
	    c = deadlines_add(&d, 3);

	d.e[a].deadline = 100;
	d.e[b].deadline = 200;
	d.e[c].deadline = 0;
	CHECK_EQ_UINT(0, deadlines_expire(&d, 99, fire, &n));
	CHECK_EQ_UINT(1, deadlines_expire(&d, 100, fire, &n)); /* at: due */
	CHECK_EQ_INT(1, fired[a]);
	CHECK_EQ_UINT(200, deadlines_next(&d));
	CHECK_EQ_UINT(0, deadlines_expire(&d, 150, fire, &n));
	CHECK_EQ_UINT(1, deadlines_expire(&d, 1000, fire, &n));
	CHECK_EQ_UINT(0, deadlines_expire(&d, 2000, fire, &n));
	CHECK_EQ_INT(1, fired[a]);
	CHECK_EQ_INT(1, fired[b]);
	CHECK_EQ_INT(0, fired[c]);
	CHECK_EQ_INT(2, n);
	CHECK_EQ_UINT(0, deadlines_next(&d));
}
