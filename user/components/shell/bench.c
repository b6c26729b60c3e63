// SPDX-License-Identifier: BSD-2-Clause
/*
 * The shell's benchmarks (the bench command): a round trip to the
 * broker, and ramfs throughput through the shared rings.
 *
 * The figures are instructions when the kernel exports the PMU to user
 * space (ci->pmu_user, CONFIG_EXPORT_PMU_USER): event counter 0 counts
 * instructions retired at EL0 and EL1, on every thread, so a round trip
 * counts the client, the kernel and the server. Otherwise they are ticks
 * of the generic timer's virtual counter, which EL0 may read
 * (CNTKCTL_EL1.EL0VCTEN), with its frequency from CNTFRQ_EL0; also when
 * the PMU is exported but its instruction counter stands still, as under
 * QEMU without -icount. Ticks under QEMU are host time and vary from run
 * to run; instructions under -icount do not.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <libkaal/counter.h>
#include <libsys/broker.h>
#include "shell.h"

#define PING_WARMUP 10
#define PING_CALLS  1000
#define FS_BYTES    (64 * 1024)
#define FS_CHUNK    4096 /* bytes per ramfs_write/ramfs_read */
#define FS_FILE	    "bench.dat"

static uint8_t chunk[FS_CHUNK];

static bool use_pmu;

static uint64_t now(void)
{
	return use_pmu ? counter_instructions() : counter_ticks();
}

static const char *unit(bool plural)
{
	if (use_pmu)
		return plural ? "instructions" : "instruction";
	return plural ? "ticks" : "tick";
}

/* " (N ns)" after a number of ticks; nothing for instructions. */
static void print_ns(uint64_t ticks)
{
	uint64_t f = counter_frequency();

	if (use_pmu || !f)
		return;
	/* Split, so that ticks * 10^9 cannot overflow. */
	printf(" (%lu ns)", (unsigned long)(ticks / f * 1000000000ull +
					    ticks % f * 1000000000ull / f));
}

/* The pattern of the test file: each byte depends on its offset, so a
 * chunk that came back in the wrong place shows. */
static uint8_t pattern(uint32_t offset)
{
	return (uint8_t)((offset * 2654435761u) >> 24);
}

static void bench_ping(void)
{
	uint64_t start, cost;
	struct broker_ret r;

	for (int i = 0; i < PING_WARMUP; i++) {
		r = broker_call(BROKER_PING, NULL, 0);
		if (r.error) {
			shell_error("bench", "broker ping", r.error);
			return;
		}
	}
	start = now();
	for (int i = 0; i < PING_CALLS; i++)
		r = broker_call(BROKER_PING, NULL, 0);
	cost = now() - start;
	if (r.error) {
		shell_error("bench", "broker ping", r.error);
		return;
	}
	printf("bench: broker ping: %d calls, %lu %s, %lu %s per call",
	       PING_CALLS, (unsigned long)cost, unit(true),
	       (unsigned long)(cost / PING_CALLS), unit(true));
	print_ns(cost / PING_CALLS);
	printf("\n");
}

static void print_throughput(const char *what, unsigned long calls,
			     uint64_t cost)
{
	/* Bytes per unit with three decimals, no floating point. */
	uint64_t milli = cost ? (uint64_t)FS_BYTES * 1000 / cost : 0;

	printf("bench: ramfs %s: %d bytes in %lu calls, %lu %s", what, FS_BYTES,
	       calls, (unsigned long)cost, unit(true));
	print_ns(cost);
	printf(", %lu per call, %lu.%03lu bytes per %s\n",
	       (unsigned long)(calls ? cost / calls : 0),
	       (unsigned long)(milli / 1000), (unsigned long)(milli % 1000),
	       unit(false));
}

/* Write FS_BYTES in FS_CHUNK pieces; only the calls are measured, not
 * filling the buffer. */
static bool bench_write(long fd)
{
	uint64_t cost = 0;
	unsigned long calls = 0;
	uint32_t done = 0;

	while (done < FS_BYTES) {
		uint32_t len = FS_BYTES - done < FS_CHUNK ? FS_BYTES - done :
							    FS_CHUNK;
		uint64_t start;
		long n;

		for (uint32_t i = 0; i < len; i++)
			chunk[i] = pattern(done + i);
		start = now();
		n = ramfs_write(&shell.fs, (int)fd, chunk, len);
		cost += now() - start;
		calls++;
		if (n <= 0) {
			shell_error("bench", "ramfs write",
				    n ? n : -SYS_E_NO_SPACE);
			return false;
		}
		done += (uint32_t)n; /* a short write: the rest again */
	}
	print_throughput("write", calls, cost);
	return true;
}

/* Read it back, measuring the calls, checking every byte outside. */
static bool bench_read(long fd)
{
	uint64_t cost = 0;
	unsigned long calls = 0;
	uint32_t done = 0;

	while (done < FS_BYTES) {
		uint64_t start = now();
		long n = ramfs_read(&shell.fs, (int)fd, chunk, FS_CHUNK);

		cost += now() - start;
		calls++;
		if (n < 0) {
			shell_error("bench", "ramfs read", n);
			return false;
		}
		if (n == 0 || n > FS_CHUNK) {
			printf("bench: ramfs read: %ld bytes after %u, "
			       "expected %d in all\n",
			       n, done, FS_BYTES);
			return false;
		}
		for (uint32_t i = 0; i < (uint32_t)n; i++) {
			if (chunk[i] != pattern(done + i)) {
				printf("bench: ramfs read: byte %u is 0x%02x, "
				       "expected 0x%02x\n",
				       done + i, chunk[i], pattern(done + i));
				return false;
			}
		}
		done += (uint32_t)n;
	}
	print_throughput("read", calls, cost);
	printf("bench: ramfs read: %d bytes verified\n", FS_BYTES);
	return true;
}

static void bench_ramfs(void)
{
	long fd, size;

	if (shell.fs_error) {
		shell_error("bench", "ramfs", shell.fs_error);
		return;
	}
	if (!shell_service_up("bench", "ramfs"))
		return;
	fd = ramfs_open(&shell.fs, FS_FILE,
			RAMFS_O_WRITE | RAMFS_O_CREATE | RAMFS_O_TRUNC);
	if (fd < 0) {
		shell_error("bench", FS_FILE, fd);
		return;
	}
	if (!bench_write(fd)) {
		ramfs_close(&shell.fs, (int)fd);
		goto out;
	}
	ramfs_close(&shell.fs, (int)fd);
	size = ramfs_stat(&shell.fs, FS_FILE);
	if (size != FS_BYTES) {
		if (size < 0)
			shell_error("bench", FS_FILE, size);
		else
			printf("bench: %s: %ld bytes, expected %d\n", FS_FILE,
			       size, FS_BYTES);
		goto out;
	}
	fd = ramfs_open(&shell.fs, FS_FILE, RAMFS_O_READ);
	if (fd < 0) {
		shell_error("bench", FS_FILE, fd);
		goto out;
	}
	bench_read(fd);
	ramfs_close(&shell.fs, (int)fd);
out:
	ramfs_unlink(&shell.fs, FS_FILE);
}

/*
 * The PMU when it counts. QEMU counts instructions only with -icount;
 * without it the counter the kernel exported stays still, and figures of
 * zero would say nothing.
 */
static bool pmu_counts(void)
{
	uint64_t start;

	if (!shell.ci->pmu_user)
		return false;
	start = counter_instructions();
	broker_call(BROKER_PING, NULL, 0);
	if (counter_instructions() != start)
		return true;
	printf("bench: the PMU's instruction counter does not count "
	       "(QEMU without -icount?)\n");
	return false;
}

void cmd_bench(char *args)
{
	(void)args;
	use_pmu = pmu_counts();
	if (use_pmu)
		printf("bench: unit: instructions (PMU, all threads and the "
		       "kernel)\n");
	else
		printf("bench: unit: ticks of the generic timer at %lu Hz\n",
		       (unsigned long)counter_frequency());
	bench_ping();
	/* Ctrl-C between the two: each measures a loop that must not be
	 * cut short. */
	if (shell_interrupted())
		printf("bench: interrupted\n");
	else
		bench_ramfs();
	printf("bench: done\n");
}
