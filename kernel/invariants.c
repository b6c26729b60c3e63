// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel invariant checks (CONFIG_KERNEL_INVARIANTS): after every system
 * call, walk the whole capability derivation tree and the state of every
 * object reachable from it, and panic on the first inconsistency. A
 * violation is a kernel bug, never a user error. The walk is iterative
 * (first-child and sibling links, kernel/cdt.c), so it needs no stack.
 */
#include <kaal/cspace.h>
#include <kaal/invariants.h>
#include <kaal/ipc.h>
#include <kaal/printk.h>
#include <kaal/tcb.h>

/* Depth first: the first child, else the next sibling, else the next
 * sibling of the nearest ancestor that has one. From the last sibling of
 * a ring the ring leads back to the first, which knows the parent. */
static const struct cte *next_in_walk(const struct cte *n)
{
	if (n->first_child)
		return n->first_child;
	for (;;) {
		const struct cte *next = cdt_next_sibling(n);

		if (next)
			return next;
		n = n->next_sibling->parent; /* n is the last: ring to first */
		if (n == &cdt_root)
			return NULL;
	}
}

static void __noreturn fail(const struct cte *n, const char *what)
{
	panic("invariant violated at slot %p (type %u): %s", n, n->cap.type,
	      what);
}

static void check_links(const struct cte *n)
{
	if (!n->next_sibling || !n->prev_sibling ||
	    n->next_sibling->prev_sibling != n ||
	    n->prev_sibling->next_sibling != n)
		fail(n, "sibling ring broken");
	if (n->first_child && n->first_child->parent != n)
		fail(n, "first child does not point back to its parent");
}

/*
 * Each of @n's children: its links, exactly the first knows its parent,
 * and a copy of @n has no right @n lacks and keeps a badge @n has. The
 * ring is followed until it closes, not with cdt_next_sibling, which
 * ends at any child with a parent pointer and would hide the children
 * after it; each child's links are checked before they are followed, so
 * a ring that never closes fails instead of looping.
 */
static void check_children(const struct cte *n)
{
	const struct cap *p = &n->cap;
	const struct cte *first = n->first_child;

	for (const struct cte *k = first; k;
	     k = k->next_sibling == first ? NULL : k->next_sibling) {
		const struct cap *c = &k->cap;

		check_links(k);
		if ((k->parent != NULL) != (k == n->first_child))
			fail(k, "a parent pointer outside a first child");
		if (cap_is_null(c) || c->type >= KAAL_OBJ_TYPE_MAX)
			fail(k, "empty or invalid capability in the tree");
		if (c->rights & ~KAAL_RIGHTS_ALL)
			fail(k, "unknown rights bits");
		if (n == &cdt_root || p->type != c->type ||
		    p->object != c->object)
			continue;
		if (c->rights & ~p->rights)
			fail(k, "a copy has rights its parent lacks");
		if (cap_has_badge(c) && (p->flags & CAP_F_BADGED) &&
		    cap_badge(p) != cap_badge(c))
			fail(k,
			     "a copy of a badged capability changed the badge");
	}
}

/* Children retyped from an untyped lie inside it, below its watermark. */
static void check_untyped(const struct cte *n)
{
	const struct cap *u = &n->cap;

	if (u->type != KAAL_OBJ_UNTYPED)
		return;
	if (cap_untyped_watermark(u) > (1ull << u->size_bits))
		fail(n, "untyped watermark beyond its size");
	for (const struct cte *c = n->first_child; c; c = cdt_next_sibling(c)) {
		uint64_t pa = c->cap.type == KAAL_OBJ_UNTYPED ||
					      c->cap.type == KAAL_OBJ_PAGE ||
					      c->cap.type ==
						      KAAL_OBJ_LARGE_PAGE ?
				      c->cap.object :
				      0;

		if (pa && (pa < u->object ||
			   pa >= u->object + cap_untyped_watermark(u)))
			fail(c, "object outside its untyped's used range");
	}
}

/*
 * Objects being destroyed (kernel/cspace.c): CNodes and TCBs, and at the
 * deepest an endpoint or notification whose waiters are being woken, all in
 * one chain from cspace_dying up through each one's cap_dying_up; every slot of
 * each below its cursor is empty, and the one under the cursor of each
 * but the deepest holds the next one down; @dying capabilities are
 * marked in the tree, so the chain is exactly that long.
 */
static void check_dying_chain(unsigned long dying)
{
	const struct cte *below = NULL;
	unsigned long len = 0;

	for (const struct cte *n = cspace_dying; n;
	     below = n, n = cap_dying_up(&n->cap)) {
		const struct cap *c = &n->cap;
		const struct cte *slots;
		size_t size;

		if (!(c->flags & CAP_F_DYING) || ++len > dying)
			fail(n, "dying chain broken, or longer than the dying");
		if (n->first_child)
			fail(n, "a dying capability has copies");
		if (c->type == KAAL_OBJ_TCB) {
			const struct tcb *t = cap_object(c);

			slots = &t->cspace_root;
			size = TCB_NR_SLOTS;
		} else if (c->type == KAAL_OBJ_CNODE) {
			slots = cnode_slots(c);
			size = 1ul << c->size_bits;
		} else if (c->type == KAAL_OBJ_ENDPOINT ||
			   c->type == KAAL_OBJ_NOTIFICATION) {
			if (below)
				fail(n, "a dying endpoint or notification "
					"above another dying object");
			continue; /* waking its waiters: no cursor */
		} else {
			fail(n, "a dying object of a type that cannot die");
		}
		if (cap_dying_cursor(c) > size ||
		    (below && (cap_dying_cursor(c) == size ||
			       &slots[cap_dying_cursor(c)] != below)))
			fail(n, "dying object's cursor is not at the next one");
		for (size_t i = 0; i < cap_dying_cursor(c); i++)
			if (!cap_is_null(&slots[i].cap))
				fail(n, "a full slot below a dying cursor");
	}
	if (len != dying)
		panic("invariant violated: %lu dying capabilities, %lu in the "
		      "chain",
		      dying, len);
}

/* What a capability derives from its other fields (kaal/capability.h):
 * a CNode's one-level mark and decode word, a VSpace's switch token. A
 * stale one would let the IPC fast path decode a cptr with an old guard,
 * or switch to an address space that is gone. */
static void check_derived(const struct cte *n)
{
	const struct cap *c = &n->cap;

	if (c->type == KAAL_OBJ_CNODE && !(c->flags & CAP_F_DYING)) {
		bool one = cap_cnode_guard_bits(c) + c->size_bits ==
			   KAAL_WORD_BITS;

		if (one != cap_cnode_one_level(c) ||
		    (one && cap_cnode_decode_word(c) !=
				    cap_cnode_guard(c) << c->size_bits))
			fail(n, "a CNode's one-level decode word is stale");
	} else if (c->flags & CAP_F_ONE_LEVEL) {
		fail(n, "one-level mark on a capability that cannot decode");
	}
	if (c->type == KAAL_OBJ_VSPACE &&
	    cap_vspace_token(c) != cap_vspace_token_of(cap_vspace_id(c)))
		fail(n, "a VSpace's switch token is stale");
}

static void check_tcb(const struct cte *n)
{
	const struct tcb *t = cap_object(&n->cap);

	if (n->cap.type != KAAL_OBJ_TCB)
		return;
	if ((t->state == TS_RUNNABLE) != !!t->sched.queued)
		fail(n, "runnable state and run queue disagree");
	if (t->sched.queued == SCHED_LAZY && !tcb_running(t))
		fail(n,
		     "a lazy run-queue node that is not the running thread's");
	if (t->sched.queued == SCHED_LAZY && (t->sched.next || t->sched.prev))
		fail(n, "a lazy run-queue node with list links");
	if (t->state == TS_BLOCKED_REPLY && !t->replier && !t->fault_pending)
		fail(n, "waiting for a reply nobody can give");
	if (t->reply_to && t->reply_to->replier != t)
		fail(n, "reply links disagree");
}

void invariants_check(void)
{
	unsigned long dying = 0;

	invariants_objects_begin();
	check_children(&cdt_root);
	for (const struct cte *n = cdt_root.first_child; n;
	     n = next_in_walk(n)) {
		check_children(n); /* n's own links: its parent's call */
		check_untyped(n);
		check_derived(n);
		check_tcb(n);
		invariants_object(n);
		dying += !!(n->cap.flags & CAP_F_DYING);
	}
	check_dying_chain(dying);
	invariants_objects_end();
}
