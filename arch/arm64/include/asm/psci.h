/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PSCI SYSTEM_OFF (Arm DEN0022, 5.1.9), for the loader and the kernel.
 * The conduit is what the devicetree's /psci node names (enum boot_psci):
 * "smc" when QEMU emulates EL2 (virtualization=on), "hvc" otherwise.
 */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <kaal/bootparams.h>

#define PSCI_SYSTEM_OFF 0x84000008ul
#define PSCI_CPU_ON_64	0xc4000003ul

/* PSCI return codes (DEN0022, 5.2.2). */
#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)
#define PSCI_INVALID_ADDRESS	(-9)

/* SMCCC 1.0 lets a call change x4-x17 (DEN0028, 2.6). */
#define PSCI_SMCCC_CLOBBERS                                                    \
	"x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", \
		"x15", "x16", "x17", "memory"

/* CPU_ON (5.1.4): start the CPU @mpidr at physical @entry with x0 =
 * @context, at the caller's exception level. PSCI_NOT_SUPPORTED without
 * a conduit. */
static inline long psci_cpu_on(uint32_t conduit, uint64_t mpidr, uint64_t entry,
			       uint64_t context)
{
	register unsigned long x0 __asm__("x0") = PSCI_CPU_ON_64;
	register unsigned long x1 __asm__("x1") = mpidr;
	register unsigned long x2 __asm__("x2") = entry;
	register unsigned long x3 __asm__("x3") = context;

	if (conduit == BOOT_PSCI_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : PSCI_SMCCC_CLOBBERS);
	else if (conduit == BOOT_PSCI_HVC)
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : PSCI_SMCCC_CLOBBERS);
	else
		return PSCI_NOT_SUPPORTED;
	return (long)x0;
}

/* Returns only if there is no conduit or the firmware refused. */
static inline void psci_system_off(uint32_t conduit)
{
	register unsigned long x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	if (conduit == BOOT_PSCI_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0)::"x1", "x2", "x3", "memory");
	else if (conduit == BOOT_PSCI_HVC)
		__asm__ volatile("hvc #0"
				 : "+r"(x0)::"x1", "x2", "x3", "memory");
}

#endif /* ASM_PSCI_H */
