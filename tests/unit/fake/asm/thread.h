/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake arch's thread pointers (include/kaal/arch/thread.h): the
 * "CPU's" copy is a variable, fake_cpu_tls.
 */
#ifndef TESTS_UNIT_FAKE_ASM_THREAD_H
#define TESTS_UNIT_FAKE_ASM_THREAD_H

extern struct arch_tls fake_cpu_tls;

static __always_inline void arch_tls_switch(struct tcb *prev, struct tcb *next)
{
	if (prev)
		prev->tls.tpidr_el0 = fake_cpu_tls.tpidr_el0;
	fake_cpu_tls = next->tls;
}

static inline struct arch_tls arch_tls_get(const struct tcb *t)
{
	return t == current ? fake_cpu_tls : t->tls;
}

static inline void arch_tls_set(struct tcb *t, struct arch_tls tls)
{
	t->tls = tls;
	if (t == current)
		fake_cpu_tls = tls;
}

static inline void arch_syscall_set_foreign(struct tcb *t, bool foreign)
{
	t->entry.foreign = foreign;
}

static inline bool arch_syscall_foreign(const struct tcb *t)
{
	return t->entry.foreign;
}

#endif /* TESTS_UNIT_FAKE_ASM_THREAD_H */
