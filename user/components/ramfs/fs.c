// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ramfs file table (fs.h). Data lives in FS_BLOCK_SIZE blocks of one
 * static pool; a file holds a table of its blocks, in order, so the
 * block of any offset is found without walking a list, and no file's
 * growth depends on what lies next to it in the pool.
 *
 * Descriptors name a file by its index and generation: unlinking a file
 * bumps the generation of its slot, so a descriptor another client still
 * holds cannot reach whatever file is created there next.
 */
#include <string.h>
#include "fs.h"

struct fs_file {
	uint8_t used;
	char name[FS_NAME_BUF];
	uint32_t gen;
	uint64_t size;
	uint32_t nr_blocks; /* block[0 .. nr_blocks - 1] are its */
	uint16_t block[FS_NR_BLOCKS];
};

static struct fs_file files[FS_MAX_FILES];
static uint8_t block_used[FS_NR_BLOCKS];
static uint8_t data[FS_NR_BLOCKS][FS_BLOCK_SIZE];
static unsigned int free_blocks;

_Static_assert(FS_MAX_FILES <= 256, "struct fs_fd keeps the index in a byte");
_Static_assert(FS_NR_BLOCKS <= 65536, "block numbers are 16 bits");

void fs_init(void)
{
	memset(files, 0, sizeof(files));
	memset(block_used, 0, sizeof(block_used));
	free_blocks = FS_NR_BLOCKS;
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
	/* Names are listed on the console: no control characters that
	 * could rewrite the terminal of whoever runs "ls". */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch < 0x20 || ch == 0x7f)
			return -SYS_E_NAME;
	}
	return 0;
}

static struct fs_file *lookup(const char *name)
{
	for (unsigned int i = 0; i < FS_MAX_FILES; i++)
		if (files[i].used && !strcmp(files[i].name, name))
			return &files[i];
	return NULL;
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

/*
 * Give @f blocks up to @nr (the caller checked that enough are free).
 * Fresh blocks are zeroed, so a hole left by writing past the end of the
 * file reads as zeros and no earlier file's data leaks; files only shrink
 * to nothing (O_TRUNC, unlink), so the bytes past the end of a file's
 * last block are always still zero.
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

long fs_open(struct fs_client *c, const char *name, unsigned long flags)
{
	struct fs_file *f;
	unsigned int fd, slot = FS_MAX_FILES;
	long err;

	if ((flags & ~(unsigned long)FS_O_ALL) ||
	    !(flags & (FS_O_READ | FS_O_WRITE)) ||
	    ((flags & FS_O_TRUNC) && !(flags & FS_O_WRITE)))
		return -SYS_E_PROTOCOL;
	err = fs_check_name(name, FS_NAME_BUF);
	if (err)
		return err;
	f = lookup(name);
	if (!f) {
		if (!(flags & FS_O_CREATE))
			return -SYS_E_NOT_FOUND;
		for (slot = 0; slot < FS_MAX_FILES; slot++)
			if (!files[slot].used)
				break;
		if (slot == FS_MAX_FILES)
			return -SYS_E_NO_SPACE;
	}
	for (fd = 0; fd < FS_MAX_FDS; fd++)
		if (!c->fd[fd].used)
			break;
	if (fd == FS_MAX_FDS)
		return -SYS_E_NO_SPACE;

	/* Everything checked: from here on the request succeeds. */
	if (!f) {
		f = &files[slot];
		f->used = 1;
		/* Zero-padded: fs_list hands out the whole buffer, which
		 * must not carry a removed file's longer name. */
		memset(f->name, 0, sizeof(f->name));
		memcpy(f->name, name, strlen(name));
		f->size = 0;
		f->nr_blocks = 0;
	} else if (flags & FS_O_TRUNC) {
		free_data(f);
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
	d->offset = end;
	return (long)len;
}

long fs_unlink(const char *name)
{
	struct fs_file *f;
	long err = fs_check_name(name, FS_NAME_BUF);

	if (err)
		return err;
	f = lookup(name);
	if (!f)
		return -SYS_E_NOT_FOUND;
	free_data(f);
	f->used = 0;
	f->gen++; /* every open descriptor of it goes stale */
	return 0;
}

long fs_stat(const char *name)
{
	struct fs_file *f;
	long err = fs_check_name(name, FS_NAME_BUF);

	if (err)
		return err;
	f = lookup(name);
	return f ? (long)f->size : -SYS_E_NOT_FOUND;
}

long fs_list(unsigned long index, char *name)
{
	for (unsigned int i = 0; i < FS_MAX_FILES; i++) {
		if (!files[i].used)
			continue;
		if (index-- == 0) {
			memcpy(name, files[i].name, FS_NAME_BUF);
			return (long)files[i].size;
		}
	}
	return -SYS_E_NOT_FOUND;
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
