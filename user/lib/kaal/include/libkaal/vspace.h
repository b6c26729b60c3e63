/* SPDX-License-Identifier: BSD-2-Clause */
/* Mapping pages, with the page tables made on the way as needed. */
#ifndef LIBKAAL_VSPACE_H
#define LIBKAAL_VSPACE_H

#include <libkaal/alloc.h>

/*
 * Map page at vaddr in vspace with KAAL_MAP_* perms. Each time the kernel
 * answers KAAL_E_NO_PAGE_TABLE a page table is retyped from untyped
 * memory and installed, at most three times (levels 1 to 3).
 */
enum kaal_error kaal_vspace_map(struct kaal_alloc *a, kaal_cptr_t vspace,
				kaal_cptr_t page, kaal_word_t vaddr,
				kaal_word_t perms);

/* A new (zeroed) page, mapped at vaddr in vspace. */
struct kaal_cap_ret kaal_vspace_new_page(struct kaal_alloc *a,
					 kaal_cptr_t vspace, kaal_word_t vaddr,
					 kaal_word_t perms);

#endif /* LIBKAAL_VSPACE_H */
