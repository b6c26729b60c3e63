/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal EL3 "firmware" for the EL3-entry boot tests (test_boot.py):
 * QEMU starts it at EL3 in Secure state (-device loader,...,cpu-num=0,
 * no -kernel), so the Image it starts is the first software to configure
 * the machine, as on a board without firmware. It does only what a boot
 * ROM must: place the devicetree and the Image, then enter the Image as
 * Linux's booting.rst says, x0 = devicetree, x1-x3 = 0, MMU off.
 *
 * QEMU puts the DTB at the start of RAM when there is no -kernel, where
 * the Image must go (RAM base + text_offset), so the DTB moves first.
 * Every access is 8-byte aligned: with the MMU off all memory is Device
 * memory.
 *
 * Assembled at test time with
 *   as --defsym DTB_SRC=.. --defsym DTB_DST=.. --defsym IMAGE_DST=..
 *      -I <build dir>           (for .incbin "Image")
 *
 * Register use:
 *   x0  source, x1 destination, x2 bytes left (copy)
 *   x3  scratch
 *   x4  entry point of the Image
 */
	.text
	.globl	_start
_start:
	ldr	x0, =DTB_SRC
	ldr	x1, =DTB_DST
	ldr	w2, [x0, #4]			// fdt totalsize, big-endian
	rev	w2, w2
	bl	copy
	adr	x0, image
	ldr	x1, =IMAGE_DST
	ldr	x2, image_size			// adr reaches 1 MiB, the Image more
	bl	copy
	ldr	x0, =DTB_DST
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	ldr	x4, =IMAGE_DST
	br	x4

/* Copy x2 bytes (rounded up to 8) from x0 to x1. */
copy:
	ldr	x3, [x0], #8
	str	x3, [x1], #8
	subs	x2, x2, #8
	b.gt	copy
	ret

	.ltorg
	.balign	8
image_size:
	.quad	image_end - image
image:
	.incbin	"Image"
image_end:
