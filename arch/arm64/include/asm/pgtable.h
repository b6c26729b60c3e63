/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMSAv8-64 translation table descriptors, 4 KiB granule, 4 levels
 * (Arm ARM DDI0487, D8.3 "Translation table descriptor formats").
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <asm/memory.h>

#define PTE_VALID	(_AC(1, UL) << 0)
#define PTE_TABLE	(_AC(1, UL) << 1) /* levels 0-2: next-level table */
#define PTE_PAGE	(_AC(1, UL) << 1) /* level 3: page */
#define PTE_ATTRINDX(n) ((_AC(n, UL)) << 2)
#define PTE_USER	(_AC(1, UL) << 6) /* AP[1]: EL0 access */
#define PTE_RDONLY	(_AC(1, UL) << 7) /* AP[2]: read-only */
#define PTE_SH_INNER	(_AC(3, UL) << 8)
#define PTE_AF		(_AC(1, UL) << 10)
#define PTE_NG		(_AC(1, UL) << 11) /* not global: tagged by ASID */
#define PTE_PXN		(_AC(1, UL) << 53)
#define PTE_UXN		(_AC(1, UL) << 54)
#define PTE_ADDR_MASK	_AC(0x0000fffffffff000, UL)
#define PTE_ATTR_MASK	(~PTE_ADDR_MASK & ~(PTE_VALID | PTE_TABLE))

/* MAIR_EL1 attribute indices (D17.2.97) and the register value. */
#define MT_DEVICE_nGnRnE 0
#define MT_DEVICE_nGnRE	 1
#define MT_NORMAL	 2
#define MT_NORMAL_NC	 3
#define MAIR_VALUE                                   \
	((_AC(0x00, UL) << (8 * MT_DEVICE_nGnRnE)) | \
	 (_AC(0x04, UL) << (8 * MT_DEVICE_nGnRE)) |  \
	 (_AC(0xff, UL) << (8 * MT_NORMAL)) |        \
	 (_AC(0x44, UL) << (8 * MT_NORMAL_NC)))

#define PROT_NORMAL    (PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL))
#define PROT_KERNEL_RW (PROT_NORMAL | PTE_PXN | PTE_UXN)
#define PROT_KERNEL_RO (PROT_NORMAL | PTE_RDONLY | PTE_PXN | PTE_UXN)
#define PROT_KERNEL_RX (PROT_NORMAL | PTE_RDONLY | PTE_UXN)
#define PROT_DEVICE    (PTE_AF | PTE_ATTRINDX(MT_DEVICE_nGnRE) | PTE_PXN | PTE_UXN)
/* The loader's identity map of itself: code and data in one mapping. */
#define PROT_IDMAP_RWX (PROT_NORMAL | PTE_UXN)

#define PT_ENTRIES	  512
#define PT_LEVELS	  4
/* Bits of VA translated below level @l (0..3): 39, 30, 21, 12. */
#define PT_LEVEL_SHIFT(l) (PAGE_SHIFT + 9 * (3 - (l)))

/* TCR_EL1 (D17.2.131): 48-bit VAs in both halves, 4 KiB granules,
 * write-back cacheable inner-shareable walks. IPS is filled in at run time
 * from ID_AA64MMFR0_EL1.PARange. */
#define TCR_T0SZ      ((_AC(64, UL) - VA_BITS) << 0)
#define TCR_T1SZ      ((_AC(64, UL) - VA_BITS) << 16)
#define TCR_WALK0     ((_AC(1, UL) << 8) | (_AC(1, UL) << 10) | (_AC(3, UL) << 12))
#define TCR_WALK1     ((_AC(1, UL) << 24) | (_AC(1, UL) << 26) | (_AC(3, UL) << 28))
#define TCR_TG0_4K    (_AC(0, UL) << 14)
#define TCR_TG1_4K    (_AC(2, UL) << 30)
#define TCR_EPD0      (_AC(1, UL) << 7)
#define TCR_AS16      (_AC(1, UL) << 36)
#define TCR_IPS_SHIFT 32
#define TCR_BASE \
	(TCR_T0SZ | TCR_T1SZ | TCR_WALK0 | TCR_WALK1 | TCR_TG0_4K | TCR_TG1_4K)

/* SCTLR_EL1 (D17.2.118). */
#define SCTLR_M		 (_AC(1, UL) << 0)
#define SCTLR_A		 (_AC(1, UL) << 1)
#define SCTLR_C		 (_AC(1, UL) << 2)
#define SCTLR_SA	 (_AC(1, UL) << 3)
#define SCTLR_SA0	 (_AC(1, UL) << 4)
#define SCTLR_I		 (_AC(1, UL) << 12)
#define SCTLR_UCT	 (_AC(1, UL) << 15) /* EL0 may read CTR_EL0 */
#define SCTLR_WXN	 (_AC(1, UL) << 19)
#define SCTLR_UCI	 (_AC(1, UL) << 26) /* EL0 cache maintenance by VA */
#define CNTKCTL_EL0VCTEN (_AC(1, UL) << 1)
#define SCTLR_RES1                                                      \
	((_AC(3, UL) << 28) | (_AC(3, UL) << 22) | (_AC(1, UL) << 20) | \
	 (_AC(1, UL) << 11))
/* SCTLR_EL2 with HCR_EL2.E2H == 0: the RES1 bits, MMU and caches off
 * (Arm ARM D19.2.119). */
#define SCTLR_EL2_RES1                                                  \
	((_AC(3, UL) << 28) | (_AC(3, UL) << 22) | (_AC(5, UL) << 16) | \
	 (_AC(1, UL) << 11) | (_AC(3, UL) << 4))

#ifndef __ASSEMBLY__
#include <kaal/types.h>

typedef uint64_t pte_t;

/*
 * Page-table pages come from a pool of physically contiguous pages that
 * the caller can also address (identity in the loader, the physical window
 * in the kernel): va = base_va + (pa - base_pa).
 */
struct pt_pool {
	uint8_t *base_va;
	paddr_t base_pa;
	size_t npages;
	size_t used;
};

/* Map [va, va+size) to [pa, pa+size) with descriptor attributes @prot,
 * using 2 MiB blocks where alignment allows and 4 KiB pages elsewhere.
 * Returns 0, -1 when the pool is exhausted, -2 when a different mapping is
 * already in place. An identical existing mapping is accepted. */
int pt_map(pte_t *root, struct pt_pool *pool, vaddr_t va, paddr_t pa,
	   size_t size, uint64_t prot);

/* Allocate one zeroed table page from @pool, or NULL. */
pte_t *pt_alloc_table(struct pt_pool *pool);
#endif

#endif /* ASM_PGTABLE_H */
