/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inline part of the MMU contract (include/kaal/arch/mmu.h): switching
 * TTBR0_EL1 (Arm ARM D17.2.144; ASID in bits 63:48, TCR_EL1.A1 = 0), with
 * a shadow copy so switching to the address space already in use costs
 * nothing, and TCR_EL1.EPD0 to turn user translations off altogether.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <asm/pgtable.h>
#include <asm/sysreg.h>

#define TTBR_ASID_SHIFT 48

extern uint64_t arch_cur_ttbr0; /* 0: user translations off */

/* The TTBR0_EL1 value for the level-0 table at @root with @asid. */
static __always_inline uint64_t arch_ttbr0(paddr_t root, unsigned int asid)
{
	return root ? root | ((uint64_t)asid << TTBR_ASID_SHIFT) : 0;
}

static __always_inline bool arch_vspace_is_active(paddr_t root,
						  unsigned int asid)
{
	return arch_cur_ttbr0 == arch_ttbr0(root, asid);
}

static __always_inline void arch_vspace_switch(paddr_t root, unsigned int asid)
{
	uint64_t ttbr = arch_ttbr0(root, asid);

	if (ttbr == arch_cur_ttbr0)
		return;
	if (!ttbr) {
		/* ASID 0 belongs to no VSpace: no stale TLB entry can match. */
		write_sysreg(ttbr0_el1, 0);
		write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_EPD0);
	} else {
		write_sysreg(ttbr0_el1, ttbr);
		if (!arch_cur_ttbr0)
			write_sysreg(tcr_el1, read_sysreg(tcr_el1) & ~TCR_EPD0);
	}
	isb();
	arch_cur_ttbr0 = ttbr;
}

#endif /* ASM_MMU_H */
