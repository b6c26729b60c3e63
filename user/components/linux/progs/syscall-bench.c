// SPDX-License-Identifier: BSD-2-Clause
/*
 * What a Linux system call costs through the personality
 * (Documentation/linux.rst, "Cost"): getppid (the round trip: fault,
 * dispatch, reply), a 1-byte write to /dev/null (a copy out of the
 * process's memory too) and the first touch of a fresh anonymous page
 * (a fault that makes, maps and zeroes a frame). The generic timer's
 * count is read around each batch; under QEMU -icount shift=0 a
 * nanosecond is an instruction, so `make bench` reads these lines as
 * instructions per operation.
 */
#include "linux-syscall.h"

#define LNR_GETPPID 173
#define CALLS	    2000
#define PAGES	    256

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

void cmain(long *sp)
{
	unsigned long t;
	long fd;
	char *mem;

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
	lsys1(LNR_EXIT_GROUP, 0);
	for (;;)
		;
}
