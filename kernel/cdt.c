// SPDX-License-Identifier: GPL-2.0-only
/*
 * The capability derivation tree: each CTE knows its parent, its first
 * child and its siblings. Nothing here recurses: revoke walks the tree
 * iteratively (kernel/cspace.c).
 *
 * Copies of a capability are its descendants. When a capability in the
 * middle of the tree goes, its children take its place in its parent's
 * child list, in order. Together with moves that keep the exact position,
 * this keeps an invariant the "last capability?" test relies on: the
 * capabilities to one object that are siblings are always adjacent.
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

/* Put the non-empty sibling chain [first .. last] where @slot is. */
static void cdt_splice(struct cte *slot, struct cte *first, struct cte *last)
{
	first->prev_sibling = slot->prev_sibling;
	last->next_sibling = slot->next_sibling;
	if (slot->prev_sibling)
		slot->prev_sibling->next_sibling = first;
	else if (slot->parent)
		slot->parent->first_child = first;
	if (slot->next_sibling)
		slot->next_sibling->prev_sibling = last;
}

static void cdt_detach(struct cte *slot)
{
	if (slot->prev_sibling)
		slot->prev_sibling->next_sibling = slot->next_sibling;
	else if (slot->parent)
		slot->parent->first_child = slot->next_sibling;
	if (slot->next_sibling)
		slot->next_sibling->prev_sibling = slot->prev_sibling;
}

/* Remove @slot from the tree; its children take its place, in order. */
void cdt_unlink(struct cte *slot)
{
	struct cte *c = slot->first_child, *last = c;

	if (!c) {
		cdt_detach(slot);
	} else {
		for (; last; last = last->next_sibling) {
			last->parent = slot->parent;
			if (!last->next_sibling)
				break;
		}
		cdt_splice(slot, c, last);
	}
	slot->parent = slot->first_child = NULL;
	slot->next_sibling = slot->prev_sibling = NULL;
}

/* Move the tree position of @src to the empty slot @dest, exactly. */
void cdt_move(struct cte *dest, struct cte *src)
{
	kassert(!dest->parent && !dest->first_child);
	dest->parent = src->parent;
	cdt_splice(src, dest, dest);
	dest->first_child = src->first_child;
	for (struct cte *c = dest->first_child; c; c = c->next_sibling)
		c->parent = dest;
	src->parent = src->first_child = NULL;
	src->next_sibling = src->prev_sibling = NULL;
}

static bool same_object(const struct cap *a, const struct cap *b)
{
	return a->type == b->type && a->object == b->object &&
	       (a->type != KAAL_OBJ_UNTYPED || a->size_bits == b->size_bits);
}

/* Is there another capability to the object @slot refers to? It would be
 * the parent, an adjacent sibling or a child. An untyped's children are
 * always other objects (untyped capabilities cannot be copied). */
bool cdt_has_other_refs(const struct cte *slot)
{
	const struct cap *c = &slot->cap;

	if ((slot->parent && same_object(&slot->parent->cap, c)) ||
	    (slot->prev_sibling && same_object(&slot->prev_sibling->cap, c)) ||
	    (slot->next_sibling && same_object(&slot->next_sibling->cap, c)))
		return true;
	if (c->type == KAAL_OBJ_UNTYPED)
		return false;
	for (const struct cte *k = slot->first_child; k; k = k->next_sibling)
		if (same_object(&k->cap, c))
			return true;
	return false;
}
