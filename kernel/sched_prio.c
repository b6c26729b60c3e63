// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixed-priority preemptive scheduling over 256 levels, FIFO within a
 * level. The next thread is found in constant time: a top word says which
 * of the four 64-bit words of the level bitmap are non-zero, and two
 * count-leading-zeros instructions give the highest non-empty level.
 */
#define SCHED_POLICY_PRIO 1
#include "sched_queue.h"

#define WORDS (SCHED_NR_PRIOS / 64)

/* One set of queues per domain (struct runq: sched_queue.h). */
struct runq sched_queues[SCHED_DOMAINS];

static void mark(struct runq *q, unsigned int prio)
{
	q->bitmap[prio / 64] |= 1ull << (prio % 64);
	q->top |= 1ull << (prio / 64);
}

static void unmark(struct runq *q, unsigned int prio)
{
	q->bitmap[prio / 64] &= ~(1ull << (prio % 64));
	if (!q->bitmap[prio / 64])
		q->top &= ~(1ull << (prio / 64));
}

static void enqueue(struct sched_node *n, bool front)
{
	struct runq *q = &sched_queues[n->domain];

	if (n->queued)
		return;
	fifo_push(&q->levels[n->prio], n, front);
	mark(q, n->prio);
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
	struct runq *q = &sched_queues[n->domain];

	if (n->queued && fifo_remove(&q->levels[n->prio], n))
		unmark(q, n->prio);
}

static bool takes_turn(const struct sched_node *from,
		       const struct sched_node *to)
{
	return to->domain == from->domain && to->prio >= from->prio;
}

void sched_wake_after(const struct sched_node *from, struct sched_node *to)
{
	enqueue(to, takes_turn(from, to));
}

/* Replacing @from in place gives the same queue as dequeueing it from the
 * head and putting @to at the head of the same level. */
void sched_handoff(struct sched_node *from, struct sched_node *to)
{
	struct sched_fifo *level =
		&sched_queues[from->domain].levels[from->prio];

	if (to->domain == from->domain && to->prio == from->prio &&
	    level->head == from) {
		fifo_replace(level, from, to);
		return;
	}
	sched_dequeue(from);
	sched_wake_after(from, to);
}

struct sched_node *sched_pick(void)
{
	const struct runq *q = &sched_queues[sched_domain];
	unsigned int w;

	if (!q->top)
		return NULL;
	w = 63u - (unsigned int)__builtin_clzll(q->top);
	return q->levels[w * 64 + 63u -
			 (unsigned int)__builtin_clzll(q->bitmap[w])]
		.head;
}

bool sched_all_idle(void)
{
	for (unsigned int d = 0; d < SCHED_DOMAINS; d++)
		if (sched_queues[d].top)
			return false;
	return true;
}

void sched_reset(void)
{
	for (unsigned int d = 0; d < SCHED_DOMAINS; d++)
		sched_queues[d] = (struct runq){ 0 };
}

const char *sched_name(void)
{
	return "fixed-priority";
}
