/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ramfs service (user/components/ramfs): a file system of files and
 * directories in the server's memory, requests over IPC, the bytes
 * themselves through two shared rings per client.
 *
 * A client's manifest grants it a "ramfs" client endpoint (the server
 * sees the client's id as the badge) and two rings: "ramfs.wr" (client
 * produces, server consumes: data to write) and "ramfs.rd" (server
 * produces, client consumes: data read). The server holds the other ends
 * as "<client>.wr" and "<client>.rd", their badge field the client's id.
 * State (open files) is per client: one client's descriptors mean nothing
 * to another.
 *
 * A name (mr1..5) is one entry of a directory: 1..39 printable
 * characters, not "." or "..", no '/'. The directory is given by a
 * handle in the high 32 bits of mr0 (RAMFS_DIR(h)): 0 is the root, so
 * a request whose mr0 has no high bits works in the root, as the flat
 * file system of old did; any other handle comes from RAMFS_STAT or
 * RAMFS_MKDIR. A client walks a path one name at a time.
 *
 * Requests (label; reply label 0 or an error of <libsys/error.h>):
 *   RAMFS_OPEN     mr0 flags | dir, mr1..5 name  mr0 fd
 *   RAMFS_READ     mr0 fd, mr1 max bytes         mr0 bytes (pushed to
 *                                                "rd" in slots; 0 at EOF)
 *   RAMFS_WRITE    mr0 fd, mr1 bytes (already in "wr")  mr0 bytes written
 *   RAMFS_CLOSE    mr0 fd                        -
 *   RAMFS_LIST     mr0 index | dir               mr0 size, mr1..5 name
 *                  (SYS_E_NOT_FOUND past the last entry)
 *   RAMFS_UNLINK   mr0 dir, mr1..5 name          - (a file)
 *   RAMFS_STAT     mr0 dir, mr1..5 name          mr0 size, mr1 type
 *                                                (RAMFS_TYPE_*), mr2
 *                                                handle, mr3 mtime (ns),
 *                                                mr4 links
 *   RAMFS_MKDIR    mr0 dir, mr1..5 name          mr0 handle
 *   RAMFS_RMDIR    mr0 dir, mr1..5 name          - (an empty directory)
 *   RAMFS_RENAME   mr0 handle | dir, mr1..5 name - (the node @handle
 *                                                becomes @name in dir)
 *   RAMFS_SEEK     mr0 fd, mr1 offset, mr2 whence  mr0 new offset
 *                  (0: from the start, 1: the current offset, 2: the end)
 *   RAMFS_TRUNCATE mr0 fd, mr1 size              -
 */
#ifndef LIBSYS_RAMFS_H
#define LIBSYS_RAMFS_H

#include <stddef.h>
#include <stdint.h>
#include <libsys/component.h>
#include <libsys/error.h>
#include <libsys/ring.h>

enum ramfs_request {
	RAMFS_OPEN = 1,
	RAMFS_READ = 2,
	RAMFS_WRITE = 3,
	RAMFS_CLOSE = 4,
	RAMFS_LIST = 5,
	RAMFS_UNLINK = 6,
	RAMFS_STAT = 7,
	RAMFS_MKDIR = 8,
	RAMFS_RMDIR = 9,
	RAMFS_RENAME = 10,
	RAMFS_SEEK = 11,
	RAMFS_TRUNCATE = 12,
};

#define RAMFS_ROOT	0u
#define RAMFS_DIR(h)	((kaal_word_t)(uint32_t)(h) << 32)
#define RAMFS_TYPE_FILE 1
#define RAMFS_TYPE_DIR	2

#define RAMFS_O_READ   (1u << 0)
#define RAMFS_O_WRITE  (1u << 1)
#define RAMFS_O_CREATE (1u << 2)
#define RAMFS_O_TRUNC  (1u << 3)
#define RAMFS_O_APPEND (1u << 4)

#define RAMFS_NAME_MAX	39 /* mr1..mr5 with the NUL */
#define RAMFS_SLOT_SIZE 256

/* What RAMFS_STAT says. */
struct ramfs_stat {
	uint64_t size;
	uint32_t type;	 /* RAMFS_TYPE_* */
	uint32_t handle; /* a directory's handle; any node's inode number */
	uint64_t mtime;	 /* ns of the counter (<libkaal/counter.h>) */
	uint32_t nlink;
};

/* A client's connection. */
struct ramfs_client {
	kaal_cptr_t ep;
	struct ring wr, rd;
};

/* Connect using the resources of the component info page; 0 or -E
 * (-SYS_E_DENIED when the manifest grants no ramfs). */
long ramfs_connect(struct ramfs_client *c, const struct sys_component_info *ci);

/* Each returns a value >= 0 (fd, bytes, size) or -E (<libsys/error.h>). */
long ramfs_open(struct ramfs_client *c, const char *name, unsigned int flags);
long ramfs_read(struct ramfs_client *c, int fd, void *buf, size_t len);
long ramfs_write(struct ramfs_client *c, int fd, const void *buf, size_t len);
long ramfs_close(struct ramfs_client *c, int fd);
long ramfs_unlink(struct ramfs_client *c, const char *name);
long ramfs_stat(struct ramfs_client *c, const char *name);
/* The index-th file: its name in name[RAMFS_NAME_MAX + 1], its size. */
long ramfs_list(struct ramfs_client *c, unsigned int index, char *name);

/* The same in directory @dir (a handle, RAMFS_ROOT: the root), and the
 * requests of directories; each 0 (or a value >= 0) or -E. */
long ramfs_open_at(struct ramfs_client *c, uint32_t dir, const char *name,
		   unsigned int flags);
long ramfs_stat_at(struct ramfs_client *c, uint32_t dir, const char *name,
		   struct ramfs_stat *st);
long ramfs_list_at(struct ramfs_client *c, uint32_t dir, unsigned int index,
		   char *name);
long ramfs_unlink_at(struct ramfs_client *c, uint32_t dir, const char *name);
long ramfs_mkdir(struct ramfs_client *c, uint32_t dir, const char *name);
long ramfs_rmdir(struct ramfs_client *c, uint32_t dir, const char *name);
long ramfs_rename(struct ramfs_client *c, uint32_t node, uint32_t dir,
		  const char *name);
long ramfs_seek(struct ramfs_client *c, int fd, int64_t off, int whence);
long ramfs_truncate(struct ramfs_client *c, int fd, uint64_t size);

#endif /* LIBSYS_RAMFS_H */
