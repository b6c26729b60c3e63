/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake arch's descriptors (include/kaal/arch/mmu.h): an address, the
 * KAAL_MAP_* permissions in bits 2-4, a device bit, and valid and table
 * bits, so that tests can read back what the kernel wrote.
 */
#ifndef TESTS_UNIT_FAKE_ASM_PTE_H
#define TESTS_UNIT_FAKE_ASM_PTE_H

#define FAKE_PTE_VALID	(1ull << 0)
#define FAKE_PTE_TABLE	(1ull << 1)
#define FAKE_PTE_PERMS	2
#define FAKE_PTE_DEVICE (1ull << 5)
#define FAKE_PTE_ADDR	(~0xfffull)

static __always_inline uint64_t arch_pte_user_leaf(paddr_t pa,
						   unsigned int perms,
						   bool device,
						   unsigned int level)
{
	(void)level;
	return (pa & FAKE_PTE_ADDR) |
	       ((uint64_t)(perms & 7) << FAKE_PTE_PERMS) |
	       (device ? FAKE_PTE_DEVICE : 0) | FAKE_PTE_VALID;
}

static __always_inline uint64_t arch_pte_table(paddr_t pa)
{
	return (pa & FAKE_PTE_ADDR) | FAKE_PTE_TABLE | FAKE_PTE_VALID;
}

static __always_inline bool arch_pte_valid(uint64_t pte)
{
	return pte & FAKE_PTE_VALID;
}

static __always_inline bool arch_pte_is_table(uint64_t pte, unsigned int level)
{
	return level < MMU_LEVELS - 1 && (pte & FAKE_PTE_TABLE);
}

static __always_inline bool arch_pte_is_valid_table(uint64_t pte,
						    unsigned int level)
{
	return arch_pte_valid(pte) && arch_pte_is_table(pte, level);
}

static __always_inline paddr_t arch_pte_addr(uint64_t pte)
{
	return pte & FAKE_PTE_ADDR;
}

static __always_inline void arch_pte_sync(void)
{
}

#endif /* TESTS_UNIT_FAKE_ASM_PTE_H */
