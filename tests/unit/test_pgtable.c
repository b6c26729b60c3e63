// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/arm64/lib/pgtable.c on the host: tables come from a pool of
 * page-aligned host memory that stands for physical address POOL_PA, and
 * every descriptor written is checked against the VMSAv8-64 formats (Arm
 * ARM D8.3): table entries at levels 0-2, 2 MiB blocks at level 2, 4 KiB
 * pages at level 3, at the index the VA selects.
 */
#include <stdlib.h>
#include <string.h>

#include <asm/pgtable.h>

#include "ktest.h"

#define POOL_PA	   0x40200000ull
#define POOL_PAGES 16

static struct pt_pool pool;
static pte_t *root;

static void setup(size_t npages)
{
	static uint8_t *mem;

	free(mem);
	mem = aligned_alloc(PAGE_SIZE, npages * PAGE_SIZE);
	memset(mem, 0x5a, npages * PAGE_SIZE); /* tables must be zeroed */
	pool = (struct pt_pool){
		.base_va = mem, .base_pa = POOL_PA, .npages = npages, .used = 0
	};
	root = pt_alloc_table(&pool);
}

static unsigned int idx(vaddr_t va, int level)
{
	return (unsigned int)(va >> (12 + 9 * (3 - level))) & 511;
}

/* The table the descriptor @e points to, checking it is a table entry
 * into the pool. */
static pte_t *next_table(pte_t e)
{
	paddr_t pa = e & PTE_ADDR_MASK;

	if (!CHECK_EQ_UINT(3, e & 3) ||
	    !CHECK(pa >= POOL_PA && pa < POOL_PA + pool.used * PAGE_SIZE) ||
	    !CHECK_EQ_UINT(0, e & ~PTE_ADDR_MASK & ~3ull))
		return NULL;
	return (pte_t *)(pool.base_va + (pa - POOL_PA));
}

/* The descriptor for @va at @level (2 or 3), walking from the root. */
static pte_t *walk(vaddr_t va, int level)
{
	pte_t *t = root;

	for (int l = 0; l < level; l++) {
		t = next_table(t[idx(va, l)]);
		if (!t)
			return NULL;
	}
	return &t[idx(va, level)];
}

static unsigned int nonzero_entries(const pte_t *t)
{
	unsigned int n = 0;

	for (int i = 0; i < PT_ENTRIES; i++)
		n += t[i] != 0;
	return n;
}

TEST(alloc_table_zeroes_and_runs_out)
{
	setup(2);
	REQUIRE(CHECK_NOT_NULL(root));
	CHECK_EQ_UINT(0, nonzero_entries(root));
	CHECK_EQ_PTR(pool.base_va, root);
	pte_t *t = pt_alloc_table(&pool);
	CHECK_EQ_PTR(pool.base_va + PAGE_SIZE, t);
	CHECK_NULL(pt_alloc_table(&pool));
	CHECK_EQ_UINT(2, pool.used);
}

TEST(one_4k_page)
{
	vaddr_t va = 0xffffff8000123000ull;
	paddr_t pa = 0x40456000ull;
	pte_t *e;

	setup(POOL_PAGES);
	REQUIRE(CHECK_EQ_INT(0, pt_map(root, &pool, va, pa, PAGE_SIZE,
				       PROT_KERNEL_RO)));
	CHECK_EQ_UINT(4, pool.used); /* root + levels 1, 2, 3 */
	REQUIRE(CHECK_NOT_NULL(e = walk(va, 3)));
	CHECK_EQ_UINT(pa | PROT_KERNEL_RO | PTE_VALID | PTE_PAGE, *e);
	CHECK_EQ_UINT(511, idx(va, 0));
	CHECK_EQ_UINT(0x123, idx(va, 3));
	/* Exactly one entry in each table. */
	for (size_t p = 0; p < pool.used; p++)
		CHECK_EQ_UINT(1, nonzero_entries((pte_t *)(pool.base_va +
							   p * PAGE_SIZE)));
}

TEST(unaligned_range_covers_whole_pages)
{
	pte_t *e;

	setup(POOL_PAGES);
	/* 0x10 bytes from offset 0xff8 touch two pages. */
	REQUIRE(CHECK_EQ_INT(0, pt_map(root, &pool, 0x40000ff8, 0x40000ff8,
				       0x10, PROT_KERNEL_RW)));
	REQUIRE(CHECK_NOT_NULL(e = walk(0x40000000, 3)));
	CHECK_EQ_UINT(0x40000000 | PROT_KERNEL_RW | PTE_VALID | PTE_PAGE, *e);
	REQUIRE(CHECK_NOT_NULL(e = walk(0x40001000, 3)));
	CHECK_EQ_UINT(0x40001000 | PROT_KERNEL_RW | PTE_VALID | PTE_PAGE, *e);
	CHECK_EQ_UINT(2, nonzero_entries(e - 1));
}

TEST(one_2m_block)
{
	vaddr_t va = 0xffff000040200000ull;
	paddr_t pa = 0x40200000ull;
	pte_t *e;

	setup(POOL_PAGES);
	REQUIRE(CHECK_EQ_INT(0, pt_map(root, &pool, va, pa, LARGE_PAGE_SIZE,
				       PROT_DEVICE)));
	CHECK_EQ_UINT(3, pool.used); /* no level-3 table */
	REQUIRE(CHECK_NOT_NULL(e = walk(va, 2)));
	/* A block: bit 1 clear. */
	CHECK_EQ_UINT(pa | PROT_DEVICE | PTE_VALID, *e);
	CHECK_EQ_UINT(1, idx(va, 2));
	CHECK_EQ_UINT(0, idx(va, 0));
}

TEST(blocks_and_pages_mixed)
{
	vaddr_t va = 0xffffff8000000000ull;
	paddr_t pa = 0x40000000ull;
	size_t size = 2 * LARGE_PAGE_SIZE + 3 * PAGE_SIZE;
	pte_t *e;

	setup(POOL_PAGES);
	REQUIRE(CHECK_EQ_INT(0, pt_map(root, &pool, va, pa, size,
				       PROT_KERNEL_RX)));
	for (int b = 0; b < 2; b++) {
		REQUIRE(CHECK_NOT_NULL(e = walk(va + b * LARGE_PAGE_SIZE, 2)));
		CHECK_EQ_UINT((pa + b * LARGE_PAGE_SIZE) | PROT_KERNEL_RX |
				      PTE_VALID,
			      *e);
	}
	for (int p = 0; p < 3; p++) {
		vaddr_t v = va + 2 * LARGE_PAGE_SIZE + p * PAGE_SIZE;

		REQUIRE(CHECK_NOT_NULL(e = walk(v, 3)));
		CHECK_EQ_UINT((pa + 2 * LARGE_PAGE_SIZE + p * PAGE_SIZE) |
				      PROT_KERNEL_RX | PTE_VALID | PTE_PAGE,
			      *e);
	}
	CHECK_EQ_UINT(3, nonzero_entries(e - 2));
	CHECK_EQ_UINT(4, pool.used); /* root + levels 1, 2 and one level 3 */
}

TEST(misaligned_pa_uses_pages)
{
	pte_t *e;

	setup(POOL_PAGES);
	/* VA 2 MiB aligned but PA only 4 KiB aligned: no block possible. */
	REQUIRE(CHECK_EQ_INT(0, pt_map(root, &pool, 0x200000, 0x40201000,
				       LARGE_PAGE_SIZE, PROT_KERNEL_RW)));
	REQUIRE(CHECK_NOT_NULL(e = walk(0x200000, 3)));
	CHECK_EQ_UINT(0x40201000 | PROT_KERNEL_RW | PTE_VALID | PTE_PAGE, *e);
	CHECK_EQ_UINT(512, nonzero_entries(e));
	REQUIRE(CHECK_NOT_NULL(e = walk(0x3ff000, 3)));
	CHECK_EQ_UINT(0x40400000 | PROT_KERNEL_RW | PTE_VALID | PTE_PAGE, *e);
}

TEST(identical_remap_is_accepted)
{
	setup(POOL_PAGES);
	REQUIRE(CHECK_EQ_INT(0, pt_map(root, &pool, 0x40000000, 0x40000000,
				       LARGE_PAGE_SIZE + PAGE_SIZE,
				       PROT_KERNEL_RW)));
	size_t used = pool.used;

	CHECK_EQ_INT(0, pt_map(root, &pool, 0x40000000, 0x40000000,
			       LARGE_PAGE_SIZE + PAGE_SIZE, PROT_KERNEL_RW));
	CHECK_EQ_INT(0, pt_map(root, &pool, 0x40200000, 0x40200000, PAGE_SIZE,
			       PROT_KERNEL_RW));
	CHECK_EQ_UINT(used, pool.used);
}

TEST(conflicting_remap_is_refused)
{
	setup(POOL_PAGES);
	REQUIRE(CHECK_EQ_INT(0, pt_map(root, &pool, 0x1000, 0x5000, PAGE_SIZE,
				       PROT_KERNEL_RW)));
	/* Other physical address, other attributes. */
	CHECK_EQ_INT(-2, pt_map(root, &pool, 0x1000, 0x6000, PAGE_SIZE,
				PROT_KERNEL_RW));
	CHECK_EQ_INT(-2, pt_map(root, &pool, 0x1000, 0x5000, PAGE_SIZE,
				PROT_KERNEL_RO));
	CHECK_EQ_UINT(0x5000 | PROT_KERNEL_RW | PTE_VALID | PTE_PAGE,
		      *walk(0x1000, 3));
	/* A page inside an existing block. */
	REQUIRE(CHECK_EQ_INT(0, pt_map(root, &pool, 0x40000000, 0x40000000,
				       LARGE_PAGE_SIZE, PROT_KERNEL_RW)));
	CHECK_EQ_INT(-2, pt_map(root, &pool, 0x40003000, 0x40003000, PAGE_SIZE,
				PROT_KERNEL_RW));
	/* A block over an existing page table. */
	CHECK_EQ_INT(-2, pt_map(root, &pool, 0, 0, LARGE_PAGE_SIZE,
				PROT_KERNEL_RW));
}

TEST(pool_exhaustion)
{
	/* Root and a level-1 table, no room for level 2. */
	setup(2);
	CHECK_EQ_INT(-1, pt_map(root, &pool, 0x1000, 0x1000, PAGE_SIZE,
				PROT_KERNEL_RW));
	CHECK_EQ_UINT(2, pool.used);
	/* Room for a block walk (root, L1, L2) but not a page (L3). */
	setup(3);
	CHECK_EQ_INT(0, pt_map(root, &pool, 0x200000, 0x200000, LARGE_PAGE_SIZE,
			       PROT_KERNEL_RW));
	CHECK_EQ_INT(-1, pt_map(root, &pool, 0x1000, 0x1000, PAGE_SIZE,
				PROT_KERNEL_RW));
}
