/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The exception syndrome register, ESR_ELx (Arm ARM DDI0487, D17.2.37):
 * the exception class in bits [31:26] and, for aborts, the fault status
 * code ISS[5:0] and the write-not-read bit ISS[6]. Usable from assembly
 * (entry.S compares the class) and C (traps.c).
 */
#ifndef ASM_ESR_H
#define ASM_ESR_H

#define ESR_EC_SHIFT		26

/* ESR_ELx.EC values. */
#define ESR_EC_UNKNOWN		0x00	/* undefined instruction */
#define ESR_EC_WFX		0x01	/* trapped WFI/WFE */
#define ESR_EC_FP		0x07	/* trapped FP/SIMD access */
#define ESR_EC_SVC64		0x15	/* SVC from AArch64 */
#define ESR_EC_IABT_LOW		0x20	/* instruction abort from EL0 */
#define ESR_EC_IABT_CUR		0x21	/* instruction abort at EL1 */
#define ESR_EC_PC_ALIGN		0x22
#define ESR_EC_DABT_LOW		0x24	/* data abort from EL0 */
#define ESR_EC_DABT_CUR		0x25	/* data abort at EL1 */
#define ESR_EC_SP_ALIGN		0x26
#define ESR_EC_BRK64		0x3c

/* Data and instruction aborts: ISS fields. */
#define ESR_FSC_MASK		0x3f	/* fault status code */
#define ESR_FSC_TYPE_MASK	0x3c	/* the status without the level */
#define ESR_FSC_TRANSLATION	0x04
#define ESR_FSC_ACCESS		0x08
#define ESR_FSC_PERMISSION	0x0c
#define ESR_FSC_EXTERNAL	0x10
#define ESR_FSC_ALIGNMENT	0x21
#define ESR_WNR			(1u << 6)	/* data abort: a write */

#ifndef __ASSEMBLER__
#include <kaal/types.h>

static inline unsigned int esr_class(uint64_t esr)
{
	return (unsigned int)(esr >> ESR_EC_SHIFT) & 0x3f;
}
#endif

#endif /* ASM_ESR_H */
