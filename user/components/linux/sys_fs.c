// SPDX-License-Identifier: BSD-2-Clause
/*
 * The file system calls (Documentation/linux.rst, "System calls"): file
 * descriptors, paths, the console. Every pointer the process passes is
 * read or written only through copy_in/copy_out, which check it.
 */
#include <string.h>
#include "linux.h"
#include "sys.h"

#define IOV_MAX 1024

struct ofile *fd_get(struct proc *p, uint64_t fd)
{
	return fd < LINUX_MAX_FDS ? grp(p)->fds.fd[fd] : NULL;
}

long fd_install(struct proc *p, struct ofile *of, uint64_t min, bool cloexec)
{
	for (uint64_t fd = min; fd < LINUX_MAX_FDS; fd++) {
		if (!grp(p)->fds.fd[fd]) {
			grp(p)->fds.fd[fd] = of;
			grp(p)->fds.cloexec[fd] = cloexec;
			return (long)fd;
		}
	}
	return -L_EMFILE;
}

void fd_close_all(struct proc *p)
{
	for (unsigned int fd = 0; fd < LINUX_MAX_FDS; fd++) {
		ofile_put(grp(p)->fds.fd[fd]);
		grp(p)->fds.fd[fd] = NULL;
	}
}

/* A path argument: copied in and resolved against @dirfd. */
static long get_path(struct proc *p, uint64_t dirfd, uint64_t upath, char *out,
		     int *must_dir)
{
	char raw[PATH_MAX_LEN + 1];
	long n = copy_in_str(p->vm, raw, upath, sizeof(raw));

	if (n < 0)
		return n;
	if (!n)
		return -L_ENOENT;
	return vfs_path((int)(int64_t)dirfd, raw, out, must_dir);
}

static long lookup_dir_checked(const char *path, bool follow, int must_dir,
			       struct vnode *vn)
{
	long err = vfs_lookup(path, follow, vn);

	if (!err && must_dir && vn->kind != VN_ROOT && vn->kind != VN_RAM_DIR &&
	    vn->kind != VN_ARCH_DIR && vn->kind != VN_SYN_DIR)
		return -L_ENOTDIR;
	return err;
}

long sys_openat(struct proc *p, const struct sysargs *a)
{
	char path[PATH_MAX_LEN + 1];
	uint32_t flags = (uint32_t)a->a[2];
	struct ofile *of;
	int must_dir;
	long err = get_path(p, a->a[0], a->a[1], path, &must_dir), fd;

	if (err)
		return err;
	if (must_dir)
		flags |= L_O_DIRECTORY;
	err = vfs_open(path, flags, (uint32_t)a->a[3], &of);
	if (err)
		return err;
	fd = fd_install(p, of, 0, flags & L_O_CLOEXEC);
	if (fd < 0)
		ofile_put(of);
	return fd;
}

long sys_close(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);

	if (!of)
		return -L_EBADF;
	grp(p)->fds.fd[a->a[0]] = NULL;
	ofile_put(of);
	return 0;
}

long sys_close_range(struct proc *p, const struct sysargs *a)
{
	if (a->a[0] > a->a[1] || (a->a[2] & ~(uint64_t)4))
		return -L_EINVAL;
	for (uint64_t fd = a->a[0]; fd <= a->a[1] && fd < LINUX_MAX_FDS; fd++) {
		if (!grp(p)->fds.fd[fd])
			continue;
		if (a->a[2] & 4) { /* CLOSE_RANGE_CLOEXEC */
			grp(p)->fds.cloexec[fd] = 1;
			continue;
		}
		ofile_put(grp(p)->fds.fd[fd]);
		grp(p)->fds.fd[fd] = NULL;
	}
	return 0;
}

/* Console reads: the terminal's line discipline (main.c feeds it). */
static long console_read(struct proc *p, struct ofile *of, uint64_t buf,
			 uint64_t len)
{
	char tmp[TTY_READ_MAX];
	size_t n;

	if (!len)
		return 0;
	if (!tty_readable(&console_tty)) {
		if (!(console_tty.t.c_lflag & L_ICANON) &&
		    !console_tty.t.c_cc[L_VMIN])
			return 0; /* VMIN 0: a read that does not wait */
		if (of->flags & L_O_NONBLOCK)
			return -L_EAGAIN;
		/* Wait: the thread makes this call again when input comes
		 * (main.c resumes it), as Linux restarts it. */
		p->waiting = WAIT_INPUT;
		kaal_thread_suspend(p->tcb);
		return SYS_NO_REPLY;
	}
	n = tty_read(&console_tty, tmp, len < sizeof(tmp) ? len : sizeof(tmp));
	if (n && copy_out(p->vm, buf, tmp, n)) {
		/* Linux would lose them too; put nothing back. */
		return -L_EFAULT;
	}
	return (long)n;
}

static long console_write(struct proc *p, uint64_t buf, uint64_t len)
{
	char tmp[1024];
	uint64_t done = 0;

	while (done < len) {
		size_t n = len - done < sizeof(tmp) ? len - done : sizeof(tmp);

		if (copy_in(p->vm, tmp, buf + done, n))
			return done ? (long)done : -L_EFAULT;
		console_out(tmp, n);
		done += n;
	}
	return (long)done;
}

static long do_read(struct proc *p, struct ofile *of, uint64_t buf,
		    uint64_t len, int64_t at, bool may_wait)
{
	if (of->kind == OF_PIPE)
		return at >= 0 ? -L_ESPIPE :
				 pipe_read(p, of, buf, len, may_wait);
	if (of->kind == OF_CONSOLE) {
		if ((of->flags & L_O_ACCMODE) == L_O_WRONLY)
			return -L_EBADF;
		return at >= 0 ? -L_ESPIPE : console_read(p, of, buf, len);
	}
	return vfs_read(of, buf, len, at);
}

static long do_write(struct proc *p, struct ofile *of, uint64_t buf,
		     uint64_t len, int64_t at, bool may_wait)
{
	if (of->kind == OF_PIPE)
		return at >= 0 ? -L_ESPIPE :
				 pipe_write(p, of, buf, len, may_wait);
	if (of->kind == OF_CONSOLE) {
		if ((of->flags & L_O_ACCMODE) == L_O_RDONLY)
			return -L_EBADF;
		return at >= 0 ? -L_ESPIPE : console_write(p, buf, len);
	}
	return vfs_write(of, buf, len, at);
}

/* A count the process may pass: at most what Linux moves at once. */
static uint64_t clamp_len(uint64_t len)
{
	return len > 0x7ffff000 ? 0x7ffff000 : len;
}

long sys_read(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);

	if (!of)
		return -L_EBADF;
	return do_read(p, of, a->a[1], clamp_len(a->a[2]), -1, true);
}

long sys_write(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);

	if (!of)
		return -L_EBADF;
	return do_write(p, of, a->a[1], clamp_len(a->a[2]), -1, true);
}

long sys_pread64(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);

	if (!of)
		return -L_EBADF;
	if ((int64_t)a->a[3] < 0)
		return -L_EINVAL;
	return do_read(p, of, a->a[1], clamp_len(a->a[2]), (int64_t)a->a[3],
		       true);
}

long sys_pwrite64(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);

	if (!of)
		return -L_EBADF;
	if ((int64_t)a->a[3] < 0)
		return -L_EINVAL;
	return do_write(p, of, a->a[1], clamp_len(a->a[2]), (int64_t)a->a[3],
			true);
}

/* readv and writev: each buffer in turn, stopping at a short one. */
static long do_vec(struct proc *p, const struct sysargs *a, bool write)
{
	struct ofile *of = fd_get(p, a->a[0]);
	uint64_t done = 0;

	if (!of)
		return -L_EBADF;
	if (a->a[2] > IOV_MAX)
		return -L_EINVAL;
	for (uint64_t i = 0; i < a->a[2]; i++) {
		uint64_t iov[2];
		long r;

		if (copy_in(p->vm, iov, a->a[1] + i * 16, sizeof(iov)))
			return done ? (long)done : -L_EFAULT;
		if (!iov[1])
			continue;
		iov[1] = clamp_len(iov[1]);
		/* Only the first buffer may wait: once some bytes moved, the
		 * call returns them. */
		r = write ? do_write(p, of, iov[0], iov[1], -1, !done) :
			    do_read(p, of, iov[0], iov[1], -1, !done);
		if (r == SYS_NO_REPLY)
			return r;
		if (r < 0)
			return done ? (long)done : r;
		done += (uint64_t)r;
		if ((uint64_t)r < iov[1])
			break;
	}
	return (long)done;
}

long sys_readv(struct proc *p, const struct sysargs *a)
{
	return do_vec(p, a, false);
}

long sys_writev(struct proc *p, const struct sysargs *a)
{
	return do_vec(p, a, true);
}

long sys_lseek(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);

	if (!of)
		return -L_EBADF;
	return vfs_lseek(of, (int64_t)a->a[1], (int)a->a[2]);
}

/* The vnode behind a descriptor, its size brought up to date. */
static void fd_vnode(struct ofile *of, struct vnode *vn)
{
	*vn = of->vn;
	if (vn->kind == VN_RAM_FILE || vn->kind == VN_RAM_DIR) {
		struct ramfs_stat st;

		if (!ramfs_stat_at(&linux_fs, vn->dir, vn->name, &st) &&
		    st.handle == vn->ram) {
			vn->size = st.size;
			vn->mtime_ns = st.mtime;
			vn->nlink = st.nlink;
		}
	}
}

static long put_stat(struct proc *p, uint64_t ubuf, const struct vnode *vn)
{
	struct l_stat st;

	vfs_stat(vn, &st);
	return copy_out(p->vm, ubuf, &st, sizeof(st));
}

/* A pipe: a FIFO of its own device, numbered by the pipe. */
static void pipe_stat(const struct ofile *of, struct l_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 4;
	st->st_ino = 0x1000 + (uint64_t)of->vn.idx;
	st->st_mode = 0010000 | 0600; /* S_IFIFO */
	st->st_nlink = 1;
	st->st_blksize = 4096;
}

static long put_pipe_stat(struct proc *p, uint64_t ubuf, const struct ofile *of)
{
	struct l_stat st;

	pipe_stat(of, &st);
	return copy_out(p->vm, ubuf, &st, sizeof(st));
}

/* fstatat(fd, "", AT_EMPTY_PATH) and statx so (glibc's fstat) of a pipe:
 * the pipe's open file, else NULL. */
static struct ofile *pipe_of(struct proc *p, uint64_t fd, uint64_t upath,
			     uint64_t flags)
{
	struct ofile *of = fd_get(p, fd);
	char c;

	if (!(flags & L_AT_EMPTY_PATH) || !of || of->kind != OF_PIPE ||
	    copy_in(p->vm, &c, upath, 1) || c)
		return NULL;
	return of;
}

long sys_fstat(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);
	struct vnode vn;

	if (!of)
		return -L_EBADF;
	if (of->kind == OF_PIPE)
		return put_pipe_stat(p, a->a[1], of);
	if (of->kind == OF_CONSOLE) {
		memset(&vn, 0, sizeof(vn));
		vn.kind = VN_DEV;
		vn.idx = 3; /* /dev/console */
	} else {
		fd_vnode(of, &vn);
	}
	return put_stat(p, a->a[1], &vn);
}

/* The vnode newfstatat and statx ask about: a path, or with
 * AT_EMPTY_PATH and "" the descriptor itself. */
static long stat_target(struct proc *p, uint64_t dirfd, uint64_t upath,
			uint64_t flags, struct vnode *vn)
{
	char path[PATH_MAX_LEN + 1];
	int must_dir;
	long err;

	if (flags & ~(uint64_t)(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH |
				0x800 /* AT_NO_AUTOMOUNT */ |
				0x6000 /* AT_STATX_SYNC_TYPE */))
		return -L_EINVAL;
	if (flags & L_AT_EMPTY_PATH) {
		char c;

		if (copy_in(p->vm, &c, upath, 1))
			return -L_EFAULT;
		if (!c) {
			struct ofile *of;

			if ((int64_t)dirfd == L_AT_FDCWD)
				return vfs_lookup(grp(p)->cwd, true, vn);
			of = fd_get(p, dirfd);
			if (!of)
				return -L_EBADF;
			if (of->kind == OF_CONSOLE) {
				memset(vn, 0, sizeof(*vn));
				vn->kind = VN_DEV;
				vn->idx = 3;
				return 0;
			}
			fd_vnode(of, vn);
			return 0;
		}
	}
	err = get_path(p, dirfd, upath, path, &must_dir);
	if (err)
		return err;
	return lookup_dir_checked(path, !(flags & L_AT_SYMLINK_NOFOLLOW),
				  must_dir, vn);
}

long sys_newfstatat(struct proc *p, const struct sysargs *a)
{
	struct ofile *pof = pipe_of(p, a->a[0], a->a[1], a->a[3]);
	struct vnode vn;
	long err;

	if (pof)
		return put_pipe_stat(p, a->a[2], pof);
	err = stat_target(p, a->a[0], a->a[1], a->a[3], &vn);

	return err ? err : put_stat(p, a->a[2], &vn);
}

long sys_statx(struct proc *p, const struct sysargs *a)
{
	struct ofile *pof = pipe_of(p, a->a[0], a->a[1], a->a[2]);
	struct l_statx sx;
	struct l_stat st;
	struct vnode vn;
	long err;

	if (pof) {
		pipe_stat(pof, &st);
	} else {
		err = stat_target(p, a->a[0], a->a[1], a->a[2], &vn);
		if (err)
			return err;
		vfs_stat(&vn, &st);
	}
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = L_STATX_BASIC_STATS;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	sx.stx_atime.tv_sec = sx.stx_mtime.tv_sec = sx.stx_ctime.tv_sec =
		st.st_mtime_sec;
	sx.stx_atime.tv_nsec = sx.stx_mtime.tv_nsec = sx.stx_ctime.tv_nsec =
		(uint32_t)st.st_mtime_nsec;
	sx.stx_rdev_major = (uint32_t)(st.st_rdev >> 8);
	sx.stx_rdev_minor = (uint32_t)(st.st_rdev & 0xff);
	sx.stx_dev_minor = (uint32_t)st.st_dev;
	return copy_out(p->vm, a->a[4], &sx, sizeof(sx));
}

long sys_getdents64(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);

	if (!of)
		return -L_EBADF;
	return vfs_getdents(of, a->a[1], clamp_len(a->a[2]));
}

long sys_readlinkat(struct proc *p, const struct sysargs *a)
{
	char path[PATH_MAX_LEN + 1], buf[16];
	struct vnode vn;
	int must_dir;
	long n, err = get_path(p, a->a[0], a->a[1], path, &must_dir);

	if (err)
		return err;
	if ((int64_t)a->a[3] <= 0)
		return -L_EINVAL;
	err = vfs_lookup(path, false, &vn);
	if (err)
		return err;
	n = vfs_readlink(&vn, buf,
			 a->a[3] < sizeof(buf) ? a->a[3] : sizeof(buf));
	if (n < 0)
		return n;
	return copy_out(p->vm, a->a[2], buf, (size_t)n) ? -L_EFAULT : n;
}

static long access_check(struct proc *p, const struct sysargs *a,
			 uint64_t flags)
{
	char path[PATH_MAX_LEN + 1];
	struct vnode vn;
	struct l_stat st;
	int must_dir;
	uint64_t mode = a->a[2];
	long err;

	if (mode & ~(uint64_t)7)
		return -L_EINVAL;
	if (flags &
	    ~(uint64_t)(L_AT_EACCESS | L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH))
		return -L_EINVAL;
	err = get_path(p, a->a[0], a->a[1], path, &must_dir);
	if (!err)
		err = lookup_dir_checked(path, !(flags & L_AT_SYMLINK_NOFOLLOW),
					 must_dir, &vn);
	if (err)
		return err;
	vfs_stat(&vn, &st);
	/* root: reading and writing always, running where any x bit is;
	 * but nothing of the read-only overlays can be written. */
	if ((mode & 2) && vn.kind != VN_RAM_FILE && vn.kind != VN_RAM_DIR &&
	    vn.kind != VN_ROOT && vn.kind != VN_DEV)
		return -L_EROFS;
	if ((mode & 1) && !(st.st_mode & 0111))
		return -L_EACCES;
	return 0;
}

long sys_faccessat(struct proc *p, const struct sysargs *a)
{
	return access_check(p, a, 0);
}

long sys_faccessat2(struct proc *p, const struct sysargs *a)
{
	return access_check(p, a, a->a[3]);
}

long sys_mkdirat(struct proc *p, const struct sysargs *a)
{
	char path[PATH_MAX_LEN + 1];
	int must_dir;
	long err = get_path(p, a->a[0], a->a[1], path, &must_dir);

	return err ? err : vfs_mkdir(path);
}

long sys_unlinkat(struct proc *p, const struct sysargs *a)
{
	char path[PATH_MAX_LEN + 1];
	int must_dir;
	long err;

	if (a->a[2] & ~(uint64_t)L_AT_REMOVEDIR)
		return -L_EINVAL;
	err = get_path(p, a->a[0], a->a[1], path, &must_dir);
	if (err)
		return err;
	if (must_dir && !(a->a[2] & L_AT_REMOVEDIR))
		return -L_EISDIR;
	return vfs_unlink(path, a->a[2] & L_AT_REMOVEDIR);
}

static long do_rename(struct proc *p, uint64_t olddir, uint64_t oldp,
		      uint64_t newdir, uint64_t newp)
{
	char from[PATH_MAX_LEN + 1], to[PATH_MAX_LEN + 1];
	int must_dir;
	long err = get_path(p, olddir, oldp, from, &must_dir);

	if (!err)
		err = get_path(p, newdir, newp, to, &must_dir);
	return err ? err : vfs_rename(from, to);
}

long sys_renameat(struct proc *p, const struct sysargs *a)
{
	return do_rename(p, a->a[0], a->a[1], a->a[2], a->a[3]);
}

long sys_renameat2(struct proc *p, const struct sysargs *a)
{
	if (a->a[4])
		return -L_EINVAL; /* RENAME_NOREPLACE, _EXCHANGE: no */
	return do_rename(p, a->a[0], a->a[1], a->a[2], a->a[3]);
}

long sys_ftruncate(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);

	if (!of)
		return -L_EBADF;
	if ((int64_t)a->a[1] < 0)
		return -L_EINVAL;
	return vfs_truncate(of, a->a[1]);
}

long sys_truncate(struct proc *p, const struct sysargs *a)
{
	char path[PATH_MAX_LEN + 1];
	struct ofile *of;
	int must_dir;
	long err;

	if ((int64_t)a->a[1] < 0)
		return -L_EINVAL;
	err = get_path(p, (uint64_t)(int64_t)L_AT_FDCWD, a->a[0], path,
		       &must_dir);
	if (!err)
		err = vfs_open(path, L_O_WRONLY, 0, &of);
	if (err)
		return err;
	err = vfs_truncate(of, a->a[1]);
	ofile_put(of);
	return err;
}

long sys_fsync(struct proc *p, const struct sysargs *a)
{
	/* ramfs is memory: there is nothing to write back. */
	return fd_get(p, a->a[0]) ? 0 : -L_EBADF;
}

long sys_utimensat(struct proc *p, const struct sysargs *a)
{
	struct vnode vn;
	long err;

	/* The file must be there; ramfs keeps only its own modification
	 * time, so the times asked for are not stored. */
	if (!a->a[1])
		return fd_get(p, a->a[0]) ? 0 : -L_EBADF;
	err = stat_target(p, a->a[0], a->a[1], a->a[3], &vn);
	return err;
}

long sys_getcwd(struct proc *p, const struct sysargs *a)
{
	size_t n = strlen(grp(p)->cwd) + 1;

	if (a->a[1] < n)
		return -L_ERANGE;
	return copy_out(p->vm, a->a[0], grp(p)->cwd, n) ? -L_EFAULT : (long)n;
}

static long change_dir(struct proc *p, const char *path)
{
	struct vnode vn;
	long err = lookup_dir_checked(path, true, 1, &vn);

	if (err)
		return err;
	memcpy(grp(p)->cwd, path, strlen(path) + 1);
	return 0;
}

long sys_chdir(struct proc *p, const struct sysargs *a)
{
	char path[PATH_MAX_LEN + 1];
	int must_dir;
	long err = get_path(p, (uint64_t)(int64_t)L_AT_FDCWD, a->a[0], path,
			    &must_dir);

	return err ? err : change_dir(p, path);
}

long sys_fchdir(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);

	if (!of)
		return -L_EBADF;
	if (of->kind != OF_DIR)
		return -L_ENOTDIR;
	return change_dir(p, of->path);
}

long sys_dup(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);
	long fd;

	if (!of)
		return -L_EBADF;
	fd = fd_install(p, of, 0, false);
	if (fd >= 0)
		of->refs++;
	return fd;
}

long sys_dup3(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);
	uint64_t nfd = a->a[1];

	if (!of)
		return -L_EBADF;
	if (a->a[2] & ~(uint64_t)L_O_CLOEXEC)
		return -L_EINVAL;
	if (a->a[0] == nfd)
		return -L_EINVAL;
	if (nfd >= LINUX_MAX_FDS)
		return -L_EBADF;
	of->refs++;
	ofile_put(grp(p)->fds.fd[nfd]);
	grp(p)->fds.fd[nfd] = of;
	grp(p)->fds.cloexec[nfd] = (a->a[2] & L_O_CLOEXEC) != 0;
	return (long)nfd;
}

long sys_pipe2(struct proc *p, const struct sysargs *a)
{
	uint32_t flags = (uint32_t)a->a[1];
	struct ofile *rd, *wr;
	int32_t fds[2];
	long err;

	if (flags & ~(uint32_t)(L_O_CLOEXEC | L_O_NONBLOCK))
		return -L_EINVAL;
	err = pipe_open(flags, &rd, &wr);
	if (err)
		return err;
	fds[0] = (int32_t)fd_install(p, rd, 0, flags & L_O_CLOEXEC);
	fds[1] = fds[0] < 0 ?
			 -1 :
			 (int32_t)fd_install(p, wr, 0, flags & L_O_CLOEXEC);
	if (fds[1] >= 0 && !copy_out(p->vm, a->a[0], fds, sizeof(fds)))
		return 0;
	err = fds[0] < 0 || fds[1] < 0 ? -L_EMFILE : -L_EFAULT;
	if (fds[0] >= 0)
		grp(p)->fds.fd[fds[0]] = NULL;
	if (fds[1] >= 0)
		grp(p)->fds.fd[fds[1]] = NULL;
	ofile_put(rd);
	ofile_put(wr);
	return err;
}

long sys_fcntl(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);
	uint32_t settable = L_O_APPEND | L_O_NONBLOCK;
	long fd;

	if (!of)
		return -L_EBADF;
	switch (a->a[1]) {
	case L_F_DUPFD:
	case L_F_DUPFD_CLOEXEC:
		if (a->a[2] >= LINUX_MAX_FDS)
			return -L_EINVAL;
		fd = fd_install(p, of, a->a[2], a->a[1] == L_F_DUPFD_CLOEXEC);
		if (fd >= 0)
			of->refs++;
		return fd;
	case L_F_GETFD:
		return grp(p)->fds.cloexec[a->a[0]] ? L_FD_CLOEXEC : 0;
	case L_F_SETFD:
		grp(p)->fds.cloexec[a->a[0]] = (a->a[2] & L_FD_CLOEXEC) != 0;
		return 0;
	case L_F_GETFL:
		return of->flags;
	case L_F_SETFL:
		/* O_APPEND of a ramfs file was fixed when it was opened. */
		of->flags = (of->flags & ~settable) |
			    ((uint32_t)a->a[2] & settable);
		return 0;
	case L_F_SETLK:
	case L_F_SETLKW:
		/* One process: no other can hold a lock. */
		return 0;
	case L_F_GETLK: {
		int16_t unlocked = 2; /* F_UNLCK in struct flock's l_type */

		return copy_out(p->vm, a->a[2], &unlocked, sizeof(unlocked));
	}
	default:
		return -L_EINVAL;
	}
}

long sys_ioctl(struct proc *p, const struct sysargs *a)
{
	struct ofile *of = fd_get(p, a->a[0]);
	uint64_t arg = a->a[2];
	struct l_termios t;
	int32_t v;

	if (!of)
		return -L_EBADF;
	if (a->a[1] == L_FIOCLEX || a->a[1] == L_FIONCLEX) {
		grp(p)->fds.cloexec[a->a[0]] = a->a[1] == L_FIOCLEX;
		return 0;
	}
	if (a->a[1] == L_FIONBIO) {
		if (copy_in(p->vm, &v, arg, sizeof(v)))
			return -L_EFAULT;
		of->flags = v ? of->flags | L_O_NONBLOCK :
				of->flags & ~(uint32_t)L_O_NONBLOCK;
		return 0;
	}
	if (of->kind == OF_PIPE && a->a[1] == L_FIONREAD) {
		v = (int32_t)pipe_pending(of);
		return copy_out(p->vm, arg, &v, sizeof(v));
	}
	if (of->kind != OF_CONSOLE)
		return -L_ENOTTY;
	switch (a->a[1]) {
	case L_TCGETS:
		return copy_out(p->vm, arg, &console_tty.t, sizeof(t));
	case L_TCSETS:
	case L_TCSETSW:
	case L_TCSETSF:
		if (copy_in(p->vm, &t, arg, sizeof(t)))
			return -L_EFAULT;
		if (a->a[1] == L_TCSETSF)
			tty_flush_input(&console_tty);
		tty_set(&console_tty, &t);
		return 0;
	case L_TIOCGWINSZ:
		return copy_out(p->vm, arg, &console_tty.ws,
				sizeof(console_tty.ws));
	case L_TIOCSWINSZ:
		return copy_in(p->vm, &console_tty.ws, arg,
			       sizeof(console_tty.ws));
	case L_TIOCGPGRP:
		v = (int32_t)fg_pgrp;
		return copy_out(p->vm, arg, &v, sizeof(v));
	case L_TIOCGSID:
		v = (int32_t)grp(p)->sid;
		return copy_out(p->vm, arg, &v, sizeof(v));
	case L_TIOCSPGRP:
		/* The foreground group: one of the caller's session. */
		if (copy_in(p->vm, &v, arg, sizeof(v)))
			return -L_EFAULT;
		if (v <= 0)
			return -L_EINVAL;
		for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
			if (procs[i].state == P_LIVE &&
			    procs[i].pgid == (uint32_t)v &&
			    procs[i].sid == grp(p)->sid) {
				fg_pgrp = (uint32_t)v;
				return 0;
			}
		}
		return -L_EPERM;
	case L_TIOCSCTTY:
		return 0;
	case L_FIONREAD:
		v = (int32_t)tty_pending(&console_tty);
		return copy_out(p->vm, arg, &v, sizeof(v));
	case L_TCFLSH:
		if (arg > 2)
			return -L_EINVAL;
		if (arg != 1)
			tty_flush_input(&console_tty);
		return 0;
	default:
		return -L_ENOTTY;
	}
}

long sys_sendfile(struct proc *p, const struct sysargs *a)
{
	struct ofile *out = fd_get(p, a->a[0]), *in = fd_get(p, a->a[1]);
	static uint8_t buf[4096];
	uint64_t count = clamp_len(a->a[3]), done = 0;
	int64_t off = -1;

	if (!out || !in)
		return -L_EBADF;
	/* Linux wants a file it can map; and a pipe to write into can
	 * make it wait, which a copy through our buffer cannot (callers
	 * fall back to read and write). */
	if (in->kind == OF_CONSOLE || in->kind == OF_DIR ||
	    in->kind == OF_PIPE || out->kind == OF_PIPE)
		return -L_EINVAL;
	if (a->a[2] && copy_in(p->vm, &off, a->a[2], sizeof(off)))
		return -L_EFAULT;
	if (a->a[2] && off < 0)
		return -L_EINVAL;
	/* Through our buffer: read from the file, write to @out as if the
	 * process did both, with its own memory out of the way. */
	while (done < count) {
		size_t want = count - done < sizeof(buf) ? count - done :
							   sizeof(buf);
		long n = vfs_read_kernel(in, buf, want, off);
		long w;

		if (n <= 0) {
			if (!done && n < 0)
				return n;
			break;
		}
		w = out->kind == OF_CONSOLE ?
			    (console_out((const char *)buf, (size_t)n), n) :
			    vfs_write_kernel(out, buf, (size_t)n);
		if (w < 0)
			return done ? (long)done : w;
		done += (uint64_t)w;
		if (off >= 0)
			off += w;
		if (w < n)
			break;
	}
	if (a->a[2] && copy_out(p->vm, a->a[2], &off, sizeof(off)))
		return -L_EFAULT;
	return (long)done;
}

/* No sockets: every descriptor is something else. */
long sys_getpeername(struct proc *p, const struct sysargs *a)
{
	return fd_get(p, a->a[0]) ? -88 /* ENOTSOCK */ : -L_EBADF;
}

long sys_socket(struct proc *p, const struct sysargs *a)
{
	(void)p;
	(void)a;
	return -97; /* EAFNOSUPPORT: no network in the personality */
}

/* Is @of ready for reading? The console or a pipe when a read would
 * not wait; anything else always. */
static bool readable(struct ofile *of)
{
	if (of->kind == OF_PIPE)
		return pipe_readable(of);
	if (of->kind != OF_CONSOLE)
		return true;
	return tty_readable(&console_tty) ||
	       (!(console_tty.t.c_lflag & L_ICANON) &&
		!console_tty.t.c_cc[L_VMIN]);
}

static bool writable(struct ofile *of)
{
	return of->kind != OF_PIPE || pipe_writable(of);
}

/*
 * Nothing ready: wait for console input or a pipe's change, and with a
 * timeout until then too (the call is made again when either comes).
 */
static long wait_ready(struct proc *p, uint64_t utimeout)
{
	struct l_timespec ts;
	uint64_t deadline;

	if (!utimeout) {
		p->waiting = WAIT_POLL;
		kaal_thread_suspend(p->tcb);
		return SYS_NO_REPLY;
	}
	if (p->waiting == WAIT_EITHER) {
		deadline = p->wake_ns; /* the same call, made again */
	} else {
		if (copy_in(p->vm, &ts, utimeout, sizeof(ts)))
			return -L_EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -L_EINVAL;
		deadline = now_ns() + (uint64_t)ts.tv_sec * 1000000000ull +
			   (uint64_t)ts.tv_nsec;
	}
	if (now_ns() >= deadline) {
		p->waiting = WAIT_NONE;
		return 0;
	}
	return wait_until(p, deadline, WAIT_EITHER);
}

long sys_pselect6(struct proc *p, const struct sysargs *a)
{
	uint64_t nfds = a->a[0], sets[3] = { 0, 0, 0 }, out[3] = { 0, 0, 0 };
	long ready = 0;

	/* One word of each set: our descriptors are below 64. */
	if (nfds > LINUX_MAX_FDS)
		return -L_EINVAL;
	for (int i = 0; i < 3; i++)
		if (a->a[1 + i] && nfds &&
		    copy_in(p->vm, &sets[i], a->a[1 + i], (nfds + 7) / 8))
			return -L_EFAULT;
	for (uint64_t fd = 0; fd < nfds; fd++) {
		uint64_t bit = 1ull << fd;
		struct ofile *of;

		if (!((sets[0] | sets[1] | sets[2]) & bit))
			continue;
		of = fd_get(p, fd);
		if (!of)
			return -L_EBADF;
		if ((sets[0] & bit) && readable(of))
			out[0] |= bit, ready++;
		if ((sets[1] & bit) && writable(of))
			out[1] |= bit, ready++;
	}
	if (!ready) {
		long r = wait_ready(p, a->a[4]);

		if (r)
			return r;
	}
	p->waiting = WAIT_NONE;
	for (int i = 0; i < 3; i++)
		if (a->a[1 + i] && nfds &&
		    copy_out(p->vm, a->a[1 + i], &out[i], (nfds + 7) / 8))
			return -L_EFAULT;
	return ready;
}

long sys_ppoll(struct proc *p, const struct sysargs *a)
{
	struct pollfd {
		int32_t fd;
		int16_t events, revents;
	} fds[LINUX_MAX_FDS];
	uint64_t n = a->a[1];
	long ready = 0;

	if (n > LINUX_MAX_FDS)
		return -L_EINVAL;
	if (n && copy_in(p->vm, fds, a->a[0], n * sizeof(fds[0])))
		return -L_EFAULT;
	for (uint64_t i = 0; i < n; i++) {
		struct ofile *of =
			fds[i].fd < 0 ? NULL : fd_get(p, (uint64_t)fds[i].fd);

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		if (!of)
			fds[i].revents = 0x20; /* POLLNVAL */
		else
			fds[i].revents = (int16_t)(fds[i].events &
						   ((readable(of) ? 0x1 : 0) |
						    (writable(of) ? 0x4 : 0)));
		/* POLLIN, POLLOUT; POLLHUP: a pipe without writers (and
		 * POLLIN only while bytes are left in it, as Linux has it:
		 * select still calls the end of the file readable), POLLERR:
		 * without readers (whatever was asked). */
		if (of && of->kind == OF_PIPE && pipe_hung_up(of)) {
			bool reader = (of->flags & L_O_ACCMODE) == L_O_RDONLY;

			if (reader && !pipe_pending(of))
				fds[i].revents &= ~0x1;
			fds[i].revents |= reader ? 0x10 : 0x8;
		}
		if (fds[i].revents)
			ready++;
	}
	if (!ready) {
		long r = wait_ready(p, a->a[2]);

		if (r)
			return r;
	}
	p->waiting = WAIT_NONE;
	if (n && copy_out(p->vm, a->a[0], fds, n * sizeof(fds[0])))
		return -L_EFAULT;
	return ready;
}

/*
 * Owners and modes: everything belongs to root, and ramfs keeps no
 * modes (files are 0644, directories 0755, the archive 0555). A change
 * to what already is succeeds (sed -i puts a file's mode and owner back
 * on its copy); any other is refused, as for a user who may not.
 */
static long attr_target(struct proc *p, uint64_t dirfd, uint64_t upath,
			uint64_t flags, struct vnode *vn)
{
	struct ofile *of;

	if (upath)
		return stat_target(p, dirfd, upath, flags, vn);
	of = fd_get(p, dirfd);
	if (!of)
		return -L_EBADF;
	if (of->kind == OF_CONSOLE) {
		memset(vn, 0, sizeof(*vn));
		vn->kind = VN_DEV;
		vn->idx = 3;
		return 0;
	}
	*vn = of->vn;
	return 0;
}

static long chown_to(struct proc *p, uint64_t dirfd, uint64_t upath,
		     uint64_t uid, uint64_t gid, uint64_t flags)
{
	struct vnode vn;
	long err = attr_target(p, dirfd, upath, flags, &vn);

	if (err)
		return err;
	if (((uint32_t)uid != 0 && (uint32_t)uid != UINT32_MAX) ||
	    ((uint32_t)gid != 0 && (uint32_t)gid != UINT32_MAX))
		return -L_EPERM;
	return 0;
}

static long chmod_to(struct proc *p, uint64_t dirfd, uint64_t upath,
		     uint64_t mode, uint64_t flags)
{
	struct vnode vn;
	struct l_stat st;
	long err = attr_target(p, dirfd, upath, flags, &vn);

	if (err)
		return err;
	vfs_stat(&vn, &st);
	if ((mode & 07777) == (st.st_mode & 07777))
		return 0;
	return vn.kind == VN_RAM_FILE || vn.kind == VN_RAM_DIR ? -L_EPERM :
								 -L_EROFS;
}

long sys_fchown(struct proc *p, const struct sysargs *a)
{
	return chown_to(p, a->a[0], 0, a->a[1], a->a[2], 0);
}

long sys_fchownat(struct proc *p, const struct sysargs *a)
{
	return chown_to(p, a->a[0], a->a[1], a->a[2], a->a[3], a->a[4]);
}

long sys_fchmod(struct proc *p, const struct sysargs *a)
{
	return chmod_to(p, a->a[0], 0, a->a[1], 0);
}

long sys_fchmodat(struct proc *p, const struct sysargs *a)
{
	return chmod_to(p, a->a[0], a->a[1], a->a[2], 0);
}
