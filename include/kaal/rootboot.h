/* SPDX-License-Identifier: GPL-2.0-only */
/* Boot-time memory and the root task (kernel/bootmem.c, kernel/boot.c). */
#ifndef KAAL_ROOTBOOT_H
#define KAAL_ROOTBOOT_H

#include <kaal/bootparams.h>
#include <kaal/object.h>
#include <uapi/kaal/bootinfo.h>

/* Free RAM = the devicetree's RAM less every reserved range. */
void bootmem_init(const struct boot_params *bp);

/* A zeroed, naturally aligned block of 2^@size_bits bytes (physical). */
paddr_t bootmem_alloc(unsigned int size_bits);

/* Turn all remaining free RAM, then device memory, into Untyped
 * capabilities in @slots from *@next (up to @limit), listed in @bi. */
void bootmem_make_untyped(struct kaal_bootinfo *bi, struct cte *slots,
			  uint64_t *next, uint64_t limit);

void boot_root_task(const struct boot_params *bp);

#endif /* KAAL_ROOTBOOT_H */
