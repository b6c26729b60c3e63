/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ramfs file table (Documentation/ramfs.rst): files, their data and
 * each client's descriptors, all in static memory. Nothing here knows
 * about IPC or rings, so the same code runs in the server and in the
 * host unit test (tests/unit/test_ramfs.c).
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
#define FS_MAX_FILES  32
#define FS_BLOCK_SIZE 1024
#define FS_NR_BLOCKS  256 /* 256 KiB of file data in all */
#define FS_MAX_SIZE   ((uint64_t)FS_BLOCK_SIZE * FS_NR_BLOCKS)
#define FS_MAX_FDS    8 /* per client */

/* The open flags of <libsys/ramfs.h> (RAMFS_O_*). */
#define FS_O_READ   (1u << 0)
#define FS_O_WRITE  (1u << 1)
#define FS_O_CREATE (1u << 2)
#define FS_O_TRUNC  (1u << 3)
#define FS_O_APPEND (1u << 4)
#define FS_O_ALL \
	(FS_O_READ | FS_O_WRITE | FS_O_CREATE | FS_O_TRUNC | FS_O_APPEND)

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
 * NUL-terminated name of 1..FS_NAME_MAX printable characters. Returns 0
 * or -SYS_E_NAME.
 */
long fs_check_name(const char *buf, size_t size);

/* Each returns a result >= 0 (fd, bytes, size) or -SYS_E_*. */
long fs_open(struct fs_client *c, const char *name, unsigned long flags);
long fs_close(struct fs_client *c, unsigned long fd);
long fs_read(struct fs_client *c, unsigned long fd, void *buf, size_t len);
/* All @len bytes or nothing (-SYS_E_NO_SPACE). */
long fs_write(struct fs_client *c, unsigned long fd, const void *buf,
	      size_t len);
long fs_unlink(const char *name);
long fs_stat(const char *name);
/* The index-th file (0..): its size; its name copied to name[FS_NAME_BUF]. */
long fs_list(unsigned long index, char *name);

/* Files and free data blocks, for the unit test and diagnostics. */
unsigned int fs_nr_files(void);
unsigned int fs_free_blocks(void);

#endif /* USER_COMPONENTS_RAMFS_FS_H */
