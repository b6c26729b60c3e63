/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_rodata_start: the first byte of the program's read-only data,
 * which is also the end of its code (user/user.lds starts .rodata on the
 * page after .text). space.c maps the pages below it executable in the
 * second address space, and the rest read-only.
 *
 * This object is first in user/root/bench/Kbuild, so it is linked right after
 * crt0.o (which has no .rodata) and its .rodata comes first in the
 * output section. space.c checks that the symbol is page aligned.
 *
 * Register use: none (data only).
 */
	.section ".rodata", "a"
	.balign	8
	.globl	bench_rodata_start
	.type	bench_rodata_start, %object
bench_rodata_start:
	.quad	0
	.size	bench_rodata_start, . - bench_rodata_start
