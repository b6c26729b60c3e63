/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bootinfo page: what the kernel tells the root task at start. The
 * root task finds it at the address in x0 when it starts (crt0 passes it
 * to main); its frame capability is in slot KAAL_CAP_BOOTINFO_FRAME.
 */
#ifndef UAPI_KAAL_BOOTINFO_H
#define UAPI_KAAL_BOOTINFO_H

#include <stdint.h>

#define KAAL_BOOTINFO_MAGIC   0x4f464e494c41414bull /* "KAALINFO" */
#define KAAL_BOOTINFO_VERSION 1
#define KAAL_MAX_UNTYPED      192

/* Slots [start, end) of the root CNode. */
struct kaal_slot_region {
	uint64_t start;
	uint64_t end;
};

struct kaal_untyped_desc {
	uint64_t paddr;
	uint8_t size_bits;
	uint8_t is_device; /* device memory: never zeroed, device pages only */
	uint8_t pad[6];
};

struct kaal_boot_config {
	uint32_t hz;	/* timer tick rate */
	uint32_t sched; /* 0 round-robin, 1 fixed priority */
	uint32_t timeslice_ticks;
	uint32_t fastpath;	 /* 1 when the IPC fast path is built */
	uint32_t debug_syscalls; /* 1 when debug_putchar exists */
	uint32_t debug_kernel;
	uint32_t max_priority; /* priority of the root task */
	uint32_t nr_cpus;      /* CPUs running threads, 0 to nr_cpus - 1
				* (CONFIG_SMP started them; any other
				* stays parked) */
	uint32_t nr_domains;   /* 1 without scheduling domains */
	uint32_t fpu_eager;    /* 1: FP/SIMD switched eagerly */
};

struct kaal_bootinfo {
	uint64_t magic;
	uint32_t version;
	uint32_t size;		       /* sizeof(struct kaal_bootinfo) */
	uint64_t ipc_buffer;	       /* vaddr of the root task's IPC buffer */
	uint64_t cnode_size_bits;      /* the root CNode has 2^n slots */
	struct kaal_slot_region empty; /* free slots */
	struct kaal_slot_region untyped;      /* one per untyped_list entry */
	struct kaal_slot_region image_frames; /* frames mapped at boot: image,
						 * stack, DTB (IPC buffer and
						 * bootinfo: fixed slots) */
	struct kaal_slot_region page_tables;  /* the page tables they need */
	uint64_t dtb_paddr;		      /* the devicetree, also mapped */
	uint64_t dtb_vaddr;		      /* read-only at this address */
	uint64_t dtb_size;
	uint64_t stack_top; /* initial stack of the root task */
	struct kaal_boot_config config;
	char board[32];
	uint32_t nr_untyped;
	uint32_t pad;
	struct kaal_untyped_desc untyped_list[KAAL_MAX_UNTYPED];
};

_Static_assert(sizeof(struct kaal_bootinfo) <= 4096, "bootinfo fits a page");

#endif /* UAPI_KAAL_BOOTINFO_H */
