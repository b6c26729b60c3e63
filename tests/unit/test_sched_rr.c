// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/sched_rr.c: one FIFO; priorities are stored but never change the
 * order.
 */
#include <stdio.h>

#define SCHED_USES_PRIO 0
#include "sched_tests.h"

static unsigned int prio_is_index(int i)
{
	return (unsigned int)i % SCHED_NR_PRIOS;
}

TEST(policy_name)
{
	CHECK_EQ_STR("round-robin", sched_name());
}

TEST(priorities_do_not_change_the_order)
{
	setup(prio_is_index);
	enqueue(10);
	enqueue(200);
	enqueue(50);
	enqueue_head(0);
	enqueue(255);
	EXPECT_ORDER(0, 10, 200, 50, 255);
	CHECK_EQ_UINT(200, threads[200].sched.prio);
}

TEST(all_256_priorities_in_fifo_order)
{
	setup(prio_is_index);
	for (int i = SCHED_NR_PRIOS - 1; i >= 0; i -= 3)
		enqueue(i);
	for (int i = 0; i < SCHED_NR_PRIOS; i += 3)
		enqueue(i);
	drain_matches_model();
}

TEST(reset_empties_everything)
{
	setup(prio_is_index);
	for (int i = 0; i < 40; i++)
		enqueue(i);
	sched_reset();
	CHECK_NULL(sched_pick());
}
