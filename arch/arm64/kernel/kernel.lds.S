/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel image layout at KERNEL_VBASE. Text, read-only data and
 * read-write data are separate page-aligned PT_LOAD segments, so the
 * loader maps them RX, R and RW: nothing is writable and executable.
 * The stacks are a fourth RW segment one page above the data: no segment
 * covers that page, so the loader leaves it unmapped and it is the
 * kernel stack's guard page (asm/memory.h).
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
	. = ALIGN(PAGE_SIZE);
	kernel_stack_guard = .;
	. += KERNEL_STACK_GUARD_SIZE;
	.stack (NOLOAD) : {
		*(.stack)
	} :stack
	. = ALIGN(PAGE_SIZE);
	_end = .;
	ASSERT(kernel_stack == kernel_stack_guard + KERNEL_STACK_GUARD_SIZE,
	       "the kernel stack must start right above its guard page")
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
