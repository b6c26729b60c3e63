// SPDX-License-Identifier: GPL-2.0-only
/*
 * The capability derivation tree: each CTE knows its parent, its first
 * child and its siblings. Unlinking a slot hands its children to its
 * parent, so the tree stays whole when a capability in the middle goes.
 * Nothing here recurses: revoke walks the tree iteratively (kernel/cnode.c).
 */
#include <kaal/object.h>
#include <kaal/printk.h>

void cdt_insert_child(struct cte *parent, struct cte *child)
{
	kassert(!child->parent && !child->first_child);
	child->parent = parent;
	child->prev_sibling = NULL;
	child->next_sibling = parent ? parent->first_child : NULL;
	if (parent) {
		if (parent->first_child)
			parent->first_child->prev_sibling = child;
		parent->first_child = child;
	}
}

static void cdt_detach(struct cte *slot)
{
	if (slot->prev_sibling)
		slot->prev_sibling->next_sibling = slot->next_sibling;
	else if (slot->parent)
		slot->parent->first_child = slot->next_sibling;
	if (slot->next_sibling)
		slot->next_sibling->prev_sibling = slot->prev_sibling;
	slot->parent = slot->next_sibling = slot->prev_sibling = NULL;
}

/* Remove @slot from the tree; its children become children of its parent
 * (or roots, if it had none). */
void cdt_unlink(struct cte *slot)
{
	struct cte *parent = slot->parent;

	cdt_detach(slot);
	while (slot->first_child) {
		struct cte *c = slot->first_child;

		cdt_detach(c);
		c->parent = NULL;
		cdt_insert_child(parent, c);
	}
}

/* Move the tree position of @src to the empty slot @dest. */
void cdt_move(struct cte *dest, struct cte *src)
{
	struct cte *parent = src->parent;

	kassert(!dest->parent && !dest->first_child);
	dest->parent = NULL;
	dest->next_sibling = dest->prev_sibling = NULL;
	cdt_detach(src);
	cdt_insert_child(parent, dest);
	dest->first_child = src->first_child;
	for (struct cte *c = dest->first_child; c; c = c->next_sibling)
		c->parent = dest;
	src->first_child = NULL;
}

static bool same_object(const struct cap *a, const struct cap *b)
{
	return a->type == b->type && a->object == b->object;
}

/* Is there another capability to the object @slot refers to? Copies of a
 * capability are its descendants, so looking one level up and down is
 * enough (a child of another type is a different, derived object). */
bool cdt_has_other_refs(const struct cte *slot)
{
	if (slot->parent && same_object(&slot->parent->cap, &slot->cap))
		return true;
	for (const struct cte *c = slot->first_child; c; c = c->next_sibling)
		if (same_object(&c->cap, &slot->cap))
			return true;
	return false;
}
