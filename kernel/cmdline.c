// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel command line (/chosen bootargs, QEMU -append): space-separated
 * key=value words, looked up by key.
 */
#include <kaal/cmdline.h>
#include <kaal/string.h>

static const char *cmdline = "";

void cmdline_init(const char *s)
{
	cmdline = s ? s : "";
}

const char *cmdline_get(void)
{
	return cmdline;
}

bool cmdline_value(const char *key, char *val, size_t size)
{
	size_t klen = strlen(key);

	if (!size)
		return false;

	for (const char *p = cmdline; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			size_t n = MIN(len - klen - 1, size - 1);

			memcpy(val, p + klen + 1, n);
			val[n] = '\0';
			return true;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

int cmdline_uint(const char *key, uint64_t max, uint64_t *val)
{
	char buf[24];
	uint64_t n = 0;

	if (!cmdline_value(key, buf, sizeof(buf)))
		return 0;
	if (!buf[0] || strlen(buf) == sizeof(buf) - 1)
		return -1; /* empty, or too long to be read whole */
	for (const char *p = buf; *p; p++) {
		uint64_t d = (uint64_t)(*p - '0');

		/* n * 10 + d <= max, without overflow. */
		if (*p < '0' || *p > '9' || d > max || n > (max - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*val = n;
	return 1;
}
