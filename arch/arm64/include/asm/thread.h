/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 thread pointers (include/kaal/arch/thread.h): TPIDR_EL0, which EL0
 * reads and writes, and TPIDRRO_EL0, which EL0 only reads (Arm ARM
 * DDI0487 D17.2). TPIDRRO_EL0 cannot change at EL0, so only TPIDR_EL0 is
 * read back when a thread stops running.
 */
#ifndef ASM_THREAD_H
#define ASM_THREAD_H

#include <asm/ptrace.h>
#include <asm/sysreg.h>

/* The CPU stops running @prev (NULL: a thread that was destroyed) and will
 * run @next. */
static __always_inline void arch_tls_switch(struct tcb *prev, struct tcb *next)
{
	struct arch_tls tls = next->tls; /* one load pair */

	if (prev)
		prev->tls.tpidr_el0 = read_sysreg(tpidr_el0);
	write_sysreg(tpidr_el0, tls.tpidr_el0);
	write_sysreg(tpidrro_el0, tls.tpidrro_el0);
}

/* Save the thread pointer EL0 can change of @t, the running thread. */
static inline void arch_tls_save(struct tcb *t)
{
	t->tls.tpidr_el0 = read_sysreg(tpidr_el0);
}

/* @t's thread pointers: the CPU's while @t is the running thread. */
static inline struct arch_tls arch_tls_get(const struct tcb *t)
{
	if (t == current)
		return (struct arch_tls){ read_sysreg(tpidr_el0),
					  read_sysreg(tpidrro_el0) };
	return t->tls;
}

/* Set the thread pointers of @t (live at once if it is running). */
static inline void arch_tls_set(struct tcb *t, struct arch_tls tls)
{
	t->tls = tls;
	if (t == current) {
		write_sysreg(tpidr_el0, tls.tpidr_el0);
		write_sysreg(tpidrro_el0, tls.tpidrro_el0);
	}
}

static inline void arch_syscall_set_foreign(struct tcb *t, bool foreign)
{
	t->entry.syscall_esr = foreign ? (uint64_t)ESR_FOREIGN : ESR_SVC0;
}

static inline bool arch_syscall_foreign(const struct tcb *t)
{
	return t->entry.syscall_esr != ESR_SVC0;
}

#endif /* ASM_THREAD_H */
