// SPDX-License-Identifier: BSD-2-Clause
/*
 * The demo root task: the first user program. It reports what the kernel
 * handed it, then exercises memory mapping and fault handling, and powers
 * the machine off (see Documentation/user-space.rst).
 */
#include <stdio.h>
#include <libkaal/alloc.h>
#include "demo.h"

int main(struct kaal_bootinfo *bi)
{
	struct kaal_alloc alloc;
	int failed = 0;

	puts("KaaL root task: hello from user space");
	if (!bootinfo_print(bi))
		return 1;
	kaal_alloc_init(&alloc, bi);

	failed += map_demo(&alloc);
	failed += faults_demo(&alloc);

	if (failed)
		printf("root task: %d step(s) failed\n", failed);
	puts("root task: done");
	return failed ? 1 : 0;
}
