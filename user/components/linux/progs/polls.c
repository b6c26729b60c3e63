// SPDX-License-Identifier: BSD-2-Clause
/*
 * ppoll and pselect6 over pipes, a file and the terminal, for the
 * personality (Documentation/linux.rst; tests/system/test_shell.py):
 * readiness as it changes (empty, data, the writer gone), a timeout that
 * lasts, a wait a child's write ends, and the refusals. Each result is
 * printed as "polls: <what> = <value>".
 */
#include "linux-syscall.h"

#define LNR_PSELECT6  72
#define LNR_PPOLL     73
#define LNR_NANOSLEEP 101
#define SIGCHLD	      17
#define POLLIN	      0x1
#define POLLOUT	      0x4
#define POLLHUP	      0x10
#define POLLNVAL      0x20
#define O_RDONLY      0
#define AT_FDCWD      -100
#define MS	      1000000l

#define result(what, v) lreport("polls", what, v)

struct pollfd {
	int fd;
	short events, revents;
};

static long poll1(int fd, short events, long timeout_ns, short *revents)
{
	struct pollfd p = { fd, events, -1 };
	long ts[2] = { timeout_ns / 1000000000, timeout_ns % 1000000000 };
	long r = lsys6(LNR_PPOLL, (long)&p, 1, timeout_ns < 0 ? 0 : (long)ts, 0,
		       8, 0);

	*revents = p.revents;
	return r;
}

static long now_ms(void)
{
	long ts[2];

	lsys2(LNR_CLOCK_GETTIME, 1 /* CLOCK_MONOTONIC */, (long)ts);
	return ts[0] * 1000 + ts[1] / 1000000;
}

/* pselect6 for reading @fd with a timeout of @ms: its result, and
 * whether @fd's bit is set after. */
static long select_read(int fd, long ms, int *set)
{
	unsigned long bits = 1ul << fd;
	long ts[2] = { ms / 1000, ms % 1000 * 1000000 };
	long r = lsys6(LNR_PSELECT6, fd + 1, (long)&bits, 0, 0, (long)ts, 0);

	*set = (int)(bits >> fd & 1);
	return r;
}

void cmain(long *sp)
{
	int fds[2], set, file;
	short rev;
	long t, pid;
	char c = 'x';

	(void)sp;
	lsys2(LNR_PIPE2, (long)fds, 0);
	result("empty pipe, ppoll 0", poll1(fds[0], POLLIN, 0, &rev));
	result("revents", rev);
	result("its write end", poll1(fds[1], POLLOUT, 0, &rev));
	result("revents (POLLOUT)", rev);
	t = now_ms();
	result("empty pipe, ppoll 50 ms", poll1(fds[0], POLLIN, 50 * MS, &rev));
	result("it lasted 50 ms at least", now_ms() - t >= 50);
	lsys3(LNR_WRITE, fds[1], (long)&c, 1);
	result("a byte in it", poll1(fds[0], POLLIN, 0, &rev));
	result("revents (POLLIN)", rev);
	result("pselect6 on it", select_read(fds[0], 0, &set));
	result("its bit", set);
	lsys3(LNR_READ, fds[0], (long)&c, 1);
	result("read again, pselect6 20 ms", select_read(fds[0], 20, &set));
	result("its bit", set);
	/* A wait that a child's write ends. */
	pid = lsys6(LNR_CLONE, SIGCHLD, 0, 0, 0, 0, 0);
	if (!pid) {
		long ts[2] = { 0, 30 * MS };

		lsys2(LNR_NANOSLEEP, (long)ts, 0);
		lsys3(LNR_WRITE, fds[1], (long)&c, 1);
		lsys1(LNR_EXIT_GROUP, 0);
	}
	t = now_ms();
	result("ppoll without a timeout", poll1(fds[0], POLLIN, -1, &rev));
	result("revents (POLLIN)", rev);
	result("it waited for the child", now_ms() - t >= 30);
	lsys4(LNR_WAIT4, pid, 0, 0, 0);
	lsys3(LNR_READ, fds[0], (long)&c, 1);
	lsys1(LNR_CLOSE, fds[1]);
	result("no writer left", poll1(fds[0], POLLIN, -1, &rev));
	result("revents (POLLHUP)", rev);
	lsys1(LNR_CLOSE, fds[0]);
	result("a closed descriptor", poll1(fds[0], POLLIN, 0, &rev));
	result("revents (POLLNVAL)", rev);
	file = (int)lsys3(LNR_OPENAT, AT_FDCWD, (long)"/etc/passwd", O_RDONLY);
	result("a file", poll1(file, POLLIN | POLLOUT, 0, &rev));
	result("revents (POLLIN | POLLOUT)", rev);
	result("pselect6 on the file", select_read(file, 0, &set));
	result("the terminal, nothing typed", poll1(0, POLLIN, 0, &rev));
	result("the terminal's output", poll1(1, POLLOUT, 0, &rev));
	result("revents (POLLOUT)", rev);
	result("ppoll bad pointer", lsys6(LNR_PPOLL, 0x10, 1, 0, 0, 8, 0));
	result("ppoll too many",
	       lsys6(LNR_PPOLL, (long)&rev, 1 << 20, 0, 0, 8, 0));
	result("pselect6 too many",
	       lsys6(LNR_PSELECT6, 1 << 20, 0, 0, 0, 0, 0));
	lsys1(LNR_EXIT_GROUP, 0);
	for (;;)
		;
}
