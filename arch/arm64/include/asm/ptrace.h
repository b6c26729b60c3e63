/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame saved on exception entry (arch/arm64/kernel/entry.S).
 * Offsets are used from assembly; the static asserts keep C in step.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#include <uapi/kaal/esr.h>

#define FRAME_X(n) ((n)*8)
#define FRAME_SP   (31 * 8)
#define FRAME_ELR  (32 * 8)
#define FRAME_SPSR (33 * 8)
#define FRAME_ESR  (34 * 8)
#define FRAME_FAR  (35 * 8)
#define FRAME_SIZE (36 * 8)

/*
 * What an svc of a thread is (struct arch_entry, in the TCB right after
 * the frame: the EL0 synchronous slot reads it at ENTRY_SYSCALL_ESR from
 * the frame's address). It holds the exact ESR_EL1 of a KaaL system
 * call, "svc #0" (EC 0x15, IL 1, ISS 0: Arm ARM DDI0487 D17.2.37), and the
 * slot compares the ESR it took with it in place of extracting the class:
 * one load for one shift, so the check costs ordinary threads nothing.
 * A thread in foreign mode holds ESR_FOREIGN instead, which no ESR_EL1
 * equals (bits [63:56] are RES0), so its every svc takes the exception
 * path (traps.c: an unknown-syscall fault). So does a KaaL thread's svc
 * with a nonzero immediate, which traps.c then hands to the dispatcher.
 */
#define ENTRY_SYSCALL_ESR FRAME_SIZE
#define ESR_IL		  (1 << 25) /* a 32-bit instruction */
#define ESR_SVC0	  ((KAAL_ESR_EC_SVC64 << KAAL_ESR_EC_SHIFT) | ESR_IL)
#define ESR_FOREIGN	  (~0)

/* Vector slot numbers (D1.10.2): source EL/stack x exception type. */
#define VEC_EL1T_SYNC	0
#define VEC_EL1T_IRQ	1
#define VEC_EL1T_FIQ	2
#define VEC_EL1T_SERROR 3
#define VEC_EL1H_SYNC	4
#define VEC_EL1H_IRQ	5
#define VEC_EL1H_FIQ	6
#define VEC_EL1H_SERROR 7
#define VEC_EL0_SYNC	8
#define VEC_EL0_IRQ	9
#define VEC_EL0_FIQ	10
#define VEC_EL0_SERROR	11
#define VEC_EL0_32	12 /* 12..15: AArch32 EL0, unsupported */

#ifndef __ASSEMBLY__
#include <kaal/types.h>

struct trap_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "trap frame layout");

/* EL0-visible registers a thread owns that exception entry does not save:
 * the software thread ID registers (Arm ARM DDI0487 D17.2: TPIDR_EL0,
 * which EL0 reads and writes, and TPIDRRO_EL0, which EL0 only reads).
 * They change only when the running thread does (kaal/arch/thread.h). */
struct arch_tls {
	uint64_t tpidr_el0;
	uint64_t tpidrro_el0;
};
_Static_assert(FRAME_SIZE % 16 == 0, "stack stays 16-byte aligned");

/* See ENTRY_SYSCALL_ESR above. */
struct arch_entry {
	uint64_t syscall_esr; /* ESR_SVC0 or ESR_FOREIGN */
};

/* Called from entry.S for an exception from EL0 (the frame is the current
 * thread's saved registers) and the vector slot number. */
void __noreturn arch_user_exception(struct trap_frame *ctx, unsigned long vec);

/* Called from entry.S in debug builds when a system call's short exit
 * (syscall_entry returned) finds ELR_EL1, SPSR_EL1 or SP_EL0 changed. */
void __noreturn arch_syscall_return_mismatch(struct trap_frame *ctx);

/* Called from entry.S with the saved frame and the vector slot number. */
void arch_exception(struct trap_frame *f, unsigned long vec);

/* Called from entry.S, on the overflow stack, when an EL1h synchronous
 * exception found the kernel stack exhausted; @f->sp is the SP it was
 * taken at. */
void __noreturn arch_kernel_stack_overflow(struct trap_frame *f);
#endif

#endif /* ASM_PTRACE_H */
