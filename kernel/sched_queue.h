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
#include <kaal/smp.h>
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

#if NR_CPUS > 1
extern struct runq sched_cpu_queues[NR_CPUS][SCHED_DOMAINS];
#define SCHED_QUEUES(cpu) (sched_cpu_queues[cpu])
#else
extern struct runq sched_queues[SCHED_DOMAINS];
#define SCHED_QUEUES(cpu) ((void)(cpu), sched_queues)
#endif
#else
#if NR_CPUS > 1
extern struct sched_fifo sched_cpu_runq[NR_CPUS][SCHED_DOMAINS];
#define SCHED_RUNQ(cpu) (sched_cpu_runq[cpu])
#else
extern struct sched_fifo sched_runq[SCHED_DOMAINS];
#define SCHED_RUNQ(cpu) ((void)(cpu), sched_runq)
#endif
#endif

/* The CPU whose queues hold @n (a constant without CONFIG_SMP). */
static __always_inline unsigned int sched_cpu(const struct sched_node *n)
{
	return NR_CPUS == 1 ? 0 : n->cpu;
}

/* @n was queued on another CPU's queues: that CPU runs its scheduler
 * (it may preempt what it runs, or stop idling). kernel/smp.c. */
#if NR_CPUS > 1
void sched_kick(const struct sched_node *n);
#else
static inline void sched_kick(const struct sched_node *n)
{
	(void)n;
}
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

/* Is any CPU's running thread lazy (runnable, in no list)? */
static inline bool sched_any_lazy(void)
{
#if NR_CPUS > 1
	for (unsigned int c = 0; c < NR_CPUS; c++)
		if (cpu_current[c] &&
		    cpu_current[c]->sched.queued == SCHED_LAZY)
			return true;
	return false;
#else
	return sched_lazy_node() != NULL;
#endif
}

#endif /* KERNEL_SCHED_QUEUE_H */
