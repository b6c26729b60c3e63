/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel image layout at KERNEL_VBASE. Text, read-only data and
 * read-write data are separate page-aligned PT_LOAD segments, so the
 * loader maps them RX, R and RW: nothing is writable and executable.
 */
#include <asm/memory.h>

OUTPUT_ARCH(aarch64)
ENTRY(kernel_entry)

PHDRS
{
	text PT_LOAD FLAGS(5);		/* R X */
	rodata PT_LOAD FLAGS(4);	/* R */
	data PT_LOAD FLAGS(6);		/* R W */
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
	_end = .;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
