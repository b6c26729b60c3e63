/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run queue a node belongs to, for the IPC fast path, which does the
 * common case of sched_handoff() (partner of equal priority takes over the
 * running thread's place) inline. Each policy file defines its queues.
 */
#ifndef KERNEL_SCHED_QUEUE_H
#define KERNEL_SCHED_QUEUE_H

#include <generated/domains.h>
#include "sched_list.h"

/* The policy files say which they are (the host unit tests build both);
 * everyone else follows the configuration. */
#if defined(SCHED_POLICY_PRIO) || \
	(!defined(SCHED_POLICY_RR) && defined(CONFIG_SCHED_FIXED_PRIO))
#define SCHED_QUEUE_PRIO 1
struct runq {
	struct sched_fifo levels[SCHED_NR_PRIOS];
	uint64_t bitmap[SCHED_NR_PRIOS / 64];
	uint64_t top; /* bit w set: bitmap[w] != 0 */
};

extern struct runq sched_queues[SCHED_DOMAINS];

static __always_inline struct sched_fifo *
sched_queue_of(const struct sched_node *n)
{
	return &sched_queues[SCHED_DOMAINS == 1 ? 0 : n->domain].levels[n->prio];
}
#else
extern struct sched_fifo sched_runq[SCHED_DOMAINS];

static __always_inline struct sched_fifo *
sched_queue_of(const struct sched_node *n)
{
	return &sched_runq[SCHED_DOMAINS == 1 ? 0 : n->domain];
}
#endif

/* sched_handoff() when @to has @from's priority and domain and @from is
 * at the head of its level: @to simply takes its place. */
static __always_inline bool sched_handoff_in_place(struct sched_node *from,
						   struct sched_node *to)
{
	struct sched_fifo *q = sched_queue_of(from);

	if ((SCHED_DOMAINS > 1 && to->domain != from->domain) ||
	    q->head != from ||
	    (IS_ENABLED(SCHED_QUEUE_PRIO) && to->prio != from->prio))
		return false;
	fifo_replace(q, from, to);
	return true;
}

#endif /* KERNEL_SCHED_QUEUE_H */
