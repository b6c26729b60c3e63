// SPDX-License-Identifier: BSD-2-Clause
/*
 * The system-call fuzzer's root task (fuzz.h, Documentation/testing.rst).
 *
 * Parameters come from the kernel command line (QEMU -append, the
 * devicetree's /chosen/bootargs), so a run is replayed without a rebuild:
 *   fuzz.seed=N      the seed (default FZ_DEFAULT_SEED)
 *   fuzz.calls=N     how many fuzzed calls to make
 *   fuzz.trace=N     print every call from index N on ("FUZZ CALL" lines,
 *                    numbers in hex)
 *   fuzz.progress=N  a "FUZZ PROGRESS" line every N calls
 *   fuzz.check=1     after every call, touch the fuzzer's own pages
 * It prints "FUZZ BEGIN", the progress lines, one "FUZZ FAMILY" line per
 * family of calls and "FUZZ DONE calls=N", then powers the machine off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdriver/dt.h>
#include <libkaal/counter.h>
#include <libkaal/vspace.h>
#include "fuzz.h"

#define FZ_DEFAULT_SEED	    0x5eedull
#define FZ_DEFAULT_CALLS    20000
#define FZ_DEFAULT_PROGRESS 5000
#define FZ_REFRESH_EVERY    512

struct fz fz;

static const char *const family_names[FAM_COUNT] = {
	"retype", "cap", "vm", "tcb", "ipc", "ntfn", "irq", "domain",
};

/* ---- parameters ----------------------------------------------------- */

/* Hex digit values; anything else reads as 0. */
static const uint8_t hex_value[256] = {
	['0'] = 0, 1,  2,  3,  4,  5,	       6,  7,  8,  9,  ['a'] = 10,
	11,	   12, 13, 14, 15, ['A'] = 10, 11, 12, 13, 14, 15,
};

/*
 * A number as `make fuzz` writes it, "0x" and 16 hex digits, is read with
 * the same instructions whatever its value: a traced replay (another
 * fuzz.trace= value) then runs exactly the instructions of the run it
 * replays, and the timer interrupts land on the same calls. Other forms
 * (typed by hand) go through strtoul.
 */
static uint64_t parse_number(const char *s)
{
	uint64_t v = 0;

	if (s[0] != '0' || s[1] != 'x' || strnlen(s, 19) < 18 ||
	    (s[18] && s[18] != ' '))
		return strtoul(s, NULL, 0);
	for (int i = 2; i < 18; i++)
		v = v << 4 | hex_value[(uint8_t)s[i]];
	return v;
}

/* The value of key=... in the command line @s, as a number. */
static int arg_value(const char *s, const char *key, uint64_t *val)
{
	size_t n = strlen(key);

	for (const char *p = s; p && *p;) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, n) && p[n] == '=') {
			*val = parse_number(p + n + 1);
			return 1;
		}
		p = strchr(p, ' ');
	}
	return 0;
}

static const char *bootargs(const struct kaal_bootinfo *bi)
{
	struct dt dt;
	const char *s;
	int node;

	if (dt_init(&dt, (const void *)bi->dtb_vaddr, bi->dtb_size))
		return "";
	node = dt_path(&dt, "/chosen");
	if (node < 0)
		return "";
	s = dt_prop_string(&dt, node, "bootargs");
	return s ? s : "";
}

static void read_params(const struct kaal_bootinfo *bi)
{
	const char *args = bootargs(bi);

	fz.seed = FZ_DEFAULT_SEED;
	fz.ncalls = FZ_DEFAULT_CALLS;
	fz.trace_from = ~0ull;
	fz.progress_every = FZ_DEFAULT_PROGRESS;
	arg_value(args, "fuzz.seed", &fz.seed);
	arg_value(args, "fuzz.calls", &fz.ncalls);
	arg_value(args, "fuzz.trace", &fz.trace_from);
	arg_value(args, "fuzz.progress", &fz.progress_every);
	arg_value(args, "fuzz.check", &fz.check);
	if (!fz.progress_every)
		fz.progress_every = FZ_DEFAULT_PROGRESS;
	fz.rng = fz.seed;
}

/* ---- counting and output -------------------------------------------- */

static kaal_word_t vtime(void)
{
	return counter_ticks();
}

/* Guest nanoseconds since the start: under -icount shift=0 one
 * nanosecond is one instruction. */
static uint64_t vtime_ns(void)
{
	return (vtime() - fz.vt_start) * (1000000000ull / counter_frequency());
}

static void print_progress(void)
{
	uint64_t ok = 0;

	for (unsigned int f = 0; f < FAM_COUNT; f++)
		ok += fz.ok[f];
	printf("FUZZ PROGRESS calls=%lu epoch=%lu ok=%lu vt=%lu errors=",
	       fz.calls, fz.epoch, ok, vtime_ns());
	for (unsigned int e = 1; e <= KAAL_E_MAX; e++)
		if (fz.errors[e])
			printf("%u:%lu,", e, fz.errors[e]);
	printf("\n");
}

/* fuzz.check=1: touch the fuzzer's own pages after every call; one that a
 * call unmapped faults the fuzzer right after the (traced) culprit. */
static void check_own_memory(void)
{
	for (unsigned int i = 0; i < FZ_WORKERS; i++) {
		(void)*(volatile uint64_t *)fz.wk[i].ipc_vaddr;
		(void)*(volatile uint64_t *)(fz.wk[i].stack_top - 8);
	}
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* Always 16 digits: the same instructions for every value. */
static char *put_hex(char *p, uint64_t v)
{
	*p++ = ' ';
	for (int shift = 60; shift >= 0; shift -= 4)
		*p++ = "0123456789abcdef"[(v >> shift) & 0xf];
	return p;
}

/*
 * The "FUZZ CALL <index> <name> <a> <b> <c> = <error>" line of every call
 * is made, and written either to the UART (from fuzz.trace= on) or to
 * RAM: a traced replay runs the same instructions as the run it replays,
 * so the timer interrupts land on the same calls.
 */
static void trace(const char *name, int err, uint64_t a, uint64_t b, uint64_t c)
{
	char line[128], *p = put_str(line, "FUZZ CALL");

	p = put_hex(p, fz.calls);
	*p++ = ' ';
	p = put_str(p, name);
	p = put_hex(put_hex(put_hex(p, a), b), c);
	p = put_str(p, " =");
	p = put_hex(p, (uint64_t)(int64_t)err);
	p = put_str(p, "\r\n");
	fz_emit(fz.calls >= fz.trace_from, line, (size_t)(p - line));
}

int fz_rec(enum fz_family fam, const char *name, int err, uint64_t a,
	   uint64_t b, uint64_t c)
{
	trace(name, err, a, b, c);
	fz.calls++;
	if (err)
		fz.fail[fam]++;
	else
		fz.ok[fam]++;
	fz.errors[err >= 0 && err < KAAL_E_MAX ? err : KAAL_E_MAX]++;
	if (fz.check)
		check_own_memory();
	if (fz.calls % fz.progress_every == 0)
		print_progress();
	return err;
}

int fz_aux(int err)
{
	fz.aux_calls++;
	return err;
}

/* ---- setup ---------------------------------------------------------- */

/* A copy of @frame with @rights in a new slot of the fuzzer's, or 0.
 * Threads are given the mapped capability, an unmapped copy, a read-only
 * copy (refused), a device frame (refused), a pool page or none at all
 * (ops_tcb.c): the kernel must cope with each. */
static kaal_cptr_t frame_copy(kaal_cptr_t frame, kaal_word_t rights)
{
	struct kaal_cap_ret s = kaal_alloc_slot(&fz.alloc);

	if (s.error ||
	    kaal_cap_copy(CNODE, s.cap, DEPTH, CNODE, frame, DEPTH, rights))
		return 0;
	return s.cap;
}

/* A page of device memory away from the console, retyped from the largest
 * device untyped region of 64 KiB or more, or 0. */
static kaal_cptr_t device_frame(void)
{
	kaal_cptr_t dev = kaal_device_untyped(fz.bi, 16, 1ul << 16);
	struct kaal_cap_ret s = kaal_alloc_slot(&fz.alloc);

	if (!dev || s.error ||
	    kaal_retype(dev, KAAL_OBJ_PAGE, 0, CNODE, DEPTH, s.cap, 1))
		return 0;
	return s.cap;
}

static int setup_workers(void)
{
	for (unsigned int i = 0; i < FZ_WORKERS; i++) {
		struct fz_worker *w = &fz.wk[i];
		kaal_word_t stack =
			kaal_alloc_vaddr(&fz.alloc, 3) + KAAL_PAGE_SIZE;
		struct kaal_cap_ret p;

		w->ipc_vaddr = kaal_alloc_vaddr(&fz.alloc, 1);
		p = kaal_vspace_new_page(&fz.alloc, KAAL_CAP_INIT_VSPACE,
					 w->ipc_vaddr,
					 KAAL_MAP_READ | KAAL_MAP_WRITE);
		if (p.error)
			return p.error;
		w->ipc_mapped = p.cap;
		w->ipc_frame = frame_copy(p.cap, KAAL_RIGHTS_ALL);
		w->ipc_readonly = frame_copy(p.cap, KAAL_RIGHT_READ);
		if (!w->ipc_frame || !w->ipc_readonly)
			return KAAL_E_RANGE;
		for (unsigned int k = 0; k < 2; k++) {
			p = kaal_vspace_new_page(
				&fz.alloc, KAAL_CAP_INIT_VSPACE,
				stack + k * KAAL_PAGE_SIZE,
				KAAL_MAP_READ | KAAL_MAP_WRITE);
			if (p.error)
				return p.error;
		}
		w->stack_top = stack + 2 * KAAL_PAGE_SIZE;
		w->rng = fz.seed ^ (0x1000 + i);
	}
	return 0;
}

static int setup(const struct kaal_bootinfo *bi)
{
	struct kaal_cap_ret arena;

	fz.bi = bi;
	fz.max_prio = bi->config.max_priority;
	fz.nr_domains = bi->config.nr_domains;
	kaal_alloc_init(&fz.alloc, bi);
	arena = kaal_alloc_object(&fz.alloc, KAAL_OBJ_UNTYPED, FZ_ARENA_BITS);
	if (arena.error) {
		printf("fuzz: no arena of 2^%u bytes: %d\n", FZ_ARENA_BITS,
		       arena.error);
		return -1;
	}
	fz.arena = arena.cap;
	if (setup_workers()) {
		printf("fuzz: cannot make the worker stacks\n");
		return -1;
	}
	fz_devices_init();
	fz.device_frame = device_frame();
	/* The pool comes last, so nothing of the fuzzer's sits above it. */
	fz.pool = fz.alloc.next_slot;
	if (fz.pool + FZ_POOL_SLOTS > fz.alloc.end_slot) {
		printf("fuzz: root CNode too small for the pool\n");
		return -1;
	}
	fz.alloc.next_slot += FZ_POOL_SLOTS;
	return 0;
}

/* ---- the loop ------------------------------------------------------- */

static const struct {
	const struct fz_op *ops;
	const unsigned int *count;
} tables[] = {
	{ fz_cap_ops, &fz_nr_cap_ops },
	{ fz_vm_ops, &fz_nr_vm_ops },
	{ fz_tcb_ops, &fz_nr_tcb_ops },
	{ fz_ipc_ops, &fz_nr_ipc_ops },
};

static unsigned int total_weight(void)
{
	unsigned int sum = 0;

	for (unsigned int t = 0; t < ARRAY_SIZE(tables); t++)
		for (unsigned int i = 0; i < *tables[t].count; i++)
			sum += tables[t].ops[i].weight;
	return sum;
}

static const struct fz_op *pick_op(unsigned int total)
{
	unsigned int w = (unsigned int)fz_below(&fz.rng, total);

	for (unsigned int t = 0; t < ARRAY_SIZE(tables); t++)
		for (unsigned int i = 0; i < *tables[t].count; i++) {
			if (w < tables[t].ops[i].weight)
				return &tables[t].ops[i];
			w -= tables[t].ops[i].weight;
		}
	return &tables[0].ops[0];
}

static void run(void)
{
	unsigned int total = total_weight();
	uint64_t next_refresh = FZ_REFRESH_EVERY;

	fz_epoch();
	while (fz_room()) {
		if (fz.calls >= fz.epoch_end)
			fz_epoch();
		if (fz.calls >= next_refresh) {
			fz_shadow_refresh();
			next_refresh = fz.calls + FZ_REFRESH_EVERY;
		}
		pick_op(total)->run();
	}
}

static void report(void)
{
	uint64_t ns = vtime_ns();

	for (unsigned int f = 0; f < FAM_COUNT; f++)
		printf("FUZZ FAMILY %s ok=%lu err=%lu\n", family_names[f],
		       fz.ok[f], fz.fail[f]);
	printf("FUZZ DONE calls=%lu epochs=%lu aux=%lu vt=%lu vt_per_call=%lu\n",
	       fz.calls, fz.epoch, fz.aux_calls, ns,
	       fz.calls ? ns / fz.calls : 0);
}

int main(struct kaal_bootinfo *bi)
{
	if (!bi || bi->magic != KAAL_BOOTINFO_MAGIC) {
		puts("FUZZ FAIL no valid bootinfo");
		return 1;
	}
	read_params(bi);
	printf("FUZZ BEGIN seed=0x%lx calls=%lu domains=%u prio=%lu\n", fz.seed,
	       fz.ncalls, bi->config.nr_domains,
	       (unsigned long)bi->config.max_priority);
	if (setup(bi))
		return 1;
	fz.vt_start = vtime();
	run();
	report();
	return 0;
}
