// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ramfs commands: ls, cat, write, append, rm, through the ramfs
 * client (<libsys/ramfs.h>): requests by IPC, file contents through the
 * two shared rings. Errors are "<cmd>: <file>: <error text>". They work
 * in ramfs's root directory, which the Linux programs see as "/".
 */
#include <stdio.h>
#include <string.h>
#include "shell.h"

/* Files are listed up to here: a bound on a confused server. */
#define MAX_FILES 4096

static char io_buf[512];

/* The connection, or why there is none: never granted, or its server
 * not running (a call would then fail or never be answered). */
static bool fs_ready(const char *cmd)
{
	if (shell.fs_error) {
		shell_error(cmd, "ramfs", shell.fs_error);
		return false;
	}
	return shell_service_up(cmd, "ramfs");
}

/* Tab completion of file names: every file, matched by the editor. */
void files_complete(struct shell_matches *m)
{
	char name[RAMFS_NAME_MAX + 1];

	if (shell.fs_error || !shell_service_up("ramfs", "ramfs"))
		return;
	for (unsigned int i = 0; i < MAX_FILES; i++) {
		if (ramfs_list(&shell.fs, i, name) < 0)
			return;
		shell_match(m, name);
	}
}

/* The next word as a file name, or NULL after saying what is wrong. */
static char *file_arg(const char *cmd, char **args, const char *usage)
{
	char *name = shell_word(args);

	if (!name) {
		printf("%s: usage: %s %s\n", cmd, cmd, usage);
		return NULL;
	}
	/* The client would cut a longer name down to one that may exist. */
	if (strlen(name) > RAMFS_NAME_MAX) {
		shell_error(cmd, name, -SYS_E_NAME);
		return NULL;
	}
	return fs_ready(cmd) ? name : NULL;
}

static bool is_dir(const char *name)
{
	struct ramfs_stat st;

	return !ramfs_stat_at(&shell.fs, RAMFS_ROOT, name, &st) &&
	       st.type == RAMFS_TYPE_DIR;
}

void cmd_ls(char *args)
{
	char name[RAMFS_NAME_MAX + 1];

	(void)args;
	if (!fs_ready("ls"))
		return;
	for (unsigned int i = 0; i < MAX_FILES; i++) {
		long size = ramfs_list(&shell.fs, i, name);

		if (size == -(long)SYS_E_NOT_FOUND)
			return;
		if (size < 0) {
			shell_error("ls", "ramfs", size);
			return;
		}
		/* A directory (the Linux programs' /tmp, say) ends in '/'. */
		printf("%s%s %ld\n", name, is_dir(name) ? "/" : "", size);
	}
}

void cmd_cat(char *args)
{
	char *name = file_arg("cat", &args, "<file>");
	char last = '\n';
	long fd, n;

	if (!name)
		return;
	fd = ramfs_open(&shell.fs, name, RAMFS_O_READ);
	if (fd < 0) {
		shell_error("cat", name, fd);
		return;
	}
	/* Raw, not printf: a file may hold NULs. */
	while ((n = ramfs_read(&shell.fs, (int)fd, io_buf, sizeof(io_buf))) >
	       0) {
		if (n > (long)sizeof(io_buf))
			n = sizeof(io_buf);
		shell.out(io_buf, (size_t)n);
		last = io_buf[n - 1];
	}
	if (last != '\n')
		shell.out("\n", 1); /* the prompt on a line of its own */
	if (n < 0)
		shell_error("cat", name, n);
	ramfs_close(&shell.fs, (int)fd);
}

/* write and append: the text and a newline, as `echo text > file` does;
 * no text at all writes nothing (an empty file, or no change). */
static void put_line(const char *cmd, char *args, unsigned int flags)
{
	char *name = file_arg(cmd, &args, "<file> <text...>");
	size_t len;
	long fd, n = 0;

	if (!name)
		return;
	len = strlen(args);
	if (len >= sizeof(io_buf))
		len = sizeof(io_buf) - 1; /* cannot happen: lines are shorter */
	memcpy(io_buf, args, len);
	if (len)
		io_buf[len++] = '\n';
	fd = ramfs_open(&shell.fs, name,
			RAMFS_O_WRITE | RAMFS_O_CREATE | flags);
	if (fd < 0) {
		shell_error(cmd, name, fd);
		return;
	}
	for (size_t done = 0; done < len; done += (size_t)n) {
		n = ramfs_write(&shell.fs, (int)fd, io_buf + done, len - done);
		if (n <= 0) {
			/* 0: the server took nothing; it would never end. */
			shell_error(cmd, name, n ? n : -SYS_E_NO_SPACE);
			break;
		}
	}
	n = ramfs_close(&shell.fs, (int)fd);
	if (n < 0)
		shell_error(cmd, name, n);
}

void cmd_write(char *args)
{
	put_line("write", args, RAMFS_O_TRUNC);
}

void cmd_append(char *args)
{
	put_line("append", args, RAMFS_O_APPEND);
}

void cmd_rm(char *args)
{
	char *name = file_arg("rm", &args, "<file>");
	long err;

	if (!name)
		return;
	err = ramfs_unlink(&shell.fs, name);
	if (err < 0)
		shell_error("rm", name, err);
}
