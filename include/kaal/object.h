/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Capabilities and capability table entries (CTEs).
 *
 * A CTE is a slot: the capability and its links in the capability
 * derivation tree (CDT). Every copy, mint and retype makes the new
 * capability a child of its source, so revoke can find every descendant
 * and deleting the last capability to an object can destroy it.
 */
#ifndef KAAL_OBJECT_H
#define KAAL_OBJECT_H

#include <kaal/types.h>
#include <uapi/kaal/object.h>

struct cap {
	uint8_t type;		/* enum kaal_object_type */
	uint8_t rights;		/* KAAL_RIGHT_* */
	uint8_t size_bits;	/* untyped, CNode (slots), page */
	uint8_t flags;		/* CAP_F_* */
	uint32_t extra;		/* CNode: guard size; page/PT: level; IRQ line */
	uint64_t object;	/* kernel address of the object (frames: physical) */
	uint64_t data;		/* endpoint/ntfn: badge; CNode: guard;
				 * untyped: free offset; page/PT: mapped vaddr */
	uint64_t data2;		/* page/PT: ASID it is mapped in (0: none);
				 * untyped: clean mark (kaal/untyped.h) */
};

#define CAP_F_DEVICE	(1u << 0)	/* untyped/page: device memory */
#define CAP_F_BADGED	(1u << 1)	/* badge set by mint: never again */
#define CAP_F_MAPPED	(1u << 2)	/* page/PT: installed in a VSpace */
#define CAP_F_ORIGINAL	(1u << 3)	/* made by retype: owns the object */
#define CAP_F_DYING	(1u << 4)	/* CNode/TCB being emptied (cspace.c) */

/* A capability slot and its place in the derivation tree (kernel/cdt.c:
 * siblings form a ring; only a first child holds its parent). */
struct cte {
	struct cap cap;
	struct cte *parent;		/* NULL unless a first child */
	struct cte *first_child;
	struct cte *next_sibling;	/* ring: the last's is the first */
	struct cte *prev_sibling;	/* ring: the first's is the last */
};

_Static_assert(sizeof(struct cte) == 1u << KAAL_CNODE_SLOT_BITS,
	       "a CNode slot is 2^KAAL_CNODE_SLOT_BITS bytes");

static inline bool cap_is_null(const struct cap *c)
{
	return c->type == KAAL_OBJ_NULL;
}

/* Object address for kernel access, whatever the type. */
static inline void *cap_object(const struct cap *c)
{
	return (void *)(uintptr_t)c->object;
}

/* kernel/cnode.c: may @c be copied, and make a copy a derived capability. */
bool cap_derivable(const struct cap *c);
void cap_derive(struct cap *c, unsigned int rights);

/* kernel/cdt.c: the links are explained there. */
void cdt_insert_child(struct cte *parent, struct cte *child);
const struct cte *cdt_next_sibling(const struct cte *slot);
const struct cte *cdt_parent(const struct cte *slot);
void cdt_unlink(struct cte *slot);
void cdt_move(struct cte *dest, struct cte *src);
bool cdt_has_other_refs(const struct cte *slot);

#endif /* KAAL_OBJECT_H */
