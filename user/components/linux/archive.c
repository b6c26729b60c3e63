// SPDX-License-Identifier: BSD-2-Clause
/*
 * The files of linux.cpio (scripts/Makefile.user): SVR4 "newc" cpio
 * whose names are paths ("bin/busybox") and whose file data start on
 * pages of their own. Read once, at start-up, through the window onto
 * the archive: only the pages holding headers are mapped. Every header
 * field is checked against the archive's size, as libsys's cpio.c does;
 * a malformed archive ends the list where it goes wrong.
 */
#include <stdio.h>
#include <string.h>
#include "linux.h"

#define NEWC_HDR 110

struct archive_file archive_files[ARCHIVE_MAX_FILES];
unsigned int archive_nr_files;
char archive_dirs[ARCHIVE_MAX_DIRS][ARCHIVE_NAME_MAX];
unsigned int archive_nr_dirs;

static int hex8(const char *p, uint64_t *out)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint64_t)(c - '0');
		else if (c >= 'A' && c <= 'F')
			v |= (uint64_t)(c - 'A' + 10);
		else if (c >= 'a' && c <= 'f')
			v |= (uint64_t)(c - 'a' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Every directory above @path ("bin" for "bin/busybox") is a directory
 * of the archive. */
static void add_dirs(const char *path)
{
	char dir[ARCHIVE_NAME_MAX];

	for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
		size_t n = (size_t)(s - path);

		memcpy(dir, path, n);
		dir[n] = '\0';
		if (archive_find_dir(dir) >= 0)
			continue;
		if (archive_nr_dirs == ARCHIVE_MAX_DIRS)
			return;
		memcpy(archive_dirs[archive_nr_dirs++], dir, n + 1);
	}
}

long archive_init(void)
{
	uint64_t size = files_size(), off = 0;

	archive_nr_files = archive_nr_dirs = 0;
	while (size - off >= NEWC_HDR) {
		char hdr[NEWC_HDR], name[ARCHIVE_NAME_MAX];
		uint64_t filesize, namesize, mode, data;
		struct archive_file *f;

		if (files_read(off, hdr, sizeof(hdr)) ||
		    memcmp(hdr, "070701", 6) || hex8(hdr + 6 + 8, &mode) ||
		    hex8(hdr + 6 + 8 * 6, &filesize) ||
		    hex8(hdr + 6 + 8 * 11, &namesize) || !namesize ||
		    namesize > size - off - NEWC_HDR)
			break;
		data = (off + NEWC_HDR + namesize + 3) & ~3ull;
		if (data > size || filesize > size - data)
			break;
		memset(name, 0, sizeof(name));
		if (files_read(off + NEWC_HDR, name,
			       namesize < sizeof(name) ? namesize :
							 sizeof(name) - 1))
			break;
		off = (data + filesize + 3) & ~3ull;
		if (!strcmp(name, "TRAILER!!!"))
			return 0;
		/* Regular files with a name that fits; a path of ours. */
		if ((mode & 0170000) != 0100000 || !name[0] ||
		    strlen(name) >= ARCHIVE_NAME_MAX - 1 || name[0] == '/' ||
		    archive_nr_files == ARCHIVE_MAX_FILES)
			continue;
		f = &archive_files[archive_nr_files++];
		memcpy(f->path, name, sizeof(f->path));
		f->off = data;
		f->size = filesize;
		add_dirs(name);
	}
	if (size)
		printf("linux: the archive ends without a trailer after %u "
		       "files\n",
		       archive_nr_files);
	return 0;
}

int archive_find_file(const char *path)
{
	for (unsigned int i = 0; i < archive_nr_files; i++)
		if (!strcmp(archive_files[i].path, path))
			return (int)i;
	return -1;
}

int archive_find_dir(const char *path)
{
	for (unsigned int i = 0; i < archive_nr_dirs; i++)
		if (!strcmp(archive_dirs[i], path))
			return (int)i;
	return -1;
}
