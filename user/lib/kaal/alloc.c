// SPDX-License-Identifier: BSD-2-Clause
/* The root task's slot, object and address-space allocator (libkaal/alloc.h). */
#include <libkaal/alloc.h>

void kaal_alloc_init(struct kaal_alloc *a, const struct kaal_bootinfo *bi)
{
	a->bi = bi;
	a->next_slot = bi->empty.start;
	a->end_slot = bi->empty.end;
	a->next_vaddr = KAAL_ALLOC_VADDR_BASE;
	a->bytes = 0;
	for (uint32_t i = 0; i < KAAL_MAX_UNTYPED; i++)
		a->refused_bits[i] = 0;
}

struct kaal_cap_ret kaal_alloc_slot(struct kaal_alloc *a)
{
	if (a->next_slot >= a->end_slot)
		return (struct kaal_cap_ret){ KAAL_E_RANGE, 0 };
	return (struct kaal_cap_ret){ KAAL_OK, a->next_slot++ };
}

unsigned int kaal_object_bits(enum kaal_object_type type,
			      unsigned int size_bits)
{
	switch (type) {
	case KAAL_OBJ_UNTYPED:
		return size_bits;
	case KAAL_OBJ_TCB:
		return KAAL_TCB_BITS;
	case KAAL_OBJ_ENDPOINT:
		return KAAL_ENDPOINT_BITS;
	case KAAL_OBJ_NOTIFICATION:
		return KAAL_NOTIFICATION_BITS;
	case KAAL_OBJ_CNODE:
		return size_bits + KAAL_CNODE_SLOT_BITS;
	case KAAL_OBJ_VSPACE:
		return KAAL_VSPACE_BITS;
	case KAAL_OBJ_PAGE_TABLE:
		return KAAL_PAGE_TABLE_BITS;
	case KAAL_OBJ_PAGE:
		return KAAL_PAGE_BITS;
	case KAAL_OBJ_LARGE_PAGE:
		return KAAL_LARGE_PAGE_BITS;
	default:
		return 0;
	}
}

/* The smallest non-device region that may have room for 2^@need bytes
 * (the first in the list among equals), or -1. */
static int smallest_fit(const struct kaal_alloc *a, unsigned int need)
{
	const struct kaal_bootinfo *bi = a->bi;
	int best = -1;

	for (uint32_t i = 0; i < bi->nr_untyped && i < KAAL_MAX_UNTYPED; i++) {
		const struct kaal_untyped_desc *u = &bi->untyped_list[i];

		if (u->is_device || u->size_bits < need ||
		    u->size_bits > KAAL_UNTYPED_MAX_BITS ||
		    (a->refused_bits[i] && need >= a->refused_bits[i]))
			continue;
		if (best < 0 || u->size_bits < bi->untyped_list[best].size_bits)
			best = (int)i;
	}
	return best;
}

/*
 * Try the untyped regions from the smallest that could hold the object
 * upwards; a region that is full answers KAAL_E_NO_MEMORY and is skipped
 * for objects as big or bigger from then on (one pass over the list per
 * attempt, instead of one per size and a failed retype per full region).
 * Memory can come back (objects deleted): before answering
 * KAAL_E_NO_MEMORY every region is tried again.
 */
static enum kaal_error retype_smallest(struct kaal_alloc *a,
				       enum kaal_object_type type,
				       unsigned int size_bits, kaal_cptr_t slot)
{
	unsigned int need = kaal_object_bits(type, size_bits);

	if (!need)
		return KAAL_E_INVALID_ARG;
	for (int round = 0; round < 2; round++) {
		int i;

		while ((i = smallest_fit(a, need)) >= 0) {
			enum kaal_error err = kaal_retype(
				a->bi->untyped.start + (kaal_cptr_t)i, type,
				size_bits, KAAL_CAP_INIT_CNODE, KAAL_WORD_BITS,
				slot, 1);

			if (err != KAAL_E_NO_MEMORY)
				return err;
			a->refused_bits[i] = (uint8_t)need;
		}
		for (uint32_t j = 0; j < KAAL_MAX_UNTYPED; j++)
			a->refused_bits[j] = 0;
	}
	return KAAL_E_NO_MEMORY;
}

struct kaal_cap_ret kaal_alloc_object(struct kaal_alloc *a,
				      enum kaal_object_type type,
				      unsigned int size_bits)
{
	struct kaal_cap_ret slot = kaal_alloc_slot(a);
	enum kaal_error err;

	if (slot.error)
		return slot;
	err = retype_smallest(a, type, size_bits, slot.cap);
	if (err) {
		a->next_slot--; /* still empty: hand it out again */
		return (struct kaal_cap_ret){ err, 0 };
	}
	a->bytes += 1ull << kaal_object_bits(type, size_bits);
	return slot;
}

kaal_word_t kaal_alloc_vaddr(struct kaal_alloc *a, unsigned int pages)
{
	kaal_word_t vaddr = a->next_vaddr;

	a->next_vaddr += (pages + 1ul) * KAAL_PAGE_SIZE;
	return vaddr;
}

kaal_cptr_t kaal_device_untyped(const struct kaal_bootinfo *bi,
				unsigned int min_bits, kaal_word_t min_paddr)
{
	kaal_cptr_t best = 0;
	unsigned int best_bits = 0;

	for (uint32_t i = 0; i < bi->nr_untyped; i++) {
		const struct kaal_untyped_desc *u = &bi->untyped_list[i];

		if (u->is_device && u->size_bits >= min_bits &&
		    u->size_bits > best_bits && u->paddr >= min_paddr) {
			best = bi->untyped.start + i;
			best_bits = u->size_bits;
		}
	}
	return best;
}
