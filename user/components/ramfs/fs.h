/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ramfs file table (Documentation/ramfs.rst): files and directories,
 * their data and each client's descriptors, all in static memory.
 * Nothing here knows about IPC or rings, so the same code runs in the
 * server and in the host unit test (tests/unit/test_ramfs.c).
 *
 * A name is one component of a path: the entry of a directory. The root
 * directory has the handle FS_ROOT (0); every other directory and file
 * is a node of the table, named by a handle that holds its index and its
 * generation, so that a handle of a node that was removed reaches no
 * node made later in the same slot. The functions without _at work in
 * the root, as the flat file system of old did.
 *
 * Every function checks all of its arguments before it changes
 * anything: a request that fails leaves the file system as it was.
 * Errors are returned negated (-SYS_E_*).
 */
#ifndef USER_COMPONENTS_RAMFS_FS_H
#define USER_COMPONENTS_RAMFS_FS_H

#include <stddef.h>
#include <stdint.h>
#include <libsys/error.h>

#define FS_NAME_MAX   39		/* RAMFS_NAME_MAX of <libsys/ramfs.h> */
#define FS_NAME_BUF   (FS_NAME_MAX + 1) /* mr1..mr5 of a request */
#define FS_MAX_FILES  64 /* files and directories, the root not counted */
#define FS_BLOCK_SIZE 1024
#define FS_NR_BLOCKS  256 /* 256 KiB of file data in all */
#define FS_MAX_SIZE   ((uint64_t)FS_BLOCK_SIZE * FS_NR_BLOCKS)
#define FS_MAX_FDS    16 /* per client */
#define FS_ROOT	      0u /* the root directory's handle */

/* The open flags of <libsys/ramfs.h> (RAMFS_O_*). */
#define FS_O_READ   (1u << 0)
#define FS_O_WRITE  (1u << 1)
#define FS_O_CREATE (1u << 2)
#define FS_O_TRUNC  (1u << 3)
#define FS_O_APPEND (1u << 4)
#define FS_O_ALL \
	(FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC | FS_O_APPEND)

/* What fs_stat_at says about a node. */
struct fs_stat {
	uint64_t size;	 /* bytes; a directory: 0 */
	uint32_t handle; /* the node's handle (its inode number) */
	uint32_t dir;	 /* 1: a directory */
	uint32_t nlink;	 /* a file 1; a directory 2 + its subdirectories */
	uint64_t mtime;	 /* fs_set_time's clock when it last changed */
};

struct fs_fd {
	uint8_t used;
	uint8_t file;	/* index in the file table */
	uint16_t flags; /* FS_O_* */
	uint32_t gen;	/* the file's generation when opened */
	uint64_t offset;
};

/* One client's state: its descriptors are indices into fd[]. */
struct fs_client {
	uint64_t badge;
	struct fs_fd fd[FS_MAX_FDS];
};

/* Empty the file system (all files and data). */
void fs_init(void);

/* A fresh client with no open files. */
void fs_client_init(struct fs_client *c, uint64_t badge);

/*
 * A name as it arrives in a request: FS_NAME_BUF bytes that must hold a
 * NUL-terminated name of 1..FS_NAME_MAX printable characters, not "."
 * or ".." and without '/'. Returns 0 or -SYS_E_NAME.
 */
long fs_check_name(const char *buf, size_t size);

/* The clock modification times are taken from (ns); the server sets it
 * before each request. */
void fs_set_time(uint64_t now);

/*
 * Each returns a result >= 0 (fd, bytes, size, handle) or -SYS_E_*. @dir
 * is a directory's handle: -SYS_E_NOT_FOUND for one that is gone,
 * -SYS_E_NOT_DIR for a file's.
 */
long fs_open_at(struct fs_client *c, uint32_t dir, const char *name,
		unsigned long flags);
long fs_open(struct fs_client *c, const char *name, unsigned long flags);
long fs_close(struct fs_client *c, unsigned long fd);
long fs_read(struct fs_client *c, unsigned long fd, void *buf, size_t len);
/* All @len bytes or nothing (-SYS_E_NO_SPACE). */
long fs_write(struct fs_client *c, unsigned long fd, const void *buf,
	      size_t len);
/* The descriptor's offset set (whence 0: to @off, 1: plus the offset, 2:
 * plus the size); the new offset. */
long fs_seek(struct fs_client *c, unsigned long fd, int64_t off,
	     unsigned long whence);
/* The file's size set (it must be open for writing); bytes past the end
 * read as zeros. */
long fs_truncate(struct fs_client *c, unsigned long fd, uint64_t size);
/* Files only (-SYS_E_IS_DIR); the root's with fs_unlink. */
long fs_unlink_at(uint32_t dir, const char *name);
long fs_unlink(const char *name);
/* A new directory: its handle (-SYS_E_EXISTS when the name is taken). */
long fs_mkdir_at(uint32_t dir, const char *name);
/* An empty directory goes (-SYS_E_NOT_EMPTY, -SYS_E_NOT_DIR). */
long fs_rmdir_at(uint32_t dir, const char *name);
/* Node @node becomes @name in @dir, replacing a file there (or an empty
 * directory, if it is one); a directory cannot go below itself
 * (-SYS_E_STATE). */
long fs_rename(uint32_t node, uint32_t dir, const char *name);
/* 0 and *st, or -SYS_E_*. */
long fs_stat_at(uint32_t dir, const char *name, struct fs_stat *st);
/* The size of the root's file @name. */
long fs_stat(const char *name);
/* The index-th entry (0..) of @dir: its size; its name copied to
 * name[FS_NAME_BUF]. */
long fs_list_at(uint32_t dir, unsigned long index, char *name);
long fs_list(unsigned long index, char *name);

/* Nodes (files and directories) and free data blocks, for the unit test
 * and diagnostics. */
unsigned int fs_nr_files(void);
unsigned int fs_free_blocks(void);

#endif /* USER_COMPONENTS_RAMFS_FS_H */
