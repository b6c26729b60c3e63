// SPDX-License-Identifier: BSD-2-Clause
/*
 * The block device commands: blk info, blk read <sector>, blk write
 * <sector> <text...>, through the block service's client
 * (<libsys/blk.h>). Errors are "blk: <what>: <error text>".
 */
#include <stdio.h>
#include <string.h>
#include <libsys/blk.h>
#include "shell.h"

static struct blk_client blk;
static long blk_error = 1; /* blk_connect's; 1: not tried yet */
static uint8_t sector_buf[BLK_SECTOR_SIZE];

/* The connection, or false after saying why there is none: never
 * granted, or no disk (the driver found none and exited). */
static bool blk_ready(void)
{
	if (blk_error > 0)
		blk_error = blk_connect(&blk, shell.ci);
	if (blk_error) {
		shell_error("blk", "blk", blk_error);
		return false;
	}
	return shell_service_up("blk", "blk");
}

/* A sector number: decimal digits only, no more than fit. */
static bool sector_arg(char **args, uint64_t *sector)
{
	char *w = shell_word(args);
	uint64_t v = 0;

	if (!w || !*w) {
		printf("blk: usage: blk read|write <sector> ...\n");
		return false;
	}
	for (const char *p = w; *p; p++) {
		if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10) {
			printf("blk: %s: not a sector number\n", w);
			return false;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*sector = v;
	return true;
}

static void cmd_blk_info(char *args)
{
	struct blk_info info;
	long err;

	(void)args;
	if (!blk_ready())
		return;
	err = blk_info(&blk, &info);
	if (err) {
		shell_error("blk", "info", err);
		return;
	}
	printf("blk: %lu sectors of %u bytes (%lu KiB)%s\n",
	       (unsigned long)info.sectors, info.sector_size,
	       (unsigned long)(info.sectors * info.sector_size / 1024),
	       info.flags & BLK_F_READ_ONLY ? ", read-only" : "");
}

/* 16 bytes a line: offset, hex, and the printable ones. */
static void dump_line(const uint8_t *p, unsigned int off)
{
	char text[17];

	printf("%03x:", off);
	for (unsigned int i = 0; i < 16; i++) {
		printf(" %02x", p[i]);
		text[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
	}
	text[16] = '\0';
	printf("  %s\n", text);
}

static void cmd_blk_read(char *args)
{
	char what[32];
	uint64_t sector;
	long err;

	if (!sector_arg(&args, &sector) || !blk_ready())
		return;
	snprintf(what, sizeof(what), "sector %lu", (unsigned long)sector);
	err = blk_read(&blk, sector, 1, sector_buf);
	if (err) {
		shell_error("blk", what, err);
		return;
	}
	for (unsigned int off = 0; off < BLK_SECTOR_SIZE; off += 16)
		dump_line(&sector_buf[off], off);
}

/* The text, then zeros to the end of the sector. */
static void cmd_blk_write(char *args)
{
	char what[32];
	uint64_t sector;
	size_t len;
	long err;

	if (!sector_arg(&args, &sector))
		return;
	len = strlen(args);
	if (!len || len > BLK_SECTOR_SIZE) {
		printf("blk: usage: blk write <sector> <text...> (1 to %u "
		       "bytes)\n",
		       BLK_SECTOR_SIZE);
		return;
	}
	if (!blk_ready())
		return;
	memset(sector_buf, 0, sizeof(sector_buf));
	memcpy(sector_buf, args, len);
	snprintf(what, sizeof(what), "sector %lu", (unsigned long)sector);
	err = blk_write(&blk, sector, 1, sector_buf);
	if (err)
		shell_error("blk", what, err);
	else
		printf("blk: wrote sector %lu (%lu bytes of text)\n",
		       (unsigned long)sector, (unsigned long)len);
}

const struct shell_command blk_commands[NR_BLK_COMMANDS] = {
	{ "info", "", "the disk's size", cmd_blk_info, SHELL_ARG_NONE, NULL,
	  0 },
	{ "read", "<sector>", "print a sector (hex and text)", cmd_blk_read,
	  SHELL_ARG_NONE, NULL, 0 },
	{ "write", "<sector> <text...>",
	  "write a line of text to a sector, zero-padded", cmd_blk_write,
	  SHELL_ARG_NONE, NULL, 0 },
};
