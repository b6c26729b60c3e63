// SPDX-License-Identifier: BSD-2-Clause
/*
 * The smallest useful root task, built from outside user/:
 *
 *   make APP=examples/hello run
 *
 * It sees only the ABI (<uapi/kaal/...>) and libkaal (<libkaal/...>); crt0
 * passes it the bootinfo page, and returning from main powers off.
 */
#include <stdio.h>
#include <uapi/kaal/kaal.h>

int main(struct kaal_bootinfo *bi)
{
	printf("hello, world from a KaaL root task on %s\n", bi->board);
	printf("hello: %u untyped regions, slots [%lu, %lu) are free\n",
	       bi->nr_untyped, bi->empty.start, bi->empty.end);
	return 0;
}
