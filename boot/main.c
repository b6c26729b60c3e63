// SPDX-License-Identifier: GPL-2.0-only
/*
 * The first-stage loader: from the arm64 Image entry (head.S, now at EL1
 * with the MMU off) to the kernel's virtual entry point.
 *
 *   1. console, sanity checks on where we run and what x0 points at;
 *   2. identity map (loader, DTB, devices) and MMU on;
 *   3. devicetree: RAM, reservations, /chosen, PSCI, hardware check;
 *   4. kernel ELF placed in free RAM and mapped in the upper half, the root
 *      task ELF placed in free RAM for the kernel to map;
 *   5. jump to the kernel with x0 = physical address of boot_params.
 */
#include <kaal/console.h>
#include <asm/memory.h>
#include <asm/sysreg.h>
#include "loader.h"

static struct boot_params bp;

/* The absolute address the loader was linked at (a data relocation,
 * unlike _head in code, which the compiler reaches PC-relative). */
static char *const linked_head = _head;

static void check_placement(void)
{
	if (_head != linked_head)
		loader_fail(
			"loaded at %p but linked for %p: the boot image "
			"must be loaded at RAM base + CONFIG_LOADER_TEXT_OFFSET",
			_head, linked_head);
}

static void print_memory(void)
{
	for (uint32_t i = 0; i < bp.nr_ram; i++)
		lprintf("loader: RAM      0x%010lx-0x%010lx (%lu MiB)\n",
			bp.ram[i].base, bp.ram[i].base + bp.ram[i].size - 1,
			bp.ram[i].size >> 20);
	for (uint32_t i = 0; i < bp.nr_reserved; i++)
		lprintf("loader: reserved 0x%010lx-0x%010lx %s\n",
			bp.reserved[i].base,
			bp.reserved[i].base + bp.reserved[i].size - 1,
			bp.reserved[i].what);
}

void __noreturn loader_main(paddr_t dtb, unsigned long el);
void __noreturn loader_main(paddr_t dtb, unsigned long el)
{
	void *fdt = (void *)(uintptr_t)dtb;
	void (*kernel)(paddr_t);

	console_init();
	lprintf("\nKaaL loader %s: entered at EL%lu, devicetree at 0x%lx\n",
		KAAL_VERSION, el, dtb);
	check_placement();
	dt_check_header(fdt);
	mmu_idmap_early(dtb,
			__builtin_bswap32(((const volatile uint32_t *)fdt)[1]));
	mmu_enable();

	bp.magic = BOOT_PARAMS_MAGIC;
	bp.entry_el = (uint32_t)el;
	dt_parse(fdt, &bp);
	mm_reserve(&bp, (paddr_t)(uintptr_t)_head, (uint64_t)(_end - _head),
		   "loader");
	mmu_idmap_ram(&bp);
	mmu_map_kernel(&bp, payload_kernel,
		       (size_t)(payload_kernel_end - payload_kernel),
		       KERNEL_VBASE);
	user_load(&bp, payload_user, (size_t)(payload_user_end - payload_user));
	bp.kernel_root = mmu_kernel_root();
	mmu_publish_secondary(&bp);
	print_memory();
	lprintf("loader: kernel at 0x%lx (%lu KiB), entry 0x%lx\n",
		bp.kernel_base, bp.kernel_size >> 10, bp.kernel_entry);
	lprintf("loader: root task at 0x%lx (%lu KiB, %u segments), entry 0x%lx\n",
		bp.user_pa, (bp.user_vend - bp.user_vstart) >> 10,
		bp.nr_user_segments, bp.user_entry);

	kernel = (void (*)(paddr_t))bp.kernel_entry;
	kernel((paddr_t)(uintptr_t)&bp);
	loader_fail("kernel returned");
}
