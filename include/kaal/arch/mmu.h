/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The MMU contract for user address spaces (arch/arm64/kernel/mmu.c):
 * descriptor formats, TLB maintenance and address-space switching. The
 * portable kernel walks 4-level, 512-entry tables through these.
 */
#ifndef KAAL_ARCH_MMU_H
#define KAAL_ARCH_MMU_H

#include <kaal/types.h>

#define MMU_LEVELS	   4
#define MMU_TABLE_ENTRIES  512
/* VA bits translated below level @l (0..3): 39, 30, 21, 12. */
#define MMU_LEVEL_SHIFT(l) (12u + 9u * (3u - (l)))

/* Descriptors, inline in <asm/pte.h>:
 *
 * - arch_pte_user_leaf(pa, perms, device, level): a leaf (page at level
 *   3, block at level 2) for user space. @perms is KAAL_MAP_* (never both
 *   WRITE and EXEC: the caller checked);
 * - arch_pte_table(pa): a table descriptor pointing at the next-level
 *   table at @pa;
 * - arch_pte_valid(pte), arch_pte_addr(pte);
 * - arch_pte_is_table(pte, level): does this valid entry at @level point
 *   to a next-level table? arch_pte_is_valid_table(pte, level): is it
 *   valid and a table?
 * - arch_pte_sync(): make table updates visible to the walker before the
 *   next return to user space.
 */
#include <asm/pte.h>

/* Drop stale TLB entries (after the table writes: no arch_pte_sync needed
 * before them). */
void arch_tlb_flush_va(unsigned int asid, vaddr_t va);
void arch_tlb_flush_asid(unsigned int asid);

/* The switch token of the user address space whose level-0 table is at
 * @root (not 0) and whose ASID is @asid: a value that is never 0, which
 * VSpace capabilities keep (kaal/capability.h) so that switching needs
 * nothing else. */
static __always_inline uint64_t arch_vspace_token(paddr_t root,
						  unsigned int asid);
/* Run with the user address space of @token; 0 disables user
 * translations. Inline, in <asm/mmu.h>: it is on every switch. */
static __always_inline void arch_vspace_switch_token(uint64_t token);
/* The same by root and ASID; root 0 disables user translations. */
static __always_inline void arch_vspace_switch(paddr_t root, unsigned int asid);
/* Is the user address space of @root and @asid the one in use? */
static __always_inline bool arch_vspace_is_active(paddr_t root,
						  unsigned int asid);

#include <asm/mmu.h>

#endif /* KAAL_ARCH_MMU_H */
