// SPDX-License-Identifier: BSD-2-Clause
/*
 * What a Linux system call costs through the personality
 * (Documentation/linux.rst, "Cost"): getppid (the round trip: fault,
 * dispatch, reply), a 1-byte write to /dev/null (a copy out of the
 * process's memory too), the first touch of a fresh anonymous page
 * (a fault that makes, maps and zeroes a frame), a fork + exit + wait4
 * of this small process, and a round trip of 1 byte and of 64 KiB
 * through two pipes to a child and back. The generic timer's
 * count is read around each batch; under QEMU -icount shift=0 a
 * nanosecond is an instruction, so `make bench` reads these lines as
 * instructions per operation.
 */
#include "linux-syscall.h"

#define LNR_GETPPID 173
#define CALLS	    2000
#define PAGES	    256
#define FORKS	    20
#define TRIPS	    50
#define BIG	    65536
#define SIGCHLD	    17

static unsigned long now_ns(void)
{
	unsigned long c, f;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(c) : : "memory");
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return c / f * 1000000000ul + c % f * 1000000000ul / f;
}

static void out(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	lsys3(LNR_WRITE, 1, (long)s, n);
}

static void line(const char *what, unsigned long ops, unsigned long ns)
{
	char buf[24];
	int n = sizeof(buf) - 1;
	unsigned long v = ns / ops;

	out("BENCH ");
	out(what);
	out(" per_op=");
	buf[n] = '\0';
	do {
		buf[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out(buf + n);
	out("\n");
}

/* All of @n bytes of @buf through @fd, in as many calls as it takes.
 * (No static data: a program with only .bss would have a segment of no
 * file bytes past the file's end, which the personality refuses.) */
static void move(int write, long fd, char *buf, long n)
{
	for (long done = 0, r; done < n; done += r) {
		r = lsys3(write ? LNR_WRITE : LNR_READ, fd, (long)buf + done,
			  n - done);
		if (r <= 0)
			lsys1(LNR_EXIT_GROUP, 3);
	}
}

static long child(void)
{
	return lsys6(LNR_CLONE, SIGCHLD, 0, 0, 0, 0, 0);
}

static unsigned long forks(void)
{
	unsigned long t = now_ns();

	for (int i = 0; i < FORKS; i++) {
		long pid = child();

		if (!pid)
			lsys1(LNR_EXIT_GROUP, 0);
		lsys4(LNR_WAIT4, pid, 0, 0, 0);
	}
	return now_ns() - t;
}

/* @size bytes to a child through one pipe and back through another,
 * TRIPS times: the time of one trip. */
static unsigned long trips(char *buf, long size)
{
	int there[2], back[2];
	unsigned long t;
	long pid;

	lsys2(LNR_PIPE2, (long)there, 0);
	lsys2(LNR_PIPE2, (long)back, 0);
	pid = child();
	if (!pid) {
		for (int i = 0; i < TRIPS; i++) {
			move(0, there[0], buf, size);
			move(1, back[1], buf, size);
		}
		lsys1(LNR_EXIT_GROUP, 0);
	}
	t = now_ns();
	for (int i = 0; i < TRIPS; i++) {
		move(1, there[1], buf, size);
		move(0, back[0], buf, size);
	}
	t = now_ns() - t;
	lsys4(LNR_WAIT4, pid, 0, 0, 0);
	for (int i = 0; i < 2; i++) {
		lsys1(LNR_CLOSE, there[i]);
		lsys1(LNR_CLOSE, back[i]);
	}
	return t;
}

void cmain(long *sp)
{
	unsigned long t;
	long fd;
	char *mem, *buf;

	(void)sp;
	t = now_ns();
	for (int i = 0; i < CALLS; i++)
		lsys1(LNR_GETPPID, 0);
	line("linux_getppid", CALLS, now_ns() - t);
	fd = lsys3(LNR_OPENAT, -100, (long)"/dev/null", 1);
	t = now_ns();
	for (int i = 0; i < CALLS; i++)
		lsys3(LNR_WRITE, fd, (long)"x", 1);
	line("linux_write_1", CALLS, now_ns() - t);
	mem = (char *)lsys6(LNR_MMAP, 0, PAGES * 4096, 3, 0x22, -1, 0);
	t = now_ns();
	for (int i = 0; i < PAGES; i++)
		mem[i * 4096] = 1;
	line("linux_page_fault", PAGES, now_ns() - t);
	/* The fork copies what the process has: a few pages, once the
	 * megabyte above is gone (each private page more costs about
	 * 3,500 instructions: Documentation/linux.rst, "Cost"). */
	lsys2(LNR_MUNMAP, (long)mem, PAGES * 4096);
	buf = (char *)lsys6(LNR_MMAP, 0, BIG, 3, 0x22, -1, 0);
	line("linux_fork_exit_wait", FORKS, forks());
	line("linux_pipe_trip_1", TRIPS, trips(buf, 1));
	line("linux_pipe_trip_64k", TRIPS, trips(buf, BIG));
	lsys1(LNR_EXIT_GROUP, 0);
	for (;;)
		;
}
