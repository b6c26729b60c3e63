// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel invariants of the objects and queues (CONFIG_KERNEL_INVARIANTS;
 * kernel/invariants.c walks the capability tree and calls
 * invariants_object() on every capability, between
 * invariants_objects_begin() and invariants_objects_end()). Each check
 * names what it found in its panic message; Documentation/assurance.rst
 * lists them. No walk here can loop: every list step also checks the
 * back link, so a cycle breaks a link before it closes.
 */
#include <kaal/cspace.h>
#include <kaal/invariants.h>
#include <kaal/ipc.h>
#include <kaal/irqhandler.h>
#include <kaal/mm.h>
#include <kaal/object_ops.h>
#include <kaal/printk.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include "sched_queue.h"

/* IRQ lines and ASIDs some capability names, this walk. */
static uint64_t irq_seen[IRQHANDLER_MAX_IRQS / 64];
static uint64_t asid_seen[VSPACE_MAX_ASIDS / 64];

static bool mark(uint64_t *set, unsigned int i)
{
	bool was = set[i / 64] & (1ull << (i % 64));

	set[i / 64] |= 1ull << (i % 64);
	return was;
}

static void __noreturn fail(const struct cte *n, const char *what)
{
	panic("invariant violated at slot %p (type %u): %s", n, n->cap.type,
	      what);
}

static void __noreturn fail_global(const char *what, unsigned long i)
{
	panic("invariant violated: %s (%lu)", what, i);
}

/*
 * A queue of blocked threads (kernel/endpoint.c's tcbq_*): forward and
 * back links agree, the tail is the last thread, and each thread is in
 * @state and points back at @obj through its blocked_ep or blocked_ntfn.
 */
static void check_tcb_queue(const struct cte *n, const struct tcb_queue *q,
			    const void *obj, bool ep, unsigned int state)
{
	const struct tcb *prev = NULL;

	for (const struct tcb *t = q->head; t; prev = t, t = t->ep_next) {
		if (t->ep_prev != prev)
			fail(n, "a wait queue's back link is wrong");
		if (t->state != state)
			fail(n, "a queued thread is not blocked on that queue");
		if ((ep ? (const void *)t->blocked_ep :
			  (const void *)t->blocked_ntfn) != obj)
			fail(n, "a queued thread does not point at the object");
	}
	if (q->tail != prev)
		fail(n, "a wait queue's tail is not its last thread");
}

/* Whether @t is in @q. The walk stops at a broken back link (not found):
 * a forward link back into the queue would otherwise loop, when @t's
 * thread is seen before the object whose queue check would catch it. */
static bool queue_has(const struct tcb_queue *q, const struct tcb *t)
{
	const struct tcb *prev = NULL;

	for (const struct tcb *u = q->head; u && u->ep_prev == prev;
	     prev = u, u = u->ep_next)
		if (u == t)
			return true;
	return false;
}

/* An endpoint: its state says who waits, and only they do. */
static void check_endpoint(const struct cte *n)
{
	const struct endpoint *ep = cap_object(&n->cap);

	if ((ep->state == EP_IDLE) != !ep->queue.head)
		fail(n, "an endpoint's state and its queue disagree");
	if (ep->state > EP_RECV)
		fail(n, "an endpoint in an unknown state");
	if (ep->queue.head)
		check_tcb_queue(n, &ep->queue, ep, true,
				ep->state == EP_SEND ? TS_BLOCKED_SEND :
						       TS_BLOCKED_RECV);
}

/* A notification: its waiters, none while a signal is pending (that
 * would be a lost wake-up), and its bound thread bound to it. */
static void check_notification(const struct cte *n)
{
	const struct notification *nt = cap_object(&n->cap);

	check_tcb_queue(n, &nt->queue, nt, false, TS_BLOCKED_NTFN);
	if (nt->queue.head && nt->word)
		fail(n, "a thread waits on a notification that holds a signal");
	if (nt->bound && nt->bound->bound_ntfn != nt)
		fail(n, "a notification's bound thread is bound elsewhere");
}

/* A run-queue level @q of domain @d holding priority @prio (-1: any, the
 * round-robin queue): a circular list of runnable threads of that domain
 * and priority, every one linked. Returns whether it is non-empty. */
static bool check_level(const struct sched_fifo *q, unsigned int d, int prio)
{
	const struct sched_node *s = q->head;

	if (!s)
		return false;
	do {
		const struct tcb *t =
			(const struct tcb *)(const void *)((const char *)s -
							   offsetof(struct tcb,
								    sched));

		if (!s->next || s->next->prev != s)
			fail_global("a run-queue link is broken, domain", d);
		if (s->queued != SCHED_LINKED)
			fail_global(
				"a run-queue node not marked linked, domain",
				d);
		if (t->state != TS_RUNNABLE)
			fail_global("a blocked thread in the run queue, domain",
				    d);
		if ((SCHED_DOMAINS > 1 && s->domain != d) ||
		    (prio >= 0 && s->prio != prio))
			fail_global("a thread in another domain's or level's "
				    "run queue, domain",
				    d);
		s = s->next;
	} while (s != q->head);
	return true;
}

/* Every run queue; for fixed priorities, the bitmap and its top word
 * describe exactly the non-empty levels. */
static void check_run_queues_of(unsigned int cpu)
{
	for (unsigned int d = 0; d < SCHED_DOMAINS; d++) {
#ifdef SCHED_QUEUE_PRIO
		const struct runq *q = &SCHED_QUEUES(cpu)[d];

		for (unsigned int l = 0; l < SCHED_NR_PRIOS; l++) {
			bool full = check_level(&q->levels[l], d, (int)l);
			bool bit = q->bitmap[l / 64] & (1ull << (l % 64));

			if (full != bit)
				fail_global(
					"run-queue bitmap and level disagree, "
					"priority",
					l);
		}
		for (unsigned int w = 0; w < SCHED_NR_PRIOS / 64; w++)
			if (!!q->bitmap[w] != !!(q->top & (1ull << w)))
				fail_global("run-queue top word and bitmap "
					    "disagree, word",
					    w);
#else
		check_level(&SCHED_RUNQ(cpu)[d], d, -1);
#endif
	}
}

static void check_run_queues(void)
{
	for (unsigned int c = 0; c < NR_CPUS; c++)
		check_run_queues_of(c);
}

/* Whether @t is linked in its run-queue level (checked whole already, in
 * invariants_objects_begin, so the walk ends). */
static bool run_queue_has(const struct tcb *t)
{
	unsigned int d = SCHED_DOMAINS > 1 ? t->sched.domain : 0;
#ifdef SCHED_QUEUE_PRIO
	const struct sched_fifo *q =
		&SCHED_QUEUES(sched_cpu(&t->sched))[d].levels[t->sched.prio];
#else
	const struct sched_fifo *q = &SCHED_RUNQ(sched_cpu(&t->sched))[d];
#endif
	const struct sched_node *s = q->head;

	if (s)
		do {
			if (s == &t->sched)
				return true;
			s = s->next;
		} while (s != q->head);
	return false;
}

/*
 * A thread: its state and what it is blocked on agree (and it is in that
 * queue), a linked run-queue node is in its level, its domain exists,
 * and a bound notification names it back.
 */
static void check_thread(const struct cte *n)
{
	const struct tcb *t = cap_object(&n->cap);
	bool on_ep = t->state == TS_BLOCKED_SEND || t->state == TS_BLOCKED_RECV;

	if (t->state > TS_BLOCKED_NTFN)
		fail(n, "a thread in an unknown state");
	if (on_ep != !!t->blocked_ep ||
	    (t->state == TS_BLOCKED_NTFN) != !!t->blocked_ntfn)
		fail(n, "a thread's state and what it waits on disagree");
	if (t->blocked_ep && !queue_has(&t->blocked_ep->queue, t))
		fail(n, "a thread blocked on an endpoint is not in its queue");
	if (t->blocked_ntfn && !queue_has(&t->blocked_ntfn->queue, t))
		fail(n, "a thread waiting on a notification is not in its "
			"queue");
	if (!t->blocked_ep && !t->blocked_ntfn && (t->ep_next || t->ep_prev))
		fail(n, "a thread in no wait queue keeps queue links");
	/* Before run_queue_has, which indexes the run queues by domain. */
	if (t->sched.domain >= SCHED_DOMAINS)
		fail(n, "a thread in a domain that does not exist");
	if (t->sched.queued == SCHED_LINKED && !run_queue_has(t))
		fail(n, "a thread marked queued is not in its run-queue level");
	if (t->bound_ntfn && t->bound_ntfn->bound != t)
		fail(n, "a thread's bound notification is bound elsewhere");
}

/* A VSpace: its ASID still belongs to its root (a live capability to a
 * VSpace whose ASID was freed would switch to a stranger's tables). */
static void check_vspace(const struct cte *n)
{
	uint64_t id = cap_vspace_id(&n->cap);

	if (!vspace_id_live(id))
		fail(n, "a VSpace whose ASID is no longer its own");
	mark(asid_seen, vspace_id_asid(id));
}

/* An IRQ handler: its line is claimed; remembered for the count. */
static void check_irq_handler(const struct cte *n)
{
	unsigned int irq = cap_irq_line(&n->cap);

	if (irq >= IRQHANDLER_MAX_IRQS || !irqhandler_line_claimed(irq))
		fail(n, "an IRQ handler for a line that is not claimed");
	mark(irq_seen, irq);
}

/* Where an object of @c lives, physically, and its size (0: not in RAM
 * or not retyped from an untyped). */
static paddr_t object_pa(const struct cap *c, uint64_t *size)
{
	int bits = c->type < KAAL_OBJ_TYPE_MAX ? object_fixed_bits[c->type] :
						 -1;

	*size = 0;
	if (bits < 0)
		return 0;
	switch (c->type) {
	case KAAL_OBJ_UNTYPED:
	case KAAL_OBJ_PAGE:
	case KAAL_OBJ_LARGE_PAGE:
		*size = 1ull << (c->type == KAAL_OBJ_UNTYPED ? c->size_bits :
							       (unsigned)bits);
		return c->object;
	case KAAL_OBJ_CNODE:
		*size = 1ull << (c->size_bits + (unsigned)bits);
		break;
	default:
		*size = 1ull << bits;
	}
	return virt_to_phys((const void *)(uintptr_t)c->object);
}

/* Every object retyped from an untyped, of any kind, lies inside its used
 * part and is aligned to its size. */
static void check_untyped_children(const struct cte *n)
{
	const struct cap *u = &n->cap;
	uint64_t end = u->object + cap_untyped_watermark(u);

	for (const struct cte *k = n->first_child; k; k = cdt_next_sibling(k)) {
		uint64_t size;
		paddr_t pa = object_pa(&k->cap, &size);

		if (k->cap.type == u->type && k->cap.object == u->object &&
		    k->cap.size_bits == u->size_bits)
			continue; /* a copy of the untyped itself */
		if (!size)
			fail(k, "an untyped's child is no retyped object");
		if (pa < u->object || pa + size > end || pa + size < pa)
			fail(k, "an object outside its untyped's used part");
		if (pa & (size - 1))
			fail(k, "an object not aligned to its size");
	}
}

/* Before the walk: the run queues, which check_thread's run_queue_has
 * then follows without looping, and which name a blocked thread, or one
 * in another level, before that thread's own checks see it. */
void invariants_objects_begin(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(irq_seen); i++)
		irq_seen[i] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(asid_seen); i++)
		asid_seen[i] = 0;
	check_run_queues();
}

void invariants_object(const struct cte *n)
{
	if (n->cap.flags & CAP_F_DYING)
		return; /* half torn down: kernel/invariants.c's dying chain */
	switch (n->cap.type) {
	case KAAL_OBJ_TCB:
		check_thread(n);
		break;
	case KAAL_OBJ_ENDPOINT:
		check_endpoint(n);
		break;
	case KAAL_OBJ_NOTIFICATION:
		check_notification(n);
		break;
	case KAAL_OBJ_VSPACE:
		check_vspace(n);
		break;
	case KAAL_OBJ_IRQ_HANDLER:
		check_irq_handler(n);
		break;
	case KAAL_OBJ_UNTYPED:
		check_untyped_children(n);
		break;
	case KAAL_OBJ_DOMAIN:
	case KAAL_OBJ_IRQ_CONTROL:
		if (n->cap.object)
			fail(n, "a capability with no object names one");
		break;
	case KAAL_OBJ_REPLY:
		fail(n, "a reply capability in a CNode (replies are links)");
	}
}

/* After the walk: the current domain, and every claimed IRQ line and
 * used ASID held by some capability. */
void invariants_objects_end(void)
{
	if (SCHED_DOMAINS > 1 && sched_domain >= SCHED_DOMAINS)
		fail_global("the current domain does not exist", sched_domain);
	for (unsigned int i = 0; i < IRQHANDLER_MAX_IRQS; i++)
		if (irqhandler_line_claimed(i) !=
		    !!(irq_seen[i / 64] & (1ull << (i % 64))))
			fail_global("a claimed IRQ line without a handler "
				    "capability, line",
				    i);
	for (unsigned int a = 1; a < VSPACE_MAX_ASIDS; a++)
		if (vspace_asid_used(a) !=
		    !!(asid_seen[a / 64] & (1ull << (a % 64))))
			fail_global("an ASID in use by no VSpace capability",
				    a);
}
