/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPU contract the portable kernel relies on. Implemented in
 * arch/arm64/kernel/ and, for host unit tests, in tests/unit/fake_arch.c.
 */
#ifndef KAAL_ARCH_CPU_H
#define KAAL_ARCH_CPU_H

#include <kaal/types.h>

/* Early per-CPU setup after the loader: final MMU controls (W^X enforced by
 * hardware, user half unmapped until a user address space exists), and the
 * power-control method and image placement the loader found. */
struct boot_params;
void arch_cpu_init(const struct boot_params *bp);
/* The part of it every CPU does for itself (CONFIG_SMP: secondaries). */
void arch_cpu_init_local(void);

/* Unmask / mask interrupts on this CPU. */
void arch_irq_on(void);
void arch_irq_off(void);

/* Let the interrupts pending now be taken, then mask them again. */
void arch_irq_take_pending(void);

/* Is an interrupt waiting (masked) for this CPU? Long kernel operations
 * poll this at their preemption points. */
bool arch_irq_pending(void);

/* Sleep until an interrupt arrives (IRQs may be masked: it then only wakes). */
void arch_wait_for_interrupt(void);

/* Power the machine off (PSCI SYSTEM_OFF or the board's equivalent).
 * Returns only if the machine offers no way to do it. */
void arch_power_off(void);

/* Ask the emulator to exit with @status (include/kaal/exitcode.h): Arm
 * semihosting SYS_EXIT when CONFIG_SEMIHOSTING_EXIT is set, else nothing.
 * Without an emulator to answer, the call raises an undefined-instruction
 * exception, so only the panic path, which survives that, may use it. */
void arch_emulator_exit(unsigned int status);

/* Print the registers of an exception frame (NULL: the caller's). */
struct trap_frame;
void arch_dump_registers(const struct trap_frame *f);

/* Restore the user registers in @ctx and return to EL0 there. */
void __noreturn arch_return_to_user(struct trap_frame *ctx);

/* Zero @n bytes at @p, fast (DC ZVA where the CPU allows it). @p and @n
 * are multiples of 16; @p is in the kernel's window onto RAM. */
void arch_zero_memory(void *p, size_t n);

/* CONFIG_SMP: ask the CPU @c to start at physical @entry (its enable
 * method); NULL when asked, else the reason it cannot be. */
struct boot_cpu;
const char *arch_cpu_start(const struct boot_cpu *c, paddr_t entry);

/* Clean and invalidate the data cache line holding @p to the point of
 * coherency, and wait for it: a CPU running with its caches off (one not
 * started yet) reads what was written there. */
void arch_clean_to_poc(const void *p);

/* Physical address of a kernel image symbol. */
paddr_t arch_kernel_virt_to_phys(const void *p);

#endif /* KAAL_ARCH_CPU_H */
