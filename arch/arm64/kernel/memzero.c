// SPDX-License-Identifier: GPL-2.0-only
/*
 * Zeroing memory for retype (include/kaal/arch/cpu.h): DC ZVA zeroes a
 * whole block with one instruction, without reading the lines first (Arm
 * ARM DDI0487, C5.3.8 "DC ZVA", D17.2.34 "DCZID_EL0"). DCZID_EL0 says how
 * large a block is, BS (bits 3:0): log2 of the block in 4-byte words, so
 * 4 << BS bytes (64 on the Cortex-A53/A72, up to 2 KiB), and whether the
 * instruction may be used at all: DZP (bit 4) set means prohibited (at
 * EL1, when EL2 traps it with HCR_EL2.TDZ). Where it is prohibited,
 * paired stores of XZR do the work, 64 bytes per four stores.
 *
 * Retype zeroes objects that are aligned to their size, so the common
 * case is whole blocks: a loop of 32 blocks (DC ZVA and the address
 * increment for each, the only way to give each its own address), then
 * single blocks. Each block costs two instructions; a 4 KiB page with
 * 64-byte blocks about 140 in all.
 */
#include <kaal/arch/cpu.h>
#include <asm/sysreg.h>

#define DCZID_DZP     (1u << 4)
#define DCZID_BS_MASK 0xfu
#define ZVA_UNROLL    32 /* blocks per loop iteration (the .rept below) */

/* [p, end): 16-byte aligned. */
static void zero_pairs(uintptr_t p, uintptr_t end)
{
	for (; end - p >= 64; p += 64)
		__asm__ volatile("stp xzr, xzr, [%0]\n\t"
				 "stp xzr, xzr, [%0, #16]\n\t"
				 "stp xzr, xzr, [%0, #32]\n\t"
				 "stp xzr, xzr, [%0, #48]" ::"r"(p)
				 : "memory");
	for (; p < end; p += 16)
		__asm__ volatile("stp xzr, xzr, [%0]" ::"r"(p) : "memory");
}

/* @n bytes of whole blocks of 2^@shift bytes at @p, aligned. */
static __always_inline void zero_blocks(uintptr_t p, size_t n,
					unsigned int shift)
{
	uintptr_t block = 1ul << shift;
	size_t groups = n >> (shift + __builtin_ctz(ZVA_UNROLL));

	if (groups)
		__asm__ volatile("1:\n\t"
				 ".rept 32\n\t" /* ZVA_UNROLL */
				 "dc zva, %[p]\n\t"
				 "add %[p], %[p], %[block]\n\t"
				 ".endr\n\t"
				 "subs %[groups], %[groups], #1\n\t"
				 "b.ne 1b"
				 : [p] "+r"(p), [groups] "+r"(groups)
				 : [block] "r"(block)
				 : "memory", "cc");
	for (n &= (block * ZVA_UNROLL) - 1; n; n -= block, p += block)
		__asm__ volatile("dc zva, %0" ::"r"(p) : "memory");
}

static __attribute__((noinline)) void zero_unaligned(uintptr_t p, uintptr_t end,
						     uint64_t id)
{
	unsigned int shift = (id & DCZID_BS_MASK) + 2;
	uintptr_t block = 1ul << shift;
	uintptr_t first = ALIGN_UP(p, block), last = ALIGN_DOWN(end, block);

	if ((id & DCZID_DZP) || first >= last) {
		zero_pairs(p, end);
		return;
	}
	zero_pairs(p, first);
	zero_blocks(first, last - first, shift);
	zero_pairs(last, end);
}

void arch_zero_memory(void *start, size_t n)
{
	uintptr_t p = (uintptr_t)start;
	uint64_t id = read_sysreg(dczid_el0);
	unsigned int shift = (id & DCZID_BS_MASK) + 2;

	if ((id & DCZID_DZP) || ((p | n) & ((1ul << shift) - 1)))
		zero_unaligned(p, p + n, id);
	else
		zero_blocks(p, n, shift);
}
