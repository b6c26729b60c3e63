/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lwIP's architecture header for KaaL (lwIP's doc/sys_arch.txt, "cc.h"):
 * AArch64, little-endian, picolibc's <stdint.h> and friends. Diagnostics
 * go to the component's printf (the console service); a failed lwIP
 * assertion is reported and ends the network component (exit: system_init
 * reports it and withdraws the net service), never the system.
 */
#ifndef ARCH_CC_H
#define ARCH_CC_H

#include <stdint.h>
#include <stdio.h>

#define BYTE_ORDER LITTLE_ENDIAN

void lwip_kaal_assert(const char *what, const char *file, int line)
	__attribute__((noreturn));
uint32_t lwip_kaal_rand(void);

#define LWIP_PLATFORM_DIAG(x) \
	do {                  \
		printf x;     \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x) lwip_kaal_assert(x, __FILE__, __LINE__)
#define LWIP_RAND()		lwip_kaal_rand()

#endif /* ARCH_CC_H */
