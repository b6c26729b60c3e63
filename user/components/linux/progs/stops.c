// SPDX-License-Identifier: BSD-2-Clause
/*
 * Stopping and continuing a process, and waitid, for the personality
 * (Documentation/linux.rst, "Signals"; tests/system/test_shell.py): a
 * child that writes a byte to a pipe every millisecond is stopped with
 * SIGSTOP (no byte comes while it is), reported by waitid(WSTOPPED) and
 * once only, continued with SIGCONT (the bytes come again), reported by
 * waitid(WCONTINUED), killed with SIGTERM, seen with WNOWAIT and reaped
 * with wait4; then waitid's refusals.
 *
 * Each result is printed as "stops: <what> = <value>".
 */
#include "linux-syscall.h"

#define LNR_KILL      129
#define LNR_WAITID    95
#define LNR_NANOSLEEP 101
#define SIGTERM	      15
#define SIGCHLD	      17
#define SIGCONT	      18
#define SIGSTOP	      19
#define O_NONBLOCK    04000
#define P_ALL	      0
#define P_PID	      1
#define WNOHANG	      1
#define WSTOPPED      2
#define WEXITED	      4
#define WCONTINUED    8
#define WNOWAIT	      0x01000000

#define result(what, v) lreport("stops", what, v)

static void sleep_ms(long ms)
{
	long ts[2] = { ms / 1000, ms % 1000 * 1000000 };

	lsys2(LNR_NANOSLEEP, (long)ts, 0);
}

/* Bytes waiting in the (non-blocking) pipe, all read. */
static long drain(int fd)
{
	char buf[256];
	long n = 0, r;

	while ((r = lsys3(LNR_READ, fd, (long)buf, sizeof(buf))) > 0)
		n += r;
	return n;
}

/* A byte a millisecond for 3 s, then exit 7. */
static void ticker(int fd)
{
	char c = 't';

	for (int i = 0; i < 3000; i++) {
		lsys3(LNR_WRITE, fd, (long)&c, 1);
		sleep_ms(1);
	}
	lsys1(LNR_EXIT_GROUP, 7);
}

struct info {
	int signo, err, code, pad;
	int pid, uid, status;
	int rest[25];
};

/* waitid(P_PID, pid, &info, options): its result; the fields in *i. */
static long waitid(long pid, long options, struct info *i)
{
	for (unsigned int k = 0; k < sizeof(*i) / sizeof(int); k++)
		((int *)i)[k] = -1;
	return lsys6(LNR_WAITID, P_PID, pid, (long)i, options, 0, 0);
}

void cmain(long *sp)
{
	int fds[2], status = -1;
	struct info i;
	long pid;

	(void)sp;
	lsys2(LNR_PIPE2, (long)fds, O_NONBLOCK);
	pid = lsys6(LNR_CLONE, SIGCHLD, 0, 0, 0, 0, 0);
	if (!pid)
		ticker(fds[1]);
	sleep_ms(20);
	result("bytes while it runs > 0", drain(fds[0]) > 0);
	result("kill SIGSTOP", lsys2(LNR_KILL, pid, SIGSTOP));
	result("waitid WSTOPPED", waitid(pid, WSTOPPED, &i));
	result("si_signo", i.signo);
	result("si_code (CLD_STOPPED)", i.code);
	result("si_pid is the child", i.pid == pid);
	result("si_status", i.status);
	drain(fds[0]); /* what it wrote before it stopped */
	sleep_ms(50);
	result("bytes while it is stopped", drain(fds[0]));
	result("waitid WSTOPPED again, WNOHANG",
	       waitid(pid, WSTOPPED | WNOHANG, &i));
	result("si_pid then", i.pid);
	result("kill SIGCONT", lsys2(LNR_KILL, pid, SIGCONT));
	result("waitid WCONTINUED", waitid(pid, WCONTINUED, &i));
	result("si_code (CLD_CONTINUED)", i.code);
	result("si_status", i.status);
	sleep_ms(20);
	result("bytes once continued > 0", drain(fds[0]) > 0);
	result("kill SIGTERM", lsys2(LNR_KILL, pid, SIGTERM));
	result("waitid WEXITED | WNOWAIT", waitid(pid, WEXITED | WNOWAIT, &i));
	result("si_code (CLD_KILLED)", i.code);
	result("si_status", i.status);
	result("wait4 reaps it",
	       lsys4(LNR_WAIT4, pid, (long)&status, 0, 0) == pid);
	result("wait4 status", status);
	result("waitid no options", waitid(pid, 0, &i));
	result("waitid bad idtype",
	       lsys6(LNR_WAITID, 9, 0, (long)&i, WEXITED, 0, 0));
	result("waitid no child",
	       lsys6(LNR_WAITID, P_ALL, 0, (long)&i, WEXITED, 0, 0));
	lsys1(LNR_EXIT_GROUP, 0);
	for (;;)
		;
}
