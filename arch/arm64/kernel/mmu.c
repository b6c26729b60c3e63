// SPDX-License-Identifier: GPL-2.0-only
/*
 * User address-space support for the portable kernel (kaal/arch/mmu.h):
 * VMSAv8-64 stage 1 descriptors (Arm ARM D8.3), TLB maintenance by ASID
 * (D8.13) and TTBR0 switching with ASIDs in TTBR0_EL1[63:48].
 */
#include <kaal/arch/mmu.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <uapi/kaal/object.h>

uint64_t arch_pte_user_leaf(paddr_t pa, unsigned int perms, bool device,
			    unsigned int level)
{
	uint64_t pte = pa | PTE_VALID | PTE_AF | PTE_NG | PTE_USER | PTE_PXN;

	pte |= level == 3 ? PTE_PAGE : 0;
	pte |= device ? PTE_ATTRINDX(MT_DEVICE_nGnRE) :
			PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER;
	if (!(perms & KAAL_MAP_WRITE))
		pte |= PTE_RDONLY;
	if (!(perms & KAAL_MAP_EXEC))
		pte |= PTE_UXN;
	return pte;
}

uint64_t arch_pte_table(paddr_t pa)
{
	/* Table descriptors: PXNTable (bit 59) keeps the kernel from ever
	 * executing user memory. */
	return pa | PTE_TABLE | PTE_VALID | (1ul << 59);
}

bool arch_pte_valid(uint64_t pte)
{
	return pte & PTE_VALID;
}

bool arch_pte_is_table(uint64_t pte, unsigned int level)
{
	return level < 3 && (pte & PTE_TABLE);
}

paddr_t arch_pte_addr(uint64_t pte)
{
	return pte & PTE_ADDR_MASK;
}

void arch_pte_sync(void)
{
	dsb(ishst);
	isb();
}

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
