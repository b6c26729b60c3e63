/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The exception syndrome register, KAAL_ESR_ELx (Arm ARM DDI0487, D17.2.37):
 * the exception class in bits [31:26] and, for aborts, the fault status
 * code ISS[5:0] and the write-not-read bit ISS[6]. Part of the ABI: a
 * fault message carries the ESR (fault.h), and a fault handler decodes it
 * with these names. Usable from assembly (entry.S compares the class), the
 * kernel (traps.c) and user code alike.
 */
#ifndef UAPI_KAAL_ESR_H
#define UAPI_KAAL_ESR_H

#define KAAL_ESR_EC_SHIFT 26

/* KAAL_ESR_ELx.EC values. */
#define KAAL_ESR_EC_UNKNOWN  0x00 /* undefined instruction */
#define KAAL_ESR_EC_WFX	     0x01 /* trapped WFI/WFE */
#define KAAL_ESR_EC_FP	     0x07 /* trapped FP/SIMD access */
#define KAAL_ESR_EC_SVC64    0x15 /* SVC from AArch64 */
#define KAAL_ESR_EC_IABT_LOW 0x20 /* instruction abort from EL0 */
#define KAAL_ESR_EC_IABT_CUR 0x21 /* instruction abort at EL1 */
#define KAAL_ESR_EC_PC_ALIGN 0x22
#define KAAL_ESR_EC_DABT_LOW 0x24 /* data abort from EL0 */
#define KAAL_ESR_EC_DABT_CUR 0x25 /* data abort at EL1 */
#define KAAL_ESR_EC_SP_ALIGN 0x26
#define KAAL_ESR_EC_BRK64    0x3c

/* Data and instruction aborts: ISS fields. */
#define KAAL_ESR_FSC_MASK	 0x3f /* fault status code */
#define KAAL_ESR_FSC_TYPE_MASK	 0x3c /* the status without the level */
#define KAAL_ESR_FSC_TRANSLATION 0x04
#define KAAL_ESR_FSC_ACCESS	 0x08
#define KAAL_ESR_FSC_PERMISSION	 0x0c
#define KAAL_ESR_FSC_EXTERNAL	 0x10
#define KAAL_ESR_FSC_ALIGNMENT	 0x21
#define KAAL_ESR_WNR		 (1u << 6) /* data abort: a write */

#define KAAL_ESR_EC_MASK 0x3f /* the class, after the shift */

#ifndef __ASSEMBLER__
static inline unsigned int kaal_esr_class(unsigned long esr)
{
	return (unsigned int)(esr >> KAAL_ESR_EC_SHIFT) & KAAL_ESR_EC_MASK;
}
#endif

#endif /* UAPI_KAAL_ESR_H */
