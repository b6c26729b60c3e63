// SPDX-License-Identifier: GPL-2.0-only
/*
 * The capability derivation tree. Copies of a capability are its
 * descendants; the objects retyped from an untyped are its children.
 *
 * Links: each CTE has its first child, and its siblings form a circular
 * doubly-linked list (the first child's previous sibling is the last).
 * Only a first child holds its parent pointer; every other child's is
 * NULL. So every operation here is a constant number of stores, however
 * many children a capability has:
 *  - when a capability in the middle of the tree goes, its children take
 *    its place in its parent's child list, in order, by splicing two
 *    rings (only the new first child, if any, learns its parent);
 *  - a move puts the destination in the source's exact place, and only
 *    the first child is told of its new parent.
 * Nothing here recurses: revoke deletes first children one at a time
 * (kernel/cspace.c), and the invariant checker walks the tree with the
 * links alone.
 *
 * Together with moves that keep the exact position, this keeps the
 * invariant the "last capability?" test relies on: capabilities to one
 * object that are siblings are always adjacent.
 */
#include <kaal/object.h>
#include <kaal/printk.h>

static bool is_first_child(const struct cte *slot)
{
	return slot->parent != NULL;
}

/* The next sibling of @slot in order, or NULL after the last. */
const struct cte *cdt_next_sibling(const struct cte *slot)
{
	return is_first_child(slot->next_sibling) ? NULL : slot->next_sibling;
}

/* The previous sibling of @slot in order, or NULL before the first. */
static const struct cte *cdt_prev_sibling(const struct cte *slot)
{
	return is_first_child(slot) ? NULL : slot->prev_sibling;
}

/* @slot's parent: a walk back to the first sibling. For the invariant
 * checker and tests only; the kernel's paths never need it. */
const struct cte *cdt_parent(const struct cte *slot)
{
	while (!is_first_child(slot))
		slot = slot->prev_sibling;
	return slot->parent;
}

void cdt_insert_child(struct cte *parent, struct cte *child)
{
	struct cte *first = parent->first_child;

	kassert(!child->parent && !child->first_child);
	child->parent = parent;
	parent->first_child = child;
	if (!first) {
		child->next_sibling = child->prev_sibling = child;
		return;
	}
	first->parent = NULL;
	child->next_sibling = first;
	child->prev_sibling = first->prev_sibling;
	first->prev_sibling->next_sibling = child;
	first->prev_sibling = child;
}

/* Put the ring of children starting at @first (may be NULL) where @slot
 * is in its parent's child list, and take @slot out. */
static void cdt_replace(struct cte *slot, struct cte *first)
{
	struct cte *prev = slot->prev_sibling, *next = slot->next_sibling;
	struct cte *parent = slot->parent; /* set only for a first child */
	bool alone = next == slot;

	if (first) {
		struct cte *last = first->prev_sibling;

		first->parent = NULL;
		if (!alone) {
			prev->next_sibling = first;
			first->prev_sibling = prev;
			last->next_sibling = next;
			next->prev_sibling = last;
		}
	} else if (!alone) {
		prev->next_sibling = next;
		next->prev_sibling = prev;
	}
	if (parent) {
		struct cte *new_first = first ? first : alone ? NULL : next;

		parent->first_child = new_first;
		if (new_first)
			new_first->parent = parent;
	}
}

/* Remove @slot from the tree; its children take its place, in order. */
void cdt_unlink(struct cte *slot)
{
	if (slot->next_sibling) /* in the tree at all */
		cdt_replace(slot, slot->first_child);
	slot->parent = slot->first_child = NULL;
	slot->next_sibling = slot->prev_sibling = NULL;
}

/* Move the tree position of @src to the empty slot @dest, exactly. */
void cdt_move(struct cte *dest, struct cte *src)
{
	bool alone = src->next_sibling == src;

	kassert(!dest->parent && !dest->first_child);
	dest->parent = src->parent;
	if (dest->parent)
		dest->parent->first_child = dest;
	if (alone) {
		dest->next_sibling = dest->prev_sibling = dest;
	} else {
		dest->next_sibling = src->next_sibling;
		dest->prev_sibling = src->prev_sibling;
		dest->next_sibling->prev_sibling = dest;
		dest->prev_sibling->next_sibling = dest;
	}
	dest->first_child = src->first_child;
	if (dest->first_child)
		dest->first_child->parent = dest;
	src->parent = src->first_child = NULL;
	src->next_sibling = src->prev_sibling = NULL;
}

static bool same_object(const struct cap *a, const struct cap *b)
{
	return a->type == b->type && a->object == b->object &&
	       (a->type != KAAL_OBJ_UNTYPED || a->size_bits == b->size_bits);
}

/* Is there another capability to the object @slot refers to? It would be
 * an adjacent sibling, a child or the parent. Only an untyped (whose
 * capabilities cannot be copied) and IRQControl (which nothing destroys,
 * so its last capability needs no finding) have children that are other
 * objects; every child of any other capability is a copy of it, so the
 * first child decides. The parent matters only when @slot has no sibling
 * to the same object, and a parent to the same object has only copies as
 * children: so @slot is then its parent's only child, and a first child,
 * which knows its parent. */
bool cdt_has_other_refs(const struct cte *slot)
{
	const struct cap *c = &slot->cap;
	const struct cte *prev = cdt_prev_sibling(slot);
	const struct cte *next = cdt_next_sibling(slot);

	if ((prev && same_object(&prev->cap, c)) ||
	    (next && same_object(&next->cap, c)))
		return true;
	if (slot->parent && same_object(&slot->parent->cap, c))
		return true;
	return c->type != KAAL_OBJ_UNTYPED && slot->first_child &&
	       same_object(&slot->first_child->cap, c);
}
