/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel console messages. A message is printed when its level is at or
 * below CONFIG_KERNEL_LOG_LEVEL (0 emergency ... 7 debug, as in Linux).
 */
#ifndef KAAL_PRINTK_H
#define KAAL_PRINTK_H

#include <kaal/types.h>

#define LOGLEVEL_EMERG 0
#define LOGLEVEL_ERR   3
#define LOGLEVEL_WARN  4
#define LOGLEVEL_INFO  6
#define LOGLEVEL_DEBUG 7

void printk(int level, const char *fmt, ...) __printf(2, 3);

#define pr_emerg(...) printk(LOGLEVEL_EMERG, __VA_ARGS__)
#define pr_err(...)   printk(LOGLEVEL_ERR, __VA_ARGS__)
#define pr_warn(...)  printk(LOGLEVEL_WARN, __VA_ARGS__)
#define pr_info(...)  printk(LOGLEVEL_INFO, __VA_ARGS__)
#define pr_debug(...) printk(LOGLEVEL_DEBUG, __VA_ARGS__)

/* Print the message, then stop the machine for good: QEMU exits with
 * KAAL_EXIT_KERNEL_PANIC (CONFIG_SEMIHOSTING_EXIT), else the machine is
 * powered off. For states the kernel cannot be in, never for anything
 * user space did. For the proofs (make prove): it changes nothing a
 * caller could see after it, since nothing runs after it. */
/*@ assigns \nothing; */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

/* Has panic() begun? A fault taken while the machine is being stopped
 * is not reported again (include/kaal/exitcode.h, Documentation/boot.rst). */
bool panic_in_progress(void);

/* Debug-build assertion on the kernel's own invariants. */
#ifdef CONFIG_DEBUG_KERNEL
#define kassert(cond)                                                    \
	do {                                                             \
		if (unlikely(!(cond)))                                   \
			panic("assertion \"%s\" failed at %s:%d", #cond, \
			      __FILE__, __LINE__);                       \
	} while (0)
#else
#define kassert(cond)               \
	do {                        \
		(void)sizeof(cond); \
	} while (0)
#endif

#endif /* KAAL_PRINTK_H */
