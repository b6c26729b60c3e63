/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell component (Documentation/shell.rst). main.c reads and edits
 * lines, commands.c runs them (system commands), files.c has the ramfs
 * commands and bench.c the benchmarks.
 */
#ifndef USER_COMPONENTS_SHELL_SHELL_H
#define USER_COMPONENTS_SHELL_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <libkaal/console.h>
#include <libsys/component.h>
#include <libsys/ramfs.h>

#define SHELL_PROMPT   "kaal> "
#define SHELL_LINE_MAX 128 /* bytes of a line, NUL included */

struct shell {
	const struct sys_component_info *ci;
	/* The raw console writer (printf's): for file contents, which may
	 * hold NULs that printf's %s would stop at. */
	kaal_console_write_fn *out;
	struct ramfs_client fs;
	long fs_error; /* ramfs_connect's, 0: connected */
};

extern struct shell shell;

/* Run one line (NUL-terminated, may be modified). */
void shell_run(char *line);

/* Split off the next word of *p (runs of blanks separate words): the
 * word, NUL-terminated in place, or NULL at the end. *p then points at
 * the rest of the line, leading blanks skipped. */
char *shell_word(char **p);

/* "<cmd>: <what>: <error text>" */
void shell_error(const char *cmd, const char *what, long err);

/* A component's index for SYSINFO_COMPONENT and its id, by name or by
 * decimal id; 0 or -E (-SYS_E_NOT_FOUND). */
long shell_find_component(const char *name, unsigned long *id);

/* The file commands (files.c) and the benchmarks (bench.c). */
void cmd_ls(char *args);
void cmd_cat(char *args);
void cmd_write(char *args);
void cmd_append(char *args);
void cmd_rm(char *args);
void cmd_bench(char *args);

#endif /* USER_COMPONENTS_SHELL_SHELL_H */
