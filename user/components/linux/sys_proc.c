// SPDX-License-Identifier: BSD-2-Clause
/*
 * The process, memory, time and signal system calls (Documentation/
 * linux.rst, "System calls"). One process, one thread: its pid is its
 * thread id and its process group and session; it runs as root.
 * Signals are kept (actions, mask) but never delivered to a handler: a
 * signal a process sends itself, or Ctrl-C, ends it as the default
 * action of that signal would.
 */
#include <string.h>
#include <libkaal/counter.h>
#include "linux.h"
#include "sys.h"

#define L_ETIMEDOUT 110

long sys_exit(struct proc *p, const struct sysargs *a)
{
	proc_end(p, (int)(a->a[0] & 0xff), 0);
	return SYS_NO_REPLY;
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

	if (copy_in(&p->vm, &ts, uts, sizeof(ts)))
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

	return copy_out(&p->vm, uts, &ts, sizeof(ts));
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

	if (a->a[0] && copy_out(&p->vm, a->a[0], tv, sizeof(tv)))
		return -L_EFAULT;
	if (a->a[1] && copy_out(&p->vm, a->a[1], tz, sizeof(tz)))
		return -L_EFAULT;
	return 0;
}

long sys_times(struct proc *p, const struct sysargs *a)
{
	uint64_t ticks = (now_ns() - p->start_ns) / 10000000ull; /* 100 Hz */
	int64_t tms[4] = { (int64_t)ticks, 0, 0, 0 };

	if (a->a[0] && copy_out(&p->vm, a->a[0], tms, sizeof(tms)))
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
	return copy_out(&p->vm, a->a[1], ru, sizeof(ru));
}

/* ---- identity --------------------------------------------------------- */

long sys_getpid(struct proc *p, const struct sysargs *a)
{
	(void)a;
	return p->pid;
}

long sys_getppid(struct proc *p, const struct sysargs *a)
{
	(void)p;
	(void)a;
	return 1; /* the shell started it; it stands for init */
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
		if (copy_out(&p->vm, a->a[i], &zero, sizeof(zero)))
			return -L_EFAULT;
	return 0;
}

long sys_getgroups(struct proc *p, const struct sysargs *a)
{
	(void)p;
	return (int64_t)a->a[0] < 0 ? -L_EINVAL : 0;
}

static bool self(struct proc *p, uint64_t pid)
{
	return !pid || pid == p->pid;
}

long sys_getpgid(struct proc *p, const struct sysargs *a)
{
	return self(p, a->a[0]) ? (long)p->pid : -L_ESRCH;
}

long sys_setpgid(struct proc *p, const struct sysargs *a)
{
	if (!self(p, a->a[0]))
		return -L_ESRCH;
	return self(p, a->a[1]) ? 0 : -L_EPERM;
}

long sys_setsid(struct proc *p, const struct sysargs *a)
{
	(void)p;
	(void)a;
	return -L_EPERM; /* it leads its process group already */
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
	return copy_out(&p->vm, a->a[0], &u, sizeof(u));
}

long sys_umask(struct proc *p, const struct sysargs *a)
{
	uint32_t old = p->umask;

	p->umask = (uint32_t)a->a[0] & 0777;
	return old;
}

long sys_prctl(struct proc *p, const struct sysargs *a)
{
	char name[16];

	switch (a->a[0]) {
	case 15: /* PR_SET_NAME */
		if (copy_in_str(&p->vm, name, a->a[1], sizeof(name)) < 0 &&
		    copy_in(&p->vm, name, a->a[1], sizeof(name) - 1))
			return -L_EFAULT;
		name[sizeof(name) - 1] = '\0';
		memcpy(p->name, name, sizeof(p->name));
		return 0;
	case 16: /* PR_GET_NAME */
		return copy_out(&p->vm, a->a[1], p->name, sizeof(p->name));
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
	si.freeram = (uint64_t)(VM_MAX_PAGES - p->vm.npages) * PAGE_SIZE;
	si.procs = 1;
	si.mem_unit = 1;
	return copy_out(&p->vm, a->a[0], &si, sizeof(si));
}

/* ---- limits ----------------------------------------------------------- */

static long rlimit(struct proc *p, uint64_t res, uint64_t unew, uint64_t uold)
{
	uint64_t lim[2];

	if (res >= L_RLIMIT_NLIMITS)
		return -L_EINVAL;
	if (unew) {
		if (copy_in(&p->vm, lim, unew, sizeof(lim)))
			return -L_EFAULT;
		if (lim[0] > lim[1])
			return -L_EINVAL;
	}
	if (uold && copy_out(&p->vm, uold, p->rlim[res], sizeof(lim)))
		return -L_EFAULT;
	/* Kept and reported, not enforced (root may raise them). */
	if (unew)
		memcpy(p->rlim[res], lim, sizeof(lim));
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

/* Signals whose default action is to ignore them. */
static bool ignored_by_default(uint64_t sig)
{
	return sig == 17 /* SIGCHLD */ || sig == 23 /* SIGURG */ ||
	       sig == 28 /* SIGWINCH */ || sig == 18 /* SIGCONT */;
}

static long signal_self(struct proc *p, uint64_t sig)
{
	if (sig > L_NSIG)
		return -L_EINVAL;
	if (!sig || ignored_by_default(sig))
		return 0;
	proc_end(p, 0, (int)sig);
	return SYS_NO_REPLY;
}

long sys_kill(struct proc *p, const struct sysargs *a)
{
	int64_t pid = (int64_t)a->a[0];

	if (pid != (int64_t)p->pid && pid != 0 && pid != -1 &&
	    pid != -(int64_t)p->pid)
		return -L_ESRCH;
	return signal_self(p, a->a[1]);
}

long sys_tkill(struct proc *p, const struct sysargs *a)
{
	if (a->a[0] != p->pid)
		return (int64_t)a->a[0] <= 0 ? -L_EINVAL : -L_ESRCH;
	return signal_self(p, a->a[1]);
}

long sys_tgkill(struct proc *p, const struct sysargs *a)
{
	if (a->a[0] != p->pid || a->a[1] != p->pid)
		return -L_ESRCH;
	return signal_self(p, a->a[2]);
}

long sys_rt_sigaction(struct proc *p, const struct sysargs *a)
{
	uint64_t sig = a->a[0];
	uint8_t act[L_SIGACTION_SIZE];

	if (a->a[3] != 8 || sig < 1 || sig > L_NSIG)
		return -L_EINVAL;
	if (a->a[1] && (sig == L_SIGKILL || sig == 19 /* SIGSTOP */))
		return -L_EINVAL;
	if (a->a[1] && copy_in(&p->vm, act, a->a[1], sizeof(act)))
		return -L_EFAULT;
	if (a->a[2] &&
	    copy_out(&p->vm, a->a[2], p->sigaction[sig - 1], sizeof(act)))
		return -L_EFAULT;
	if (a->a[1])
		memcpy(p->sigaction[sig - 1], act, sizeof(act));
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
		if (copy_in(&p->vm, &set, a->a[1], sizeof(set)))
			return -L_EFAULT;
	}
	if (a->a[2] && copy_out(&p->vm, a->a[2], &old, sizeof(old)))
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
	return 0;
}

long sys_sigaltstack(struct proc *p, const struct sysargs *a)
{
	uint8_t ss[sizeof(p->altstack)];

	if (a->a[0] && copy_in(&p->vm, ss, a->a[0], sizeof(ss)))
		return -L_EFAULT;
	if (a->a[1] && copy_out(&p->vm, a->a[1], p->altstack, sizeof(ss)))
		return -L_EFAULT;
	if (a->a[0])
		memcpy(p->altstack, ss, sizeof(ss));
	return 0;
}

/* ---- threads ---------------------------------------------------------- */

long sys_futex(struct proc *p, const struct sysargs *a)
{
	uint32_t op = (uint32_t)a->a[1] & L_FUTEX_CMD_MASK, val;
	uint64_t ns;
	long err;

	if (op == L_FUTEX_WAKE)
		return 0; /* one thread: nobody waits */
	if (op != L_FUTEX_WAIT)
		return -L_ENOSYS;
	if (p->waiting == WAIT_TIME) /* a wait with a timeout, again */
		return sleep_until(p, p->wake_ns) ? SYS_NO_REPLY : -L_ETIMEDOUT;
	if (copy_in(&p->vm, &val, a->a[0], sizeof(val)))
		return -L_EFAULT;
	if (val != (uint32_t)a->a[2])
		return -L_EAGAIN;
	if (!a->a[3]) {
		/* No other thread can ever wake it: it waits until it is
		 * killed (Ctrl-C), as on Linux. */
		p->waiting = WAIT_EVER;
		kaal_thread_suspend(p->tcb);
		return SYS_NO_REPLY;
	}
	err = get_timespec(p, a->a[3], &ns);
	if (err)
		return err;
	return sleep_until(p, deadline_after(ns)) ? SYS_NO_REPLY : -L_ETIMEDOUT;
}

long sys_sched_getaffinity(struct proc *p, const struct sysargs *a)
{
	uint64_t mask = 1; /* one CPU runs threads */

	if (!self(p, a->a[0]))
		return -L_ESRCH;
	if (a->a[1] < sizeof(mask) || (a->a[1] & 7))
		return -L_EINVAL;
	return copy_out(&p->vm, a->a[2], &mask, sizeof(mask)) ?
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
	return (long)vm_brk(&p->vm, a->a[0]);
}

long sys_munmap(struct proc *p, const struct sysargs *a)
{
	return vm_munmap(&p->vm, a->a[0], a->a[1]);
}

long sys_mprotect(struct proc *p, const struct sysargs *a)
{
	return vm_mprotect(&p->vm, a->a[0], a->a[1], (uint32_t)a->a[2]);
}

long sys_madvise(struct proc *p, const struct sysargs *a)
{
	if (a->a[0] & (PAGE_SIZE - 1))
		return -L_EINVAL;
	if (a->a[2] == L_MADV_DONTNEED || a->a[2] == 8 /* MADV_FREE */)
		return vm_dontneed(&p->vm, a->a[0], a->a[1]);
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
	long r = vm_mmap(&p->vm, a->a[0], len, (uint32_t)a->a[2], flags, NULL,
			 0);

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
		if (vm_poke(&p->vm, addr + done, buf, (size_t)n)) {
			vm_munmap(&p->vm, addr, len);
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
		return vm_mmap(&p->vm, a->a[0], a->a[1], prot, flags, NULL, 0);
	of = fd_get(p, a->a[4]);
	if (!of)
		return -L_EBADF;
	if (a->a[5] & (PAGE_SIZE - 1))
		return -L_EINVAL;
	if (of->kind == OF_DEV && of->vn.idx == 1) /* /dev/zero */
		return vm_mmap(&p->vm, a->a[0], a->a[1], prot,
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
		return vm_mmap(&p->vm, a->a[0], a->a[1], prot,
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
		if (copy_out(&p->vm, a->a[0] + done, buf, n))
			return done ? (long)done : -L_EFAULT;
		done += n;
	}
	return (long)len;
}
