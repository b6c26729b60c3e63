// SPDX-License-Identifier: BSD-2-Clause
/* Device pages from device untyped memory (devmem.h). */
#include <stdbool.h>
#include <stddef.h>
#include <libkaal/vspace.h>
#include <libdriver/devmem.h>

#define PAGE_MASK (KAAL_PAGE_SIZE - 1)

void devmem_init(struct devmem *d, struct kaal_alloc *a)
{
	d->alloc = a;
	d->nr_regions = 0;
	d->nr_pages = 0;
}

static bool region_covers(const struct devmem_region *r, uint64_t paddr)
{
	return paddr >= r->paddr && paddr - r->paddr < (1ull << r->size_bits);
}

static struct devmem_region *add_region(struct devmem *d, kaal_cptr_t cap,
					uint64_t paddr, unsigned int size_bits)
{
	struct devmem_region *r;

	if (d->nr_regions == DEVMEM_MAX_REGIONS)
		return NULL;
	r = &d->region[d->nr_regions++];
	*r = (struct devmem_region){ cap, paddr, 0, size_bits };
	return r;
}

static bool known(const struct devmem *d, kaal_cptr_t cap)
{
	for (unsigned int i = 0; i < d->nr_regions; i++)
		if (d->region[i].cap == cap)
			return true;
	return false;
}

/*
 * The region to carve @paddr from: the smallest known one that covers it
 * with @paddr at or above its watermark; else the boot-time device
 * untyped that covers it, if devmem has not touched it yet.
 */
static struct devmem_region *find_region(struct devmem *d, uint64_t paddr)
{
	const struct kaal_bootinfo *bi = d->alloc->bi;
	struct devmem_region *best = NULL;

	for (unsigned int i = 0; i < d->nr_regions; i++) {
		struct devmem_region *r = &d->region[i];

		if (region_covers(r, paddr) && paddr - r->paddr >= r->used &&
		    (!best || r->size_bits < best->size_bits))
			best = r;
	}
	if (best)
		return best;
	for (uint32_t i = 0; i < bi->nr_untyped; i++) {
		const struct kaal_untyped_desc *u = &bi->untyped_list[i];
		struct devmem_region r = { bi->untyped.start + i, u->paddr, 0,
					   u->size_bits };

		if (u->is_device && region_covers(&r, paddr) &&
		    !known(d, r.cap))
			return add_region(d, r.cap, r.paddr, r.size_bits);
	}
	return NULL;
}

/* log2 of the largest block that starts at @used, aligned to its size,
 * and ends at or before @end. */
static unsigned int block_bits(uint64_t used, uint64_t end)
{
	unsigned int align = used ? (unsigned int)__builtin_ctzll(used) : 63;
	unsigned int fit = 63 - (unsigned int)__builtin_clzll(end - used);

	return align < fit ? align : fit;
}

/* Retype [r->used, off) of @r into device untyped regions, remembered
 * for later requests, so that the next object starts at @off. */
static enum kaal_error carve_gap(struct devmem *d, struct devmem_region *r,
				 uint64_t off)
{
	while (r->used < off) {
		unsigned int bits = block_bits(r->used, off);
		struct kaal_cap_ret slot = kaal_alloc_slot(d->alloc);
		enum kaal_error err;

		if (slot.error)
			return slot.error;
		if (d->nr_regions == DEVMEM_MAX_REGIONS)
			return KAAL_E_NO_MEMORY;
		err = kaal_retype(r->cap, KAAL_OBJ_UNTYPED, bits,
				  KAAL_CAP_INIT_CNODE, KAAL_WORD_BITS, slot.cap,
				  1);
		if (err)
			return err;
		add_region(d, slot.cap, r->paddr + r->used, bits);
		r->used += 1ull << bits;
	}
	return KAAL_OK;
}

struct kaal_cap_ret devmem_page(struct devmem *d, uint64_t paddr)
{
	struct devmem_region *r;
	struct kaal_cap_ret slot;
	enum kaal_error err;
	uint64_t off;

	if (paddr & PAGE_MASK)
		return (struct kaal_cap_ret){ KAAL_E_ALIGN, 0 };
	r = find_region(d, paddr);
	if (!r)
		return (struct kaal_cap_ret){ KAAL_E_RANGE, 0 };
	off = paddr - r->paddr;
	err = carve_gap(d, r, off);
	if (err)
		return (struct kaal_cap_ret){ err, 0 };
	slot = kaal_alloc_slot(d->alloc);
	if (slot.error)
		return slot;
	err = kaal_retype(r->cap, KAAL_OBJ_PAGE, 0, KAAL_CAP_INIT_CNODE,
			  KAAL_WORD_BITS, slot.cap, 1);
	if (err)
		return (struct kaal_cap_ret){ err, 0 };
	r->used = off + KAAL_PAGE_SIZE;
	return slot;
}

static void remember_page(struct devmem *d, uint64_t paddr, kaal_word_t vaddr)
{
	if (d->nr_pages < DEVMEM_MAX_PAGES)
		d->page[d->nr_pages++] = (struct devmem_page){ paddr, vaddr };
}

struct devmem_map_ret devmem_map(struct devmem *d, uint64_t paddr,
				 uint64_t size)
{
	uint64_t first = paddr & ~PAGE_MASK;
	uint64_t end = (paddr + (size ? size : 1) + PAGE_MASK) & ~PAGE_MASK;
	unsigned int pages = (unsigned int)((end - first) / KAAL_PAGE_SIZE);
	kaal_word_t vaddr;

	for (unsigned int i = 0; pages == 1 && i < d->nr_pages; i++)
		if (d->page[i].paddr == first)
			return (struct devmem_map_ret){
				KAAL_OK, (volatile void *)(d->page[i].vaddr +
							   (paddr - first))
			};
	vaddr = kaal_alloc_vaddr(d->alloc, pages);
	for (unsigned int i = 0; i < pages; i++) {
		uint64_t pa = first + (uint64_t)i * KAAL_PAGE_SIZE;
		kaal_word_t va = vaddr + (kaal_word_t)i * KAAL_PAGE_SIZE;
		struct kaal_cap_ret page = devmem_page(d, pa);
		enum kaal_error err = page.error;

		if (!err)
			err = kaal_vspace_map(d->alloc, KAAL_CAP_INIT_VSPACE,
					      page.cap, va,
					      KAAL_MAP_READ | KAAL_MAP_WRITE);
		if (err)
			return (struct devmem_map_ret){ err, NULL };
		remember_page(d, pa, va);
	}
	return (struct devmem_map_ret){
		KAAL_OK, (volatile void *)(vaddr + (paddr - first))
	};
}
