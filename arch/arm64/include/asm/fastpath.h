/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64's side of include/kaal/arch/fastpath.h. In a release kernel the
 * fast path runs with SP_EL1 still at the caller's saved registers and
 * uses no stack
 * (entry.S; kernel/Kbuild builds it with -Wstack-usage=0), so it leaves
 * by branches only, never by calls:
 *
 *   arch_fastpath_return(ctx)       load @ctx's registers and eret, as
 *                                   arch_return_to_user does, inline
 *   arch_fastpath_leave1(fn, a)     fn(a), and
 *   arch_fastpath_leave2(fn, a, b)  fn(a, b), on the kernel stack
 *                                   (entry.S: fastpath_leave); @fn does
 *                                   not return
 *   arch_fastpath_vspace(token)     switch to the address space of
 *                                   @token if that is only a TTBR0_EL1
 *                                   write; false if EPD0 must change too
 *                                   (either side has none)
 *
 * The TTBR0_EL1 write needs no ISB: the ERET that ends the fast path is a
 * context synchronization event (SCTLR_EL1.EOS is set, asm/pgtable.h:
 * SCTLR_RES1), and nothing before it uses a user address.
 */
#ifndef ASM_FASTPATH_H
#define ASM_FASTPATH_H

#include <asm/ptrace.h>
#include <asm/sysreg.h>

/* The offsets below are asm/ptrace.h's, as literals in the string. */
_Static_assert(FRAME_X(30) == 240 && FRAME_SP == 248 && FRAME_ELR == 256 &&
		       FRAME_SPSR == 264,
	       "arch_fastpath_return's frame offsets");

/* CONFIG_SMP: release the big kernel lock (entry.S, kernel_unlock_asm). */
#ifdef CONFIG_SMP
#define FASTPATH_UNLOCK                           \
	"adrp	x2, kernel_big_lock+4\n\t"          \
	"add	x2, x2, :lo12:kernel_big_lock+4\n\t" \
	"ldr	w3, [x2]\n\t"                        \
	"add	w3, w3, #1\n\t"                      \
	"stlr	w3, [x2]\n\t"
#define FASTPATH_CLOBBERS "memory", "x2", "x3"
#else
#define FASTPATH_UNLOCK	  ""
#define FASTPATH_CLOBBERS "memory"
#endif

static __always_inline void __noreturn
arch_fastpath_return(struct trap_frame *ctx)
{
	__asm__ volatile(FASTPATH_UNLOCK "mov	sp, %0\n\t"
					 "ldp	x30, x2, [sp, #240]\n\t"
					 "msr	sp_el0, x2\n\t"
					 "ldp	x2, x3, [sp, #256]\n\t"
					 "msr	elr_el1, x2\n\t"
					 "msr	spsr_el1, x3\n\t"
					 "ldp	x2, x3, [sp, #16]\n\t"
					 "ldp	x4, x5, [sp, #32]\n\t"
					 "ldp	x6, x7, [sp, #48]\n\t"
					 "ldp	x8, x9, [sp, #64]\n\t"
					 "ldp	x10, x11, [sp, #80]\n\t"
					 "ldp	x12, x13, [sp, #96]\n\t"
					 "ldp	x14, x15, [sp, #112]\n\t"
					 "ldp	x16, x17, [sp, #128]\n\t"
					 "ldp	x18, x19, [sp, #144]\n\t"
					 "ldp	x20, x21, [sp, #160]\n\t"
					 "ldp	x22, x23, [sp, #176]\n\t"
					 "ldp	x24, x25, [sp, #192]\n\t"
					 "ldp	x26, x27, [sp, #208]\n\t"
					 "ldp	x28, x29, [sp, #224]\n\t"
					 "ldp	x0, x1, [sp]\n\t"
					 "eret"
			 :
			 : "r"(ctx)
			 : FASTPATH_CLOBBERS);
	__builtin_unreachable();
}

#define arch_fastpath_leave2(fn, a, b)                                      \
	do {                                                                \
		register uint64_t fp_x0__ __asm__("x0") = (uint64_t)(a);    \
		register uint64_t fp_x1__ __asm__("x1") = (uint64_t)(b);    \
		register uint64_t fp_x9__ __asm__("x9") =                   \
			(uint64_t)(uintptr_t)(fn);                          \
		__asm__ volatile("b	fastpath_leave"                         \
				 :                                          \
				 : "r"(fp_x0__), "r"(fp_x1__), "r"(fp_x9__) \
				 : "memory");                               \
		__builtin_unreachable();                                    \
	} while (0)

#define arch_fastpath_leave1(fn, a) arch_fastpath_leave2(fn, a, 0)

static __always_inline bool arch_fastpath_vspace(uint64_t ttbr)
{
	uint64_t cur = read_sysreg(ttbr0_el1);

	if (ttbr == cur)
		return true;
	if (!ttbr || !cur)
		return false;
	write_sysreg(ttbr0_el1, ttbr);
	return true;
}

#endif /* ASM_FASTPATH_H */
