/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ramfs server's request handling (server.c), apart from the loop
 * that serves the endpoint (main.c) so that the host unit test
 * (tests/unit/test_ramfs_server.c) links the same code.
 */
#ifndef USER_COMPONENTS_RAMFS_SERVER_H
#define USER_COMPONENTS_RAMFS_SERVER_H

#include <libkaal/syscalls.h>
#include <libsys/component.h>
#include <libsys/ring.h>
#include "fs.h"

#define SERVER_MAX_CLIENTS 8

/* A client: a "<name>.wr"/"<name>.rd" ring pair of the manifest. */
struct server_client {
	struct fs_client fs;
	struct ring wr, rd;
	char name[SYS_NAME_LEN + 1];
};

/* A client for each "<name>.wr" ring that has its "<name>.rd" (at most
 * SERVER_MAX_CLIENTS); the others are reported and ignored. */
void server_find_clients(const struct sys_component_info *ci);

/* Serve one request of the caller with this badge; the reply's label is
 * the error (enum sys_error or kernel error), mr0 the result. */
struct kaal_msg server_handle(kaal_word_t badge, const struct kaal_msg *m);

/* "ramfs: serving N clients (...)", in one printf so that the line
 * reaches the console in one piece. */
void server_banner(void);

/* The i-th client, NULL past the last; how many; forget them all. */
struct server_client *server_client(unsigned int i);
unsigned int server_nr_clients(void);
void server_reset(void);

#endif /* USER_COMPONENTS_RAMFS_SERVER_H */
