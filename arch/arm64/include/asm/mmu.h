/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inline part of the MMU contract (include/kaal/arch/mmu.h): switching
 * TTBR0_EL1 (Arm ARM D17.2.144; ASID in bits 63:48, TCR_EL1.A1 = 0), and
 * TCR_EL1.EPD0 to turn user translations off altogether. A switch token
 * is the TTBR0_EL1 value itself; TTBR0_EL1 is 0 exactly while EPD0 is set
 * (arch_cpu_init starts so), so reading it tells which address space is
 * in use and switching to the one already in use costs nothing.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <asm/pgtable.h>
#include <asm/sysreg.h>

#define TTBR_ASID_SHIFT 48

/* The TTBR0_EL1 value for the level-0 table at @root with @asid. */
static __always_inline uint64_t arch_ttbr0(paddr_t root, unsigned int asid)
{
	return root ? root | ((uint64_t)asid << TTBR_ASID_SHIFT) : 0;
}

static __always_inline uint64_t arch_vspace_token(paddr_t root,
						  unsigned int asid)
{
	return arch_ttbr0(root, asid);
}

static __always_inline bool arch_vspace_is_active(paddr_t root,
						  unsigned int asid)
{
	return read_sysreg(ttbr0_el1) == arch_ttbr0(root, asid);
}

/* From @cur to @ttbr when either is 0: EPD0 changes too. */
static __always_inline void arch_vspace_switch_epd0(uint64_t ttbr, uint64_t cur)
{
	if (!ttbr) {
		/* ASID 0 belongs to no VSpace: no stale TLB entry can match. */
		write_sysreg(ttbr0_el1, 0);
		write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_EPD0);
	} else {
		write_sysreg(ttbr0_el1, ttbr);
		if (!cur)
			write_sysreg(tcr_el1, read_sysreg(tcr_el1) & ~TCR_EPD0);
	}
}

static __always_inline void arch_vspace_switch_token(uint64_t ttbr)
{
	uint64_t cur = read_sysreg(ttbr0_el1);

	if (ttbr == cur)
		return;
	if (ttbr && cur)
		write_sysreg(ttbr0_el1, ttbr);
	else
		arch_vspace_switch_epd0(ttbr, cur);
	isb();
}

static __always_inline void arch_vspace_switch(paddr_t root, unsigned int asid)
{
	arch_vspace_switch_token(arch_ttbr0(root, asid));
}

#endif /* ASM_MMU_H */
