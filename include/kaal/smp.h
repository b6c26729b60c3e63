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

struct tcb;

#ifdef CONFIG_SMP
#define NR_CPUS CONFIG_MAX_CPUS
#include <asm/smp.h>
#define this_cpu() arch_cpu_index()
#else
#define NR_CPUS	   1
#define this_cpu() 0u
#endif

#ifdef CONFIG_SMP
/* The big kernel lock (kernel/smp.c, Documentation/smp.rst): held by the
 * CPU that runs kernel code, taken on every entry from EL0 and released
 * by the return to EL0 (arch/arm64/kernel/entry.S) and around the idle
 * wait. A ticket lock: CPUs get it in the order they asked. */
struct kernel_lock {
	uint32_t next;	/* the next ticket to hand out */
	uint32_t owner; /* the ticket that holds the lock (+4: entry.S) */
} __aligned(64);	/* a cache line of its own: waiters spin reading it */
extern struct kernel_lock kernel_big_lock;
void kernel_lock(void);
void kernel_unlock(void);

/* From entry.S on the kernel stack, for every entry from EL0 (@svc: a
 * system call): take the lock. True when the entry must be dropped (a
 * stall, smp_stall_thread, came while it waited): the CPU then goes
 * straight to the scheduler. */
bool kernel_enter(bool svc);
/* The idle loop takes the lock back (a stall it answered drops nothing). */
void kernel_relock_idle(void);

/* The caller holds the lock and is about to read or change @t: no other
 * CPU runs @t or holds its FP/SIMD registers once this returns (each such
 * CPU is stalled, and one that ran @t picks its next thread again). */
void smp_stall_thread(struct tcb *t);

/* Start every CPU the loader found (CPU 0, holding the lock). */
struct boot_params;
void smp_boot(const struct boot_params *bp);

/* Every other online CPU runs its scheduler (a new domain window). */
void smp_kick_others(void);
#else
static inline void smp_stall_thread(struct tcb *t)
{
	(void)t;
}

static inline void smp_kick_others(void)
{
}
#endif

/* CPUs running (1 until smp_boot started the others). */
#ifdef CONFIG_SMP
unsigned int smp_nr_online(void);
#else
static inline unsigned int smp_nr_online(void)
{
	return 1;
}
#endif

/* Inter-processor interrupts (irqchip_send_ipi). */
#define IPI_RESCHEDULE 0 /* run the scheduler on the way out of the kernel */
#define NR_IPIS	       1

#endif /* KAAL_SMP_H */
