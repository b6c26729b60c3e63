// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every check of the kernel invariant checker (kernel/invariants.c,
 * kernel/invariants_objects.c) fires. One world holds an object of every
 * kind in a consistent state (ipc_env.c's arena, built with the kernel's
 * own functions where it has them); each row of the table below builds
 * it, checks that invariants_check() accepts it, breaks exactly one
 * thing and requires the checker to panic with the row's message, at the
 * row's slot (or with its number). A check that cannot fire, or that a
 * state breaking its invariant does not reach, fails its row.
 *
 * every_check_has_a_row reads the two sources and fails when a fail(),
 * fail_global() or panic() call there has no row with its message, so a
 * new check comes with its row. Both programs run the table:
 * test_invariants with fixed priorities (the run queues' bitmap), and
 * test_invariants_rr with the round-robin queue, where the two bitmap
 * rows do not apply.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <kaal/cspace.h>
#include <kaal/invariants.h>
#include <kaal/ipc.h>
#include <kaal/irqhandler.h>
#include <kaal/mm.h>
#include <kaal/object_ops.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>

#include "../../kernel/sched_queue.h"
#include "ipc_env.h"
#include "ktest.h"

/* Slots of the world's CNode. */
enum {
	S_U = 1,  /* untyped of U_BITS; its children follow */
	S_UC,	  /* an untyped child */
	S_PAGE,	  /* a page */
	S_VS,	  /* a VSpace */
	S_TCBU,	  /* a TCB, the third sender on S_EP */
	S_CNU,	  /* a CNode */
	S_EP,	  /* the endpoint: T4, T5 and TU send */
	S_NTFN,	  /* the notification: T6 and T7 wait */
	S_EPB,	  /* a badged copy of S_EP, read/write */
	S_EPC,	  /* a read-only copy of S_EPB */
	S_EP2,	  /* an idle endpoint */
	S_NTFN2,  /* a notification bound to T9 */
	S_IRQCTL, /* IRQControl */
	S_IRQ,	  /* the handler of IRQ_LINE, a child of S_IRQCTL */
	S_DOM,	  /* a Domain capability */
	S_D1,	  /* a dying CNode; its slot 1 holds the dying D2 */
	S_CN,	  /* the CNode itself, no guard (irq_handler_get) */
	S_SPARE,  /* empty: rows put capabilities here */
	S_TCB0 = 32,
};

#define RADIX	 6
#define NT	 12
#define U_BITS	 15
#define U_USED	 0x3c40u /* the untyped's watermark: */
#define OFF_UC	 0x0000u /* untyped child, 2^12 */
#define OFF_PAGE 0x1000u
#define OFF_VS	 0x2000u
#define OFF_TCB	 0x3000u /* 2^KAAL_TCB_BITS */
#define OFF_CN	 0x3800u /* 2^4 slots */
#define OFF_EP	 0x3c00u
#define OFF_NTFN 0x3c20u /* the last object: its end is U_USED */
#define IRQ_LINE 5
#define PRIO	 100

/*
 * The threads: T0 runs (its node lazy), T1, T2, T10 and T11 are
 * runnable in its level, T3 in domain 1; T4, T5 and TU (retyped from the untyped)
 * send on the endpoint, T6 and T7 wait on the notification; T8 called T1
 * and waits for the reply; T9 is inactive and bound to the second
 * notification. Their TCB capabilities are in S_TCB0 + i, inserted
 * first, so the walk (last inserted first) sees them after the objects
 * they wait on; TU's is the untyped's first child, seen before the
 * endpoint.
 */
static struct world {
	struct cte *cn, *d1, *d2;
	struct tcb *t[NT], *tu;
	struct endpoint *ep, *ep2;
	struct notification *ntfn, *ntfn2;
	unsigned char *umem;
	paddr_t upa;
} w;

static struct cte *slot(unsigned int i)
{
	return &w.cn[i];
}

static struct cte *tcb_slot(unsigned int i)
{
	return &w.cn[S_TCB0 + i];
}

/* Back to no IRQ line claimed and no ASID used: those tables live in
 * kernel/irqhandler.c and kernel/vspace.c, outside the arena. */
static void reset_tables(void)
{
	vspace_reset();
	for (unsigned int i = 0; i < IRQHANDLER_MAX_IRQS; i++)
		if (irqhandler_line_claimed(i)) {
			struct cap c = cap_make_irq_handler(i);

			irqhandler_destroy(&c);
		}
}

static struct cap retype(unsigned int type, unsigned int size_bits,
			 unsigned int off)
{
	return object_create(type, size_bits, w.umem + off, w.upa + off, false);
}

static void build_untyped(void)
{
	struct cap u, c;

	w.umem = ipc_env_alloc(1u << U_BITS, 4096);
	w.upa = virt_to_phys(w.umem);
	u = object_create(KAAL_OBJ_UNTYPED, U_BITS, NULL, w.upa, false);
	cap_untyped_set_watermark(&u, U_USED);
	cspace_insert(slot(S_U), &u, NULL);
	c = retype(KAAL_OBJ_UNTYPED, 12, OFF_UC);
	cspace_insert(slot(S_UC), &c, slot(S_U));
	c = retype(KAAL_OBJ_PAGE, 0, OFF_PAGE);
	cspace_insert(slot(S_PAGE), &c, slot(S_U));
	c = retype(KAAL_OBJ_VSPACE, 0, OFF_VS);
	cspace_insert(slot(S_VS), &c, slot(S_U));
	c = retype(KAAL_OBJ_CNODE, 4, OFF_CN);
	cspace_insert(slot(S_CNU), &c, slot(S_U));
	c = retype(KAAL_OBJ_ENDPOINT, 0, OFF_EP);
	cspace_insert(slot(S_EP), &c, slot(S_U));
	c = retype(KAAL_OBJ_NOTIFICATION, 0, OFF_NTFN);
	cspace_insert(slot(S_NTFN), &c, slot(S_U));
	c = retype(KAAL_OBJ_TCB, 0, OFF_TCB);
	cspace_insert(slot(S_TCBU), &c, slot(S_U));
	w.tu = (struct tcb *)(w.umem + OFF_TCB);
	w.ep = (struct endpoint *)(w.umem + OFF_EP);
	w.ntfn = (struct notification *)(w.umem + OFF_NTFN);
}

static void build_threads(const struct cap *root)
{
	static const unsigned char domain[NT] = { [3] = 1 };

	for (unsigned int i = 0; i < NT; i++) {
		w.t[i] = ipc_env_thread(root, PRIO, domain[i], false);
		ipc_env_put(tcb_slot(i), KAAL_OBJ_TCB, w.t[i], KAAL_RIGHTS_ALL,
			    0, NULL);
	}
	for (unsigned int i = 0; i < 4; i++)
		tcb_set_runnable(w.t[i]);
	tcb_set_runnable(w.t[10]);
	tcb_set_runnable(w.t[11]);
	/* T0 runs, at the head of its level, lazily (kaal/sched.h). */
	sched_dequeue(&w.t[0]->sched);
	w.t[0]->sched.queued = SCHED_LAZY;
	current = w.t[0];
}

static void block_on(struct tcb *t, struct endpoint *ep, struct notification *n,
		     unsigned int state)
{
	t->state = (uint8_t)state;
	t->blocked_ep = ep;
	t->blocked_ntfn = n;
	tcbq_append(ep ? &ep->queue : &n->queue, t);
}

/* IRQ_LINE claimed by T0's irq_handler_get, into S_IRQ. */
static void claim_irq(void)
{
	struct syscall_args a = { .regs = &w.t[0]->ctx,
				  .slot = slot(S_IRQCTL) };

	w.t[0]->ctx.arg[KAAL_ARG_IRQ_HANDLER_GET_IRQ] = IRQ_LINE;
	w.t[0]->ctx.arg[KAAL_ARG_IRQ_HANDLER_GET_DEST_CNODE] = S_CN;
	w.t[0]->ctx.arg[KAAL_ARG_IRQ_HANDLER_GET_DEST_INDEX] = S_IRQ;
	w.t[0]->ctx.arg[KAAL_ARG_IRQ_HANDLER_GET_DEST_DEPTH] = RADIX;
	REQUIRE(CHECK_EQ_INT(KAAL_OK, sys_irq_handler_get(w.t[0], &a)));
}

/* D1 in S_D1, emptied up to slot 1, which holds D2, emptied up to slot
 * 1: the deletion of D1 met D2 there (kernel/cspace.c). */
static void build_dying(void)
{
	struct cap c;

	w.d1 = ipc_env_cnode(2);
	w.d2 = ipc_env_cnode(2);
	c = cap_make_cnode(w.d1, 2, 0, 0);
	cspace_insert(slot(S_D1), &c, NULL);
	c = cap_make_cnode(w.d2, 2, 0, 0);
	cspace_insert(&w.d1[1], &c, NULL);
	cap_set_dying(&slot(S_D1)->cap, NULL);
	cap_dying_advance(&slot(S_D1)->cap);
	cap_set_dying(&w.d1[1].cap, slot(S_D1));
	cap_dying_advance(&w.d1[1].cap);
	cspace_dying = &w.d1[1];
}

static void build(void)
{
	struct cap root, c;

	ipc_env_reset();
	reset_tables();
	memset(&w, 0, sizeof(w));
	w.cn = ipc_env_cnode(RADIX);
	root = ipc_env_root_cap(w.cn, RADIX, 0);
	build_threads(&root);
	build_untyped();
	w.ep2 = ipc_env_alloc(1u << KAAL_ENDPOINT_BITS, 32);
	w.ntfn2 = ipc_env_alloc(1u << KAAL_NOTIFICATION_BITS, 32);
	ipc_env_put(slot(S_EPB), KAAL_OBJ_ENDPOINT, w.ep,
		    KAAL_RIGHT_READ | KAAL_RIGHT_WRITE, 0x11, slot(S_EP));
	ipc_env_put(slot(S_EPC), KAAL_OBJ_ENDPOINT, w.ep, KAAL_RIGHT_READ, 0x11,
		    slot(S_EPB));
	ipc_env_put(slot(S_EP2), KAAL_OBJ_ENDPOINT, w.ep2, KAAL_RIGHTS_ALL, 0,
		    NULL);
	ipc_env_put(slot(S_NTFN2), KAAL_OBJ_NOTIFICATION, w.ntfn2,
		    KAAL_RIGHTS_ALL, 0, NULL);
	ipc_env_put(slot(S_IRQCTL), KAAL_OBJ_IRQ_CONTROL, NULL, KAAL_RIGHTS_ALL,
		    0, NULL);
	ipc_env_put(slot(S_DOM), KAAL_OBJ_DOMAIN, NULL, KAAL_RIGHTS_ALL, 0,
		    NULL);
	c = root;
	cap_cnode_set_guard(&c, 0, 0);
	cspace_insert(slot(S_CN), &c, NULL);

	w.ep->state = EP_SEND;
	block_on(w.t[4], w.ep, NULL, TS_BLOCKED_SEND);
	block_on(w.t[5], w.ep, NULL, TS_BLOCKED_SEND);
	block_on(w.tu, w.ep, NULL, TS_BLOCKED_SEND);
	block_on(w.t[6], NULL, w.ntfn, TS_BLOCKED_NTFN);
	block_on(w.t[7], NULL, w.ntfn, TS_BLOCKED_NTFN);
	w.t[8]->state = TS_BLOCKED_REPLY;
	ipc_reply_link(w.t[1], w.t[8]);
	REQUIRE(CHECK_EQ_INT(KAAL_OK, notification_bind(w.t[9], w.ntfn2)));
	claim_irq();
	build_dying();
}

/* ---- the rows ---------------------------------------------------------- */

/* What a row expects besides its message: the slot fail() names, or the
 * number fail_global() prints, or the two numbers of the dying count. */
struct expect {
	const struct cte *slot;
	unsigned long i, j;
};

typedef void corrupt_fn(struct expect *e);

/* invariants.c: the tree. */

static void corrupt_sibling_back_link(struct expect *e)
{
	e->slot = slot(S_PAGE)->prev_sibling; /* it finds the link broken */
	slot(S_PAGE)->prev_sibling = slot(S_PAGE);
}

static void corrupt_sibling_ring_cycle(struct expect *e)
{
	/* The untyped's children in walk order: S_TCBU, S_NTFN, S_EP,
	 * S_CNU, S_VS, ...; S_VS's next leads back to S_CNU, a ring that
	 * never closes. */
	slot(S_VS)->next_sibling = slot(S_CNU);
	e->slot = slot(S_VS);
}

static void corrupt_first_child_no_prev(struct expect *e)
{
	slot(S_TCBU)->prev_sibling = NULL;
	e->slot = slot(S_TCBU);
}

static void corrupt_first_child_parent(struct expect *e)
{
	slot(S_EPC)->parent = slot(S_EP);
	e->slot = slot(S_EPB);
}

static void corrupt_second_child_parent(struct expect *e)
{
	/* S_NTFN is the untyped's second child: it must not know its
	 * parent. */
	slot(S_NTFN)->parent = slot(S_U);
	e->slot = slot(S_NTFN);
}

static void corrupt_root_child_no_parent(struct expect *e)
{
	cdt_root.first_child->parent = NULL;
	e->slot = cdt_root.first_child;
}

static void corrupt_empty_cap(struct expect *e)
{
	slot(S_DOM)->cap.type = KAAL_OBJ_NULL;
	e->slot = slot(S_DOM);
}

static void corrupt_rights_bits(struct expect *e)
{
	slot(S_DOM)->cap.rights |= KAAL_RIGHTS_ALL + 1;
	e->slot = slot(S_DOM);
}

static void corrupt_copy_rights(struct expect *e)
{
	slot(S_EPC)->cap.rights = KAAL_RIGHTS_ALL;
	e->slot = slot(S_EPC);
}

static void corrupt_copy_badge(struct expect *e)
{
	cap_set_badge(&slot(S_EPC)->cap, 0x12);
	e->slot = slot(S_EPC);
}

static void corrupt_watermark(struct expect *e)
{
	cap_untyped_set_watermark(&slot(S_U)->cap, (1u << U_BITS) + 1);
	e->slot = slot(S_U);
}

static void corrupt_page_above_watermark(struct expect *e)
{
	cap_untyped_set_watermark(&slot(S_U)->cap, OFF_PAGE);
	e->slot = slot(S_PAGE);
}

static void corrupt_dying_up(struct expect *e)
{
	cap_dying_set_up(&slot(S_D1)->cap, slot(S_EP2));
	e->slot = slot(S_EP2);
}

static void corrupt_dying_copy(struct expect *e)
{
	struct cap c = cap_make_cnode(w.d2, 2, 0, 0);

	cspace_insert(slot(S_SPARE), &c, &w.d1[1]);
	e->slot = &w.d1[1];
}

static void corrupt_dying_ep_above(struct expect *e)
{
	slot(S_D1)->cap.type = KAAL_OBJ_ENDPOINT;
	e->slot = slot(S_D1);
}

static void corrupt_dying_type(struct expect *e)
{
	slot(S_D1)->cap.type = KAAL_OBJ_DOMAIN;
	e->slot = slot(S_D1);
}

static void corrupt_dying_cursor(struct expect *e)
{
	cap_dying_advance(&slot(S_D1)->cap); /* past D2, still there */
	e->slot = slot(S_D1);
}

static void corrupt_dying_full_slot(struct expect *e)
{
	ipc_env_put(&w.d2[0], KAAL_OBJ_DOMAIN, NULL, KAAL_RIGHTS_ALL, 0, NULL);
	e->slot = &w.d1[1];
}

static void corrupt_dying_count(struct expect *e)
{
	cspace_dying = slot(S_D1); /* D2 dies out of the chain */
	e->i = 2;
	e->j = 1;
}

static void corrupt_decode_word(struct expect *e)
{
	w.t[0]->cspace_root.cap.w2 ^= 1u << RADIX;
	e->slot = &w.t[0]->cspace_root;
}

static void corrupt_one_level_dying(struct expect *e)
{
	slot(S_D1)->cap.flags |= CAP_F_ONE_LEVEL;
	e->slot = slot(S_D1);
}

static void corrupt_vspace_token(struct expect *e)
{
	slot(S_VS)->cap.w1 ^= 1;
	e->slot = slot(S_VS);
}

static void corrupt_runnable_unqueued(struct expect *e)
{
	w.t[9]->state = TS_RUNNABLE;
	e->slot = tcb_slot(9);
}

static void corrupt_lazy_not_current(struct expect *e)
{
	current = w.t[1];
	e->slot = tcb_slot(0);
}

static void corrupt_lazy_links(struct expect *e)
{
	w.t[0]->sched.next = &w.t[1]->sched;
	e->slot = tcb_slot(0);
}

static void corrupt_reply_nobody(struct expect *e)
{
	w.t[9]->state = TS_BLOCKED_REPLY;
	e->slot = tcb_slot(9);
}

static void corrupt_reply_links(struct expect *e)
{
	w.t[9]->reply_to = w.t[2];
	e->slot = tcb_slot(9);
}

/* invariants_objects.c: wait queues (the queue's object is seen before
 * the threads, but for TU). */

static void corrupt_wait_back_link(struct expect *e)
{
	w.t[7]->ep_prev = NULL;
	e->slot = slot(S_NTFN);
}

static void corrupt_wait_queue_cycle(struct expect *e)
{
	/* T4 -> T5 -> T4: TU, seen first, is no longer reached. */
	w.t[5]->ep_next = w.t[4];
	e->slot = slot(S_TCBU);
}

static void corrupt_waiter_state(struct expect *e)
{
	w.t[5]->state = TS_BLOCKED_RECV;
	e->slot = slot(S_EP);
}

static void corrupt_waiter_object(struct expect *e)
{
	w.t[5]->blocked_ep = w.ep2;
	e->slot = slot(S_EP);
}

static void corrupt_wait_tail(struct expect *e)
{
	w.ep->queue.tail = w.t[4];
	e->slot = slot(S_EP);
}

static void corrupt_ep_idle_with_state(struct expect *e)
{
	w.ep2->state = EP_RECV;
	e->slot = slot(S_EP2);
}

static void corrupt_ep_state(struct expect *e)
{
	w.ep->state = EP_RECV + 1;
	e->slot = slot(S_EP);
}

static void corrupt_ntfn_lost_wakeup(struct expect *e)
{
	w.ntfn->word = 1;
	e->slot = slot(S_NTFN);
}

static void corrupt_ntfn_bound(struct expect *e)
{
	w.t[9]->bound_ntfn = NULL;
	e->slot = slot(S_NTFN2);
}

/* Run queues: T1, T2, T10 and T11 are the list of level PRIO of domain
 * 0. */

static void corrupt_run_link(struct expect *e)
{
	w.t[2]->sched.prev = &w.t[2]->sched;
	e->i = 0;
}

static void corrupt_run_queue_cycle(struct expect *e)
{
	/* T1 -> T2 -> T10 -> T2: T11 is no longer reached, nor the head. */
	w.t[10]->sched.next = &w.t[2]->sched;
	e->i = 0;
}

static void corrupt_run_not_linked(struct expect *e)
{
	w.t[2]->sched.queued = SCHED_NOT_QUEUED;
	e->i = 0;
}

static void corrupt_run_blocked(struct expect *e)
{
	w.t[2]->state = TS_BLOCKED_RECV;
	e->i = 0;
}

static void corrupt_run_other_domain(struct expect *e)
{
	w.t[2]->sched.domain = 1;
	e->i = 0;
}

#ifdef SCHED_QUEUE_PRIO
static void corrupt_run_bitmap(struct expect *e)
{
	sched_queues[0].bitmap[0] |= 1u << 7; /* level 7 is empty */
	e->i = 7;
}

static void corrupt_run_top(struct expect *e)
{
	sched_queues[0].top |= 1; /* bitmap word 0 is 0 */
	e->i = 0;
}
#else
#define corrupt_run_bitmap NULL
#define corrupt_run_top	   NULL
#endif

/* Threads. */

static void corrupt_thread_state(struct expect *e)
{
	w.t[9]->state = TS_BLOCKED_NTFN + 1;
	e->slot = tcb_slot(9);
}

static void corrupt_thread_waits_on_nothing(struct expect *e)
{
	w.t[9]->state = TS_BLOCKED_NTFN;
	e->slot = tcb_slot(9);
}

static void corrupt_ep_lost_waiter(struct expect *e)
{
	tcbq_remove(&w.ep->queue, w.t[5]);
	e->slot = tcb_slot(5);
}

static void corrupt_ntfn_lost_waiter(struct expect *e)
{
	tcbq_remove(&w.ntfn->queue, w.t[7]);
	e->slot = tcb_slot(7);
}

static void corrupt_stale_queue_links(struct expect *e)
{
	w.t[9]->ep_next = w.t[4];
	e->slot = tcb_slot(9);
}

static void corrupt_queued_unlinked(struct expect *e)
{
	w.t[0]->sched.queued = SCHED_LINKED; /* lazy, in no list */
	e->slot = tcb_slot(0);
}

static void corrupt_thread_domain(struct expect *e)
{
	w.t[9]->sched.domain = SCHED_DOMAINS;
	e->slot = tcb_slot(9);
}

/* Marked linked but in no list, in a domain past the run queues: the
 * domain is checked before the run queue of that domain is searched (it
 * was searched first, past the end of the array). */
static void corrupt_thread_domain_linked(struct expect *e)
{
	w.t[0]->sched.queued = SCHED_LINKED;
	w.t[0]->sched.domain = SCHED_DOMAINS;
	e->slot = tcb_slot(0);
}

static void corrupt_thread_bound(struct expect *e)
{
	w.ntfn2->bound = NULL;
	e->slot = tcb_slot(9);
}

/* VSpaces, IRQ handlers, untyped children, capabilities of no object. */

static void corrupt_vspace_asid(struct expect *e)
{
	struct cap *c = &slot(S_VS)->cap;

	cap_vspace_set_id(c, cap_vspace_id(c) + 1); /* a free ASID */
	e->slot = slot(S_VS);
}

static void corrupt_irq_line(struct expect *e)
{
	slot(S_IRQ)->cap = cap_make_irq_handler(IRQ_LINE + 1);
	e->slot = slot(S_IRQ);
}

static void corrupt_untyped_child_kind(struct expect *e)
{
	ipc_env_put(slot(S_SPARE), KAAL_OBJ_DOMAIN, NULL, KAAL_RIGHTS_ALL, 0,
		    slot(S_U));
	e->slot = slot(S_SPARE);
}

static void corrupt_object_above_watermark(struct expect *e)
{
	cap_untyped_set_watermark(&slot(S_U)->cap, OFF_NTFN);
	e->slot = slot(S_NTFN);
}

static void corrupt_misaligned(struct expect *e)
{
	slot(S_PAGE)->cap.object += 0x800;
	e->slot = slot(S_PAGE);
}

static void corrupt_domain_object(struct expect *e)
{
	slot(S_DOM)->cap.object = 1;
	e->slot = slot(S_DOM);
}

static void corrupt_reply_cap(struct expect *e)
{
	slot(S_DOM)->cap.type = KAAL_OBJ_REPLY;
	e->slot = slot(S_DOM);
}

/* After the walk. */

static void corrupt_current_domain(struct expect *e)
{
	sched_domain = SCHED_DOMAINS;
	e->i = SCHED_DOMAINS;
}

static void corrupt_irq_no_handler(struct expect *e)
{
	cdt_unlink(slot(S_IRQ));
	slot(S_IRQ)->cap = (struct cap){ 0 };
	e->i = IRQ_LINE;
}

static void corrupt_asid_no_vspace(struct expect *e)
{
	e->i = vspace_id_asid(vspace_create(ipc_env_alloc(4096, 4096)));
}

/*
 * The table: a row's name, its corruption, and the message as the source
 * writes it with the function that reports it (fail: at a slot;
 * fail_global: with a number; panic: the dying count, formatted).
 */
struct row {
	const char *name;
	corrupt_fn *corrupt;
	const char *fn;
	const char *what;
};

/* clang-format off */
#define ROW(name, fn, what) { #name, corrupt_##name, #fn, what }
/* clang-format on */

static const struct row rows[] = {
	/* kernel/invariants.c */
	ROW(sibling_back_link, fail, "sibling ring broken"),
	ROW(sibling_ring_cycle, fail, "sibling ring broken"),
	ROW(first_child_no_prev, fail, "sibling ring broken"),
	ROW(first_child_parent, fail,
	    "first child does not point back to its parent"),
	ROW(second_child_parent, fail,
	    "a parent pointer outside a first child"),
	ROW(root_child_no_parent, fail,
	    "a parent pointer outside a first child"),
	ROW(empty_cap, fail, "empty or invalid capability in the tree"),
	ROW(rights_bits, fail, "unknown rights bits"),
	ROW(copy_rights, fail, "a copy has rights its parent lacks"),
	ROW(copy_badge, fail,
	    "a copy of a badged capability changed the badge"),
	ROW(watermark, fail, "untyped watermark beyond its size"),
	ROW(page_above_watermark, fail,
	    "object outside its untyped's used range"),
	ROW(dying_up, fail, "dying chain broken, or longer than the dying"),
	ROW(dying_copy, fail, "a dying capability has copies"),
	ROW(dying_ep_above, fail,
	    "a dying endpoint or notification above another dying object"),
	ROW(dying_type, fail, "a dying object of a type that cannot die"),
	ROW(dying_cursor, fail, "dying object's cursor is not at the next one"),
	ROW(dying_full_slot, fail, "a full slot below a dying cursor"),
	ROW(dying_count, panic,
	    "invariant violated: %lu dying capabilities, %lu in the chain"),
	ROW(decode_word, fail, "a CNode's one-level decode word is stale"),
	ROW(one_level_dying, fail,
	    "one-level mark on a capability that cannot decode"),
	ROW(vspace_token, fail, "a VSpace's switch token is stale"),
	ROW(runnable_unqueued, fail, "runnable state and run queue disagree"),
	ROW(lazy_not_current, fail,
	    "a lazy run-queue node that is not the running thread's"),
	ROW(lazy_links, fail, "a lazy run-queue node with list links"),
	ROW(reply_nobody, fail, "waiting for a reply nobody can give"),
	ROW(reply_links, fail, "reply links disagree"),
	/* kernel/invariants_objects.c */
	ROW(wait_back_link, fail, "a wait queue's back link is wrong"),
	ROW(wait_queue_cycle, fail,
	    "a thread blocked on an endpoint is not in its queue"),
	ROW(waiter_state, fail, "a queued thread is not blocked on that queue"),
	ROW(waiter_object, fail,
	    "a queued thread does not point at the object"),
	ROW(wait_tail, fail, "a wait queue's tail is not its last thread"),
	ROW(ep_idle_with_state, fail,
	    "an endpoint's state and its queue disagree"),
	ROW(ep_state, fail, "an endpoint in an unknown state"),
	ROW(ntfn_lost_wakeup, fail,
	    "a thread waits on a notification that holds a signal"),
	ROW(ntfn_bound, fail,
	    "a notification's bound thread is bound elsewhere"),
	ROW(run_link, fail_global, "a run-queue link is broken, domain"),
	ROW(run_queue_cycle, fail_global, "a run-queue link is broken, domain"),
	ROW(run_not_linked, fail_global,
	    "a run-queue node not marked linked, domain"),
	ROW(run_blocked, fail_global,
	    "a blocked thread in the run queue, domain"),
	ROW(run_other_domain, fail_global,
	    "a thread in another domain's or level's run queue, domain"),
	ROW(run_bitmap, fail_global,
	    "run-queue bitmap and level disagree, priority"),
	ROW(run_top, fail_global,
	    "run-queue top word and bitmap disagree, word"),
	ROW(thread_state, fail, "a thread in an unknown state"),
	ROW(thread_waits_on_nothing, fail,
	    "a thread's state and what it waits on disagree"),
	ROW(ep_lost_waiter, fail,
	    "a thread blocked on an endpoint is not in its queue"),
	ROW(ntfn_lost_waiter, fail,
	    "a thread waiting on a notification is not in its queue"),
	ROW(stale_queue_links, fail,
	    "a thread in no wait queue keeps queue links"),
	ROW(queued_unlinked, fail,
	    "a thread marked queued is not in its run-queue level"),
	ROW(thread_domain, fail, "a thread in a domain that does not exist"),
	ROW(thread_domain_linked, fail,
	    "a thread in a domain that does not exist"),
	ROW(thread_bound, fail,
	    "a thread's bound notification is bound elsewhere"),
	ROW(vspace_asid, fail, "a VSpace whose ASID is no longer its own"),
	ROW(irq_line, fail, "an IRQ handler for a line that is not claimed"),
	ROW(untyped_child_kind, fail,
	    "an untyped's child is no retyped object"),
	ROW(object_above_watermark, fail,
	    "an object outside its untyped's used part"),
	ROW(misaligned, fail, "an object not aligned to its size"),
	ROW(domain_object, fail, "a capability with no object names one"),
	ROW(reply_cap, fail,
	    "a reply capability in a CNode (replies are links)"),
	ROW(current_domain, fail_global, "the current domain does not exist"),
	ROW(irq_no_handler, fail_global,
	    "a claimed IRQ line without a handler capability, line"),
	ROW(asid_no_vspace, fail_global,
	    "an ASID in use by no VSpace capability"),
};

/* ---- running a row ----------------------------------------------------- */

/* What the checker did: returned, panicked, or ran for two seconds. */
enum outcome { PASSED, PANICKED, HUNG };

static sigjmp_buf hang_env;

/* A checker that loops on a broken state fails its row, not the run. */
static void watchdog(int sig)
{
	(void)sig;
	siglongjmp(hang_env, 1);
}

static enum outcome run_checker(void)
{
	jmp_buf env;

	signal(SIGALRM, watchdog);
	if (sigsetjmp(hang_env, 1)) {
		ipc_env_panic_catch = NULL;
		return HUNG;
	}
	if (setjmp(env)) {
		alarm(0);
		return PANICKED;
	}
	ipc_env_panic_catch = &env;
	alarm(2);
	invariants_check();
	alarm(0);
	ipc_env_panic_catch = NULL;
	return PASSED;
}

static void expected_message(const struct row *r, const struct expect *e,
			     char *buf, size_t n)
{
	if (!strcmp(r->fn, "fail"))
		snprintf(buf, n, "invariant violated at slot %p (type %u): %s",
			 (const void *)e->slot, e->slot->cap.type, r->what);
	else if (!strcmp(r->fn, "fail_global"))
		snprintf(buf, n, "invariant violated: %s (%lu)", r->what, e->i);
	else /* panic: the message is the format */
		snprintf(buf, n, r->what, e->i, e->j);
}

static bool run_row(const struct row *r)
{
	struct expect e = { 0 };
	enum outcome o;
	char want[256];

	build();
	if (!KTEST_FAIL_IF_NOT(run_checker() == PASSED,
			       "%s: the world before the corruption fails: %s",
			       r->name, ipc_env_panic_msg))
		return false;
	r->corrupt(&e);
	o = run_checker();
	if (!KTEST_FAIL_IF_NOT(o == PANICKED,
			       "%s: the checker %s, expected "
			       "\"%s\"",
			       r->name, o == HUNG ? "hangs" : "passes",
			       r->what))
		return false;
	expected_message(r, &e, want, sizeof(want));
	return KTEST_FAIL_IF_NOT(!strcmp(want, ipc_env_panic_msg),
				 "%s:\n  expected %s\n  actual   %s", r->name,
				 want, ipc_env_panic_msg);
}

TEST(the_world_passes)
{
	build();
	KTEST_FAIL_IF_NOT(run_checker() == PASSED, "the world fails: %s",
			  ipc_env_panic_msg);
}

TEST(every_check_fires)
{
	unsigned int skipped = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (!rows[i].corrupt) {
			skipped++;
			continue;
		}
		run_row(&rows[i]);
	}
	if (skipped)
		printf("  (%u rows for the fixed-priority run queues skipped)\n",
		       skipped);
}

/* ---- every check has a row --------------------------------------------- */

/*
 * The messages of the two sources: each call of fail(), fail_global() or
 * panic() (not their definitions or declarations, nor the body of a
 * definition of fail or fail_global) and the string literals of its
 * arguments, joined. A tokenizer just good enough for these files:
 * comments, string and character literals, identifiers, punctuation.
 */
#define MAX_MSGS 128

struct msg {
	char fn[16];
	char what[160];
	bool has_row;
};

static struct msg msgs[MAX_MSGS];
static unsigned int nmsgs;

struct tok {
	char kind; /* 'i' identifier, 's' string, 'c' character, 'p'
		      punctuation, 0 end */
	char text[160];
};

struct lexer {
	const char *p;
};

static void lex(struct lexer *l, struct tok *t)
{
	const char *p = l->p;
	size_t n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");

			p = end ? end + 2 : p + strlen(p);
		} else if (p[0] == '/' && p[1] == '/') {
			p += strcspn(p, "\n");
		} else if (*p == '#') { /* preprocessor lines */
			p += strcspn(p, "\n");
		} else {
			break;
		}
	}
	t->text[0] = 0;
	if (!*p) {
		t->kind = 0;
	} else if (*p == '"' || *p == '\'') {
		char q = *p++;

		t->kind = q == '"' ? 's' : 'c';
		while (*p && *p != q) {
			if (*p == '\\' && p[1])
				p++;
			if (n + 1 < sizeof(t->text))
				t->text[n++] = *p;
			p++;
		}
		t->text[n] = 0;
		if (*p)
			p++;
	} else if (*p == '_' || (*p >= 'a' && *p <= 'z') ||
		   (*p >= 'A' && *p <= 'Z')) {
		t->kind = 'i';
		while (*p == '_' || (*p >= 'a' && *p <= 'z') ||
		       (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
			if (n + 1 < sizeof(t->text))
				t->text[n++] = *p;
			p++;
		}
		t->text[n] = 0;
	} else {
		t->kind = 'p';
		t->text[0] = *p++;
		t->text[1] = 0;
	}
	l->p = p;
}

static bool is_reporter(const struct tok *t)
{
	return t->kind == 'i' &&
	       (!strcmp(t->text, "fail") || !strcmp(t->text, "fail_global") ||
		!strcmp(t->text, "panic"));
}

static bool tok_is(const struct tok *t, char c)
{
	return t->kind == 'p' && t->text[0] == c;
}

/* Skip to the end of the group opened just before (depth 1). */
static void skip_group(struct lexer *l, char open, char close)
{
	struct tok t;
	int depth = 1;

	do {
		lex(l, &t);
		if (tok_is(&t, open))
			depth++;
		else if (tok_is(&t, close))
			depth--;
	} while (t.kind && depth);
}

static void add_msg(const char *file, const char *fn, const char *what)
{
	if (!KTEST_FAIL_IF_NOT(nmsgs < MAX_MSGS, "%s: too many messages", file))
		return;
	snprintf(msgs[nmsgs].fn, sizeof(msgs[nmsgs].fn), "%s", fn);
	snprintf(msgs[nmsgs].what, sizeof(msgs[nmsgs].what), "%s", what);
	msgs[nmsgs++].has_row = false;
}

/* One call's arguments, up to its closing parenthesis: the string
 * literals of the first argument that has any, joined. */
static void read_call(struct lexer *l, const char *file, const char *fn)
{
	struct tok t;
	char what[160] = "";
	int depth = 1;
	bool in_string = false, done = false;

	do {
		lex(l, &t);
		if (t.kind == 's' && !done) {
			strncat(what, t.text, sizeof(what) - strlen(what) - 1);
			in_string = true;
		} else if (in_string) {
			done = true;
		}
		if (tok_is(&t, '('))
			depth++;
		else if (tok_is(&t, ')'))
			depth--;
	} while (t.kind && depth);
	if (KTEST_FAIL_IF_NOT(what[0],
			      "%s: a call of %s without a literal "
			      "message: the test cannot find its row",
			      file, fn))
		add_msg(file, fn, what);
}

static void scan_source(const char *file)
{
	static char text[64 << 10];
	char path[512];
	struct lexer l = { text };
	struct tok prev = { 'p', ";" }, t;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", KTEST_SRCTREE, file);
	f = fopen(path, "r");
	REQUIRE(KTEST_FAIL_IF_NOT(f != NULL, "cannot open %s", path));
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	REQUIRE(KTEST_FAIL_IF_NOT(n < sizeof(text) - 1, "%s is too long",
				  path));
	text[n] = 0;
	for (lex(&l, &t); t.kind; prev = t, lex(&l, &t)) {
		struct tok name = t;
		/* A definition or declaration: the name follows its type. */
		bool defined = prev.kind == 'i' && strcmp(prev.text, "else") &&
			       strcmp(prev.text, "return");

		if (!is_reporter(&t))
			continue;
		lex(&l, &t);
		if (!tok_is(&t, '('))
			continue;
		if (!defined) {
			read_call(&l, file, name.text);
			continue;
		}
		skip_group(&l, '(', ')');
		lex(&l, &t);
		if (tok_is(&t, '{')) /* the reporter's body: no check */
			skip_group(&l, '{', '}');
	}
}

TEST(every_check_has_a_row)
{
	nmsgs = 0;
	scan_source("kernel/invariants.c");
	scan_source("kernel/invariants_objects.c");
	CHECK(nmsgs > 0);
	for (unsigned int i = 0; i < nmsgs; i++) {
		for (unsigned int j = 0; j < i; j++)
			KTEST_FAIL_IF_NOT(strcmp(msgs[i].what, msgs[j].what),
					  "two checks report \"%s\": give each "
					  "its own message",
					  msgs[i].what);
		for (size_t r = 0; r < ARRAY_SIZE(rows); r++)
			if (!strcmp(rows[r].what, msgs[i].what) &&
			    !strcmp(rows[r].fn, msgs[i].fn))
				msgs[i].has_row = true;
		KTEST_FAIL_IF_NOT(msgs[i].has_row,
				  "no row of tests/unit/test_invariants.c "
				  "tests %s(\"%s\")",
				  msgs[i].fn, msgs[i].what);
	}
	/* And no row tests a message the sources no longer have. */
	for (size_t r = 0; r < ARRAY_SIZE(rows); r++) {
		bool found = false;

		for (unsigned int i = 0; i < nmsgs; i++)
			found |= !strcmp(rows[r].what, msgs[i].what) &&
				 !strcmp(rows[r].fn, msgs[i].fn);
		KTEST_FAIL_IF_NOT(found, "row %s: no %s(\"%s\") in the sources",
				  rows[r].name, rows[r].fn, rows[r].what);
	}
}
