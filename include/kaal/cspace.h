/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CSpace addressing and slot operations (kernel/cspace.c).
 *
 * A capability pointer (cptr) is resolved seL4-style from a CNode
 * capability: each CNode on the way consumes its guard bits (which must
 * match) and then its radix bits (the slot index), from the most
 * significant end of the depth bits used.
 */
#ifndef KAAL_CSPACE_H
#define KAAL_CSPACE_H

#include <kaal/object.h>

struct tcb;

/*
 * Returned in x0/x1. Aligned to its size so that GCC, under -mstrict-align,
 * keeps the result in those registers instead of storing it to the stack
 * first: one store less at every lookup.
 */
struct lookup_ret {
	int err; /* KAAL_OK or KAAL_E_* */
	struct cte *slot;
} __attribute__((aligned(16)));

/* Resolve @cptr using @depth bits below the CNode capability @root.
 * exact: the depth must end exactly at a slot (CNode operations);
 * otherwise resolution stops at the first slot that is not a CNode. */
struct lookup_ret cspace_resolve(const struct cap *root, uint64_t cptr,
				 unsigned int depth, bool exact);

/* The capability @cptr names in @t's CSpace (depth 64, stop at leaves);
 * an empty slot is KAAL_E_MISSING_CAP. */
struct lookup_ret cspace_lookup_cap(struct tcb *t, uint64_t cptr);

/* Same, and the capability must have type @type (KAAL_E_WRONG_TYPE). */
struct lookup_ret cspace_lookup_typed(struct tcb *t, uint64_t cptr,
				      unsigned int type);

/* A slot for a CNode operation: @cnode is a cptr (depth 64) to a CNode
 * capability in @t's CSpace; @index/@depth are resolved from that CNode.
 * depth 0 is not allowed here. */
struct lookup_ret cspace_lookup_slot(struct tcb *t, uint64_t cnode,
				     uint64_t index, uint64_t depth);

/* The same, in the CNode capability @cnode already looked up. */
struct lookup_ret cspace_resolve_slot(const struct cap *cnode, uint64_t index,
				      uint64_t depth);

/* The CNode capability at (@cptr, @depth) in @t's CSpace; depth 0 means
 * @t's CSpace root itself. */
struct lookup_ret cspace_lookup_cnode(struct tcb *t, uint64_t cptr,
				      uint64_t depth);

/*
 * For the proof of cspace_resolve (make prove, Documentation/assurance.rst):
 * CNODE_SLOTS is the slot array a CNode capability names (cnode_slots
 * below is the kernel's definition of it), and cnode_ok what the kernel
 * keeps true of every CNode capability in a slot or a TCB: at most
 * KAAL_CNODE_MAX_BITS radix and 64 guard bits, and 2^radix slots of
 * valid memory.
 */
/*@ axiomatic CNodeSlots {
      logic struct cte *CNODE_SLOTS{L}(struct cap *c) reads c->object;
    }
    predicate cnode_ok{L}(struct cap *c) =
      \valid_read(c) && c->type == KAAL_OBJ_CNODE &&
      c->size_bits <= KAAL_CNODE_MAX_BITS && c->w0 <= 64 &&
      \valid(CNODE_SLOTS(c) + (0 .. (1 << c->size_bits) - 1));
 */

/* Slots of a CNode object. */
/*@ assigns \nothing;
    ensures \result == CNODE_SLOTS(cnode);
 */
static inline struct cte *cnode_slots(const struct cap *cnode)
{
	return (struct cte *)(uintptr_t)cnode->object;
}

/* Root of the derivation tree: parent of every boot-time capability. */
extern struct cte cdt_root;

/* Store @cap in the empty slot @dest as a CDT child of @parent (NULL for
 * boot-time originals). */
void cspace_insert(struct cte *dest, const struct cap *cap, struct cte *parent);

/* The same for a capability already written into @dest, an empty slot
 * until then (retype makes capabilities in place: object_make). */
static inline void cspace_link(struct cte *dest, struct cte *parent)
{
	dest->parent = dest->first_child = NULL;
	dest->next_sibling = dest->prev_sibling = NULL;
	cdt_insert_child(parent ? parent : &cdt_root, dest);
}

/* Delete the capability in @slot; when it is the last one to its object,
 * the object is destroyed. Destroying a CNode or TCB empties its slots
 * first, iteratively and in steps: returns 0 when @slot is empty, or
 * SYSCALL_RESTART when it stopped for a pending interrupt (progress is
 * kept, and @slot holds the capability, marked CAP_F_DYING, until done). */
int cspace_delete_slot(struct cte *slot);

/* Delete every CDT descendant of @slot. Returns 0, or SYSCALL_RESTART
 * when it stopped early for a pending interrupt (progress is kept). */
int cspace_revoke_slot(struct cte *slot);

/* The CNode or TCB being emptied (NULL: none), for the invariant checker:
 * the chain of dying objects, each waiting for the next, is followed
 * upwards through each dying capability's cap_dying_up (kernel/cspace.c). */
extern struct cte *cspace_dying;

/* A TCB's own slots, which are emptied like a CNode's when it dies. */
#define TCB_NR_SLOTS 4

#endif /* KAAL_CSPACE_H */
