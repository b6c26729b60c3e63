/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ramfs service (user/components/ramfs): a flat file system in the
 * server's memory, open/read/write/close/list/unlink over IPC, the bytes
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
 * Requests (label; reply label 0 or an error of <libsys/error.h>):
 *   RAMFS_OPEN    mr0 flags, mr1..5 name        mr0 fd
 *   RAMFS_READ    mr0 fd, mr1 max bytes         mr0 bytes (pushed to
 *                                               "rd" in slots; 0 at EOF)
 *   RAMFS_WRITE   mr0 fd, mr1 bytes (already in "wr")   mr0 bytes written
 *   RAMFS_CLOSE   mr0 fd                        -
 *   RAMFS_LIST    mr0 index                     mr0 size, mr1..5 name
 *                 (SYS_E_NOT_FOUND past the last file)
 *   RAMFS_UNLINK  mr1..5 name                   -
 *   RAMFS_STAT    mr1..5 name                   mr0 size
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
};

#define RAMFS_O_READ   (1u << 0)
#define RAMFS_O_WRITE  (1u << 1)
#define RAMFS_O_CREATE (1u << 2)
#define RAMFS_O_TRUNC  (1u << 3)
#define RAMFS_O_APPEND (1u << 4)

#define RAMFS_NAME_MAX	39 /* mr1..mr5 with the NUL */
#define RAMFS_SLOT_SIZE 256

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

#endif /* LIBSYS_RAMFS_H */
