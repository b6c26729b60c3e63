// SPDX-License-Identifier: GPL-2.0-only
/*
 * User address-space support for the portable kernel (kaal/arch/mmu.h):
 * TLB maintenance by ASID and VA (Arm ARM D8.13) and TTBR0 switching with
 * ASIDs in TTBR0_EL1[63:48]. The VMSAv8-64 stage 1 descriptors (D8.3)
 * are inline, in <asm/pte.h>.
 */
#include <kaal/arch/mmu.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <uapi/kaal/object.h>

void arch_tlb_flush_va(unsigned int asid, vaddr_t va)
{
	uint64_t arg = ((uint64_t)asid << 48) | ((va >> 12) & 0xfffffffffffull);

	dsb(ishst);
	__asm__ volatile("tlbi vae1is, %0" ::"r"(arg) : "memory");
	dsb(ish);
	isb();
}

void arch_tlb_flush_asid(unsigned int asid)
{
	dsb(ishst);
	__asm__ volatile("tlbi aside1is, %0" ::"r"((uint64_t)asid << 48)
			 : "memory");
	dsb(ish);
	isb();
}
