/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Code run by the child threads of the fault tests. Each function faults
 * on its first instruction, so the fault's PC must be the function's
 * address. They are started directly (TCB write_registers), not through
 * kaal_thread_entry. Should the instruction not fault, the next one does:
 * NO_FAULT, an undefined instruction, which the test then reports as the
 * wrong fault instead of waiting for ever.
 *
 * Register use:
 *   x0   on entry: the address to access or jump to
 *   x1   loaded value (never reached)
 */
#define NO_FAULT	udf #0xfa17

	.text
	.macro	child name
	.globl	\name
	.type	\name, %function
	.balign	8
\name:
	.endm

child	child_store
	str	x0, [x0]
	NO_FAULT
	.size	child_store, . - child_store

child	child_load
	ldr	x1, [x0]
	NO_FAULT
	.size	child_load, . - child_load

child	child_jump
	br	x0
	.size	child_jump, . - child_jump

child	child_undefined
	udf	#0
	NO_FAULT
	.size	child_undefined, . - child_undefined

/* An exclusive load must be aligned whatever SCTLR_EL1.A says. */
child	child_exclusive
	ldxr	x1, [x0]
	NO_FAULT
	.size	child_exclusive, . - child_exclusive

