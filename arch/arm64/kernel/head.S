/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel entry from the loader: EL1, MMU on, running at the kernel's
 * virtual address, IRQs masked.
 *
 * Register use:
 *   x0   physical address of struct boot_params (passed on to kernel_main)
 *   x1   scratch
 */
#include <asm/asm.h>
#include <asm/memory.h>

	.section ".head.text", "ax"
	.globl	kernel_entry
kernel_entry:
	adr_l	x1, kernel_stack_top
	mov	sp, x1
	adr_l	x1, vectors
	msr	vbar_el1, x1
	isb
	mov	x29, xzr			// end of the frame-pointer chain
	mov	x30, xzr
	bl	kernel_main
1:	wfe
	b	1b

#ifdef CONFIG_SMP
/*
 * A secondary CPU, from the loader's secondary_entry: EL1, MMU on with
 * the loader's tables, x0 = MPIDR_EL1. Its stack is its region's
 * (asm/memory.h); kernel/smp.c checked its number before starting it.
 */
	.globl	secondary_kernel_entry
secondary_kernel_entry:
	and	x1, x0, #0xff
	adr_l	x2, kernel_stack_top
	add	x2, x2, x1, lsl #CPU_STACK_SHIFT
	mov	sp, x2
	adr_l	x2, vectors
	msr	vbar_el1, x2
	isb
	mov	x29, xzr
	mov	x30, xzr
	bl	secondary_main
1:	wfe
	b	1b
#endif

/*
 * The stacks have their own segment (kernel.lds.S), directly above the
 * unmapped guard page kernel_stack_guard.
 */
	.section ".stack", "aw", %nobits
	.balign	PAGE_SIZE
	.globl	kernel_stack
kernel_stack:
	.space	KERNEL_STACK_SIZE
	.globl	kernel_stack_top
kernel_stack_top:
	.space	OVERFLOW_STACK_SIZE
	.globl	overflow_stack_top
overflow_stack_top:

#ifdef CONFIG_SMP
/* The other CPUs' stacks (kernel.lds.S puts each in its region). */
	.irp	n, 1, 2, 3, 4, 5, 6, 7
	.if	CONFIG_MAX_CPUS > \n
	.section ".stack.\n", "aw", %nobits
	.balign	PAGE_SIZE
	.space	KERNEL_STACK_SIZE + OVERFLOW_STACK_SIZE
	.endif
	.endr
#endif
