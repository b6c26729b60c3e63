// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixed-priority preemptive scheduling over 256 levels, FIFO within a
 * level. The next thread is found in constant time: a top word says which
 * of the four 64-bit words of the level bitmap are non-zero, and two
 * count-leading-zeros instructions give the highest non-empty level.
 */
#include "sched_list.h"

#define WORDS	(SCHED_NR_PRIOS / 64)

static struct sched_fifo levels[SCHED_NR_PRIOS];
static uint64_t bitmap[WORDS];
static uint64_t top;		/* bit w set: bitmap[w] != 0 */

static void mark(unsigned int prio)
{
	bitmap[prio / 64] |= 1ull << (prio % 64);
	top |= 1ull << (prio / 64);
}

static void unmark(unsigned int prio)
{
	bitmap[prio / 64] &= ~(1ull << (prio % 64));
	if (!bitmap[prio / 64])
		top &= ~(1ull << (prio / 64));
}

static void enqueue(struct sched_node *n, bool front)
{
	if (n->queued)
		return;
	fifo_push(&levels[n->prio], n, front);
	mark(n->prio);
}

void sched_enqueue(struct sched_node *n)
{
	enqueue(n, false);
}

void sched_enqueue_head(struct sched_node *n)
{
	enqueue(n, true);
}

void sched_dequeue(struct sched_node *n)
{
	if (n->queued && fifo_remove(&levels[n->prio], n))
		unmark(n->prio);
}

struct sched_node *sched_pick(void)
{
	unsigned int w;

	if (!top)
		return NULL;
	w = 63u - (unsigned int)__builtin_clzll(top);
	return levels[w * 64 + 63u - (unsigned int)__builtin_clzll(bitmap[w])].head;
}

void sched_reset(void)
{
	for (unsigned int i = 0; i < SCHED_NR_PRIOS; i++)
		levels[i].head = NULL;
	for (unsigned int i = 0; i < WORDS; i++)
		bitmap[i] = 0;
	top = 0;
}

const char *sched_name(void)
{
	return "fixed-priority";
}
