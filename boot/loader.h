/* SPDX-License-Identifier: GPL-2.0-only */
/* Loader-internal interfaces (boot/). */
#ifndef BOOT_LOADER_H
#define BOOT_LOADER_H

#include <kaal/bootparams.h>
#include <kaal/types.h>

/* boot/print.c: console output for the loader. */
void lprintf(const char *fmt, ...) __printf(1, 2);
void __noreturn loader_fail(const char *fmt, ...) __printf(1, 2);
/* How loader_fail() can power off, once the devicetree has said. */
void loader_set_psci(uint32_t conduit);

/* boot/dt.c: everything the loader reads from the devicetree. */
void dt_check_header(const void *fdt);
void dt_parse(void *fdt, struct boot_params *bp);

/* boot/mm.c: physical memory bookkeeping. */
void mm_reserve(struct boot_params *bp, paddr_t base, uint64_t size,
		const char *what);
paddr_t mm_alloc(struct boot_params *bp, uint64_t size, uint64_t align,
		 const char *what);

/* boot/mmu.c: translation tables and the MMU. */
void mmu_idmap_early(paddr_t dtb, uint64_t dtb_size);
void mmu_idmap_ram(const struct boot_params *bp);
void mmu_enable(void);
void mmu_map_kernel(struct boot_params *bp, const void *elf, size_t size,
		    vaddr_t vbase);
void mmu_sync_icache(paddr_t base, uint64_t size);
paddr_t mmu_kernel_root(void);
void mmu_publish_secondary(struct boot_params *bp);

/* Linker symbols. */
extern char _head[], _end[];
extern const char payload_kernel[], payload_kernel_end[];
extern const char payload_user[], payload_user_end[];

/* boot/user.c: place the root task ELF in RAM. */
void user_load(struct boot_params *bp, const void *elf, size_t size);

#endif /* BOOT_LOADER_H */
