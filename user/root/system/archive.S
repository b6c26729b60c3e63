/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot archive (components.cpio, made by scripts/mkcpio.py from the
 * programs of CONFIG_SYSTEM_COMPONENTS; its path comes from
 * scripts/Makefile.user). Read-only data of the root task.
 */
	.section ".rodata.archive", "a"
	.balign	4096
	.globl	components_cpio, components_cpio_end
components_cpio:
	.incbin	KAAL_COMPONENTS_CPIO
components_cpio_end:
