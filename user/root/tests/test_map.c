// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual memory: memory_map / unmap / protect, page tables and page
 * addresses. After a refused call the page must still be unmapped (it
 * maps afterwards) and the address still free (another page maps there).
 */
#include "test.h"

static void map_ok(struct test *t)
{
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_word_t va = t_region(t);
	volatile kaal_word_t *p = (volatile kaal_word_t *)va;

	if (!page || !va)
		return;
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW));
	p[0] = 0x1122334455667788ul;
	p[PAGE / 8 - 1] = 42;
	EXPECT_EQ(t, p[0], 0x1122334455667788ul);
	EXPECT_EQ(t, p[PAGE / 8 - 1], 42);
	EXPECT_OK(t, kaal_memory_unmap(page));
	/* Mapped again elsewhere: the same frame, the same contents. */
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va + PAGE, RO));
	EXPECT_EQ(t, p[PAGE / 8], 0x1122334455667788ul);
}

static void map_misaligned(struct test *t)
{
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t large = t_object(t, KAAL_OBJ_LARGE_PAGE, 0);
	kaal_word_t va = t_region(t);

	if (!page || !large || !va)
		return;
	EXPECT_ERR(t, kaal_memory_map(page, VSPACE, va + 1, RW), KAAL_E_ALIGN);
	EXPECT_ERR(t, kaal_memory_map(page, VSPACE, va + 0x800, RW),
		   KAAL_E_ALIGN);
	/* A 2 MiB page needs a 2 MiB-aligned address. */
	EXPECT_ERR(t, kaal_memory_map(large, VSPACE, va + PAGE, RW),
		   KAAL_E_ALIGN);
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW));
}

static void map_already_mapped(struct test *t)
{
	kaal_cptr_t a = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t b = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_word_t va = t_region(t);
	volatile kaal_word_t *p = (volatile kaal_word_t *)va;

	if (!a || !b || !va ||
	    !EXPECT_OK(t, kaal_memory_map(a, VSPACE, va, RW)))
		return;
	p[0] = 0xa;
	/* The address is taken, and so is the page. */
	EXPECT_ERR(t, kaal_memory_map(b, VSPACE, va, RW), KAAL_E_MAPPED);
	EXPECT_ERR(t, kaal_memory_map(a, VSPACE, va + PAGE, RW), KAAL_E_MAPPED);
	EXPECT_ERR(t, kaal_memory_map(a, VSPACE, va, RW), KAAL_E_MAPPED);
	EXPECT_EQ(t, p[0], 0xa);
	EXPECT_OK(t, kaal_memory_map(b, VSPACE, va + PAGE, RW));
	p[PAGE / 8] = 0xb;
	EXPECT_EQ(t, p[0], 0xa);
}

/* A region without page tables: each level is reported missing until a
 * table is installed for it, top down. */
static void map_no_page_table(struct test *t)
{
	kaal_word_t va = t_bare_region(t) + 0x12345000ul;
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t pt[4];

	for (int i = 0; i < 4; i++)
		pt[i] = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	if (!page || !pt[3])
		return;
	for (kaal_word_t level = 1; level <= 3; level++) {
		struct kaal_word_ret r;

		EXPECT_ERR(t, kaal_memory_map(page, VSPACE, va, RW),
			   KAAL_E_NO_PAGE_TABLE);
		EXPECT_ERR(t, kaal_memory_map(page, VSPACE, va, RW),
			   KAAL_E_NO_PAGE_TABLE);
		r = kaal_page_table_map(pt[level - 1], VSPACE, va);
		if (!EXPECT_OK(t, r.error) || !EXPECT_EQ(t, r.value, level))
			return;
	}
	EXPECT_ERR(t, kaal_page_table_map(pt[3], VSPACE, va).error,
		   KAAL_E_MAPPED);
	EXPECT_ERR(t,
		   kaal_page_table_map(pt[0], VSPACE, t_bare_region(t)).error,
		   KAAL_E_MAPPED);
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW));
	*(volatile kaal_word_t *)va = 1;
}

static void map_bad_address(struct test *t)
{
	static const kaal_word_t bad[] = {
		1ul << 48,
		(1ul << 48) + PAGE,
		0x0001000000000000ul << 4,
		0xffff000040000000ul,
		0xfffffffffffff000ul,
	};
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t pt = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_word_t va = t_region(t);
	enum kaal_error err;

	if (!page || !pt || !va)
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		if (!EXPECT_ERR(t, kaal_memory_map(page, VSPACE, bad[i], RO),
				KAAL_E_BAD_ADDRESS) ||
		    !EXPECT_ERR(t,
				kaal_page_table_map(pt, VSPACE, bad[i]).error,
				KAAL_E_BAD_ADDRESS))
			break;
	}
	/* The last page below 2^48 is user space (the kernel may have put
	 * something of the root task's there). */
	err = kaal_memory_map(page, VSPACE, (1ul << 48) - PAGE, RO);
	EXPECT(t, err == KAAL_E_NO_PAGE_TABLE || err == KAAL_E_MAPPED ||
			  err == KAAL_OK);
	if (err == KAAL_OK)
		EXPECT_OK(t, kaal_memory_unmap(page));
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RO));
	EXPECT_EQ(t, kaal_page_table_map(pt, VSPACE, t_bare_region(t)).value,
		  1);
}

static void map_write_exec(struct test *t)
{
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_word_t va = t_region(t);

	if (!page || !va)
		return;
	EXPECT_ERR(t,
		   kaal_memory_map(page, VSPACE, va,
				   KAAL_MAP_WRITE | KAAL_MAP_EXEC),
		   KAAL_E_INVALID_ARG);
	EXPECT_ERR(t, kaal_memory_map(page, VSPACE, va, RW | KAAL_MAP_EXEC),
		   KAAL_E_INVALID_ARG);
	EXPECT_ERR(t, kaal_memory_map(page, VSPACE, va, RW | 0x8),
		   KAAL_E_INVALID_ARG);
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW));
	EXPECT_ERR(t, kaal_memory_protect(page, RW | KAAL_MAP_EXEC),
		   KAAL_E_INVALID_ARG);
	*(volatile kaal_word_t *)va = 5; /* still writable */
}

/* Code written through a writable mapping runs once the page is made
 * executable (and no longer writable). */
static void map_exec(struct test *t)
{
	static const uint32_t code[] = {
		0xd2800540, /* mov x0, #42 */
		0xd65f03c0, /* ret */
	};
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_word_t va = t_region(t);
	volatile uint32_t *p = (volatile uint32_t *)va;

	if (!page || !va ||
	    !EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW)))
		return;
	p[0] = code[0];
	p[1] = code[1];
	if (!EXPECT_OK(t, kaal_memory_protect(page, RX)))
		return;
	EXPECT_EQ(t, ((kaal_word_t(*)(void))va)(), 42);
}

static void map_no_rights(struct test *t)
{
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t ro = page ? t_mint(t, page, KAAL_RIGHT_READ, 0) : 0;
	kaal_word_t va = t_region(t);

	if (!ro || !va)
		return;
	EXPECT_EQ(t, kaal_cap_identify(ro).rights, KAAL_RIGHT_READ);
	EXPECT_ERR(t, kaal_memory_map(ro, VSPACE, va, RW), KAAL_E_NO_RIGHTS);
	EXPECT_ERR(t, kaal_memory_map(ro, VSPACE, va, RX), KAAL_E_NO_RIGHTS);
	EXPECT_OK(t, kaal_memory_map(ro, VSPACE, va, RO));
	EXPECT_ERR(t, kaal_memory_protect(ro, RW), KAAL_E_NO_RIGHTS);
	EXPECT_EQ(t, *(volatile kaal_word_t *)va, 0);
}

static void unmap_not_mapped(struct test *t)
{
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t other = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t pt = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_word_t va = t_region(t);

	if (!page || !other || !pt || !va)
		return;
	EXPECT_ERR(t, kaal_memory_unmap(page), KAAL_E_NOT_MAPPED);
	EXPECT_ERR(t, kaal_memory_protect(page, RO), KAAL_E_NOT_MAPPED);
	EXPECT_ERR(t, kaal_page_table_unmap(pt), KAAL_E_NOT_MAPPED);
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW));
	EXPECT_OK(t, kaal_memory_unmap(page));
	EXPECT_ERR(t, kaal_memory_unmap(page), KAAL_E_NOT_MAPPED);
	/* The address is free again. */
	EXPECT_OK(t, kaal_memory_map(other, VSPACE, va, RW));
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va + PAGE, RW));
}

static void protect(struct test *t)
{
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_word_t va = t_region(t);
	volatile kaal_word_t *p = (volatile kaal_word_t *)va;

	if (!page || !va ||
	    !EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW)))
		return;
	p[0] = 1;
	EXPECT_OK(t, kaal_memory_protect(page, RO));
	EXPECT_EQ(t, p[0], 1);
	EXPECT_ERR(t, kaal_memory_protect(page, RW | 0x10), KAAL_E_INVALID_ARG);
	EXPECT_OK(t, kaal_memory_protect(page, RW));
	p[0] = 2;
	EXPECT_EQ(t, p[0], 2);
	/* That the read-only mapping refuses writes is in test_fault.c. */
}

static void page_table_unmap(struct test *t)
{
	kaal_word_t va = t_bare_region(t);
	kaal_cptr_t pt = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_cptr_t pt2 = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);

	if (!pt || !pt2 ||
	    !EXPECT_EQ(t, kaal_page_table_map(pt, VSPACE, va).value, 1))
		return;
	EXPECT_ERR(t, kaal_page_table_map(pt, VSPACE, t_bare_region(t)).error,
		   KAAL_E_MAPPED);
	EXPECT_OK(t, kaal_page_table_unmap(pt));
	EXPECT_ERR(t, kaal_page_table_unmap(pt), KAAL_E_NOT_MAPPED);
	EXPECT_EQ(t, kaal_page_table_map(pt, VSPACE, va).value, 1);
	EXPECT_ERR(t, kaal_page_table_map(pt2, CNODE, t_bare_region(t)).error,
		   KAAL_E_WRONG_TYPE);
	EXPECT_EQ(t, kaal_page_table_map(pt2, VSPACE, t_bare_region(t)).value,
		  1);
}

/* Unmapping a table empties it: the tables and pages below it do not come
 * back when it is mapped again (their memory may be reused by then). */
static void page_table_unmap_clears(struct test *t)
{
	kaal_word_t va = t_bare_region(t);
	kaal_cptr_t pt1 = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_cptr_t pt2 = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_cptr_t pt3 = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_cptr_t pt4 = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t page2 = t_object(t, KAAL_OBJ_PAGE, 0);

	if (!pt1 || !pt2 || !pt3 || !pt4 || !page || !page2 ||
	    !EXPECT_EQ(t, kaal_page_table_map(pt1, VSPACE, va).value, 1) ||
	    !EXPECT_EQ(t, kaal_page_table_map(pt2, VSPACE, va).value, 2) ||
	    !EXPECT_EQ(t, kaal_page_table_map(pt3, VSPACE, va).value, 3) ||
	    !EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW)))
		return;
	EXPECT_OK(t, kaal_page_table_unmap(pt1));
	EXPECT_EQ(t, kaal_page_table_map(pt1, VSPACE, va).value, 1);
	EXPECT_ERR(t, kaal_memory_map(page2, VSPACE, va, RW),
		   KAAL_E_NO_PAGE_TABLE);
	EXPECT_EQ(t, kaal_page_table_map(pt4, VSPACE, va).value, 2);
	/* The page's entry went with the table; unmapping it still works. */
	EXPECT_OK(t, kaal_memory_unmap(page));
}

/* A page made from the i-th bootinfo untyped region lies inside it. */
static void page_address(struct test *t)
{
	const struct kaal_bootinfo *bi = t->bi;
	kaal_cptr_t page = t_slot(t);
	int found = 0;

	for (uint32_t i = bi->nr_untyped; page && i-- > 0 && !found;) {
		const struct kaal_untyped_desc *u = &bi->untyped_list[i];
		struct kaal_word_ret pa;

		if (u->is_device ||
		    kaal_retype(bi->untyped.start + i, KAAL_OBJ_PAGE, 0, CNODE,
				DEPTH, page, 1))
			continue;
		found = 1;
		pa = kaal_page_address(page);
		EXPECT_OK(t, pa.error);
		EXPECT(t, pa.value >= u->paddr &&
				  pa.value + PAGE <=
					  u->paddr + (1ul << u->size_bits));
		EXPECT_EQ(t, pa.value & (PAGE - 1), 0);
	}
	EXPECT(t, found);
	EXPECT_ERR(t, kaal_page_address(KAAL_CAP_INIT_TCB).error,
		   KAAL_E_WRONG_TYPE);
}

static void map_large_page(struct test *t)
{
	kaal_word_t va = t_bare_region(t) + (1ul << KAAL_LARGE_PAGE_BITS);
	kaal_cptr_t large = t_object(t, KAAL_OBJ_LARGE_PAGE, 0);
	volatile kaal_word_t *p = (volatile kaal_word_t *)va;
	kaal_word_t last = (1ul << KAAL_LARGE_PAGE_BITS) / 8 - 1;

	if (!large || !t_map(t, large, va, RW))
		return;
	p[0] = 1;
	p[last] = 2;
	EXPECT_EQ(t, p[0] + p[last], 3);
	EXPECT_OK(t, kaal_memory_unmap(large));
}

static void vspace_new(struct test *t)
{
	kaal_cptr_t vs = t_object(t, KAAL_OBJ_VSPACE, 0);
	kaal_cptr_t page = t_object(t, KAAL_OBJ_PAGE, 0);
	kaal_cptr_t pt = t_object(t, KAAL_OBJ_PAGE_TABLE, 0);
	kaal_word_t va = t_region(t);

	if (!vs || !page || !pt || !va)
		return;
	EXPECT_EQ(t, slot_type(vs), KAAL_OBJ_VSPACE);
	/* The new address space is empty: it has no tables at all. */
	EXPECT_ERR(t, kaal_memory_map(page, vs, va, RW), KAAL_E_NO_PAGE_TABLE);
	EXPECT_EQ(t, kaal_page_table_map(pt, vs, va).value, 1);
	EXPECT_ERR(t, kaal_memory_map(page, vs, va, RW), KAAL_E_NO_PAGE_TABLE);
	/* A table installed in one address space cannot go into another. */
	EXPECT_ERR(t, kaal_page_table_map(pt, VSPACE, t_bare_region(t)).error,
		   KAAL_E_MAPPED);
	/* Nothing of it reached ours: the page maps at va here. */
	EXPECT_OK(t, kaal_memory_map(page, VSPACE, va, RW));
}

static const struct test_case cases[] = {
	{ "map_ok", map_ok },
	{ "map_misaligned", map_misaligned },
	{ "map_already_mapped", map_already_mapped },
	{ "map_no_page_table", map_no_page_table },
	{ "map_bad_address", map_bad_address },
	{ "map_write_exec", map_write_exec },
	{ "map_exec", map_exec },
	{ "map_no_rights", map_no_rights },
	{ "unmap_not_mapped", unmap_not_mapped },
	{ "protect", protect },
	{ "page_table_unmap", page_table_unmap },
	{ "page_table_unmap_clears", page_table_unmap_clears },
	{ "page_address", page_address },
	{ "map_large_page", map_large_page },
	{ "vspace_new", vspace_new },
};

TEST_SUITE(map_suite, cases);
