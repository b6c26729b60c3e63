/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 implementation of the register contract (include/kaal/arch/regs.h)
 * on the frame entry.S saves (asm/ptrace.h): system call argument and
 * result i in x<i>, the number in x8, message register i in x<2 + i>; the
 * PC is ELR_EL1, the status SPSR_EL1 (0: EL0t, DAIF clear).
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <asm/fpu.h>
#include <asm/ptrace.h>
#include <uapi/kaal/fault.h>

#define ARCH_REG_SYSCALL_NR 8 /* x8 */
#define ARCH_REG_MR0	    2 /* x2: message register 0 */
#define ARCH_SVC_INSN_SIZE  4 /* "svc #0" */
#define ARCH_SPSR_EL0T	    0 /* EL0, SP_EL0, interrupts unmasked */

static __always_inline word_t arch_regs_syscall_nr(const struct trap_frame *r)
{
	return r->x[ARCH_REG_SYSCALL_NR];
}

static __always_inline word_t arch_regs_arg(const struct trap_frame *r,
					    unsigned int i)
{
	return r->x[i];
}

static __always_inline void arch_regs_set_result(struct trap_frame *r,
						 unsigned int i, word_t v)
{
	r->x[i] = v;
}

static __always_inline word_t arch_regs_mr(const struct trap_frame *r,
					   unsigned int i)
{
	return r->x[ARCH_REG_MR0 + i];
}

static __always_inline void arch_regs_set_mr(struct trap_frame *r,
					     unsigned int i, word_t v)
{
	r->x[ARCH_REG_MR0 + i] = v;
}

static __always_inline void arch_regs_restart_syscall(struct trap_frame *r)
{
	r->elr -= ARCH_SVC_INSN_SIZE;
}

static __always_inline void arch_regs_init(struct trap_frame *r)
{
	r->spsr = ARCH_SPSR_EL0T;
}

static __always_inline void arch_regs_set_entry(struct trap_frame *r,
						vaddr_t pc, vaddr_t sp)
{
	r->elr = pc;
	r->sp = sp;
	r->spsr = ARCH_SPSR_EL0T;
}

static __always_inline void arch_regs_set_entry_arg(struct trap_frame *r,
						    unsigned int i, word_t v)
{
	r->x[i] = v;
}

static __always_inline vaddr_t arch_regs_pc(const struct trap_frame *r)
{
	return r->elr;
}

static __always_inline vaddr_t arch_regs_sp(const struct trap_frame *r)
{
	return r->sp;
}

/* The unknown-syscall fault message (uapi/kaal/fault.h): x0-x8, then the
 * PC and SP. The thread is held after its svc (ELR_EL1 as the svc left
 * it). */
static __always_inline word_t arch_regs_foreign_word(const struct trap_frame *r,
						     unsigned int i)
{
	if (i == KAAL_FAULT_SYSCALL_PC)
		return r->elr;
	if (i == KAAL_FAULT_SYSCALL_SP)
		return r->sp;
	return r->x[i];
}

static __always_inline void arch_regs_set_foreign_word(struct trap_frame *r,
						       unsigned int i, word_t v)
{
	if (i == KAAL_FAULT_SYSCALL_PC)
		r->elr = v;
	else if (i == KAAL_FAULT_SYSCALL_SP)
		r->sp = v;
	else
		r->x[i] = v;
}

_Static_assert(KAAL_FAULT_SYSCALL_NR == ARCH_REG_SYSCALL_NR &&
		       KAAL_FAULT_SYSCALL_X(0) == 0,
	       "the fault message's x<n> is word n");

#endif /* ASM_REGS_H */
