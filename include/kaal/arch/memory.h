/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory layout contract: PAGE_SIZE and LARGE_PAGE_SIZE, USER_VA_END
 * (the first address that is not a user address), and the kernel's
 * window onto physical memory, phys_to_virt() and virt_to_phys().
 * Defined by the arch in <asm/memory.h> (arm64: 48-bit VAs, 4 KiB pages).
 */
#ifndef KAAL_ARCH_MEMORY_H
#define KAAL_ARCH_MEMORY_H

#include <asm/memory.h>

#endif /* KAAL_ARCH_MEMORY_H */
