/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Capabilities and capability table entries (CTEs). struct cap, the
 * layout of each type and its accessors: kaal/capability.h.
 *
 * A CTE is a slot: the capability and its links in the capability
 * derivation tree (CDT). Every copy, mint and retype makes the new
 * capability a child of its source, so revoke can find every descendant
 * and deleting the last capability to an object can destroy it.
 */
#ifndef KAAL_OBJECT_H
#define KAAL_OBJECT_H

#include <kaal/capability.h>
#include <kaal/types.h>
#include <uapi/kaal/object.h>

/* A capability slot and its place in the derivation tree (kernel/cdt.c:
 * siblings form a ring; only a first child holds its parent). */
struct cte {
	struct cap cap;
	struct cte *parent; /* NULL unless a first child */
	struct cte *first_child;
	struct cte *next_sibling; /* ring: the last's is the first */
	struct cte *prev_sibling; /* ring: the first's is the last */
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
