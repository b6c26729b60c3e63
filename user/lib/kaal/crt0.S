/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * _start: the entry point of a KaaL program (the root task).
 *
 * The kernel enters at EL0 with sp = the top of the initial stack and
 * x0 = the bootinfo page (root task) or an argument; nothing else is set
 * up and nothing else is needed: the program is statically linked at a
 * fixed address, so there is nothing to relocate.
 *
 * Register use:
 *   x0      on entry: the bootinfo pointer / argument, passed on to main()
 *   x19     keeps x0 while .bss is cleared (callee-saved: survives main)
 *   x1, x2  the .bss range (__bss_start, __bss_end: 8-byte aligned,
 *           user/user.lds)
 *   x3      what is left of it
 *   x29/x30 zeroed so that a backtrace ends here
 *
 * Before main, the main thread's thread-local block (__kaal_tls_main,
 * user/user.lds) gets its initial values and TPIDR_EL0 points at it:
 * picolibc keeps errno and other per-thread state there.
 */
	.section ".text.start", "ax"
	.globl	_start
	.type	_start, %function
_start:
	mov	x19, x0

	/* Clear .bss, even if the loader already did: C requires it and a
	 * program started again by its parent cannot rely on the loader.
	 * 64 bytes a turn while they last (ramfs has 290 KiB of .bss),
	 * then 8. */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	sub	x3, x2, x1
	cmp	x3, #64
	b.lo	2f
	stp	xzr, xzr, [x1]
	stp	xzr, xzr, [x1, #16]
	stp	xzr, xzr, [x1, #32]
	stp	xzr, xzr, [x1, #48]
	add	x1, x1, #64
	b	1b
2:	cmp	x1, x2
	b.hs	3f
	str	xzr, [x1], #8
	b	2b

3:	mov	x29, xzr
	mov	x30, xzr
	adrp	x0, __kaal_tls_main
	add	x0, x0, :lo12:__kaal_tls_main
	bl	_init_tls		/* picolibc: copy .tdata, zero .tbss */
	adrp	x0, __kaal_tls_main
	add	x0, x0, :lo12:__kaal_tls_main
	bl	_set_tls		/* picolibc: TPIDR_EL0 */
	mov	x0, x19
	bl	main
	/* exit(main's return value): picolibc's, which ends in _exit
	 * (user/lib/kaal/exit.c): halt or suspend; never returns. */
	bl	exit
4:	b	4b
	.size	_start, . - _start
