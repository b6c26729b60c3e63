// SPDX-License-Identifier: GPL-2.0-only
/*
 * user/components/ramfs/fs.c: the ramfs file table. Every request that
 * fails must leave the file system as it was; one client's descriptors
 * mean nothing to another; a descriptor of an unlinked file reaches no
 * later file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "ktest.h"

static struct fs_client a, b;

static void reset(void)
{
	fs_init();
	fs_client_init(&a, 1);
	fs_client_init(&b, 2);
}

/* A name as it arrives in a request: FS_NAME_BUF bytes, zero-padded. */
static const char *req_name(const char *s)
{
	static char buf[FS_NAME_BUF];

	memset(buf, 0, sizeof(buf));
	memcpy(buf, s, strnlen(s, sizeof(buf)));
	return buf;
}

static long create(struct fs_client *c, const char *name, const char *text)
{
	long fd = fs_open(c, req_name(name), FS_O_WRITE | FS_O_CREATE);

	if (fd >= 0 && text)
		CHECK_EQ_INT((long)strlen(text),
			     fs_write(c, fd, text, strlen(text)));
	return fd;
}

/* The whole file as a string (files in these tests are short text). */
static const char *contents(const char *name)
{
	static char buf[4096];
	long fd = fs_open(&b, req_name(name), FS_O_READ), n;

	if (fd < 0)
		return NULL;
	n = fs_read(&b, fd, buf, sizeof(buf) - 1);
	fs_close(&b, fd);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

TEST(create_write_read)
{
	char buf[16];
	long fd;

	reset();
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_open(&a, req_name("f"), FS_O_READ));
	CHECK_EQ_UINT(0, fs_nr_files());
	fd = create(&a, "f", "hello");
	CHECK_EQ_INT(0, fd);
	CHECK_EQ_INT(5, fs_stat(req_name("f")));
	CHECK_EQ_INT(0, fs_close(&a, fd));

	fd = fs_open(&a, req_name("f"), FS_O_READ);
	CHECK_EQ_INT(0, fd);
	CHECK_EQ_INT(3, fs_read(&a, fd, buf, 3));
	CHECK_EQ_MEM("hel", buf, 3);
	CHECK_EQ_INT(2, fs_read(&a, fd, buf, sizeof(buf)));
	CHECK_EQ_MEM("lo", buf, 2);
	CHECK_EQ_INT(0, fs_read(&a, fd, buf, sizeof(buf))); /* EOF */
	CHECK_EQ_UINT(1, fs_nr_files());
	CHECK_EQ_UINT(FS_NR_BLOCKS - 1, fs_free_blocks());
}

TEST(open_flags)
{
	reset();
	create(&a, "f", "x");
	CHECK_EQ_INT(-SYS_E_PROTOCOL, fs_open(&a, req_name("f"), 0));
	CHECK_EQ_INT(-SYS_E_PROTOCOL, fs_open(&a, req_name("f"), FS_O_CREATE));
	CHECK_EQ_INT(-SYS_E_PROTOCOL,
		     fs_open(&a, req_name("f"), FS_O_READ | (1u << 5)));
	CHECK_EQ_INT(-SYS_E_PROTOCOL,
		     fs_open(&a, req_name("f"), FS_O_READ | (1ul << 63)));
	CHECK_EQ_INT(-SYS_E_PROTOCOL,
		     fs_open(&a, req_name("f"), FS_O_READ | FS_O_TRUNC));
	CHECK_EQ_INT(-SYS_E_PROTOCOL,
		     fs_open(&a, req_name("new"), FS_O_CREATE | FS_O_TRUNC));
	/* None of it created or truncated anything. */
	CHECK_EQ_UINT(1, fs_nr_files());
	CHECK_EQ_INT(1, fs_stat(req_name("f")));
	/* A descriptor opened for reading does not write, and back. */
	long r = fs_open(&a, req_name("f"), FS_O_READ);
	long w = fs_open(&a, req_name("f"), FS_O_WRITE);
	char c;

	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_write(&a, r, "y", 1));
	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_read(&a, w, &c, 1));
	CHECK_EQ_STR("x", contents("f"));
}

TEST(names)
{
	char buf[FS_NAME_BUF];

	reset();
	CHECK_EQ_INT(-SYS_E_NAME,
		     fs_open(&a, req_name(""), FS_O_WRITE | FS_O_CREATE));
	/* 39 characters: the longest name. */
	memset(buf, 'n', FS_NAME_MAX);
	buf[FS_NAME_MAX] = '\0';
	CHECK_EQ_INT(0, fs_open(&a, buf, FS_O_WRITE | FS_O_CREATE));
	CHECK_EQ_INT(0, fs_stat(buf));
	/* 40 and no NUL in the request's 40 bytes. */
	memset(buf, 'm', FS_NAME_BUF);
	CHECK_EQ_INT(-SYS_E_NAME, fs_open(&a, buf, FS_O_WRITE | FS_O_CREATE));
	CHECK_EQ_INT(-SYS_E_NAME, fs_stat(buf));
	CHECK_EQ_INT(-SYS_E_NAME, fs_unlink(buf));
	CHECK_EQ_INT(-SYS_E_NAME, fs_check_name(buf, sizeof(buf)));
	/* Control characters would reach whoever lists the files. */
	CHECK_EQ_INT(-SYS_E_NAME, fs_open(&a, req_name("a\033[2J"),
					  FS_O_WRITE | FS_O_CREATE));
	CHECK_EQ_INT(-SYS_E_NAME, fs_stat(req_name("tab\there")));
	CHECK_EQ_INT(-SYS_E_NAME, fs_unlink(req_name("\x7f")));
	CHECK_EQ_INT(-SYS_E_NAME, fs_unlink(req_name("")));
	CHECK_EQ_INT(0, fs_check_name(req_name("with space.txt"), FS_NAME_BUF));
	CHECK_EQ_UINT(1, fs_nr_files());
}

TEST(bad_descriptors)
{
	char c;

	reset();
	create(&a, "f", "x"); /* fd 0 */
	const unsigned long bad[] = { 1,   7,	      FS_MAX_FDS,	255,
				      256, 1ul << 32, (unsigned long)-1 };
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ_INT(-SYS_E_BAD_FD, fs_read(&a, bad[i], &c, 1));
		CHECK_EQ_INT(-SYS_E_BAD_FD, fs_write(&a, bad[i], "y", 1));
		CHECK_EQ_INT(-SYS_E_BAD_FD, fs_close(&a, bad[i]));
	}
	CHECK_EQ_INT(0, fs_close(&a, 0));
	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_close(&a, 0));
	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_write(&a, 0, "y", 1));
	CHECK_EQ_STR("x", contents("f"));
}

TEST(clients_are_separate)
{
	char c;
	long fa;

	reset();
	fa = create(&a, "mine", "secret");
	CHECK_EQ_INT(0, fa);
	/* b has no descriptor 0, whatever a has. */
	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_read(&b, fa, &c, 1));
	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_write(&b, fa, "x", 1));
	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_close(&b, fa));
	/* and b's close did not close a's. */
	CHECK_EQ_INT(2, fs_write(&a, fa, "!!", 2));
	/* Same file, separate offsets. */
	long fb = fs_open(&b, req_name("mine"), FS_O_READ);
	long fa2 = fs_open(&a, req_name("mine"), FS_O_READ);
	char x[8];

	CHECK_EQ_INT(0, fb);
	CHECK_EQ_INT(1, fa2);
	CHECK_EQ_INT(3, fs_read(&b, fb, x, 3));
	CHECK_EQ_MEM("sec", x, 3);
	CHECK_EQ_INT(3, fs_read(&a, fa2, x, 3));
	CHECK_EQ_MEM("sec", x, 3);
}

TEST(descriptor_table_full_creates_nothing)
{
	reset();
	for (int i = 0; i < FS_MAX_FDS; i++)
		CHECK_EQ_INT(i, fs_open(&a, req_name(i ? "g" : "f"),
					FS_O_WRITE | FS_O_CREATE));
	CHECK_EQ_INT(-SYS_E_NO_SPACE,
		     fs_open(&a, req_name("new"), FS_O_WRITE | FS_O_CREATE));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_stat(req_name("new")));
	CHECK_EQ_UINT(2, fs_nr_files());
	/* Another client's table is its own. */
	CHECK_EQ_INT(0, fs_open(&b, req_name("f"), FS_O_READ));
	/* A freed descriptor is used again. */
	CHECK_EQ_INT(0, fs_close(&a, 3));
	CHECK_EQ_INT(3, fs_open(&a, req_name("new"), FS_O_WRITE | FS_O_CREATE));
}

TEST(file_table_full)
{
	char name[8];

	reset();
	for (int i = 0; i < FS_MAX_FILES; i++) {
		long fd;

		snprintf(name, sizeof(name), "f%d", i);
		fd = create(&a, name, NULL);
		REQUIRE(CHECK_EQ_INT(0, fd));
		fs_close(&a, fd);
	}
	CHECK_EQ_INT(-SYS_E_NO_SPACE, create(&a, "one-more", NULL));
	CHECK_EQ_UINT(FS_MAX_FILES, fs_nr_files());
	/* Opening an existing file needs no free slot. */
	CHECK_EQ_INT(0, fs_open(&a, req_name("f7"), FS_O_READ));
	CHECK_EQ_INT(0, fs_unlink(req_name("f3")));
	CHECK_EQ_INT(1, create(&a, "one-more", NULL));
}

TEST(truncate_and_append)
{
	long fd, ap;

	reset();
	fd = create(&a, "f", "0123456789");
	CHECK_EQ_INT(0, fs_close(&a, fd));
	ap = fs_open(&a, req_name("f"), FS_O_WRITE | FS_O_APPEND);
	fd = fs_open(&a, req_name("f"), FS_O_WRITE);
	CHECK_EQ_INT(2, fs_write(&a, fd, "ab", 2)); /* overwrites */
	CHECK_EQ_INT(2, fs_write(&a, ap, "YZ", 2)); /* at the end */
	CHECK_EQ_INT(1, fs_write(&a, fd, "c", 1));
	CHECK_EQ_INT(1, fs_write(&a, ap, "!", 1));
	CHECK_EQ_STR("abc3456789YZ!", contents("f"));

	CHECK_EQ_INT(2, fs_open(&a, req_name("f"), FS_O_WRITE | FS_O_TRUNC));
	CHECK_EQ_INT(0, fs_stat(req_name("f")));
	CHECK_EQ_UINT(FS_NR_BLOCKS, fs_free_blocks());
	CHECK_EQ_STR("", contents("f"));
}

/* A client whose offset lies past the end after another truncated the
 * file: reads find the end; a write leaves a hole that reads as zeros,
 * not as what the blocks held before. */
TEST(hole_after_truncate_reads_zeros)
{
	static char big[3000], out[3010];
	long fd, t;

	reset();
	memset(big, 'S', sizeof(big));
	fd = fs_open(&a, req_name("f"), FS_O_READ | FS_O_WRITE | FS_O_CREATE);
	CHECK_EQ_INT((long)sizeof(big), fs_write(&a, fd, big, sizeof(big)));
	t = fs_open(&b, req_name("f"), FS_O_WRITE | FS_O_TRUNC);
	CHECK_EQ_INT(0, t);
	/* The old data is gone, also for a's offset beyond the end. */
	CHECK_EQ_INT(0, fs_read(&a, fd, out, sizeof(out)));
	CHECK_EQ_INT(0, fs_write(&a, fd, "x", 0)); /* no hole for nothing */
	CHECK_EQ_INT(0, fs_stat(req_name("f")));
	CHECK_EQ_INT(10, fs_write(&a, fd, "0123456789", 10));
	CHECK_EQ_INT(3010, fs_stat(req_name("f")));

	long r = fs_open(&b, req_name("f"), FS_O_READ);

	CHECK_EQ_INT(3010, fs_read(&b, r, out, sizeof(out)));
	for (int i = 0; i < 3000; i++)
		if (!CHECK_EQ_UINT(0, out[i]))
			break;
	CHECK_EQ_MEM("0123456789", out + 3000, 10);
}

TEST(large_file_across_blocks)
{
	size_t size = 5 * FS_BLOCK_SIZE + 123;
	uint8_t *in = malloc(size), *out = malloc(size);
	size_t got = 0;
	long fd, n;

	reset();
	for (size_t i = 0; i < size; i++)
		in[i] = (uint8_t)(i * 7 + i / 251);
	fd = create(&a, "big", NULL);
	/* Written in odd pieces, read back in other odd pieces. */
	for (size_t off = 0; off < size; off += 333) {
		size_t len = size - off < 333 ? size - off : 333;

		REQUIRE(CHECK_EQ_INT((long)len,
				     fs_write(&a, fd, in + off, len)));
	}
	CHECK_EQ_INT((long)size, fs_stat(req_name("big")));
	CHECK_EQ_UINT(FS_NR_BLOCKS - 6, fs_free_blocks());
	fd = fs_open(&a, req_name("big"), FS_O_READ);
	while ((n = fs_read(&a, fd, out + got, 1000)) > 0)
		got += (size_t)n;
	CHECK_EQ_INT(0, n);
	CHECK_EQ_UINT(size, got);
	CHECK(!memcmp(in, out, size));
	free(in);
	free(out);
}

TEST(no_space_changes_nothing)
{
	uint8_t *fill = calloc(1, FS_MAX_SIZE + 1);
	char c;
	long fd, other;

	reset();
	other = create(&a, "other", "abc");
	fd = create(&a, "fill", NULL);
	/* More than the free space: refused whole, nothing written. */
	CHECK_EQ_INT(-SYS_E_NO_SPACE, fs_write(&a, fd, fill, FS_MAX_SIZE));
	CHECK_EQ_INT(0, fs_stat(req_name("fill")));
	CHECK_EQ_UINT(FS_NR_BLOCKS - 1, fs_free_blocks());
	/* Exactly the free space fits. */
	CHECK_EQ_INT((long)(FS_MAX_SIZE - FS_BLOCK_SIZE),
		     fs_write(&a, fd, fill, FS_MAX_SIZE - FS_BLOCK_SIZE));
	CHECK_EQ_UINT(0, fs_free_blocks());
	/* The rest of an allocated block still takes bytes... */
	CHECK_EQ_INT(FS_BLOCK_SIZE - 3,
		     fs_write(&a, other, fill, FS_BLOCK_SIZE - 3));
	/* ...but not one more. */
	CHECK_EQ_INT(-SYS_E_NO_SPACE, fs_write(&a, other, &c, 1));
	CHECK_EQ_INT(-SYS_E_NO_SPACE, fs_write(&a, fd, &c, 1));
	CHECK_EQ_INT(FS_BLOCK_SIZE, fs_stat(req_name("other")));
	CHECK_EQ_INT((long)(FS_MAX_SIZE - FS_BLOCK_SIZE),
		     fs_stat(req_name("fill")));
	/* Sizes that would overflow a 64-bit offset. */
	CHECK_EQ_INT(-SYS_E_NO_SPACE, fs_write(&a, fd, fill, (size_t)-1));
	/* Freed by unlink: the space is there again. */
	CHECK_EQ_INT(0, fs_unlink(req_name("fill")));
	CHECK_EQ_UINT(FS_NR_BLOCKS - 1, fs_free_blocks());
	free(fill);
}

TEST(unlink_makes_descriptors_stale)
{
	char buf[8];
	long fd, fresh;

	reset();
	fd = create(&a, "f", "old");
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_unlink(req_name("nope")));
	CHECK_EQ_INT(0, fs_unlink(req_name("f")));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_stat(req_name("f")));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_unlink(req_name("f")));
	CHECK_EQ_UINT(0, fs_nr_files());
	CHECK_EQ_UINT(FS_NR_BLOCKS, fs_free_blocks());
	/* A new file takes the same slot; the old descriptor does not
	 * reach it. */
	fresh = fs_open(&b, req_name("g"),
			FS_O_READ | FS_O_WRITE | FS_O_CREATE);
	CHECK_EQ_INT(3, fs_write(&b, fresh, "new", 3));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_write(&a, fd, "evil", 4));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_read(&a, fd, buf, sizeof(buf)));
	CHECK_EQ_STR("new", contents("g"));
	/* Closing the stale descriptor frees it. */
	CHECK_EQ_INT(0, fs_close(&a, fd));
	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_close(&a, fd));
}

TEST(list)
{
	char name[FS_NAME_BUF];
	char expect[FS_NAME_BUF] = "s";

	reset();
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_list(0, name));
	create(&a, "a-rather-long-name-of-a-file", "12");
	create(&a, "second", "");
	CHECK_EQ_INT(2, fs_list(0, name));
	CHECK_EQ_STR("a-rather-long-name-of-a-file", name);
	CHECK_EQ_INT(0, fs_list(1, name));
	CHECK_EQ_STR("second", name);
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_list(2, name));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_list((unsigned long)-1, name));
	/* A short name in the slot of a removed long one: listed whole
	 * buffers carry no trace of the old name. */
	CHECK_EQ_INT(0, fs_unlink(req_name("a-rather-long-name-of-a-file")));
	create(&b, "s", NULL);
	CHECK_EQ_INT(0, fs_list(0, name));
	CHECK_EQ_MEM(expect, name, FS_NAME_BUF);
}

/* Directories: names in them, lookups by handle, what may not go. */
TEST(directories)
{
	struct fs_stat st;
	char name[FS_NAME_BUF];
	long d, sub, fd;

	reset();
	d = fs_mkdir_at(FS_ROOT, req_name("tmp"));
	CHECK(d > 0);
	CHECK_EQ_INT(-SYS_E_EXISTS, fs_mkdir_at(FS_ROOT, req_name("tmp")));
	CHECK_EQ_INT(0, fs_stat_at(FS_ROOT, req_name("tmp"), &st));
	CHECK_EQ_UINT(1, st.dir);
	CHECK_EQ_UINT((uint32_t)d, st.handle);
	CHECK_EQ_UINT(2, st.nlink);
	/* A file in it, the same name in the root: two files. */
	fd = fs_open_at(&a, (uint32_t)d, req_name("f"),
			FS_O_WRITE | FS_O_CREATE);
	CHECK_EQ_INT(0, fd);
	CHECK_EQ_INT(5, fs_write(&a, fd, "inner", 5));
	create(&a, "f", "outer");
	CHECK_EQ_STR("outer", contents("f"));
	CHECK_EQ_INT(0, fs_stat_at((uint32_t)d, req_name("f"), &st));
	CHECK_EQ_UINT(5, st.size);
	CHECK_EQ_UINT(0, st.dir);
	/* Listing: the root has tmp and f, tmp has f. */
	CHECK_EQ_INT(5, fs_list_at((uint32_t)d, 0, name));
	CHECK_EQ_STR("f", name);
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_list_at((uint32_t)d, 1, name));
	CHECK_EQ_INT(0, fs_list_at(FS_ROOT, 0, name));
	CHECK_EQ_STR("tmp", name);
	/* A directory is no file, a file no directory. */
	CHECK_EQ_INT(-SYS_E_IS_DIR, fs_open(&a, req_name("tmp"), FS_O_READ));
	CHECK_EQ_INT(-SYS_E_IS_DIR, fs_unlink(req_name("tmp")));
	CHECK_EQ_INT(-SYS_E_NOT_DIR, fs_rmdir_at(FS_ROOT, req_name("f")));
	CHECK_EQ_INT(0, fs_stat_at(FS_ROOT, req_name("f"), &st));
	CHECK_EQ_INT(-SYS_E_NOT_DIR, fs_mkdir_at(st.handle, req_name("x")));
	CHECK_EQ_INT(-SYS_E_NOT_DIR,
		     fs_open_at(&a, st.handle, req_name("x"), FS_O_READ));
	/* Not empty: it stays; emptied: it goes, and its handle with it. */
	sub = fs_mkdir_at((uint32_t)d, req_name("sub"));
	CHECK(sub > 0);
	CHECK_EQ_INT(0, fs_stat_at(FS_ROOT, req_name("tmp"), &st));
	CHECK_EQ_UINT(3, st.nlink);
	CHECK_EQ_INT(-SYS_E_NOT_EMPTY, fs_rmdir_at(FS_ROOT, req_name("tmp")));
	CHECK_EQ_INT(0, fs_rmdir_at((uint32_t)d, req_name("sub")));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_list_at((uint32_t)sub, 0, name));
	CHECK_EQ_INT(0, fs_unlink_at((uint32_t)d, req_name("f")));
	CHECK_EQ_INT(0, fs_rmdir_at(FS_ROOT, req_name("tmp")));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND,
		     fs_open_at(&a, (uint32_t)d, req_name("f"),
				FS_O_WRITE | FS_O_CREATE));
	/* A handle that never was, or of a slot made again. */
	CHECK_EQ_INT(-SYS_E_NOT_FOUND,
		     fs_mkdir_at(0xffffff00u | 200, req_name("x")));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_mkdir_at(0x300, req_name("x")));
	/* Names are one component. */
	CHECK_EQ_INT(-SYS_E_NAME, fs_mkdir_at(FS_ROOT, req_name("a/b")));
	CHECK_EQ_INT(-SYS_E_NAME, fs_mkdir_at(FS_ROOT, req_name("..")));
	CHECK_EQ_INT(-SYS_E_NAME, fs_open(&a, req_name("."), FS_O_READ));
}

TEST(renames)
{
	struct fs_stat st, dir;
	long d, e, fd;

	reset();
	d = fs_mkdir_at(FS_ROOT, req_name("d"));
	e = fs_mkdir_at((uint32_t)d, req_name("e"));
	create(&a, "f", "data");
	create(&a, "g", "other");
	CHECK_EQ_INT(0, fs_stat_at(FS_ROOT, req_name("f"), &st));
	/* Into a directory, with a new name; the data goes along. */
	CHECK_EQ_INT(0, fs_rename(st.handle, (uint32_t)d, req_name("moved")));
	CHECK_EQ_INT(-SYS_E_NOT_FOUND, fs_stat(req_name("f")));
	fd = fs_open_at(&b, (uint32_t)d, req_name("moved"), FS_O_READ);
	CHECK(fd >= 0);
	fs_close(&b, fd);
	/* Over an existing file: it is replaced. */
	CHECK_EQ_INT(0, fs_stat_at(FS_ROOT, req_name("g"), &st));
	CHECK_EQ_INT(0, fs_stat_at((uint32_t)d, req_name("moved"), &dir));
	CHECK_EQ_INT(0, fs_rename(dir.handle, FS_ROOT, req_name("g")));
	CHECK_EQ_STR("data", contents("g"));
	CHECK_EQ_UINT(2, fs_nr_files() - 1); /* d, e, g */
	/* A directory cannot go below itself, nor the root anywhere. */
	CHECK_EQ_INT(0, fs_stat_at(FS_ROOT, req_name("d"), &dir));
	CHECK_EQ_INT(-SYS_E_STATE,
		     fs_rename(dir.handle, (uint32_t)e, req_name("loop")));
	CHECK_EQ_INT(-SYS_E_STATE,
		     fs_rename(dir.handle, (uint32_t)d, req_name("self")));
	CHECK_EQ_INT(-SYS_E_STATE, fs_rename(FS_ROOT, FS_ROOT, req_name("r")));
	/* File over directory and back: refused; the same name: nothing. */
	CHECK_EQ_INT(0, fs_stat_at(FS_ROOT, req_name("g"), &st));
	CHECK_EQ_INT(-SYS_E_IS_DIR,
		     fs_rename(st.handle, FS_ROOT, req_name("d")));
	CHECK_EQ_INT(-SYS_E_NOT_DIR,
		     fs_rename(dir.handle, FS_ROOT, req_name("g")));
	CHECK_EQ_INT(0, fs_rename(st.handle, FS_ROOT, req_name("g")));
	/* A stale handle, a bad name. */
	CHECK_EQ_INT(-SYS_E_NOT_FOUND,
		     fs_rename(st.handle + 0x100, FS_ROOT, req_name("h")));
	CHECK_EQ_INT(-SYS_E_NAME, fs_rename(st.handle, FS_ROOT, req_name("")));
	CHECK_EQ_STR("data", contents("g"));
}

TEST(seek_and_truncate)
{
	char buf[16];
	long fd;

	reset();
	fd = create(&a, "f", "0123456789");
	CHECK_EQ_INT(4, fs_seek(&a, fd, 4, 0));
	CHECK_EQ_INT(6, fs_seek(&a, fd, 2, 1));
	CHECK_EQ_INT(8, fs_seek(&a, fd, -2, 2));
	CHECK_EQ_INT(-SYS_E_PROTOCOL, fs_seek(&a, fd, -20, 1));
	CHECK_EQ_INT(-SYS_E_PROTOCOL, fs_seek(&a, fd, 0, 3));
	CHECK_EQ_INT(-SYS_E_PROTOCOL, fs_seek(&a, fd, INT64_MAX, 0));
	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_seek(&a, 9, 0, 0));
	/* Shrink: the tail reads as zeros when the file grows again. */
	CHECK_EQ_INT(0, fs_truncate(&a, fd, 3));
	CHECK_EQ_STR("012", contents("f"));
	CHECK_EQ_INT(0, fs_truncate(&a, fd, 6));
	fs_close(&a, fd);
	fd = fs_open(&b, req_name("f"), FS_O_READ);
	CHECK_EQ_INT(6, fs_read(&b, fd, buf, sizeof(buf)));
	CHECK_EQ_MEM("012\0\0\0", buf, 6);
	/* Read-only descriptors cannot truncate; nor past the space. */
	CHECK_EQ_INT(-SYS_E_BAD_FD, fs_truncate(&b, fd, 0));
	fd = fs_open(&a, req_name("f"), FS_O_WRITE);
	CHECK_EQ_INT(-SYS_E_NO_SPACE, fs_truncate(&a, fd, FS_MAX_SIZE + 1));
	CHECK_EQ_INT(0, fs_truncate(&a, fd, 0));
	CHECK_EQ_UINT(FS_NR_BLOCKS, fs_free_blocks());
}
