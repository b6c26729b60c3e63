// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building VMSAv8-64 translation tables (4 KiB granule, 4 levels), used by
 * the loader for the identity map and the kernel's upper-half map.
 */
#include <asm/pgtable.h>
#include <kaal/string.h>

static pte_t *pool_va(struct pt_pool *pool, paddr_t pa)
{
	return (pte_t *)(pool->base_va + (pa - pool->base_pa));
}

static paddr_t pool_pa(struct pt_pool *pool, const pte_t *va)
{
	return pool->base_pa + (paddr_t)((const uint8_t *)va - pool->base_va);
}

pte_t *pt_alloc_table(struct pt_pool *pool)
{
	pte_t *t;

	if (pool->used >= pool->npages)
		return NULL;
	t = (pte_t *)(pool->base_va + pool->used++ * PAGE_SIZE);
	memset(t, 0, PAGE_SIZE);
	return t;
}

static unsigned int pt_index(vaddr_t va, int level)
{
	return (unsigned int)(va >> PT_LEVEL_SHIFT(level)) & (PT_ENTRIES - 1);
}

/* The table at @level+1 under entry @e, allocating it when absent. */
static pte_t *pt_next(pte_t *e, struct pt_pool *pool)
{
	pte_t *t;

	if (*e & PTE_VALID)
		return (*e & PTE_TABLE) ? pool_va(pool, *e & PTE_ADDR_MASK) :
					  NULL;
	t = pt_alloc_table(pool);
	if (t)
		*e = pool_pa(pool, t) | PTE_TABLE | PTE_VALID;
	return t;
}

static int pt_set(pte_t *e, pte_t val)
{
	if ((*e & PTE_VALID) && *e != val)
		return -2;
	*e = val;
	return 0;
}

static int pt_map_one(pte_t *root, struct pt_pool *pool, vaddr_t va, paddr_t pa,
		      size_t left, uint64_t prot, size_t *done)
{
	bool block = IS_ALIGNED(va | pa, LARGE_PAGE_SIZE) &&
		     left >= LARGE_PAGE_SIZE;
	int last = block ? 2 : 3;
	pte_t *t = root;

	for (int level = 0; level < last; level++) {
		pte_t *e = &t[pt_index(va, level)];

		t = pt_next(e, pool);
		if (!t)
			return (*e & PTE_VALID) ? -2 : -1;
	}
	*done = block ? LARGE_PAGE_SIZE : PAGE_SIZE;
	return pt_set(&t[pt_index(va, last)],
		      pa | prot | PTE_VALID | (block ? 0 : PTE_PAGE));
}

int pt_map(pte_t *root, struct pt_pool *pool, vaddr_t va, paddr_t pa,
	   size_t size, uint64_t prot)
{
	size_t done;
	int err;

	va = ALIGN_DOWN(va, PAGE_SIZE);
	size = ALIGN_UP(size + (pa & (PAGE_SIZE - 1)), PAGE_SIZE);
	pa = ALIGN_DOWN(pa, PAGE_SIZE);
	while (size) {
		err = pt_map_one(root, pool, va, pa, size, prot, &done);
		if (err)
			return err;
		va += done;
		pa += done;
		size -= done;
	}
	return 0;
}
