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
