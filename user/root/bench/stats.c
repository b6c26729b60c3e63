// SPDX-License-Identifier: BSD-2-Clause
/*
 * Turning stamps into figures: per-iteration differences, less the
 * measurement overhead, sorted for the median, minimum and maximum, and
 * printed as one machine-readable line per operation:
 *
 *   BENCH <name> median=<n> min=<n> max=<n> iters=<n> cycles_median=<n>
 *         cycles_min=<n> cycles_max=<n> [bytes=<n> [slots=<n>]]
 *
 * (on one line), which scripts/bench.py parses. bytes and slots are what
 * one sample of a throughput benchmark moved (ring.c).
 */
#include <stdio.h>
#include <libkaal/strerror.h>
#include "bench.h"

#define OVERHEAD_RUNS 100

/* The figures of one operation, from the differences end - start. */
struct bench_result {
	uint64_t median, min, max;	       /* instructions */
	uint64_t cyc_median, cyc_min, cyc_max; /* cycles */
	unsigned int iters;
};

static struct stamp overhead; /* of a stamp pair, the minimum */
static uint64_t ins[BENCH_RUNS], cyc[BENCH_RUNS];

/* The counters are 32 bits wide as far as we rely on them (event
 * counters are on Armv8.0): differences are taken modulo 2^32. */
static uint64_t delta(uint64_t end, uint64_t start)
{
	return (uint32_t)(end - start);
}

void stats_init(void)
{
	struct stamp s, e;

	overhead = (struct stamp){ UINT64_MAX, UINT64_MAX };
	for (int i = 0; i < OVERHEAD_RUNS; i++) {
		bench_stamp_pair(&s, &e);
		if (delta(e.ins, s.ins) < overhead.ins)
			overhead.ins = delta(e.ins, s.ins);
		if (delta(e.cyc, s.cyc) < overhead.cyc)
			overhead.cyc = delta(e.cyc, s.cyc);
	}
	printf("BENCH_OVERHEAD instructions=%lu cycles=%lu\n", overhead.ins,
	       overhead.cyc);
}

/* Shell sort: short, and quick enough for a thousand samples. */
static void sort(uint64_t *v, unsigned int n)
{
	for (unsigned int gap = n / 2; gap; gap /= 2)
		for (unsigned int i = gap; i < n; i++) {
			uint64_t x = v[i];
			unsigned int j = i;

			for (; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
}

/* Sorts v; the median of an even count is the lower middle value. */
static void summarise(uint64_t *v, unsigned int n, uint64_t *median,
		      uint64_t *min, uint64_t *max)
{
	sort(v, n);
	*median = v[(n - 1) / 2];
	*min = v[0];
	*max = v[n - 1];
}

/* The line, and the bytes and slots a sample moved where they are not 0. */
static void print(const char *name, unsigned int n, unsigned int bytes,
		  unsigned int slots)
{
	struct bench_result r = { .iters = n };

	summarise(ins, n, &r.median, &r.min, &r.max);
	summarise(cyc, n, &r.cyc_median, &r.cyc_min, &r.cyc_max);
	printf("BENCH %s median=%lu min=%lu max=%lu iters=%u cycles_median=%lu "
	       "cycles_min=%lu cycles_max=%lu",
	       name, r.median, r.min, r.max, r.iters, r.cyc_median, r.cyc_min,
	       r.cyc_max);
	if (bytes)
		printf(" bytes=%u", bytes);
	if (slots)
		printf(" slots=%u", slots);
	putchar('\n');
}

static int taken(const struct stamp *s)
{
	return s->cyc || s->ins;
}

/* The differences into ins[] and cyc[]; 0 if a stamp is missing (bench_reset
 * zeroed it and no thread took it). */
static int collect(const char *name, const struct stamp *start,
		   const struct stamp *end, unsigned int from, unsigned int to,
		   const struct stamp *less)
{
	for (unsigned int i = from; i < to; i++) {
		if (!taken(&start[i]) || !taken(&end[i])) {
			printf("BENCH_FAIL %s iteration %u was not measured\n",
			       name, i);
			return 0;
		}
		ins[i - from] = delta(end[i].ins, start[i].ins) - less->ins;
		cyc[i - from] = delta(end[i].cyc, start[i].cyc) - less->cyc;
	}
	return 1;
}

void stats_report(const char *name, const struct stamp *start,
		  const struct stamp *end)
{
	if (collect(name, start, end, BENCH_WARMUP, BENCH_RUNS, &overhead))
		print(name, BENCH_ITERS, 0, 0);
}

void stats_report_raw(const char *name, const struct stamp *start,
		      const struct stamp *end, unsigned int from,
		      unsigned int to)
{
	static const struct stamp none;

	if (collect(name, start, end, from, to, &none))
		print(name, to - from, 0, 0);
}

void stats_report_bytes(const char *name, const struct stamp *start,
			const struct stamp *end, unsigned int from,
			unsigned int to, unsigned int bytes, unsigned int slots)
{
	static const struct stamp none;

	if (collect(name, start, end, from, to, &none))
		print(name, to - from, bytes, slots);
}

void stats_fail(const char *name, const char *what, long err)
{
	printf("BENCH_FAIL %s %s: %s\n", name, what, kaal_strerror(err));
}
