// SPDX-License-Identifier: BSD-2-Clause
/*
 * Retype: objects from untyped memory. Each refused retype must leave the
 * destination slots empty and the untyped region as it was: afterwards a
 * fresh 16 KiB region still gives exactly four pages.
 */
#include "test.h"

#define UT_BITS	 14 /* 16 KiB: four pages */
#define UT_PAGES 4

/* ut gives exactly UT_PAGES pages (into the slots from dest) and then
 * nothing more. */
static void expect_full_region(struct test *t, int line, kaal_cptr_t ut,
			       kaal_cptr_t dest)
{
	kaal_cptr_t extra = t_slot(t);

	if (!test_expect_err(t, line, "retype of all pages",
			     kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH,
					 dest, UT_PAGES),
			     KAAL_OK, KAAL_OK))
		return;
	for (int i = 0; i < UT_PAGES; i++)
		test_expect_eq(t, line, "type of a new page",
			       slot_type(dest + i), KAAL_OBJ_PAGE);
	test_expect_err(t, line, "retype from the full region",
			kaal_retype(ut, KAAL_OBJ_ENDPOINT, 0, CNODE, DEPTH,
				    extra, 1),
			KAAL_E_NO_MEMORY, KAAL_E_NO_MEMORY);
	test_expect_eq(t, line, "slot after a failed retype is empty",
		       slot_empty(extra), 1);
}

static void retype_ok(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, 12), dest = t_slots(t, 2);
	struct kaal_identify_ret r;

	if (!ut || !dest)
		return;
	r = kaal_cap_identify(ut);
	EXPECT_EQ(t, r.type, KAAL_OBJ_UNTYPED);
	EXPECT_EQ(t, r.size_bits, 12);
	EXPECT_OK(t,
		  kaal_retype(ut, KAAL_OBJ_ENDPOINT, 0, CNODE, DEPTH, dest, 1));
	EXPECT_EQ(t, slot_type(dest), KAAL_OBJ_ENDPOINT);
	/* dest_depth 0: the CNode named by dest_cnode is the root itself. */
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_NOTIFICATION, 0, CNODE, 0,
				 dest + 1, 1));
	EXPECT_EQ(t, slot_type(dest + 1), KAAL_OBJ_NOTIFICATION);
}

static void retype_all_types(struct test *t)
{
	static const struct {
		kaal_word_t type, bits;
	} objs[] = {
		{ KAAL_OBJ_UNTYPED, 12 },   { KAAL_OBJ_TCB, 0 },
		{ KAAL_OBJ_ENDPOINT, 0 },   { KAAL_OBJ_NOTIFICATION, 0 },
		{ KAAL_OBJ_CNODE, 4 },	    { KAAL_OBJ_VSPACE, 0 },
		{ KAAL_OBJ_PAGE_TABLE, 0 }, { KAAL_OBJ_PAGE, 0 },
		{ KAAL_OBJ_LARGE_PAGE, 0 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
		kaal_cptr_t c = t_object(t, objs[i].type, objs[i].bits);
		struct kaal_identify_ret r = kaal_cap_identify(c);

		if (!c)
			return;
		if (r.error || r.type != objs[i].type)
			test_fail(t, __LINE__,
				  "made type %lu, slot holds type %lu",
				  objs[i].type, r.type);
	}
}

static void retype_slot_full(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, UT_BITS), dest = t_slots(t, UT_PAGES);
	kaal_cptr_t ep = t_object(t, KAAL_OBJ_ENDPOINT, 0);

	if (!ut || !dest || !ep || !EXPECT_EQ(t, ep, dest + UT_PAGES))
		return;
	EXPECT_ERR(t,
		   kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH,
			       KAAL_CAP_INIT_TCB, 1),
		   KAAL_E_SLOT_FULL);
	EXPECT_EQ(t, slot_type(KAAL_CAP_INIT_TCB), KAAL_OBJ_TCB);
	/* A window whose last slot is taken: nothing is made at all. */
	EXPECT_ERR(t,
		   kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, ep - 1, 2),
		   KAAL_E_SLOT_FULL);
	EXPECT(t, slot_empty(ep - 1));
	EXPECT_EQ(t, slot_type(ep), KAAL_OBJ_ENDPOINT);
	expect_full_region(t, __LINE__, ut, dest);
}

static void retype_no_memory(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, UT_BITS), dest = t_slots(t, UT_PAGES + 1);

	if (!ut || !dest)
		return;
	EXPECT_ERR(t,
		   kaal_retype(ut, KAAL_OBJ_UNTYPED, UT_BITS + 1, CNODE, DEPTH,
			       dest, 1),
		   KAAL_E_NO_MEMORY);
	EXPECT_ERR(t,
		   kaal_retype(ut, KAAL_OBJ_LARGE_PAGE, 0, CNODE, DEPTH, dest,
			       1),
		   KAAL_E_NO_MEMORY);
	EXPECT_ERR(t,
		   kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, dest,
			       UT_PAGES + 1),
		   KAAL_E_NO_MEMORY);
	for (int i = 0; i <= UT_PAGES; i++)
		EXPECT(t, slot_empty(dest + i));
	expect_full_region(t, __LINE__, ut, dest);
}

static void retype_bad_type(struct test *t)
{
	static const kaal_word_t bad[] = {
		KAAL_OBJ_NULL,
		KAAL_OBJ_IRQ_CONTROL,
		KAAL_OBJ_IRQ_HANDLER,
		KAAL_OBJ_REPLY,
		KAAL_OBJ_DOMAIN,
		KAAL_OBJ_TYPE_MAX,
		1000,
		~0ul,
	};
	kaal_cptr_t ut = t_untyped(t, UT_BITS), dest = t_slots(t, UT_PAGES);

	if (!ut || !dest)
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
		if (!EXPECT_ERR(t,
				kaal_retype(ut, bad[i], 0, CNODE, DEPTH, dest,
					    1),
				KAAL_E_INVALID_ARG))
			break;
	EXPECT(t, slot_empty(dest));
	expect_full_region(t, __LINE__, ut, dest);
}

static void retype_bad_size(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, UT_BITS), dest = t_slots(t, UT_PAGES);

	if (!ut || !dest)
		return;
	EXPECT_ERR2(t,
		    kaal_retype(ut, KAAL_OBJ_UNTYPED, KAAL_UNTYPED_MIN_BITS - 1,
				CNODE, DEPTH, dest, 1),
		    KAAL_E_RANGE, KAAL_E_INVALID_ARG);
	EXPECT_ERR2(t,
		    kaal_retype(ut, KAAL_OBJ_UNTYPED, KAAL_UNTYPED_MAX_BITS + 1,
				CNODE, DEPTH, dest, 1),
		    KAAL_E_RANGE, KAAL_E_INVALID_ARG);
	EXPECT_ERR2(t,
		    kaal_retype(ut, KAAL_OBJ_CNODE, KAAL_CNODE_MIN_BITS - 1,
				CNODE, DEPTH, dest, 1),
		    KAAL_E_RANGE, KAAL_E_INVALID_ARG);
	EXPECT_ERR2(t,
		    kaal_retype(ut, KAAL_OBJ_CNODE, KAAL_CNODE_MAX_BITS + 1,
				CNODE, DEPTH, dest, 1),
		    KAAL_E_RANGE, KAAL_E_INVALID_ARG);
	EXPECT(t, slot_empty(dest));
	expect_full_region(t, __LINE__, ut, dest);
}

/* The smallest device untyped region that can hold a page, or 0. */
static kaal_cptr_t device_untyped(const struct kaal_bootinfo *bi)
{
	kaal_cptr_t best = 0;
	unsigned int best_bits = 64;

	for (uint32_t i = 0; i < bi->nr_untyped; i++) {
		const struct kaal_untyped_desc *u = &bi->untyped_list[i];

		if (u->is_device && u->size_bits >= KAAL_PAGE_BITS &&
		    u->size_bits < best_bits) {
			best = bi->untyped.start + i;
			best_bits = u->size_bits;
		}
	}
	return best;
}

static void retype_device(struct test *t)
{
	kaal_cptr_t dev = device_untyped(t->bi), dest = t_slots(t, 2);

	if (!EXPECT(t, dev != 0) || !dest)
		return;
	/* Kernel objects live in RAM; device memory only gives pages. */
	EXPECT_ERR(t, kaal_retype(dev, KAAL_OBJ_TCB, 0, CNODE, DEPTH, dest, 1),
		   KAAL_E_DEVICE);
	EXPECT_ERR(t,
		   kaal_retype(dev, KAAL_OBJ_PAGE_TABLE, 0, CNODE, DEPTH, dest,
			       1),
		   KAAL_E_DEVICE);
	EXPECT(t, slot_empty(dest));
	EXPECT_OK(t, kaal_retype(dev, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, dest, 1));
	EXPECT_EQ(t, slot_type(dest), KAAL_OBJ_PAGE);
}

static void retype_split_untyped(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, UT_BITS), halves = t_slots(t, 2);
	kaal_cptr_t pages = t_slots(t, 2), extra = t_slot(t);

	if (!ut || !halves || !pages || !extra)
		return;
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_UNTYPED, UT_BITS - 1, CNODE,
				 DEPTH, halves, 2));
	EXPECT_EQ(t, kaal_cap_identify(halves + 1).size_bits, UT_BITS - 1);
	EXPECT_ERR(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, extra, 1),
		   KAAL_E_NO_MEMORY);
	EXPECT_OK(t, kaal_retype(halves + 1, KAAL_OBJ_PAGE, 0, CNODE, DEPTH,
				 pages, 2));
	EXPECT_ERR(t,
		   kaal_retype(halves + 1, KAAL_OBJ_PAGE, 0, CNODE, DEPTH,
			       extra, 1),
		   KAAL_E_NO_MEMORY);
}

/* Memory handed out again after a revoke comes back zeroed. */
static void retype_zeroes_memory(struct test *t)
{
	kaal_cptr_t ut = t_untyped(t, KAAL_PAGE_BITS), page = t_slot(t);
	kaal_word_t va = t_region(t);
	volatile kaal_word_t *p = (volatile kaal_word_t *)va;

	if (!ut || !page || !va)
		return;
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, page, 1));
	if (!EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW)))
		return;
	for (unsigned int i = 0; i < PAGE / 8; i++)
		p[i] = ~0ul - i;
	EXPECT_OK(t, kaal_memory_unmap(page));
	EXPECT_OK(t, kaal_cap_revoke(CNODE, ut, DEPTH));
	if (!EXPECT(t, slot_empty(page)))
		return;
	EXPECT_OK(t, kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, page, 1));
	if (!EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RO)))
		return;
	for (unsigned int i = 0; i < PAGE / 8; i++)
		if (p[i]) {
			test_fail(t, __LINE__,
				  "word %u of the new page is 0x%lx", i, p[i]);
			break;
		}
}

static const struct test_case cases[] = {
	{ "retype_ok", retype_ok },
	{ "retype_all_types", retype_all_types },
	{ "retype_slot_full", retype_slot_full },
	{ "retype_no_memory", retype_no_memory },
	{ "retype_bad_type", retype_bad_type },
	{ "retype_bad_size", retype_bad_size },
	{ "retype_device", retype_device },
	{ "retype_split_untyped", retype_split_untyped },
	{ "retype_zeroes_memory", retype_zeroes_memory },
};

TEST_SUITE(retype_suite, cases);
