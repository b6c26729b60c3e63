// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fuzzed calls on address spaces: map, unmap and protect pages (4 KiB and
 * 2 MiB), install and remove page tables, in the pool's VSpaces and in
 * the fuzzer's own, inside FZ_VA_BASE.. where nothing of the fuzzer is.
 */
#include "fuzz.h"

#define R (&fz.rng)

kaal_word_t fz_vaddr(uint64_t *rng, kaal_word_t align)
{
	kaal_word_t va = FZ_VA_BASE + fz_below(rng, FZ_VA_SPAN);

	if (fz_chance(rng, 3))
		return fz_next(rng); /* anywhere, mostly refused */
	if (fz_chance(rng, 3))
		return va; /* misaligned, mostly */
	return va & ~(align - 1);
}

/* The fuzzer's own VSpace a quarter of the time, else one of the pool. */
static kaal_cptr_t vspace(void)
{
	return fz_chance(R, 25) ? KAAL_CAP_INIT_VSPACE :
				  fz_cap(R, KAAL_OBJ_VSPACE);
}

static kaal_word_t perms(void)
{
	static const uint8_t common[] = {
		KAAL_MAP_READ,
		KAAL_MAP_READ | KAAL_MAP_WRITE,
		KAAL_MAP_READ | KAAL_MAP_EXEC,
	};

	if (fz_chance(R, 10))
		return fz_below(R, 16);
	return common[fz_below(R, ARRAY_SIZE(common))];
}

static int large(void)
{
	return fz_chance(R, 15);
}

static void op_map(void)
{
	int big = large();
	kaal_cptr_t p = fz_cap(R, big ? KAAL_OBJ_LARGE_PAGE : KAAL_OBJ_PAGE);
	kaal_word_t va = fz_vaddr(R, big ? 1ul << 21 : KAAL_PAGE_SIZE);

	fz_rec(FAM_VM, "map", kaal_memory_map(p, vspace(), va, perms()), p, va,
	       0);
}

static void op_unmap(void)
{
	kaal_cptr_t p =
		fz_cap(R, large() ? KAAL_OBJ_LARGE_PAGE : KAAL_OBJ_PAGE);

	fz_rec(FAM_VM, "unmap", kaal_memory_unmap(p), p, 0, 0);
}

static void op_protect(void)
{
	kaal_cptr_t p =
		fz_cap(R, large() ? KAAL_OBJ_LARGE_PAGE : KAAL_OBJ_PAGE);
	kaal_word_t pr = perms();

	fz_rec(FAM_VM, "protect", kaal_memory_protect(p, pr), p, pr, 0);
}

static void op_pt_map(void)
{
	kaal_cptr_t pt = fz_cap(R, KAAL_OBJ_PAGE_TABLE);
	kaal_word_t va = fz_vaddr(R, KAAL_PAGE_SIZE);

	fz_rec(FAM_VM, "pt_map", kaal_page_table_map(pt, vspace(), va).error,
	       pt, va, 0);
}

static void op_pt_unmap(void)
{
	kaal_cptr_t pt = fz_cap(R, KAAL_OBJ_PAGE_TABLE);

	fz_rec(FAM_VM, "pt_unmap", kaal_page_table_unmap(pt), pt, 0, 0);
}

static void op_page_address(void)
{
	kaal_cptr_t p =
		fz_cap(R, large() ? KAAL_OBJ_LARGE_PAGE : KAAL_OBJ_PAGE);

	fz_rec(FAM_VM, "page_address", kaal_page_address(p).error, p, 0, 0);
}

const struct fz_op fz_vm_ops[] = {
	{ "map", 8, op_map },		{ "unmap", 3, op_unmap },
	{ "protect", 3, op_protect },	{ "pt_map", 5, op_pt_map },
	{ "pt_unmap", 2, op_pt_unmap }, { "page_address", 1, op_page_address },
};
const unsigned int fz_nr_vm_ops = ARRAY_SIZE(fz_vm_ops);
