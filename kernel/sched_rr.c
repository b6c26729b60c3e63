// SPDX-License-Identifier: GPL-2.0-only
/*
 * Round-robin scheduling: one FIFO of runnable threads per domain;
 * priorities are kept in the nodes but do not change the order.
 */
#define SCHED_POLICY_RR 1
#include "sched_queue.h"

struct sched_fifo sched_runq[SCHED_DOMAINS];

void sched_enqueue(struct sched_node *n)
{
	if (!n->queued)
		fifo_push(&sched_runq[n->domain], n, false);
}

void sched_enqueue_head(struct sched_node *n)
{
	if (!n->queued)
		fifo_push(&sched_runq[n->domain], n, true);
}

void sched_dequeue(struct sched_node *n)
{
	if (n->queued)
		fifo_remove(&sched_runq[n->domain], n);
}

void sched_wake_after(const struct sched_node *from, struct sched_node *to)
{
	if (!to->queued)
		fifo_push(&sched_runq[to->domain], to,
			  to->domain == from->domain);
}

/* Replacing @from in place gives the same queue as dequeueing it from the
 * head and putting @to at the head. */
void sched_handoff(struct sched_node *from, struct sched_node *to)
{
	struct sched_fifo *q = &sched_runq[from->domain];

	if (to->domain == from->domain && q->head == from) {
		fifo_replace(q, from, to);
		return;
	}
	sched_dequeue(from);
	sched_wake_after(from, to);
}

struct sched_node *sched_pick(void)
{
	return sched_runq[sched_domain].head;
}

bool sched_all_idle(void)
{
	for (unsigned int d = 0; d < SCHED_DOMAINS; d++)
		if (sched_runq[d].head)
			return false;
	return true;
}

void sched_reset(void)
{
	for (unsigned int d = 0; d < SCHED_DOMAINS; d++)
		sched_runq[d].head = NULL;
}

const char *sched_name(void)
{
	return "round-robin";
}
