/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arm semihosting, only the call that ends the program ("Semihosting for
 * AArch32 and AArch64", Arm IHI 0098, 6.5 SYS_EXIT). QEMU started with
 * -semihosting-config enable=on,target=native (scripts/qemu.py adds it)
 * exits with the status it is given. Used by the loader and the kernel.
 */
#ifndef ASM_SEMIHOSTING_H
#define ASM_SEMIHOSTING_H

#include <kaal/types.h>

#define SEMIHOSTING_SYS_EXIT	     0x18
/* Reason "the application exited"; the second word is then the status. */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/*
 * Ask the emulator to exit with @status. Returns only when
 * CONFIG_SEMIHOSTING_EXIT is off. Otherwise it returns through an
 * exception if nothing answers the call: HLT #0xF000 is the AArch64
 * semihosting trap, and without an emulator or a halting debugger HLT is
 * an undefined instruction (Arm ARM C6.2.x HLT, H2.4.2). The caller must
 * expect that exception and must not try again from its handler.
 */
static inline void semihosting_exit(unsigned int status)
{
#ifdef CONFIG_SEMIHOSTING_EXIT
	/* Two 64-bit words on AArch64: reason, then status. */
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, status };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ volatile("hlt #0xf000"
			 : "+r"(x0)
			 : "r"(x1), "m"(block)
			 : "memory");
#else
	(void)status;
#endif
}

#endif /* ASM_SEMIHOSTING_H */
