// SPDX-License-Identifier: GPL-2.0-only
/*
 * CSpace addressing, capability insertion, deletion and revocation.
 *
 * Deletion never recurses through nested objects: a CNode whose last
 * capability goes is "buried": each of its slots is cut out of the CDT
 * at once (remembering whether it held the last reference to its object)
 * and the CNode is queued on a graveyard list linked through its first
 * slot. The outermost delete drains the graveyard, so a chain of CNodes of
 * any depth costs no kernel stack.
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

static inline uint64_t low_bits(unsigned int n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

struct lookup_ret cspace_resolve(const struct cap *root, uint64_t cptr,
				 unsigned int depth, bool exact)
{
	const struct cap *node = root;
	unsigned int left = depth;

	if (root->type != KAAL_OBJ_CNODE)
		return (struct lookup_ret){ KAAL_E_INVALID_ROOT, NULL };
	if (depth < 1 || depth > KAAL_WORD_BITS)
		return (struct lookup_ret){ KAAL_E_DEPTH, NULL };
	for (;;) {
		unsigned int guard_bits = node->extra, radix = node->size_bits;
		struct cte *slot;

		if (guard_bits + radix > left)
			return (struct lookup_ret){ KAAL_E_DEPTH, NULL };
		if (((cptr >> (left - guard_bits)) & low_bits(guard_bits)) !=
		    (node->data & low_bits(guard_bits)))
			return (struct lookup_ret){ KAAL_E_GUARD, NULL };
		left -= guard_bits + radix;
		slot = &cnode_slots(node)[(cptr >> left) & low_bits(radix)];
		if (!left)
			return (struct lookup_ret){ KAAL_OK, slot };
		if (slot->cap.type != KAAL_OBJ_CNODE)
			return exact ? (struct lookup_ret){ KAAL_E_DEPTH, NULL } :
				       (struct lookup_ret){ KAAL_OK, slot };
		node = &slot->cap;
	}
}

struct lookup_ret cspace_lookup_cap(struct tcb *t, uint64_t cptr)
{
	struct lookup_ret r = cspace_resolve(&t->cspace_root.cap, cptr,
					     KAAL_WORD_BITS, false);

	if (!r.err && cap_is_null(&r.slot->cap))
		r.err = KAAL_E_MISSING_CAP;
	return r;
}

struct lookup_ret cspace_lookup_typed(struct tcb *t, uint64_t cptr,
				      unsigned int type)
{
	struct lookup_ret r = cspace_lookup_cap(t, cptr);

	if (!r.err && r.slot->cap.type != type)
		r.err = KAAL_E_WRONG_TYPE;
	return r;
}

struct lookup_ret cspace_lookup_cnode(struct tcb *t, uint64_t cptr,
				      uint64_t depth)
{
	struct lookup_ret r;

	if (depth == 0)
		return (struct lookup_ret){ KAAL_OK, &t->cspace_root };
	if (depth > KAAL_WORD_BITS)
		return (struct lookup_ret){ KAAL_E_DEPTH, NULL };
	r = cspace_resolve(&t->cspace_root.cap, cptr, (unsigned int)depth, true);
	if (!r.err && cap_is_null(&r.slot->cap))
		r.err = KAAL_E_MISSING_CAP;
	else if (!r.err && r.slot->cap.type != KAAL_OBJ_CNODE)
		r.err = KAAL_E_WRONG_TYPE;
	return r;
}

struct lookup_ret cspace_lookup_slot(struct tcb *t, uint64_t cnode,
				     uint64_t index, uint64_t depth)
{
	struct lookup_ret r = cspace_lookup_typed(t, cnode, KAAL_OBJ_CNODE);

	if (r.err)
		return r;
	if (depth < 1 || depth > KAAL_WORD_BITS)
		return (struct lookup_ret){ KAAL_E_DEPTH, NULL };
	return cspace_resolve(&r.slot->cap, index, (unsigned int)depth, true);
}

/* Every capability made at boot is a child of this empty sentinel, so the
 * whole derivation forest is one tree the invariant checker can walk. */
struct cte cdt_root;

void cspace_insert(struct cte *dest, const struct cap *cap, struct cte *parent)
{
	kassert(cap_is_null(&dest->cap));
	dest->cap = *cap;
	dest->parent = dest->first_child = NULL;
	dest->next_sibling = dest->prev_sibling = NULL;
	cdt_insert_child(parent ? parent : &cdt_root, dest);
}

/* ---- deletion --------------------------------------------------------- */

static struct cte *graveyard;	/* buried CNodes, linked via slot 0 */
static unsigned int delete_depth;

#define FINAL_MARK	((struct cte *)1)

/* Cut every slot of a dead CNode out of the CDT, noting which held the
 * last reference to their object, and queue the CNode. */
static void cnode_bury(const struct cap *cnode)
{
	struct cte *slots = cnode_slots(cnode);
	size_t n = 1ul << cnode->size_bits;

	for (size_t i = 0; i < n; i++) {
		bool final;

		if (cap_is_null(&slots[i].cap))
			continue;
		final = !cdt_has_other_refs(&slots[i]);
		cdt_unlink(&slots[i]);
		slots[i].prev_sibling = final ? FINAL_MARK : NULL;
	}
	slots[0].next_sibling = graveyard;
	graveyard = slots;
	/* The size is needed when the CNode is drained. */
	slots[0].first_child = (struct cte *)(uintptr_t)n;
}

/* A capability leaves its slot: a mapped page or page table is unmapped
 * whatever other copies exist; the object goes when @final. */
static void release(struct cap *cap, bool final)
{
	if (cap->flags & CAP_F_MAPPED)
		vspace_unmap_cap(cap);
	if (!final)
		return;
	if (cap->type == KAAL_OBJ_CNODE)
		cnode_bury(cap);
	else
		object_finalise(cap);
}

static void graveyard_drain(void)
{
	while (graveyard) {
		struct cte *slots = graveyard;
		size_t n = (size_t)(uintptr_t)slots[0].first_child;

		graveyard = slots[0].next_sibling;
		for (size_t i = 0; i < n; i++) {
			struct cap cap = slots[i].cap;
			bool final = slots[i].prev_sibling == FINAL_MARK;

			memset(&slots[i], 0, sizeof(slots[i]));
			if (!cap_is_null(&cap))
				release(&cap, final);
		}
	}
}

void cspace_delete_slot(struct cte *slot)
{
	struct cap cap = slot->cap;
	bool final;

	if (cap_is_null(&cap))
		return;
	final = !cdt_has_other_refs(slot);
	cdt_unlink(slot);
	memset(slot, 0, sizeof(*slot));
	delete_depth++;
	release(&cap, final);
	/* Only the outermost delete drains, and while it does, deletes that
	 * destroying an object starts (a TCB's own slots) stay nested. */
	if (delete_depth == 1)
		graveyard_drain();
	delete_depth--;
}

/* Delete descendants leaf first: no recursion, no extra memory. Every
 * REVOKE_BATCH deletions the revoke checks for a pending interrupt and,
 * if there is one, stops with KAAL_E_PREEMPTED: the system call is then
 * restarted after the interrupt, continuing where it stopped. */
#define REVOKE_BATCH	64

int cspace_revoke_slot(struct cte *slot)
{
	unsigned int n = 0;

	while (slot->first_child) {
		struct cte *leaf = slot->first_child;

		while (leaf->first_child)
			leaf = leaf->first_child;
		cspace_delete_slot(leaf);
		if (++n % REVOKE_BATCH == 0 && slot->first_child &&
		    arch_irq_pending())
			return SYSCALL_RESTART;
	}
	return 0;
}
