// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building the root task: its CNode, VSpace, TCB, IPC buffer, stack and
 * bootinfo page from boot memory, then every byte of RAM nobody uses
 * becomes Untyped memory, and the address space outside RAM (less the
 * devices the kernel keeps) becomes device Untyped. After this the kernel
 * allocates nothing on its own.
 */
#include <kaal/bootparams.h>
#include <kaal/cspace.h>
#include <kaal/mm.h>
#include <kaal/object_ops.h>
#include <kaal/printk.h>
#include <kaal/rootboot.h>
#include <kaal/string.h>
#include <kaal/tcb.h>
#include <kaal/vspace.h>
#include <generated/devicetree.h>
#include <generated/domains.h>
#include <uapi/kaal/bootinfo.h>
#include <uapi/kaal/errors.h>

#define STACK_PAGES 16
#define ELF_PF_X    1
#define ELF_PF_W    2

struct root_builder {
	struct cap *cnode;
	struct cte *slots;
	uint64_t next_slot;    /* frames of the initial address space */
	uint64_t next_pt_slot; /* its page tables, after all the frames */
	struct cap *vspace;
	struct kaal_bootinfo *bi;
	vaddr_t next_va; /* first free user address above the image */
};

static struct cte *take_slot(struct root_builder *rb)
{
	if (rb->next_slot >= (1ull << CONFIG_ROOT_CNODE_BITS))
		panic("root CNode (CONFIG_ROOT_CNODE_BITS=%d) too small for the "
		      "initial capabilities",
		      CONFIG_ROOT_CNODE_BITS);
	return &rb->slots[rb->next_slot++];
}

/* A new boot object of @type, its capability in @slot. */
static struct cap *boot_object(struct cte *slot, unsigned int type,
			       unsigned int size_bits)
{
	int bits = object_size_bits(type, size_bits);
	paddr_t pa = bootmem_alloc((unsigned int)bits);
	struct cap c =
		object_create(type, size_bits, phys_to_virt(pa), pa, false);

	cspace_insert(slot, &c, NULL);
	return &slot->cap;
}

/* A page capability for an existing frame (image, DTB), in a new slot. */
static struct cap *frame_cap(struct root_builder *rb, paddr_t pa)
{
	struct cte *slot = take_slot(rb);
	struct cap c = object_create(KAAL_OBJ_PAGE, 0, NULL, pa, false);

	cspace_insert(slot, &c, NULL);
	return &slot->cap;
}

/* Map @page at @va in the root VSpace, adding page tables as needed. */
static void boot_map(struct root_builder *rb, struct cap *page, vaddr_t va,
		     unsigned int perms)
{
	int err;

	while ((err = vspace_map_frame(rb->vspace, page, va, perms)) ==
	       KAAL_E_NO_PAGE_TABLE) {
		struct cap *pt;

		if (rb->next_pt_slot >= (1ull << CONFIG_ROOT_CNODE_BITS))
			panic("root CNode too small for the initial page tables");
		pt = boot_object(&rb->slots[rb->next_pt_slot++],
				 KAAL_OBJ_PAGE_TABLE, 0);

		if (vspace_map_table(rb->vspace, pt, va))
			panic("boot: cannot install a page table at 0x%lx", va);
	}
	if (err)
		panic("boot: cannot map the root task at 0x%lx (error %d)", va,
		      err);
}

static unsigned int seg_perms(uint32_t flags)
{
	if (flags & ELF_PF_X)
		return KAAL_MAP_READ | KAAL_MAP_EXEC;
	if (flags & ELF_PF_W)
		return KAAL_MAP_READ | KAAL_MAP_WRITE;
	return KAAL_MAP_READ;
}

static void map_image(struct root_builder *rb, const struct boot_params *bp)
{
	rb->bi->image_frames.start = rb->next_slot;
	for (uint32_t i = 0; i < bp->nr_user_segments; i++) {
		const struct boot_segment *s = &bp->user_segments[i];

		for (vaddr_t va = s->start; va < s->end; va += PAGE_SIZE)
			boot_map(rb,
				 frame_cap(rb, bp->user_pa +
						       (va - bp->user_vstart)),
				 va, seg_perms(s->flags));
	}
	rb->next_va =
		ALIGN_UP(bp->user_vend, LARGE_PAGE_SIZE) + LARGE_PAGE_SIZE;
}

/* @n fresh zeroed pages mapped read-write at consecutive addresses after
 * a guard page; returns the first address. */
static vaddr_t map_fresh(struct root_builder *rb, struct cte *first,
			 unsigned int n)
{
	vaddr_t base = rb->next_va + PAGE_SIZE;

	for (unsigned int i = 0; i < n; i++) {
		struct cte *slot = (i == 0 && first) ? first : take_slot(rb);
		struct cap *page = boot_object(slot, KAAL_OBJ_PAGE, 0);

		boot_map(rb, page, base + i * PAGE_SIZE,
			 KAAL_MAP_READ | KAAL_MAP_WRITE);
	}
	rb->next_va = base + n * PAGE_SIZE;
	return base;
}

static void map_dtb(struct root_builder *rb, const struct boot_params *bp)
{
	paddr_t first = ALIGN_DOWN(bp->dtb, PAGE_SIZE);
	paddr_t end = ALIGN_UP(bp->dtb + bp->dtb_size, PAGE_SIZE);
	vaddr_t base = rb->next_va + PAGE_SIZE;

	for (paddr_t pa = first; pa < end; pa += PAGE_SIZE) {
		struct cap *page = frame_cap(rb, pa);

		page->rights = KAAL_RIGHT_READ;
		boot_map(rb, page, base + (pa - first), KAAL_MAP_READ);
	}
	rb->bi->dtb_paddr = bp->dtb;
	rb->bi->dtb_vaddr = base + (bp->dtb - first);
	rb->bi->dtb_size = bp->dtb_size;
	rb->next_va = base + (end - first);
}

static void fill_config(struct kaal_bootinfo *bi, const struct boot_params *bp)
{
	bi->magic = KAAL_BOOTINFO_MAGIC;
	bi->version = KAAL_BOOTINFO_VERSION;
	bi->size = sizeof(*bi);
	bi->cnode_size_bits = CONFIG_ROOT_CNODE_BITS;
	bi->config.hz = CONFIG_HZ;
	bi->config.sched = IS_ENABLED(CONFIG_SCHED_FIXED_PRIO);
	bi->config.timeslice_ticks = CONFIG_SCHED_TIMESLICE_TICKS;
	bi->config.fastpath = IS_ENABLED(CONFIG_IPC_FASTPATH);
	bi->config.debug_syscalls = IS_ENABLED(CONFIG_DEBUG_SYSCALLS);
	bi->config.debug_kernel = IS_ENABLED(CONFIG_DEBUG_KERNEL);
	bi->config.max_priority = SCHED_NR_PRIOS - 1;
	/* The CPUs that run threads (smp_boot started them), not the
	 * devicetree's cpu nodes: any other stays parked. */
	bi->config.nr_cpus = smp_nr_online();
	bi->config.nr_domains = SCHED_DOMAINS;
	bi->config.fpu_eager = IS_ENABLED(CONFIG_FPU_EAGER);
	strlcpy(bi->board, CONFIG_BOARD_NAME, sizeof(bi->board));
}

/* Slot 1..6: the fixed initial capabilities. */
static struct tcb *make_fixed(struct root_builder *rb, struct cte *cnode_slot)
{
	struct cap *tcb_cap;
	struct cap irq = { .type = KAAL_OBJ_IRQ_CONTROL,
			   .rights = KAAL_RIGHTS_ALL };
	struct cap dom = { .type = KAAL_OBJ_DOMAIN, .rights = KAAL_RIGHTS_ALL };

	rb->slots = cnode_slots(&cnode_slot->cap);
	cspace_insert(&rb->slots[KAAL_CAP_INIT_CNODE], &cnode_slot->cap,
		      cnode_slot);
	rb->cnode = &rb->slots[KAAL_CAP_INIT_CNODE].cap;
	tcb_cap = boot_object(&rb->slots[KAAL_CAP_INIT_TCB], KAAL_OBJ_TCB, 0);
	rb->vspace = boot_object(&rb->slots[KAAL_CAP_INIT_VSPACE],
				 KAAL_OBJ_VSPACE, 0);
	cspace_insert(&rb->slots[KAAL_CAP_IRQ_CONTROL], &irq, NULL);
	cspace_insert(&rb->slots[KAAL_CAP_DOMAIN], &dom, NULL);
	rb->next_slot = KAAL_CAP_FIRST_FREE_FIXED;
	return cap_object(tcb_cap);
}

static void start_thread(struct root_builder *rb, struct tcb *t, vaddr_t ipcbuf,
			 vaddr_t bootinfo, vaddr_t stack_top,
			 const struct boot_params *bp)
{
	cspace_insert(&t->cspace_root, rb->cnode,
		      &rb->slots[KAAL_CAP_INIT_CNODE]);
	cspace_insert(&t->vspace_root, rb->vspace,
		      &rb->slots[KAAL_CAP_INIT_VSPACE]);
	cspace_insert(&t->ipc_buffer_frame,
		      &rb->slots[KAAL_CAP_INIT_IPC_BUFFER].cap,
		      &rb->slots[KAAL_CAP_INIT_IPC_BUFFER]);
	t->ipc_buffer = ipcbuf;
	t->sched.prio = SCHED_NR_PRIOS - 1;
	t->mcp = SCHED_NR_PRIOS - 1;
	t->cpus = (uint8_t)((1u << smp_nr_online()) - 1);
	arch_regs_set_entry(&t->ctx, bp->user_entry, stack_top);
	arch_regs_set_entry_arg(&t->ctx, 0, bootinfo);
	tcb_set_runnable(t);
}

/* Frame capabilities the initial address space needs beyond the fixed
 * slots: the image, the stack and the DTB (page tables come after them). */
static uint64_t count_frames(const struct boot_params *bp)
{
	uint64_t n = STACK_PAGES;

	for (uint32_t i = 0; i < bp->nr_user_segments; i++)
		n += (bp->user_segments[i].end - bp->user_segments[i].start) >>
		     PAGE_SHIFT;
	n += (ALIGN_UP(bp->dtb + bp->dtb_size, PAGE_SIZE) -
	      ALIGN_DOWN(bp->dtb, PAGE_SIZE)) >>
	     PAGE_SHIFT;
	return n;
}

void boot_root_task(const struct boot_params *bp)
{
	static struct cte boot_cnode_slot; /* the CNode's own original */
	struct root_builder rb = { 0 };
	struct tcb *tcb;
	vaddr_t ipcbuf, bootinfo, stack;

	bootmem_init(bp);
	boot_object(&boot_cnode_slot, KAAL_OBJ_CNODE, CONFIG_ROOT_CNODE_BITS);
	tcb = make_fixed(&rb, &boot_cnode_slot);
	rb.next_pt_slot = rb.next_slot + count_frames(bp);
	rb.bi = phys_to_virt(bootmem_alloc(PAGE_SHIFT));
	map_image(&rb, bp);
	ipcbuf = map_fresh(&rb, &rb.slots[KAAL_CAP_INIT_IPC_BUFFER], 1);
	bootinfo = rb.next_va + PAGE_SIZE;
	cspace_insert(&rb.slots[KAAL_CAP_BOOTINFO_FRAME],
		      (struct cap[]){
			      cap_make_frame(KAAL_OBJ_PAGE, virt_to_phys(rb.bi),
					     KAAL_RIGHT_READ, CAP_F_ORIGINAL) },
		      NULL);
	boot_map(&rb, &rb.slots[KAAL_CAP_BOOTINFO_FRAME].cap, bootinfo,
		 KAAL_MAP_READ);
	rb.next_va = bootinfo + PAGE_SIZE;
	stack = map_fresh(&rb, NULL, STACK_PAGES) + STACK_PAGES * PAGE_SIZE;
	map_dtb(&rb, bp);
	rb.bi->image_frames.end = rb.next_slot;
	rb.bi->page_tables.start = rb.bi->image_frames.end;
	rb.bi->page_tables.end = rb.next_pt_slot;
	rb.next_slot = rb.next_pt_slot;
	rb.bi->ipc_buffer = ipcbuf;
	rb.bi->stack_top = stack;
	fill_config(rb.bi, bp);
	bootmem_make_untyped(rb.bi, rb.slots, &rb.next_slot,
			     1ull << CONFIG_ROOT_CNODE_BITS);
	rb.bi->empty.start = rb.next_slot;
	rb.bi->empty.end = 1ull << CONFIG_ROOT_CNODE_BITS;
	start_thread(&rb, tcb, ipcbuf, bootinfo, stack, bp);
	pr_info("boot: root task: entry 0x%lx, %lu untyped regions, slots "
		"%lu-%lu free\n",
		bp->user_entry, (uint64_t)rb.bi->nr_untyped, rb.bi->empty.start,
		rb.bi->empty.end - 1);
}
