/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell component (Documentation/shell.rst). main.c reads and edits
 * lines, commands.c runs them (system commands), files.c has the ramfs
 * commands, blk.c the block device's and bench.c the benchmarks.
 */
#ifndef USER_COMPONENTS_SHELL_SHELL_H
#define USER_COMPONENTS_SHELL_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <libkaal/console.h>
#include <libsys/component.h>
#include <libsys/ramfs.h>
#include <libsys/net.h>

#define SHELL_PROMPT   "kaal> "
#define SHELL_LINE_MAX 128 /* bytes of a line, NUL included */

struct shell {
	const struct sys_component_info *ci;
	/* The raw console writer (printf's): for file contents, which may
	 * hold NULs that printf's %s would stop at. */
	kaal_console_write_fn *out;
	struct ramfs_client fs;
	long fs_error; /* ramfs_connect's, 0: connected */
	struct net_client net;
	long net_error; /* net_connect's, 0: a client of the network */
};

extern struct shell shell;

/* The line editor (edit.c): one byte typed; the echo written out; the
 * prompt. */
void edit_byte(char c);
void edit_flush(void);
void edit_prompt(void);

/* Ctrl-C typed while a command runs (main.c): a long command asks
 * between its steps and stops when true (Documentation/shell.rst,
 * "Ctrl-C"). Cleared before each line typed runs. */
bool shell_interrupted(void);
void shell_interrupt_clear(void);

/* For a command that takes the console's input itself (`linux`): the
 * bytes typed so far, raw (at most @max), and a wait for more (or for
 * any other signal of the shell's notification); the wait's error. */
size_t shell_input_take(char *buf, size_t max);
long shell_wait_input(void);

/* Run one line (NUL-terminated, may be modified). */
void shell_run(char *line);

/* What the first argument of a command names, for Tab completion. */
enum shell_arg {
	SHELL_ARG_NONE,
	SHELL_ARG_FILE,	     /* a ramfs file */
	SHELL_ARG_COMPONENT, /* a component of the manifest */
	SHELL_ARG_COMMAND,   /* a command (help) */
};

/* A command, or a subcommand of one (subs: its own table). */
struct shell_command {
	const char *name, *args, *help;
	void (*run)(char *args);
	enum shell_arg arg;
	const struct shell_command *subs;
	unsigned int nr_subs;
};

/* Completion of the word before the cursor: shell_complete calls
 * shell_match with every name that may stand there; those that start
 * with the prefix are counted (and their common start kept) or, with
 * print, printed. */
struct shell_matches {
	const char *prefix;
	unsigned int prefix_len;
	unsigned int count;
	char common[SHELL_LINE_MAX];
	unsigned int common_len;
	bool print;
};

void shell_complete(char *const *words, unsigned int nwords,
		    struct shell_matches *m);
void shell_match(struct shell_matches *m, const char *name);

/* Split off the next word of *p (runs of blanks separate words): the
 * word, NUL-terminated in place, or NULL at the end. *p then points at
 * the rest of the line, leading blanks skipped. */
char *shell_word(char **p);

/* "<cmd>: <what>: <error text>" */
void shell_error(const char *cmd, const char *what, long err);

/* A component's index for SYSINFO_COMPONENT and its id, by name or by
 * decimal id; 0 or -E (-SYS_E_NOT_FOUND). */
long shell_find_component(const char *name, unsigned long *id);

/* Before a command calls @service: false, after saying why, when its
 * server is not running (Documentation/shell.rst, "Services"). */
bool shell_service_up(const char *cmd, const char *service);

/* The file commands (files.c) and the benchmarks (bench.c). */
void cmd_ls(char *args);
void cmd_cat(char *args);
void cmd_write(char *args);
void cmd_append(char *args);
void cmd_rm(char *args);
void cmd_bench(char *args);
void cmd_sleep(char *args);
void cmd_cpu(char *args);
/* The shell's timer client (timer.c), opened on first use; NULL after
 * saying why there is none. */
struct timer_client *shell_timer(const char *cmd);
void cmd_timer(char *args);
void cmd_linux(char *args);
void files_complete(struct shell_matches *m);

/* `net` and `ping` (net.c): the network service. */
void cmd_net(char *args);
void cmd_ping(char *args);
void cmd_nc(char *args);

/* `blk <info|read|write>` (blk.c): the block device. */
#define NR_BLK_COMMANDS 3
extern const struct shell_command blk_commands[NR_BLK_COMMANDS];

#endif /* USER_COMPONENTS_SHELL_SHELL_H */
