// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lazy FP/SIMD switching: see include/kaal/arch/fpu.h. CPACR_EL1.FPEN
 * (Arm ARM D17.2.30) is 0b11 while the running thread owns the registers
 * and 0b00 otherwise, so a non-owner's first FP instruction traps with
 * ESR_EL1.EC = 0x07.
 */
#include <kaal/arch/fpu.h>
#include <kaal/tcb.h>
#include <asm/fpu.h>
#include <asm/sysreg.h>

#define CPACR_FPEN_ON	(3ul << 20)

static struct tcb *owner;
static bool fp_enabled;

static void fp_access(bool on)
{
	if (on == fp_enabled)
		return;
	write_sysreg(cpacr_el1, on ? CPACR_FPEN_ON : 0);
	isb();
	fp_enabled = on;
}

void arch_fpu_switch(struct tcb *t)
{
	fp_access(t == owner);
}

void arch_fpu_trap(struct tcb *t)
{
	fp_access(true);
	if (owner)
		fpu_save_regs(&owner->fpu);
	fpu_load_regs(&t->fpu);
	owner = t;
}

void arch_fpu_release(struct tcb *t)
{
	if (owner == t)
		owner = NULL;
}
