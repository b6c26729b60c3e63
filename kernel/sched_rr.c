// SPDX-License-Identifier: GPL-2.0-only
/*
 * Round-robin scheduling: one FIFO of runnable threads per domain;
 * priorities are kept in the nodes but do not change the order. The lazy
 * node (kaal/sched.h), in no list, counts as the head of its domain's.
 */
#define SCHED_POLICY_RR 1
#include "sched_queue.h"

#if NR_CPUS > 1
struct sched_fifo sched_cpu_runq[NR_CPUS][SCHED_DOMAINS];
#else
struct sched_fifo sched_runq[SCHED_DOMAINS];
#endif

/* The FIFO of @n's domain, on @n's CPU. */
static struct sched_fifo *fifo_of(const struct sched_node *n)
{
	return &SCHED_RUNQ(sched_cpu(n))[SCHED_DOMAINS == 1 ? 0 : n->domain];
}

/* Into @n's FIFO; another CPU's is told. */
static void push(struct sched_node *n, bool front)
{
	fifo_push(fifo_of(n), n, front);
	if (sched_cpu(n) != this_cpu())
		sched_kick(n);
}

/* @n goes to the front of its FIFO: the lazy node, its head, is linked
 * first, so that @n comes before it. */
static void push_front(struct sched_node *n)
{
	struct sched_node *l = sched_lazy_node();

	if (l && l != n && l->domain == n->domain &&
	    sched_cpu(l) == sched_cpu(n))
		fifo_push(fifo_of(l), l, true);
	push(n, true);
}

void sched_enqueue(struct sched_node *n)
{
	if (!n->queued)
		push(n, false);
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
	if (to->domain == from->domain && sched_cpu(to) == sched_cpu(from))
		push_front(to);
	else
		push(to, false);
}

/* Replacing @from in place gives the same queue as dequeueing it from the
 * head and putting @to at the head. A lazy @from is in no list: it just
 * leaves the queue. */
void sched_handoff(struct sched_node *from, struct sched_node *to)
{
	struct sched_fifo *q = fifo_of(from);

	if (from->queued == SCHED_LINKED && to->domain == from->domain &&
	    sched_cpu(to) == sched_cpu(from) && q->head == from) {
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
		if (l->domain == sched_cur_domain() &&
		    sched_cpu(l) == this_cpu())
			return l;
		push(l, true);
	}
	return SCHED_RUNQ(this_cpu())[sched_cur_domain()].head;
}

void sched_link_node(struct sched_node *n)
{
	push(n, true);
}

void sched_link_lazy(void)
{
	struct sched_node *l = sched_lazy_node();

	if (l)
		push(l, true);
}

bool sched_all_idle(void)
{
	if (sched_any_lazy())
		return false;
	for (unsigned int c = 0; c < NR_CPUS; c++)
		for (unsigned int d = 0; d < SCHED_DOMAINS; d++)
			if (SCHED_RUNQ(c)[d].head)
				return false;
	return true;
}

void sched_reset(void)
{
	for (unsigned int c = 0; c < NR_CPUS; c++)
		for (unsigned int d = 0; d < SCHED_DOMAINS; d++)
			SCHED_RUNQ(c)[d].head = NULL;
}

const char *sched_name(void)
{
	return "round-robin";
}
