/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a component finds when it starts (Documentation/components.rst).
 *
 * system_init builds every component of the system from the manifest
 * (user/components/system_init/manifest.c): a CNode of
 * 2^SYS_CNODE_BITS slots (guarded so that depth-64 capability pointers
 * are plain slot numbers), a VSpace holding its ELF image, a stack below
 * SYS_STACK_TOP with an unmapped guard page, an IPC buffer, and this
 * read-only info page at SYS_INFO_VADDR, whose address crt0 passes to
 * main() in x0. (A manifest entry may ask for a larger CNode; the info
 * page's cnode_bits says.) The CSpace holds exactly:
 *
 *   slot 1  SYS_CAP_TCB          its own thread
 *   slot 2  SYS_CAP_CNODE        its own CNode
 *   slot 3  SYS_CAP_VSPACE       its own VSpace
 *   slot 4  SYS_CAP_BROKER       system_init's endpoint, badged with the
 *                                component's id (and, where the manifest
 *                                says so, SYS_BADGE_SYSINFO)
 *   slot 5  SYS_CAP_IPC_BUFFER   the IPC buffer's frame
 *   slot 6  SYS_CAP_INFO_FRAME   this page's frame (read-only)
 *   slots SYS_CAP_FIRST_RESOURCE ...  the resources of the manifest,
 *                                listed in res[] below by name
 *   slots from SYS_CAP_FIRST_FREE: objects the broker makes on request
 *
 * and nothing else: a capability the manifest does not grant is not in
 * the component's CSpace, and the broker refuses a device it does not
 * list.
 */
#ifndef LIBSYS_COMPONENT_H
#define LIBSYS_COMPONENT_H

#include <stdint.h>
#include <libkaal/syscalls.h>

#define SYS_INFO_MAGIC	     0x4f464e49504d4f43ull /* "COMPINFO" */
#define SYS_INFO_VADDR	     0x10000000ul
#define SYS_STACK_TOP	     0x0ff00000ul /* stack grows down from here */
#define SYS_STACK_PAGES	     4
#define SYS_IPC_BUFFER_VADDR 0x10001000ul
#define SYS_DTB_VADDR	     0x10100000ul /* devicetree, if granted */
#define SYS_SHM_BASE	     0x30000000ul /* shared memory of channels */
#define SYS_HEAP_BASE	     0x40000000ul /* pages from the broker */
#define SYS_HEAP_MAX_PAGES   1024
#define SYS_DEVICE_BASE	     0x50000000ul /* device registers from the broker */
#define SYS_ARCHIVE_VADDR    0x18000000ul /* system_init: the boot archive */

#define SYS_CNODE_BITS	       8
#define SYS_CAP_TCB	       1
#define SYS_CAP_CNODE	       2
#define SYS_CAP_VSPACE	       3
#define SYS_CAP_BROKER	       4
#define SYS_CAP_IPC_BUFFER     5
#define SYS_CAP_INFO_FRAME     6
#define SYS_CAP_FIRST_RESOURCE 8
#define SYS_CAP_FIRST_FREE     64

#define SYS_NAME_LEN	  16
#define SYS_MAX_RESOURCES 16

/* Badge bits of the broker endpoint capabilities system_init hands out:
 * the low bits are the component's id (1..). */
#define SYS_BADGE_ID_MASK 0xffull
#define SYS_BADGE_SYSINFO (1ull << 8) /* may use the sysinfo calls */
#define SYS_BADGE_FAULT \
	(1ull << 9) /* fault endpoint, never handed
						 * to the component itself */

enum sys_resource_type {
	SYS_RES_NONE = 0,
	/* cap: an endpoint capability to call a service (badged by the
	 * server's side with the client's id). */
	SYS_RES_CLIENT = 1,
	/* cap: the endpoint the component serves (receive side). */
	SYS_RES_SERVER = 2,
	/*
	 * A shared-memory channel (<libsys/ring.h>): [vaddr, vaddr + size)
	 * is mapped read-write in both components; cap signals the peer's
	 * notification, ntfn is this component's own, which the peer
	 * signals. system_init formats the ring before either side runs:
	 * the producer is the component named first in the manifest.
	 */
	SYS_RES_RING = 3,
	/* cap: a notification of the component's own. */
	SYS_RES_NOTIFICATION = 4,
	/* vaddr/size: the devicetree blob, mapped read-only. */
	SYS_RES_DEVICETREE = 5,
	/*
	 * A zero-copy queue channel (<libsys/queue.h>): [vaddr, vaddr +
	 * size) is mapped read-write in both components, the header and
	 * queues first, then the data region, formatted by system_init
	 * before either side runs; cap signals the peer's notification (with
	 * the bit of the peer's own resource), ntfn is this component's
	 * own. paddr: the data region's physical address, for the side that
	 * gives it to a device (the lower side of a DMA channel), else 0.
	 */
	SYS_RES_QCHAN = 6,
	/* cap: untyped memory of size bytes, the component's own to retype
	 * (and to revoke): it builds kernel objects of its own with it. */
	SYS_RES_UNTYPED = 7,
	/* cap: the CNode of the Linux personality's archive (struct
	 * sys_init_args: slot i, page i, read and execute rights; log2 of
	 * its slots sys_files_cnode_bits(size)); size: its bytes. */
	SYS_RES_FILES = 8,
};

struct sys_resource {
	char name[SYS_NAME_LEN]; /* "console", "ramfs", "ramfs.tx" */
	uint32_t type;		 /* enum sys_resource_type */
	uint32_t badge;		 /* SYS_RES_SERVER: unused; CLIENT:
					 * the badge the server sees */
	kaal_cptr_t cap;
	kaal_cptr_t ntfn;
	uint64_t vaddr;
	uint64_t size;
	uint64_t paddr; /* SYS_RES_QCHAN: see there */
};

struct sys_component_info {
	uint64_t magic; /* SYS_INFO_MAGIC */
	char name[SYS_NAME_LEN];
	uint32_t id; /* 1.., the badge of its broker cap */
	uint32_t nr_resources;
	uint64_t ipc_buffer; /* SYS_IPC_BUFFER_VADDR */
	uint64_t stack_top;
	uint32_t debug_syscalls; /* 1: kaal_debug_putchar works */
	uint32_t pmu_user;	 /* 1: PMU counters readable at EL0 */
	uint32_t cnode_bits;	 /* its CNode has 2^cnode_bits slots */
	uint32_t nr_cpus;	 /* CPUs running threads (smp.rst) */
	char board[32];
	uint32_t cpu; /* the CPU its first thread runs on */
	uint32_t pad;
	struct sys_resource res[SYS_MAX_RESOURCES];
};

_Static_assert(sizeof(struct sys_component_info) <= 4096, "info fits a page");

/*
 * system_init is started by the root task like a root task: x0 points to
 * a bootinfo page (<uapi/kaal/bootinfo.h>) describing system_init's own CSpace
 * (the untyped memory delegated to it, the IRQControl capability; in
 * image_frames, the frames of the devicetree blob, in address order),
 * and these words at its end say where the boot archive is mapped.
 */
#define SYS_INIT_ARGS_OFFSET (4096 - 64)
#define SYS_INIT_ARGS_MAGIC  0x5347524154494e49ull /* "INITARGS" */

struct sys_init_args {
	uint64_t magic;
	uint64_t archive_vaddr;
	uint64_t archive_size;
	uint64_t root_fault_badge; /* unused: 0 */
	/* The Linux personality's archive (linux.cpio), not mapped: a CNode
	 * (in this slot of system_init's CSpace, 0: none) whose slot i
	 * holds a read-and-execute capability to its page i, sized as
	 * sys_files_cnode_bits() says. */
	uint64_t files_cnode;
	uint64_t files_size; /* bytes */
};

_Static_assert(sizeof(struct sys_init_args) <= 64, "init args fit");

/* log2 of the slots of the files CNode of an archive of @size bytes: the
 * smallest power of two (at least 2) that holds a slot per page. */
static inline unsigned int sys_files_cnode_bits(uint64_t size)
{
	uint64_t pages = (size + 4095) / 4096;
	unsigned int bits = 1;

	while ((1ull << bits) < pages)
		bits++;
	return bits;
}

/* The resource called @name of type @type, or NULL. */
const struct sys_resource *sys_resource(const struct sys_component_info *ci,
					const char *name, uint32_t type);

/*
 * Call a service at @ep, as every service is called: the request @label,
 * @caps capabilities from the IPC buffer, @len words of @in (at most
 * six); the reply's six words into @out (may be NULL). 0, or -E: the
 * kernel's error, or the service's in the reply's label.
 */
long sys_service_call(kaal_cptr_t ep, kaal_word_t label, unsigned int caps,
		      const kaal_word_t *in, unsigned int len,
		      kaal_word_t out[KAAL_MSG_REG_WORDS]);

/*
 * Component start-up for main(): checks the info page, installs the
 * console writer (through the "console" client resource when the
 * component has one, else the kernel's debug console) and returns the
 * info page, or NULL (with a message) when it is not one.
 */
const struct sys_component_info *sys_component_init(void *x0);

#endif /* LIBSYS_COMPONENT_H */
