/* SPDX-License-Identifier: BSD-2-Clause */
/* The parts of the demo root task, run one after the other by main(). */
#ifndef USER_ROOT_DEMO_DEMO_H
#define USER_ROOT_DEMO_DEMO_H

#include <libkaal/alloc.h>

/* Where map.c maps its page: below the allocator's addresses. */
#define DEMO_PAGE_VADDR	   0x10000000ul
/* A read-only page next to it, for a child to write to. */
#define DEMO_RO_PAGE_VADDR (DEMO_PAGE_VADDR + KAAL_PAGE_SIZE)

/* Print the bootinfo summary; false when bootinfo is not usable. */
int bootinfo_print(const struct kaal_bootinfo *bi);

/* (a) A page from untyped memory, mapped, written and read back. */
int map_demo(struct kaal_alloc *a);

/* (b), (d) Child threads that fault, caught on a fault endpoint, and
 * one without a fault endpoint that the kernel stops. */
int faults_demo(struct kaal_alloc *a);

#endif /* USER_ROOT_DEMO_DEMO_H */
