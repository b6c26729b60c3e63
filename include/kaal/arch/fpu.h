/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FP/SIMD context switching (arch/arm64/kernel/fpu.c), lazy or eager
 * (Kconfig "FP/SIMD context switching", Documentation/scheduling.rst).
 *
 * The registers hold the state of one thread, the owner. Every other
 * thread runs with FP access trapped; its first FP instruction traps, the
 * owner's registers are saved, its own are loaded and it becomes the
 * owner. A thread that never uses FP never pays for it.
 *
 * CONFIG_FPU_LAZY: that trap is the only way to take the registers.
 * CONFIG_FPU_EAGER: the first trap also marks the thread as an FP user
 * (tcb.fpu_used), and FP users always run with their registers loaded
 * and access on: switching to one that does not own the registers takes
 * them at once, so it never traps again. So in eager mode access is on
 * exactly while an FP user runs, and the common case, a switch between
 * two threads that do not use FP, tests one flag of each side.
 */
#ifndef KAAL_ARCH_FPU_H
#define KAAL_ARCH_FPU_H

#include <kaal/tcb.h>

/* Whose registers are live on this CPU, and whether FP access is
 * untrapped on it: per CPU with CONFIG_SMP (lvalues either way). */
#if NR_CPUS > 1
extern struct tcb *arch_fpu_owners[NR_CPUS];
extern bool arch_fpu_enableds[NR_CPUS];
#define arch_fpu_owner	 (arch_fpu_owners[this_cpu()])
#define arch_fpu_enabled (arch_fpu_enableds[this_cpu()])
#else
extern struct tcb *arch_fpu_owner;
extern bool arch_fpu_enabled;
#endif
void arch_fpu_access(bool on);

/* Save the owner's registers, if there is one, and leave the registers
 * ownerless and access trapped (CONFIG_SMP: a stalled CPU). */
void arch_fpu_flush(void);

/* Save the owner's registers, load @t's and make @t the owner. */
void arch_fpu_take(struct tcb *t);

/* Eager: set access for @t, taking the registers if it is an FP user. */
void arch_fpu_switch_eager(struct tcb *t);

/* About to run @t in user space. Lazy: trap FP unless @t owns the
 * registers. Eager: see above. */
static __always_inline void arch_fpu_switch(struct tcb *t)
{
	if (IS_ENABLED(CONFIG_FPU_EAGER)) {
		if (t->fpu_used != arch_fpu_enabled)
			arch_fpu_switch_eager(t);
		else if (t->fpu_used && t != arch_fpu_owner)
			arch_fpu_take(t); /* from one FP user to another */
	} else if ((t == arch_fpu_owner) != arch_fpu_enabled)
		arch_fpu_access(t == arch_fpu_owner);
}

/* Would arch_fpu_switch(@t) do anything? (Cheap: the fast path tests it
 * before calling anything that returns.) */
static __always_inline bool arch_fpu_switch_needed(const struct tcb *t)
{
	if (IS_ENABLED(CONFIG_FPU_EAGER))
		return t->fpu_used != arch_fpu_enabled ||
		       (t->fpu_used && t != arch_fpu_owner);
	return (t == arch_fpu_owner) != arch_fpu_enabled;
}

/* The same when @next takes over from @prev, the thread that entered the
 * kernel, whose exit to user space was an arch_fpu_switch(@prev): lazy
 * access is then on exactly if @prev is the owner, and nothing changed it
 * since (only the FP trap and a switch do, on the way out), so it must
 * change exactly when one of the two is the owner: one load and two
 * compares, the enabled flag unread. */
static __always_inline bool arch_fpu_switch_needed_from(const struct tcb *prev,
							const struct tcb *next)
{
	if (IS_ENABLED(CONFIG_FPU_EAGER))
		return arch_fpu_switch_needed(next);
	kassert(arch_fpu_enabled == (prev == arch_fpu_owner));
	return prev == arch_fpu_owner || next == arch_fpu_owner;
}

/* @t executed an FP/SIMD instruction while not the owner. */

void arch_fpu_trap(struct tcb *t);

/* Where @t's registers are live (it owns them): @load, load them from
 * t->fpu; else save them there, so t->fpu is its state either way.
 * Ownership and access stay as they were. */
void arch_fpu_sync(struct tcb *t, bool load);

/* @t is being destroyed: forget it as owner. */
void arch_fpu_release(struct tcb *t);

#endif /* KAAL_ARCH_FPU_H */
