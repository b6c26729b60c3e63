/* SPDX-License-Identifier: GPL-2.0-only */
/* This CPU's number (kaal/smp.h): MPIDR_EL1.Aff0. */
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

#endif /* ASM_SMP_H */
