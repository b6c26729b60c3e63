// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/cspace.c and kernel/cdt.c on the host: guarded multi-level
 * capability lookup with every error, the derivation tree's "last
 * capability" rule after deletions in the middle, iterative revoke of
 * deep and wide trees, and the destruction of a CNode's contents. Object
 * destruction is faked: it only counts what would be destroyed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kaal/cspace.h>
#include <kaal/object_ops.h>
#include <kaal/printk.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>

#include "ktest.h"

/* ---- fakes for what cspace.c calls ------------------------------------ */

static int finalised[KAAL_OBJ_TYPE_MAX];

void object_finalise(struct cap *cap)
{
	finalised[cap->type]++;
}

void vspace_unmap_cap(struct cap *cap)
{
	cap->flags &= (uint8_t)~CAP_F_MAPPED;
}

bool arch_irq_pending(void)
{
	return false;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

/* ---- helpers ---------------------------------------------------------- */

static struct cte *new_cnode(unsigned int radix)
{
	return calloc(1ul << radix, sizeof(struct cte));
}

static struct cap cnode_cap(struct cte *slots, unsigned int radix,
			    unsigned int guard_bits, uint64_t guard)
{
	return (struct cap){ .type = KAAL_OBJ_CNODE, .rights = KAAL_RIGHTS_ALL,
			     .size_bits = (uint8_t)radix, .extra = guard_bits,
			     .data = guard, .object = (uint64_t)(uintptr_t)slots };
}

static struct cap ep_cap(uint64_t object)
{
	return (struct cap){ .type = KAAL_OBJ_ENDPOINT, .rights = KAAL_RIGHTS_ALL,
			     .object = object };
}

static void reset(void)
{
	memset(finalised, 0, sizeof(finalised));
	memset(&cdt_root, 0, sizeof(cdt_root));
}

/* ---- lookup ----------------------------------------------------------- */

TEST(one_level_guarded_lookup)
{
	struct cte *s = new_cnode(4);
	struct cap root = cnode_cap(s, 4, 60, 0);
	struct lookup_ret r;

	r = cspace_resolve(&root, 5, 64, false);
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_PTR(&s[5], r.slot);
	CHECK_EQ_INT(KAAL_E_GUARD, cspace_resolve(&root, (1ull << 60) | 5, 64,
						  false).err);
	CHECK_EQ_INT(KAAL_E_DEPTH, cspace_resolve(&root, 5, 0, false).err);
	CHECK_EQ_INT(KAAL_E_DEPTH, cspace_resolve(&root, 5, 65, false).err);
	CHECK_EQ_INT(KAAL_E_DEPTH, cspace_resolve(&root, 5, 32, false).err);
	root.type = KAAL_OBJ_ENDPOINT;
	CHECK_EQ_INT(KAAL_E_INVALID_ROOT, cspace_resolve(&root, 5, 64, false).err);
	free(s);
}

TEST(two_level_lookup)
{
	struct cte *a = new_cnode(4), *b = new_cnode(8);
	struct cap root = cnode_cap(a, 4, 4, 0xa);	/* 8 bits: guard 0xa, index */
	uint64_t cptr = (0xa3ull << 56) | 0x77;
	struct lookup_ret r;

	a[3].cap = cnode_cap(b, 8, 48, 0);		/* the remaining 56 bits */
	r = cspace_resolve(&root, cptr, 64, true);
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_PTR(&b[0x77], r.slot);
	/* Depth 8 names the slot holding the second-level CNode itself. */
	r = cspace_resolve(&root, 0xa3, 8, true);
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_PTR(&a[3], r.slot);
	/* Depth that ends inside the second CNode's bits. */
	CHECK_EQ_INT(KAAL_E_DEPTH, cspace_resolve(&root, cptr >> 4, 60, true).err);
	/* A guard mismatch in the second level. */
	CHECK_EQ_INT(KAAL_E_GUARD, cspace_resolve(&root, cptr | (1ull << 40),
						  64, true).err);
	/* Past a non-CNode slot: exact lookups refuse, others stop there. */
	a[4].cap = ep_cap(0x1000);
	CHECK_EQ_INT(KAAL_E_DEPTH,
		     cspace_resolve(&root, 0xa4ull << 56, 64, true).err);
	r = cspace_resolve(&root, 0xa4ull << 56, 64, false);
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_PTR(&a[4], r.slot);
	free(a);
	free(b);
}

/* ---- derivation tree -------------------------------------------------- */

TEST(last_capability_after_middle_deletions)
{
	struct cte *s = new_cnode(4);
	struct cap e = ep_cap(0x2000);

	reset();
	cspace_insert(&s[0], &e, NULL);			/* original */
	cspace_insert(&s[1], &e, &s[0]);		/* copy a */
	cspace_insert(&s[2], &e, &s[0]);		/* copy b */
	cspace_insert(&s[3], &e, &s[1]);		/* copy of a */
	cspace_insert(&s[4], &(struct cap){ .type = KAAL_OBJ_NOTIFICATION,
		      .object = 0x3000 }, NULL);	/* an unrelated sibling */
	cspace_delete_slot(&s[0]);
	cspace_delete_slot(&s[1]);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK(cdt_has_other_refs(&s[2]));
	CHECK(cdt_has_other_refs(&s[3]));
	cspace_delete_slot(&s[2]);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK(!cdt_has_other_refs(&s[3]));
	cspace_delete_slot(&s[3]);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_NOTIFICATION]);
	free(s);
}

TEST(children_keep_their_place)
{
	struct cte *s = new_cnode(4);
	struct cap e = ep_cap(0x2000);

	reset();
	cspace_insert(&s[0], &e, NULL);
	cspace_insert(&s[1], &e, &s[0]);
	cspace_insert(&s[2], &e, &s[1]);	/* grandchild */
	cspace_delete_slot(&s[1]);
	CHECK_EQ_PTR(&s[0], s[2].parent);
	CHECK_EQ_PTR(&s[2], s[0].first_child);
	/* Revoking the original still reaches the grandchild. */
	CHECK_EQ_INT(0, cspace_revoke_slot(&s[0]));
	CHECK_EQ_UINT(KAAL_OBJ_NULL, s[2].cap.type);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_ENDPOINT]);
	free(s);
}

TEST(cdt_move_keeps_position)
{
	struct cte *s = new_cnode(4);
	struct cap e = ep_cap(0x2000);

	reset();
	cspace_insert(&s[0], &e, NULL);
	cspace_insert(&s[1], &e, &s[0]);
	cspace_insert(&s[2], &e, &s[1]);
	s[5].cap = s[1].cap;
	cdt_move(&s[5], &s[1]);
	memset(&s[1].cap, 0, sizeof(s[1].cap));
	CHECK_EQ_PTR(&s[0], s[5].parent);
	CHECK_EQ_PTR(&s[5], s[2].parent);
	CHECK_EQ_PTR(&s[5], s[0].first_child);
	CHECK_EQ_INT(0, cspace_revoke_slot(&s[0]));
	CHECK_EQ_UINT(KAAL_OBJ_NULL, s[2].cap.type);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, s[5].cap.type);
	free(s);
}

/* A chain far deeper than any recursion could survive under ASan. */
TEST(revoke_deep_and_wide_trees)
{
	enum { DEEP = 1 << 16, WIDE = 1 << 12 };
	struct cte *deep = new_cnode(16), *wide = new_cnode(12);
	struct cap e = ep_cap(0x2000), n = ep_cap(0x4000);

	reset();
	cspace_insert(&deep[0], &e, NULL);
	for (unsigned int i = 1; i < DEEP; i++)
		cspace_insert(&deep[i], &e, &deep[i - 1]);
	cspace_insert(&wide[0], &n, NULL);
	for (unsigned int i = 1; i < WIDE; i++)
		cspace_insert(&wide[i], &n, &wide[0]);
	CHECK_EQ_INT(0, cspace_revoke_slot(&deep[0]));
	CHECK_EQ_INT(0, cspace_revoke_slot(&wide[0]));
	CHECK_NULL(deep[0].first_child);
	CHECK_NULL(wide[0].first_child);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, deep[DEEP - 1].cap.type);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, wide[WIDE - 1].cap.type);
	CHECK_EQ_INT(0, finalised[KAAL_OBJ_ENDPOINT]);
	cspace_delete_slot(&deep[0]);
	cspace_delete_slot(&wide[0]);
	CHECK_EQ_INT(2, finalised[KAAL_OBJ_ENDPOINT]);
	free(deep);
	free(wide);
}

/* Deleting the last capability to a CNode destroys what only it held,
 * through a chain of CNodes, without recursion. */
TEST(cnode_chain_contents_destroyed)
{
	enum { LEN = 2000 };
	struct cte *holder = new_cnode(1);
	struct cte *nodes[LEN];

	reset();
	for (int i = 0; i < LEN; i++)
		nodes[i] = new_cnode(2);
	for (int i = 0; i < LEN - 1; i++) {
		struct cap c = cnode_cap(nodes[i + 1], 2, 62, 0);

		cspace_insert(&nodes[i][0], &c, NULL);
	}
	cspace_insert(&nodes[LEN - 1][1], &(struct cap){ .type = KAAL_OBJ_ENDPOINT,
		      .object = 0x5000 }, NULL);
	cspace_insert(&holder[0], &(struct cap){ .type = KAAL_OBJ_CNODE,
		      .size_bits = 2, .extra = 62,
		      .object = (uint64_t)(uintptr_t)nodes[0] }, NULL);
	cspace_delete_slot(&holder[0]);
	CHECK_EQ_INT(1, finalised[KAAL_OBJ_ENDPOINT]);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, nodes[LEN - 1][1].cap.type);
	CHECK_NULL(cdt_root.first_child);
	for (int i = 0; i < LEN; i++)
		free(nodes[i]);
	free(holder);
}
