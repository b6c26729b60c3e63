// SPDX-License-Identifier: BSD-2-Clause
/*
 * The shell's commands: the table, help and echo, and the commands on
 * system_init's sysinfo calls (ps, caps, mem, start), which the broker
 * answers only because the shell's broker capability carries
 * SYS_BADGE_SYSINFO. Output formats are documented in
 * Documentation/shell.rst and matched by tests/system/test_shell.py:
 * change them together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libsys/broker.h>
#include <libsys/error.h>
#include "shell.h"

/* No component has more: a bound, so that a confused broker cannot keep
 * a walk going forever. */
#define MAX_COMPONENTS 256
#define MAX_CAP_WALK   (1u << 16)

void shell_error(const char *cmd, const char *what, long err)
{
	printf("%s: %s: %s\n", cmd, what, sys_strerror(err));
}

char *shell_word(char **p)
{
	char *s = *p, *word;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	word = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	*p = s;
	return word;
}

/* ---- sysinfo ----------------------------------------------------------- */

struct component {
	unsigned long id, state, cpu, pages, fault;
	char name[SYS_NAME_LEN];
};

/* The index-th component; 0, -SYS_E_NOT_FOUND past the last, or -E. */
static long component_get(unsigned long index, struct component *c)
{
	kaal_word_t w = index;
	struct broker_ret r = broker_call(SYSINFO_COMPONENT, &w, 1);

	if (r.error)
		return r.error;
	c->id = r.mr[0];
	c->state = r.mr[1] & 0xffffffff;
	c->cpu = r.mr[1] >> 32;
	c->pages = r.mr[2];
	sys_unpack_string(c->name, &r.mr[3], 2);
	c->fault = r.mr[5];
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

long shell_find_component(const char *name, unsigned long *id)
{
	bool by_id = all_digits(name);
	unsigned long want = by_id ? strtoul(name, NULL, 10) : 0;
	struct component c;

	for (unsigned long i = 0; i < MAX_COMPONENTS; i++) {
		long err = component_get(i, &c);

		if (err)
			return err;
		if (by_id ? c.id == want : !strcmp(c.name, name)) {
			*id = c.id;
			return 0;
		}
	}
	return -SYS_E_NOT_FOUND;
}

/* ps and mem: @header (if any) and one line per component; false after
 * an error, which is reported instead of the header when it comes first. */
static bool list_components(const char *cmd, const char *header,
			    bool with_state)
{
	struct component c;
	unsigned long i;
	long err = 0;

	for (i = 0; i < MAX_COMPONENTS; i++) {
		err = component_get(i, &c);
		if (err)
			break;
		if (!i && header)
			printf("%s\n", header);
		if (!with_state) {
			printf("%3lu %-12s %5lu pages\n", c.id, c.name,
			       c.pages);
			continue;
		}
		printf("%3lu %-12s %-7s %3lu %5lu", c.id, c.name,
		       sys_state_name(c.state), c.cpu, c.pages);
		if (c.state == SYS_STATE_CRASHED)
			printf("  fault at 0x%lx", c.fault);
		printf("\n");
	}
	if (err == -SYS_E_NOT_FOUND && i)
		return true;
	shell_error(cmd, "sysinfo", err ? err : -SYS_E_PROTOCOL);
	return false;
}

static void cmd_ps(char *args)
{
	(void)args;
	list_components("ps", " ID NAME         STATE   CPU PAGES", true);
}

static void cmd_mem(char *args)
{
	struct broker_ret r = broker_call(SYSINFO_MEMORY, NULL, 0);
	unsigned long total, used;

	(void)args;
	if (r.error) {
		shell_error("mem", "sysinfo", r.error);
		return;
	}
	total = r.mr[0];
	used = r.mr[1];
	printf("untyped: %lu bytes total, %lu bytes used, %lu bytes free\n",
	       total, used, used <= total ? total - used : 0);
	printf("components: %lu, faults: %lu\n", r.mr[2], r.mr[3]);
	list_components("mem", NULL, false);
}

static const char *type_name(unsigned long type)
{
	static const char *const names[] = {
		[KAAL_OBJ_NULL] = "null",
		[KAAL_OBJ_UNTYPED] = "untyped",
		[KAAL_OBJ_TCB] = "tcb",
		[KAAL_OBJ_ENDPOINT] = "endpoint",
		[KAAL_OBJ_NOTIFICATION] = "notification",
		[KAAL_OBJ_CNODE] = "cnode",
		[KAAL_OBJ_VSPACE] = "vspace",
		[KAAL_OBJ_PAGE_TABLE] = "page_table",
		[KAAL_OBJ_PAGE] = "page",
		[KAAL_OBJ_LARGE_PAGE] = "large_page",
		[KAAL_OBJ_IRQ_CONTROL] = "irq_control",
		[KAAL_OBJ_IRQ_HANDLER] = "irq_handler",
		[KAAL_OBJ_REPLY] = "reply",
		[KAAL_OBJ_DOMAIN] = "domain",
	};

	return type < sizeof(names) / sizeof(names[0]) && names[type] ?
		       names[type] :
		       "?";
}

/* "rwgGx": read, write, grant, grant-reply, execute; '-' when absent. */
static void rights_string(char *s, unsigned long rights)
{
	static const char letters[] = "rwgGx";

	for (int i = 0; i < 5; i++)
		s[i] = rights & (1ul << i) ? letters[i] : '-';
	s[5] = '\0';
}

static void cmd_caps(char *args)
{
	char *name = shell_word(&args), rights[6];
	unsigned long id, n = 0;
	long err;
	kaal_word_t w[2];

	if (!name) {
		printf("caps: usage: caps <component>\n");
		return;
	}
	err = shell_find_component(name, &id);
	if (err) {
		shell_error("caps", name, err);
		return;
	}
	printf("SLOT TYPE         RIGHTS BADGE BITS\n");
	w[0] = id;
	w[1] = 0;
	for (;;) {
		struct broker_ret r = broker_call(SYSINFO_CAP, w, 2);

		if (r.error == -SYS_E_NOT_FOUND)
			break;
		if (!r.error && (r.mr[0] < w[1] || ++n > MAX_CAP_WALK))
			r.error = -SYS_E_PROTOCOL; /* it would never end */
		if (r.error) {
			shell_error("caps", name, r.error);
			return;
		}
		rights_string(rights, r.mr[2]);
		printf("%4lu %-12s %-6s 0x%lx %lu\n", r.mr[0],
		       type_name(r.mr[1]), rights, r.mr[3], r.mr[4]);
		w[1] = r.mr[0] + 1;
	}
	printf("%lu capabilities\n", n);
}

/* Why @name cannot be started, from its state (SYSINFO_START said
 * SYS_E_STATE): what it is doing and what would help. */
static void start_refused(const char *name)
{
	unsigned long id;
	struct component c;
	long err = shell_find_component(name, &id);

	if (!err)
		err = component_get(id - 1, &c);
	if (err) {
		shell_error("start", name, -SYS_E_STATE);
		return;
	}
	switch (c.state) {
	case SYS_STATE_RUNNING:
		printf("start: %s: already running (see 'ps')\n", name);
		break;
	case SYS_STATE_CRASHED:
		printf("start: %s: crashed (fault at 0x%lx); a component "
		       "starts only once, restart the system to run it "
		       "again\n",
		       name, c.fault);
		break;
	case SYS_STATE_EXITED:
	case SYS_STATE_KILLED:
		printf("start: %s: %s; a component starts only once, restart "
		       "the system to run it again\n",
		       name, sys_state_name(c.state));
		break;
	case SYS_STATE_FAILED:
		printf("start: %s: failed to build (see system_init's "
		       "messages at boot); it cannot run\n",
		       name);
		break;
	default:
		printf("start: %s: in state %s, only a stopped component can "
		       "be started\n",
		       name, sys_state_name(c.state));
		break;
	}
}

/* The name argument of start and kill, packed; false after saying why
 * not. */
static bool name_arg(const char *cmd, char **args, kaal_word_t *w, char **name)
{
	*name = shell_word(args);
	if (!*name) {
		printf("%s: usage: %s <component>\n", cmd, cmd);
		return false;
	}
	if (strlen(*name) >= SYS_NAME_LEN) {
		shell_error(cmd, *name, -SYS_E_NAME);
		return false;
	}
	sys_pack_string(w, 2, *name);
	return true;
}

static void cmd_start(char *args)
{
	kaal_word_t w[2];
	struct broker_ret r;
	char *name;

	if (!name_arg("start", &args, w, &name))
		return;
	r = broker_call(SYSINFO_START, w, 2);
	if (r.error == -SYS_E_STATE)
		start_refused(name);
	else if (r.error)
		shell_error("start", name, r.error);
	else
		printf("started %s (id %lu)\n", name, r.mr[0]);
}

static void cmd_kill(char *args)
{
	kaal_word_t w[2];
	struct broker_ret r;
	unsigned long id;
	struct component c;
	char *name;

	if (!name_arg("kill", &args, w, &name))
		return;
	if (!strcmp(name, shell.ci->name)) {
		printf("kill: %s: that is this shell; it would stop "
		       "answering\n",
		       name);
		return;
	}
	r = broker_call(SYSINFO_STOP, w, 2);
	if (r.error == -SYS_E_STATE && !shell_find_component(name, &id) &&
	    !component_get(id - 1, &c)) {
		printf("kill: %s: not running (%s)\n", name,
		       sys_state_name(c.state));
		return;
	}
	if (r.error) {
		shell_error("kill", name, r.error);
		return;
	}
	printf("killed %s (id %lu)\n", name, r.mr[0]);
}

bool shell_service_up(const char *cmd, const char *service)
{
	kaal_word_t w[2];
	struct broker_ret r;
	struct component c;

	sys_pack_string(w, 2, service);
	r = broker_call(SYSINFO_SERVICE, w, 2);
	if (r.error == -SYS_E_DENIED)
		return true; /* no sysinfo right: the call itself will tell */
	if (r.error) {
		shell_error(cmd, service, r.error);
		return false;
	}
	if (r.mr[1] == SYS_STATE_RUNNING)
		return true;
	if (component_get(r.mr[0] - 1, &c))
		snprintf(c.name, sizeof(c.name), "%lu", r.mr[0]);
	printf("%s: %s: service not available: its server %s is %s%s\n", cmd,
	       service, c.name, sys_state_name(r.mr[1]),
	       r.mr[1] == SYS_STATE_STOPPED ? " (try 'start')" : "");
	return false;
}

/* ---- repeat ------------------------------------------------------------ */

#define REPEAT_MAX 1000000

/* Run a command again and again: the long command that Ctrl-C stops. */
static void cmd_repeat(char *args)
{
	char *count = shell_word(&args), copy[SHELL_LINE_MAX];
	unsigned long n, i;

	if (!count || !all_digits(count) || !*args) {
		printf("repeat: usage: repeat <count> <command...>\n");
		return;
	}
	n = strtoul(count, NULL, 10);
	if (n > REPEAT_MAX || strlen(count) > 7) {
		printf("repeat: %s: at most %d times\n", count, REPEAT_MAX);
		return;
	}
	for (i = 0; i < n && !shell_interrupted(); i++) {
		/* shell_run cuts the line into words in place. */
		snprintf(copy, sizeof(copy), "%s", args);
		shell_run(copy);
	}
	if (i < n)
		printf("repeat: interrupted after %lu of %lu\n", i, n);
}

/* ---- the table ---------------------------------------------------------- */

static void cmd_help(char *args);

static void cmd_echo(char *args)
{
	printf("%s\n", args);
}

#define NR(t)	 ((unsigned int)(sizeof(t) / sizeof((t)[0])))
#define TABLE(t) t, NR(t)

/* `ramfs <sub>`: the file commands, also at the top level. */
static const struct shell_command ramfs_commands[] = {
	{ "ls", "", "files and their sizes", cmd_ls, SHELL_ARG_NONE, NULL, 0 },
	{ "cat", "<file>", "print a file", cmd_cat, SHELL_ARG_FILE, NULL, 0 },
	{ "write", "<file> <text...>", "replace a file by a line of text",
	  cmd_write, SHELL_ARG_FILE, NULL, 0 },
	{ "append", "<file> <text...>", "add a line of text to a file",
	  cmd_append, SHELL_ARG_FILE, NULL, 0 },
	{ "rm", "<file>", "delete a file", cmd_rm, SHELL_ARG_FILE, NULL, 0 },
};

static const struct shell_command commands[] = {
	{ "help", "[command]", "this list, or a command's usage", cmd_help,
	  SHELL_ARG_COMMAND, NULL, 0 },
	{ "ps", "", "components: id, name, state, pages", cmd_ps,
	  SHELL_ARG_NONE, NULL, 0 },
	{ "caps", "<component>", "a component's capabilities", cmd_caps,
	  SHELL_ARG_COMPONENT, NULL, 0 },
	{ "mem", "", "untyped memory and each component's pages", cmd_mem,
	  SHELL_ARG_NONE, NULL, 0 },
	{ "start", "<component>", "start a component not running yet",
	  cmd_start, SHELL_ARG_COMPONENT, NULL, 0 },
	{ "kill", "<component>", "stop a component and its services", cmd_kill,
	  SHELL_ARG_COMPONENT, NULL, 0 },
	{ "ramfs", "<ls|cat|write|append|rm> ...", "the file commands", NULL,
	  SHELL_ARG_NONE, TABLE(ramfs_commands) },
	{ "ls", "", "ramfs files and their sizes", cmd_ls, SHELL_ARG_NONE, NULL,
	  0 },
	{ "cat", "<file>", "print a file", cmd_cat, SHELL_ARG_FILE, NULL, 0 },
	{ "write", "<file> <text...>", "replace a file by a line of text",
	  cmd_write, SHELL_ARG_FILE, NULL, 0 },
	{ "append", "<file> <text...>", "add a line of text to a file",
	  cmd_append, SHELL_ARG_FILE, NULL, 0 },
	{ "rm", "<file>", "delete a file", cmd_rm, SHELL_ARG_FILE, NULL, 0 },
	{ "blk", "<info|read|write> ...", "the block device (virtio-blk)", NULL,
	  SHELL_ARG_NONE, blk_commands, NR_BLK_COMMANDS },
	{ "bench", "", "broker round trip and ramfs throughput", cmd_bench,
	  SHELL_ARG_NONE, NULL, 0 },
	{ "sleep", "<ms>", "wait through the timer service", cmd_sleep,
	  SHELL_ARG_NONE, NULL, 0 },
	{ "timer", "", "the timer service's clients and signals", cmd_timer,
	  SHELL_ARG_NONE, NULL, 0 },
	{ "cpu", "", "time since boot, and how much the kernel idled", cmd_cpu,
	  SHELL_ARG_NONE, NULL, 0 },
	{ "repeat", "<count> <command...>", "run a command count times",
	  cmd_repeat, SHELL_ARG_COMMAND, NULL, 0 },
	{ "linux", "<program> [arguments...]",
	  "run a Linux program (/bin/busybox ls -l /bin)", cmd_linux,
	  SHELL_ARG_NONE, NULL, 0 },
	{ "echo", "<text...>", "print the text", cmd_echo, SHELL_ARG_NONE, NULL,
	  0 },
	{ "net", "", "address, link and counters of the network", cmd_net,
	  SHELL_ARG_NONE, NULL, 0 },
	{ "ping", "<a.b.c.d> [count]", "ICMP echo requests, one a second",
	  cmd_ping, SHELL_ARG_NONE, NULL, 0 },
	{ "nc",
	  "<a.b.c.d> <port> [text] | -l <port> | -u <a.b.c.d> <port> "
	  "<text>",
	  "TCP or UDP through a socket", cmd_nc, SHELL_ARG_NONE, NULL, 0 },
};

static const struct shell_command *lookup(const struct shell_command *t,
					  unsigned int n, const char *name)
{
	for (unsigned int i = 0; name && i < n; i++)
		if (!strcmp(name, t[i].name))
			return &t[i];
	return NULL;
}

static void list(const struct shell_command *t, unsigned int n,
		 const char *parent)
{
	for (unsigned int i = 0; i < n; i++) {
		char usage[48];

		snprintf(usage, sizeof(usage), "%s%s%s %s", parent,
			 *parent ? " " : "", t[i].name, t[i].args);
		printf("  %-32s %s\n", usage, t[i].help);
	}
}

/* "usage: <parent> <cmd> <args>" and what it does; its subcommands. */
static void usage(const struct shell_command *c, const char *parent)
{
	printf("usage: %s%s%s %s\n  %s\n", parent, *parent ? " " : "", c->name,
	       c->args, c->help);
	if (c->subs) {
		printf("subcommands:\n");
		list(c->subs, c->nr_subs, c->name);
	}
	if (!strcmp(c->name, "repeat"))
		printf("  Ctrl-C stops it between two runs\n");
}

static void cmd_help(char *args)
{
	char *name = shell_word(&args), *sub = shell_word(&args);
	const struct shell_command *c = lookup(TABLE(commands), name), *s;

	if (!name) {
		printf("commands:\n");
		list(TABLE(commands), "");
		printf("'help <command>' or '<command> --help' for one "
		       "command; keys: Documentation/shell.rst\n");
		return;
	}
	if (!c) {
		printf("help: %s: unknown command (type 'help')\n", name);
		return;
	}
	s = c->subs ? lookup(c->subs, c->nr_subs, sub) : NULL;
	if (s)
		usage(s, c->name);
	else
		usage(c, "");
}

static bool wants_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* The first word of @s, copied to @word (cut to its size); the rest
 * after it. @s itself is left as it is, for the command. */
static char *peek_word(char *s, char *word, size_t size)
{
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s && *s != ' ' && *s != '\t'; s++)
		if (n + 1 < size)
			word[n++] = *s;
	word[n] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Run @c (of @parent) on @rest, or its subcommand, or its usage. */
static void run(const struct shell_command *c, const char *parent, char *rest)
{
	char arg[SYS_NAME_LEN], *after = peek_word(rest, arg, sizeof(arg));
	const struct shell_command *s;

	if (wants_help(arg)) {
		usage(c, parent);
		return;
	}
	if (!c->subs) {
		c->run(rest);
		return;
	}
	s = lookup(c->subs, c->nr_subs, arg);
	if (s) {
		run(s, c->name, after);
		return;
	}
	if (*arg)
		printf("%s: %s: unknown subcommand\n", c->name, arg);
	usage(c, parent);
}

void shell_run(char *line)
{
	char *rest = line, *name = shell_word(&rest);
	const struct shell_command *c = lookup(TABLE(commands), name);

	if (c)
		run(c, "", rest);
	else if (name)
		printf("shell: %s: unknown command (type 'help')\n", name);
}

/* ---- completion --------------------------------------------------------- */

static void complete_components(struct shell_matches *m)
{
	struct component c;

	for (unsigned long i = 0; i < MAX_COMPONENTS; i++) {
		if (component_get(i, &c))
			return;
		shell_match(m, c.name);
	}
}

static void complete_arg(enum shell_arg arg, struct shell_matches *m)
{
	switch (arg) {
	case SHELL_ARG_COMMAND:
		for (unsigned int i = 0; i < NR(commands); i++)
			shell_match(m, commands[i].name);
		break;
	case SHELL_ARG_FILE:
		files_complete(m);
		break;
	case SHELL_ARG_COMPONENT:
		complete_components(m);
		break;
	case SHELL_ARG_NONE:
		break;
	}
}

/* @words: those before the one being completed (at most two). */
void shell_complete(char *const *words, unsigned int nwords,
		    struct shell_matches *m)
{
	const struct shell_command *c, *s;

	if (!nwords) {
		complete_arg(SHELL_ARG_COMMAND, m);
		return;
	}
	c = lookup(TABLE(commands), words[0]);
	if (!c)
		return;
	if (!c->subs) {
		if (nwords == 1)
			complete_arg(c->arg, m);
		return;
	}
	if (nwords == 1) {
		for (unsigned int i = 0; i < c->nr_subs; i++)
			shell_match(m, c->subs[i].name);
		return;
	}
	s = lookup(c->subs, c->nr_subs, words[1]);
	if (s)
		complete_arg(s->arg, m);
}
