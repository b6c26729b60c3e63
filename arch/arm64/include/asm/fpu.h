/* SPDX-License-Identifier: GPL-2.0-only */
/* FP/SIMD register state of a user thread (Arm ARM A1.4, V0-V31). */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#define FPU_STATE_FPSR (32 * 16)
#define FPU_STATE_FPCR (32 * 16 + 4)

#ifndef __ASSEMBLY__
#include <kaal/types.h>

struct fpu_state {
	uint64_t v[64]; /* q0..q31, low then high half */
	uint32_t fpsr;
	uint32_t fpcr;
	uint64_t pad;
} __aligned(16);

_Static_assert(sizeof(struct fpu_state) == 32 * 16 + 16, "FPU state layout");

/* arch/arm64/kernel/fpu_regs.S; FP access must be enabled at EL1. */
void fpu_save_regs(struct fpu_state *s);
void fpu_load_regs(const struct fpu_state *s);
#endif

#endif /* ASM_FPU_H */
