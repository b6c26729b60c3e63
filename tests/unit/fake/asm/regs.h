/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake arch's register contract (include/kaal/arch/regs.h) for host
 * unit tests: a plain struct of registers. Arguments and results are kept
 * apart, so a test sees exactly what the kernel wrote as results and a
 * kernel that read a result as an argument (or the reverse) shows up.
 * The message registers are arguments KAAL_ARG_MR(i) on the send side
 * and results KAAL_RES_MR(i) on the receive side, as the contract says.
 */
#ifndef TESTS_UNIT_FAKE_ASM_REGS_H
#define TESTS_UNIT_FAKE_ASM_REGS_H

#include <kaal/types.h>
#include <uapi/kaal/fault.h>
#include <uapi/kaal/message.h>
#include <uapi/kaal/syscall.h>

struct trap_frame {
	word_t nr;		    /* system call number */
	word_t arg[KAAL_ARG_COUNT]; /* as the thread called */
	word_t res[KAAL_RES_COUNT]; /* as the kernel answered */
	uint16_t res_written;	    /* bit i: res[i] was written */
	vaddr_t pc, sp;
	word_t entry_arg[3];   /* set_entry_arg */
	word_t flags;	       /* KAAL_REGS_SPSR: the user's flags */
	unsigned int restarts; /* restart_syscall calls */
	bool user_mode;	       /* set by init / set_entry */
	word_t gpr[31];	       /* for read_all / write_all */
};

struct arch_entry {
	bool foreign; /* arch_syscall_set_foreign */
};

struct arch_tls {
	uint64_t tpidr_el0;
	uint64_t tpidrro_el0;
};

struct fpu_state {
	uint64_t v[64];
	uint32_t fpsr, fpcr;
};

static __always_inline word_t arch_regs_syscall_nr(const struct trap_frame *r)
{
	return r->nr;
}

static __always_inline word_t arch_regs_arg(const struct trap_frame *r,
					    unsigned int i)
{
	return r->arg[i];
}

static __always_inline void arch_regs_set_result(struct trap_frame *r,
						 unsigned int i, word_t v)
{
	r->res[i] = v;
	r->res_written |= (uint16_t)(1u << i);
}

static __always_inline word_t arch_regs_mr(const struct trap_frame *r,
					   unsigned int i)
{
	return r->arg[KAAL_ARG_MR(i)];
}

static __always_inline void arch_regs_set_mr(struct trap_frame *r,
					     unsigned int i, word_t v)
{
	arch_regs_set_result(r, KAAL_RES_MR(i), v);
}

static __always_inline void arch_regs_restart_syscall(struct trap_frame *r)
{
	r->restarts++;
}

static __always_inline void arch_regs_init(struct trap_frame *r)
{
	r->user_mode = true;
}

static __always_inline void arch_regs_set_entry(struct trap_frame *r,
						vaddr_t pc, vaddr_t sp)
{
	r->pc = pc;
	r->sp = sp;
	r->user_mode = true;
}

static __always_inline void arch_regs_set_entry_arg(struct trap_frame *r,
						    unsigned int i, word_t v)
{
	r->entry_arg[i] = v;
}

static __always_inline vaddr_t arch_regs_pc(const struct trap_frame *r)
{
	return r->pc;
}

static __always_inline vaddr_t arch_regs_sp(const struct trap_frame *r)
{
	return r->sp;
}

/* The unknown-syscall fault message: arguments 0-7 as the thread called
 * (written back as its results), the number, the PC and SP. */
static __always_inline word_t arch_regs_foreign_word(const struct trap_frame *r,
						     unsigned int i)
{
	if (i == KAAL_FAULT_SYSCALL_NR)
		return r->nr;
	if (i == KAAL_FAULT_SYSCALL_PC)
		return r->pc;
	if (i == KAAL_FAULT_SYSCALL_SP)
		return r->sp;
	return r->arg[i];
}

static __always_inline void arch_regs_set_foreign_word(struct trap_frame *r,
						       unsigned int i, word_t v)
{
	if (i == KAAL_FAULT_SYSCALL_NR)
		r->nr = v;
	else if (i == KAAL_FAULT_SYSCALL_PC)
		r->pc = v;
	else if (i == KAAL_FAULT_SYSCALL_SP)
		r->sp = v;
	else
		arch_regs_set_result(r, i, v);
}

#endif /* TESTS_UNIT_FAKE_ASM_REGS_H */
