// SPDX-License-Identifier: GPL-2.0-only
/*
 * CSpace addressing, capability insertion, deletion and revocation.
 * Neither deletion nor revoke recurses, and both can stop at a preemption
 * point and be restarted (see "deletion" below).
 */
#include <kaal/arch/cpu.h>
#include <kaal/cspace.h>
#include <kaal/ipc.h>
#include <kaal/object_ops.h>
#include <kaal/printk.h>
#include <kaal/string.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>

/*@ assigns \nothing;
    ensures n < 64 ==> \result == (1 << n) - 1;
 */
static inline uint64_t low_bits(unsigned int n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/*
 * The slot index: the @radix bits of @cptr below its lowest @shift bits.
 * With the radix of a well-formed CNode, always the index of one of its
 * 2^@radix slots. (GCC makes the remainder by a power of two a mask.)
 */
/*@ requires radix <= KAAL_CNODE_MAX_BITS;
    requires shift < 64;
    assigns \nothing;
    ensures \result < (1 << radix);
 */
static inline uint64_t cnode_index(uint64_t cptr, unsigned int shift,
				   unsigned int radix)
{
	uint64_t i = cptr >> shift, n = 1ull << radix;

	/*@ assert n == (1 << radix) && n > 0; */
	/*@ assert i % n < n; */
	return i % n;
}

/*
 * The CNode and index of the slot cspace_resolve found, for its contract
 * only (ghost: not in the kernel).
 */
/*@ ghost struct cap *resolved_node; */
/*@ ghost uint64_t resolved_index; */

/*
 * The one assumption of the proof, the kernel's invariant over CNodes
 * (checked at run time by CONFIG_KERNEL_INVARIANTS, kernel/invariants.c):
 * a CNode capability in a slot of a CNode is itself well formed. Ghost,
 * with no body: its contract is assumed where it is called.
 */
/*@ ghost
  /@ requires \valid_read(slot) && slot->cap.type == KAAL_OBJ_CNODE;
     assigns \nothing;
     ensures cnode_ok(&slot->cap);
   @/
  void cnode_child_ok(struct cte *slot);
 */

/*
 * Every lookup either fails with no slot or finds slot @index of a CNode
 * that the kernel's invariant (cnode_ok, <kaal/cspace.h>) covers, index
 * below its 2^radix slots, whatever @cptr, @depth and the guards are; a
 * slot is read only among those slots.
 */
/*@ requires \valid_read(root);
    requires root->type == KAAL_OBJ_CNODE ==> cnode_ok(root);
    assigns resolved_node, resolved_index;
    ensures \result.err == KAAL_OK || \result.slot == \null;
    ensures \result.err == KAAL_OK ==>
	cnode_ok(resolved_node) &&
	resolved_index < (1 << resolved_node->size_bits) &&
	\result.slot == CNODE_SLOTS(resolved_node) + resolved_index;
 */
struct lookup_ret cspace_resolve(const struct cap *root, uint64_t cptr,
				 unsigned int depth, bool exact)
{
	const struct cap *node = root;
	unsigned int left = depth;

	if (root->type != KAAL_OBJ_CNODE || (root->flags & CAP_F_DYING))
		return (struct lookup_ret){ KAAL_E_INVALID_ROOT, NULL };
	if (depth < 1 || depth > KAAL_WORD_BITS)
		return (struct lookup_ret){ KAAL_E_DEPTH, NULL };
	/*@ loop invariant 1 <= left <= KAAL_WORD_BITS;
	    loop invariant cnode_ok(node);
	    loop assigns node, left, resolved_node, resolved_index;
	    loop variant left;
	 */
	for (;;) {
		unsigned int guard_bits = cap_cnode_guard_bits(node);
		unsigned int radix = cap_cnode_radix(node);
		uint64_t index;
		struct cte *slot;

		/* A CNode of no slot bits (none is made) resolves nothing:
		 * every level consumes bits, so no shift below is by 64. */
		if (!radix || guard_bits + radix > left)
			return (struct lookup_ret){ KAAL_E_DEPTH, NULL };
		/* No guard bits, nothing to compare (and no shift by 64
		 * when the guard and radix take none of a 64-bit depth). */
		if (guard_bits &&
		    ((cptr >> (left - guard_bits)) & low_bits(guard_bits)) !=
			    (cap_cnode_guard(node) & low_bits(guard_bits)))
			return (struct lookup_ret){ KAAL_E_GUARD, NULL };
		left -= guard_bits + radix;
		index = cnode_index(cptr, left, radix);
		/*@ assert index < (1 << node->size_bits); */
		slot = &cnode_slots(node)[index];
		/*@ assert \valid(slot); */
		/*@ ghost resolved_node = (struct cap *)node;
			  resolved_index = index; */
		if (!left)
			return (struct lookup_ret){ KAAL_OK, slot };
		/* Nothing is looked up through a CNode being emptied. */
		if (slot->cap.type != KAAL_OBJ_CNODE ||
		    (slot->cap.flags & CAP_F_DYING))
			return exact ? (struct lookup_ret){ KAAL_E_DEPTH,
							    NULL } :
				       (struct lookup_ret){ KAAL_OK, slot };
		/*@ ghost cnode_child_ok(slot); */
		node = &slot->cap;
	}
}

/*
 * The common case, as the IPC fast path finds it (kernel/fastpath.c): the
 * thread's root CNode's guard and radix cover all 64 bits, so one level
 * resolves any cptr of depth 64: the bits above the index must be the
 * guard, and XOR with the guard leaves the index. Anything else (more
 * levels, a guard with bits above its size, a root that is no CNode) is
 * NULL here, for cspace_resolve to decide. A dying CNode has no guard
 * bits (cap_set_dying), so it is never resolved here.
 */
static __always_inline bool one_level(const struct cap *root, uint64_t cptr)
{
	return root->type == KAAL_OBJ_CNODE &&
	       cap_cnode_guard_bits(root) + cap_cnode_radix(root) ==
		       KAAL_WORD_BITS &&
	       (cptr >> cap_cnode_radix(root)) == cap_cnode_guard(root);
}

/* The slot, once one_level() said yes: the guard is the bits above the
 * radix, and the index the radix's bits below it (cnode_index). */
static __always_inline struct cte *one_level_slot(const struct cap *root,
						  uint64_t cptr)
{
	return &cnode_slots(root)[cnode_index(cptr, 0, cap_cnode_radix(root))];
}

/* A capability found in @slot may be used: not empty, not dying. */
static __always_inline int usable(const struct cte *slot)
{
	if (cap_is_null(&slot->cap))
		return KAAL_E_MISSING_CAP;
	if (slot->cap.flags & CAP_F_DYING)
		return KAAL_E_DELETED;
	return KAAL_OK;
}

static __attribute__((noinline)) struct lookup_ret
lookup_cap_resolve(struct tcb *t, uint64_t cptr)
{
	struct lookup_ret r = cspace_resolve(&t->cspace_root.cap, cptr,
					     KAAL_WORD_BITS, false);

	if (!r.err)
		r.err = usable(r.slot);
	return r;
}

struct lookup_ret cspace_lookup_cap(struct tcb *t, uint64_t cptr)
{
	const struct cap *root = &t->cspace_root.cap;
	struct cte *slot;

	if (!one_level(root, cptr))
		return lookup_cap_resolve(t, cptr);
	slot = one_level_slot(root, cptr);
	return (struct lookup_ret){ usable(slot), slot };
}

struct lookup_ret cspace_lookup_typed(struct tcb *t, uint64_t cptr,
				      unsigned int type)
{
	const struct cap *root = &t->cspace_root.cap;
	struct lookup_ret r;

	if (one_level(root, cptr)) {
		r.slot = one_level_slot(root, cptr);
		r.err = usable(r.slot);
	} else {
		r = lookup_cap_resolve(t, cptr);
	}
	if (!r.err && r.slot->cap.type != type)
		r.err = KAAL_E_WRONG_TYPE;
	return r;
}

/* A CNode capability found in @slot (KAAL_E_WRONG_TYPE after the tests
 * of usable()). */
static __always_inline int usable_cnode(const struct cte *slot)
{
	if (cap_is_null(&slot->cap))
		return KAAL_E_MISSING_CAP;
	if (slot->cap.type != KAAL_OBJ_CNODE)
		return KAAL_E_WRONG_TYPE;
	if (slot->cap.flags & CAP_F_DYING)
		return KAAL_E_DELETED;
	return KAAL_OK;
}

static __attribute__((noinline)) struct lookup_ret
lookup_cnode_resolve(struct tcb *t, uint64_t cptr, uint64_t depth)
{
	struct lookup_ret r;

	if (depth == 0 && (t->cspace_root.cap.flags & CAP_F_DYING))
		return (struct lookup_ret){ KAAL_E_DELETED, NULL };
	if (depth == 0)
		return (struct lookup_ret){ KAAL_OK, &t->cspace_root };
	if (depth > KAAL_WORD_BITS)
		return (struct lookup_ret){ KAAL_E_DEPTH, NULL };
	r = cspace_resolve(&t->cspace_root.cap, cptr, (unsigned int)depth,
			   true);
	if (!r.err)
		r.err = usable_cnode(r.slot);
	return r;
}

struct lookup_ret cspace_lookup_cnode(struct tcb *t, uint64_t cptr,
				      uint64_t depth)
{
	const struct cap *root = &t->cspace_root.cap;
	struct cte *slot;

	/* At depth 64, one level is an exact resolution too. */
	if (depth != KAAL_WORD_BITS || !one_level(root, cptr))
		return lookup_cnode_resolve(t, cptr, depth);
	slot = one_level_slot(root, cptr);
	return (struct lookup_ret){ usable_cnode(slot), slot };
}

struct lookup_ret cspace_lookup_slot(struct tcb *t, uint64_t cnode,
				     uint64_t index, uint64_t depth)
{
	struct lookup_ret r = cspace_lookup_typed(t, cnode, KAAL_OBJ_CNODE);

	if (r.err)
		return r;
	return cspace_resolve_slot(&r.slot->cap, index, depth);
}

struct lookup_ret cspace_resolve_slot(const struct cap *cnode, uint64_t index,
				      uint64_t depth)
{
	if (depth < 1 || depth > KAAL_WORD_BITS)
		return (struct lookup_ret){ KAAL_E_DEPTH, NULL };
	return cspace_resolve(cnode, index, (unsigned int)depth, true);
}

/* Every capability made at boot is a child of this empty sentinel, so the
 * whole derivation forest is one tree the invariant checker can walk. */
struct cte cdt_root;

void cspace_insert(struct cte *dest, const struct cap *cap, struct cte *parent)
{
	kassert(cap_is_null(&dest->cap));
	dest->cap = *cap;
	cspace_link(dest, parent);
}

/* ---- deletion --------------------------------------------------------- */

/*
 * Destroying a CNode or a TCB means deleting what its slots hold first:
 * up to 2^20 capabilities, among them perhaps the last one to another
 * CNode or TCB, and so on to any depth. Destroying an endpoint or a
 * notification means waking every thread waiting on it, as many as there
 * are TCBs: they die the same way, one waiter a step (dies_in_steps). As seL4 does with its zombie
 * capabilities, the kernel empties it in steps, without recursion, and
 * can stop between any two steps:
 *
 *  - the last capability stays in its slot, marked CAP_F_DYING, until
 *    the object is empty. The object's memory stays in use (its untyped
 *    still has a child), but nothing reaches into the object, and the
 *    capability cannot be used, copied or moved (KAAL_E_DELETED). It
 *    has a cursor: every slot of the object below it is empty;
 *  - when the slot under the cursor holds the last capability to another
 *    CNode or TCB, that one starts dying too, and it points back at
 *    the slot of the one it was found in. The dying objects form a chain,
 *    from the one the delete started with down to the one being emptied,
 *    cspace_dying. There is one chain at a time: a delete that would
 *    start another first completes the one under way;
 *  - a dying capability under a cursor can only be the chain's first: its
 *    slot lay in an object that came to die in the same chain (or in the
 *    object itself). It moves to a slot of the kernel's own, so that no
 *    memory is given back while a capability lives in it.
 *
 * Every step is a bounded amount of work, after which the state is
 * consistent. Every DELETE_BATCH steps the delete checks for a pending
 * interrupt and, if there is one, returns SYSCALL_RESTART: the system
 * call runs again after the interrupt, finds the dying capability where
 * it was, and continues the chain where it stopped.
 */
#define DELETE_BATCH 64

struct cte *cspace_dying;
static struct cte chain_anchor; /* the chain's first capability, moved */

/* A TCB's slots are contiguous: a dying TCB is emptied like a CNode. */
_Static_assert(offsetof(struct tcb, fault_ep) ==
		       offsetof(struct tcb, cspace_root) +
			       (TCB_NR_SLOTS - 1) * sizeof(struct cte),
	       "TCB slots in a row");

static bool has_slots(const struct cap *c)
{
	return c->type == KAAL_OBJ_CNODE || c->type == KAAL_OBJ_TCB;
}

/* Objects whose last capability dies in steps: CNodes and TCBs (a slot a
 * step), endpoints and notifications with waiters (a waiter woken a step,
 * as seL4 bounds cancelling all IPC). A dying endpoint or notification has
 * no slots, so it can only be the deepest of the chain. */
static bool dies_in_steps(const struct cap *c)
{
	return has_slots(c) || object_has_waiters(c);
}

static struct cte *slots_of(const struct cap *c, size_t *n)
{
	if (c->type == KAAL_OBJ_TCB) {
		*n = TCB_NR_SLOTS;
		return &((struct tcb *)cap_object(c))->cspace_root;
	}
	*n = 1ul << c->size_bits;
	return cnode_slots(c);
}

/* The capability leaves @slot: a mapped page or page table is unmapped
 * whatever other copies exist; the object goes when @final. */
static void delete_now(struct cte *slot, bool final)
{
	struct cap cap = slot->cap;

	cdt_unlink(slot);
	memset(slot, 0, sizeof(*slot));
	if (cap.flags & CAP_F_MAPPED)
		vspace_unmap_cap(&cap);
	if (final)
		object_finalise(&cap);
}

/* @slot holds the last capability to an object that dies in steps, found
 * in the slot of @up (NULL: the delete started with it). A TCB stops
 * running now; nothing signals a notification any more. */
static void start_dying(struct cte *slot, struct cte *up)
{
	struct cap *c = &slot->cap;

	object_finalise(c);
	cap_set_dying(c, up); /* no guard bits: the fast path refuses it */
	cspace_dying = slot;
}

/* The chain's first capability lies in @slot, which is about to go with
 * the object being emptied: it moves to chain_anchor. */
static void anchor_first(struct cte *slot)
{
	struct cap *first = &slot->cap;
	size_t n;

	kassert(!cap_dying_up(first) && cap_is_null(&chain_anchor.cap));
	if (cspace_dying == slot)
		cspace_dying = &chain_anchor;
	else /* the next one in the chain, under its cursor */
		cap_dying_set_up(
			&slots_of(first, &n)[cap_dying_cursor(first)].cap,
			&chain_anchor);
	chain_anchor.cap = *first;
	cdt_move(&chain_anchor, slot);
	memset(&slot->cap, 0, sizeof(slot->cap));
}

/* One step in emptying the deepest dying object: wake one waiter of an
 * endpoint or notification; or pass an empty slot, delete a capability,
 * start on the object whose last capability is there; or, the object
 * being empty, delete its own capability and go back up the chain. */
static void dying_step(void)
{
	struct cte *slot = cspace_dying, *s;
	struct cap *c = &slot->cap;
	struct cte *slots;
	size_t n;
	bool final;

	if (!has_slots(c)) { /* an endpoint or a notification */
		if (!object_wake_one(c)) {
			cspace_dying = cap_dying_up(c);
			delete_now(slot, false);
		}
		return;
	}
	slots = slots_of(c, &n);
	if (cap_dying_cursor(c) == n) {
		cspace_dying = cap_dying_up(c);
		delete_now(slot, false); /* finalised when it started */
		return;
	}
	s = &slots[cap_dying_cursor(c)];
	if (cap_is_null(&s->cap)) {
		cap_dying_advance(c);
	} else if (s->cap.flags & CAP_F_DYING) {
		anchor_first(s); /* may move this very capability */
		cap_dying_advance(&cspace_dying->cap);
	} else if ((final = !cdt_has_other_refs(s)) && dies_in_steps(&s->cap)) {
		start_dying(s, slot);
	} else {
		delete_now(s, final);
		cap_dying_advance(c);
	}
}

/* Run the chain to its end, or until an interrupt is pending at the end
 * of a batch of steps. */
static int dying_run(void)
{
	unsigned int steps = 0;

	while (cspace_dying) {
		dying_step();
		if (++steps % DELETE_BATCH == 0 && cspace_dying &&
		    arch_irq_pending())
			return SYSCALL_RESTART;
	}
	return 0;
}

int cspace_delete_slot(struct cte *slot)
{
	bool final;
	int err;

	if (cap_is_null(&slot->cap))
		return 0;
	final = !cdt_has_other_refs(slot);
	if (!(slot->cap.flags & CAP_F_DYING) &&
	    !(final && dies_in_steps(&slot->cap))) {
		delete_now(slot, final);
		return 0;
	}
	/* First the chain under way: it may be this one, or empty @slot. */
	if ((err = dying_run()) || cap_is_null(&slot->cap))
		return err;
	start_dying(slot, NULL);
	return dying_run();
}

/* Delete descendants one first child at a time: the children of each
 * take its place (kernel/cdt.c), so each deletion is a constant amount of
 * tree work and nothing recurses. Every REVOKE_BATCH deletions the revoke
 * checks for a pending interrupt and, if there is one, stops with
 * SYSCALL_RESTART: the system call is then restarted after the
 * interrupt, continuing where it stopped. A deletion that destroys a
 * CNode or TCB may stop too (cspace_delete_slot). */
#define REVOKE_BATCH 64

int cspace_revoke_slot(struct cte *slot)
{
	unsigned int n = 0;
	int err;

	while (slot->first_child) {
		if ((err = cspace_delete_slot(slot->first_child)))
			return err;
		if (++n % REVOKE_BATCH == 0 && slot->first_child &&
		    arch_irq_pending())
			return SYSCALL_RESTART;
	}
	return 0;
}
