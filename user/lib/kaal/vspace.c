// SPDX-License-Identifier: BSD-2-Clause
/* Mapping pages with page tables made on demand (libkaal/vspace.h). */
#include <libkaal/vspace.h>

/* A 4-level table walk has at most three levels below the VSpace root. */
#define MAX_MISSING_LEVELS 3

enum kaal_error kaal_vspace_map(struct kaal_alloc *a, kaal_cptr_t vspace,
				kaal_cptr_t page, kaal_word_t vaddr,
				kaal_word_t perms)
{
	enum kaal_error err = kaal_memory_map(page, vspace, vaddr, perms);

	for (int i = 0; i < MAX_MISSING_LEVELS && err == KAAL_E_NO_PAGE_TABLE;
	     i++) {
		struct kaal_cap_ret pt =
			kaal_alloc_object(a, KAAL_OBJ_PAGE_TABLE, 0);

		if (pt.error)
			return pt.error;
		err = kaal_page_table_map(pt.cap, vspace, vaddr).error;
		if (err)
			return err;
		err = kaal_memory_map(page, vspace, vaddr, perms);
	}
	return err;
}

struct kaal_cap_ret kaal_vspace_new_page(struct kaal_alloc *a,
					 kaal_cptr_t vspace, kaal_word_t vaddr,
					 kaal_word_t perms)
{
	struct kaal_cap_ret page = kaal_alloc_object(a, KAAL_OBJ_PAGE, 0);

	if (page.error)
		return page;
	page.error = kaal_vspace_map(a, vspace, page.cap, vaddr, perms);
	return page;
}
