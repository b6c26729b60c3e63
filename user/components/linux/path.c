// SPDX-License-Identifier: BSD-2-Clause
/* Paths and command lines (path.h). */
#include <string.h>
#include "abi.h"
#include "path.h"

int path_resolve(const char *cwd, const char *path, char *out, size_t outsz,
		 int *must_dir)
{
	size_t len = 0, plen = strnlen(path, PATH_MAX_LEN + 2);
	const char *parts[2] = { path[0] == '/' ? "" : cwd, path };

	*must_dir = 0;
	if (!plen)
		return -L_ENOENT;
	if (plen > PATH_MAX_LEN || outsz < 2)
		return -L_ENAMETOOLONG;
	out[0] = '\0';
	for (int p = 0; p < 2; p++) {
		const char *s = parts[p];

		while (*s) {
			const char *c;
			size_t n;

			while (*s == '/')
				s++;
			c = s;
			while (*s && *s != '/')
				s++;
			n = (size_t)(s - c);
			if (p == 1)
				*must_dir =
					n == 0 || (n == 1 && c[0] == '.') ||
					(n == 2 && c[0] == '.' && c[1] == '.');
			if (!n || (n == 1 && c[0] == '.'))
				continue;
			if (n == 2 && c[0] == '.' && c[1] == '.') {
				while (len && out[len - 1] != '/')
					len--;
				if (len)
					len--; /* the '/' before it */
				out[len] = '\0';
				continue;
			}
			if (len + 1 + n + 1 > outsz ||
			    len + 1 + n > PATH_MAX_LEN)
				return -L_ENAMETOOLONG;
			out[len++] = '/';
			memcpy(out + len, c, n);
			len += n;
			out[len] = '\0';
		}
	}
	if (!len) {
		out[0] = '/';
		out[1] = '\0';
	}
	return 0;
}

const char *path_last(const char *abs, size_t *parent_len)
{
	const char *slash = strrchr(abs, '/');

	if (!slash || !slash[1]) {
		*parent_len = 1;
		return "";
	}
	*parent_len = slash == abs ? 1 : (size_t)(slash - abs);
	return slash + 1;
}

int args_split(const char *line, char *buf, size_t bufsz, char **argv, int max)
{
	size_t n = 0;
	int argc = 0;

	for (const char *s = line;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return argc;
		if (argc == max)
			return -2;
		argv[argc] = buf + n;
		while (*s && *s != ' ' && *s != '\t') {
			char c = *s++;

			if (c == '\'') {
				while (*s && *s != '\'') {
					if (n + 1 >= bufsz)
						return -2;
					buf[n++] = *s++;
				}
				if (!*s++)
					return -1;
				continue;
			}
			if (c == '"') {
				while (*s && *s != '"') {
					if (*s == '\\' && s[1] &&
					    strchr("\\\"$`", s[1]))
						s++;
					if (n + 1 >= bufsz)
						return -2;
					buf[n++] = *s++;
				}
				if (!*s++)
					return -1;
				continue;
			}
			if (c == '\\') {
				if (!*s)
					return -1;
				c = *s++;
			}
			if (n + 1 >= bufsz)
				return -2;
			buf[n++] = c;
		}
		if (n + 1 > bufsz)
			return -2;
		buf[n++] = '\0';
		argc++;
	}
}
