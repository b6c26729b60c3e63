// SPDX-License-Identifier: BSD-2-Clause
/*
 * The Linux programs' file namespace (Documentation/linux.rst, "Files"):
 *
 *   /           ramfs's root directory, writable, with these over it:
 *   /bin, /test the archive's directories (linux.cpio), read-only; /bin
 *               also holds a link to busybox for each applet name
 *               (/bin/ls -> busybox) when busybox is there
 *   /etc        passwd and group (root only), hostname: read-only
 *   /dev        null, zero, tty, console
 *   /proc       meminfo: the pool of process memory (MemTotal, MemFree)
 *   /tmp and everything else: ramfs (made at start-up when missing)
 *
 * A path is resolved by name first (path.c), then looked up one name
 * at a time: the overlays decide their own names, ramfs is asked the
 * rest (RAMFS_STAT in the directory found so far). Nothing of the
 * archive, /etc or /dev can be written, removed or renamed (EROFS).
 */
#include <stdio.h>
#include <string.h>
#include <libsys/error.h>
#include "linux.h"

struct ramfs_client linux_fs;
long linux_fs_error;

static const struct {
	const char *name, *text;
} etc_files[] = {
	{ "passwd", "root:x:0:0:root:/:/bin/sh\n" },
	{ "group", "root:x:0:\n" },
	{ "hostname", "kaal\n" },
};
#define NR_ETC (sizeof(etc_files) / sizeof(etc_files[0]))

/* /dev: name, major, minor. */
static const struct {
	const char *name;
	uint32_t major, minor;
} dev_files[] = {
	{ "null", 1, 3 },
	{ "zero", 1, 5 },
	{ "tty", 5, 0 },
	{ "console", 5, 1 },
};
#define NR_DEV	 (sizeof(dev_files) / sizeof(dev_files[0]))
#define DEV_NULL 0
#define DEV_ZERO 1

static const char *const syn_dirs[] = { "etc", "dev", "proc" };
#define SYN_ETC	 0
#define SYN_DEV	 1
#define SYN_PROC 2
#define NR_SYN	 3

/* /proc/meminfo (file NR_ETC of the synthesized ones): the pool of
 * process memory, made anew at each look-up, always of the same length. */
static char meminfo[128];

static const char *meminfo_text(void)
{
	snprintf(meminfo, sizeof(meminfo),
		 "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n"
		 "MemAvailable:   %8lu kB\n",
		 (unsigned long)(mem_pool_total() / 1024),
		 (unsigned long)(mem_pool_free() / 1024),
		 (unsigned long)(mem_pool_free() / 1024));
	return meminfo;
}

/* The text of synthesized file @idx: /etc's, then /proc's. */
static const char *syn_text(int idx)
{
	return (unsigned int)idx < NR_ETC ? etc_files[idx].text : meminfo;
}

/* The busybox applets /bin names (each a link to busybox). */
static const char *const applets[] = {
	"[",	    "ash",	"awk",	     "base64",	 "basename", "cat",
	"chmod",    "cksum",	"clear",     "cmp",	 "cp",	     "cut",
	"date",	    "dd",	"diff",	     "dirname",	 "du",	     "echo",
	"env",	    "expand",	"expr",	     "false",	 "find",     "fold",
	"grep",	    "head",	"hexdump",   "hostname", "id",	     "ln",
	"ls",	    "md5sum",	"mkdir",     "mktemp",	 "mv",	     "nl",
	"nproc",    "od",	"paste",     "printenv", "printf",   "pwd",
	"readlink", "realpath", "rm",	     "rmdir",	 "sed",	     "seq",
	"sh",	    "sha1sum",	"sha256sum", "sleep",	 "sort",     "stat",
	"strings",  "sum",	"tac",	     "tail",	 "tee",	     "test",
	"touch",    "tr",	"true",	     "truncate", "tty",	     "uname",
	"uniq",	    "wc",	"which",     "whoami",	 "xxd",	     "yes",
};
#define NR_APPLETS (sizeof(applets) / sizeof(applets[0]))
static bool have_busybox;

/* The inode numbers and devices of the overlays. */
#define DEV_ARCHIVE  1
#define DEV_SYN	     2
#define DEV_RAMFS    3
#define INO_ROOT     1
#define INO_SYN_DIR  0x10
#define INO_SYN_FILE 0x20
#define INO_DEV	     0x40
#define INO_ARCH_DIR 0x100
#define INO_ARCH     0x200
#define INO_LINK     0x400

/* A ramfs error as errno. */
static long ram_errno(long err)
{
	switch (err) {
	case -SYS_E_NOT_FOUND:
		return -L_ENOENT;
	case -SYS_E_EXISTS:
		return -L_EEXIST;
	case -SYS_E_BAD_FD:
		return -L_EBADF;
	case -SYS_E_NO_SPACE:
		return -L_ENOSPC;
	case -SYS_E_NAME:
		return -L_ENAMETOOLONG;
	case -SYS_E_IS_DIR:
		return -L_EISDIR;
	case -SYS_E_NOT_DIR:
		return -L_ENOTDIR;
	case -SYS_E_NOT_EMPTY:
		return -L_ENOTEMPTY;
	case -SYS_E_STATE:
		return -L_EINVAL;
	default:
		return -L_EIO;
	}
}

long vfs_init(void)
{
	struct ramfs_stat st;
	long err;

	have_busybox = archive_find_file("bin/busybox") >= 0;
	if (linux_fs_error)
		return 0;
	/* /tmp exists from the start, as ramfs's. */
	err = ramfs_stat_at(&linux_fs, RAMFS_ROOT, "tmp", &st);
	if (err == -SYS_E_NOT_FOUND)
		err = ramfs_mkdir(&linux_fs, RAMFS_ROOT, "tmp");
	if (err < 0)
		printf("linux: /tmp: %s\n", sys_strerror(err));
	return 0;
}

static int applet(const char *name)
{
	if (!have_busybox)
		return -1;
	for (unsigned int i = 0; i < NR_APPLETS; i++)
		if (!strcmp(applets[i], name))
			return (int)i;
	return -1;
}

static bool is_dir(const struct vnode *vn)
{
	return vn->kind == VN_ROOT || vn->kind == VN_ARCH_DIR ||
	       vn->kind == VN_SYN_DIR || vn->kind == VN_RAM_DIR;
}

static bool read_only(const struct vnode *vn)
{
	return vn->kind != VN_RAM_DIR && vn->kind != VN_RAM_FILE &&
	       vn->kind != VN_ROOT && vn->kind != VN_DEV;
}

/* @name (one component) in @dir; *vn filled. 0 or -L_E*. */
static long child(const struct vnode *dir, const char *name, struct vnode *vn)
{
	struct ramfs_stat st;
	char path[ARCHIVE_NAME_MAX * 2];
	long err;
	int i;

	memset(vn, 0, sizeof(*vn));
	vn->nlink = 1;
	switch (dir->kind) {
	case VN_ROOT:
		for (i = 0; i < NR_SYN; i++) {
			if (!strcmp(name, syn_dirs[i])) {
				vn->kind = VN_SYN_DIR;
				vn->idx = i;
				vn->nlink = 2;
				return 0;
			}
		}
		i = archive_find_dir(name);
		if (i >= 0) {
			vn->kind = VN_ARCH_DIR;
			vn->idx = i;
			vn->nlink = 2;
			return 0;
		}
		break; /* ramfs's root */
	case VN_ARCH_DIR:
		if (strlen(archive_dirs[dir->idx]) + 1 + strlen(name) >=
		    sizeof(path))
			return -L_ENOENT;
		snprintf(path, sizeof(path), "%s/%s", archive_dirs[dir->idx],
			 name);
		if ((i = archive_find_file(path)) >= 0) {
			vn->kind = VN_ARCH_FILE;
			vn->idx = i;
			vn->size = archive_files[i].size;
			return 0;
		}
		if ((i = archive_find_dir(path)) >= 0) {
			vn->kind = VN_ARCH_DIR;
			vn->idx = i;
			vn->nlink = 2;
			return 0;
		}
		if (!strcmp(archive_dirs[dir->idx], "bin") &&
		    (i = applet(name)) >= 0) {
			vn->kind = VN_LINK;
			vn->idx = i;
			vn->size = strlen("busybox");
			return 0;
		}
		return -L_ENOENT;
	case VN_SYN_DIR:
		if (dir->idx == SYN_PROC) {
			if (strcmp(name, "meminfo"))
				return -L_ENOENT;
			vn->kind = VN_SYN_FILE;
			vn->idx = NR_ETC;
			vn->size = strlen(meminfo_text());
			return 0;
		}
		if (dir->idx == SYN_ETC) {
			for (unsigned int j = 0; j < NR_ETC; j++) {
				if (!strcmp(name, etc_files[j].name)) {
					vn->kind = VN_SYN_FILE;
					vn->idx = (int)j;
					vn->size = strlen(etc_files[j].text);
					return 0;
				}
			}
		} else {
			for (unsigned int j = 0; j < NR_DEV; j++) {
				if (!strcmp(name, dev_files[j].name)) {
					vn->kind = VN_DEV;
					vn->idx = (int)j;
					return 0;
				}
			}
		}
		return -L_ENOENT;
	case VN_RAM_DIR:
		break;
	default:
		return -L_ENOTDIR;
	}
	if (linux_fs_error)
		return -L_ENOENT;
	if (strlen(name) > RAMFS_NAME_MAX)
		return -L_ENAMETOOLONG;
	err = ramfs_stat_at(&linux_fs, dir->ram, name, &st);
	if (err)
		return ram_errno(err);
	vn->kind = st.type == RAMFS_TYPE_DIR ? VN_RAM_DIR : VN_RAM_FILE;
	vn->ram = st.handle;
	vn->dir = dir->ram;
	memcpy(vn->name, name, strlen(name) + 1);
	vn->size = st.size;
	vn->mtime_ns = st.mtime;
	vn->nlink = st.nlink;
	return 0;
}

long vfs_lookup(const char *path, bool follow, struct vnode *vn)
{
	char buf[PATH_MAX_LEN + 1];
	int links = 0;

	if (strlen(path) > PATH_MAX_LEN)
		return -L_ENAMETOOLONG;
	memcpy(buf, path, strlen(path) + 1);
restart:
	memset(vn, 0, sizeof(*vn));
	vn->kind = VN_ROOT;
	vn->ram = RAMFS_ROOT;
	vn->nlink = 2;
	for (char *s = buf + 1; *s;) {
		char name[PATH_MAX_LEN + 1], *end = strchr(s, '/');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		struct vnode next;
		long err;

		memcpy(name, s, n);
		name[n] = '\0';
		err = child(vn, name, &next);
		if (err)
			return err;
		if (next.kind == VN_LINK && (end || follow)) {
			/* /bin/<applet> -> busybox, beside it. */
			char target[PATH_MAX_LEN + 1];
			int must_dir;

			if (++links > 8)
				return -L_ELOOP;
			s[0] = '\0';
			if (strlen(buf) + strlen("busybox") +
				    (end ? strlen(end) : 0) >
			    PATH_MAX_LEN)
				return -L_ENAMETOOLONG;
			snprintf(target, sizeof(target), "%sbusybox%s", buf,
				 end ? end : "");
			if (path_resolve("/", target, buf, sizeof(buf),
					 &must_dir))
				return -L_ENAMETOOLONG;
			goto restart;
		}
		*vn = next;
		if (!end)
			break;
		s = end + 1;
	}
	return 0;
}

long vfs_path(int dirfd, const char *path, char *out, int *must_dir)
{
	const char *base = current->cwd;

	if (path[0] != '/' && dirfd != L_AT_FDCWD) {
		struct ofile *of = dirfd >= 0 && dirfd < LINUX_MAX_FDS ?
					   current->fds.fd[dirfd] :
					   NULL;

		if (!of)
			return -L_EBADF;
		if (of->kind != OF_DIR)
			return -L_ENOTDIR;
		base = of->path;
	}
	return path_resolve(base, path, out, PATH_MAX_LEN + 1, must_dir);
}

void vfs_stat(const struct vnode *vn, struct l_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_nlink = vn->nlink ? vn->nlink : 1;
	st->st_blksize = 4096;
	st->st_size = (int64_t)vn->size;
	st->st_blocks = (int64_t)((vn->size + 511) / 512);
	switch (vn->kind) {
	case VN_ROOT:
		st->st_dev = DEV_RAMFS;
		st->st_ino = INO_ROOT;
		st->st_mode = L_S_IFDIR | 0755;
		break;
	case VN_ARCH_DIR:
		st->st_dev = DEV_ARCHIVE;
		st->st_ino = INO_ARCH_DIR + (uint64_t)vn->idx;
		st->st_mode = L_S_IFDIR | 0555;
		break;
	case VN_ARCH_FILE:
		st->st_dev = DEV_ARCHIVE;
		st->st_ino = INO_ARCH + (uint64_t)vn->idx;
		st->st_mode = L_S_IFREG | 0555;
		break;
	case VN_LINK:
		st->st_dev = DEV_ARCHIVE;
		st->st_ino = INO_LINK + (uint64_t)vn->idx;
		st->st_mode = L_S_IFLNK | 0777;
		break;
	case VN_SYN_DIR:
		st->st_dev = DEV_SYN;
		st->st_ino = INO_SYN_DIR + (uint64_t)vn->idx;
		st->st_mode = L_S_IFDIR | 0555;
		break;
	case VN_SYN_FILE:
		st->st_dev = DEV_SYN;
		st->st_ino = INO_SYN_FILE + (uint64_t)vn->idx;
		st->st_mode = L_S_IFREG | 0444;
		break;
	case VN_DEV:
		st->st_dev = DEV_SYN;
		st->st_ino = INO_DEV + (uint64_t)vn->idx;
		st->st_mode = L_S_IFCHR | 0666;
		st->st_rdev = dev_files[vn->idx].major << 8 |
			      dev_files[vn->idx].minor;
		st->st_blocks = 0;
		break;
	case VN_RAM_DIR:
		st->st_dev = DEV_RAMFS;
		st->st_ino = 0x100000ull + vn->ram;
		st->st_mode = L_S_IFDIR | 0755;
		break;
	case VN_RAM_FILE:
		st->st_dev = DEV_RAMFS;
		st->st_ino = 0x100000ull + vn->ram;
		st->st_mode = L_S_IFREG | 0644;
		break;
	}
	/* ramfs keeps the counter's time since boot; there is no clock of
	 * the date, so the epoch is the boot. */
	st->st_mtime_sec = st->st_atime_sec = st->st_ctime_sec =
		(int64_t)(vn->mtime_ns / 1000000000ull);
	st->st_mtime_nsec = st->st_atime_nsec = st->st_ctime_nsec =
		vn->mtime_ns % 1000000000ull;
}

/* ---- open files ------------------------------------------------------- */

static struct ofile ofiles[LINUX_MAX_OFILES];

struct ofile *ofile_new(void)
{
	for (unsigned int i = 0; i < LINUX_MAX_OFILES; i++) {
		if (!ofiles[i].refs) {
			memset(&ofiles[i], 0, sizeof(ofiles[i]));
			ofiles[i].refs = 1;
			ofiles[i].ramfd = -1;
			return &ofiles[i];
		}
	}
	return NULL;
}

void ofile_put(struct ofile *of)
{
	if (!of || --of->refs > 0)
		return;
	if (of->kind == OF_PIPE)
		pipe_close(of);
	if (of->ramfd >= 0)
		ramfs_close(&linux_fs, (int)of->ramfd);
	of->ramfd = -1;
}

/* The directory to make @path's last name in: its vnode, the name. */
static long parent_of(const char *path, struct vnode *dir, const char **name)
{
	char parent[PATH_MAX_LEN + 1];
	size_t plen;
	long err;

	*name = path_last(path, &plen);
	if (!**name)
		return -L_EEXIST; /* "/" itself */
	memcpy(parent, path, plen);
	parent[plen] = '\0';
	err = vfs_lookup(parent, true, dir);
	if (err)
		return err;
	if (!is_dir(dir))
		return -L_ENOTDIR;
	return 0;
}

/* A directory ramfs holds: ramfs's root under "/", else its own. */
static bool ramfs_dir(const struct vnode *dir)
{
	return dir->kind == VN_ROOT || dir->kind == VN_RAM_DIR;
}

long vfs_open(const char *path, uint32_t flags, uint32_t mode,
	      struct ofile **out)
{
	uint32_t acc = flags & L_O_ACCMODE;
	struct vnode vn, dir;
	struct ofile *of;
	const char *name;
	long err;

	(void)mode;
	err = vfs_lookup(path, !(flags & L_O_NOFOLLOW), &vn);
	if (err == -L_ENOENT && (flags & L_O_CREAT)) {
		long fd;

		err = parent_of(path, &dir, &name);
		if (err)
			return err;
		if (!ramfs_dir(&dir))
			return -L_EROFS;
		if (linux_fs_error)
			return -L_EROFS;
		/* Created by opening for writing; this open follows. */
		fd = ramfs_open_at(&linux_fs, dir.ram, name,
				   RAMFS_O_WRITE | RAMFS_O_CREATE);
		if (fd < 0)
			return ram_errno(fd);
		ramfs_close(&linux_fs, (int)fd);
		err = vfs_lookup(path, true, &vn);
	} else if (!err && (flags & L_O_CREAT) && (flags & L_O_EXCL)) {
		return -L_EEXIST;
	}
	if (err)
		return err;
	if (vn.kind == VN_LINK)
		return -L_ELOOP; /* O_NOFOLLOW on a link */
	if ((flags & L_O_DIRECTORY) && !is_dir(&vn))
		return -L_ENOTDIR;
	if (is_dir(&vn) && (acc != L_O_RDONLY || (flags & L_O_TRUNC)))
		return -L_EISDIR;
	if (read_only(&vn) && (acc != L_O_RDONLY || (flags & L_O_TRUNC)))
		return -L_EROFS;
	if (acc == 3)
		return -L_EINVAL;
	of = ofile_new();
	if (!of)
		return -L_ENFILE;
	of->vn = vn;
	of->flags = flags & ~(uint32_t)(L_O_CREAT | L_O_EXCL | L_O_TRUNC |
					L_O_NOCTTY | L_O_CLOEXEC);
	memcpy(of->path, path, strlen(path) + 1);
	if (is_dir(&vn)) {
		of->kind = OF_DIR;
	} else if (vn.kind == VN_DEV && (vn.idx == 2 || vn.idx == 3)) {
		of->kind = OF_CONSOLE;
	} else if (vn.kind == VN_DEV) {
		of->kind = OF_DEV;
	} else {
		of->kind = OF_FILE;
	}
	if (vn.kind == VN_RAM_FILE && !(flags & L_O_PATH)) {
		unsigned int rf =
			(acc == L_O_RDONLY ? RAMFS_O_READ :
			 acc == L_O_WRONLY ? RAMFS_O_WRITE :
					     RAMFS_O_READ | RAMFS_O_WRITE) |
			(flags & L_O_TRUNC ? RAMFS_O_TRUNC : 0) |
			(flags & L_O_APPEND ? RAMFS_O_APPEND : 0);
		long fd = ramfs_open_at(&linux_fs, vn.dir, vn.name, rf);

		if (fd < 0) {
			ofile_put(of);
			return ram_errno(fd);
		}
		of->ramfd = fd;
	}
	*out = of;
	return 0;
}

/* Bytes moved between a file and the process go through this buffer. */
static uint8_t io_buf[8192];

static long read_ram(struct ofile *of, uint64_t buf, uint64_t len)
{
	uint64_t done = 0;

	while (done < len) {
		size_t want = len - done < sizeof(io_buf) ? len - done :
							    sizeof(io_buf);
		long n = ramfs_read(&linux_fs, (int)of->ramfd, io_buf, want);

		if (n < 0)
			return done ? (long)done : ram_errno(n);
		if (n > (long)want)
			n = (long)want;
		if (n && copy_out(current->vm, buf + done, io_buf, (size_t)n))
			return done ? (long)done : -L_EFAULT;
		done += (uint64_t)n;
		if ((size_t)n < want)
			break;
	}
	return (long)done;
}

static long write_ram(struct ofile *of, uint64_t buf, uint64_t len)
{
	uint64_t done = 0;

	while (done < len) {
		size_t want = len - done < sizeof(io_buf) ? len - done :
							    sizeof(io_buf);
		long n;

		if (copy_in(current->vm, io_buf, buf + done, want))
			return done ? (long)done : -L_EFAULT;
		n = ramfs_write(&linux_fs, (int)of->ramfd, io_buf, want);
		if (n < 0)
			return done ? (long)done : ram_errno(n);
		done += (uint64_t)n;
		if ((size_t)n < want)
			break;
	}
	return (long)done;
}

/* A file of ours (archive, /etc) from @at: into the process. */
static long read_mem(struct ofile *of, uint64_t buf, uint64_t len, uint64_t at)
{
	uint64_t size = of->vn.size, done = 0;

	if (at >= size)
		return 0;
	if (len > size - at)
		len = size - at;
	while (done < len) {
		size_t want = len - done < sizeof(io_buf) ? len - done :
							    sizeof(io_buf);

		if (of->vn.kind == VN_ARCH_FILE) {
			if (files_read(archive_files[of->vn.idx].off + at +
					       done,
				       io_buf, want))
				return -L_EIO;
		} else {
			memcpy(io_buf, syn_text(of->vn.idx) + at + done, want);
		}
		if (copy_out(current->vm, buf + done, io_buf, want))
			return done ? (long)done : -L_EFAULT;
		done += want;
	}
	return (long)done;
}

long vfs_read(struct ofile *of, uint64_t buf, uint64_t len, int64_t at)
{
	long r;

	if ((of->flags & L_O_ACCMODE) == L_O_WRONLY || (of->flags & L_O_PATH))
		return -L_EBADF;
	if (of->kind == OF_DIR)
		return -L_EISDIR;
	if (of->kind == OF_DEV) {
		if (of->vn.idx == DEV_NULL)
			return 0;
		/* /dev/zero */
		memset(io_buf, 0, sizeof(io_buf));
		for (uint64_t done = 0; done < len;) {
			size_t n = len - done < sizeof(io_buf) ? len - done :
								 sizeof(io_buf);

			if (copy_out(current->vm, buf + done, io_buf, n))
				return done ? (long)done : -L_EFAULT;
			done += n;
		}
		return (long)len;
	}
	if (of->vn.kind == VN_RAM_FILE) {
		int64_t save = 0;

		if (at < 0)
			return read_ram(of, buf, len);
		/* pread: the server's offset moved there and back. */
		save = ramfs_seek(&linux_fs, (int)of->ramfd, 0, 1);
		if (save < 0 ||
		    ramfs_seek(&linux_fs, (int)of->ramfd, at, 0) < 0)
			return -L_EINVAL;
		r = read_ram(of, buf, len);
		ramfs_seek(&linux_fs, (int)of->ramfd, save, 0);
		return r;
	}
	r = read_mem(of, buf, len, at < 0 ? of->pos : (uint64_t)at);
	if (r > 0 && at < 0)
		of->pos += (uint64_t)r;
	return r;
}

long vfs_write(struct ofile *of, uint64_t buf, uint64_t len, int64_t at)
{
	long r;

	if ((of->flags & L_O_ACCMODE) == L_O_RDONLY || (of->flags & L_O_PATH))
		return -L_EBADF;
	if (of->kind == OF_DEV) {
		/* /dev/null and /dev/zero take everything, if it is there. */
		for (uint64_t done = 0; done < len;) {
			size_t n = len - done < sizeof(io_buf) ? len - done :
								 sizeof(io_buf);

			if (copy_in(current->vm, io_buf, buf + done, n))
				return done ? (long)done : -L_EFAULT;
			done += n;
		}
		return (long)len;
	}
	if (of->vn.kind != VN_RAM_FILE)
		return -L_EBADF;
	if (at < 0)
		return write_ram(of, buf, len);
	{
		int64_t save = ramfs_seek(&linux_fs, (int)of->ramfd, 0, 1);

		if (save < 0 ||
		    ramfs_seek(&linux_fs, (int)of->ramfd, at, 0) < 0)
			return -L_EINVAL;
		r = write_ram(of, buf, len);
		ramfs_seek(&linux_fs, (int)of->ramfd, save, 0);
	}
	return r;
}

long vfs_lseek(struct ofile *of, int64_t off, int whence)
{
	int64_t base;

	if (whence < 0 || whence > 2)
		return -L_EINVAL;
	if (of->kind == OF_CONSOLE || of->kind == OF_PIPE)
		return -L_ESPIPE;
	if (of->vn.kind == VN_RAM_FILE) {
		long r = ramfs_seek(&linux_fs, (int)of->ramfd, off, whence);

		return r < 0 ? (r == -SYS_E_PROTOCOL ? -L_EINVAL :
						       ram_errno(r)) :
			       r;
	}
	if (of->kind == OF_DEV)
		return 0;
	base = whence == 0 ? 0 :
	       whence == 1 ? (int64_t)of->pos :
			     (int64_t)of->vn.size;
	if (off > (1ll << 62) || off < -(1ll << 62) || base + off < 0)
		return -L_EINVAL;
	of->pos = (uint64_t)(base + off);
	return (long)of->pos;
}

long vfs_truncate(struct ofile *of, uint64_t size)
{
	long r;

	if (of->vn.kind != VN_RAM_FILE)
		return read_only(&of->vn) ? -L_EROFS : -L_EINVAL;
	if ((of->flags & L_O_ACCMODE) == L_O_RDONLY)
		return -L_EINVAL;
	r = ramfs_truncate(&linux_fs, (int)of->ramfd, size);
	return r < 0 ? (r == -SYS_E_NO_SPACE ? -L_EFBIG : ram_errno(r)) : 0;
}

long vfs_readlink(const struct vnode *vn, char *buf, size_t len)
{
	static const char target[] = "busybox";
	size_t n = sizeof(target) - 1;

	if (vn->kind != VN_LINK)
		return -L_EINVAL;
	if (n > len)
		n = len;
	memcpy(buf, target, n);
	return (long)n;
}

long vfs_mkdir(const char *path)
{
	struct vnode dir, vn;
	const char *name;
	long err = vfs_lookup(path, false, &vn);

	if (!err)
		return -L_EEXIST;
	if (err != -L_ENOENT)
		return err;
	err = parent_of(path, &dir, &name);
	if (err)
		return err;
	if (!ramfs_dir(&dir) || linux_fs_error)
		return -L_EROFS;
	err = ramfs_mkdir(&linux_fs, dir.ram, name);
	return err < 0 ? ram_errno(err) : 0;
}

long vfs_unlink(const char *path, bool rmdir)
{
	struct vnode vn, dir;
	const char *name;
	long err = vfs_lookup(path, false, &vn);

	if (err)
		return err;
	if (vn.kind == VN_ROOT)
		return -L_EBUSY;
	if (vn.kind != VN_RAM_FILE && vn.kind != VN_RAM_DIR)
		return -L_EROFS;
	err = parent_of(path, &dir, &name);
	if (err)
		return err;
	if (rmdir)
		err = vn.kind == VN_RAM_DIR ?
			      ramfs_rmdir(&linux_fs, dir.ram, name) :
			      -SYS_E_NOT_DIR;
	else
		err = vn.kind == VN_RAM_FILE ?
			      ramfs_unlink_at(&linux_fs, dir.ram, name) :
			      -SYS_E_IS_DIR;
	return err < 0 ? ram_errno(err) : 0;
}

long vfs_rename(const char *from, const char *to)
{
	struct vnode src, dst, dir;
	const char *name;
	long err = vfs_lookup(from, false, &src);

	if (err)
		return err;
	if (src.kind == VN_ROOT)
		return -L_EBUSY;
	if (src.kind != VN_RAM_FILE && src.kind != VN_RAM_DIR)
		return -L_EROFS;
	err = vfs_lookup(to, false, &dst);
	if (!err && dst.kind != VN_RAM_FILE && dst.kind != VN_RAM_DIR)
		return dst.kind == VN_ROOT ? -L_EBUSY : -L_EROFS;
	if (err && err != -L_ENOENT)
		return err;
	err = parent_of(to, &dir, &name);
	if (err)
		return err;
	if (!ramfs_dir(&dir))
		return -L_EROFS;
	err = ramfs_rename(&linux_fs, src.ram, dir.ram, name);
	return err < 0 ? ram_errno(err) : 0;
}

long vfs_read_all(const struct vnode *vn, const char *path, uint8_t *buf,
		  size_t max)
{
	long fd, n;

	(void)path;
	if (vn->kind != VN_RAM_FILE)
		return -L_EINVAL;
	if (vn->size > max)
		return -L_E2BIG;
	fd = ramfs_open_at(&linux_fs, vn->dir, vn->name, RAMFS_O_READ);
	if (fd < 0)
		return ram_errno(fd);
	n = ramfs_read(&linux_fs, (int)fd, buf, max);
	ramfs_close(&linux_fs, (int)fd);
	return n < 0 ? ram_errno(n) : n;
}

/* ---- directories ------------------------------------------------------ */

/* One entry of a listing. */
struct dent {
	char name[ARCHIVE_NAME_MAX];
	uint64_t ino;
	uint8_t type;
};

static uint8_t dtype(const struct vnode *vn)
{
	switch (vn->kind) {
	case VN_LINK:
		return L_DT_LNK;
	case VN_DEV:
		return L_DT_CHR;
	case VN_ARCH_FILE:
	case VN_SYN_FILE:
	case VN_RAM_FILE:
		return L_DT_REG;
	default:
		return L_DT_DIR;
	}
}

/* The overlay names of a directory of ours, in order: @i's, or false
 * past the last. */
static bool overlay_entry(const struct vnode *dir, unsigned int i, char *name)
{
	unsigned int n = 0;

	if (dir->kind == VN_ROOT) {
		if (i < NR_SYN) {
			strcpy(name, syn_dirs[i]);
			return true;
		}
		i -= NR_SYN;
		for (unsigned int d = 0; d < archive_nr_dirs; d++) {
			if (strchr(archive_dirs[d], '/'))
				continue;
			if (n++ == i) {
				strcpy(name, archive_dirs[d]);
				return true;
			}
		}
		return false;
	}
	if (dir->kind == VN_SYN_DIR) {
		if (dir->idx == SYN_ETC && i < NR_ETC) {
			strcpy(name, etc_files[i].name);
			return true;
		}
		if (dir->idx == SYN_PROC && i == 0) {
			strcpy(name, "meminfo");
			return true;
		}
		if (dir->idx == SYN_DEV && i < NR_DEV) {
			strcpy(name, dev_files[i].name);
			return true;
		}
		return false;
	}
	if (dir->kind == VN_ARCH_DIR) {
		const char *d = archive_dirs[dir->idx];
		size_t dl = strlen(d);

		for (unsigned int f = 0; f < archive_nr_files + archive_nr_dirs;
		     f++) {
			const char *p =
				f < archive_nr_files ?
					archive_files[f].path :
					archive_dirs[f - archive_nr_files];

			if (strncmp(p, d, dl) || p[dl] != '/' ||
			    strchr(p + dl + 1, '/'))
				continue;
			if (n++ == i) {
				strcpy(name, p + dl + 1);
				return true;
			}
		}
		if (!strcmp(d, "bin") && have_busybox && i - n < NR_APPLETS) {
			strcpy(name, applets[i - n]);
			return true;
		}
	}
	return false;
}

/*
 * Entry @i of the directory open as @of: 1 and *e, 0 past the last, or
 * -L_E*. Entries: ".", "..", the overlay's names, then ramfs's (in its
 * order; a ramfs name the overlay shadows is skipped: *e->name empty).
 */
static long dir_entry(struct ofile *of, uint64_t i, struct dent *e)
{
	const struct vnode *dir = &of->vn;
	unsigned int overlay = 0;
	char name[ARCHIVE_NAME_MAX];
	struct vnode vn;
	long err;

	memset(e, 0, sizeof(*e));
	if (i < 2) {
		strcpy(e->name, i ? ".." : ".");
		e->type = L_DT_DIR;
		e->ino = 1 + i;
		return 1;
	}
	i -= 2;
	while (overlay_entry(dir, overlay, name))
		overlay++;
	if (i < overlay) {
		overlay_entry(dir, (unsigned int)i, name);
	} else if (ramfs_dir(dir) && !linux_fs_error) {
		struct vnode probe;

		err = ramfs_list_at(&linux_fs, dir->ram,
				    (unsigned int)(i - overlay), name);
		if (err == -SYS_E_NOT_FOUND)
			return 0;
		if (err < 0)
			return ram_errno(err);
		/* Under "/" a ramfs entry called bin, etc, ... is hidden. */
		if (dir->kind == VN_ROOT && child(dir, name, &probe) == 0 &&
		    probe.kind != VN_RAM_DIR && probe.kind != VN_RAM_FILE)
			return 1;
	} else {
		return 0;
	}
	err = child(dir, name, &vn);
	if (err)
		return 1; /* gone meanwhile: skipped */
	{
		struct l_stat st;

		vfs_stat(&vn, &st);
		e->ino = st.st_ino;
	}
	memcpy(e->name, name, sizeof(e->name));
	e->type = dtype(&vn);
	return 1;
}

long vfs_getdents(struct ofile *of, uint64_t buf, uint64_t len)
{
	uint64_t done = 0;

	if (of->kind != OF_DIR)
		return -L_ENOTDIR;
	for (;;) {
		uint8_t rec[L_DIRENT64_HDR + ARCHIVE_NAME_MAX + 8];
		struct dent e;
		size_t nlen, reclen;
		uint64_t off;
		long r = dir_entry(of, of->pos, &e);

		if (r < 0)
			return done ? (long)done : r;
		if (!r)
			break;
		if (!e.name[0]) { /* shadowed */
			of->pos++;
			continue;
		}
		nlen = strlen(e.name);
		reclen = (L_DIRENT64_HDR + nlen + 1 + 7) & ~(size_t)7;
		if (reclen > len - done) {
			if (!done)
				return -L_EINVAL; /* too small for one */
			break;
		}
		memset(rec, 0, sizeof(rec));
		off = of->pos + 1;
		memcpy(rec, &e.ino, 8);
		memcpy(rec + 8, &off, 8);
		rec[16] = (uint8_t)reclen;
		rec[17] = (uint8_t)(reclen >> 8);
		rec[18] = e.type;
		memcpy(rec + L_DIRENT64_HDR, e.name, nlen);
		if (copy_out(current->vm, buf + done, rec, reclen))
			return done ? (long)done : -L_EFAULT;
		done += reclen;
		of->pos++;
	}
	return (long)done;
}

long vfs_read_kernel(struct ofile *of, void *buf, size_t len, int64_t at)
{
	uint64_t pos = at < 0 ? of->pos : (uint64_t)at;
	long n;

	if ((of->flags & L_O_ACCMODE) == L_O_WRONLY || (of->flags & L_O_PATH))
		return -L_EBADF;
	if (of->kind == OF_DEV) {
		if (of->vn.idx == DEV_NULL)
			return 0;
		memset(buf, 0, len);
		return (long)len;
	}
	if (of->vn.kind == VN_RAM_FILE) {
		int64_t save = 0;

		if (at >= 0) {
			save = ramfs_seek(&linux_fs, (int)of->ramfd, 0, 1);
			if (save < 0 ||
			    ramfs_seek(&linux_fs, (int)of->ramfd, at, 0) < 0)
				return -L_EINVAL;
		}
		n = ramfs_read(&linux_fs, (int)of->ramfd, buf, len);
		if (at >= 0)
			ramfs_seek(&linux_fs, (int)of->ramfd, save, 0);
		return n < 0 ? ram_errno(n) : n;
	}
	if (of->kind != OF_FILE)
		return -L_EINVAL;
	if (pos >= of->vn.size)
		return 0;
	if (len > of->vn.size - pos)
		len = of->vn.size - pos;
	if (of->vn.kind == VN_ARCH_FILE) {
		if (files_read(archive_files[of->vn.idx].off + pos, buf, len))
			return -L_EIO;
	} else {
		memcpy(buf, syn_text(of->vn.idx) + pos, len);
	}
	if (at < 0)
		of->pos += len;
	return (long)len;
}

long vfs_write_kernel(struct ofile *of, const void *buf, size_t len)
{
	long n;

	if ((of->flags & L_O_ACCMODE) == L_O_RDONLY || (of->flags & L_O_PATH))
		return -L_EBADF;
	if (of->kind == OF_DEV)
		return (long)len;
	if (of->vn.kind != VN_RAM_FILE)
		return -L_EBADF;
	n = ramfs_write(&linux_fs, (int)of->ramfd, buf, len);
	return n < 0 ? ram_errno(n) : n;
}
