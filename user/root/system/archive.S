/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot archives, read-only data of the root task (their paths come
 * from scripts/Makefile.user):
 *
 *   components.cpio  the programs of CONFIG_SYSTEM_COMPONENTS
 *                    (scripts/mkcpio.py), copied for system_init
 *   linux.cpio       the Linux personality's files
 *                    (CONFIG_LINUX_PERSONALITY), on pages of its own:
 *                    their frames are handed on, not copied
 *                    (Documentation/linux.rst); empty without it
 */
	.section ".rodata.archive", "a"
	.balign	4096
	.globl	components_cpio, components_cpio_end
components_cpio:
	.incbin	KAAL_COMPONENTS_CPIO
components_cpio_end:

	.section ".rodata.linux", "a"
	.balign	4096
	.globl	linux_cpio, linux_cpio_end
linux_cpio:
#ifdef KAAL_LINUX_CPIO
	.incbin	KAAL_LINUX_CPIO
#endif
linux_cpio_end:
	.balign	4096
