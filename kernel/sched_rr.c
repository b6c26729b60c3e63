// SPDX-License-Identifier: GPL-2.0-only
/*
 * Round-robin scheduling: one FIFO of runnable threads; priorities are
 * kept in the nodes but do not change the order.
 */
#include "sched_list.h"

static struct sched_fifo runq;

void sched_enqueue(struct sched_node *n)
{
	if (!n->queued)
		fifo_push(&runq, n, false);
}

void sched_enqueue_head(struct sched_node *n)
{
	if (!n->queued)
		fifo_push(&runq, n, true);
}

void sched_dequeue(struct sched_node *n)
{
	if (n->queued)
		fifo_remove(&runq, n);
}

struct sched_node *sched_pick(void)
{
	return runq.head;
}

void sched_reset(void)
{
	runq.head = NULL;
}

const char *sched_name(void)
{
	return "round-robin";
}
