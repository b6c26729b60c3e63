/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's virtual memory layout (48-bit VAs, 4 KiB granule):
 *
 *   0x0000_0000_0000_0000 - 0x0000_ffff_ffff_ffff  user space (TTBR0)
 *   0xffff_0000_0000_0000 - ...                    physical window: RAM and
 *                                                  device MMIO at PPTR_BASE+pa
 *   0xffff_ff80_0000_0000 - ...                    kernel image (KERNEL_VBASE)
 *
 * Usable from C, assembly and linker scripts.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#ifdef __ASSEMBLY__
#define _AC(x, y) x
#else
#define __AC(x, y) x##y
#define _AC(x, y)  __AC(x, y)
#endif

#define PAGE_SHIFT	 12
#define PAGE_SIZE	 (_AC(1, UL) << PAGE_SHIFT)
#define LARGE_PAGE_SHIFT 21
#define LARGE_PAGE_SIZE	 (_AC(1, UL) << LARGE_PAGE_SHIFT)

#define VA_BITS	     48
#define USER_VA_END  (_AC(1, UL) << VA_BITS)
#define PPTR_BASE    _AC(0xffff000000000000, UL)
#define PPTR_SIZE    _AC(0x0000008000000000, UL) /* 512 GiB of physical window */
#define KERNEL_VBASE _AC(0xffffff8000000000, UL)

/*
 * The kernel stack has an unmapped guard page below it (the linker script
 * leaves a hole the loader does not map), so an overflow faults. The EL1h
 * synchronous vector notices a frame that would land in the guard and
 * moves to the overflow stack, above the kernel stack, to report it.
 */
#define KERNEL_STACK_SIZE	(_AC(4, UL) * PAGE_SIZE)
#define KERNEL_STACK_GUARD_SIZE PAGE_SIZE
#define OVERFLOW_STACK_SIZE	PAGE_SIZE

/*
 * CONFIG_SMP: every CPU's stacks in a region of CPU_STACK_STRIDE bytes,
 * CPU n's at kernel_stack_guard + n * CPU_STACK_STRIDE (aligned to the
 * stride): its guard page, kernel stack and overflow stack, then unmapped
 * pages up to the next CPU's. So the region, the guard and the overflow
 * stack of any SP follow from the SP alone (entry.S).
 */
#define CPU_STACK_SHIFT	 15
#define CPU_STACK_STRIDE (_AC(1, UL) << CPU_STACK_SHIFT)

#ifndef __ASSEMBLY__
#include <kaal/types.h>

/* Kernel virtual address of physical address @pa in the physical window. */
static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(PPTR_BASE + pa);
}

/* Physical address of a pointer into the physical window. */
static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)(uintptr_t)va - PPTR_BASE;
}
#endif

#endif /* ASM_MEMORY_H */
