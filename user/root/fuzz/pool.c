// SPDX-License-Identifier: BSD-2-Clause
/*
 * The pool of fuzzed capabilities (fuzz.h): picking slots of the right
 * type, the shadow of what each slot holds, and the epochs that give
 * all the memory back.
 */
#include "fuzz.h"

int fz_pool_index(kaal_cptr_t cptr)
{
	if (cptr < fz.pool || cptr >= fz.pool + FZ_POOL_SLOTS)
		return -1;
	return (int)(cptr - fz.pool);
}

void fz_shadow_set(kaal_cptr_t cptr, unsigned int type, unsigned int bits)
{
	int i = fz_pool_index(cptr);

	if (i >= 0) {
		fz.type[i] = (uint8_t)type;
		fz.bits[i] = (uint8_t)bits;
	}
}

/* A capability pointer that the root CNode's guard refuses: never one of
 * the fuzzer's own slots, whatever else it is. */
static kaal_cptr_t garbage_cptr(uint64_t *rng)
{
	unsigned int bits = (unsigned int)fz.bi->cnode_size_bits;
	unsigned int high = bits + (unsigned int)fz_below(rng, 64 - bits);

	return (fz_next(rng) & ((1ul << high) - 1)) | (1ul << high);
}

/* The first pool slot at or after a random one whose shadow is @type. */
static int find(uint64_t *rng, unsigned int type)
{
	unsigned int start = (unsigned int)fz_below(rng, FZ_POOL_SLOTS);

	for (unsigned int n = 0; n < FZ_POOL_SLOTS; n++) {
		unsigned int i = (start + n) % FZ_POOL_SLOTS;

		if (fz.type[i] == type)
			return (int)i;
	}
	return -1;
}

kaal_cptr_t fz_cap(uint64_t *rng, unsigned int type)
{
	unsigned int dice = (unsigned int)fz_below(rng, 100);
	int i;

	if (dice < 88 && (i = find(rng, type)) >= 0)
		return fz.pool + (unsigned int)i;
	if (dice < 98)
		return fz.pool + fz_below(rng, FZ_POOL_SLOTS);
	return garbage_cptr(rng);
}

kaal_cptr_t fz_empty(uint64_t *rng)
{
	int i = find(rng, KAAL_OBJ_NULL);

	if (i < 0 || fz_chance(rng, 5))
		return fz.pool + fz_below(rng, FZ_POOL_SLOTS);
	return fz.pool + (unsigned int)i;
}

/* A slot inside a CNode of the pool, named through it. */
static struct fz_ref in_child(uint64_t *rng, struct fz_ref r)
{
	int c = find(rng, KAAL_OBJ_CNODE);
	unsigned int bits;

	if (c < 0)
		return r;
	bits = fz.bits[c];
	r.cnode = fz.pool + (unsigned int)c;
	r.index = fz_below(rng, 1ul << bits);
	r.depth = bits;
	r.pool = -1;
	if (fz_chance(rng, 5))
		r.depth = fz_below(rng, 70); /* mostly a depth error */
	return r;
}

static struct fz_ref root_ref(kaal_cptr_t cptr)
{
	return (struct fz_ref){ CNODE, cptr, DEPTH, fz_pool_index(cptr) };
}

struct fz_ref fz_ref_typed(uint64_t *rng, unsigned int type)
{
	struct fz_ref r = root_ref(fz_cap(rng, type));

	if (fz_chance(rng, 20))
		r = in_child(rng, r);
	return r;
}

struct fz_ref fz_ref_empty(uint64_t *rng)
{
	struct fz_ref r = root_ref(fz_empty(rng));

	if (fz_chance(rng, 20))
		r = in_child(rng, r);
	return r;
}

void fz_shadow_refresh(void)
{
	for (unsigned int i = 0; i < FZ_POOL_SLOTS; i++) {
		struct kaal_identify_ret r = kaal_cap_identify(fz.pool + i);

		fz_aux(r.error);
		fz.type[i] = r.error ? KAAL_OBJ_NULL : (uint8_t)r.type;
		fz.bits[i] = r.error ? 0 : (uint8_t)r.size_bits;
	}
}

/* Objects every epoch starts with, so that each kind of call has
 * something real to work on from the first call. */
static const struct {
	unsigned int type, bits, count;
} seed_objects[] = {
	{ KAAL_OBJ_UNTYPED, 16, 2 },	 { KAAL_OBJ_ENDPOINT, 0, 6 },
	{ KAAL_OBJ_NOTIFICATION, 0, 4 }, { KAAL_OBJ_TCB, 0, 6 },
	{ KAAL_OBJ_CNODE, 4, 2 },	 { KAAL_OBJ_VSPACE, 0, 1 },
	{ KAAL_OBJ_PAGE_TABLE, 0, 4 },	 { KAAL_OBJ_PAGE, 0, 8 },
};

static void seed_pool(void)
{
	kaal_cptr_t next = fz.pool;

	for (unsigned int i = 0; i < ARRAY_SIZE(seed_objects); i++) {
		unsigned int n = seed_objects[i].count;

		if (!fz_aux(kaal_retype(fz.arena, seed_objects[i].type,
					seed_objects[i].bits, CNODE, DEPTH,
					next, n)))
			for (unsigned int k = 0; k < n; k++)
				fz_shadow_set(next + k, seed_objects[i].type,
					      seed_objects[i].bits);
		next += n;
	}
	/* Copies of the domain and IRQ control capabilities: deleting a
	 * copy takes nothing from the fuzzer. */
	if (!fz_aux(kaal_cap_copy(CNODE, next, DEPTH, CNODE, KAAL_CAP_DOMAIN,
				  DEPTH, KAAL_RIGHTS_ALL)))
		fz_shadow_set(next, KAAL_OBJ_DOMAIN, 0);
	next++;
	if (!fz_aux(kaal_cap_copy(CNODE, next, DEPTH, CNODE,
				  KAAL_CAP_IRQ_CONTROL, DEPTH,
				  KAAL_RIGHTS_ALL)))
		fz_shadow_set(next, KAAL_OBJ_IRQ_CONTROL, 0);
}

/* Workers on the first TCBs of the pool, so IPC has partners. */
static void start_workers(void)
{
	unsigned int started = 0;

	for (unsigned int i = 0; i < FZ_POOL_SLOTS && started < 4; i++)
		if (fz.type[i] == KAAL_OBJ_TCB)
			fz_spawn(fz.pool + i, started++, 0);
}

void fz_epoch(void)
{
	fz.epoch++;
	fz.epoch_end = fz.calls + 1000 + fz_below(&fz.rng, 3000);
	fz_aux(kaal_cap_revoke(CNODE, fz.arena, DEPTH));
	/* What is not made from the arena: IRQ handlers, the copies. */
	for (unsigned int i = 0; i < FZ_POOL_SLOTS; i++) {
		fz_aux(kaal_cap_delete(CNODE, fz.pool + i, DEPTH));
		fz.type[i] = KAAL_OBJ_NULL;
		fz.bits[i] = 0;
	}
	for (unsigned int i = 0; i < FZ_WORKERS; i++)
		fz.wk[i].tcb = 0;
	fz_rtc_poke(0);
	seed_pool();
	start_workers();
}
