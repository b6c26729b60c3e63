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
