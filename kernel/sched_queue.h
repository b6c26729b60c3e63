/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What both policy files share: the queues' types (each policy file
 * defines its own) and the lazy node (kaal/sched.h): the running thread's,
 * when it is in the run queue without being linked into its list.
 */
#ifndef KERNEL_SCHED_QUEUE_H
#define KERNEL_SCHED_QUEUE_H

#include <generated/domains.h>
#include <kaal/tcb.h>
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
#else
extern struct sched_fifo sched_runq[SCHED_DOMAINS];
#endif

/* The domain whose threads may run now (a constant without domains). */
static __always_inline unsigned int sched_cur_domain(void)
{
	return SCHED_DOMAINS == 1 ? 0 : sched_domain;
}

/* The lazy node, or NULL: only the running thread's can be lazy. */
static __always_inline struct sched_node *sched_lazy_node(void)
{
	struct tcb *t = current;

	return t && unlikely(t->sched.queued == SCHED_LAZY) ? &t->sched : NULL;
}

#endif /* KERNEL_SCHED_QUEUE_H */
