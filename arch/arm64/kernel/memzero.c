// SPDX-License-Identifier: GPL-2.0-only
/*
 * Zeroing memory for retype (include/kaal/arch/cpu.h): DC ZVA zeroes a
 * whole block (DCZID_EL0.BS: 4 << BS bytes, 64 on the Cortex-A53/A72) with
 * one instruction, without reading the lines first (Arm ARM DDI0487,
 * C5.3.8 "DC ZVA", D17.2.34 "DCZID_EL0"). Where DCZID_EL0.DZP says the
 * instruction is prohibited, paired stores do it, 16 bytes each.
 */
#include <kaal/arch/cpu.h>
#include <asm/sysreg.h>

#define DCZID_DZP     (1u << 4)
#define DCZID_BS_MASK 0xfu

static void zero_pairs(uintptr_t p, uintptr_t end)
{
	for (; p < end; p += 16)
		__asm__ volatile("stp xzr, xzr, [%0]" ::"r"(p) : "memory");
}

void arch_zero_memory(void *start, size_t n)
{
	uintptr_t p = (uintptr_t)start, end = p + n;
	uint64_t id = read_sysreg(dczid_el0);
	uintptr_t block = 4ul << (id & DCZID_BS_MASK);
	uintptr_t first = ALIGN_UP(p, block), last = ALIGN_DOWN(end, block);

	if ((id & DCZID_DZP) || first >= last) {
		zero_pairs(p, end);
		return;
	}
	zero_pairs(p, first);
	/* Four blocks an iteration while they fit: fewer loop instructions. */
	for (; first + 4 * block <= last; first += 4 * block)
		__asm__ volatile("dc zva, %0\n\t"
				 "dc zva, %1\n\t"
				 "dc zva, %2\n\t"
				 "dc zva, %3" ::"r"(first),
				 "r"(first + block), "r"(first + 2 * block),
				 "r"(first + 3 * block)
				 : "memory");
	for (; first < last; first += block)
		__asm__ volatile("dc zva, %0" ::"r"(first) : "memory");
	zero_pairs(last, end);
}
