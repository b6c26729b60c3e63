/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lazy FP/SIMD context switching (arch/arm64/kernel/fpu.c).
 *
 * The registers stay with the last thread that used them (the owner).
 * Other threads run with FP access trapped; their first FP instruction
 * traps, the owner's registers are saved, theirs are loaded, and they own
 * the unit from then on. A thread that never uses FP never pays for it.
 */
#ifndef KAAL_ARCH_FPU_H
#define KAAL_ARCH_FPU_H

#include <kaal/types.h>

struct tcb;

extern struct tcb *arch_fpu_owner;	/* whose registers are live */
extern bool arch_fpu_enabled;		/* FP access currently untrapped */
void arch_fpu_access(bool on);

/* About to run @t in user space: trap FP unless @t owns the registers. */
static __always_inline void arch_fpu_switch(const struct tcb *t)
{
	if ((t == arch_fpu_owner) != arch_fpu_enabled)
		arch_fpu_access(t == arch_fpu_owner);
}

/* @t executed an FP/SIMD instruction while not the owner. */
void arch_fpu_trap(struct tcb *t);

/* @t is being destroyed: forget it as owner. */
void arch_fpu_release(struct tcb *t);

#endif /* KAAL_ARCH_FPU_H */
