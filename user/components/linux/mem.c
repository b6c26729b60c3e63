// SPDX-License-Identifier: BSD-2-Clause
/*
 * The personality's kernel objects (Documentation/linux.rst, "Memory
 * and capabilities").
 *
 * Memory: the manifest moves an untyped region to us ("untyped"). Half of
 * it becomes the process pool, a child untyped that every object of a
 * process comes from (its TCB, CNode, VSpace, page tables, frames, and
 * the page tables of our window onto its frames); when the process ends,
 * revoking the pool destroys all of them at once and gives the memory
 * back. What lasts (the page tables of our window onto the archive) comes
 * from the rest of the region.
 *
 * Slots: our CNode (2^cnode_bits, from the info page) has the component's
 * fixed and resource slots below SYS_CAP_FIRST_FREE and the broker's
 * above; from SLOT_PERSISTENT on, slots that live as long as we do (the
 * archive's frames as we map them), from SLOT_PROC on, the process's.
 *
 * The archive ("files"): a CNode whose slot i holds a read-and-execute
 * capability to page i of linux.cpio (the root task's own frames, never
 * copied). We map a page into FILES_WINDOW the first time we read it and
 * keep it there; a page a process maps gets a copy of the capability.
 */
#include <stdio.h>
#include <string.h>
#include <libkaal/alloc.h>
#include <libsys/error.h>
#include "linux.h"

#define SLOT_PERSISTENT 128
#define SLOT_PROC	2048
#define POOL_BITS_MIN	20

static kaal_cptr_t untyped, pool;
static unsigned int pool_bits;
static kaal_cptr_t next_persistent, next_proc, end_slot;
static kaal_cptr_t free_slots[1024];
static unsigned int nr_free_slots;

static kaal_cptr_t files_cnode;
static uint64_t files_bytes;
static uint8_t files_mapped[(16u << 20) / 4096 / 8];
static uint8_t files_synced[(16u << 20) / 4096 / 8];

static int32_t free_wins[VM_MAX_PAGES];
static unsigned int nr_free_wins;
static int32_t next_win;

static uint64_t pool_used;

kaal_cptr_t slot_persistent(void)
{
	return next_persistent < SLOT_PROC ? next_persistent++ : 0;
}

kaal_cptr_t slot_proc(void)
{
	if (nr_free_slots)
		return free_slots[--nr_free_slots];
	return next_proc < end_slot ? next_proc++ : 0;
}

void slot_proc_free(kaal_cptr_t slot)
{
	if (slot >= SLOT_PROC && slot < end_slot &&
	    nr_free_slots < sizeof(free_slots) / sizeof(free_slots[0]))
		free_slots[nr_free_slots++] = slot;
}

static kaal_cptr_t retype(kaal_cptr_t from, kaal_cptr_t slot,
			  enum kaal_object_type type, unsigned int bits)
{
	if (!slot)
		return 0;
	if (kaal_retype(from, type, bits, SYS_CAP_CNODE, KAAL_WORD_BITS, slot,
			1))
		return 0;
	return slot;
}

kaal_cptr_t pool_object(enum kaal_object_type type, unsigned int bits)
{
	kaal_cptr_t slot = slot_proc();
	kaal_cptr_t c = retype(pool, slot, type, bits);

	if (!c) {
		slot_proc_free(slot);
		return 0;
	}
	pool_used += 1ull << kaal_object_bits(type, bits);
	return c;
}

uint64_t mem_pool_used(void)
{
	return pool_used;
}

enum kaal_error map_frame(kaal_cptr_t vspace, kaal_cptr_t page, uint64_t va,
			  kaal_word_t perms, bool persistent)
{
	enum kaal_error err = kaal_memory_map(page, vspace, va, perms);

	/* At most three levels of tables below the root are missing. */
	for (int i = 0; i < 3 && err == KAAL_E_NO_PAGE_TABLE; i++) {
		kaal_cptr_t pt = persistent ?
					 retype(untyped, slot_persistent(),
						KAAL_OBJ_PAGE_TABLE, 0) :
					 pool_object(KAAL_OBJ_PAGE_TABLE, 0);

		if (!pt)
			return KAAL_E_NO_MEMORY;
		err = kaal_page_table_map(pt, vspace, va).error;
		if (err)
			return err;
		err = kaal_memory_map(page, vspace, va, perms);
	}
	return err;
}

kaal_cptr_t cap_dup(kaal_cptr_t cap, kaal_word_t rights)
{
	kaal_cptr_t slot = slot_proc();

	if (!slot)
		return 0;
	if (kaal_cap_copy(SYS_CAP_CNODE, slot, KAAL_WORD_BITS, SYS_CAP_CNODE,
			  cap, KAAL_WORD_BITS, rights)) {
		slot_proc_free(slot);
		return 0;
	}
	return slot;
}

void cap_drop(kaal_cptr_t slot)
{
	if (!slot)
		return;
	kaal_cap_delete(SYS_CAP_CNODE, slot, KAAL_WORD_BITS);
	slot_proc_free(slot);
}

long win_alloc(void)
{
	if (nr_free_wins)
		return free_wins[--nr_free_wins];
	return next_win < VM_MAX_PAGES ? next_win++ : -1;
}

void win_free(long win)
{
	if (win >= 0 && nr_free_wins < VM_MAX_PAGES)
		free_wins[nr_free_wins++] = (int32_t)win;
}

void mem_proc_reset(void)
{
	/* Every object of the process, and every capability derived from
	 * them (our window's copies and its page tables too), goes; the
	 * pool's memory is free again once it has no child left. */
	kaal_cap_revoke(SYS_CAP_CNODE, pool, KAAL_WORD_BITS);
	next_proc = SLOT_PROC;
	nr_free_slots = 0;
	next_win = 0;
	nr_free_wins = 0;
	pool_used = 0;
}

long mem_init(const struct sys_component_info *ci)
{
	const struct sys_resource *u =
		sys_resource(ci, "untyped", SYS_RES_UNTYPED);
	const struct sys_resource *f = sys_resource(ci, "files", SYS_RES_FILES);
	unsigned int bits = 0;

	end_slot = 1ul << ci->cnode_bits;
	next_persistent = SLOT_PERSISTENT;
	next_proc = SLOT_PROC;
	if (!u || end_slot <= SLOT_PROC) {
		printf("linux: no untyped memory or too small a CNode: no "
		       "process can be built\n");
		return -L_ENOMEM;
	}
	while (bits < 63 && (1ull << (bits + 1)) <= u->size)
		bits++;
	untyped = u->cap;
	pool_bits = bits - 1;
	if (pool_bits < POOL_BITS_MIN) {
		printf("linux: %lu bytes of untyped memory: too little\n",
		       (unsigned long)u->size);
		return -L_ENOMEM;
	}
	/* The pool first, at the start of the region (its own alignment);
	 * the persistent objects after it. */
	pool = retype(untyped, slot_persistent(), KAAL_OBJ_UNTYPED, pool_bits);
	if (!pool) {
		printf("linux: cannot make the process pool\n");
		return -L_ENOMEM;
	}
	if (f && f->size && f->size <= sizeof(files_mapped) * 8 * 4096) {
		files_cnode = f->cap;
		files_bytes = f->size;
	}
	return 0;
}

uint64_t files_size(void)
{
	return files_bytes;
}

static bool files_has(uint64_t i)
{
	return i < (files_bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

const uint8_t *files_page(uint64_t i)
{
	kaal_cptr_t slot;

	if (!files_has(i))
		return NULL;
	if (files_mapped[i / 8] & (1u << (i % 8)))
		return (const uint8_t *)(FILES_WINDOW + i * PAGE_SIZE);
	slot = slot_persistent();
	if (!slot ||
	    kaal_cap_copy(SYS_CAP_CNODE, slot, KAAL_WORD_BITS, files_cnode, i,
			  KAAL_WORD_BITS, KAAL_RIGHT_READ))
		return NULL;
	if (map_frame(SYS_CAP_VSPACE, slot, FILES_WINDOW + i * PAGE_SIZE,
		      KAAL_MAP_READ, true))
		return NULL;
	files_mapped[i / 8] |= (uint8_t)(1u << (i % 8));
	return (const uint8_t *)(FILES_WINDOW + i * PAGE_SIZE);
}

kaal_cptr_t files_frame(uint64_t i)
{
	kaal_cptr_t slot;

	if (!files_has(i))
		return 0;
	slot = slot_proc();
	if (!slot)
		return 0;
	if (kaal_cap_copy(SYS_CAP_CNODE, slot, KAAL_WORD_BITS, files_cnode, i,
			  KAAL_WORD_BITS, KAAL_RIGHT_READ | KAAL_RIGHT_EXEC)) {
		slot_proc_free(slot);
		return 0;
	}
	return slot;
}

void sync_icache(const void *va, size_t size)
{
	uintptr_t a = (uintptr_t)va;

	for (uintptr_t x = a; x < a + size; x += 64)
		__asm__ volatile("dc cvau, %0" ::"r"(x) : "memory");
	__asm__ volatile("dsb ish" ::: "memory");
	for (uintptr_t x = a; x < a + size; x += 64)
		__asm__ volatile("ic ivau, %0" ::"r"(x) : "memory");
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

void files_sync_icache(uint64_t i)
{
	const uint8_t *p;

	if (!files_has(i) || (files_synced[i / 8] & (1u << (i % 8))))
		return;
	p = files_page(i);
	if (!p)
		return;
	/* The loader wrote these bytes as data; cleaning them to the point
	 * of unification once makes them visible to instruction fetch. */
	sync_icache(p, PAGE_SIZE);
	files_synced[i / 8] |= (uint8_t)(1u << (i % 8));
}

long files_read(uint64_t off, void *dst, size_t n)
{
	uint8_t *out = dst;

	if (off > files_bytes || n > files_bytes - off)
		return -L_EIO;
	while (n) {
		uint64_t in = off % PAGE_SIZE;
		size_t chunk = PAGE_SIZE - in < n ? PAGE_SIZE - in : n;
		const uint8_t *p = files_page(off / PAGE_SIZE);

		if (!p)
			return -L_EIO;
		memcpy(out, p + in, chunk);
		out += chunk;
		off += chunk;
		n -= chunk;
	}
	return 0;
}
