/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Run queues. Exactly one policy is linked (CONFIG_SCHED_*):
 * kernel/sched_rr.c or kernel/sched_prio.c. The queues hold sched_node
 * links embedded in the thread control block; they allocate nothing.
 *
 * Lazy scheduling (Documentation/scheduling.rst, "The running thread"):
 * a runnable thread is in the run queue, and the running thread, which
 * is always at the head of its level, may be there without being linked
 * into the list: its node is then SCHED_LAZY. The IPC fast path switches
 * straight to its partner that way, touching no list. Only the node of
 * `current` is ever lazy; every operation below treats it as the head of
 * its level, and links it first where the list's order would show (a
 * thread put ahead of it, another thread picked).
 */
#ifndef KAAL_SCHED_H
#define KAAL_SCHED_H

#include <kaal/types.h>

#define SCHED_NR_PRIOS 256

/* sched_node.queued: in the run queue (not 0), linked or lazy. */
#define SCHED_NOT_QUEUED 0
#define SCHED_LAZY	 1 /* queued, at the head of its level, unlinked */
#define SCHED_LINKED	 2 /* queued, in its level's list */

struct sched_node {
	struct sched_node *next, *prev;
	union {
		struct {
			uint8_t prio;
			uint8_t domain; /* always 0 without CONFIG_SCHED_DOMAINS */
			uint8_t queued; /* SCHED_* above */
			uint8_t zero;	/* always 0: part of key */
		};
		/* The four bytes above as one word, for the IPC fast path:
		 * prio | domain << 8 | queued << 16. */
		uint32_t key;
	};
	uint8_t cpu; /* whose run queues (CONFIG_SMP; always 0 without) */
};

#define SCHED_KEY_QUEUED_SHIFT 16

/* The domain whose threads may run now (kernel/domain.c). */
extern unsigned int sched_domain;

/* Queue @n at the tail of its priority level (the only level for RR). */
void sched_enqueue(struct sched_node *n);

/* Queue @n at the head of its level (a preempted thread keeps its turn). */
void sched_enqueue_head(struct sched_node *n);

/* IPC hand-off: the running thread @from (the head of the highest
 * non-empty level of its domain) blocks, and @to, just woken, takes over
 * its turn: @to goes to the head of its level when the policy lets it run
 * now (fixed priority: @to's priority is at least @from's and the domain
 * is the same; round-robin: same domain), else to the tail. */
void sched_handoff(struct sched_node *from, struct sched_node *to);

/* The same rule when @from has already left the queue (it blocked). */
void sched_wake_after(const struct sched_node *from, struct sched_node *to);

/* Remove @n if it is queued; a no-op otherwise. */
void sched_dequeue(struct sched_node *n);

/* The node of the current domain that should run next, without removing
 * it, or NULL. When that is not the lazy node, the lazy node is linked
 * (the running thread is about to stop running). */
struct sched_node *sched_pick(void);

/* Link @n, lazy, at the head of its level (CONFIG_SMP: the running
 * thread of another CPU, which will pick again). */
void sched_link_node(struct sched_node *n);

/* Link the lazy node, if any, at the head of its level: a state with no
 * lazy node that means the same (host tests compare run queues so). */
void sched_link_lazy(void);

/* True when no thread of any domain is runnable. */
bool sched_all_idle(void);

/* Empty every queue (boot, and between host unit tests). */
void sched_reset(void);

/* Policy name for the boot banner. */
const char *sched_name(void);

/* kernel/domain.c: advance the domain schedule by one tick; true when a
 * new domain's window started. */
bool domain_tick(void);

#endif /* KAAL_SCHED_H */
