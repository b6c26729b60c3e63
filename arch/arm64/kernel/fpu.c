// SPDX-License-Identifier: GPL-2.0-only
/*
 * FP/SIMD switching, lazy or eager: see include/kaal/arch/fpu.h.
 * CPACR_EL1.FPEN (Arm ARM D17.2.30) is 0b11 while the running thread owns
 * the registers and 0b00 otherwise, so a non-owner's first FP instruction
 * traps with ESR_EL1.EC = 0x07.
 */
#include <kaal/arch/fpu.h>
#include <kaal/tcb.h>
#include <asm/fpu.h>
#include <asm/sysreg.h>

#define CPACR_FPEN_ON (3ul << 20)

#if NR_CPUS > 1
struct tcb *arch_fpu_owners[NR_CPUS];
bool arch_fpu_enableds[NR_CPUS];
#else
struct tcb *arch_fpu_owner;
bool arch_fpu_enabled;
#endif

void arch_fpu_access(bool on)
{
	write_sysreg(cpacr_el1, on ? CPACR_FPEN_ON : 0);
	isb();
	arch_fpu_enabled = on;
}

void arch_fpu_take(struct tcb *t)
{
	if (!arch_fpu_enabled)
		arch_fpu_access(true);
	if (arch_fpu_owner)
		fpu_save_regs(&arch_fpu_owner->fpu);
	fpu_load_regs(&t->fpu);
	arch_fpu_owner = t;
}

void arch_fpu_switch_eager(struct tcb *t)
{
	if (t->fpu_used && t != arch_fpu_owner)
		arch_fpu_take(t);
	else
		arch_fpu_access(t->fpu_used);
}

void arch_fpu_trap(struct tcb *t)
{
	t->fpu_used = 1;
	arch_fpu_take(t);
}

void arch_fpu_sync(struct tcb *t, bool load)
{
	bool was = arch_fpu_enabled;

	if (t != arch_fpu_owner)
		return;
	if (!was)
		arch_fpu_access(true);
	if (load)
		fpu_load_regs(&t->fpu);
	else
		fpu_save_regs(&t->fpu);
	if (!was)
		arch_fpu_access(false);
}

void arch_fpu_flush(void)
{
	if (arch_fpu_owner) {
		if (!arch_fpu_enabled)
			arch_fpu_access(true);
		fpu_save_regs(&arch_fpu_owner->fpu);
		arch_fpu_owner = NULL;
	}
	if (arch_fpu_enabled)
		arch_fpu_access(false);
}

void arch_fpu_release(struct tcb *t)
{
	if (arch_fpu_owner == t)
		arch_fpu_owner = NULL;
}
