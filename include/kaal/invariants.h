/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel invariant checks (kernel/invariants.c). */
#ifndef KAAL_INVARIANTS_H
#define KAAL_INVARIANTS_H

#ifdef CONFIG_KERNEL_INVARIANTS
struct cte;

void invariants_check(void);

/* kernel/invariants_objects.c: the objects and queues. invariants_check
 * calls begin, then object for every capability in the tree, then end. */
void invariants_objects_begin(void);
void invariants_object(const struct cte *n);
void invariants_objects_end(void);
#else
static inline void invariants_check(void)
{
}
#endif

#endif /* KAAL_INVARIANTS_H */
