// SPDX-License-Identifier: BSD-2-Clause
/*
 * What a Linux system call costs through the personality
 * (Documentation/linux.rst, "Cost"): getppid (the round trip: fault,
 * dispatch, reply), a 1-byte write to /dev/null (a copy out of the
 * process's memory too), the first touch of a fresh anonymous page
 * (a fault that makes, maps and zeroes a frame), a fork + exit + wait4
 * of this small process, and a round trip of 1 byte and of 64 KiB
 * through two pipes to a child and back, and a signal the process sends
 * itself (kill, its handler's frame written, the handler, rt_sigreturn
 * through the personality's trampoline). The generic timer's
 * count is read around each batch; under QEMU -icount shift=0 a
 * nanosecond is an instruction, so `make bench` reads these lines as
 * instructions per operation.
 *
 * Each figure is the median of 16 batches: a timer tick or another
 * component's work (lwIP's timers, DHCP) lands in some batch at a time
 * that depends on when the command was typed, and a first batch pays
 * for warming up (a pipe's child still being started); over the whole
 * run these made the figures differ from run to run. The batches are
 * far shorter than a tick (10 ms, 10 million instructions), so most
 * are free of it, and their median is the same in every run.
 */
#include "linux-syscall.h"

#define LNR_GETPPID	 173
#define LNR_GETPID	 172
#define LNR_KILL	 129
#define LNR_RT_SIGACTION 134
#define SIGUSR1		 10
#define SIGNALS		 20  /* a batch of signals */
#define BATCHES		 16  /* of the calls and of the page faults */
#define CALLS		 100 /* a batch of getppid or write */
#define PAGES		 16  /* a batch of page faults */
#define FORKS		 16  /* each a batch of its own */
#define TRIPS		 16  /* each a batch of its own */
#define BIG		 65536
#define SIGCHLD		 17

static unsigned long now_ns(void)
{
	unsigned long c, f;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(c) : : "memory");
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return c / f * 1000000000ul + c % f * 1000000000ul / f;
}

static void line(const char *what, unsigned long v)
{
	char buf[24];

	lout("BENCH ");
	lout(what);
	lout(" per_op=");
	lout(lnum(buf, (long)v));
	lout("\n");
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

/* The median of @n per-operation figures (sorted in place). */
static unsigned long median(unsigned long *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			unsigned long x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[n / 2];
}

/* The median of @batches runs of @body, each of @ops operations, in
 * nanoseconds per operation, into @res. */
#define MEDIAN(res, batches, ops, body)                      \
	do {                                                 \
		unsigned long v_[batches];                   \
		for (int b_ = 0; b_ < (batches); b_++) {     \
			unsigned long t_ = now_ns();         \
			for (int i_ = 0; i_ < (ops); i_++) { \
				body;                        \
			}                                    \
			v_[b_] = (now_ns() - t_) / (ops);    \
		}                                            \
		(res) = median(v_, (batches));               \
	} while (0)

static void on_usr1(int sig)
{
	(void)sig;
}

static void signals_bench(void)
{
	unsigned long act[4] = { (unsigned long)on_usr1, 0, 0, 0 }, t;
	long pid = lsys1(LNR_GETPID, 0);

	lsys4(LNR_RT_SIGACTION, SIGUSR1, (long)act, 0, 8);
	MEDIAN(t, BATCHES, SIGNALS, lsys2(LNR_KILL, pid, SIGUSR1));
	line("linux_signal", t);
}

static long child(void)
{
	return lsys6(LNR_CLONE, SIGCHLD, 0, 0, 0, 0, 0);
}

static void fork_exit_wait(void)
{
	long pid = child();

	if (!pid)
		lsys1(LNR_EXIT_GROUP, 0);
	lsys4(LNR_WAIT4, pid, 0, 0, 0);
}

/* @size bytes to a child through one pipe and back through another,
 * TRIPS times: the median trip. */
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
	MEDIAN(t, TRIPS, 1, {
		move(1, there[1], buf, size);
		move(0, back[0], buf, size);
	});
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
	char *mem, *buf, *p;

	(void)sp;
	MEDIAN(t, BATCHES, CALLS, lsys1(LNR_GETPPID, 0));
	line("linux_getppid", t);
	fd = lsys3(LNR_OPENAT, -100, (long)"/dev/null", 1);
	MEDIAN(t, BATCHES, CALLS, lsys3(LNR_WRITE, fd, (long)"x", 1));
	line("linux_write_1", t);
	mem = (char *)lsys6(LNR_MMAP, 0, BATCHES * PAGES * 4096, 3, 0x22, -1,
			    0);
	p = mem;
	MEDIAN(t, BATCHES, PAGES, {
		*p = 1;
		p += 4096;
	});
	line("linux_page_fault", t);
	/* The fork copies what the process has: a few pages, once the
	 * megabyte above is gone (each private page more costs about
	 * 3,500 instructions: Documentation/linux.rst, "Cost"). */
	lsys2(LNR_MUNMAP, (long)mem, BATCHES * PAGES * 4096);
	buf = (char *)lsys6(LNR_MMAP, 0, BIG, 3, 0x22, -1, 0);
	MEDIAN(t, FORKS, 1, fork_exit_wait());
	line("linux_fork_exit_wait", t);
	line("linux_pipe_trip_1", trips(buf, 1));
	line("linux_pipe_trip_64k", trips(buf, BIG));
	signals_bench();
	lsys1(LNR_EXIT_GROUP, 0);
	for (;;)
		;
}
