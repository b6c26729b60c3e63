// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzzed calls on capabilities: retype, copy, mint, move, delete, revoke,
 * identify, and the deletion of a CNode full of endpoints, which the
 * kernel does in preemptible steps and restarts when interrupted.
 */
#include "fuzz.h"

#define R (&fz.rng)

static const uint8_t any_types[] = {
	KAAL_OBJ_UNTYPED,      KAAL_OBJ_TCB,	     KAAL_OBJ_ENDPOINT,
	KAAL_OBJ_NOTIFICATION, KAAL_OBJ_CNODE,	     KAAL_OBJ_VSPACE,
	KAAL_OBJ_PAGE_TABLE,   KAAL_OBJ_PAGE,	     KAAL_OBJ_LARGE_PAGE,
	KAAL_OBJ_IRQ_CONTROL,  KAAL_OBJ_IRQ_HANDLER, KAAL_OBJ_DOMAIN,
	KAAL_OBJ_NULL,
};

static unsigned int any_type(void)
{
	return any_types[fz_below(R, ARRAY_SIZE(any_types))];
}

/* The retypeable types, weighted towards the small and common ones. */
static const uint8_t new_types[] = {
	KAAL_OBJ_UNTYPED,      KAAL_OBJ_UNTYPED,      KAAL_OBJ_TCB,
	KAAL_OBJ_TCB,	       KAAL_OBJ_ENDPOINT,     KAAL_OBJ_ENDPOINT,
	KAAL_OBJ_NOTIFICATION, KAAL_OBJ_NOTIFICATION, KAAL_OBJ_CNODE,
	KAAL_OBJ_CNODE,	       KAAL_OBJ_VSPACE,	      KAAL_OBJ_PAGE_TABLE,
	KAAL_OBJ_PAGE_TABLE,   KAAL_OBJ_PAGE,	      KAAL_OBJ_PAGE,
	KAAL_OBJ_PAGE,
};

static unsigned int new_bits(unsigned int type)
{
	if (fz_chance(R, 3))
		return (unsigned int)fz_below(R, 70);
	if (type == KAAL_OBJ_UNTYPED)
		return 4 + (unsigned int)fz_below(R, 13);
	if (type == KAAL_OBJ_CNODE)
		return 1 + (unsigned int)fz_below(R, 6);
	return 0;
}

static void op_retype(void)
{
	unsigned int type = new_types[fz_below(R, ARRAY_SIZE(new_types))];
	kaal_cptr_t ut = fz_chance(R, 40) ? fz.arena :
					    fz_cap(R, KAAL_OBJ_UNTYPED);
	struct fz_ref d = fz_ref_empty(R);
	kaal_word_t count = 1 + fz_below(R, 3), bits;
	int err;

	if (fz_chance(R, 2))
		type = KAAL_OBJ_LARGE_PAGE;
	else if (fz_chance(R, 2))
		type = (unsigned int)fz_below(R, KAAL_OBJ_TYPE_MAX + 2);
	bits = new_bits(type);
	if (d.pool >= 0 && d.pool + count > FZ_POOL_SLOTS)
		count = FZ_POOL_SLOTS - (unsigned int)d.pool;
	/* Into the root CNode the destination is (root, 64, slot); into a
	 * CNode of the pool it is (that CNode, 64, index). */
	if (d.cnode != CNODE) {
		err = kaal_retype(ut, type, bits, d.cnode, DEPTH, d.index,
				  count);
	} else {
		err = kaal_retype(ut, type, bits, CNODE, DEPTH, d.index, count);
		for (unsigned int i = 0; !err && i < count; i++)
			fz_shadow_set(d.index + i, type, (unsigned int)bits);
	}
	fz_rec(FAM_RETYPE, "retype", err, ut, type, bits);
}

/*
 * A CNode of 2^10 or 2^12 slots, each the only capability to an
 * endpoint; deleting it is long, so the kernel stops for interrupts and
 * restarts the call. Half of them are left to the epoch's revoke.
 */
static void op_big_cnode(void)
{
	unsigned int bits = fz_chance(R, 20) ? 12 : 10;
	kaal_cptr_t c = fz_empty(R);
	int err;

	err = fz_rec(FAM_RETYPE, "retype_cnode",
		     kaal_retype(fz.arena, KAAL_OBJ_CNODE, bits, CNODE, DEPTH,
				 c, 1),
		     c, bits, 0);
	if (err)
		return;
	fz_shadow_set(c, KAAL_OBJ_CNODE, bits);
	for (unsigned int i = 0; i < (1u << bits) / 256 && fz_room(); i++)
		fz_rec(FAM_RETYPE, "retype_fill",
		       kaal_retype(fz.arena, KAAL_OBJ_ENDPOINT, 0, c, DEPTH,
				   i * 256, 256),
		       c, i, 0);
	if (fz_room() && fz_chance(R, 50) &&
	    !fz_rec(FAM_CAP, "delete_big", kaal_cap_delete(CNODE, c, DEPTH), c,
		    bits, 0))
		fz_shadow_set(c, KAAL_OBJ_NULL, 0);
}

static kaal_word_t rights(void)
{
	return fz_chance(R, 75) ? KAAL_RIGHTS_ALL : fz_below(R, 32);
}

/* After a copy, mint or move into the root pool, the shadow follows. */
static void shadow_copy(struct fz_ref d, struct fz_ref s, int err, int move)
{
	unsigned int type = s.pool >= 0 ? fz.type[s.pool] : FZ_SHADOW_ANY;
	unsigned int bits = s.pool >= 0 ? fz.bits[s.pool] : 0;

	if (err)
		return;
	if (d.pool >= 0) {
		fz.type[d.pool] = (uint8_t)type;
		fz.bits[d.pool] = (uint8_t)bits;
	}
	if (move && s.pool >= 0)
		fz.type[s.pool] = KAAL_OBJ_NULL;
}

static void op_copy(void)
{
	struct fz_ref s = fz_ref_typed(R, any_type()), d = fz_ref_empty(R);
	int err = kaal_cap_copy(d.cnode, d.index, d.depth, s.cnode, s.index,
				s.depth, rights());

	shadow_copy(d, s, err, 0);
	fz_rec(FAM_CAP, "copy", err, d.index, s.cnode, s.index);
}

static kaal_word_t badge(void)
{
	if (fz_chance(R, 10))
		return fz_next(R) | FZ_BADGE_MIN;
	return FZ_BADGE_MIN + fz_below(R, 1024);
}

static void op_mint(void)
{
	static const uint8_t badged[] = {
		KAAL_OBJ_ENDPOINT,
		KAAL_OBJ_ENDPOINT,
		KAAL_OBJ_NOTIFICATION,
		KAAL_OBJ_CNODE,
	};
	unsigned int type = fz_chance(R, 80) ?
				    badged[fz_below(R, ARRAY_SIZE(badged))] :
				    any_type();
	struct fz_ref s = fz_ref_typed(R, type), d = fz_ref_empty(R);
	kaal_word_t b = badge();
	int err = kaal_cap_mint(d.cnode, d.index, d.depth, s.cnode, s.index,
				s.depth, rights(), b);

	shadow_copy(d, s, err, 0);
	fz_rec(FAM_CAP, "mint", err, d.index, s.index, b);
}

static void op_move(void)
{
	struct fz_ref s = fz_ref_typed(R, any_type()), d = fz_ref_empty(R);
	int err = kaal_cap_move(d.cnode, d.index, d.depth, s.cnode, s.index,
				s.depth);

	shadow_copy(d, s, err, 1);
	fz_rec(FAM_CAP, "move", err, d.index, s.cnode, s.index);
}

static void delete_type(unsigned int type, const char *name)
{
	struct fz_ref s = fz_ref_typed(R, type);
	int err = kaal_cap_delete(s.cnode, s.index, s.depth);

	if (!err && s.pool >= 0)
		fz.type[s.pool] = KAAL_OBJ_NULL;
	fz_rec(FAM_CAP, name, err, s.cnode, s.index, s.depth);
}

static void op_delete(void)
{
	delete_type(any_type(), "delete");
}

/* A thread deleted whatever it is doing: blocked, faulted, running. */
static void op_kill(void)
{
	delete_type(KAAL_OBJ_TCB, "delete_tcb");
}

static void op_revoke(void)
{
	unsigned int type = fz_chance(R, 40) ? KAAL_OBJ_UNTYPED : any_type();
	struct fz_ref s = fz_ref_typed(R, type);

	fz_rec(FAM_CAP, "revoke", kaal_cap_revoke(s.cnode, s.index, s.depth),
	       s.cnode, s.index, s.depth);
}

static void op_identify(void)
{
	kaal_cptr_t c = fz_cap(R, any_type());
	struct kaal_identify_ret r = kaal_cap_identify(c);
	int i = fz_pool_index(c);

	if (i >= 0) {
		fz.type[i] = r.error ? KAAL_OBJ_NULL : (uint8_t)r.type;
		fz.bits[i] = r.error ? 0 : (uint8_t)r.size_bits;
	}
	fz_rec(FAM_CAP, "identify", r.error, c, r.type, r.badge);
}

const struct fz_op fz_cap_ops[] = {
	{ "retype", 14, op_retype },	{ "big_cnode", 1, op_big_cnode },
	{ "copy", 6, op_copy },		{ "mint", 6, op_mint },
	{ "move", 4, op_move },		{ "delete", 5, op_delete },
	{ "kill", 2, op_kill },		{ "revoke", 3, op_revoke },
	{ "identify", 2, op_identify },
};
const unsigned int fz_nr_cap_ops = ARRAY_SIZE(fz_cap_ops);
