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
	unsigned long id, state, pages, fault;
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
	c->state = r.mr[1];
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
		printf("%3lu %-12s %-7s %5lu", c.id, c.name,
		       sys_state_name(c.state), c.pages);
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
	list_components("ps", " ID NAME         STATE   PAGES", true);
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

static void cmd_start(char *args)
{
	char *name = shell_word(&args);
	kaal_word_t w[2];
	struct broker_ret r;

	if (!name) {
		printf("start: usage: start <component>\n");
		return;
	}
	if (strlen(name) >= SYS_NAME_LEN) {
		shell_error("start", name, -SYS_E_NAME);
		return;
	}
	sys_pack_string(w, 2, name);
	r = broker_call(SYSINFO_START, w, 2);
	if (r.error) {
		shell_error("start", name, r.error);
		return;
	}
	printf("started %s (id %lu)\n", name, r.mr[0]);
}

/* ---- the table ---------------------------------------------------------- */

static void cmd_help(char *args);

static void cmd_echo(char *args)
{
	printf("%s\n", args);
}

static const struct command {
	const char *name, *args, *help;
	void (*run)(char *args);
} commands[] = {
	{ "help", "", "this list", cmd_help },
	{ "ps", "", "components: id, name, state, pages", cmd_ps },
	{ "caps", "<component>", "a component's capabilities", cmd_caps },
	{ "mem", "", "untyped memory and each component's pages", cmd_mem },
	{ "start", "<component>", "start a component not running yet",
	  cmd_start },
	{ "ls", "", "ramfs files and their sizes", cmd_ls },
	{ "cat", "<file>", "print a file", cmd_cat },
	{ "write", "<file> <text...>", "replace a file by a line of text",
	  cmd_write },
	{ "append", "<file> <text...>", "add a line of text to a file",
	  cmd_append },
	{ "rm", "<file>", "delete a file", cmd_rm },
	{ "bench", "", "broker round trip and ramfs throughput", cmd_bench },
	{ "echo", "<text...>", "print the text", cmd_echo },
};

static void cmd_help(char *args)
{
	(void)args;
	printf("commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char usage[32];

		snprintf(usage, sizeof(usage), "%s %s", commands[i].name,
			 commands[i].args);
		printf("  %-24s %s\n", usage, commands[i].help);
	}
}

void shell_run(char *line)
{
	char *rest = line, *name = shell_word(&rest);

	if (!name)
		return;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(name, commands[i].name)) {
			commands[i].run(rest);
			return;
		}
	}
	printf("shell: %s: unknown command (type 'help')\n", name);
}
