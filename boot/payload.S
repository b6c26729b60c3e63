/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The images the loader carries: the kernel ELF (and, later, the user
 * programs): the kernel and the root task. Paths come from the Makefile.
 */
	.section ".payload", "a"
	.balign	16
	.globl	payload_kernel, payload_kernel_end
payload_kernel:
	.incbin	KAAL_KERNEL_ELF
payload_kernel_end:

	.balign	16
	.globl	payload_user, payload_user_end
payload_user:
	.incbin	KAAL_ROOTSERVER_ELF
payload_user_end:
