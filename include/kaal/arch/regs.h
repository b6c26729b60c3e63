/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register contract: how the portable kernel reads and writes a
 * thread's saved user registers. kernel/ never names a machine register
 * or a field of struct trap_frame; it uses these, which map the portable
 * positions of the ABI (include/uapi/kaal/syscall.h: KAAL_ARG_*,
 * KAAL_RES_*; message.h: KAAL_REGS_*) onto the machine's registers.
 *
 * Implemented inline in <asm/regs.h>: for arm64, argument and result i
 * are x<i>, the system call number is x8, the PC is ELR_EL1
 * (arch/arm64/include/asm/regs.h); for host unit tests, a plain struct of
 * registers (tests/unit/fake/asm/regs.h). The arch also defines there the
 * types a TCB embeds: struct trap_frame (what exception entry saves),
 * struct arch_tls (thread pointers entry does not save) and struct
 * fpu_state (FP/SIMD registers).
 *
 * The translation-table base value of a VSpace root belongs to the MMU
 * contract (kaal/arch/mmu.h: arch_vspace_switch, arch_vspace_is_active).
 */
#ifndef KAAL_ARCH_REGS_H
#define KAAL_ARCH_REGS_H

#include <kaal/types.h>

struct trap_frame;
struct tcb;

/* The system call number the thread asked for. */
static __always_inline word_t arch_regs_syscall_nr(const struct trap_frame *r);

/* System call argument @i (< KAAL_ARG_COUNT, positions KAAL_ARG_*). */
static __always_inline word_t arch_regs_arg(const struct trap_frame *r,
					    unsigned int i);

/* Set result @i (< KAAL_RES_COUNT, positions KAAL_RES_*), which the thread
 * sees when it next returns to user space. */
static __always_inline void arch_regs_set_result(struct trap_frame *r,
						 unsigned int i, word_t v);

/* Message register @i (< KAAL_MSG_REG_WORDS) of a message the thread
 * sends: argument KAAL_ARG_MR(i). */
static __always_inline word_t arch_regs_mr(const struct trap_frame *r,
					   unsigned int i);

/* Deliver message register @i of a message the thread receives: result
 * KAAL_RES_MR(i). */
static __always_inline void arch_regs_set_mr(struct trap_frame *r,
					     unsigned int i, word_t v);

/* When the thread next runs, it executes its system call again with the
 * same arguments (its argument registers must be untouched). */
static __always_inline void arch_regs_restart_syscall(struct trap_frame *r);

/* The registers of a thread that never ran: user mode, interrupts
 * unmasked, every other register zero (@r is zeroed memory). */
static __always_inline void arch_regs_init(struct trap_frame *r);

/* The thread starts at @pc with stack pointer @sp, in user mode with
 * interrupts unmasked; the other registers are unchanged. */
static __always_inline void arch_regs_set_entry(struct trap_frame *r,
						vaddr_t pc, vaddr_t sp);

/* Argument @i (< 3) of the function the thread starts in (set_entry's
 * @pc), by the platform's C calling convention. */
static __always_inline void arch_regs_set_entry_arg(struct trap_frame *r,
						    unsigned int i, word_t v);

/* The PC (of the faulting instruction, after a fault) and the stack
 * pointer, for fault messages (uapi/kaal/fault.h) and logs. */
static __always_inline vaddr_t arch_regs_pc(const struct trap_frame *r);
static __always_inline vaddr_t arch_regs_sp(const struct trap_frame *r);

/* Word @i (< KAAL_FAULT_SYSCALL_LEN) of the unknown-syscall fault
 * message of a thread stopped at a foreign system call (uapi/kaal/fault.h:
 * the register it names; the PC is the one after the svc, where the
 * thread is held), and the reply's: set that register. */
static __always_inline word_t arch_regs_foreign_word(const struct trap_frame *r,
						     unsigned int i);
static __always_inline void
arch_regs_set_foreign_word(struct trap_frame *r, unsigned int i, word_t v);

/* Every register of @t, KAAL_REGS_COUNT words in the order of KAAL_REGS_*
 * (uapi/kaal/message.h), into @out (tcb_read_registers). */
void arch_regs_read_all(const struct tcb *t, word_t *out);

/* Set every register of @t from @in (KAAL_REGS_*), keeping what a thread
 * may not choose (its mode, interrupt masks) as it is for every thread.
 * The caller has checked that the PC and SP are user addresses. */
void arch_regs_write_all(struct tcb *t, const word_t *in);

#include <asm/regs.h>

#endif /* KAAL_ARCH_REGS_H */
