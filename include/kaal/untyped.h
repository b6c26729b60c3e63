/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The untyped allocator's arithmetic (kernel/untyped.c), apart from the
 * system call so that the host unit tests check it on its own.
 */
#ifndef KAAL_UNTYPED_H
#define KAAL_UNTYPED_H

#include <kaal/object.h>
#include <kaal/types.h>

struct untyped_alloc_ret {
	int err;	    /* KAAL_OK or KAAL_E_NO_MEMORY */
	uint64_t start;	    /* offset of the first object */
	uint64_t watermark; /* the untyped's new free watermark */
};

/*
 * Where @count objects of 2^@obj_bits bytes go in an untyped of
 * 2^@size_bits bytes whose free watermark is @watermark: side by side
 * from the first offset at or above the watermark that is aligned to the
 * object size (an untyped is aligned to its own size, so every object is
 * naturally aligned). When nothing made from the untyped is left
 * (!@has_children) all of it is free, whatever the watermark says. On
 * KAAL_E_NO_MEMORY the watermark is returned unchanged. Both bit counts
 * are at most KAAL_UNTYPED_MAX_BITS and @watermark <= 2^@size_bits.
 */
struct untyped_alloc_ret untyped_alloc(uint64_t watermark, bool has_children,
				       unsigned int size_bits,
				       unsigned int obj_bits, uint64_t count);

#endif /* KAAL_UNTYPED_H */
