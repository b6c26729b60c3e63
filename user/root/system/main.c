// SPDX-License-Identifier: BSD-2-Clause
/*
 * The system's root task (CONFIG_ROOT_TASK_SYSTEM,
 * Documentation/components.rst). It receives every initial capability
 * and keeps as little as it can: it builds system_init from the boot
 * archive, hands it all untyped memory and the IRQControl capability,
 * describes that in a bootinfo page of system_init's own, starts it and
 * then only watches it: a fault of system_init is reported here. What
 * the root task keeps: its own thread, CSpace and VSpace, the Domain
 * capability, and the capabilities of system_init's TCB, CNode and
 * VSpace (so it could stop it).
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/alloc.h>
#include <libkaal/counter.h>
#include <libkaal/strerror.h>
#include <libkaal/vspace.h>
#include <libsys/cpio.h>
#include <libsys/process.h>

#define INIT_CNODE_BITS	   12
#define INIT_FIRST_UNTYPED 16 /* slots below: fixed ones */
#define INIT_DTB_VADDR	   0x10100000ul

extern const char components_cpio[], components_cpio_end[];
extern const char linux_cpio[], linux_cpio_end[], __user_start[];

static struct kaal_alloc alloc;
static struct process init;

static int fail(const char *what, unsigned long err)
{
	printf("init: %s: %s\n", what, sys_strerror(err));
	return 1;
}

/* Map the devicetree frame @frame at physical address @pa into
 * system_init and give it there the slot of its page: system_init's
 * image_frames list the devicetree in address order. */
static unsigned long give_dtb_frame(kaal_cptr_t frame, uint64_t pa, uint64_t lo,
				    kaal_word_t first)
{
	uint64_t page = (pa - lo) / KAAL_PAGE_SIZE;
	unsigned long err = process_map_copy(&init, &alloc, frame,
					     INIT_DTB_VADDR + (pa - lo),
					     KAAL_MAP_READ);

	if (!err)
		err = process_give(&init, first + page, frame, KAAL_RIGHT_READ,
				   0);
	return err;
}

/*
 * The frames of the devicetree blob among the root task's image frames,
 * mapped read-only in system_init and listed in its image_frames. One
 * pass over the image frames, one kaal_page_address each: the blob's
 * frames are found wherever the kernel listed them, and each goes to the
 * slot its address gives. A frame seen twice would find its slot taken;
 * one never seen leaves the count short.
 */
static unsigned long give_dtb(const struct kaal_bootinfo *bi,
			      struct kaal_bootinfo *ibi, kaal_word_t *slot)
{
	uint64_t lo = bi->dtb_paddr & ~(KAAL_PAGE_SIZE - 1);
	uint64_t hi = bi->dtb_paddr + bi->dtb_size;
	uint64_t pages = (hi - lo + KAAL_PAGE_SIZE - 1) / KAAL_PAGE_SIZE;
	uint64_t given = 0;

	for (kaal_cptr_t c = bi->image_frames.start;
	     c < bi->image_frames.end && given < pages; c++) {
		struct kaal_word_ret pa = kaal_page_address(c);
		unsigned long err;

		if (pa.error || pa.value < lo || pa.value >= hi)
			continue;
		err = give_dtb_frame(c, pa.value, lo, *slot);
		if (err)
			return err;
		given++;
	}
	if (given < pages)
		return KAAL_E_MISSING_CAP;
	ibi->image_frames.start = *slot;
	*slot += pages;
	ibi->image_frames.end = *slot;
	ibi->dtb_paddr = bi->dtb_paddr;
	ibi->dtb_size = bi->dtb_size;
	ibi->dtb_vaddr = INIT_DTB_VADDR + (bi->dtb_paddr - lo);
	return 0;
}

/* A copy of the archive in fresh frames, read-only in system_init. */
static unsigned long give_archive(struct sys_init_args *args)
{
	size_t size = (size_t)(components_cpio_end - components_cpio);
	unsigned long err;

	for (size_t off = 0; off < size; off += KAAL_PAGE_SIZE) {
		size_t n = size - off < KAAL_PAGE_SIZE ? size - off :
							 KAAL_PAGE_SIZE;
		struct kaal_cap_ret page =
			kaal_alloc_object(&alloc, KAAL_OBJ_PAGE, 0);
		static kaal_word_t scratch;

		if (page.error)
			return page.error;
		if (!scratch)
			scratch = kaal_alloc_vaddr(&alloc, 1);
		err = kaal_vspace_map(&alloc, KAAL_CAP_INIT_VSPACE, page.cap,
				      scratch, KAAL_MAP_READ | KAAL_MAP_WRITE);
		if (err)
			return err;
		memcpy((void *)scratch, components_cpio + off, n);
		err = kaal_memory_unmap(page.cap);
		if (!err)
			err = kaal_vspace_map(&alloc, init.vspace, page.cap,
					      SYS_ARCHIVE_VADDR + off,
					      KAAL_MAP_READ);
		if (err)
			return err;
	}
	args->magic = SYS_INIT_ARGS_MAGIC;
	args->archive_vaddr = SYS_ARCHIVE_VADDR;
	args->archive_size = size;
	return 0;
}

/*
 * The Linux personality's archive (archive.S: linux.cpio, empty without
 * CONFIG_LINUX_PERSONALITY) is not copied: its pages are already frames
 * of the root task's image. Read-and-execute copies of their capabilities
 * go into a CNode of their own (the smallest power of two that holds
 * them, slot i = page i; like every new CNode it is guarded, so the
 * index is looked up at depth 64), which moves to system_init; it hands
 * the CNode
 * on to the personality, which maps what it reads, when it reads it
 * (Documentation/linux.rst).
 *
 * The kernel lists the image's frames first among image_frames, page by
 * page in address order from __user_start, and the segments follow one
 * another without a gap (user.lds), so the archive's first frame is at a
 * known slot; its physical address (the image is contiguous in RAM too)
 * confirms it, and the last frame's.
 */
static unsigned long give_files(const struct kaal_bootinfo *bi,
				struct sys_init_args *args, kaal_word_t *slot)
{
	size_t size = (size_t)(linux_cpio_end - linux_cpio);
	size_t pages = (size + KAAL_PAGE_SIZE - 1) / KAAL_PAGE_SIZE;
	size_t first_page =
		(size_t)(linux_cpio - __user_start) / KAAL_PAGE_SIZE;
	kaal_cptr_t first = bi->image_frames.start + first_page;
	struct kaal_word_ret pa0, pa, pal;
	struct kaal_cap_ret cnode;
	unsigned int bits = sys_files_cnode_bits(size);
	unsigned long err;

	args->files_cnode = 0;
	args->files_size = 0;
	if (!size)
		return 0;
	if (first + pages > bi->image_frames.end)
		return KAAL_E_RANGE;
	pa0 = kaal_page_address(bi->image_frames.start);
	pa = kaal_page_address(first);
	pal = kaal_page_address(first + pages - 1);
	if (pa0.error || pa.error || pal.error ||
	    pa.value != pa0.value + first_page * KAAL_PAGE_SIZE ||
	    pal.value != pa.value + (pages - 1) * KAAL_PAGE_SIZE)
		return KAAL_E_MISSING_CAP;
	cnode = kaal_alloc_object(&alloc, KAAL_OBJ_CNODE, bits);
	if (cnode.error)
		return cnode.error;
	for (size_t i = 0; i < pages; i++) {
		err = kaal_cap_copy(cnode.cap, i, KAAL_WORD_BITS,
				    KAAL_CAP_INIT_CNODE, first + i,
				    KAAL_WORD_BITS,
				    KAAL_RIGHT_READ | KAAL_RIGHT_EXEC);
		if (err)
			return err;
	}
	err = kaal_cap_move(init.cnode, *slot, KAAL_WORD_BITS,
			    KAAL_CAP_INIT_CNODE, cnode.cap, KAAL_WORD_BITS);
	if (err)
		return err;
	args->files_cnode = (*slot)++;
	args->files_size = size;
	return 0;
}

/* Every untyped capability moves to system_init, in bootinfo's order. */
static unsigned long give_untyped(const struct kaal_bootinfo *bi,
				  struct kaal_bootinfo *ibi, kaal_word_t *slot)
{
	ibi->untyped.start = *slot;
	for (uint32_t i = 0; i < bi->nr_untyped; i++) {
		unsigned long err = kaal_cap_move(
			init.cnode, *slot, KAAL_WORD_BITS, KAAL_CAP_INIT_CNODE,
			bi->untyped.start + i, KAAL_WORD_BITS);
		if (err)
			return err;
		ibi->untyped_list[i] = bi->untyped_list[i];
		(*slot)++;
	}
	ibi->nr_untyped = bi->nr_untyped;
	ibi->untyped.end = *slot;
	return 0;
}

static void describe(const struct kaal_bootinfo *bi, struct kaal_bootinfo *ibi)
{
	ibi->magic = KAAL_BOOTINFO_MAGIC;
	ibi->version = KAAL_BOOTINFO_VERSION;
	ibi->size = sizeof(*ibi);
	ibi->ipc_buffer = SYS_IPC_BUFFER_VADDR;
	ibi->cnode_size_bits = INIT_CNODE_BITS;
	ibi->stack_top = SYS_STACK_TOP;
	ibi->config = bi->config;
	ibi->config.max_priority = bi->config.max_priority - 1;
	memcpy(ibi->board, bi->board, sizeof(ibi->board));
}

static void watch(kaal_cptr_t fault_ep)
{
	for (;;) {
		struct kaal_recv_ret r = kaal_recv(fault_ep);

		if (r.error)
			continue;
		printf("init: system_init faulted (type %lu) at 0x%lx, pc 0x%lx: "
		       "the system is stopped\n",
		       (unsigned long)KAAL_MSGINFO_LABEL(r.msg.info),
		       (unsigned long)r.msg.mr[0], (unsigned long)r.msg.mr[2]);
		kaal_thread_suspend(init.tcb);
	}
}

int main(struct kaal_bootinfo *bi)
{
	struct kaal_bootinfo *ibi;
	struct cpio_file f;
	struct kaal_cap_ret ep;
	kaal_word_t slot = INIT_FIRST_UNTYPED;
	unsigned long err;
	int cerr;

	kaal_alloc_init(&alloc, bi);
	cerr = cpio_find(components_cpio,
			 (size_t)(components_cpio_end - components_cpio),
			 "system_init", &f);
	if (cerr) {
		printf("init: system_init: %s in the boot archive\n",
		       sys_strerror(cerr));
		return 1;
	}
	ep = kaal_alloc_object(&alloc, KAAL_OBJ_ENDPOINT, 0);
	if (ep.error)
		return fail("fault endpoint", ep.error);
	err = process_create(&init, &alloc, f.data, f.size, INIT_CNODE_BITS,
			     ep.cap, bi->config.max_priority - 1);
	if (err)
		return fail(init.failed, err);
	/* system_init gives its components their priorities (below its own). */
	err = kaal_tcb_set_mcp(init.tcb, KAAL_CAP_INIT_TCB,
			       bi->config.max_priority - 1);
	if (err)
		return fail("system_init's MCP", err);
	/* And places them on the CPUs (Documentation/smp.rst). */
	err = kaal_tcb_set_cpus(init.tcb, KAAL_CAP_INIT_TCB,
				(1ul << bi->config.nr_cpus) - 1);
	if (err)
		return fail("system_init's CPUs", err);
	ibi = init.info;
	describe(bi, ibi);
	err = give_dtb(bi, ibi, &slot);
	if (err)
		return fail("devicetree", err);
	err = give_archive((struct sys_init_args *)((char *)init.info +
						    SYS_INIT_ARGS_OFFSET));
	if (err)
		return fail("boot archive", err);
	err = give_files(bi,
			 (struct sys_init_args *)((char *)init.info +
						  SYS_INIT_ARGS_OFFSET),
			 &slot);
	if (err)
		return fail("the Linux personality's archive", err);
	/* IRQControl moves: from now on only system_init hands out
	 * interrupts. The untyped memory goes last, once the root task has
	 * made everything it will ever need. */
	err = kaal_cap_move(init.cnode, KAAL_CAP_IRQ_CONTROL, KAAL_WORD_BITS,
			    KAAL_CAP_INIT_CNODE, KAAL_CAP_IRQ_CONTROL,
			    KAAL_WORD_BITS);
	if (err)
		return fail("IRQControl", err);
	err = give_untyped(bi, ibi, &slot);
	if (err)
		return fail("untyped memory", err);
	ibi->empty.start = slot;
	ibi->empty.end = 1ul << INIT_CNODE_BITS;
	/* The first line: t= is the boot time so far (the counter since
	 * power-on; under QEMU -icount shift=0, the instructions since QEMU
	 * started), which scripts/bench.py reports. */
	printf("init: %zu KiB boot archive, starting system_init with %u "
	       "untyped regions, t=%lu ns\n",
	       (size_t)(components_cpio_end - components_cpio) / 1024,
	       ibi->nr_untyped, (unsigned long)counter_ns());
	err = process_start(&init, SYS_INFO_VADDR);
	if (err)
		return fail("starting system_init", err);
	watch(ep.cap);
	return 0;
}
