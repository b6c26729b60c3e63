/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time kernel self-tests (kernel/selftest.c), chosen on the command
 * line with kaal.selftest=NAME. Only in CONFIG_DEBUG_KERNEL builds; they
 * prove that a kernel fault is caught and reported, and that the kernel's
 * own mappings are W^X. See Documentation/kernel-selftest.rst.
 */
#ifndef KAAL_SELFTEST_H
#define KAAL_SELFTEST_H

#ifdef CONFIG_DEBUG_KERNEL
void selftest_run(void);
#else
static inline void selftest_run(void)
{
}
#endif

#endif /* KAAL_SELFTEST_H */
