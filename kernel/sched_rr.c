// SPDX-License-Identifier: GPL-2.0-only
/*
 * Round-robin scheduling: one FIFO of runnable threads per domain;
 * priorities are kept in the nodes but do not change the order. The lazy
 * node (kaal/sched.h), in no list, counts as the head of its domain's.
 */
#define SCHED_POLICY_RR 1
#include "sched_queue.h"

struct sched_fifo sched_runq[SCHED_DOMAINS];

/* The FIFO of @n's domain. */
static struct sched_fifo *fifo_of(const struct sched_node *n)
{
	return &sched_runq[SCHED_DOMAINS == 1 ? 0 : n->domain];
}

/* @n goes to the front of its FIFO: the lazy node, its head, is linked
 * first, so that @n comes before it. */
static void push_front(struct sched_node *n)
{
	struct sched_node *l = sched_lazy_node();

	if (l && l != n && l->domain == n->domain)
		fifo_push(fifo_of(l), l, true);
	fifo_push(fifo_of(n), n, true);
}

void sched_enqueue(struct sched_node *n)
{
	if (!n->queued)
		fifo_push(fifo_of(n), n, false);
}

void sched_enqueue_head(struct sched_node *n)
{
	if (!n->queued)
		push_front(n);
}

void sched_dequeue(struct sched_node *n)
{
	if (n->queued == SCHED_LAZY)
		n->queued = SCHED_NOT_QUEUED;
	else if (n->queued)
		fifo_remove(fifo_of(n), n);
}

void sched_wake_after(const struct sched_node *from, struct sched_node *to)
{
	if (to->queued)
		return;
	if (to->domain == from->domain)
		push_front(to);
	else
		fifo_push(fifo_of(to), to, false);
}

/* Replacing @from in place gives the same queue as dequeueing it from the
 * head and putting @to at the head. A lazy @from is in no list: it just
 * leaves the queue. */
void sched_handoff(struct sched_node *from, struct sched_node *to)
{
	struct sched_fifo *q = fifo_of(from);

	if (from->queued == SCHED_LINKED && to->domain == from->domain &&
	    q->head == from) {
		fifo_replace(q, from, to);
		return;
	}
	sched_dequeue(from);
	sched_wake_after(from, to);
}

struct sched_node *sched_pick(void)
{
	struct sched_node *l = sched_lazy_node();

	if (l) {
		if (l->domain == sched_cur_domain())
			return l;
		fifo_push(fifo_of(l), l, true);
	}
	return sched_runq[sched_cur_domain()].head;
}

void sched_link_lazy(void)
{
	struct sched_node *l = sched_lazy_node();

	if (l)
		fifo_push(fifo_of(l), l, true);
}

bool sched_all_idle(void)
{
	if (sched_lazy_node())
		return false;
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
