/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel invariant checks (kernel/invariants.c). */
#ifndef KAAL_INVARIANTS_H
#define KAAL_INVARIANTS_H

#ifdef CONFIG_KERNEL_INVARIANTS
void invariants_check(void);
#else
static inline void invariants_check(void)
{
}
#endif

#endif /* KAAL_INVARIANTS_H */
