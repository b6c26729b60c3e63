// SPDX-License-Identifier: BSD-2-Clause
/*
 * The process, memory, time and signal system calls (Documentation/
 * linux.rst, "System calls"). Each process has one thread: its pid is
 * its thread id; all run as root. Signals are kept (actions, mask) and
 * take their default action (proc.c); a caught one stays pending, as no
 * handler runs yet.
 */
#include <string.h>
#include <libkaal/counter.h>
#include "linux.h"
#include "stack.h"
#include "sys.h"

#define L_ETIMEDOUT 110

/* exit (93) ends the calling thread, the process with its last one;
 * exit_group (94) the process. */
long sys_exit(struct proc *p, const struct sysargs *a)
{
	if (a->nr == 93)
		proc_exit_thread(p, (int)(a->a[0] & 0xff));
	else
		proc_exit(p, (int)(a->a[0] & 0xff), 0);
	return SYS_NO_REPLY;
}

/* ---- processes --------------------------------------------------------- */

#define CLONE_VM      0x100ull
#define CLONE_FS      0x200ull
#define CLONE_FILES   0x400ull
#define CLONE_SIGHAND 0x800ull
#define CLONE_VFORK   0x4000ull
#define CLONE_THREAD  0x10000ull
/* A thread: what glibc's pthread_create asks for. */
#define CLONE_THREAD_NEEDS \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
/* What fork and vfork may ask for besides: the exit signal (low byte),
 * the thread ids, the thread pointer (posix_spawn), CLONE_SYSVSEM and
 * CLONE_DETACHED (no effect here). */
#define CLONE_FORK_FLAGS                                                      \
	(0xffull | 0x40000ull /* SYSVSEM */ | 0x80000ull /* SETTLS */ |       \
	 0x100000ull /* PARENT_SETTID */ | 0x200000ull /* CHILD_CLEARTID */ | \
	 0x400000ull /* DETACHED */ | 0x1000000ull /* CHILD_SETTID */)

/* clone(flags, stack, parent_tid, tls, child_tid): fork (no CLONE_VM),
 * vfork (CLONE_VM | CLONE_VFORK), or a thread (CLONE_THREAD with the
 * memory, descriptors, directory and signal actions shared: what
 * pthread_create asks). CLONE_THREAD without CLONE_SIGHAND, or
 * CLONE_SIGHAND without CLONE_VM, is EINVAL as in Linux; a thread with a
 * descriptor table or directory of its own, shared memory without a
 * thread, or a process sharing its parent's descriptor table or
 * directory (CLONE_FILES, CLONE_FS without CLONE_THREAD), ENOSYS. */
long sys_clone(struct proc *p, const struct sysargs *a)
{
	uint64_t flags = a->a[0];
	struct clone_req c = { flags, a->a[1], a->a[3], a->a[2], a->a[4] };
	long pid;

	if (p->waiting == WAIT_VFORK_DONE) { /* the same call, made again */
		p->waiting = WAIT_NONE;
		return p->vfork_child;
	}
	if (((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) ||
	    ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)))
		return -L_EINVAL;
	if (flags & CLONE_THREAD) {
		if ((flags & CLONE_THREAD_NEEDS) != CLONE_THREAD_NEEDS ||
		    (flags & CLONE_VFORK))
			return -L_ENOSYS;
		if (flags & ~(CLONE_FORK_FLAGS | CLONE_THREAD_NEEDS))
			return -L_EINVAL;
		return proc_thread(p, &c);
	}
	/* Two processes sharing memory, or a descriptor table or
	 * directory: not served. */
	if (((flags & CLONE_VM) && !(flags & CLONE_VFORK)) ||
	    (flags & (CLONE_FILES | CLONE_FS)))
		return -L_ENOSYS;
	if (flags & ~(CLONE_FORK_FLAGS | CLONE_VM | CLONE_VFORK))
		return -L_EINVAL;
	if ((flags & 0xff) > L_NSIG)
		return -L_EINVAL;
	pid = proc_fork(p, &c);
	if (pid < 0 || !(flags & CLONE_VFORK))
		return pid;
	/* vfork: we wait until the child execs or ends, then make this
	 * call again and get its pid (above). */
	p->waiting = WAIT_VFORK;
	p->vfork_child = (uint32_t)pid;
	kaal_thread_suspend(p->tcb);
	return SYS_NO_REPLY;
}

#define EXEC_MAX_ARGS 256
#define EXEC_ARG_MAX  (32u << 10)

/* A NULL-terminated vector of strings of the process into @arena (from
 * *@used on) and @vec: its count, or -L_E*. */
static long copy_in_vec(struct proc *p, uint64_t uvec, char *arena,
			size_t *used, char **vec)
{
	long n = 0;

	if (!uvec) { /* Linux takes NULL for an empty vector */
		vec[0] = NULL;
		return 0;
	}
	for (;; n++) {
		uint64_t ptr;
		long len;

		if (copy_in(p->vm, &ptr, uvec + (uint64_t)n * 8, sizeof(ptr)))
			return -L_EFAULT;
		if (!ptr)
			break;
		if (n == EXEC_MAX_ARGS - 1 || *used >= EXEC_ARG_MAX)
			return -L_E2BIG;
		len = copy_in_str(p->vm, arena + *used, ptr,
				  EXEC_ARG_MAX - *used);
		if (len < 0)
			return len == -L_ENAMETOOLONG ? -L_E2BIG : len;
		vec[n] = arena + *used;
		*used += (size_t)len + 1;
	}
	vec[n] = NULL;
	return n;
}

long sys_execve(struct proc *p, const struct sysargs *a)
{
	static char arena[EXEC_ARG_MAX], path[PATH_MAX_LEN + 1];
	static char *argv[EXEC_MAX_ARGS], *envp[EXEC_MAX_ARGS];
	size_t used = 0;
	long argc, envc, n = copy_in_str(p->vm, path, a->a[0], sizeof(path));

	if (n < 0)
		return n;
	if (!n)
		return -L_ENOENT;
	argc = copy_in_vec(p, a->a[1], arena, &used, argv);
	if (argc < 0)
		return argc;
	envc = copy_in_vec(p, a->a[2], arena, &used, envp);
	if (envc < 0)
		return envc;
	if (argc > STACK_MAX_ARGS || envc > STACK_MAX_ARGS)
		return -L_E2BIG;
	return proc_execve(p, path, (int)argc, argv, (int)envc, envp);
}

#define L_WNOHANG    1
#define L_WUNTRACED  2
#define L_WCONTINUED 8
#define L_WALL	     0x40000000u
#define L_WCLONE     0x80000000u

/* Is @q a child @p waits for with @pid (wait4's: > 0 that one, -1 any,
 * 0 its own group, < -1 that group)? */
static bool waits_for(struct proc *p, const struct proc *q, int64_t pid)
{
	p = grp(p);
	if (q->state == P_FREE || q->ppid != p->pid || q == p)
		return false;
	if (pid > 0)
		return q->pid == (uint64_t)pid;
	if (pid == -1)
		return true;
	return q->pgid == (pid ? (uint64_t)-pid : p->pgid);
}

#define L_WSTOPPED	2 /* waitid's name for WUNTRACED */
#define L_WEXITED	4
#define L_WNOWAIT	0x01000000u
/* waitid's si_code (CLD_*) */
#define L_CLD_EXITED	1
#define L_CLD_KILLED	2
#define L_CLD_STOPPED	5
#define L_CLD_CONTINUED 6

/* A child of @p that a wait with @pid (waits_for) and @opts (WEXITED,
 * WUNTRACED/WSTOPPED, WCONTINUED, WNOWAIT) may report now, or NULL;
 * *@status: its status as wait4 encodes it. Unless WNOWAIT, the report
 * is taken (a stop or continuation) or the zombie reaped by the caller.
 * *@any: there is such a child at all. */
static struct proc *wait_ready(struct proc *p, int64_t pid, uint64_t opts,
			       int *status, bool *any)
{
	*any = false;
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
		struct proc *q = &procs[i];

		if (!waits_for(p, q, pid))
			continue;
		*any = true;
		if (q->state == P_ZOMBIE && (opts & L_WEXITED)) {
			*status = q->wstatus;
			return q;
		}
		if (q->state == P_LIVE && q->report &&
		    (opts &
		     (q->report == 0xffff ? L_WCONTINUED : L_WSTOPPED))) {
			*status = q->report;
			if (!(opts & L_WNOWAIT))
				q->report = 0;
			return q;
		}
	}
	return NULL;
}

/* Nothing to report yet: -ECHILD without a child to wait for, 0 with
 * WNOHANG, else wait (a child's end, stop or continuation wakes us and
 * the call is made again). */
static long wait_more(struct proc *p, bool any, uint64_t opts)
{
	if (!any)
		return -L_ECHILD;
	if (opts & L_WNOHANG)
		return 0;
	p->waiting = WAIT_CHILD;
	kaal_thread_suspend(p->tcb);
	return SYS_NO_REPLY;
}

long sys_wait4(struct proc *p, const struct sysargs *a)
{
	int64_t pid = (int32_t)a->a[0];
	uint64_t opts = a->a[2];
	struct proc *q;
	int status;
	long cpid;
	bool any;

	if (opts & ~(uint64_t)(L_WNOHANG | L_WUNTRACED | L_WCONTINUED | L_WALL |
			       L_WCLONE))
		return -L_EINVAL;
	if (pid == INT32_MIN)
		return -L_ESRCH;
	p->waiting = WAIT_NONE;
	q = wait_ready(p, pid, opts | L_WEXITED, &status, &any);
	if (!q)
		return wait_more(p, any, opts);
	if (a->a[1] && copy_out(p->vm, a->a[1], &status, sizeof(status)))
		return -L_EFAULT;
	if (a->a[3]) {
		uint8_t ru[144] = { 0 };

		if (copy_out(p->vm, a->a[3], ru, sizeof(ru)))
			return -L_EFAULT;
	}
	cpid = q->pid;
	if (q->state == P_ZOMBIE)
		proc_reap(q);
	return cpid;
}

/* waitid(idtype, id, infop, options, rusage): P_ALL (0), P_PID (1) or
 * P_PGID (2, id 0: the caller's group); the child's state in a siginfo
 * (SIGCHLD, CLD_*, si_pid, si_uid 0, si_status the exit code or the
 * signal); 0, or with WNOHANG and nothing ready 0 and si_pid 0. */
long sys_waitid(struct proc *p, const struct sysargs *a)
{
	uint64_t type = a->a[0], id = a->a[1], opts = a->a[3];
	uint8_t info[128] = { 0 };
	int32_t word[2];
	struct proc *q;
	int64_t pid;
	int status;
	bool any;

	if ((opts &
	     ~(uint64_t)(L_WNOHANG | L_WSTOPPED | L_WEXITED | L_WCONTINUED |
			 L_WNOWAIT | L_WALL | L_WCLONE)) ||
	    !(opts & (L_WSTOPPED | L_WEXITED | L_WCONTINUED)))
		return -L_EINVAL;
	if (type == 0)
		pid = -1;
	else if (type == 1 && id && id <= INT32_MAX)
		pid = (int64_t)id;
	else if (type == 2 && id <= INT32_MAX)
		pid = id ? -(int64_t)id : 0;
	else
		return -L_EINVAL;
	p->waiting = WAIT_NONE;
	q = wait_ready(p, pid, opts, &status, &any);
	if (!q) {
		long r = wait_more(p, any, opts);

		if (r == 0 && a->a[2] &&
		    copy_out(p->vm, a->a[2], info, sizeof(info)))
			return -L_EFAULT;
		return r;
	}
	word[0] = L_SIGCHLD;
	memcpy(info, word, 4); /* si_signo; si_errno 0 */
	if (status == 0xffff) {
		word[0] = L_CLD_CONTINUED;
		word[1] = L_SIGCONT;
	} else if ((status & 0xff) == 0x7f) {
		word[0] = L_CLD_STOPPED;
		word[1] = status >> 8;
	} else if (status & 0x7f) {
		word[0] = L_CLD_KILLED;
		word[1] = status & 0x7f;
	} else {
		word[0] = L_CLD_EXITED;
		word[1] = (status >> 8) & 0xff;
	}
	memcpy(info + 8, &word[0], 4);	/* si_code */
	memcpy(info + 16, &q->pid, 4);	/* si_pid; si_uid 0 */
	memcpy(info + 24, &word[1], 4); /* si_status */
	if (a->a[2] && copy_out(p->vm, a->a[2], info, sizeof(info)))
		return -L_EFAULT;
	if (a->a[4]) {
		uint8_t ru[144] = { 0 };

		if (copy_out(p->vm, a->a[4], ru, sizeof(ru)))
			return -L_EFAULT;
	}
	if (q->state == P_ZOMBIE && !(opts & L_WNOWAIT))
		proc_reap(q);
	return 0;
}

long sys_set_tid_address(struct proc *p, const struct sysargs *a)
{
	p->tid_address = a->a[0];
	return p->pid;
}

long sys_set_robust_list(struct proc *p, const struct sysargs *a)
{
	if (a->a[1] != 24) /* sizeof(struct robust_list_head) */
		return -L_EINVAL;
	p->robust_list = a->a[0];
	return 0;
}

/* ---- time ------------------------------------------------------------- */

static long get_timespec(struct proc *p, uint64_t uts, uint64_t *ns)
{
	struct l_timespec ts;

	if (copy_in(p->vm, &ts, uts, sizeof(ts)))
		return -L_EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -L_EINVAL;
	*ns = (uint64_t)ts.tv_sec > UINT64_MAX / 1000000000ull - 1 ?
		      UINT64_MAX :
		      (uint64_t)ts.tv_sec * 1000000000ull +
			      (uint64_t)ts.tv_nsec;
	return 0;
}

static long put_timespec(struct proc *p, uint64_t uts, uint64_t ns)
{
	struct l_timespec ts = { (int64_t)(ns / 1000000000ull),
				 (int64_t)(ns % 1000000000ull) };

	return copy_out(p->vm, uts, &ts, sizeof(ts));
}

/* 0 once @deadline (ns of the counter) has passed; until then the
 * thread waits (wait_until) and makes its call again. */
static long sleep_until(struct proc *p, uint64_t deadline)
{
	if (now_ns() >= deadline) {
		p->waiting = WAIT_NONE;
		return 0;
	}
	return wait_until(p, deadline, WAIT_TIME);
}

static uint64_t deadline_after(uint64_t ns)
{
	uint64_t now = now_ns();

	return ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
}

long sys_nanosleep(struct proc *p, const struct sysargs *a)
{
	uint64_t ns;
	long err;

	if (p->waiting == WAIT_TIME) /* the same call, made again */
		return sleep_until(p, p->wake_ns);
	err = get_timespec(p, a->a[0], &ns);
	return err ? err : sleep_until(p, deadline_after(ns));
}

static bool clock_ok(uint64_t clk)
{
	return clk <= L_CLOCK_BOOTTIME;
}

long sys_clock_nanosleep(struct proc *p, const struct sysargs *a)
{
	uint64_t ns;
	long err;

	if (!clock_ok(a->a[0]) || a->a[0] == L_CLOCK_THREAD_CPUTIME_ID)
		return -L_EINVAL;
	if (a->a[1] & ~(uint64_t)L_TIMER_ABSTIME)
		return -L_EINVAL;
	if (p->waiting == WAIT_TIME)
		return sleep_until(p, p->wake_ns);
	err = get_timespec(p, a->a[2], &ns);
	if (err)
		return err;
	return sleep_until(p,
			   a->a[1] & L_TIMER_ABSTIME ? ns : deadline_after(ns));
}

/* Every clock reads the system counter: CLOCK_REALTIME too (there is no
 * clock of the date: the epoch is the boot), and the CPU-time clocks
 * count the time since the process started. */
long sys_clock_gettime(struct proc *p, const struct sysargs *a)
{
	uint64_t now = now_ns();

	if (!clock_ok(a->a[0]))
		return -L_EINVAL;
	if (a->a[0] == L_CLOCK_PROCESS_CPUTIME_ID ||
	    a->a[0] == L_CLOCK_THREAD_CPUTIME_ID)
		now -= p->start_ns;
	return put_timespec(p, a->a[1], now);
}

long sys_clock_getres(struct proc *p, const struct sysargs *a)
{
	uint64_t f = counter_frequency();

	if (!clock_ok(a->a[0]))
		return -L_EINVAL;
	if (!a->a[1])
		return 0;
	return put_timespec(p, a->a[1], f ? (1000000000ull + f - 1) / f : 1);
}

long sys_gettimeofday(struct proc *p, const struct sysargs *a)
{
	uint64_t now = now_ns();
	int64_t tv[2] = { (int64_t)(now / 1000000000ull),
			  (int64_t)(now % 1000000000ull / 1000) };
	int32_t tz[2] = { 0, 0 };

	if (a->a[0] && copy_out(p->vm, a->a[0], tv, sizeof(tv)))
		return -L_EFAULT;
	if (a->a[1] && copy_out(p->vm, a->a[1], tz, sizeof(tz)))
		return -L_EFAULT;
	return 0;
}

long sys_times(struct proc *p, const struct sysargs *a)
{
	uint64_t ticks = (now_ns() - p->start_ns) / 10000000ull; /* 100 Hz */
	int64_t tms[4] = { (int64_t)ticks, 0, 0, 0 };

	if (a->a[0] && copy_out(p->vm, a->a[0], tms, sizeof(tms)))
		return -L_EFAULT;
	return (long)(now_ns() / 10000000ull);
}

long sys_getrusage(struct proc *p, const struct sysargs *a)
{
	uint8_t ru[144] = { 0 };
	uint64_t run = now_ns() - p->start_ns;
	int64_t utime[2] = { (int64_t)(run / 1000000000ull),
			     (int64_t)(run % 1000000000ull / 1000) };

	if ((int64_t)a->a[0] != 0 && (int64_t)a->a[0] != -1 && a->a[0] != 1)
		return -L_EINVAL;
	if ((int64_t)a->a[0] != -1) /* RUSAGE_CHILDREN: none */
		memcpy(ru, utime, sizeof(utime));
	return copy_out(p->vm, a->a[1], ru, sizeof(ru));
}

/* ---- identity --------------------------------------------------------- */

long sys_getpid(struct proc *p, const struct sysargs *a)
{
	(void)a;
	return grp(p)->pid;
}

long sys_gettid(struct proc *p, const struct sysargs *a)
{
	(void)a;
	return p->pid;
}

long sys_getppid(struct proc *p, const struct sysargs *a)
{
	(void)a;
	return grp(p)->ppid; /* 1: the shell started it, for init */
}

long sys_getid(struct proc *p, const struct sysargs *a)
{
	(void)p;
	(void)a;
	return 0; /* root, the one user */
}

long sys_setid(struct proc *p, const struct sysargs *a)
{
	(void)p;
	return a->a[0] ? -L_EPERM : 0;
}

long sys_getresid(struct proc *p, const struct sysargs *a)
{
	uint32_t zero = 0;

	for (int i = 0; i < 3; i++)
		if (copy_out(p->vm, a->a[i], &zero, sizeof(zero)))
			return -L_EFAULT;
	return 0;
}

long sys_getgroups(struct proc *p, const struct sysargs *a)
{
	(void)p;
	return (int64_t)a->a[0] < 0 ? -L_EINVAL : 0;
}

/* Does @pid name the caller (0, its process or its own thread)? */
static bool self(struct proc *p, uint64_t pid)
{
	return !pid || pid == p->pid || pid == grp(p)->pid;
}

/* A process getpgid and getsid may ask about: any but a zombie (a
 * thread's id names its process). */
static struct proc *target(struct proc *p, uint64_t pid)
{
	struct proc *q = self(p, pid)		? p :
			 pid <= LINUX_BADGE_PID ? proc_find((uint32_t)pid) :
						  NULL;

	return q ? grp(q) : NULL;
}

long sys_getpgid(struct proc *p, const struct sysargs *a)
{
	struct proc *q = target(p, a->a[0]);

	return q ? (long)q->pgid : -L_ESRCH;
}

long sys_getsid(struct proc *p, const struct sysargs *a)
{
	struct proc *q = target(p, a->a[0]);

	return q ? (long)q->sid : -L_ESRCH;
}

static bool group_in_session(uint32_t pgid, uint32_t sid)
{
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++)
		if (procs[i].state != P_FREE && procs[i].pgid == pgid &&
		    procs[i].sid == sid)
			return true;
	return false;
}

/* setpgid(pid, pgid): itself or a child of its session, into a new group
 * of its own pid or an existing group of the session (POSIX's rules). */
long sys_setpgid(struct proc *p, const struct sysargs *a)
{
	struct proc *q = target(p, a->a[0]);
	uint64_t pgid;

	p = grp(p);
	if ((int64_t)a->a[1] < 0)
		return -L_EINVAL;
	if (!q || (q != p && q->ppid != p->pid))
		return -L_ESRCH;
	if (q->sid != p->sid || q->sid == q->pid)
		return -L_EPERM; /* another session, or a session leader */
	pgid = a->a[1] ? a->a[1] : q->pid;
	if (pgid != q->pid && (pgid > LINUX_BADGE_PID ||
			       !group_in_session((uint32_t)pgid, p->sid)))
		return -L_EPERM;
	q->pgid = (uint32_t)pgid;
	return 0;
}

long sys_setsid(struct proc *p, const struct sysargs *a)
{
	(void)a;
	p = grp(p);
	if (p->pgid == p->pid || group_in_session(p->pid, p->sid))
		return -L_EPERM; /* it leads a process group already */
	p->sid = p->pgid = p->pid;
	return p->sid;
}

long sys_uname(struct proc *p, const struct sysargs *a)
{
	struct l_utsname u;

	memset(&u, 0, sizeof(u));
	strcpy(u.sysname, "Linux");
	strcpy(u.nodename, "kaal");
	strcpy(u.release, "6.1.0-kaal");
	strcpy(u.version, "#1 KaaL Linux personality");
	strcpy(u.machine, "aarch64");
	strcpy(u.domainname, "(none)");
	return copy_out(p->vm, a->a[0], &u, sizeof(u));
}

long sys_umask(struct proc *p, const struct sysargs *a)
{
	uint32_t old = grp(p)->umask;

	grp(p)->umask = (uint32_t)a->a[0] & 0777;
	return old;
}

long sys_prctl(struct proc *p, const struct sysargs *a)
{
	char name[16];

	switch (a->a[0]) {
	case 15: /* PR_SET_NAME */
		if (copy_in_str(p->vm, name, a->a[1], sizeof(name)) < 0 &&
		    copy_in(p->vm, name, a->a[1], sizeof(name) - 1))
			return -L_EFAULT;
		name[sizeof(name) - 1] = '\0';
		memcpy(p->name, name, sizeof(p->name));
		return 0;
	case 16: /* PR_GET_NAME */
		return copy_out(p->vm, a->a[1], p->name, sizeof(p->name));
	case 3: /* PR_GET_DUMPABLE */
		return 1;
	case 4: /* PR_SET_DUMPABLE */
	case 1: /* PR_SET_PDEATHSIG */
		return 0;
	default:
		return -L_EINVAL;
	}
}

long sys_sysinfo(struct proc *p, const struct sysargs *a)
{
	struct {
		int64_t uptime;
		uint64_t loads[3];
		uint64_t totalram, freeram, sharedram, bufferram;
		uint64_t totalswap, freeswap;
		uint16_t procs, pad;
		uint32_t pad2;
		uint64_t totalhigh, freehigh;
		uint32_t mem_unit;
		uint8_t reserved[4];
	} si;
	uint64_t total = (uint64_t)VM_MAX_PAGES * PAGE_SIZE;

	_Static_assert(sizeof(si) == 112, "struct sysinfo");
	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(now_ns() / 1000000000ull);
	si.totalram = total;
	si.freeram = (uint64_t)(VM_MAX_PAGES - p->vm->npages) * PAGE_SIZE;
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++)
		si.procs += procs[i].state == P_LIVE;
	si.mem_unit = 1;
	return copy_out(p->vm, a->a[0], &si, sizeof(si));
}

/* ---- limits ----------------------------------------------------------- */

static long rlimit(struct proc *p, uint64_t res, uint64_t unew, uint64_t uold)
{
	uint64_t lim[2];

	if (res >= L_RLIMIT_NLIMITS)
		return -L_EINVAL;
	if (unew) {
		if (copy_in(p->vm, lim, unew, sizeof(lim)))
			return -L_EFAULT;
		if (lim[0] > lim[1])
			return -L_EINVAL;
	}
	if (uold && copy_out(p->vm, uold, grp(p)->rlim[res], sizeof(lim)))
		return -L_EFAULT;
	/* Kept and reported, not enforced (root may raise them). */
	if (unew)
		memcpy(grp(p)->rlim[res], lim, sizeof(lim));
	return 0;
}

long sys_getrlimit(struct proc *p, const struct sysargs *a)
{
	return rlimit(p, a->a[0], 0, a->a[1]);
}

long sys_setrlimit(struct proc *p, const struct sysargs *a)
{
	return rlimit(p, a->a[0], a->a[1], 0);
}

long sys_prlimit64(struct proc *p, const struct sysargs *a)
{
	if (!self(p, a->a[0]))
		return -L_ESRCH;
	return rlimit(p, a->a[1], a->a[2], a->a[3]);
}

/* ---- signals ---------------------------------------------------------- */

/* kill(pid, sig): > 0 that process, 0 the caller's group, -1 all but
 * the caller (and the shell, pid 1), < -1 that group. The caller's own
 * signal comes last, so that it still gets its answer if it lives. */
long sys_kill(struct proc *p, const struct sysargs *a)
{
	int64_t pid = (int32_t)a->a[0];
	uint64_t sig = a->a[1];
	bool found = false, to_self = false;

	if (sig > L_NSIG)
		return -L_EINVAL;
	if (pid == INT32_MIN)
		return -L_ESRCH;
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
		struct proc *q = &procs[i];
		bool hit = pid > 0   ? q->pid == (uint64_t)pid :
			   pid == -1 ? !q->leader && q != grp(p) :
			   pid == 0  ? q->pgid == grp(p)->pgid :
				       q->pgid == (uint64_t)-pid;

		if (q->state == P_FREE || !hit)
			continue;
		found = true;
		if (grp(q) == grp(p))
			to_self = true;
		else if (q->state == P_LIVE)
			proc_signal(q, (int)sig);
	}
	if (!found)
		return -L_ESRCH;
	if (to_self)
		proc_signal(p, (int)sig);
	return p->state == P_LIVE ? 0 : SYS_NO_REPLY;
}

/* tkill and tgkill: to the thread @tid (of process @tgid, unless 0). */
static long signal_thread(struct proc *p, uint64_t tgid, uint64_t tid,
			  uint64_t sig)
{
	struct proc *q = tid <= LINUX_BADGE_PID ? proc_find((uint32_t)tid) :
						  NULL;

	if ((int64_t)tid <= 0 || sig > L_NSIG)
		return -L_EINVAL;
	if (!q || q->waiting == WAIT_GONE || (tgid && grp(q)->pid != tgid))
		return -L_ESRCH;
	if (sig)
		proc_signal_thread(q, (int)sig);
	return p->state == P_LIVE ? 0 : SYS_NO_REPLY;
}

long sys_tkill(struct proc *p, const struct sysargs *a)
{
	return signal_thread(p, 0, a->a[0], a->a[1]);
}

long sys_tgkill(struct proc *p, const struct sysargs *a)
{
	if ((int64_t)a->a[0] <= 0)
		return -L_EINVAL;
	return signal_thread(p, a->a[0], a->a[1], a->a[2]);
}

long sys_rt_sigaction(struct proc *p, const struct sysargs *a)
{
	uint64_t sig = a->a[0];
	uint8_t act[L_SIGACTION_SIZE];

	if (a->a[3] != 8 || sig < 1 || sig > L_NSIG)
		return -L_EINVAL;
	if (a->a[1] && (sig == L_SIGKILL || sig == 19 /* SIGSTOP */))
		return -L_EINVAL;
	if (a->a[1] && copy_in(p->vm, act, a->a[1], sizeof(act)))
		return -L_EFAULT;
	if (a->a[2] &&
	    copy_out(p->vm, a->a[2], grp(p)->sigaction[sig - 1], sizeof(act)))
		return -L_EFAULT;
	if (a->a[1])
		memcpy(grp(p)->sigaction[sig - 1], act, sizeof(act));
	return 0;
}

long sys_rt_sigprocmask(struct proc *p, const struct sysargs *a)
{
	uint64_t set, old = p->sigmask;
	const uint64_t never = 1ull << (L_SIGKILL - 1) | 1ull << (19 - 1);

	if (a->a[3] != 8)
		return -L_EINVAL;
	if (a->a[1]) {
		if (a->a[0] > L_SIG_SETMASK)
			return -L_EINVAL;
		if (copy_in(p->vm, &set, a->a[1], sizeof(set)))
			return -L_EFAULT;
	}
	if (a->a[2] && copy_out(p->vm, a->a[2], &old, sizeof(old)))
		return -L_EFAULT;
	if (!a->a[1])
		return 0;
	if (a->a[0] == L_SIG_BLOCK)
		p->sigmask |= set;
	else if (a->a[0] == L_SIG_UNBLOCK)
		p->sigmask &= ~set;
	else
		p->sigmask = set;
	p->sigmask &= ~never;
	/* A pending signal no longer blocked takes its action now (a
	 * caught one when the call returns: main.c). */
	sig_act_unblocked(p);
	return p->state == P_LIVE ? 0 : SYS_NO_REPLY;
}

long sys_sigaltstack(struct proc *p, const struct sysargs *a)
{
	uint8_t ss[sizeof(p->altstack)];

	if (a->a[0] && copy_in(p->vm, ss, a->a[0], sizeof(ss)))
		return -L_EFAULT;
	if (a->a[1] && copy_out(p->vm, a->a[1], p->altstack, sizeof(ss)))
		return -L_EFAULT;
	if (a->a[0])
		memcpy(p->altstack, ss, sizeof(ss));
	return 0;
}

/* ---- threads ---------------------------------------------------------- */

/* Wait on the futex word @uaddr until a FUTEX_WAKE (0), @deadline
 * (ETIMEDOUT) or a signal (EINTR); made again when resumed. */
static long futex_wait(struct proc *p, uint64_t uaddr, uint32_t expect,
		       uint64_t deadline)
{
	uint32_t val;

	if (copy_in(p->vm, &val, uaddr, sizeof(val)))
		return -L_EFAULT;
	if (val != expect)
		return -L_EAGAIN;
	if (now_ns() >= deadline)
		return -L_ETIMEDOUT;
	p->wait_obj = p->vm;
	p->futex_addr = uaddr;
	p->futex_woken = false;
	return wait_until(p, deadline, WAIT_FUTEX);
}

/* futex(uaddr, op, val, timeout, uaddr2, val3): FUTEX_WAIT (a relative
 * timeout) and FUTEX_WAIT_BITSET (an absolute one, of the monotonic
 * clock or, with FUTEX_CLOCK_REALTIME, the real one: the same clock
 * here), FUTEX_WAKE and FUTEX_WAKE_BITSET (any bit set wakes: waiters
 * are not told apart by their bits); private or not, the same (no memory
 * is shared between processes). Other operations: ENOSYS. */
long sys_futex(struct proc *p, const struct sysargs *a)
{
	uint32_t op = (uint32_t)a->a[1] & L_FUTEX_CMD_MASK;
	uint64_t uaddr = a->a[0], ns, deadline = UINT64_MAX;
	long err;

	if (p->waiting == WAIT_FUTEX) { /* the same call, made again */
		if (p->futex_woken) {
			p->waiting = WAIT_NONE;
			return 0;
		}
		if (now_ns() >= p->wake_ns) {
			p->waiting = WAIT_NONE;
			return -L_ETIMEDOUT;
		}
		return wait_until(p, p->wake_ns, WAIT_FUTEX);
	}
	if (uaddr & 3)
		return -L_EINVAL;
	if ((op == L_FUTEX_WAIT_BITSET || op == L_FUTEX_WAKE_BITSET) &&
	    !(uint32_t)a->a[5])
		return -L_EINVAL;
	switch (op) {
	case L_FUTEX_WAKE:
	case L_FUTEX_WAKE_BITSET:
		return futex_wake(p->vm, uaddr, (uint32_t)a->a[2]);
	case L_FUTEX_WAIT:
	case L_FUTEX_WAIT_BITSET:
		if (a->a[3]) {
			err = get_timespec(p, a->a[3], &ns);
			if (err)
				return err;
			deadline = op == L_FUTEX_WAIT ? deadline_after(ns) : ns;
		}
		return futex_wait(p, uaddr, (uint32_t)a->a[2], deadline);
	default:
		return -L_ENOSYS;
	}
}

long sys_sched_getaffinity(struct proc *p, const struct sysargs *a)
{
	uint64_t mask = 1; /* one CPU runs threads */

	if (!self(p, a->a[0]))
		return -L_ESRCH;
	if (a->a[1] < sizeof(mask) || (a->a[1] & 7))
		return -L_EINVAL;
	return copy_out(p->vm, a->a[2], &mask, sizeof(mask)) ?
		       -L_EFAULT :
		       (long)sizeof(mask);
}

long sys_sched_yield(struct proc *p, const struct sysargs *a)
{
	(void)p;
	(void)a;
	return 0;
}

/* ---- memory ----------------------------------------------------------- */

long sys_brk(struct proc *p, const struct sysargs *a)
{
	return (long)vm_brk(p->vm, a->a[0]);
}

long sys_munmap(struct proc *p, const struct sysargs *a)
{
	return vm_munmap(p->vm, a->a[0], a->a[1]);
}

long sys_mprotect(struct proc *p, const struct sysargs *a)
{
	return vm_mprotect(p->vm, a->a[0], a->a[1], (uint32_t)a->a[2]);
}

long sys_madvise(struct proc *p, const struct sysargs *a)
{
	if (a->a[0] & (PAGE_SIZE - 1))
		return -L_EINVAL;
	if (a->a[2] == L_MADV_DONTNEED || a->a[2] == 8 /* MADV_FREE */)
		return vm_dontneed(p->vm, a->a[0], a->a[1]);
	return 0; /* advice only */
}

/* One fileimg per archive file, for the regions that map it. */
static struct fileimg archive_img[ARCHIVE_MAX_FILES];

/* A private mapping of a ramfs file: anonymous memory filled with the
 * file's bytes as they are now. */
static long map_copy(struct proc *p, const struct sysargs *a, struct ofile *of)
{
	static uint8_t buf[4096];
	uint64_t len = a->a[1], off = a->a[5], addr, done = 0;
	uint32_t flags = ((uint32_t)a->a[3] & ~(uint32_t)L_MAP_TYPE) |
			 L_MAP_PRIVATE;
	long r =
		vm_mmap(p->vm, a->a[0], len, (uint32_t)a->a[2], flags, NULL, 0);

	if (r < 0)
		return r;
	addr = (uint64_t)r;
	while (done < len) {
		uint64_t want = len - done < sizeof(buf) ? len - done :
							   sizeof(buf);
		int64_t save = ramfs_seek(&linux_fs, (int)of->ramfd, 0, 1);
		long n = -1;

		if (save >= 0 && ramfs_seek(&linux_fs, (int)of->ramfd,
					    (int64_t)(off + done), 0) >= 0)
			n = ramfs_read(&linux_fs, (int)of->ramfd, buf, want);
		ramfs_seek(&linux_fs, (int)of->ramfd, save, 0);
		if (n <= 0)
			break;
		if (vm_poke(p->vm, addr + done, buf, (size_t)n)) {
			vm_munmap(p->vm, addr, len);
			return -L_ENOMEM;
		}
		done += (uint64_t)n;
	}
	return r;
}

long sys_mmap(struct proc *p, const struct sysargs *a)
{
	uint32_t flags = (uint32_t)a->a[3], prot = (uint32_t)a->a[2];
	struct ofile *of;

	if (flags & L_MAP_ANONYMOUS)
		return vm_mmap(p->vm, a->a[0], a->a[1], prot, flags, NULL, 0);
	of = fd_get(p, a->a[4]);
	if (!of)
		return -L_EBADF;
	if (a->a[5] & (PAGE_SIZE - 1))
		return -L_EINVAL;
	if (of->kind == OF_DEV && of->vn.idx == 1) /* /dev/zero */
		return vm_mmap(p->vm, a->a[0], a->a[1], prot,
			       flags | L_MAP_PRIVATE, NULL, 0);
	if (of->kind != OF_FILE || (of->flags & L_O_ACCMODE) == L_O_WRONLY)
		return -L_EACCES;
	/* A shared writable mapping would have to reach the file: no. A
	 * shared read-only one is a copy nobody can tell from it. */
	if ((flags & L_MAP_TYPE) != L_MAP_PRIVATE && (prot & L_PROT_WRITE))
		return -L_ENODEV;
	if (of->vn.kind == VN_ARCH_FILE) {
		struct fileimg *img = &archive_img[of->vn.idx];

		img->archive = true;
		img->off = archive_files[of->vn.idx].off;
		img->size = archive_files[of->vn.idx].size;
		return vm_mmap(p->vm, a->a[0], a->a[1], prot,
			       (flags & ~(uint32_t)L_MAP_TYPE) | L_MAP_PRIVATE,
			       img, a->a[5]);
	}
	if (of->vn.kind != VN_RAM_FILE)
		return -L_ENODEV;
	return map_copy(p, a, of);
}

long sys_getrandom(struct proc *p, const struct sysargs *a)
{
	uint8_t buf[256];
	uint64_t len = a->a[1] > (32u << 20) ? (32u << 20) : a->a[1];

	if (a->a[2] & ~(uint64_t)(L_GRND_NONBLOCK | L_GRND_RANDOM | 4))
		return -L_EINVAL;
	for (uint64_t done = 0; done < len;) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		linux_random(buf, n);
		if (copy_out(p->vm, a->a[0] + done, buf, n))
			return done ? (long)done : -L_EFAULT;
		done += n;
	}
	return (long)len;
}
