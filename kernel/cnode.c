// SPDX-License-Identifier: GPL-2.0-only
/*
 * Capability operations on CNode slots: copy, mint, move, delete, revoke
 * and identify. Derivation only ever removes rights; a badge is set once.
 */
#include <kaal/cspace.h>
#include <kaal/ipc.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <uapi/kaal/errors.h>

/* clang-format off */
/* For the contracts: a badge once set is kept (Qed, WP's simplifier,
 * sees through the bit tests of a macro, not of a predicate). */
#define BADGE_KEPT                                                  \
	(badged_type(\old(c->type)) &&                             \
		 (\old(c->flags) & CAP_F_BADGED) != 0 ==>          \
	 c->w1 == \old(c->w1) && (c->flags & CAP_F_BADGED) != 0)
/* clang-format on */

/* Capabilities that cannot be copied: an untyped's free-space watermark
 * and a page table's single mapping must have one owner; reply rights are
 * one-shot. */
/*@ requires \valid_read(c);
    assigns \nothing;
    ensures \result <==> !cap_underivable_type(c->type);
 */
bool cap_derivable(const struct cap *c)
{
	switch (c->type) {
	case KAAL_OBJ_UNTYPED:
	case KAAL_OBJ_PAGE_TABLE:
	case KAAL_OBJ_REPLY:
		return false;
	}
	return true;
}

/* Turn a copy of a capability into a derived one: fewer rights, never the
 * original, never mapped (a page copy is mapped on its own). */
/*@ requires \valid(c);
    assigns *c;
    ensures c->type == \old(c->type) && c->object == \old(c->object) &&
	    c->size_bits == \old(c->size_bits);
    ensures rights_within(c->rights, \old(c->rights)) &&
	    rights_within(c->rights, rights);
    ensures !(c->flags & CAP_F_ORIGINAL) && !(c->flags & CAP_F_MAPPED);
    ensures BADGE_KEPT;
 */
void cap_derive(struct cap *c, unsigned int rights)
{
	c->rights &= (uint8_t)rights;
	c->flags &= (uint8_t) ~(CAP_F_ORIGINAL | CAP_F_MAPPED);
	if (c->type == KAAL_OBJ_PAGE || c->type == KAAL_OBJ_LARGE_PAGE)
		cap_clear_mapped(c);
}

/* Apply mint's badge (endpoints, notifications) or guard (CNodes). */
/*@ requires \valid(c) && CAP_WELL_FORMED(c);
    assigns *c;
    ensures c->type == \old(c->type) && c->object == \old(c->object) &&
	    c->size_bits == \old(c->size_bits) &&
	    c->rights == \old(c->rights);
    ensures (\old(c->flags) & CAP_F_ORIGINAL) == 0 ==>
	    (c->flags & CAP_F_ORIGINAL) == 0;
    ensures (\old(c->flags) & CAP_F_MAPPED) == 0 ==>
	    (c->flags & CAP_F_MAPPED) == 0;
    ensures BADGE_KEPT;
 */
static int mint_data(struct cap *c, uint64_t badge)
{
	unsigned int guard_bits =
		(unsigned int)(badge & KAAL_CNODE_GUARD_BITS_MASK);
	uint64_t guard = badge >> KAAL_CNODE_GUARD_SHIFT;

	switch (c->type) {
	case KAAL_OBJ_ENDPOINT:
	case KAAL_OBJ_NOTIFICATION:
		if (!badge)
			return KAAL_OK;
		if (c->flags & CAP_F_BADGED)
			return KAAL_E_ILLEGAL_OP; /* a badge is forever */
		cap_set_badge(c, badge);
		c->flags |= CAP_F_BADGED;
		return KAAL_OK;
	case KAAL_OBJ_CNODE:
		if (guard_bits + c->size_bits > KAAL_WORD_BITS ||
		    (guard_bits < 64 && guard >> guard_bits))
			return KAAL_E_INVALID_ARG;
		cap_cnode_set_guard(c, guard_bits, guard);
		return KAAL_OK;
	}
	return badge ? KAAL_E_INVALID_ARG : KAAL_OK;
}

/* What cap_copy (or cap_mint, @mint, with @data) makes of @c, in place:
 * refused if @c may not be copied or @rights has a bit that is no right. */
/*@ requires \valid(c) && CAP_WELL_FORMED(c);
    assigns *c;
    behavior refused:
      assumes cap_underivable_type(c->type);
      ensures \result == KAAL_E_ILLEGAL_OP;
    behavior derived:
      assumes !cap_underivable_type(c->type);
      ensures \result == KAAL_OK ==>
	      c->type == \old(c->type) && c->object == \old(c->object) &&
	      c->size_bits == \old(c->size_bits) &&
	      rights_within(c->rights, \old(c->rights)) &&
	      rights_within(c->rights, rights) &&
	      !(c->flags & CAP_F_ORIGINAL) && !(c->flags & CAP_F_MAPPED) &&
	      BADGE_KEPT;
    complete behaviors;
    disjoint behaviors;
 */
static int cap_derive_copy(struct cap *c, uint64_t rights, bool mint,
			   uint64_t data)
{
	if (!cap_derivable(c))
		return KAAL_E_ILLEGAL_OP;
	if (rights & ~(uint64_t)KAAL_RIGHTS_ALL)
		return KAAL_E_INVALID_ARG;
	cap_derive(c, (unsigned int)rights);
	return mint ? mint_data(c, data) : KAAL_OK;
}

/* The slot (index, depth: arguments 1 and 2) of a CNode operation, in
 * the CNode the call invokes. */
static struct lookup_ret invoked_slot(struct syscall_args *a)
{
	return cspace_resolve_slot(&a->slot->cap,
				   syscall_arg(a, KAAL_ARG_CAP_DEST_INDEX),
				   syscall_arg(a, KAAL_ARG_CAP_DEST_DEPTH));
}

/* Look up an empty destination slot and a full source slot. */
static int lookup_pair(struct tcb *t, struct syscall_args *a,
		       struct lookup_ret *dst, struct lookup_ret *src)
{
	*dst = invoked_slot(a);
	if (dst->err)
		return dst->err;
	*src = cspace_lookup_slot(t, syscall_arg(a, KAAL_ARG_CAP_SRC_CNODE),
				  syscall_arg(a, KAAL_ARG_CAP_SRC_INDEX),
				  syscall_arg(a, KAAL_ARG_CAP_SRC_DEPTH));
	if (src->err)
		return src->err;
	if (cap_is_null(&src->slot->cap))
		return KAAL_E_MISSING_CAP;
	if (src->slot->cap.flags & CAP_F_DYING)
		return KAAL_E_DELETED; /* being destroyed: stays put */
	if (!cap_is_null(&dst->slot->cap))
		return KAAL_E_SLOT_FULL;
	return KAAL_OK;
}

/* cap_copy(dcnode, didx, ddepth, scnode, sidx, sdepth, rights)
 * cap_mint(... , rights, badge) */
int sys_cap_copy(struct tcb *t, struct syscall_args *a)
{
	word_t rights = syscall_arg(a, KAAL_ARG_CAP_RIGHTS);
	struct lookup_ret dst, src;
	struct cap c;
	int err;

	if ((err = lookup_pair(t, a, &dst, &src)))
		return err;
	c = src.slot->cap;
	if ((err = cap_derive_copy(&c, rights, a->nr == KAAL_SYS_CAP_MINT,
				   syscall_arg(a, KAAL_ARG_CAP_MINT_DATA))))
		return err;
	cspace_insert(dst.slot, &c, src.slot);
	return KAAL_OK;
}

/* cap_move(dcnode, didx, ddepth, scnode, sidx, sdepth) */
int sys_cap_move(struct tcb *t, struct syscall_args *a)
{
	struct lookup_ret dst, src;
	int err;

	if ((err = lookup_pair(t, a, &dst, &src)))
		return err;
	if (dst.slot == src.slot)
		return KAAL_E_SLOT_FULL;
	dst.slot->cap = src.slot->cap;
	cdt_move(dst.slot, src.slot);
	src.slot->cap = (struct cap){ 0 };
	return KAAL_OK;
}

/* Slot of a CNode operation (cnode, index, depth); it must hold a cap. */
static struct lookup_ret full_slot(struct syscall_args *a)
{
	struct lookup_ret r = invoked_slot(a);

	if (!r.err && cap_is_null(&r.slot->cap))
		r.err = KAAL_E_MISSING_CAP;
	return r;
}

/* cap_delete(cnode, index, depth) */
int sys_cap_delete(struct tcb *t, struct syscall_args *a)
{
	struct lookup_ret r = full_slot(a);

	(void)t;

	if (r.err)
		return r.err;
	return cspace_delete_slot(r.slot);
}

/* cap_revoke(cnode, index, depth) */
int sys_cap_revoke(struct tcb *t, struct syscall_args *a)
{
	struct lookup_ret r = full_slot(a);

	(void)t;

	if (r.err)
		return r.err;
	return cspace_revoke_slot(r.slot);
}

/* cap_identify(cptr) -> 1 type, 2 rights, 3 badge, 4 size_bits */
int sys_cap_identify(struct tcb *t, struct syscall_args *a)
{
	const struct cap *c = &a->slot->cap;

	(void)t;
	syscall_set_result(a, KAAL_RES_IDENTIFY_TYPE, c->type);
	syscall_set_result(a, KAAL_RES_IDENTIFY_RIGHTS, c->rights);
	syscall_set_result(a, KAAL_RES_IDENTIFY_BADGE,
			   cap_has_badge(c) ? cap_badge(c) : 0);
	syscall_set_result(a, KAAL_RES_IDENTIFY_SIZE_BITS, c->size_bits);
	return KAAL_OK;
}
