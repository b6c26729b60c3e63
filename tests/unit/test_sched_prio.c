// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/sched_prio.c: the highest non-empty of 256 levels runs first,
 * FIFO within a level, head insertion for preempted threads, and the
 * two-level bitmap right at the 64-bit word boundaries.
 */
#include <stdio.h>

#define SCHED_USES_PRIO 1
#include "sched_tests.h"

static unsigned int prio_is_index(int i)
{
	return (unsigned int)i % SCHED_NR_PRIOS;
}

TEST(policy_name)
{
	CHECK_EQ_STR("fixed-priority", sched_name());
}

TEST(priority_order)
{
	setup(prio_is_index);
	enqueue(10);
	enqueue(200);
	enqueue(50);
	CHECK_EQ_PTR(&threads[200].sched, sched_pick());
	enqueue(0);
	enqueue(255);
	CHECK_EQ_PTR(&threads[255].sched, sched_pick());
	EXPECT_ORDER(255, 200, 50, 10, 0);
	CHECK_NULL(sched_pick());
}

TEST(fifo_and_head_within_levels)
{
	setup(prio_is_index);
	/* Node i has priority i % 256: 5 and 261 share level 5, 6 and 262
	 * level 6. */
	enqueue(5);
	enqueue(261);
	enqueue(6);
	enqueue_head(262); /* level 6: 262 before 6 */
	EXPECT_ORDER(262, 6, 5, 261);
}

/* Only levels on either side of each bitmap word boundary queued. */
TEST(bitmap_word_boundaries)
{
	static const int pairs[][2] = { { 63, 64 }, { 127, 128 }, { 191, 192 },
					{ 0, 1 },   { 254, 255 }, { 0, 255 },
					{ 64, 191 } };

	for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
		setup(prio_is_index);
		enqueue(pairs[k][0]);
		enqueue(pairs[k][1]);
		EXPECT_ORDER(pairs[k][1], pairs[k][0]);
		CHECK_NULL(sched_pick());
	}
}

TEST(all_256_levels)
{
	int perm[SCHED_NR_PRIOS];

	setup(prio_is_index);
	for (int i = 0; i < SCHED_NR_PRIOS; i++)
		perm[i] = i;
	srand(7);
	for (int i = SCHED_NR_PRIOS - 1; i > 0; i--) {
		int j = rand() % (i + 1), t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (int i = 0; i < SCHED_NR_PRIOS; i++)
		enqueue(perm[i]);
	/* Strictly descending, every level once. */
	for (int l = SCHED_NR_PRIOS - 1; l >= 0; l--) {
		struct sched_node *n = sched_pick();

		if (!CHECK_EQ_INT(l, node_index(n)))
			return;
		CHECK_EQ_UINT(l, n->prio);
		dequeue(l);
	}
	CHECK_NULL(sched_pick());
	/* Emptying a level from the middle keeps the others. */
	for (int i = 0; i < SCHED_NR_PRIOS; i++)
		enqueue(i);
	for (int i = 0; i < SCHED_NR_PRIOS; i += 2)
		dequeue(i);
	CHECK_EQ_PTR(&threads[255].sched, sched_pick());
	drain_matches_model();
}

TEST(reset_empties_everything)
{
	setup(prio_is_index);
	for (int i = 0; i < SCHED_NR_PRIOS; i += 17)
		enqueue(i);
	sched_reset();
	CHECK_NULL(sched_pick());
}
