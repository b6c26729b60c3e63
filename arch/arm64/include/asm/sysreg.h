/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * AArch64 system register access and barriers (Arm ARM DDI0487, D13/D17).
 */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include <kaal/types.h>

#define read_sysreg(r)                                       \
	({                                                   \
		uint64_t __v;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(__v)); \
		__v;                                         \
	})

#define write_sysreg(r, v)                                     \
	do {                                                   \
		uint64_t __v = (uint64_t)(v);                  \
		__asm__ volatile("msr " #r ", %0" ::"r"(__v)); \
	} while (0)

/* Registers the assembler only knows by encoding (GICv3 CPU interface). */
#define read_sysreg_s(enc)                                    \
	({                                                    \
		uint64_t __v;                                 \
		__asm__ volatile("mrs %0, " enc : "=r"(__v)); \
		__v;                                          \
	})

#define write_sysreg_s(enc, v)                                  \
	do {                                                    \
		uint64_t __v = (uint64_t)(v);                   \
		__asm__ volatile("msr " enc ", %0" ::"r"(__v)); \
	} while (0)

#define isb()	 __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define wfi()	 __asm__ volatile("wfi" ::: "memory")
#define wfe()	 __asm__ volatile("wfe" ::: "memory")

static inline void arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/* Current exception level, 0-3 (CurrentEL bits [3:2]). */
static inline unsigned int current_el(void)
{
	return (unsigned int)(read_sysreg(CurrentEL) >> 2) & 3;
}

#endif /* ASM_SYSREG_H */
