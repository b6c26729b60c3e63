// SPDX-License-Identifier: BSD-2-Clause
/* The bootinfo summary of the demo root task. */
#include <stdio.h>
#include <uapi/kaal/bootinfo.h>
#include "demo.h"

static void print_untyped(const struct kaal_bootinfo *bi)
{
	uint64_t ram_kib = 0;
	unsigned int devices = 0;

	for (uint32_t i = 0; i < bi->nr_untyped; i++) {
		const struct kaal_untyped_desc *u = &bi->untyped_list[i];

		if (u->is_device)
			devices++;
		else
			ram_kib += (1ul << u->size_bits) >> 10;
	}
	printf("root task: %u untyped regions: %lu KiB of memory, %u device regions\n",
	       bi->nr_untyped, ram_kib, devices);
}

static void print_config(const struct kaal_bootinfo *bi)
{
	const struct kaal_boot_config *c = &bi->config;

	printf("root task: board %.*s, %u CPU(s), root CNode of %lu slots\n",
	       (int)sizeof(bi->board), bi->board, c->nr_cpus,
	       1ul << bi->cnode_size_bits);
	printf("root task: config: %s scheduler, %u Hz, time slice %u ticks, "
	       "max priority %u, fast path %s, debug syscalls %s, debug kernel %s\n",
	       c->sched ? "fixed-priority" : "round-robin", c->hz,
	       c->timeslice_ticks, c->max_priority, c->fastpath ? "on" : "off",
	       c->debug_syscalls ? "on" : "off",
	       c->debug_kernel ? "on" : "off");
}

int bootinfo_print(const struct kaal_bootinfo *bi)
{
	if (!bi || bi->magic != KAAL_BOOTINFO_MAGIC ||
	    bi->version != KAAL_BOOTINFO_VERSION) {
		printf("root task: no valid bootinfo at %p\n",
		       (const void *)bi);
		return 0;
	}
	print_untyped(bi);
	printf("root task: empty slots [%lu, %lu): %lu free\n", bi->empty.start,
	       bi->empty.end, bi->empty.end - bi->empty.start);
	printf("root task: slots: untyped [%lu, %lu), image frames [%lu, %lu), "
	       "page tables [%lu, %lu)\n",
	       bi->untyped.start, bi->untyped.end, bi->image_frames.start,
	       bi->image_frames.end, bi->page_tables.start,
	       bi->page_tables.end);
	print_config(bi);
	return 1;
}
