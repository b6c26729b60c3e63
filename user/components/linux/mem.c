// SPDX-License-Identifier: BSD-2-Clause
/*
 * The personality's kernel objects (Documentation/linux.rst, "Memory
 * and processes").
 *
 * Memory: the manifest moves an untyped region to us ("untyped"). Most
 * of it becomes the pool: chunks of 2^CHUNK_BITS bytes, child untyped
 * regions made once. Every object of a process comes from a chunk of an
 * account: its address space's (the VSpace, its page tables, its frames,
 * and our window's copies of them) or its own (the TCB and CNode). An
 * account takes a free chunk when the one it carves is full, up to its
 * quota; when it goes, revoking its chunks destroys all of its objects
 * at once and the chunks are free again, whole (the kernel resets an
 * untyped region's watermark once it has no child left). What lasts
 * (the page tables of our windows) comes from the rest of the region.
 *
 * Slots: our CNode (2^cnode_bits, from the info page) has the component's
 * fixed and resource slots below SYS_CAP_FIRST_FREE and the broker's
 * above; from SLOT_PERSISTENT on, slots that live as long as we do (the
 * chunks, the archive's frames as we map them), from SLOT_PROC on, a
 * bitmap of the processes' objects.
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
#define SLOT_PROC	2560
#define SLOT_MAX	65536 /* struct pte keeps slots in 16 bits */
#define MAX_CHUNKS	1024
/* Kept out of the pool: our windows' page tables. */
#define RESERVE_BYTES	(1ull << 20)

static kaal_cptr_t untyped;
static kaal_cptr_t next_persistent, end_slot;
static uint64_t slot_map[(SLOT_MAX - SLOT_PROC) / 64];
static unsigned int slot_hint;

static kaal_cptr_t chunk_cap[MAX_CHUNKS];
static uint16_t free_chunks[MAX_CHUNKS];
static unsigned int nr_chunks, nr_free_chunks;

static kaal_cptr_t files_cnode;
static uint64_t files_bytes;
static uint8_t files_mapped[(16u << 20) / 4096 / 8];
static uint8_t files_synced[(16u << 20) / 4096 / 8];

static int32_t free_wins[LINUX_MAX_WINDOWS];
static unsigned int nr_free_wins;
static int32_t next_win;

kaal_cptr_t slot_persistent(void)
{
	return next_persistent < SLOT_PROC ? next_persistent++ : 0;
}

kaal_cptr_t slot_proc(void)
{
	unsigned int words = (unsigned int)(end_slot - SLOT_PROC) / 64;

	for (unsigned int k = 0; k < words; k++) {
		unsigned int w = (slot_hint + k) % words;

		if (slot_map[w] == ~0ull)
			continue;
		for (unsigned int b = 0; b < 64; b++) {
			if (!(slot_map[w] & (1ull << b))) {
				slot_map[w] |= 1ull << b;
				slot_hint = w;
				return SLOT_PROC + w * 64 + b;
			}
		}
	}
	return 0;
}

void slot_proc_free(kaal_cptr_t slot)
{
	if (slot >= SLOT_PROC && slot < end_slot)
		slot_map[(slot - SLOT_PROC) / 64] &=
			~(1ull << ((slot - SLOT_PROC) % 64));
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

void acct_init(struct acct *a, unsigned int quota_chunks)
{
	memset(a, 0, sizeof(*a));
	a->quota = quota_chunks < ACCT_MAX_CHUNKS ? quota_chunks :
						    ACCT_MAX_CHUNKS;
}

/* One more chunk for @a: false when its quota or the pool is spent. */
static bool acct_grow(struct acct *a)
{
	if (a->nchunks >= a->quota || !nr_free_chunks)
		return false;
	a->chunk[a->nchunks++] = free_chunks[--nr_free_chunks];
	a->fresh = true;
	return true;
}

kaal_cptr_t acct_object(struct acct *a, enum kaal_object_type type,
			unsigned int bits)
{
	kaal_cptr_t slot = slot_proc();
	enum kaal_error err = KAAL_E_NO_MEMORY;

	if (!slot)
		return 0;
	if (type != KAAL_OBJ_PAGE && a->nobj == ACCT_MAX_OBJECTS)
		goto fail;
	if (!a->nchunks && !acct_grow(a))
		goto fail;
	for (;;) {
		err = kaal_retype(chunk_cap[a->chunk[a->nchunks - 1]], type,
				  bits, SYS_CAP_CNODE, KAAL_WORD_BITS, slot, 1);
		if (!err)
			break;
		/* The chunk is full: the next one, unless this one was new
		 * (then the object is larger than a chunk) or the error is
		 * another. */
		if (err != KAAL_E_NO_MEMORY || a->fresh || !acct_grow(a))
			goto fail;
	}
	a->fresh = false;
	if (type != KAAL_OBJ_PAGE)
		a->obj[a->nobj++] = (uint16_t)slot;
	return slot;
fail:
	slot_proc_free(slot);
	return 0;
}

void acct_release(struct acct *a)
{
	/* Every object made from the chunks, and every capability derived
	 * from them (our window's copies, the TCB's copy of the VSpace),
	 * goes; each chunk is whole again once it has no child left. */
	for (unsigned int i = 0; i < a->nchunks; i++) {
		kaal_cap_revoke(SYS_CAP_CNODE, chunk_cap[a->chunk[i]],
				KAAL_WORD_BITS);
		free_chunks[nr_free_chunks++] = a->chunk[i];
	}
	for (unsigned int i = 0; i < a->nobj; i++)
		slot_proc_free(a->obj[i]);
	a->nchunks = 0;
	a->nobj = 0;
}

uint64_t mem_pool_total(void)
{
	return (uint64_t)nr_chunks << CHUNK_BITS;
}

uint64_t mem_pool_free(void)
{
	return (uint64_t)nr_free_chunks << CHUNK_BITS;
}

enum kaal_error map_frame(kaal_cptr_t vspace, kaal_cptr_t page, uint64_t va,
			  kaal_word_t perms, struct acct *a)
{
	enum kaal_error err = kaal_memory_map(page, vspace, va, perms);

	/* At most three levels of tables below the root are missing. */
	for (int i = 0; i < 3 && err == KAAL_E_NO_PAGE_TABLE; i++) {
		kaal_cptr_t pt = a ? acct_object(a, KAAL_OBJ_PAGE_TABLE, 0) :
				     retype(untyped, slot_persistent(),
					    KAAL_OBJ_PAGE_TABLE, 0);

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
	return next_win < LINUX_MAX_WINDOWS ? next_win++ : -1;
}

void win_free(long win)
{
	if (win >= 0 && nr_free_wins < LINUX_MAX_WINDOWS)
		free_wins[nr_free_wins++] = (int32_t)win;
}

/* The pool: as many chunks as the region holds beyond the reserve, in
 * consecutive persistent slots. */
static long make_chunks(uint64_t size)
{
	uint64_t want =
		size > RESERVE_BYTES ? (size - RESERVE_BYTES) >> CHUNK_BITS : 0;

	if (want > MAX_CHUNKS)
		want = MAX_CHUNKS;
	if (want > (uint64_t)(SLOT_PROC - next_persistent) / 2)
		want = (uint64_t)(SLOT_PROC - next_persistent) / 2;
	while (nr_chunks < want) {
		unsigned int n = want - nr_chunks > 256 ?
					 256 :
					 (unsigned int)(want - nr_chunks);
		kaal_cptr_t first = next_persistent;

		if (kaal_retype(untyped, KAAL_OBJ_UNTYPED, CHUNK_BITS,
				SYS_CAP_CNODE, KAAL_WORD_BITS, first, n))
			break;
		next_persistent += n;
		for (unsigned int i = 0; i < n; i++) {
			chunk_cap[nr_chunks] = first + i;
			free_chunks[nr_free_chunks++] = (uint16_t)nr_chunks;
			nr_chunks++;
		}
	}
	return nr_chunks ? 0 : -L_ENOMEM;
}

long mem_init(const struct sys_component_info *ci)
{
	const struct sys_resource *u =
		sys_resource(ci, "untyped", SYS_RES_UNTYPED);
	const struct sys_resource *f = sys_resource(ci, "files", SYS_RES_FILES);

	end_slot = 1ul << ci->cnode_bits;
	if (end_slot > SLOT_MAX)
		end_slot = SLOT_MAX;
	next_persistent = SLOT_PERSISTENT;
	if (!u || end_slot <= SLOT_PROC + 64) {
		printf("linux: no untyped memory or too small a CNode: no "
		       "process can be built\n");
		return -L_ENOMEM;
	}
	untyped = u->cap;
	if (make_chunks(u->size)) {
		printf("linux: %lu bytes of untyped memory: too little\n",
		       (unsigned long)u->size);
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
		      KAAL_MAP_READ, NULL))
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
