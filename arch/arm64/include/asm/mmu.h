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

extern uint64_t arch_cur_ttbr0;		/* 0: user translations off */

static __always_inline void arch_vspace_switch(paddr_t root, unsigned int asid)
{
	uint64_t ttbr = root ? root | ((uint64_t)asid << 48) : 0;

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
