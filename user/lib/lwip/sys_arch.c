// SPDX-License-Identifier: BSD-2-Clause
/*
 * lwIP's system glue for KaaL with NO_SYS (lwIP's doc/sys_arch.txt,
 * Documentation/networking.rst): time, randomness, the heap and a failed
 * assertion. There are no semaphores, mailboxes or threads to provide.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <libkaal/counter.h>
#include "lwip/sys.h"

/* The heap lwIP's mem.c manages (MEM_SIZE bytes), set before lwip_init. */
void *lwip_kaal_heap;

/*
 * Milliseconds for lwIP's timers, from the generic timer's virtual count
 * (CNTVCT_EL0, readable at EL0). lwIP only subtracts two readings, so the
 * 32-bit wrap after 49 days does no harm.
 */
u32_t sys_now(void)
{
	uint64_t f = counter_frequency();

	return f ? (u32_t)(counter_ticks() / (f / 1000)) : 0;
}

/*
 * Pseudo-random numbers for DHCP transaction ids, TCP initial sequence
 * numbers and local ports: xorshift64, seeded from the counter at the first
 * call. Unpredictable enough for QEMU's user network; not a source of
 * secrets.
 */
uint32_t lwip_kaal_rand(void)
{
	static uint64_t x;

	if (!x)
		x = counter_ticks() * 0x9e3779b97f4a7c15ull | 1;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (uint32_t)(x >> 32);
}

void lwip_kaal_assert(const char *what, const char *file, int line)
{
	printf("lwIP: assertion \"%s\" failed at %s:%d\n", what, file, line);
	exit(1);
}
