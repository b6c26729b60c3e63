/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Several CPUs (CONFIG_SMP, Documentation/smp.rst). A CPU's number is its
 * MPIDR_EL1.Aff0, 0 to NR_CPUS - 1; the boot CPU is 0. Without
 * CONFIG_SMP, NR_CPUS is 1 and this_cpu() is the constant 0, so the
 * uniprocessor kernel compiles to what it was.
 */
#ifndef KAAL_SMP_H
#define KAAL_SMP_H

#include <kaal/types.h>

#ifdef CONFIG_SMP
#define NR_CPUS CONFIG_MAX_CPUS
#include <asm/smp.h>
#define this_cpu() arch_cpu_index()
#else
#define NR_CPUS	   1
#define this_cpu() 0u
#endif

/* Inter-processor interrupts (irqchip_send_ipi). */
#define IPI_RESCHEDULE 0 /* run the scheduler on the way out of the kernel */
#define NR_IPIS	       1

#endif /* KAAL_SMP_H */
