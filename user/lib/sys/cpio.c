// SPDX-License-Identifier: BSD-2-Clause
/* The boot archive reader (libsys/cpio.h). */
#include <string.h>
#include <libsys/cpio.h>

#define NEWC_HDR   110 /* "070701" and 13 fields of 8 hex digits */
#define F_FILESIZE 6
#define F_NAMESIZE 11

static int hex_field(const char *p, size_t *out)
{
	size_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (size_t)(c - '0');
		else if (c >= 'A' && c <= 'F')
			v |= (size_t)(c - 'A' + 10);
		else if (c >= 'a' && c <= 'f')
			v |= (size_t)(c - 'a' + 10);
		else
			return -CPIO_E_MALFORMED;
	}
	*out = v;
	return 0;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* The entry at *off; *off moves past it. */
static int parse(const char *a, size_t size, size_t *off, struct cpio_file *f)
{
	size_t pos = *off, namesize, filesize, data;

	if (size - pos < NEWC_HDR || memcmp(a + pos, "070701", 6))
		return -CPIO_E_MALFORMED;
	if (hex_field(a + pos + 6 + 8 * F_FILESIZE, &filesize) ||
	    hex_field(a + pos + 6 + 8 * F_NAMESIZE, &namesize))
		return -CPIO_E_MALFORMED;
	if (!namesize || namesize > size - pos - NEWC_HDR ||
	    a[pos + NEWC_HDR + namesize - 1] != '\0')
		return -CPIO_E_MALFORMED;
	data = align4(pos + NEWC_HDR + namesize);
	if (data > size || filesize > size - data)
		return -CPIO_E_MALFORMED;
	f->name = a + pos + NEWC_HDR;
	f->data = a + data;
	f->size = filesize;
	*off = align4(data + filesize);
	if (*off > size)
		*off = size;
	return strcmp(f->name, "TRAILER!!!") ? 0 : -CPIO_E_END;
}

int cpio_entry(const void *archive, size_t size, unsigned int index,
	       struct cpio_file *f)
{
	size_t off = 0;

	for (unsigned int i = 0;; i++) {
		int err = parse(archive, size, &off, f);

		if (err)
			return err;
		if (i == index)
			return 0;
	}
}

int cpio_find(const void *archive, size_t size, const char *name,
	      struct cpio_file *f)
{
	for (unsigned int i = 0;; i++) {
		int err = cpio_entry(archive, size, i, f);

		if (err)
			return err == -CPIO_E_END ? -SYS_E_NOT_FOUND : err;
		if (!strcmp(f->name, name))
			return 0;
	}
}
