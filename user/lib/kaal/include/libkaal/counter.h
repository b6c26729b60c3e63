/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading the counters EL0 may read: the generic timer's virtual count and
 * frequency (always; Arm ARM DDI 0487, D11.1 "The Generic Timer"), and,
 * where the kernel exports them (CONFIG_EXPORT_PMU_USER, bootinfo says
 * so), the PMU's cycle counter and event counter 0, which the kernel sets
 * to count retired instructions (D12.5). The one copy of this assembly:
 * the test suite, the fuzzer, the benchmarks and the shell's bench
 * command all read time here.
 *
 * The isb makes every earlier instruction complete before the read, so a
 * reading taken after an operation includes all of it.
 */
#ifndef LIBKAAL_COUNTER_H
#define LIBKAAL_COUNTER_H

#include <stdint.h>

/* The virtual count (CNTVCT_EL0). */
static inline uint64_t counter_ticks(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

/* Its frequency in Hz (CNTFRQ_EL0, set by the firmware). */
static inline uint64_t counter_frequency(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/*
 * The virtual count in nanoseconds since the counter started (at power-on
 * or, in QEMU, at machine start): what the boot-time lines print. Split
 * into whole seconds and the rest, so neither product can overflow 64 bits
 * for any count and any frequency up to 1 GHz and beyond.
 */
static inline uint64_t counter_ns(void)
{
	uint64_t c = counter_ticks(), f = counter_frequency();

	if (!f)
		return 0;
	return c / f * 1000000000ull + c % f * 1000000000ull / f;
}

/* Instructions retired (PMEVCNTR0_EL0), if the PMU is exported. */
static inline uint64_t counter_instructions(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, pmevcntr0_el0" : "=r"(v) : : "memory");
	return v;
}

/*
 * Cycles (PMCCNTR_EL0) into register operand c and instructions
 * (PMEVCNTR0_EL0) into i, as a piece of an asm statement, for a
 * measurement that must place the reads exactly (two stamps back to
 * back, a stamp right before an svc): the benchmarks.
 */
#define COUNTER_STAMP_ASM(c, i)             \
	"isb\n\tmrs " c ", pmccntr_el0\n\t" \
	"mrs " i ", pmevcntr0_el0\n\t"

#endif /* LIBKAAL_COUNTER_H */
