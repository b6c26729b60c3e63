// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixed-priority preemptive scheduling over 256 levels, FIFO within a
 * level. The next thread is found in constant time: a top word says which
 * of the four 64-bit words of the level bitmap are non-zero, and two
 * count-leading-zeros instructions give the highest non-empty level.
 *
 * The bitmap describes the lists; the lazy node (kaal/sched.h), in none,
 * counts as the head of its level wherever a level is looked at.
 */
#define SCHED_POLICY_PRIO 1
#include "sched_queue.h"

#define WORDS (SCHED_NR_PRIOS / 64)

/* One set of queues per domain (struct runq: sched_queue.h), per CPU. */
#if NR_CPUS > 1
struct runq sched_cpu_queues[NR_CPUS][SCHED_DOMAINS];
#else
struct runq sched_queues[SCHED_DOMAINS];
#endif

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

/* The queues of @n's domain. */
static struct runq *runq_of(const struct sched_node *n)
{
	return &SCHED_QUEUES(sched_cpu(n))[SCHED_DOMAINS == 1 ? 0 : n->domain];
}

static void link(struct sched_node *n, bool front)
{
	struct runq *q = runq_of(n);

	fifo_push(&q->levels[n->prio], n, front);
	mark(q, n->prio);
	if (sched_cpu(n) != this_cpu())
		sched_kick(n);
}

/* @n goes to the front of its level: the lazy node, the head of the same
 * level, is linked first, so that @n comes before it. */
static void link_front(struct sched_node *n)
{
	struct sched_node *l = sched_lazy_node();

	if (l && l != n && l->domain == n->domain && l->prio == n->prio &&
	    sched_cpu(l) == sched_cpu(n))
		link(l, true);
	link(n, true);
}

void sched_enqueue(struct sched_node *n)
{
	if (!n->queued)
		link(n, false);
}

void sched_enqueue_head(struct sched_node *n)
{
	if (!n->queued)
		link_front(n);
}

void sched_dequeue(struct sched_node *n)
{
	struct runq *q = runq_of(n);

	if (n->queued == SCHED_LAZY)
		n->queued = SCHED_NOT_QUEUED;
	else if (n->queued && fifo_remove(&q->levels[n->prio], n))
		unmark(q, n->prio);
}

static bool takes_turn(const struct sched_node *from,
		       const struct sched_node *to)
{
	return to->domain == from->domain && to->prio >= from->prio &&
	       sched_cpu(to) == sched_cpu(from);
}

void sched_wake_after(const struct sched_node *from, struct sched_node *to)
{
	if (to->queued)
		return;
	if (takes_turn(from, to))
		link_front(to);
	else
		link(to, false);
}

/* Replacing @from in place gives the same queue as dequeueing it from the
 * head and putting @to at the head of the same level. A lazy @from is in
 * no list: it just leaves the queue. */
void sched_handoff(struct sched_node *from, struct sched_node *to)
{
	struct sched_fifo *level = &runq_of(from)->levels[from->prio];

	if (from->queued == SCHED_LINKED && to->domain == from->domain &&
	    to->prio == from->prio && sched_cpu(to) == sched_cpu(from) &&
	    level->head == from) {
		fifo_replace(level, from, to);
		return;
	}
	sched_dequeue(from);
	sched_wake_after(from, to);
}

/* The head of the highest non-empty list of domain @d, or NULL. */
static struct sched_node *first(unsigned int d)
{
	const struct runq *q = &SCHED_QUEUES(this_cpu())[d];
	unsigned int w;

	if (!q->top)
		return NULL;
	w = 63u - (unsigned int)__builtin_clzll(q->top);
	return q->levels[w * 64 + 63u -
			 (unsigned int)__builtin_clzll(q->bitmap[w])]
		.head;
}

struct sched_node *sched_pick(void)
{
	struct sched_node *l = sched_lazy_node(),
			  *n = first(sched_cur_domain());

	if (l) {
		/* At the head of its level: it runs on unless a higher level
		 * is queued, its domain's window is over or it was moved to
		 * another CPU. */
		if (l->domain == sched_cur_domain() &&
		    (!n || n->prio <= l->prio) && sched_cpu(l) == this_cpu())
			return l;
		link(l, true);
		if (sched_cpu(l) != this_cpu())
			n = first(sched_cur_domain());
	}
	return n;
}

void sched_link_node(struct sched_node *n)
{
	link(n, true);
}

void sched_link_lazy(void)
{
	struct sched_node *l = sched_lazy_node();

	if (l)
		link(l, true);
}

bool sched_all_idle(void)
{
	if (sched_any_lazy())
		return false;
	for (unsigned int c = 0; c < NR_CPUS; c++)
		for (unsigned int d = 0; d < SCHED_DOMAINS; d++)
			if (SCHED_QUEUES(c)[d].top)
				return false;
	return true;
}

void sched_reset(void)
{
	for (unsigned int c = 0; c < NR_CPUS; c++)
		for (unsigned int d = 0; d < SCHED_DOMAINS; d++)
			SCHED_QUEUES(c)[d] = (struct runq){ 0 };
}

const char *sched_name(void)
{
	return "fixed-priority";
}
