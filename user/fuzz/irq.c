// SPDX-License-Identifier: BSD-2-Clause
/*
 * The device whose interrupt the fuzzed IRQ handlers deliver: QEMU virt's
 * PL031 real-time clock (PrimeCell RTC PL031 TRM, DDI0224, 3.3). Its match
 * interrupt is raised by writing the match register with the current
 * count (QEMU raises it at once when they are equal) and cleared through
 * the interrupt clear register. Nothing else uses the RTC, and unlike the
 * console UART it prints nothing while it interrupts.
 */
#include <stdio.h>
#include <kaal/vspace.h>
#include "fuzz.h"

#define RTCDR		0x00	/* data (count, seconds) */
#define RTCMR		0x04	/* match */
#define RTCIMSC		0x10	/* interrupt mask set/clear */
#define RTCICR		0x1c	/* interrupt clear */
#define RTC_AI		1u	/* the alarm (match) interrupt */

/* The device untyped holding @pa, or 0; *base is its physical address. */
static kaal_cptr_t device_untyped(kaal_word_t pa, kaal_word_t *base)
{
	const struct kaal_bootinfo *bi = fz.bi;

	for (uint32_t i = 0; i < bi->nr_untyped; i++) {
		const struct kaal_untyped_desc *u = &bi->untyped_list[i];

		if (u->is_device && u->paddr <= pa &&
		    pa + KAAL_PAGE_SIZE <= u->paddr + (1ul << u->size_bits)) {
			*base = u->paddr;
			return bi->untyped.start + i;
		}
	}
	return 0;
}

/* Retype untyped blocks covering [base, pa) into a CNode of their own,
 * so that the next page of the device untyped is the one at pa. */
static kaal_cptr_t device_page(kaal_word_t pa)
{
	kaal_word_t base = 0, cur;
	kaal_cptr_t ut = device_untyped(pa, &base);
	struct kaal_cap_ret pad = kaal_alloc_object(&fz.alloc, KAAL_OBJ_CNODE, 6);
	struct kaal_cap_ret page = kaal_alloc_slot(&fz.alloc);
	unsigned int n = 0;

	if (!ut || pad.error || page.error)
		return 0;
	for (cur = 0; cur < pa - base; ) {
		unsigned int bits = cur ? (unsigned int)__builtin_ctzl(cur) : 63;

		while (cur + (1ul << bits) > pa - base)
			bits--;
		if (kaal_retype(ut, KAAL_OBJ_UNTYPED, bits, pad.cap, DEPTH, n++, 1))
			return 0;
		cur += 1ul << bits;
	}
	if (kaal_retype(ut, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, page.cap, 1))
		return 0;
	return page.cap;
}

void fz_rtc_init(void)
{
	kaal_cptr_t page = device_page(FZ_RTC_PADDR);
	kaal_word_t va = kaal_alloc_vaddr(&fz.alloc, 1);

	if (!page || kaal_vspace_map(&fz.alloc, KAAL_CAP_INIT_VSPACE, page, va,
				     KAAL_MAP_READ | KAAL_MAP_WRITE)) {
		printf("fuzz: no RTC: interrupts are not raised\n");
		return;
	}
	fz.rtc = (volatile uint32_t *)va;
}

void fz_rtc_poke(int raise)
{
	if (!fz.rtc)
		return;
	if (raise) {
		fz.rtc[RTCIMSC / 4] = RTC_AI;
		fz.rtc[RTCMR / 4] = fz.rtc[RTCDR / 4];
	} else {
		fz.rtc[RTCIMSC / 4] = 0;
		fz.rtc[RTCICR / 4] = RTC_AI;
	}
}
