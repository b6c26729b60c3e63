/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the loader hands to the kernel (x0 = physical address of this
 * structure). Kernel-internal: user space sees the bootinfo page instead.
 */
#ifndef KAAL_BOOTPARAMS_H
#define KAAL_BOOTPARAMS_H

#include <kaal/types.h>

#define BOOT_PARAMS_MAGIC 0x4b61614c426f6f74ull /* "KaaLBoot" */
#define BOOT_MAX_RAM	  16
#define BOOT_MAX_RESERVED 24
#define BOOT_CMDLINE_MAX  256
#define BOOT_MAX_SEGMENTS 8
#define BOOT_MAX_CPUS	  8

enum boot_psci {
	BOOT_PSCI_NONE = 0,
	BOOT_PSCI_HVC = 1,
	BOOT_PSCI_SMC = 2,
};

/* How a CPU is started: the devicetree's enable-method. */
enum boot_cpu_method {
	BOOT_CPU_UNKNOWN = 0, /* absent or not one the kernel knows */
	BOOT_CPU_PSCI = 1,
	BOOT_CPU_SPIN_TABLE = 2,
};

/* One cpu node of the devicetree. */
struct boot_cpu {
	uint64_t mpidr;	      /* reg: the MPIDR_EL1 affinity fields */
	paddr_t release_addr; /* spin table: cpu-release-addr */
	uint32_t method;      /* enum boot_cpu_method */
	uint32_t pad;
};

/*
 * What a secondary CPU needs to reach the kernel (the loader's
 * secondary_entry, boot/head.S). The loader writes the MMU settings it
 * runs with, the kernel the virtual address it wants the CPU to jump to
 * (with x0 = the CPU's MPIDR_EL1); both clean it to the point of
 * coherency, since the CPU reads it with its MMU and caches off.
 */
struct boot_secondary {
	vaddr_t kernel_entry; /* +0 */
	uint64_t mair;	      /* +8 */
	uint64_t tcr;	      /* +16 */
	uint64_t ttbr0;	      /* +24: the loader's identity map */
	uint64_t ttbr1;	      /* +32: the kernel's tables */
	uint64_t sctlr;	      /* +40 */
};

struct boot_region {
	paddr_t base;
	uint64_t size;
	char what[16]; /* for the boot log: "loader", "dtb", ... */
};

/* One PT_LOAD segment of the root task, page-granular. */
struct boot_segment {
	vaddr_t start;
	vaddr_t end;
	uint32_t flags; /* PF_R / PF_W / PF_X */
	uint32_t pad;
};

struct boot_params {
	uint64_t magic;
	uint32_t entry_el; /* exception level the image was entered at */
	uint32_t psci;	   /* enum boot_psci, from /psci method */
	paddr_t dtb;	   /* the devicetree, left where it was */
	uint64_t dtb_size;
	paddr_t kernel_base; /* physical extent of the loaded kernel */
	uint64_t kernel_size;
	int64_t pv_offset; /* kernel image virtual - physical */
	vaddr_t kernel_entry;
	paddr_t kernel_root;  /* TTBR1 table the loader built */
	paddr_t pt_pool_base; /* loader-built translation tables */
	uint64_t pt_pool_size;
	uint32_t nr_ram;
	uint32_t nr_reserved;
	uint32_t nr_cpus; /* cpu nodes in the devicetree */
	uint32_t reserved0;
	/* The root task, loaded by the loader: [user_vstart, user_vend) is at
	 * physical user_pa. */
	paddr_t user_pa;
	vaddr_t user_vstart;
	vaddr_t user_vend;
	vaddr_t user_entry;
	uint32_t nr_user_segments;
	uint32_t reserved1;
	struct boot_segment user_segments[BOOT_MAX_SEGMENTS];
	struct boot_region ram[BOOT_MAX_RAM];		/* from /memory */
	struct boot_region reserved[BOOT_MAX_RESERVED]; /* RAM in use */
	char model[64];
	char cmdline[BOOT_CMDLINE_MAX]; /* /chosen bootargs */
	/* The first BOOT_MAX_CPUS cpu nodes, in devicetree order. */
	uint32_t nr_boot_cpus;
	uint32_t reserved2;
	struct boot_cpu cpus[BOOT_MAX_CPUS];
	paddr_t secondary_entry;   /* where a started CPU begins (loader) */
	paddr_t secondary_mailbox; /* struct boot_secondary, physical */
};

#endif /* KAAL_BOOTPARAMS_H */
