/* SPDX-License-Identifier: GPL-2.0-only */
/* Assembler helpers. */
#ifndef ASM_ASM_H
#define ASM_ASM_H

#ifdef __ASSEMBLY__
/* PC-relative address of a symbol anywhere within +-4 GiB. */
	.macro	adr_l, dst, sym
	adrp	\dst, \sym
	add	\dst, \dst, :lo12:\sym
	.endm
#endif

#endif /* ASM_ASM_H */
