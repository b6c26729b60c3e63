// SPDX-License-Identifier: GPL-2.0-only
/*
 * The loader's translation tables.
 *
 * TTBR0 holds an identity map, so the loader can run with the MMU and
 * caches on (libfdt then works on Normal memory, where unaligned accesses
 * are legal). TTBR1 holds the kernel's upper half: the kernel image with
 * per-segment permissions (text RX, rodata RO, data RW, never W+X) and the
 * physical window over RAM (Normal) and the board's devices (Device).
 */
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <kaal/elf.h>
#include <kaal/string.h>
#include <generated/devicetree.h>
#include "loader.h"

#define POOL_PAGES 96

/* Outside .bss, so head.S does not zero its 384 KiB with the MMU off (a
 * fifth of a million instructions): pt_alloc_table() zeroes each table
 * it hands out. */
static uint8_t pool_mem[POOL_PAGES * PAGE_SIZE] __aligned(PAGE_SIZE)
	__attribute__((section(".noinit")));
static struct pt_pool pool = {
	.npages = POOL_PAGES,
};
static pte_t *idmap_root, *kernel_root;

static const struct {
	paddr_t base, size;
} mmio_regions[] = { DT_MMIO_REGIONS };

static void map(pte_t *root, vaddr_t va, paddr_t pa, uint64_t size,
		uint64_t prot, const char *what)
{
	int err = pt_map(root, &pool, va, pa, size, prot);

	if (err == -1)
		loader_fail("out of page-table pages mapping the %s", what);
	if (err)
		loader_fail("conflicting mappings for the %s at 0x%lx", what,
			    va);
}

static void idmap_normal(paddr_t base, uint64_t size, const char *what)
{
	paddr_t lo = ALIGN_DOWN(base, LARGE_PAGE_SIZE);
	paddr_t hi = ALIGN_UP(base + size, LARGE_PAGE_SIZE);

	map(idmap_root, lo, lo, hi - lo, PROT_IDMAP_RWX, what);
}

void mmu_idmap_early(paddr_t dtb, uint64_t dtb_size)
{
	pool.base_va = pool_mem;
	pool.base_pa = (paddr_t)(uintptr_t)pool_mem;
	idmap_root = pt_alloc_table(&pool);
	kernel_root = pt_alloc_table(&pool);
	idmap_normal((paddr_t)(uintptr_t)_head,
		     (paddr_t)(uintptr_t)(_end - _head), "loader");
	idmap_normal(dtb, dtb_size, "devicetree");
	for (size_t i = 0; i < ARRAY_SIZE(mmio_regions); i++)
		map(idmap_root, mmio_regions[i].base, mmio_regions[i].base,
		    mmio_regions[i].size, PROT_DEVICE, "devices");
}

void mmu_idmap_ram(const struct boot_params *bp)
{
	for (uint32_t i = 0; i < bp->nr_ram; i++)
		idmap_normal(bp->ram[i].base, bp->ram[i].size, "RAM");
}

/* Data cache maintenance by VA over a range (D7.5.9), op = civac/ivac/cvau. */
#define dcache_range(op, start, size)                                          \
	do {                                                                   \
		uint64_t __line = 4ul << ((read_sysreg(ctr_el0) >> 16) & 0xf); \
		uint64_t __a = ALIGN_DOWN((uint64_t)(start), __line);          \
		for (; __a < (uint64_t)(start) + (size); __a += __line)        \
			__asm__ volatile("dc " #op ", %0" ::"r"(__a)           \
					 : "memory");                          \
		dsb(sy);                                                       \
	} while (0)

/* Read by secondary_entry (head.S) with the MMU off: see struct
 * boot_secondary. Its offsets are head.S's. */
struct boot_secondary boot_secondary;
_Static_assert(offsetof(struct boot_secondary, mair) == 8 &&
		       offsetof(struct boot_secondary, ttbr0) == 24 &&
		       offsetof(struct boot_secondary, sctlr) == 40,
	       "boot/head.S reads struct boot_secondary at these offsets");

void mmu_enable(void)
{
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t tcr = TCR_BASE | ((mmfr0 & 7) << TCR_IPS_SHIFT);
	uint64_t sctlr = SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA |
			 SCTLR_SA0;

	if (((mmfr0 >> 4) & 0xf) == 2)
		tcr |= TCR_AS16;
	/* The loader wrote its data and tables with the caches off, straight
	 * to memory: drop any stale lines the firmware left for that range
	 * before the caches come on. */
	dcache_range(ivac, _head, (uint64_t)(_end - _head));
	write_sysreg(mair_el1, MAIR_VALUE);
	write_sysreg(tcr_el1, tcr);
	write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)idmap_root);
	write_sysreg(ttbr1_el1, (uint64_t)(uintptr_t)kernel_root);
	isb();
	__asm__ volatile("tlbi vmalle1" ::: "memory");
	dsb(nsh);
	isb();
	write_sysreg(sctlr_el1, sctlr);
	isb();
	boot_secondary = (struct boot_secondary){
		.mair = MAIR_VALUE,
		.tcr = tcr,
		.ttbr0 = (uint64_t)(uintptr_t)idmap_root,
		.ttbr1 = (uint64_t)(uintptr_t)kernel_root,
		.sctlr = sctlr,
	};
}

/* Where a secondary CPU enters (head.S) and the mailbox it reads, for the
 * kernel; the mailbox cleaned to memory for a CPU with its caches off. */
void mmu_publish_secondary(struct boot_params *bp)
{
	extern char secondary_entry[];

	bp->secondary_entry = (paddr_t)(uintptr_t)secondary_entry;
	bp->secondary_mailbox = (paddr_t)(uintptr_t)&boot_secondary;
	dcache_range(cvac, &boot_secondary, sizeof(boot_secondary));
}

/* Make freshly written code visible to instruction fetch (D7.5.10). */
void mmu_sync_icache(paddr_t base, uint64_t size)
{
	dcache_range(cvau, base, size);
	__asm__ volatile("ic iallu" ::: "memory");
	dsb(ish);
	isb();
}

static uint64_t segment_prot(uint32_t flags)
{
	if (flags & PF_X)
		return PROT_KERNEL_RX;
	if (flags & PF_W)
		return PROT_KERNEL_RW;
	return PROT_KERNEL_RO;
}

static void map_window(const struct boot_params *bp)
{
	for (uint32_t i = 0; i < bp->nr_ram; i++)
		map(kernel_root, PPTR_BASE + bp->ram[i].base, bp->ram[i].base,
		    bp->ram[i].size, PROT_KERNEL_RW, "physical window");
	for (size_t i = 0; i < ARRAY_SIZE(mmio_regions); i++)
		map(kernel_root, PPTR_BASE + mmio_regions[i].base,
		    mmio_regions[i].base, mmio_regions[i].size, PROT_DEVICE,
		    "device window");
}

/* Load the kernel ELF, map it at its link address and return nothing:
 * the entry point and placement are recorded in @bp. */
void mmu_map_kernel(struct boot_params *bp, const void *elf, size_t size,
		    vaddr_t vbase)
{
	struct elf_info info;
	const char *err = elf_check(elf, size, &info);
	paddr_t pa;

	if (err)
		loader_fail("kernel ELF: %s", err);
	if (info.vaddr_lo < vbase)
		loader_fail("kernel ELF linked below the kernel window (0x%lx)",
			    info.vaddr_lo);
	pa = mm_alloc(bp, info.vaddr_hi - info.vaddr_lo, LARGE_PAGE_SIZE,
		      "kernel");
	elf_load(elf, &info, (void *)(uintptr_t)pa);
	mmu_sync_icache(pa, info.vaddr_hi - info.vaddr_lo);
	for (unsigned int i = 0; i < elf_phnum(elf); i++) {
		const struct elf64_phdr *p = elf_phdr(elf, i);
		vaddr_t lo = ALIGN_DOWN(p->p_vaddr, PAGE_SIZE);

		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		map(kernel_root, lo, pa + (lo - info.vaddr_lo),
		    ALIGN_UP(p->p_vaddr + p->p_memsz, PAGE_SIZE) - lo,
		    segment_prot(p->p_flags), "kernel image");
	}
	map_window(bp);
	bp->kernel_base = pa;
	bp->kernel_size = info.vaddr_hi - info.vaddr_lo;
	bp->pv_offset = (int64_t)(info.vaddr_lo - pa);
	bp->kernel_entry = info.entry;
	bp->pt_pool_base = pool.base_pa;
	bp->pt_pool_size = pool.used * PAGE_SIZE;
	dsb(ish);
	isb();
}

paddr_t mmu_kernel_root(void)
{
	return (paddr_t)(uintptr_t)kernel_root;
}
