/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loader layout. It is linked at the address QEMU and the Raspberry Pi
 * firmware load an arm64 Image with text_offset CONFIG_LOADER_TEXT_OFFSET:
 * the start of RAM (from the devicetree) plus that offset. The loader
 * checks at run time that it really runs there.
 */
#include <generated/devicetree.h>

OUTPUT_ARCH(aarch64)
ENTRY(_head)

LOADER_BASE = (DT_MEMORY_BASE & ~0x1fffff) + CONFIG_LOADER_TEXT_OFFSET;

SECTIONS
{
	. = LOADER_BASE;
	.text : {
		KEEP(*(.head.text))
		*(.text .text.*)
	}
	.rodata : ALIGN(16) {
		*(.rodata .rodata.*)
	}
	.payload : ALIGN(4096) {
		KEEP(*(.payload))
	}
	.data : ALIGN(16) {
		*(.data .data.*)
	}
	.bss (NOLOAD) : ALIGN(4096) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__stack_bottom = .;
		. += 0x4000;
		__stack_top = .;
		. = ALIGN(16);
		__bss_end = .;
	}
	/* Not zeroed at entry: whoever takes a piece zeroes it (the
	 * page-table pool, boot/mmu.c). */
	.noinit (NOLOAD) : ALIGN(4096) {
		*(.noinit .noinit.*)
	}
	. = ALIGN(4096);
	_end = .;
	_image_size = _end - _head;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
