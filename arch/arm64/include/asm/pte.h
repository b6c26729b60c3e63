/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inline part of the MMU contract (include/kaal/arch/mmu.h): user
 * descriptors and the barrier after a table write. Inline so that a walk
 * (kernel/vspace.c) tests an entry with a bit test or two instead of a
 * call per test.
 */
#ifndef ASM_PTE_H
#define ASM_PTE_H

#include <kaal/types.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <uapi/kaal/object.h>

static __always_inline uint64_t arch_pte_user_leaf(paddr_t pa,
						   unsigned int perms,
						   bool device,
						   unsigned int level)
{
	uint64_t pte = pa | PTE_VALID | PTE_AF | PTE_NG | PTE_USER | PTE_PXN;
	uint64_t missing = ~(uint64_t)perms; /* the permissions not given */

	pte |= level == 3 ? PTE_PAGE : 0;
	pte |= device ? PTE_ATTRINDX(MT_DEVICE_nGnRE) :
			PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER;
	/* Shifts, not tests: no WRITE sets RDONLY, no EXEC sets UXN. */
	_Static_assert(PTE_RDONLY == (uint64_t)KAAL_MAP_WRITE << 6 &&
			       PTE_UXN == (uint64_t)KAAL_MAP_EXEC << 52,
		       "the bits the shifts move");
	pte |= (missing & KAAL_MAP_WRITE) << 6;
	pte |= (missing & KAAL_MAP_EXEC) << 52;
	return pte;
}

/* Table descriptors: PXNTable (bit 59) keeps the kernel from ever
 * executing user memory. */
static __always_inline uint64_t arch_pte_table(paddr_t pa)
{
	return pa | PTE_TABLE | PTE_VALID | (_AC(1, UL) << 59);
}

static __always_inline bool arch_pte_valid(uint64_t pte)
{
	return pte & PTE_VALID;
}

static __always_inline bool arch_pte_is_table(uint64_t pte, unsigned int level)
{
	return level < 3 && (pte & PTE_TABLE);
}

/* Valid and a table: both low bits set (levels 0 to 2), two bit tests. */
static __always_inline bool arch_pte_is_valid_table(uint64_t pte,
						    unsigned int level)
{
	return level < 3 && (pte & PTE_VALID) && (pte & PTE_TABLE);
}

static __always_inline paddr_t arch_pte_addr(uint64_t pte)
{
	return pte & PTE_ADDR_MASK;
}

/*
 * The table walker sees every table write made before it (DSB ISHST).
 * The kernel never translates through user tables itself, and it returns
 * to user space with ERET, a context synchronization event, so no ISB is
 * needed here (Arm ARM D8.14, "Ordering of translation table updates").
 */
static __always_inline void arch_pte_sync(void)
{
	dsb(ishst);
}

#endif /* ASM_PTE_H */
