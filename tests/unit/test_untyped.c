// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/untyped.c on the host: the allocator's arithmetic on its own
 * (untyped_alloc), and sys_retype end to end with the real CSpace, CDT and
 * object code (kernel/cspace.c, cdt.c, object.c). "Physical" memory is a
 * host buffer: its physical address is chosen so that the kernel's
 * physical window (phys_to_virt) lands on it. Object initialisation and
 * destruction beyond the capability code are faked: they only count.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kaal/cspace.h>
#include <kaal/ipc.h>
#include <kaal/irqhandler.h>
#include <kaal/mm.h>
#include <kaal/object_ops.h>
#include <kaal/printk.h>
#include <kaal/syscalls.h>
#include <kaal/tcb.h>
#include <kaal/untyped.h>
#include <kaal/vspace.h>
#include <uapi/kaal/errors.h>

#include "ktest.h"

/* ---- fakes for what the kernel sources call --------------------------- */

static int created_tcbs, destroyed[KAAL_OBJ_TYPE_MAX];

void tcb_init(struct tcb *t)
{
	(void)t;
	created_tcbs++;
}

void tcb_destroy(struct tcb *t)
{
	(void)t;
	destroyed[KAAL_OBJ_TCB]++;
}

void endpoint_destroy(struct endpoint *ep)
{
	(void)ep;
	destroyed[KAAL_OBJ_ENDPOINT]++;
}

bool endpoint_wake_one(struct endpoint *ep)
{
	(void)ep;
	return false;
}

bool notification_wake_one(struct notification *n)
{
	(void)n;
	return false;
}

void notification_destroy(struct notification *n)
{
	(void)n;
	destroyed[KAAL_OBJ_NOTIFICATION]++;
}

uint64_t vspace_create(void *root)
{
	(void)root;
	return 1;
}

bool vspace_asid_available(unsigned int n)
{
	(void)n;
	return true;
}

void vspace_destroy(struct cap *vspace)
{
	(void)vspace;
	destroyed[KAAL_OBJ_VSPACE]++;
}

void vspace_page_table_destroy(struct cap *pt)
{
	(void)pt;
	destroyed[KAAL_OBJ_PAGE_TABLE]++;
}

void vspace_unmap_cap(struct cap *cap)
{
	cap->flags &= (uint8_t)~CAP_F_MAPPED;
}

void irqhandler_destroy(struct cap *handler)
{
	(void)handler;
}

/* A pending interrupt appears after this many more polls (-1: never). */
static int irq_after = -1;
/* Bytes arch_zero_memory was asked to zero, and its calls. */
static uint64_t zeroed_bytes, zero_calls;

bool arch_irq_pending(void)
{
	if (irq_after < 0)
		return false;
	if (irq_after == 0)
		return true;
	irq_after--;
	return false;
}

void arch_zero_memory(void *p, size_t n)
{
	CHECK((uintptr_t)p % 16 == 0 && n % 16 == 0);
	zeroed_bytes += n;
	zero_calls++;
	memset(p, 0, n);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

/* ---- a calling thread and its CSpace ---------------------------------- */

#define ROOT_BITS 10   /* the caller's root CNode: 1024 slots */
#define UT	  1    /* where each test puts its untyped */
#define DEST	  16   /* first slot objects are retyped into */
#define PATTERN	  0xa5 /* fresh "physical" memory holds this */

static struct tcb caller;
static struct cte *root;
static void *ut_mem;

/* A fresh CSpace: a root CNode whose guard covers the bits above the
 * index, so that cptr i names slot i; and an empty derivation tree. */
static void setup(void)
{
	memset(&cdt_root, 0, sizeof(cdt_root));
	memset(destroyed, 0, sizeof(destroyed));
	created_tcbs = 0;
	irq_after = -1;
	zeroed_bytes = zero_calls = 0;
	memset(&caller, 0, sizeof(caller));
	root = calloc(1ul << ROOT_BITS, sizeof(struct cte));
	caller.cspace_root.cap =
		cap_make_cnode(root, ROOT_BITS, 64 - ROOT_BITS, 0);
}

static void teardown(void)
{
	free(root);
	free(ut_mem);
	ut_mem = NULL;
}

/* An untyped of 2^bits bytes in slot UT, over a host buffer aligned to
 * its size and filled with PATTERN. */
static struct cap *new_untyped(unsigned int bits, bool device)
{
	size_t size = 1ul << bits;
	struct cap c = {
		.type = KAAL_OBJ_UNTYPED,
		.rights = KAAL_RIGHTS_ALL,
		.size_bits = (uint8_t)bits,
		.flags = CAP_F_ORIGINAL | (device ? CAP_F_DEVICE : 0),
	};

	ut_mem = aligned_alloc(size, size);
	memset(ut_mem, PATTERN, size);
	c.object = virt_to_phys(ut_mem);
	cspace_insert(&root[UT], &c, NULL);
	return &root[UT].cap;
}

/* retype(ut, type, size_bits, root CNode, depth 0, dest, count) */
static int retype_from(uint64_t ut, unsigned int type, unsigned int size_bits,
		       uint64_t dest, uint64_t count)
{
	word_t *x = caller.ctx.arg;
	struct syscall_args a = { .regs = &caller.ctx, .nr = KAAL_SYS_RETYPE };
	struct lookup_ret r;

	x[0] = ut;
	x[1] = type;
	x[2] = size_bits;
	x[3] = 0;
	x[4] = 0;
	x[5] = dest;
	x[6] = count;
	/* What kernel/syscall.c does before it calls the handler. */
	r = cspace_lookup_typed(&caller, ut, KAAL_OBJ_UNTYPED);
	if (r.err)
		return r.err;
	a.slot = r.slot;
	return sys_retype(&caller, &a);
}

static int retype(unsigned int type, unsigned int size_bits, uint64_t dest,
		  uint64_t count)
{
	return retype_from(UT, type, size_bits, dest, count);
}

/* Offset in the untyped of the object whose capability is in @slot. */
static uint64_t offset_of(uint64_t slot)
{
	const struct cap *c = &root[slot].cap;
	bool physical = c->type == KAAL_OBJ_UNTYPED ||
			c->type == KAAL_OBJ_PAGE ||
			c->type == KAAL_OBJ_LARGE_PAGE;
	uint64_t pa = physical ? c->object :
				 virt_to_phys((void *)(uintptr_t)c->object);

	return pa - root[UT].cap.object;
}

/* Every byte of [from, to) of the untyped's memory is @v. */
static bool memory_is(uint64_t from, uint64_t to, unsigned char v)
{
	const unsigned char *m = ut_mem;

	for (uint64_t i = from; i < to; i++)
		if (m[i] != v)
			return false;
	return true;
}

static unsigned int children_of(const struct cte *slot)
{
	unsigned int n = 0;

	for (const struct cte *c = slot->first_child; c;
	     c = cdt_next_sibling(c))
		n++;
	return n;
}

/* Rounded up to a multiple of @align, computed differently from the
 * kernel's ALIGN_UP. */
static uint64_t round_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) / align * align;
}

/* ---- the arithmetic alone --------------------------------------------- */

TEST(next_aligned_offset_for_every_object_size)
{
	static const uint64_t marks[] = { 0,	1,     31,	 32,   33,
					  1000, 2047,  2048,	 4095, 4096,
					  4097, 65535, 1ul << 20 };
	const unsigned int size_bits = 22;

	for (unsigned int b = 0; b <= size_bits; b++) {
		for (unsigned int i = 0; i < sizeof(marks) / sizeof(marks[0]);
		     i++) {
			uint64_t w = marks[i], want = round_up(w, 1ull << b);
			struct untyped_alloc_ret r =
				untyped_alloc(w, true, size_bits, b, 3);

			if (want + (3ull << b) > 1ull << size_bits) {
				CHECK_EQ_INT(KAAL_E_NO_MEMORY, r.err);
				CHECK_EQ_UINT(w, r.watermark);
				continue;
			}
			if (!CHECK_EQ_INT(KAAL_OK, r.err) ||
			    !CHECK_EQ_UINT(want, r.start))
				printf("  obj_bits %u, watermark %lu\n", b,
				       (unsigned long)w);
			CHECK_EQ_UINT(want + (3ull << b), r.watermark);
			/* No children left: everything is free again. */
			r = untyped_alloc(w, false, size_bits, b, 3);
			CHECK_EQ_UINT(0, r.start);
			CHECK_EQ_UINT(3ull << b, r.watermark);
		}
	}
}

TEST(alloc_fits_exactly_and_never_overflows)
{
	struct untyped_alloc_ret r;

	r = untyped_alloc(0, true, 12, 12, 1); /* exactly full */
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_UINT(4096, r.watermark);
	CHECK_EQ_INT(KAAL_E_NO_MEMORY, untyped_alloc(0, true, 12, 12, 2).err);
	/* Aligning the watermark alone already reaches the end. */
	r = untyped_alloc(1, true, 12, 12, 1);
	CHECK_EQ_INT(KAAL_E_NO_MEMORY, r.err);
	CHECK_EQ_UINT(1, r.watermark);
	CHECK_EQ_INT(KAAL_E_NO_MEMORY, untyped_alloc(4096, true, 12, 5, 1).err);
	/* An object bigger than the untyped. */
	CHECK_EQ_INT(KAAL_E_NO_MEMORY, untyped_alloc(0, false, 12, 13, 1).err);
	/* Counts whose total size would wrap around 2^64. */
	CHECK_EQ_INT(KAAL_E_NO_MEMORY,
		     untyped_alloc(0, true, 47, 12, 1ull << 52).err);
	CHECK_EQ_INT(KAAL_E_NO_MEMORY, untyped_alloc(32, true, 47, 47, 1).err);
	r = untyped_alloc(0, true, 47, 21, 1ull << 26); /* 2^47 bytes */
	CHECK_EQ_INT(KAAL_OK, r.err);
	CHECK_EQ_UINT(1ull << 47, r.watermark);
}

/* ---- retype end to end ------------------------------------------------ */

TEST(retype_places_each_type_at_its_alignment)
{
	static const struct {
		unsigned int type, size_bits, bits;
	} seq[] = {
		{ KAAL_OBJ_ENDPOINT, 0, 5 },	 { KAAL_OBJ_TCB, 0, 11 },
		{ KAAL_OBJ_NOTIFICATION, 0, 5 }, { KAAL_OBJ_CNODE, 4, 10 },
		{ KAAL_OBJ_PAGE, 0, 12 },	 { KAAL_OBJ_ENDPOINT, 0, 5 },
		{ KAAL_OBJ_PAGE_TABLE, 0, 12 },	 { KAAL_OBJ_UNTYPED, 7, 7 },
		{ KAAL_OBJ_VSPACE, 0, 12 },	 { KAAL_OBJ_CNODE, 1, 7 },
		{ KAAL_OBJ_UNTYPED, 13, 13 },	 { KAAL_OBJ_TCB, 0, 11 },
	};
	/* The first offsets, worked out by hand. */
	static const uint64_t first[] = { 0,	2048,  4096, 5120,
					  8192, 12288, 16384 };
	struct cap *u;
	uint64_t mark = 0;

	setup();
	u = new_untyped(16, false);
	for (unsigned int i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		uint64_t off, size = 1ull << seq[i].bits;

		REQUIRE(CHECK_EQ_INT(KAAL_OK,
				     retype(seq[i].type, seq[i].size_bits,
					    DEST + i, 1)));
		off = offset_of(DEST + i);
		CHECK_EQ_UINT(round_up(mark, size), off);
		if (i < sizeof(first) / sizeof(first[0]))
			CHECK_EQ_UINT(first[i], off);
		CHECK_EQ_UINT(off + size, cap_untyped_watermark(u));
		/* Objects are zeroed; an untyped is not, until used. */
		CHECK(memory_is(off, off + size,
				seq[i].type == KAAL_OBJ_UNTYPED ? PATTERN : 0));
		CHECK_EQ_PTR(&root[UT], cdt_parent(&root[DEST + i]));
		mark = off + size;
	}
	CHECK_EQ_INT(2, created_tcbs);
	/* Memory past the watermark was not touched. */
	CHECK(memory_is(cap_untyped_watermark(u), 1ul << 16, PATTERN));
	teardown();
}

TEST(retype_many_objects_at_once)
{
	struct cap *u;

	setup();
	u = new_untyped(16, false);
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_ENDPOINT, 0, DEST, 256)));
	for (unsigned int i = 0; i < 256; i++) {
		CHECK_EQ_UINT(KAAL_OBJ_ENDPOINT, root[DEST + i].cap.type);
		CHECK_EQ_UINT(32ull * i, offset_of(DEST + i));
	}
	CHECK_EQ_UINT(256 * 32, cap_untyped_watermark(u));
	CHECK_EQ_UINT(256, children_of(&root[UT]));
	CHECK(memory_is(0, 256 * 32, 0));
	/* Sixteen TCBs continue at the next 2 KiB boundary, here 8 KiB. */
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_TCB, 0, DEST + 256, 16)));
	for (unsigned int i = 0; i < 16; i++)
		CHECK_EQ_UINT(8192 + 2048ull * i, offset_of(DEST + 256 + i));
	CHECK_EQ_UINT(8192 + 16 * 2048, cap_untyped_watermark(u));
	/* At most 256 at a time, at least one; the slots must all be there
	 * and empty. */
	CHECK_EQ_INT(KAAL_E_RANGE,
		     retype(KAAL_OBJ_ENDPOINT, 0, DEST + 300, 257));
	CHECK_EQ_INT(KAAL_E_RANGE, retype(KAAL_OBJ_ENDPOINT, 0, DEST + 300, 0));
	CHECK_EQ_INT(KAAL_E_RANGE,
		     retype(KAAL_OBJ_ENDPOINT, 0, (1u << ROOT_BITS) - 2, 3));
	CHECK_EQ_INT(KAAL_E_SLOT_FULL,
		     retype(KAAL_OBJ_ENDPOINT, 0, DEST + 270, 4));
	CHECK_EQ_UINT(KAAL_OBJ_NULL, root[DEST + 272].cap.type);
	CHECK_EQ_UINT(8192 + 16 * 2048, cap_untyped_watermark(u));
	teardown();
}

TEST(exhaustion_returns_an_error_and_changes_nothing)
{
	struct cap *u;

	setup();
	u = new_untyped(14, false);
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_PAGE, 0, DEST, 3)));
	CHECK_EQ_UINT(12288, cap_untyped_watermark(u));
	/* Two more pages do not fit: nothing is made, nothing zeroed. */
	CHECK_EQ_INT(KAAL_E_NO_MEMORY, retype(KAAL_OBJ_PAGE, 0, DEST + 3, 2));
	CHECK_EQ_UINT(12288, cap_untyped_watermark(u));
	CHECK_EQ_UINT(KAAL_OBJ_NULL, root[DEST + 3].cap.type);
	CHECK_EQ_UINT(KAAL_OBJ_NULL, root[DEST + 4].cap.type);
	CHECK_EQ_UINT(3, children_of(&root[UT]));
	CHECK(memory_is(12288, 16384, PATTERN));
	/* A TCB still fits; then a page would need to start at the end. */
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_TCB, 0, DEST + 3, 1)));
	CHECK_EQ_INT(KAAL_E_NO_MEMORY, retype(KAAL_OBJ_PAGE, 0, DEST + 4, 1));
	CHECK_EQ_UINT(14336, cap_untyped_watermark(u));
	CHECK(memory_is(14336, 16384, PATTERN));
	/* 64 endpoints fill the rest exactly; then there is no room at all. */
	CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_ENDPOINT, 0, DEST + 4, 64));
	CHECK_EQ_UINT(16384, cap_untyped_watermark(u));
	CHECK_EQ_INT(KAAL_E_NO_MEMORY,
		     retype(KAAL_OBJ_ENDPOINT, 0, DEST + 68, 1));
	CHECK_EQ_INT(KAAL_E_NO_MEMORY,
		     retype(KAAL_OBJ_UNTYPED, 15, DEST + 68, 1));
	CHECK_EQ_UINT(16384, cap_untyped_watermark(u));
	CHECK_EQ_UINT(KAAL_OBJ_NULL, root[DEST + 68].cap.type);
	CHECK_EQ_UINT(68, children_of(&root[UT]));
	teardown();
}

TEST(device_untyped_yields_only_frames)
{
	static const unsigned int refused[][2] = {
		{ KAAL_OBJ_TCB, 0 },	      { KAAL_OBJ_ENDPOINT, 0 },
		{ KAAL_OBJ_NOTIFICATION, 0 }, { KAAL_OBJ_CNODE, 4 },
		{ KAAL_OBJ_VSPACE, 0 },	      { KAAL_OBJ_PAGE_TABLE, 0 },
	};
	struct cap *u;

	setup();
	u = new_untyped(16, true);
	for (unsigned int i = 0; i < sizeof(refused) / sizeof(refused[0]);
	     i++) {
		CHECK_EQ_INT(KAAL_E_DEVICE,
			     retype(refused[i][0], refused[i][1], DEST, 1));
		CHECK_EQ_UINT(KAAL_OBJ_NULL, root[DEST].cap.type);
	}
	CHECK_NULL(root[UT].first_child);
	CHECK_EQ_UINT(0, cap_untyped_watermark(u));
	/* A page: device memory, never zeroed, never executable. */
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_PAGE, 0, DEST, 1)));
	CHECK(root[DEST].cap.flags & CAP_F_DEVICE);
	CHECK(!(root[DEST].cap.rights & KAAL_RIGHT_EXEC));
	CHECK(memory_is(0, 4096, PATTERN));
	/* A smaller untyped stays device memory, with the same rule. */
	REQUIRE(CHECK_EQ_INT(KAAL_OK,
			     retype(KAAL_OBJ_UNTYPED, 12, DEST + 1, 1)));
	CHECK(root[DEST + 1].cap.flags & CAP_F_DEVICE);
	CHECK_EQ_UINT(4096, offset_of(DEST + 1));
	CHECK_EQ_INT(KAAL_E_DEVICE,
		     retype_from(DEST + 1, KAAL_OBJ_ENDPOINT, 0, DEST + 2, 1));
	CHECK_EQ_INT(KAAL_OK,
		     retype_from(DEST + 1, KAAL_OBJ_PAGE, 0, DEST + 2, 1));
	CHECK(root[DEST + 2].cap.flags & CAP_F_DEVICE);
	CHECK(memory_is(0, 1ul << 16, PATTERN));
	teardown();
}

TEST(live_children_are_never_retyped_over)
{
	struct cap *u;

	setup();
	u = new_untyped(12, false);
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_ENDPOINT, 0, DEST, 4)));
	/* The first three go; the fourth (at 96) keeps them in use. */
	for (unsigned int i = 0; i < 3; i++)
		cspace_delete_slot(&root[DEST + i]);
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_ENDPOINT, 0, DEST, 1)));
	CHECK_EQ_UINT(128, offset_of(DEST));
	/* A copy outlives its original and still holds the memory. */
	cspace_insert(&root[DEST + 10], &root[DEST + 3].cap, &root[DEST + 3]);
	cspace_delete_slot(&root[DEST + 3]);
	cspace_delete_slot(&root[DEST]);
	CHECK_EQ_PTR(&root[UT], cdt_parent(&root[DEST + 10]));
	CHECK_EQ_INT(4, destroyed[KAAL_OBJ_ENDPOINT]);
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_TCB, 0, DEST, 1)));
	CHECK_EQ_UINT(2048, offset_of(DEST));
	CHECK_EQ_INT(KAAL_E_NO_MEMORY, retype(KAAL_OBJ_TCB, 0, DEST + 1, 1));
	CHECK_EQ_UINT(4096, cap_untyped_watermark(u));
	/* Once the last one goes, everything is free again. */
	cspace_delete_slot(&root[DEST + 10]);
	cspace_delete_slot(&root[DEST]);
	CHECK_NULL(root[UT].first_child);
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_TCB, 0, DEST, 2)));
	CHECK_EQ_UINT(0, offset_of(DEST));
	CHECK_EQ_UINT(4096, cap_untyped_watermark(u));
	teardown();
}

/* Retype a mix of objects from slot DEST on; record where each went. */
static void retype_mix(uint64_t *offsets, unsigned int *n)
{
	*n = 0;
	CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_ENDPOINT, 0, DEST, 10));
	CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_TCB, 0, DEST + 10, 3));
	CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_CNODE, 6, DEST + 13, 1));
	CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_NOTIFICATION, 0, DEST + 14, 5));
	CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_PAGE, 0, DEST + 19, 2));
	CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_UNTYPED, 10, DEST + 21, 1));
	for (unsigned int i = 0; i < 22; i++)
		offsets[(*n)++] = offset_of(DEST + i);
}

TEST(revoke_gives_back_exactly_the_free_memory)
{
	uint64_t before[32], after[32], mark;
	unsigned int n, m;
	struct cap *u;

	setup();
	u = new_untyped(16, false);
	retype_mix(before, &n);
	mark = cap_untyped_watermark(u);
	CHECK_EQ_UINT(22, children_of(&root[UT]));
	CHECK_EQ_INT(KAAL_E_NO_MEMORY,
		     retype(KAAL_OBJ_UNTYPED, 16, DEST + 40, 1));
	REQUIRE(CHECK_EQ_INT(0, cspace_revoke_slot(&root[UT])));
	CHECK_NULL(root[UT].first_child);
	CHECK_EQ_INT(10, destroyed[KAAL_OBJ_ENDPOINT]);
	CHECK_EQ_INT(3, destroyed[KAAL_OBJ_TCB]);
	CHECK_EQ_INT(5, destroyed[KAAL_OBJ_NOTIFICATION]);
	for (unsigned int i = 0; i < 22; i++)
		CHECK_EQ_UINT(KAAL_OBJ_NULL, root[DEST + i].cap.type);
	/* Dirty the free memory: retyping it again zeroes it. */
	memset(ut_mem, PATTERN, mark);
	/* The same objects again land exactly where they were... */
	retype_mix(after, &m);
	REQUIRE(CHECK_EQ_INT(n, m));
	CHECK_EQ_MEM(before, after, n * sizeof(before[0]));
	CHECK_EQ_UINT(mark, cap_untyped_watermark(u));
	CHECK(memory_is(0, after[0] + 10 * 32, 0));
	/* ... and after another revoke all of it is one free block. */
	REQUIRE(CHECK_EQ_INT(0, cspace_revoke_slot(&root[UT])));
	REQUIRE(CHECK_EQ_INT(KAAL_OK,
			     retype(KAAL_OBJ_UNTYPED, 16, DEST + 40, 1)));
	CHECK_EQ_UINT(0, offset_of(DEST + 40));
	CHECK_EQ_UINT(1ul << 16, cap_untyped_watermark(u));
	teardown();
}

/* ---- zeroing: once, where needed, preemptibly -------------------------- */

TEST(splitting_an_untyped_zeroes_nothing_and_objects_zero_once)
{
	struct cap *u, *child;

	setup();
	u = new_untyped(16, false);
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_UNTYPED, 14, DEST, 2)));
	CHECK_EQ_UINT(0, zeroed_bytes);
	CHECK(memory_is(0, 1ul << 15, PATTERN));
	child = &root[DEST + 1].cap;
	CHECK_EQ_UINT(0, cap_untyped_clean(child));
	/* Pages from the child: exactly their bytes are zeroed, once. */
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype_from(DEST + 1, KAAL_OBJ_PAGE, 0,
						  DEST + 2, 2)));
	CHECK_EQ_UINT(8192, zeroed_bytes);
	CHECK(memory_is(16384, 16384 + 8192, 0));
	CHECK(memory_is(16384 + 8192, 1ul << 16, PATTERN));
	CHECK_EQ_UINT(8192, cap_untyped_watermark(child));
	CHECK_EQ_UINT(8192, cap_untyped_clean(child));
	(void)u;
	teardown();
}

TEST(a_child_untyped_inherits_what_is_known_clean)
{
	struct cap *u;

	setup();
	u = new_untyped(22, false); /* room for a 2 MiB page */
	/* Pages are zeroed when made. */
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_PAGE, 0, DEST, 8)));
	CHECK_EQ_UINT(32768, zeroed_bytes);
	/* An untyped made after them is above the clean mark: knows nothing. */
	REQUIRE(CHECK_EQ_INT(KAAL_OK,
			     retype(KAAL_OBJ_UNTYPED, 12, DEST + 8, 1)));
	CHECK_EQ_UINT(0, cap_untyped_clean(&root[DEST + 8].cap));
	/* Once every child is gone, used memory is dirty again. */
	REQUIRE(CHECK_EQ_INT(0, cspace_revoke_slot(&root[UT])));
	memset(ut_mem, PATTERN, 1ul << 22);
	zeroed_bytes = 0;
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype(KAAL_OBJ_PAGE, 0, DEST, 1)));
	CHECK_EQ_UINT(4096, zeroed_bytes);
	CHECK(memory_is(0, 4096, 0));
	/* A stopped zeroing leaves a clean mark above the watermark; an
	 * untyped made over that range inherits it, and zeroes only the rest. */
	irq_after = 0;
	CHECK_EQ_INT(SYSCALL_RESTART,
		     retype(KAAL_OBJ_LARGE_PAGE, 0, DEST + 1, 1));
	irq_after = -1;
	CHECK_EQ_UINT(65536, cap_untyped_clean(u));
	CHECK_EQ_UINT(4096, cap_untyped_watermark(u));
	REQUIRE(CHECK_EQ_INT(KAAL_OK,
			     retype(KAAL_OBJ_UNTYPED, 14, DEST + 1, 1)));
	CHECK_EQ_UINT(16384, offset_of(DEST + 1));
	CHECK_EQ_UINT(16384, cap_untyped_clean(&root[DEST + 1].cap));
	zeroed_bytes = 0;
	REQUIRE(CHECK_EQ_INT(KAAL_OK, retype_from(DEST + 1, KAAL_OBJ_PAGE, 0,
						  DEST + 2, 4)));
	CHECK_EQ_UINT(0, zeroed_bytes);
	teardown();
}

TEST(zeroing_stops_at_an_interrupt_and_continues_where_it_stopped)
{
	unsigned int bits = 23, restarts = 0;
	struct cap *u;
	int err;

	setup();
	u = new_untyped(bits, false);
	/* Four 2 MiB pages: 128 chunks. An interrupt is pending after every
	 * third chunk; each restarted call goes on from the clean mark. */
	for (;;) {
		irq_after = 2;
		err = retype(KAAL_OBJ_LARGE_PAGE, 0, DEST, 4);
		if (err != SYSCALL_RESTART)
			break;
		REQUIRE(CHECK(++restarts < 1000));
		CHECK_EQ_UINT(KAAL_OBJ_NULL, root[DEST].cap.type);
		CHECK_EQ_UINT(0, cap_untyped_watermark(u));
	}
	CHECK_EQ_INT(KAAL_OK, err);
	CHECK_EQ_UINT(128 / 3, restarts);
	CHECK_EQ_UINT(1ul << bits, zeroed_bytes); /* each byte once */
	CHECK_EQ_UINT(128, zero_calls);		  /* 64 KiB at a time */
	CHECK(memory_is(0, 1ul << bits, 0));
	for (unsigned int i = 0; i < 4; i++)
		CHECK_EQ_UINT(KAAL_OBJ_LARGE_PAGE, root[DEST + i].cap.type);
	teardown();
}
