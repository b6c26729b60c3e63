/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel image layout at KERNEL_VBASE. Text, read-only data and
 * read-write data are separate page-aligned PT_LOAD segments, so the
 * loader maps them RX, R and RW: nothing is writable and executable.
 * The stacks are a fourth RW segment one page above the data: no segment
 * covers that page, so the loader leaves it unmapped and it is the
 * kernel stack's guard page (asm/memory.h). With CONFIG_SMP every CPU has
 * such a guard, stack and overflow stack, each CPU's a segment of its own.
 */
#include <asm/memory.h>

OUTPUT_ARCH(aarch64)
ENTRY(kernel_entry)

PHDRS
{
	text PT_LOAD FLAGS(5);		/* R X */
	rodata PT_LOAD FLAGS(4);	/* R */
	data PT_LOAD FLAGS(6);		/* R W */
	stack PT_LOAD FLAGS(6);		/* R W, after the guard page */
#if defined(CONFIG_SMP) && CONFIG_MAX_CPUS > 1
	stack1 PT_LOAD FLAGS(6);
#endif
#if defined(CONFIG_SMP) && CONFIG_MAX_CPUS > 2
	stack2 PT_LOAD FLAGS(6);
#endif
#if defined(CONFIG_SMP) && CONFIG_MAX_CPUS > 3
	stack3 PT_LOAD FLAGS(6);
#endif
#if defined(CONFIG_SMP) && CONFIG_MAX_CPUS > 4
	stack4 PT_LOAD FLAGS(6);
#endif
#if defined(CONFIG_SMP) && CONFIG_MAX_CPUS > 5
	stack5 PT_LOAD FLAGS(6);
#endif
#if defined(CONFIG_SMP) && CONFIG_MAX_CPUS > 6
	stack6 PT_LOAD FLAGS(6);
#endif
#if defined(CONFIG_SMP) && CONFIG_MAX_CPUS > 7
	stack7 PT_LOAD FLAGS(6);
#endif
}

SECTIONS
{
	. = KERNEL_VBASE;
	_text = .;
	.text : {
		KEEP(*(.head.text))
		*(.text.vectors)
		*(.text .text.*)
	} :text
	. = ALIGN(PAGE_SIZE);
	_etext = .;
	_rodata = .;
	.rodata : {
		*(.rodata .rodata.*)
	} :rodata
	. = ALIGN(PAGE_SIZE);
	_erodata = .;
	.data : {
		*(.data .data.*)
	} :data
	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		__bss_end = .;
	} :data
#ifdef CONFIG_SMP
	/* One region per CPU (asm/memory.h), each with its own segment. */
	. = ALIGN(CPU_STACK_STRIDE);
	kernel_stack_guard = .;
	. += KERNEL_STACK_GUARD_SIZE;
	.stack (NOLOAD) : {
		*(.stack)
	} :stack
#if CONFIG_MAX_CPUS > 1
	. = kernel_stack_guard + 1 * CPU_STACK_STRIDE + KERNEL_STACK_GUARD_SIZE;
	.stack.1 (NOLOAD) : {
		*(.stack.1)
	} :stack1
#endif
#if CONFIG_MAX_CPUS > 2
	. = kernel_stack_guard + 2 * CPU_STACK_STRIDE + KERNEL_STACK_GUARD_SIZE;
	.stack.2 (NOLOAD) : {
		*(.stack.2)
	} :stack2
#endif
#if CONFIG_MAX_CPUS > 3
	. = kernel_stack_guard + 3 * CPU_STACK_STRIDE + KERNEL_STACK_GUARD_SIZE;
	.stack.3 (NOLOAD) : {
		*(.stack.3)
	} :stack3
#endif
#if CONFIG_MAX_CPUS > 4
	. = kernel_stack_guard + 4 * CPU_STACK_STRIDE + KERNEL_STACK_GUARD_SIZE;
	.stack.4 (NOLOAD) : {
		*(.stack.4)
	} :stack4
#endif
#if CONFIG_MAX_CPUS > 5
	. = kernel_stack_guard + 5 * CPU_STACK_STRIDE + KERNEL_STACK_GUARD_SIZE;
	.stack.5 (NOLOAD) : {
		*(.stack.5)
	} :stack5
#endif
#if CONFIG_MAX_CPUS > 6
	. = kernel_stack_guard + 6 * CPU_STACK_STRIDE + KERNEL_STACK_GUARD_SIZE;
	.stack.6 (NOLOAD) : {
		*(.stack.6)
	} :stack6
#endif
#if CONFIG_MAX_CPUS > 7
	. = kernel_stack_guard + 7 * CPU_STACK_STRIDE + KERNEL_STACK_GUARD_SIZE;
	.stack.7 (NOLOAD) : {
		*(.stack.7)
	} :stack7
#endif
	. = kernel_stack_guard + CONFIG_MAX_CPUS * CPU_STACK_STRIDE;
#else
	. = ALIGN(PAGE_SIZE);
	kernel_stack_guard = .;
	. += KERNEL_STACK_GUARD_SIZE;
	.stack (NOLOAD) : {
		*(.stack)
	} :stack
#endif
	. = ALIGN(PAGE_SIZE);
	_end = .;
	ASSERT(kernel_stack == kernel_stack_guard + KERNEL_STACK_GUARD_SIZE,
	       "the kernel stack must start right above its guard page")
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
