/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception vectors (Arm ARM D1.10.2: VBAR_EL1 + 0x80 * slot, 16 slots).
 *
 * Each slot for the kernel itself (EL1t, EL1h) reserves a frame on the
 * kernel stack, saves x0/x1 and jumps to a common path that saves the rest
 * and calls arch_exception(frame, slot); the EL0 slots save into the
 * current thread's TCB (ventry_el0 below). Slots are 128 bytes: .org makes
 * a slot that outgrows this fail the build.
 *
 * Register use on the common path:
 *   x0   frame pointer (struct trap_frame, see asm/ptrace.h)
 *   x1   vector slot number
 *   x2-x5 scratch while saving system registers
 *
 * TPIDR_EL1 holds x0 for a few instructions in the EL1h sync slot (the
 * kernel keeps nothing else in it).
 */
#include <asm/asm.h>
#include <asm/memory.h>
#include <asm/ptrace.h>
#include <uapi/kaal/syscall.h>

/* The fast path runs on no stack only when the compiler can keep it so:
 * a debug kernel's has assertions, and -Og code spills (kernel/Kbuild
 * enforces -Wstack-usage=0 in exactly the other builds). */
#if defined(CONFIG_DEBUG_KERNEL) || defined(CONFIG_CC_OPTIMIZE_FOR_DEBUGGING) || \
	defined(CONFIG_SMP)
#define FASTPATH_NEEDS_STACK	1
#endif

/*
 * \reg = the top of this CPU's kernel stack. With CONFIG_SMP, CPU n's is
 * CPU 0's plus n regions (asm/memory.h), n = MPIDR_EL1.Aff0.
 */
	.macro	kstack_top, reg, tmp
#ifdef CONFIG_SMP
	mrs	\tmp, mpidr_el1
	and	\tmp, \tmp, #0xff
	adr_l	\reg, kernel_stack_top
	add	\reg, \reg, \tmp, lsl #CPU_STACK_SHIFT
#else
	adr_l	\reg, kernel_stack_top
#endif
	.endm

/*
 * CONFIG_SMP: the big kernel lock (kernel/smp.c) is taken on every entry
 * from EL0, by kernel_enter in C on the kernel stack, and released here
 * by the last stores before every return to EL0: the ticket after ours
 * may take it (\a, \b scratch).
 */
	.macro	kernel_unlock_asm, a, b
#ifdef CONFIG_SMP
	adr_l	\a, kernel_big_lock+4		// owner
	ldr	\b, [\a]
	add	\b, \b, #1
	stlr	\b, [\a]
#endif
	.endm

#ifdef FASTPATH_NEEDS_STACK
#define FASTPATH_CALL		fastpath_call_on_stack
#define FASTPATH_REPLY_RECV	fastpath_reply_recv_on_stack
#else
#define FASTPATH_CALL		fastpath_call
#define FASTPATH_REPLY_RECV	fastpath_reply_recv
#endif

	.macro	save_x2_x29
	stp	x2, x3, [sp, #FRAME_X(2)]
	stp	x4, x5, [sp, #FRAME_X(4)]
	stp	x6, x7, [sp, #FRAME_X(6)]
	stp	x8, x9, [sp, #FRAME_X(8)]
	stp	x10, x11, [sp, #FRAME_X(10)]
	stp	x12, x13, [sp, #FRAME_X(12)]
	stp	x14, x15, [sp, #FRAME_X(14)]
	stp	x16, x17, [sp, #FRAME_X(16)]
	stp	x18, x19, [sp, #FRAME_X(18)]
	stp	x20, x21, [sp, #FRAME_X(20)]
	stp	x22, x23, [sp, #FRAME_X(22)]
	stp	x24, x25, [sp, #FRAME_X(24)]
	stp	x26, x27, [sp, #FRAME_X(26)]
	stp	x28, x29, [sp, #FRAME_X(28)]
	.endm

	.macro	restore_x2_x29
	ldp	x2, x3, [sp, #FRAME_X(2)]
	ldp	x4, x5, [sp, #FRAME_X(4)]
	ldp	x6, x7, [sp, #FRAME_X(6)]
	ldp	x8, x9, [sp, #FRAME_X(8)]
	ldp	x10, x11, [sp, #FRAME_X(10)]
	ldp	x12, x13, [sp, #FRAME_X(12)]
	ldp	x14, x15, [sp, #FRAME_X(14)]
	ldp	x16, x17, [sp, #FRAME_X(16)]
	ldp	x18, x19, [sp, #FRAME_X(18)]
	ldp	x20, x21, [sp, #FRAME_X(20)]
	ldp	x22, x23, [sp, #FRAME_X(22)]
	ldp	x24, x25, [sp, #FRAME_X(24)]
	ldp	x26, x27, [sp, #FRAME_X(26)]
	ldp	x28, x29, [sp, #FRAME_X(28)]
	.endm

	.macro	save_sysregs
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #FRAME_ELR]
	mrs	x4, esr_el1
	mrs	x5, far_el1
	stp	x4, x5, [sp, #FRAME_ESR]
	.endm

	.macro	ventry, slot
	.balign	128
vector_\slot:
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #FRAME_X(0)]
	mov	x1, #\slot
	b	exception_common
	.org	vector_\slot + 128
	.endm

/*
 * From EL0, SP_EL1 points at the current thread's saved-register area in
 * its TCB (arch_return_to_user left it there), so the registers go
 * straight into the TCB, with no stack adjustment on the way in or out;
 * then the kernel stack is taken, empty.
 *
 * The EL0 synchronous slot saves everything itself and, with
 * CONFIG_IPC_FASTPATH, sends call and reply_recv (a KaaL system call, x8
 * the number) to the fast path at once, without even taking the kernel stack:
 * in a release kernel the fast path uses no stack (fastpath.c is built
 * with -Wstack-usage=0) and takes the kernel stack only to leave for C
 * code that does (asm/fastpath.h). A debug kernel's fast path has
 * assertions, which call panic, so there it gets the kernel stack first.
 * reply_recv is tested first: a server's reply_recv is the longer path.
 *
 * A KaaL system call is recognised by its whole syndrome, ESR_EL1 equal
 * to the thread's ENTRY_SYSCALL_ESR (asm/ptrace.h): "svc #0" in KaaL
 * mode, nothing in foreign mode, where every svc is a fault. The load of
 * that word takes the place of the shift that would extract the class.
 */
	.macro	ventry_el0, slot
	.balign	128
vector_\slot:
	stp	x0, x1, [sp, #FRAME_X(0)]
	.if	\slot == VEC_EL0_SYNC
	save_x2_x29
	mrs	x2, sp_el0
	stp	x30, x2, [sp, #FRAME_X(30)]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #FRAME_ELR]
	mrs	x4, esr_el1			// stored by el0_sync if needed
	ldr	x6, [sp, #ENTRY_SYSCALL_ESR]	// a KaaL call's, or none
	mov	x0, sp				// the thread's saved registers
#if defined(CONFIG_IPC_FASTPATH) && !defined(CONFIG_SMP)
	cmp	x4, x6
	ccmp	x8, #KAAL_SYS_REPLY_RECV, #0, eq
	b.eq	FASTPATH_REPLY_RECV
	cmp	x4, x6
	ccmp	x8, #KAAL_SYS_CALL, #0, eq
	b.eq	FASTPATH_CALL
#endif
	b	el0_sync
	.else
	mov	x1, #\slot
	b	el0_common
	.endif
	.org	vector_\slot + 128
	.endm

/*
 * Synchronous exceptions in the kernel are all fatal; the one to catch
 * with care is a kernel stack overflow. The access that overflowed hit the
 * guard page below the stack, and the frame this slot pushes would land
 * there too and fault again, forever. So look where the frame goes before
 * storing anything: if it is in the guard page, report from the overflow
 * stack instead. The frame cannot start below the guard page unless
 * something moved SP by more than a page at once (never in kernel code).
 */
	.macro	ventry_el1h_sync
	.balign	128
vector_el1h_sync:
	sub	sp, sp, #FRAME_SIZE
	msr	tpidr_el1, x0
#ifdef CONFIG_SMP
	mov	x0, sp				// frame - its region's guard
	and	x0, x0, #(CPU_STACK_STRIDE - 1)
#else
	adr_l	x0, kernel_stack_guard
	sub	x0, sp, x0			// frame - guard, unsigned
#endif
	cmp	x0, #KERNEL_STACK_GUARD_SIZE
	b.lo	kernel_stack_overflow		// x0 still in TPIDR_EL1
	mrs	x0, tpidr_el1
	stp	x0, x1, [sp, #FRAME_X(0)]
	mov	x1, #VEC_EL1H_SYNC
	b	exception_common
	.org	vector_el1h_sync + 128
	.endm

	.section ".text.vectors", "ax"
	.balign	2048
	.globl	vectors
vectors:
	.irp	slot, 0, 1, 2, 3
	ventry	\slot
	.endr
	ventry_el1h_sync
	.irp	slot, 5, 6, 7
	ventry	\slot
	.endr
	.irp	slot, 8, 9, 10, 11, 12, 13, 14, 15
	ventry_el0 \slot
	.endr

/*
 * EL0 synchronous exceptions other than the fast path's: system calls,
 * faults. The slot saved everything but ESR_EL1 (in x4) and FAR_EL1, x6
 * is the thread's ENTRY_SYSCALL_ESR and x0 is the frame. A KaaL system
 * call (x4 == x6) goes straight to syscall_entry; ESR_EL1 and FAR_EL1 are
 * saved only for an exception that is not one (a call has no fault
 * address and nothing reads its syndrome), so a call pays for neither.
 * Any other svc (foreign mode, or a nonzero immediate) is such an
 * exception (traps.c).
 */
el0_sync:
	kstack_top x2, x3
	mov	sp, x2
#ifdef CONFIG_SMP
	/* The frame, ESR_EL1 and the thread's call syndrome on the kernel
	 * stack (x19-x28 must keep the caller's values: the return below
	 * does not reload them). */
	stp	x0, x4, [sp, #-32]!
	str	x6, [sp, #16]
	mov	x29, xzr
	lsr	x0, x4, #KAAL_ESR_EC_SHIFT	// an svc?
	cmp	x0, #KAAL_ESR_EC_SVC64
	cset	w0, eq
	bl	kernel_enter
	cbnz	w0, kernel_entry_dropped
	ldr	x6, [sp, #16]
	ldp	x0, x4, [sp], #32
#ifdef CONFIG_IPC_FASTPATH
	ldr	x8, [x0, #FRAME_X(8)]
	cmp	x4, x6
	ccmp	x8, #KAAL_SYS_REPLY_RECV, #0, eq
	b.eq	fastpath_reply_recv
	cmp	x4, x6
	ccmp	x8, #KAAL_SYS_CALL, #0, eq
	b.eq	fastpath_call
#endif
#endif
	cmp	x4, x6
	b.ne	el0_sync_other
	mov	x29, xzr			// end of the frame-pointer chain
	bl	syscall_entry
	/*
	 * syscall_entry returned (x0: the frame): the caller continues at
	 * once and nothing of its state changed but its results
	 * (kaal/syscalls.h). The C code preserved x19-x28, nothing touched
	 * SP_EL0, and no exception was taken in the kernel, so ELR_EL1 and
	 * SPSR_EL1 still hold what the svc left there: reload x0-x18 (the
	 * results among them), x29 and x30, and leave SP_EL1 at the frame
	 * for the next entry, as arch_return_to_user does. Debug builds
	 * check the system registers against the frame first.
	 */
#ifdef CONFIG_DEBUG_KERNEL
	ldp	x2, x3, [x0, #FRAME_ELR]
	mrs	x4, elr_el1
	mrs	x5, spsr_el1
	cmp	x2, x4
	ccmp	x3, x5, #0, eq
	ldr	x2, [x0, #FRAME_SP]
	mrs	x4, sp_el0
	ccmp	x2, x4, #0, eq
	b.ne	arch_syscall_return_mismatch	// x0: the frame
#endif
	mov	sp, x0
	kernel_unlock_asm x2, w3
	ldp	x2, x3, [x0, #FRAME_X(2)]
	ldp	x4, x5, [x0, #FRAME_X(4)]
	ldp	x6, x7, [x0, #FRAME_X(6)]
	ldp	x8, x9, [x0, #FRAME_X(8)]
	ldp	x10, x11, [x0, #FRAME_X(10)]
	ldp	x12, x13, [x0, #FRAME_X(12)]
	ldp	x14, x15, [x0, #FRAME_X(14)]
	ldp	x16, x17, [x0, #FRAME_X(16)]
	ldr	x18, [x0, #FRAME_X(18)]
	ldp	x29, x30, [x0, #FRAME_X(29)]
	ldp	x0, x1, [x0, #FRAME_X(0)]
	eret

el0_sync_other:
	mrs	x5, far_el1			// x4 = ESR_EL1
	stp	x4, x5, [x0, #FRAME_ESR]
	mov	x1, #VEC_EL0_SYNC
	mov	x29, xzr
	bl	arch_user_exception		// does not return

/* Other exceptions from EL0: interrupts, SErrors, AArch32. */
el0_common:
	save_x2_x29
	mrs	x2, sp_el0
	stp	x30, x2, [sp, #FRAME_X(30)]
	save_sysregs
	mov	x0, sp				// the thread's saved registers
	kstack_top x2, x3
	mov	sp, x2
	mov	x29, xzr
#ifdef CONFIG_SMP
	stp	x0, x1, [sp, #-16]!
	mov	w0, #0
	bl	kernel_enter
	cbnz	w0, kernel_entry_dropped
	ldp	x0, x1, [sp], #16
#endif
	bl	arch_user_exception		// does not return

#ifdef CONFIG_SMP
/* A stall came while the entry waited for the lock (kernel/smp.c): it
 * is dropped, and the CPU picks its next thread. */
kernel_entry_dropped:
	kstack_top x2, x3
	mov	sp, x2
	b	thread_exit_to_user
#endif

#ifdef CONFIG_IPC_FASTPATH
/*
 * The fast path leaves for C code that needs a stack (asm/fastpath.h):
 * x0, x1 its arguments, x9 the function. It never returns.
 */
	.globl	fastpath_leave
fastpath_leave:
	kstack_top x10, x11
	mov	sp, x10
	mov	x29, xzr
	br	x9

#ifdef FASTPATH_NEEDS_STACK
/* A debug or -Og kernel's fast path runs on the kernel stack. */
fastpath_call_on_stack:
	kstack_top x2, x3
	mov	sp, x2
	b	fastpath_call

fastpath_reply_recv_on_stack:
	kstack_top x2, x3
	mov	sp, x2
	b	fastpath_reply_recv
#endif
#endif

/* Exceptions taken in the kernel itself (EL1h): frame on the kernel stack. */
exception_common:
	save_x2_x29
	add	x2, sp, #FRAME_SIZE		// sp before the exception
	stp	x30, x2, [sp, #FRAME_X(30)]
	save_sysregs
	mov	x0, sp
	mov	x29, xzr
	bl	arch_exception
	b	restore_frame

/*
 * From the EL1h sync slot: SP is the frame that would not fit, x0 is in
 * TPIDR_EL1, the other registers are as they were. Build the frame on the
 * overflow stack, with the SP the exception was taken at, and report.
 */
kernel_stack_overflow:
#ifdef CONFIG_SMP
	mov	x0, sp				// in its region's guard
	and	x0, x0, #~(CPU_STACK_STRIDE - 1)
	add	x0, x0, #(KERNEL_STACK_GUARD_SIZE + KERNEL_STACK_SIZE + OVERFLOW_STACK_SIZE)
#else
	adr_l	x0, overflow_stack_top
#endif
	sub	x0, x0, #FRAME_SIZE
	str	x1, [x0, #FRAME_X(1)]
	add	x1, sp, #FRAME_SIZE		// SP at the exception
	mov	sp, x0
	mrs	x0, tpidr_el1
	str	x0, [sp, #FRAME_X(0)]
	save_x2_x29
	stp	x30, x1, [sp, #FRAME_X(30)]
	save_sysregs
	mov	x0, sp
	mov	x29, xzr
	bl	arch_kernel_stack_overflow	// does not return

/*
 * void arch_return_to_user(struct trap_frame *ctx): load the thread's
 * registers and eret; SP_EL1 is left at @ctx for the next entry. The fast
 * path has the same sequence inline (asm/fastpath.h).
 */
	.globl	arch_return_to_user
arch_return_to_user:
	kernel_unlock_asm x2, w3
	mov	sp, x0
	ldp	x30, x2, [sp, #FRAME_X(30)]
	msr	sp_el0, x2
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	restore_x2_x29
	ldp	x0, x1, [sp, #FRAME_X(0)]
	eret

/* Back from an exception taken in the kernel (exception_common). */
restore_frame:
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	restore_x2_x29
	ldr	x30, [sp, #FRAME_X(30)]
	ldp	x0, x1, [sp, #FRAME_X(0)]
	add	sp, sp, #FRAME_SIZE
	eret
