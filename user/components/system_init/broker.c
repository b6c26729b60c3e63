// SPDX-License-Identifier: BSD-2-Clause
/*
 * system_init's service loop: the broker requests of <libsys/broker.h>,
 * the components' faults and exits. Every request is checked against
 * the manifest entry of the component whose badge it carries; a request
 * that fails changes nothing the component can see.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/vspace.h>
#include <libsys/cpio.h>
#include <libsys/server.h>
#include <hw/virtio-mmio.h>
#include "sysinit.h"

#define MAX_PAGES_PER_CALL 64
#define MAX_OBJECTS	   64

/* Device nodes and pages handed out, so each goes to one component. The
 * IRQHandler capability of a node stays ours (handler); the component
 * holds a copy, so that a release can revoke every copy it made. */
static struct {
	int node;
	unsigned int owner;
	kaal_cptr_t handler; /* ours, 0: the node has no interrupt */
} node_grants[MAX_GRANTS];
static unsigned int nr_node_grants;

/* Slots of ours emptied by released handlers, for the next ones. */
static kaal_cptr_t spare_slots[MAX_GRANTS];
static unsigned int nr_spare_slots;

/* Device pages: the capability devmem made for each stays ours (and is
 * mapped in system_init when it read the page itself); a component maps
 * a copy. */
static struct {
	uint64_t paddr;
	kaal_cptr_t cap;
	kaal_word_t own_vaddr; /* mapped in system_init, or 0 */
} dev_pages[MAX_GRANTS];
static unsigned int nr_dev_pages;

/* Who has which device page. A page goes to one component, except that
 * the drivers of the virtio-mmio slots in one page share it (shared). */
static struct {
	uint64_t paddr;
	unsigned int owner;
	kaal_word_t vaddr; /* in the owner's VSpace */
	bool shared;
} page_grants[MAX_GRANTS];
static unsigned int nr_page_grants;

/* Every virtio-mmio slot and the device ID it held when first asked,
 * read once for all (BROKER_VIRTIO_DEVICE); nr_virtio_slots < 0: not yet
 * read. */
#define MAX_VIRTIO_SLOTS 32
#define VIRTIO_COMPAT	 "virtio,mmio"
static struct {
	int node;
	uint32_t device_id; /* 0: empty, or no virtio-mmio magic */
	struct dt_reg_ret reg;
} virtio_slots[MAX_VIRTIO_SLOTS];
static int nr_virtio_slots = -1;

/* Where a capability is copied to be identified. */
static kaal_cptr_t scratch_slot;

struct reply {
	unsigned long error;
	kaal_word_t mr[KAAL_MSG_REG_WORDS];
	unsigned int len;
};

/* May @c's heap grow by @n pages, at most @max in one call? 0 or the
 * error: beyond the heap's addresses, or beyond @c's quota. */
static unsigned long heap_room(const struct component *c, kaal_word_t n,
			       kaal_word_t max)
{
	if (!n || n > max ||
	    (c->heap_next - SYS_HEAP_BASE) / KAAL_PAGE_SIZE + n >
		    SYS_HEAP_MAX_PAGES)
		return KAAL_E_RANGE;
	if (c->heap_pages + n > c->m->quota_pages)
		return SYS_E_QUOTA;
	return 0;
}

static void alloc_pages(struct component *c, kaal_word_t n, struct reply *r)
{
	kaal_word_t va = c->heap_next;

	r->error = heap_room(c, n, MAX_PAGES_PER_CALL);
	if (r->error)
		return;
	for (kaal_word_t i = 0; i < n; i++) {
		struct kaal_cap_ret p = kaal_vspace_new_page(
			&sysinit_alloc, c->proc.vspace, c->heap_next,
			KAAL_MAP_READ | KAAL_MAP_WRITE);
		if (p.error) {
			r->error = p.error;
			return;
		}
		c->heap_next += KAAL_PAGE_SIZE;
		c->heap_pages++;
	}
	r->mr[0] = va;
	r->len = 1;
}

/* Move (or copy, keeping ours) a capability of ours into the
 * component's next free slot. */
static unsigned long give_to(struct component *c, kaal_cptr_t cap, bool keep,
			     kaal_word_t *slot)
{
	unsigned long err;

	if (c->next_slot >= (1ul << component_cnode_bits(c)))
		return SYS_E_NO_SPACE;
	err = keep ? kaal_cap_copy(c->proc.cnode, c->next_slot, KAAL_WORD_BITS,
				   KAAL_CAP_INIT_CNODE, cap, KAAL_WORD_BITS,
				   KAAL_RIGHTS_ALL) :
		     kaal_cap_move(c->proc.cnode, c->next_slot, KAAL_WORD_BITS,
				   KAAL_CAP_INIT_CNODE, cap, KAAL_WORD_BITS);
	if (!err)
		*slot = c->next_slot++;
	return err;
}

static void alloc_object(struct component *c, kaal_word_t type, struct reply *r)
{
	struct kaal_cap_ret o;

	if (type != KAAL_OBJ_ENDPOINT && type != KAAL_OBJ_NOTIFICATION) {
		r->error = SYS_E_DENIED;
		return;
	}
	if (c->objects >= MAX_OBJECTS) {
		r->error = SYS_E_QUOTA;
		return;
	}
	o = kaal_alloc_object(&sysinit_alloc, (enum kaal_object_type)type, 0);
	r->error = o.error;
	if (!r->error)
		r->error = give_to(c, o.cap, false, &r->mr[0]);
	if (!r->error) {
		c->objects++;
		r->len = 1;
	}
}

/*
 * Physically contiguous pages for DMA: a fresh untyped region of the
 * next power of two, retyped into pages in address order (retype carves
 * at the region's watermark), mapped at the caller's next heap
 * addresses. Normal cacheable memory, as every RAM page: right for a
 * cache-coherent device such as QEMU's virtio-mmio. The page addresses
 * are checked, not assumed, before the caller learns the first.
 */
static void alloc_dma(struct component *c, kaal_word_t n, struct reply *r)
{
	kaal_word_t va = c->heap_next;
	unsigned int bits = KAAL_PAGE_BITS;
	struct kaal_cap_ret ut;
	kaal_word_t base = 0;

	r->error = heap_room(c, n, BROKER_DMA_MAX_PAGES);
	if (r->error)
		return;
	while ((1ul << bits) < n * KAAL_PAGE_SIZE)
		bits++;
	ut = kaal_alloc_object(&sysinit_alloc, KAAL_OBJ_UNTYPED, bits);
	if (ut.error) {
		r->error = ut.error;
		return;
	}
	for (kaal_word_t i = 0; i < n; i++) {
		struct kaal_cap_ret p = kaal_alloc_slot(&sysinit_alloc);
		struct kaal_word_ret pa = { p.error, 0 };
		unsigned long err;

		if (!pa.error)
			pa.error = kaal_retype(ut.cap, KAAL_OBJ_PAGE, 0,
					       KAAL_CAP_INIT_CNODE,
					       KAAL_WORD_BITS, p.cap, 1);
		if (!pa.error)
			pa = kaal_page_address(p.cap);
		err = pa.error;
		if (!err && i && pa.value != base + i * KAAL_PAGE_SIZE)
			err = SYS_E_STATE; /* not contiguous: never seen */
		if (!err)
			err = kaal_vspace_map(&sysinit_alloc, c->proc.vspace,
					      p.cap, c->heap_next,
					      KAAL_MAP_READ | KAAL_MAP_WRITE);
		if (err) {
			r->error = err;
			return;
		}
		if (!i)
			base = pa.value;
		c->heap_next += KAAL_PAGE_SIZE;
		c->heap_pages++;
	}
	r->mr[0] = va;
	r->mr[1] = base;
	r->len = 2;
}

static bool may_claim(const struct component *c, const char *compat)
{
	for (unsigned int i = 0; i < MAX_DEVICES && c->m->devices[i]; i++)
		if (!strcmp(c->m->devices[i], compat))
			return true;
	return false;
}

/*
 * The instance-th enabled node compatible with @compat. A driver that
 * probes asks for instance 0, 1, 2 ... in turn (32 virtio-mmio slots),
 * and every scan from the root costs a walk of the blob: the last answer
 * is kept, and the next instance is looked for after it.
 */
static int find_node(const char *compat, kaal_word_t instance)
{
	static char last_compat[BROKER_COMPAT_LEN];
	static kaal_word_t last_instance;
	static int last_node = -1;
	const struct dt *dt = &sysinit_dt;
	kaal_word_t want = instance;
	int node = dt->root;

	if (last_node >= 0 && instance > last_instance &&
	    !strcmp(compat, last_compat)) {
		node = last_node;
		want = instance - last_instance - 1;
	}
	for (node = dt_next_node(dt, node); node >= 0;
	     node = dt_next_node(dt, node)) {
		if (!dt_is_compatible(dt, node, compat) ||
		    !dt_is_enabled(dt, node) || want--)
			continue;
		strcpy(last_compat, compat);
		last_instance = instance;
		last_node = node;
		return node;
	}
	return -1;
}

/* Our capability to the device page at @paddr, made on first need. */
static long dev_page(uint64_t paddr, unsigned int *index)
{
	struct kaal_cap_ret p;

	for (unsigned int i = 0; i < nr_dev_pages; i++) {
		if (dev_pages[i].paddr == paddr) {
			*index = i;
			return 0;
		}
	}
	if (nr_dev_pages >= MAX_GRANTS)
		return SYS_E_NO_SPACE;
	p = devmem_page(&sysinit_devmem, paddr);
	if (p.error)
		return p.error == KAAL_E_RANGE ? SYS_E_NOT_FOUND : p.error;
	dev_pages[nr_dev_pages] = (typeof(dev_pages[0])){ paddr, p.cap, 0 };
	*index = nr_dev_pages++;
	return 0;
}

/* The device registers at @paddr as system_init sees them, or NULL. */
static volatile uint8_t *own_map(uint64_t paddr)
{
	uint64_t first = paddr & ~(KAAL_PAGE_SIZE - 1);
	unsigned int i;

	if (dev_page(first, &i))
		return NULL;
	if (!dev_pages[i].own_vaddr) {
		kaal_word_t va = kaal_alloc_vaddr(&sysinit_alloc, 1);

		if (kaal_vspace_map(&sysinit_alloc, KAAL_CAP_INIT_VSPACE,
				    dev_pages[i].cap, va,
				    KAAL_MAP_READ | KAAL_MAP_WRITE))
			return NULL;
		dev_pages[i].own_vaddr = va;
	}
	return (volatile uint8_t *)(dev_pages[i].own_vaddr + (paddr - first));
}

/* Map a copy of our capability to device page @i at @vaddr in @c. */
static unsigned long map_copy(struct component *c, unsigned int i,
			      kaal_word_t vaddr)
{
	struct kaal_cap_ret slot = kaal_alloc_slot(&sysinit_alloc);
	unsigned long err = slot.error;

	if (!err)
		err = kaal_cap_copy(KAAL_CAP_INIT_CNODE, slot.cap,
				    KAAL_WORD_BITS, KAAL_CAP_INIT_CNODE,
				    dev_pages[i].cap, KAAL_WORD_BITS,
				    KAAL_RIGHTS_ALL);
	if (!err)
		err = kaal_vspace_map(&sysinit_alloc, c->proc.vspace, slot.cap,
				      vaddr, KAAL_MAP_READ | KAAL_MAP_WRITE);
	return err;
}

/*
 * Map the device pages of [paddr, paddr + size) in the component; pages
 * it already has are reused, pages another component has are refused,
 * unless both that grant and this one are @shareable (a virtio-mmio slot
 * smaller than its page).
 */
static unsigned long map_device(struct component *c, uint64_t paddr,
				uint64_t size, bool shareable,
				kaal_word_t *vaddr)
{
	uint64_t first = paddr & ~(KAAL_PAGE_SIZE - 1);
	uint64_t end = (paddr + size + KAAL_PAGE_SIZE - 1) &
		       ~(KAAL_PAGE_SIZE - 1);
	unsigned int pages = (unsigned int)((end - first) / KAAL_PAGE_SIZE);

	if (pages == 1) {
		for (unsigned int i = 0; i < nr_page_grants; i++) {
			if (page_grants[i].paddr != first ||
			    page_grants[i].owner != c->id)
				continue;
			*vaddr = page_grants[i].vaddr + (paddr - first);
			return 0;
		}
	}
	if (nr_page_grants + pages > MAX_GRANTS)
		return SYS_E_NO_SPACE;
	for (unsigned int i = 0; i < nr_page_grants; i++)
		if (page_grants[i].paddr >= first &&
		    page_grants[i].paddr < end &&
		    !(pages == 1 && shareable && page_grants[i].shared))
			return SYS_E_EXISTS;
	*vaddr = c->device_next + (paddr - first);
	for (uint64_t pa = first; pa < end; pa += KAAL_PAGE_SIZE) {
		unsigned int i;
		unsigned long err = dev_page(pa, &i);

		if (!err)
			err = map_copy(c, i, c->device_next);
		if (err)
			return err;
		page_grants[nr_page_grants].paddr = pa;
		page_grants[nr_page_grants].owner = c->id;
		page_grants[nr_page_grants].shared = shareable;
		page_grants[nr_page_grants++].vaddr = c->device_next;
		c->device_next += KAAL_PAGE_SIZE;
	}
	c->device_next += KAAL_PAGE_SIZE; /* a gap between devices */
	return 0;
}

/* An IRQHandler capability for @irq in a slot of ours. */
static unsigned long claim_irq(unsigned long irq, kaal_cptr_t *handler)
{
	kaal_cptr_t slot;
	unsigned long err;

	if (nr_spare_slots) {
		slot = spare_slots[--nr_spare_slots];
	} else {
		struct kaal_cap_ret s = kaal_alloc_slot(&sysinit_alloc);

		if (s.error)
			return s.error;
		slot = s.cap;
	}
	err = kaal_irq_handler_get(KAAL_CAP_IRQ_CONTROL, irq,
				   KAAL_CAP_INIT_CNODE, slot, KAAL_WORD_BITS);
	if (err)
		spare_slots[nr_spare_slots++] = slot;
	else
		*handler = slot;
	return err;
}

/* Take back every copy of @handler and give the line up. */
static void drop_irq(kaal_cptr_t handler)
{
	kaal_cap_revoke(KAAL_CAP_INIT_CNODE, handler, KAAL_WORD_BITS);
	kaal_cap_delete(KAAL_CAP_INIT_CNODE, handler, KAAL_WORD_BITS);
	spare_slots[nr_spare_slots++] = handler;
}

/*
 * Give a device back (a driver probed it and found it is not its kind):
 * its interrupt line is revoked from the caller and freed, the node can
 * be claimed again. Its register page stays mapped in the caller, and
 * the caller's: a page cannot be shared between two components without
 * each reaching the other's registers (virtio-mmio slots are 0x200
 * apart, eight to a page).
 */
static void device_release(struct component *c, kaal_word_t node,
			   struct reply *r)
{
	for (unsigned int i = 0; i < nr_node_grants; i++) {
		if (node_grants[i].node != (int)node)
			continue;
		if (node_grants[i].owner != c->id)
			break;
		if (node_grants[i].handler)
			drop_irq(node_grants[i].handler);
		node_grants[i] = node_grants[--nr_node_grants];
		return;
	}
	r->error = SYS_E_NOT_FOUND;
}

static bool node_granted(int node)
{
	for (unsigned int i = 0; i < nr_node_grants; i++)
		if (node_grants[i].node == node)
			return true;
	return false;
}

/*
 * Grant @node to @c: its first register region (@reg; none when its size
 * is 0) mapped, an IRQHandler capability for its interrupt number
 * @irq_index, the reply of BROKER_DEVICE.
 */
static void grant_node(struct component *c, int node,
		       const struct dt_reg_ret *reg, unsigned int irq_index,
		       bool shareable, struct reply *r)
{
	struct dt_irq_ret irq;
	kaal_word_t vaddr = 0, slot = 0;
	kaal_cptr_t handler = 0;

	if (node_granted(node)) {
		r->error = SYS_E_EXISTS;
		return;
	}
	if (nr_node_grants >= MAX_GRANTS) {
		r->error = SYS_E_NO_SPACE;
		return;
	}
	irq = dt_irq(&sysinit_dt, node, irq_index);
	if (!irq.error) {
		/* Claimed first: a line someone holds fails before anything
		 * is mapped. */
		r->error = claim_irq(irq.irq, &handler);
		if (r->error)
			return;
	}
	if (reg->size)
		r->error =
			map_device(c, reg->addr, reg->size, shareable, &vaddr);
	if (!r->error && handler)
		r->error = give_to(c, handler, true, &slot);
	if (r->error) {
		if (handler)
			drop_irq(handler);
		return;
	}
	node_grants[nr_node_grants].node = node;
	node_grants[nr_node_grants].handler = handler;
	node_grants[nr_node_grants++].owner = c->id;
	r->mr[0] = vaddr;
	r->mr[1] = reg->size;
	r->mr[2] = reg->addr;
	r->mr[3] = irq.error ? BROKER_NO_IRQ : irq.irq;
	r->mr[4] = handler ? slot : 0;
	r->mr[5] = (kaal_word_t)node;
	r->len = 6;
}

static void device(struct component *c, const kaal_word_t *mr, struct reply *r)
{
	char compat[BROKER_COMPAT_LEN];
	struct dt_reg_ret reg;
	int node;
	kaal_word_t instance = mr[0] & BROKER_DEVICE_INSTANCE_MASK;
	unsigned int irq_index =
		(unsigned int)(mr[0] >> BROKER_DEVICE_IRQ_SHIFT);

	sys_unpack_string(compat, &mr[1], KAAL_MSG_REG_WORDS - 1);
	if (!may_claim(c, compat)) {
		r->error = SYS_E_DENIED;
		return;
	}
	node = sysinit_have_dt ? find_node(compat, instance) : -1;
	if (node < 0) {
		r->error = SYS_E_NOT_FOUND;
		return;
	}
	if (node_granted(node)) {
		r->error = SYS_E_EXISTS;
		return;
	}
	reg = dt_reg(&sysinit_dt, node, 0);
	/* A node without registers (the architected timer) is only an
	 * interrupt: it needs the one asked for. */
	if (reg.error && dt_irq(&sysinit_dt, node, irq_index).error) {
		r->error = SYS_E_NOT_FOUND;
		return;
	}
	if (reg.error)
		reg = (struct dt_reg_ret){ 0 };
	grant_node(c, node, &reg, irq_index, false, r);
}

/*
 * Read the DeviceID of every virtio-mmio slot, once: mapping their pages
 * in system_init (four pages for QEMU virt's 32 slots) costs less than
 * one driver claiming and giving back each slot in turn, and every virtio
 * driver then asks for its slot by device ID.
 */
static void virtio_scan(void)
{
	const struct dt *dt = &sysinit_dt;

	nr_virtio_slots = 0;
	if (!sysinit_have_dt)
		return;
	for (int node = dt_next_node(dt, dt->root);
	     node >= 0 && nr_virtio_slots < MAX_VIRTIO_SLOTS;
	     node = dt_next_node(dt, node)) {
		volatile uint8_t *regs;
		struct dt_reg_ret reg;
		uint32_t id = 0;

		if (!dt_is_compatible(dt, node, VIRTIO_COMPAT) ||
		    !dt_is_enabled(dt, node))
			continue;
		reg = dt_reg(dt, node, 0);
		if (reg.error || reg.size < VIRTIO_MMIO_CONFIG)
			continue;
		regs = own_map(reg.addr);
		if (regs &&
		    *(volatile uint32_t *)(regs + VIRTIO_MMIO_MAGIC_VALUE) ==
			    VIRTIO_MMIO_MAGIC)
			id = *(volatile uint32_t *)(regs +
						    VIRTIO_MMIO_DEVICE_ID);
		virtio_slots[nr_virtio_slots].node = node;
		virtio_slots[nr_virtio_slots].device_id = id;
		virtio_slots[nr_virtio_slots++].reg = reg;
	}
}

/* The mr1-th virtio-mmio slot holding a device of ID mr0. */
static void virtio_device(struct component *c, const kaal_word_t *mr,
			  struct reply *r)
{
	kaal_word_t want = mr[1];

	if (!may_claim(c, VIRTIO_COMPAT)) {
		r->error = SYS_E_DENIED;
		return;
	}
	if (nr_virtio_slots < 0)
		virtio_scan();
	for (int i = 0; i < nr_virtio_slots; i++) {
		if (!mr[0] || virtio_slots[i].device_id != mr[0] || want--)
			continue;
		/* Slots are smaller than a page: shared with the drivers
		 * of the page's other slots. */
		grant_node(c, virtio_slots[i].node, &virtio_slots[i].reg, 0,
			   virtio_slots[i].reg.size < KAAL_PAGE_SIZE, r);
		return;
	}
	r->error = SYS_E_NOT_FOUND;
}

/* A capability to the caller's own notification ("notify"), badged with
 * @badge, in its next free slot: for an interrupt that must wake the
 * same wait as the caller's channels, told apart by the badge. */
static void notify_badged(struct component *c, kaal_word_t badge,
			  struct reply *r)
{
	struct kaal_cap_ret slot;

	if (!badge) {
		r->error = SYS_E_PROTOCOL;
		return;
	}
	if (c->objects >= MAX_OBJECTS) {
		r->error = SYS_E_QUOTA;
		return;
	}
	r->error = (kaal_word_t)-need_notify(c);
	if (r->error)
		return;
	slot = kaal_alloc_slot(&sysinit_alloc);
	r->error = slot.error;
	if (!r->error)
		r->error = kaal_cap_mint(KAAL_CAP_INIT_CNODE, slot.cap,
					 KAAL_WORD_BITS, KAAL_CAP_INIT_CNODE,
					 c->notify, KAAL_WORD_BITS,
					 KAAL_RIGHTS_ALL, badge);
	if (!r->error)
		r->error = give_to(c, slot.cap, false, &r->mr[0]);
	if (!r->error) {
		c->objects++;
		r->len = 1;
	}
}

static void sysinfo_component(kaal_word_t index, struct reply *r)
{
	const struct component *c = component_by_id(index + 1);

	if (!c) {
		r->error = SYS_E_NOT_FOUND;
		return;
	}
	r->mr[0] = c->id;
	r->mr[1] = c->state | (kaal_word_t)c->cpu << 32;
	r->mr[2] = component_pages(c);
	sys_pack_string(&r->mr[3], 2, c->m->name);
	r->mr[5] = c->fault_addr;
	r->len = 6;
}

static void sysinfo_cap(const kaal_word_t *mr, struct reply *r)
{
	const struct component *c = component_by_id(mr[0]);

	if (!c || !c->proc.cnode) {
		r->error = SYS_E_NOT_FOUND;
		return;
	}
	if (!scratch_slot) {
		struct kaal_cap_ret s = kaal_alloc_slot(&sysinit_alloc);

		if (s.error) {
			r->error = s.error;
			return;
		}
		scratch_slot = s.cap;
	}
	for (kaal_word_t slot = mr[1]; slot < (1ul << component_cnode_bits(c));
	     slot++) {
		struct kaal_identify_ret id;
		unsigned long err;

		/* Identified through a copy: the copy is ours for a moment
		 * and deleted again, the component's slot is untouched. */
		err = kaal_cap_copy(KAAL_CAP_INIT_CNODE, scratch_slot,
				    KAAL_WORD_BITS, c->proc.cnode, slot,
				    KAAL_WORD_BITS, KAAL_RIGHTS_ALL);
		if (err == KAAL_E_MISSING_CAP)
			continue;
		r->mr[0] = slot;
		r->len = 5;
		if (err) {
			/* Occupied, but not copyable. */
			r->mr[1] = KAAL_OBJ_NULL;
			return;
		}
		id = kaal_cap_identify(scratch_slot);
		kaal_cap_delete(KAAL_CAP_INIT_CNODE, scratch_slot,
				KAAL_WORD_BITS);
		r->mr[1] = id.type;
		r->mr[2] = id.rights;
		r->mr[3] = id.badge;
		r->mr[4] = id.size_bits;
		return;
	}
	r->error = SYS_E_NOT_FOUND;
}

static void sysinfo_memory(struct reply *r)
{
	const struct kaal_bootinfo *bi = sysinit_bi;
	uint64_t total = 0;
	unsigned int crashed = 0;

	for (uint32_t i = 0; i < bi->nr_untyped; i++)
		if (!bi->untyped_list[i].is_device)
			total += 1ull << bi->untyped_list[i].size_bits;
	for (unsigned int i = 0; i < nr_components; i++)
		crashed += components[i].state == SYS_STATE_CRASHED;
	r->mr[0] = total;
	r->mr[1] = sysinit_alloc.bytes;
	r->mr[2] = nr_components;
	r->mr[3] = crashed;
	r->len = 4;
}

/* The component named in mr0 mr1, or NULL with SYS_E_NOT_FOUND. */
static struct component *named_component(const kaal_word_t *mr, struct reply *r)
{
	char name[17];
	struct component *c;

	sys_unpack_string(name, mr, 2);
	c = component_by_name(name);
	if (!c)
		r->error = SYS_E_NOT_FOUND;
	return c;
}

static void sysinfo_start(const kaal_word_t *mr, struct reply *r)
{
	struct component *c = named_component(mr, r);

	if (!c)
		return;
	if (c->state != SYS_STATE_STOPPED ||
	    (c->proc.tcb && !(c->m->prebuilt && !c->started))) {
		r->error = SYS_E_STATE;
		return;
	}
	/* The reply's label carries E, positive (<libsys/error.h>). */
	if (!c->proc.tcb)
		r->error = (kaal_word_t)-component_build(c);
	if (!r->error)
		r->error = (kaal_word_t)-component_start(c);
	if (!r->error) {
		printf("system_init: started %s (id %u)\n", c->m->name, c->id);
		r->mr[0] = c->id;
		r->len = 1;
	}
}

/* Who serves the service named in mr0 mr1, and in which state. */
static void sysinfo_service(const kaal_word_t *mr, struct reply *r)
{
	char name[17];
	const struct component *c;

	sys_unpack_string(name, mr, 2);
	c = service_server(name);
	if (!c) {
		r->error = SYS_E_NOT_FOUND;
		return;
	}
	r->mr[0] = c->id;
	r->mr[1] = c->state;
	r->len = 2;
}

/* Stop a running component for good, its services with it. */
static void sysinfo_stop(const kaal_word_t *mr, struct reply *r)
{
	struct component *c = named_component(mr, r);

	if (!c)
		return;
	if (c->state != SYS_STATE_RUNNING) {
		r->error = SYS_E_STATE;
		return;
	}
	c->state = SYS_STATE_KILLED;
	kaal_thread_suspend(c->proc.tcb);
	printf("system_init: component %s stopped\n", c->m->name);
	service_withdraw(c);
	r->mr[0] = c->id;
	r->len = 1;
}

static const char *fault_name(unsigned long type)
{
	static const char *const names[] = {
		[KAAL_FAULT_VM_READ] = "read fault",
		[KAAL_FAULT_VM_WRITE] = "write fault",
		[KAAL_FAULT_VM_EXEC] = "instruction fetch fault",
		[KAAL_FAULT_UNDEFINED] = "undefined instruction",
		[KAAL_FAULT_ALIGNMENT] = "alignment fault",
		[KAAL_FAULT_UNKNOWN_SYSCALL] = "unknown system call",
		[KAAL_FAULT_OTHER] = "exception",
	};

	return type < sizeof(names) / sizeof(names[0]) && names[type] ?
		       names[type] :
		       "fault";
}

/* A component faulted: report it, stop it, keep serving the others. */
static void crashed(struct component *c, const struct kaal_msg *m)
{
	c->state = SYS_STATE_CRASHED;
	c->fault_type = KAAL_MSGINFO_LABEL(m->info);
	c->fault_addr = m->mr[0];
	c->fault_pc = m->mr[2];
	kaal_thread_suspend(c->proc.tcb);
	printf("system_init: component %s crashed: %s at 0x%lx (pc 0x%lx); "
	       "stopped, the others keep running\n",
	       c->m->name, fault_name(c->fault_type),
	       (unsigned long)c->fault_addr, (unsigned long)c->fault_pc);
	service_withdraw(c);
}

static void exited(struct component *c, kaal_word_t status)
{
	c->state = SYS_STATE_EXITED;
	kaal_thread_suspend(c->proc.tcb);
	printf("system_init: component %s exited with status %ld\n", c->m->name,
	       (long)status);
	service_withdraw(c);
}

/* Handle one message; false when there is no one to reply to. */
static bool handle(kaal_word_t badge, const struct kaal_msg *m, struct reply *r)
{
	struct component *c = component_by_id(badge & SYS_BADGE_ID_MASK);
	kaal_word_t label = KAAL_MSGINFO_LABEL(m->info);
	bool sysinfo = badge & SYS_BADGE_SYSINFO;

	memset(r, 0, sizeof(*r));
	if (!c)
		return false; /* no such badge is ever minted */
	if (badge & SYS_BADGE_FAULT) {
		crashed(c, m);
		return false;
	}
	if (label >= SYSINFO_COMPONENT && !sysinfo) {
		r->error = SYS_E_DENIED;
		return true;
	}
	switch (label) {
	case BROKER_PING:
		break;
	case BROKER_ALLOC_PAGES:
		alloc_pages(c, m->mr[0], r);
		break;
	case BROKER_ALLOC_OBJECT:
		alloc_object(c, m->mr[0], r);
		break;
	case BROKER_DEVICE:
		device(c, m->mr, r);
		break;
	case BROKER_ALLOC_DMA:
		alloc_dma(c, m->mr[0], r);
		break;
	case BROKER_DEVICE_RELEASE:
		device_release(c, m->mr[0], r);
		break;
	case BROKER_VIRTIO_DEVICE:
		virtio_device(c, m->mr, r);
		break;
	case BROKER_NOTIFY:
		notify_badged(c, m->mr[0], r);
		break;
	case BROKER_EXIT:
		exited(c, m->mr[0]);
		return false;
	case SYSINFO_COMPONENT:
		sysinfo_component(m->mr[0], r);
		break;
	case SYSINFO_CAP:
		sysinfo_cap(m->mr, r);
		break;
	case SYSINFO_MEMORY:
		sysinfo_memory(r);
		break;
	case SYSINFO_START:
		sysinfo_start(m->mr, r);
		break;
	case SYSINFO_SERVICE:
		sysinfo_service(m->mr, r);
		break;
	case SYSINFO_STOP:
		sysinfo_stop(m->mr, r);
		break;
	default:
		r->error = SYS_E_PROTOCOL;
		break;
	}
	if (r->error)
		r->len = 0;
	return true;
}

/* The reply's label is the error, r.len words follow. */
static int broker_handle(struct sys_server *srv, const struct kaal_recv_ret *in,
			 struct kaal_msg *out)
{
	struct reply r;

	(void)srv;
	if (!handle(in->badge, &in->msg, &r))
		return SYS_SERVE_NO_REPLY;
	out->info = KAAL_MSGINFO(r.error, 0, r.len);
	memcpy(out->mr, r.mr, sizeof(out->mr));
	return SYS_SERVE_REPLY;
}

void broker_serve(void)
{
	struct sys_server srv = { .ep = sysinit_ep, .handle = broker_handle };

	sys_serve(&srv); /* broker_handle never stops it */
}
