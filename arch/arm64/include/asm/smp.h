/* SPDX-License-Identifier: GPL-2.0-only */
/* This CPU's number (kaal/smp.h): MPIDR_EL1.Aff0; its whole affinity;
 * the hint a CPU gives while it spins on a lock. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

/* Not volatile: the value never changes on a CPU, so the compiler may
 * read it once per function. */
static inline unsigned int arch_cpu_index(void)
{
	unsigned long mpidr;

	__asm__("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned int)(mpidr & 0xff);
}

/* MPIDR_EL1's affinity fields (Aff3..Aff0), as a cpu node's reg. */
static inline uint64_t arch_cpu_mpidr(void)
{
	uint64_t mpidr;

	__asm__("mrs %0, mpidr_el1" : "=r"(mpidr));
	return mpidr & 0xff00ffffffull;
}

static inline void arch_cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

#endif /* ASM_SMP_H */
