// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ramfs file table (fs.h). Data lives in FS_BLOCK_SIZE blocks of one
 * static pool; a file holds a table of its blocks, in order, so the
 * block of any offset is found without walking a list, and no file's
 * growth depends on what lies next to it in the pool.
 *
 * Directories are nodes too: each node records its parent (0: the root,
 * else the parent's index + 1) and its name in it, so a directory's
 * entries are the nodes that name it as parent.
 *
 * Descriptors and handles name a node by its index and generation:
 * removing a node bumps the generation of its slot, so a descriptor or a
 * handle another client still holds cannot reach whatever is made there
 * next.
 */
#include <string.h>
#include "fs.h"

struct fs_file {
	uint8_t used;
	uint8_t dir;	/* a directory */
	uint8_t parent; /* 0: the root; else the parent's index + 1 */
	char name[FS_NAME_BUF];
	uint32_t gen;
	uint64_t size;
	uint64_t mtime;
	uint32_t nr_blocks; /* block[0 .. nr_blocks - 1] are its */
	uint16_t block[FS_NR_BLOCKS];
};

static struct fs_file files[FS_MAX_FILES];
static uint8_t block_used[FS_NR_BLOCKS];
static uint8_t data[FS_NR_BLOCKS][FS_BLOCK_SIZE];
static unsigned int free_blocks;
static uint64_t clock_now;

_Static_assert(FS_MAX_FILES < 255, "parents and descriptors keep the index "
				   "in a byte");
_Static_assert(FS_NR_BLOCKS <= 65536, "block numbers are 16 bits");

#define GEN_MASK 0xffffffu /* a handle keeps 24 bits of the generation */

void fs_init(void)
{
	memset(files, 0, sizeof(files));
	memset(block_used, 0, sizeof(block_used));
	free_blocks = FS_NR_BLOCKS;
}

void fs_set_time(uint64_t now)
{
	clock_now = now;
}

void fs_client_init(struct fs_client *c, uint64_t badge)
{
	memset(c, 0, sizeof(*c));
	c->badge = badge;
}

long fs_check_name(const char *buf, size_t size)
{
	size_t n = strnlen(buf, size);

	if (n == 0 || n >= size || n > FS_NAME_MAX)
		return -SYS_E_NAME;
	if (!strcmp(buf, ".") || !strcmp(buf, ".."))
		return -SYS_E_NAME;
	/* Names are listed on the console: no control characters that
	 * could rewrite the terminal of whoever runs "ls"; and a name is
	 * one component of a path. */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch < 0x20 || ch == 0x7f || ch == '/')
			return -SYS_E_NAME;
	}
	return 0;
}

static uint32_t handle_of(const struct fs_file *f)
{
	return (f->gen & GEN_MASK) << 8 | (uint32_t)(f - files + 1);
}

/*
 * The directory @dir names: *id its parent id (0: the root, else index +
 * 1). 0, -SYS_E_NOT_FOUND for a handle of nothing (or of something
 * removed), -SYS_E_NOT_DIR for a file's.
 */
static long dir_id(uint32_t dir, uint8_t *id)
{
	unsigned int i = dir & 0xff;
	const struct fs_file *f;

	if (dir == FS_ROOT) {
		*id = 0;
		return 0;
	}
	if (i < 1 || i > FS_MAX_FILES)
		return -SYS_E_NOT_FOUND;
	f = &files[i - 1];
	if (!f->used || (f->gen & GEN_MASK) != dir >> 8)
		return -SYS_E_NOT_FOUND;
	if (!f->dir)
		return -SYS_E_NOT_DIR;
	*id = (uint8_t)i;
	return 0;
}

static struct fs_file *lookup(uint8_t parent, const char *name)
{
	for (unsigned int i = 0; i < FS_MAX_FILES; i++)
		if (files[i].used && files[i].parent == parent &&
		    !strcmp(files[i].name, name))
			return &files[i];
	return NULL;
}

static struct fs_file *free_node(void)
{
	for (unsigned int i = 0; i < FS_MAX_FILES; i++)
		if (!files[i].used)
			return &files[i];
	return NULL;
}

static unsigned int children(uint8_t id, unsigned int *dirs)
{
	unsigned int n = 0;

	*dirs = 0;
	for (unsigned int i = 0; i < FS_MAX_FILES; i++) {
		if (files[i].used && files[i].parent == id) {
			n++;
			*dirs += files[i].dir;
		}
	}
	return n;
}

static void free_data(struct fs_file *f)
{
	for (uint32_t i = 0; i < f->nr_blocks; i++) {
		block_used[f->block[i]] = 0;
		free_blocks++;
	}
	f->nr_blocks = 0;
	f->size = 0;
}

/* @f leaves the table; its descriptors and handles go stale. */
static void remove_node(struct fs_file *f)
{
	free_data(f);
	f->used = 0;
	f->gen++;
}

/*
 * Give @f blocks up to @nr (the caller checked that enough are free).
 * Fresh blocks are zeroed, so a hole left by writing past the end of the
 * file reads as zeros and no earlier file's data leaks; a file that
 * shrinks has the rest of its last block zeroed (fs_truncate), so the
 * bytes past the end of a file's last block are always zero.
 */
static void grow(struct fs_file *f, uint32_t nr)
{
	uint32_t b = 0;

	while (f->nr_blocks < nr) {
		while (block_used[b])
			b++;
		block_used[b] = 1;
		free_blocks--;
		memset(data[b], 0, FS_BLOCK_SIZE);
		f->block[f->nr_blocks++] = (uint16_t)b;
	}
}

static uint32_t blocks_for(uint64_t size)
{
	return (uint32_t)((size + FS_BLOCK_SIZE - 1) / FS_BLOCK_SIZE);
}

/* The open file behind descriptor @fd, or NULL with *err set. */
static struct fs_file *fd_file(struct fs_client *c, unsigned long fd,
			       struct fs_fd **d, long *err)
{
	struct fs_file *f;

	if (fd >= FS_MAX_FDS || !c->fd[fd].used) {
		*err = -SYS_E_BAD_FD;
		return NULL;
	}
	*d = &c->fd[fd];
	f = &files[(*d)->file];
	if (!f->used || f->gen != (*d)->gen) {
		/* Unlinked since it was opened. */
		*err = -SYS_E_NOT_FOUND;
		return NULL;
	}
	return f;
}

/* Make a node: the caller checked the name and that a slot is free. */
static struct fs_file *make_node(struct fs_file *f, uint8_t parent,
				 const char *name, uint8_t dir)
{
	f->used = 1;
	f->dir = dir;
	f->parent = parent;
	/* Zero-padded: fs_list hands out the whole buffer, which must not
	 * carry a removed node's longer name. */
	memset(f->name, 0, sizeof(f->name));
	memcpy(f->name, name, strlen(name));
	f->size = 0;
	f->nr_blocks = 0;
	f->mtime = clock_now;
	return f;
}

long fs_open_at(struct fs_client *c, uint32_t dir, const char *name,
		unsigned long flags)
{
	struct fs_file *f, *slot = NULL;
	unsigned int fd;
	uint8_t parent;
	long err;

	if ((flags & ~(unsigned long)FS_O_ALL) ||
	    !(flags & (FS_O_READ | FS_O_WRITE)) ||
	    ((flags & FS_O_TRUNC) && !(flags & FS_O_WRITE)))
		return -SYS_E_PROTOCOL;
	err = fs_check_name(name, FS_NAME_BUF);
	if (!err)
		err = dir_id(dir, &parent);
	if (err)
		return err;
	f = lookup(parent, name);
	if (f && f->dir)
		return -SYS_E_IS_DIR;
	if (!f) {
		if (!(flags & FS_O_CREATE))
			return -SYS_E_NOT_FOUND;
		slot = free_node();
		if (!slot)
			return -SYS_E_NO_SPACE;
	}
	for (fd = 0; fd < FS_MAX_FDS; fd++)
		if (!c->fd[fd].used)
			break;
	if (fd == FS_MAX_FDS)
		return -SYS_E_NO_SPACE;

	/* Everything checked: from here on the request succeeds. */
	if (!f) {
		f = make_node(slot, parent, name, 0);
	} else if (flags & FS_O_TRUNC) {
		free_data(f);
		f->mtime = clock_now;
	}
	c->fd[fd] = (struct fs_fd){
		.used = 1,
		.file = (uint8_t)(f - files),
		.flags = (uint16_t)flags,
		.gen = f->gen,
		.offset = 0,
	};
	return fd;
}

long fs_open(struct fs_client *c, const char *name, unsigned long flags)
{
	return fs_open_at(c, FS_ROOT, name, flags);
}

long fs_close(struct fs_client *c, unsigned long fd)
{
	/* A descriptor of an unlinked file closes like any other. */
	if (fd >= FS_MAX_FDS || !c->fd[fd].used)
		return -SYS_E_BAD_FD;
	c->fd[fd].used = 0;
	return 0;
}

long fs_read(struct fs_client *c, unsigned long fd, void *buf, size_t len)
{
	struct fs_fd *d;
	struct fs_file *f;
	uint8_t *out = buf;
	size_t done = 0;
	long err;

	f = fd_file(c, fd, &d, &err);
	if (!f)
		return err;
	if (!(d->flags & FS_O_READ))
		return -SYS_E_BAD_FD;
	/* Another client may have truncated the file under our offset. */
	if (d->offset >= f->size)
		return 0;
	if (len > f->size - d->offset)
		len = (size_t)(f->size - d->offset);
	while (done < len) {
		uint64_t off = d->offset + done;
		size_t in = (size_t)(off % FS_BLOCK_SIZE);
		size_t n = FS_BLOCK_SIZE - in;

		if (n > len - done)
			n = len - done;
		memcpy(out + done, &data[f->block[off / FS_BLOCK_SIZE]][in], n);
		done += n;
	}
	d->offset += done;
	return (long)done;
}

long fs_write(struct fs_client *c, unsigned long fd, const void *buf,
	      size_t len)
{
	const uint8_t *in = buf;
	struct fs_fd *d;
	struct fs_file *f;
	uint64_t start, end;
	uint32_t need;
	size_t done = 0;
	long err;

	f = fd_file(c, fd, &d, &err);
	if (!f)
		return err;
	if (!(d->flags & FS_O_WRITE))
		return -SYS_E_BAD_FD;
	if (!len)
		return 0; /* not even the hole below the offset */
	start = (d->flags & FS_O_APPEND) ? f->size : d->offset;
	/* Both are below 2^64 / 2, so the sum cannot wrap. */
	if (start > FS_MAX_SIZE || len > FS_MAX_SIZE - start)
		return -SYS_E_NO_SPACE;
	end = start + len;
	need = blocks_for(end);
	if (need > f->nr_blocks && need - f->nr_blocks > free_blocks)
		return -SYS_E_NO_SPACE;

	grow(f, need);
	while (done < len) {
		uint64_t off = start + done;
		size_t at = (size_t)(off % FS_BLOCK_SIZE);
		size_t n = FS_BLOCK_SIZE - at;

		if (n > len - done)
			n = len - done;
		memcpy(&data[f->block[off / FS_BLOCK_SIZE]][at], in + done, n);
		done += n;
	}
	if (end > f->size)
		f->size = end;
	f->mtime = clock_now;
	d->offset = end;
	return (long)len;
}

long fs_seek(struct fs_client *c, unsigned long fd, int64_t off,
	     unsigned long whence)
{
	struct fs_fd *d;
	long err;
	struct fs_file *f = fd_file(c, fd, &d, &err);
	int64_t base;

	if (!f)
		return err;
	if (whence == 0)
		base = 0;
	else if (whence == 1)
		base = (int64_t)d->offset;
	else if (whence == 2)
		base = (int64_t)f->size;
	else
		return -SYS_E_PROTOCOL;
	/* Offsets stay within [0, 2^62): no sum below can wrap. */
	if (off < -(1ll << 62) || off > (1ll << 62) || base + off < 0)
		return -SYS_E_PROTOCOL;
	d->offset = (uint64_t)(base + off);
	return (long)d->offset;
}

long fs_truncate(struct fs_client *c, unsigned long fd, uint64_t size)
{
	struct fs_fd *d;
	struct fs_file *f;
	uint32_t need;
	long err;

	f = fd_file(c, fd, &d, &err);
	if (!f)
		return err;
	if (!(d->flags & FS_O_WRITE))
		return -SYS_E_BAD_FD;
	if (size > FS_MAX_SIZE)
		return -SYS_E_NO_SPACE;
	need = blocks_for(size);
	if (need > f->nr_blocks && need - f->nr_blocks > free_blocks)
		return -SYS_E_NO_SPACE;
	if (need > f->nr_blocks) {
		grow(f, need);
	} else {
		while (f->nr_blocks > need) {
			block_used[f->block[--f->nr_blocks]] = 0;
			free_blocks++;
		}
		/* What lies past the new end reads as zeros if the file
		 * grows again. */
		if (size % FS_BLOCK_SIZE && size < f->size)
			memset(&data[f->block[need - 1]][size % FS_BLOCK_SIZE],
			       0, FS_BLOCK_SIZE - size % FS_BLOCK_SIZE);
	}
	f->size = size;
	f->mtime = clock_now;
	return 0;
}

/* The node @name of directory @dir, or NULL with *err set. */
static struct fs_file *find(uint32_t dir, const char *name, long *err)
{
	struct fs_file *f;
	uint8_t parent;

	*err = fs_check_name(name, FS_NAME_BUF);
	if (!*err)
		*err = dir_id(dir, &parent);
	if (*err)
		return NULL;
	f = lookup(parent, name);
	if (!f)
		*err = -SYS_E_NOT_FOUND;
	return f;
}

long fs_unlink_at(uint32_t dir, const char *name)
{
	long err;
	struct fs_file *f = find(dir, name, &err);

	if (!f)
		return err;
	if (f->dir)
		return -SYS_E_IS_DIR;
	remove_node(f); /* every open descriptor of it goes stale */
	return 0;
}

long fs_unlink(const char *name)
{
	return fs_unlink_at(FS_ROOT, name);
}

long fs_mkdir_at(uint32_t dir, const char *name)
{
	struct fs_file *slot;
	uint8_t parent;
	long err = fs_check_name(name, FS_NAME_BUF);

	if (!err)
		err = dir_id(dir, &parent);
	if (err)
		return err;
	if (lookup(parent, name))
		return -SYS_E_EXISTS;
	slot = free_node();
	if (!slot)
		return -SYS_E_NO_SPACE;
	return handle_of(make_node(slot, parent, name, 1));
}

long fs_rmdir_at(uint32_t dir, const char *name)
{
	unsigned int dirs;
	long err;
	struct fs_file *f = find(dir, name, &err);

	if (!f)
		return err;
	if (!f->dir)
		return -SYS_E_NOT_DIR;
	if (children((uint8_t)(f - files + 1), &dirs))
		return -SYS_E_NOT_EMPTY;
	remove_node(f);
	return 0;
}

long fs_rename(uint32_t node, uint32_t dir, const char *name)
{
	unsigned int i = node & 0xff, dirs;
	struct fs_file *f, *t;
	uint8_t parent, up;
	long err = fs_check_name(name, FS_NAME_BUF);

	if (!err)
		err = dir_id(dir, &parent);
	if (err)
		return err;
	if (node == FS_ROOT)
		return -SYS_E_STATE; /* the root stays */
	if (i < 1 || i > FS_MAX_FILES || !files[i - 1].used ||
	    (files[i - 1].gen & GEN_MASK) != node >> 8)
		return -SYS_E_NOT_FOUND;
	f = &files[i - 1];
	/* A directory cannot move below itself: no ancestor of the target
	 * directory may be the node. */
	for (up = parent; up; up = files[up - 1].parent)
		if (up == i)
			return -SYS_E_STATE;
	t = lookup(parent, name);
	if (t == f)
		return 0;
	if (t) {
		if (!f->dir && t->dir)
			return -SYS_E_IS_DIR;
		if (f->dir && !t->dir)
			return -SYS_E_NOT_DIR;
		if (t->dir && children((uint8_t)(t - files + 1), &dirs))
			return -SYS_E_NOT_EMPTY;
		remove_node(t);
	}
	f->parent = parent;
	memset(f->name, 0, sizeof(f->name));
	memcpy(f->name, name, strlen(name));
	return 0;
}

long fs_stat_at(uint32_t dir, const char *name, struct fs_stat *st)
{
	unsigned int dirs = 0;
	long err;
	struct fs_file *f = find(dir, name, &err);

	if (!f)
		return err;
	memset(st, 0, sizeof(*st));
	st->size = f->dir ? 0 : f->size;
	st->handle = handle_of(f);
	st->dir = f->dir;
	if (f->dir)
		children((uint8_t)(f - files + 1), &dirs);
	st->nlink = f->dir ? 2 + dirs : 1;
	st->mtime = f->mtime;
	return 0;
}

long fs_stat(const char *name)
{
	struct fs_stat st;
	long err = fs_stat_at(FS_ROOT, name, &st);

	return err ? err : (long)st.size;
}

long fs_list_at(uint32_t dir, unsigned long index, char *name)
{
	uint8_t parent;
	long err = dir_id(dir, &parent);

	if (err)
		return err;
	for (unsigned int i = 0; i < FS_MAX_FILES; i++) {
		if (!files[i].used || files[i].parent != parent)
			continue;
		if (index-- == 0) {
			memcpy(name, files[i].name, FS_NAME_BUF);
			return (long)files[i].size;
		}
	}
	return -SYS_E_NOT_FOUND;
}

long fs_list(unsigned long index, char *name)
{
	return fs_list_at(FS_ROOT, index, name);
}

unsigned int fs_nr_files(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < FS_MAX_FILES; i++)
		n += files[i].used;
	return n;
}

unsigned int fs_free_blocks(void)
{
	return free_blocks;
}
