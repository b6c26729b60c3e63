// SPDX-License-Identifier: BSD-2-Clause
/*
 * Untyped memory in detail: where retype puts objects (each aligned to
 * its size, at the next aligned offset past the watermark), many objects
 * at once, exhaustion, the watermark that protects live objects, the same
 * memory coming back zeroed after a revoke, and device memory.
 */
#include "test.h"

static kaal_word_t paddr(kaal_cptr_t page)
{
	struct kaal_word_ret r = kaal_page_address(page);

	return r.error ? ~0ul : r.value;
}

/* Objects are placed at the next offset aligned to their size: a page
 * after a TCB (2 KiB) or an endpoint (32 bytes) starts on the next page. */
static void untyped_alignment(struct test *t)
{
	struct untyped_ret u = t_untyped_at(t, 15);
	kaal_cptr_t s = t_slots(t, 8);

	if (!u.cap || !s)
		return;
	EXPECT_EQ(t, u.paddr & ((1ul << 15) - 1), 0);
	EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_TCB, 0, CNODE, DEPTH, s, 1));
	EXPECT_OK(t,
		  kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s + 1, 1));
	EXPECT_EQ(t, paddr(s + 1), u.paddr + PAGE);
	EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_ENDPOINT, 0, CNODE, DEPTH,
				 s + 2, 1));
	EXPECT_OK(t,
		  kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s + 3, 1));
	EXPECT_EQ(t, paddr(s + 3), u.paddr + 3 * PAGE);
	/* A 16 KiB untyped after that goes to the next 16 KiB boundary, and
	 * its first page is there. */
	EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_UNTYPED, 14, CNODE, DEPTH,
				 s + 4, 1));
	EXPECT_OK(t,
		  kaal_retype(s + 4, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s + 5, 1));
	EXPECT_EQ(t, paddr(s + 5), u.paddr + (1ul << 14));
	/* Nothing is left: 4 pages used below 16 KiB, 16 KiB above. */
	EXPECT_ERR(t,
		   kaal_retype(u.cap, KAAL_OBJ_ENDPOINT, 0, CNODE, DEPTH, s + 6,
			       1),
		   KAAL_E_NO_MEMORY);
	EXPECT(t, slot_empty(s + 6));
}

/* 256 objects in one call (the most), at consecutive addresses, into a
 * CNode of their own; 257 is too many. */
static void untyped_many(struct test *t)
{
	struct untyped_ret u = t_untyped_at(t, 21);
	kaal_cptr_t cn = t_cnode(t, 9), s = t_slot(t);
	unsigned int bad = 0;

	if (!u.cap || !cn || !s)
		return;
	EXPECT_ERR(t, kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, cn, DEPTH, 0, 257),
		   KAAL_E_RANGE);
	EXPECT_EQ(t, t_type_at(t, cn, 0, DEPTH), KAAL_OBJ_NULL);
	if (!EXPECT_OK(t,
		       kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, cn, DEPTH, 0, 256)))
		return;
	for (kaal_word_t i = 0; i < 256; i++) {
		if (kaal_cap_move(CNODE, s, DEPTH, cn, i, DEPTH)) {
			bad++;
			continue;
		}
		bad += paddr(s) != u.paddr + i * PAGE;
		kaal_cap_move(cn, i, DEPTH, CNODE, s, DEPTH);
	}
	EXPECT_EQ(t, bad, 0);
	EXPECT_EQ(t, t_type_at(t, cn, 256, DEPTH), KAAL_OBJ_NULL);
	/* Many small objects: 256 endpoints take 8 KiB, the rest is free. */
	EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_ENDPOINT, 0, cn, DEPTH, 256,
				 256));
	EXPECT_EQ(t, t_type_at(t, cn, 511, DEPTH), KAAL_OBJ_ENDPOINT);
	EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s, 1));
	EXPECT_EQ(t, paddr(s), u.paddr + 258 * PAGE);
}

/* Running out: whatever does not fit is refused whole, and what still
 * fits is handed out. */
static void untyped_exhaustion(struct test *t)
{
	struct untyped_ret u = t_untyped_at(t, 14);
	kaal_cptr_t s = t_slots(t, 6);

	if (!u.cap || !s)
		return;
	EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s, 3));
	/* 8 KiB must start 8 KiB-aligned: at 16 KiB, past the end. */
	EXPECT_ERR(t,
		   kaal_retype(u.cap, KAAL_OBJ_UNTYPED, 13, CNODE, DEPTH, s + 3,
			       1),
		   KAAL_E_NO_MEMORY);
	/* Two pages into one page's room: neither is made. */
	EXPECT_ERR(t,
		   kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s + 3, 2),
		   KAAL_E_NO_MEMORY);
	EXPECT(t, slot_empty(s + 3) && slot_empty(s + 4));
	/* The last page still holds two TCBs. */
	EXPECT_OK(t,
		  kaal_retype(u.cap, KAAL_OBJ_TCB, 0, CNODE, DEPTH, s + 3, 2));
	EXPECT_ERR(t,
		   kaal_retype(u.cap, KAAL_OBJ_NOTIFICATION, 0, CNODE, DEPTH,
			       s + 5, 1),
		   KAAL_E_NO_MEMORY);
	EXPECT(t, slot_empty(s + 5));
}

/*
 * The watermark: while an untyped has children, new objects come from
 * above them and never overlap them; deleting some children does not
 * lower it, deleting the last one resets it.
 */
static void untyped_watermark(struct test *t)
{
	struct untyped_ret u = t_untyped_at(t, 14);
	kaal_cptr_t s = t_slots(t, 5);
	kaal_word_t va = t_region(t);
	volatile kaal_word_t *p = (volatile kaal_word_t *)va;

	if (!u.cap || !s || !va)
		return;
	EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s, 2));
	if (!EXPECT_OK(t, kaal_memory_map(s + 1, VSPACE, va, RW)))
		return;
	p[0] = 0xfeed;
	EXPECT_OK(t,
		  kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s + 2, 2));
	EXPECT_EQ(t, paddr(s + 2), u.paddr + 2 * PAGE);
	EXPECT_EQ(t, paddr(s + 3), u.paddr + 3 * PAGE);
	EXPECT_EQ(t, p[0], 0xfeed); /* not zeroed by the second retype */
	/* Free the first page: the watermark stays where it is. */
	EXPECT_OK(t, kaal_cap_delete(CNODE, s, DEPTH));
	EXPECT_ERR(t,
		   kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s + 4, 1),
		   KAAL_E_NO_MEMORY);
	EXPECT_EQ(t, p[0], 0xfeed);
	/* Free the rest (unmapping the mapped one): all of it is back. */
	for (kaal_word_t i = 1; i < 4; i++)
		EXPECT_OK(t, kaal_cap_delete(CNODE, s + i, DEPTH));
	EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_UNTYPED, 14, CNODE, DEPTH,
				 s + 4, 1));
	/* The page's mapping went with its capability. */
	EXPECT_OK(t, kaal_retype(s + 4, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s, 1));
	EXPECT_OK(t, kaal_memory_map(s, VSPACE, va, RO));
	EXPECT_EQ(t, p[0], 0);
}

/* After a revoke the same physical pages come back, zeroed, and their
 * old mappings are gone. */
static void untyped_reuse(struct test *t)
{
	struct untyped_ret u = t_untyped_at(t, 14);
	kaal_cptr_t s = t_slots(t, 4);
	kaal_word_t va = t_region(t), pa[4];
	unsigned int dirty = 0;

	if (!u.cap || !s || !va ||
	    !EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s,
				      4)))
		return;
	for (int i = 0; i < 4; i++) {
		volatile kaal_word_t *p =
			(volatile kaal_word_t *)(va + i * PAGE);

		pa[i] = paddr(s + i);
		if (!EXPECT_OK(t, kaal_memory_map(s + i, VSPACE, va + i * PAGE,
						  RW)))
			return;
		for (unsigned int w = 0; w < PAGE / 8; w += 8)
			p[w] = 0x5a5a0000 + w;
	}
	EXPECT_OK(t, kaal_cap_revoke(CNODE, u.cap, DEPTH));
	for (int i = 0; i < 4; i++)
		EXPECT(t, slot_empty(s + i));
	/* Into the slots in reverse order: the memory comes back in the same
	 * order all the same. */
	for (int i = 0; i < 4; i++)
		EXPECT_OK(t, kaal_retype(u.cap, KAAL_OBJ_PAGE, 0, CNODE, DEPTH,
					 s + 3 - i, 1));
	for (int i = 0; i < 4; i++) {
		volatile kaal_word_t *p =
			(volatile kaal_word_t *)(va + i * PAGE);
		kaal_cptr_t page = s + 3 - i;

		EXPECT_EQ(t, paddr(page), pa[i]);
		/* The addresses are free again (the revoke unmapped them). */
		if (!EXPECT_OK(t, kaal_memory_map(page, VSPACE, va + i * PAGE,
						  RO)))
			return;
		for (unsigned int w = 0; w < PAGE / 8; w++)
			dirty += p[w] != 0;
	}
	EXPECT_EQ(t, dirty, 0);
}

/* Device memory gives frames and smaller device untyped, nothing else;
 * device frames never map executable. */
static void untyped_device(struct test *t)
{
	static const kaal_word_t kernel_types[] = {
		KAAL_OBJ_TCB,	KAAL_OBJ_ENDPOINT, KAAL_OBJ_NOTIFICATION,
		KAAL_OBJ_CNODE, KAAL_OBJ_VSPACE,   KAAL_OBJ_PAGE_TABLE,
	};
	kaal_cptr_t dev = t_device_untyped(t->bi), s = t_slots(t, 3);
	kaal_word_t va = t_region(t);
	struct kaal_identify_ret r;

	if (!EXPECT(t, dev != 0) || !s || !va)
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(kernel_types); i++)
		EXPECT_ERR(t,
			   kaal_retype(dev, kernel_types[i], 4, CNODE, DEPTH, s,
				       1),
			   KAAL_E_DEVICE);
	EXPECT(t, slot_empty(s));
	EXPECT_OK(t,
		  kaal_retype(dev, KAAL_OBJ_UNTYPED, 12, CNODE, DEPTH, s, 1));
	EXPECT_ERR(t, kaal_retype(s, KAAL_OBJ_TCB, 0, CNODE, DEPTH, s + 1, 1),
		   KAAL_E_DEVICE);
	EXPECT_OK(t, kaal_retype(s, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s + 1, 1));
	r = kaal_cap_identify(s + 1);
	EXPECT_EQ(t, r.type, KAAL_OBJ_PAGE);
	EXPECT_EQ(t, r.rights & KAAL_RIGHT_EXEC, 0);
	/* Neither a mapping nor a copy asking for execute gets it. */
	EXPECT_ERR(t, kaal_memory_map(s + 1, VSPACE, va, RX),
		   KAAL_E_INVALID_ARG);
	EXPECT_OK(t, kaal_cap_copy(CNODE, s + 2, DEPTH, CNODE, s + 1, DEPTH,
				   KAAL_RIGHTS_ALL));
	EXPECT_EQ(t, kaal_cap_identify(s + 2).rights & KAAL_RIGHT_EXEC, 0);
	EXPECT_ERR(t, kaal_memory_map(s + 2, VSPACE, va, KAAL_MAP_EXEC),
		   KAAL_E_INVALID_ARG);
	/* Mapped without execute, it still cannot be made executable. The
	 * memory behind it is not touched. */
	EXPECT_OK(t, kaal_memory_map(s + 1, VSPACE, va, RO));
	EXPECT_ERR(t, kaal_memory_protect(s + 1, RX), KAAL_E_INVALID_ARG);
	EXPECT_OK(t, kaal_memory_unmap(s + 1));
	EXPECT_ERR(t, kaal_memory_unmap(s + 1), KAAL_E_NOT_MAPPED);
}

/*
 * Address-space identifiers run out before memory does: retype refuses a
 * batch of VSpaces it cannot give an ASID each (KAAL_E_NO_ASID, nothing
 * made), every VSpace it did make works, and an ASID given back by a
 * destroyed VSpace is used again.
 */
#define ASIDS 4096 /* the kernel's VSPACE_MAX_ASIDS, ASID 0 unused */

static void untyped_asids(struct test *t)
{
	kaal_cptr_t u = t_untyped(t, 24), cn = t_cnode(t, 12);
	kaal_cptr_t vs = t_slot(t), pt = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_word_t made = 0, batch = 256;
	kaal_word_t va = t_bare_region(t);
	enum kaal_error err = KAAL_OK;

	if (!u || !cn || !vs || !pt)
		return;
	/* Batches of 256, then smaller ones, until not even one fits. */
	while (batch && made < ASIDS) {
		err = kaal_retype(u, KAAL_OBJ_VSPACE, 0, cn, DEPTH, made,
				  batch);
		if (err == KAAL_OK)
			made += batch;
		else if (!EXPECT_ERR(t, err, KAAL_E_NO_ASID))
			break;
		else
			batch /= 2;
	}
	/* The root task has one, earlier cases a few. */
	if (made <= ASIDS - 64 || made >= ASIDS - 1) {
		test_fail(t, __LINE__, "made %lu VSpaces with %u ASIDs", made,
			  ASIDS - 1);
		goto out;
	}
	EXPECT_EQ(t, t_type_at(t, cn, made, DEPTH), KAAL_OBJ_NULL);
	/* The last one made has an address space of its own. */
	if (!EXPECT_OK(t, kaal_cap_move(CNODE, vs, DEPTH, cn, made - 1, DEPTH)))
		goto out;
	EXPECT_EQ(t, kaal_page_table_map(pt, vs, va).value, 1);
	EXPECT_OK(t, kaal_page_table_unmap(pt));
	/* One destroyed, one more can be made, and it works too. */
	EXPECT_OK(t, kaal_cap_delete(CNODE, vs, DEPTH));
	EXPECT_OK(t, kaal_retype(u, KAAL_OBJ_VSPACE, 0, CNODE, DEPTH, vs, 1));
	EXPECT_EQ(t, kaal_page_table_map(pt, vs, va).value, 1);
	EXPECT_OK(t, kaal_page_table_unmap(pt));
	EXPECT_ERR(t,
		   kaal_retype(u, KAAL_OBJ_VSPACE, 0, cn, DEPTH, made - 1, 1),
		   KAAL_E_NO_ASID);
	EXPECT_EQ(t, t_type_at(t, cn, made - 1, DEPTH), KAAL_OBJ_NULL);
out:
	/* Give them all back. */
	EXPECT_OK(t, kaal_cap_revoke(CNODE, u, DEPTH));
	EXPECT_OK(t, kaal_retype(u, KAAL_OBJ_VSPACE, 0, CNODE, DEPTH, vs, 1));
	EXPECT_EQ(t, kaal_page_table_map(pt, vs, va).value, 1);
	EXPECT_OK(t, kaal_cap_revoke(CNODE, u, DEPTH));
}

static const struct test_case cases[] = {
	{ "untyped_alignment", untyped_alignment },
	{ "untyped_many", untyped_many },
	{ "untyped_exhaustion", untyped_exhaustion },
	{ "untyped_watermark", untyped_watermark },
	{ "untyped_reuse", untyped_reuse },
	{ "untyped_device", untyped_device },
	{ "untyped_asids", untyped_asids },
};

TEST_SUITE(untyped_suite, cases);
