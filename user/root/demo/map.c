// SPDX-License-Identifier: BSD-2-Clause
/*
 * (a) Mapping a new page: retype a 4 KiB page from untyped memory, map it
 * read+write, making the page tables the kernel asks for on the way, then
 * write a pattern and read it back.
 */
#include <stdio.h>
#include <libkaal/alloc.h>
#include <libkaal/strerror.h>
#include "demo.h"

#define PATTERN(i) (0x5a5aa5a500000000ul ^ ((uint64_t)(i)*0x9e3779b97f4a7c15ul))

/* Map page at vaddr, installing a new page table each time the kernel
 * reports a missing level. */
static enum kaal_error map_with_tables(struct kaal_alloc *a, kaal_cptr_t page,
				       kaal_word_t vaddr, kaal_word_t perms)
{
	enum kaal_error err =
		kaal_memory_map(page, KAAL_CAP_INIT_VSPACE, vaddr, perms);

	/* Levels 1, 2 and 3 can be missing below the VSpace's level 0. */
	for (int i = 0; i < 3 && err == KAAL_E_NO_PAGE_TABLE; i++) {
		struct kaal_cap_ret pt =
			kaal_alloc_object(a, KAAL_OBJ_PAGE_TABLE, 0);
		struct kaal_word_ret level;

		if (pt.error)
			return pt.error;
		level = kaal_page_table_map(pt.cap, KAAL_CAP_INIT_VSPACE,
					    vaddr);
		if (level.error)
			return level.error;
		printf("root task: page table (slot %lu) installed at level %lu\n",
		       pt.cap, level.value);
		err = kaal_memory_map(page, KAAL_CAP_INIT_VSPACE, vaddr, perms);
	}
	return err;
}

static int check_pattern(volatile uint64_t *p)
{
	for (unsigned int i = 0; i < KAAL_PAGE_SIZE / 8; i++)
		p[i] = PATTERN(i);
	for (unsigned int i = 0; i < KAAL_PAGE_SIZE / 8; i++)
		if (p[i] != PATTERN(i)) {
			printf("root task: word %u reads 0x%lx, wrote 0x%lx\n",
			       i, p[i], PATTERN(i));
			return 0;
		}
	return 1;
}

/* A read-only page next to the demo page, for faults.c to write to. */
static enum kaal_error map_read_only(struct kaal_alloc *a)
{
	struct kaal_cap_ret page = kaal_alloc_object(a, KAAL_OBJ_PAGE, 0);

	if (page.error)
		return page.error;
	return map_with_tables(a, page.cap, DEMO_RO_PAGE_VADDR, KAAL_MAP_READ);
}

int map_demo(struct kaal_alloc *a)
{
	struct kaal_cap_ret page = kaal_alloc_object(a, KAAL_OBJ_PAGE, 0);
	enum kaal_error err;

	if (page.error) {
		printf("root task: retype of a page failed: %s\n",
		       kaal_strerror(page.error));
		return 1;
	}
	printf("root task: retyped a page into slot %lu, physical address 0x%lx\n",
	       page.cap, kaal_page_address(page.cap).value);
	err = map_with_tables(a, page.cap, DEMO_PAGE_VADDR,
			      KAAL_MAP_READ | KAAL_MAP_WRITE);
	if (err) {
		printf("root task: mapping at 0x%lx failed: %s\n",
		       DEMO_PAGE_VADDR, kaal_strerror(err));
		return 1;
	}
	if (!check_pattern((volatile uint64_t *)DEMO_PAGE_VADDR)) {
		printf("root task: page at 0x%lx does not keep what was written\n",
		       DEMO_PAGE_VADDR);
		return 1;
	}
	printf("root task: mapped page at 0x%lx, wrote and read back OK\n",
	       DEMO_PAGE_VADDR);
	err = map_read_only(a);
	if (err) {
		printf("root task: read-only mapping at 0x%lx failed: %s\n",
		       DEMO_RO_PAGE_VADDR, kaal_strerror(err));
		return 1;
	}
	return 0;
}
