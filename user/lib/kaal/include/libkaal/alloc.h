/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A minimal allocator for the root task, in the spirit of seL4's
 * "simple" and "vka" libraries but far smaller: it hands out the empty
 * slots that bootinfo reports, one after the other, makes kernel objects
 * by retyping the smallest untyped region that still has room, and hands
 * out ranges of virtual addresses above KAAL_ALLOC_VADDR_BASE. Nothing is
 * ever given back: programs that need to free build their own policy.
 */
#ifndef LIBKAAL_ALLOC_H
#define LIBKAAL_ALLOC_H

#include <libkaal/syscalls.h>

/* Virtual addresses below this are left to the program itself. */
#define KAAL_ALLOC_VADDR_BASE 0x20000000ul
#define KAAL_PAGE_SIZE	      (1ul << KAAL_PAGE_BITS)

struct kaal_alloc {
	const struct kaal_bootinfo *bi;
	kaal_cptr_t next_slot;	/* next empty slot to hand out */
	kaal_cptr_t end_slot;	/* end of the empty range */
	kaal_word_t next_vaddr; /* next free virtual address */
	uint64_t bytes;		/* memory of the objects made so far */
	/* Per untyped region: the smallest object size (log2) it last
	 * refused for want of room, 0 if none. Bigger objects will not fit
	 * either, so the search skips it for them. */
	uint8_t refused_bits[KAAL_MAX_UNTYPED];
};

/* A capability made or found, or why not. */
struct kaal_cap_ret {
	enum kaal_error error;
	kaal_cptr_t cap;
};

void kaal_alloc_init(struct kaal_alloc *a, const struct kaal_bootinfo *bi);

/* An empty slot of the root CNode; KAAL_E_RANGE when none is left. */
struct kaal_cap_ret kaal_alloc_slot(struct kaal_alloc *a);

/*
 * A new object of the given type (size_bits only for untyped and CNode
 * objects) in a new slot, retyped from the smallest non-device untyped
 * region that still has room for it.
 */
struct kaal_cap_ret kaal_alloc_object(struct kaal_alloc *a,
				      enum kaal_object_type type,
				      unsigned int size_bits);

/* pages free pages of address space, followed by one never-mapped guard
 * page, so that running off the end faults. */
kaal_word_t kaal_alloc_vaddr(struct kaal_alloc *a, unsigned int pages);

/* log2 of the memory an object takes; 0 for types that cannot be
 * retyped. */
unsigned int kaal_object_bits(enum kaal_object_type type,
			      unsigned int size_bits);

/* The largest device untyped region the boot info lists of 2^min_bits
 * bytes or more that starts at or above min_paddr, or 0. (The allocator
 * never hands out device memory: this is how a program finds some.) */
kaal_cptr_t kaal_device_untyped(const struct kaal_bootinfo *bi,
				unsigned int min_bits, kaal_word_t min_paddr);

#endif /* LIBKAAL_ALLOC_H */
