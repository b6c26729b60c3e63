/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Paths and command lines, pure code (tests/unit/test_linux.c).
 *
 * The personality resolves a path by name before it looks anything up:
 * "." and empty components vanish and ".." takes the previous component
 * away (never above "/"). Its namespace has no symbolic link to a
 * directory (the only links are /bin's applet names, each to a file
 * beside it), so that gives the directory a Linux walk would reach; the
 * one difference is that "file/.." is accepted where Linux says ENOTDIR.
 */
#ifndef USER_COMPONENTS_LINUX_PATH_H
#define USER_COMPONENTS_LINUX_PATH_H

#include <stddef.h>

#define PATH_MAX_LEN 255 /* bytes of a resolved path, the NUL not counted */

/*
 * @path (absolute, or relative to @cwd, an absolute resolved path) as an
 * absolute path without ".", ".." or empty components and without a
 * trailing "/" ("/" itself for the root), in out[outsz]. *must_dir is set
 * when @path ends in "/", "/." or "/..": what it names must be a
 * directory. 0, -L_ENOENT for an empty path, -L_ENAMETOOLONG for a result
 * (or @path) longer than PATH_MAX_LEN or @outsz.
 */
int path_resolve(const char *cwd, const char *path, char *out, size_t outsz,
		 int *must_dir);

/* The last component of a resolved path ("" for "/"); *parent_len: the
 * length of its parent's path ("/" counts 1). */
const char *path_last(const char *abs, size_t *parent_len);

/*
 * Split a command line into words as a POSIX shell does before any
 * expansion: blanks (space, tab) separate words; '...' quotes everything
 * up to the next '; "..." quotes too, but \ escapes \ " $ ` inside it;
 * \ outside quotes escapes any character. The words go, NUL-terminated,
 * into buf[bufsz], and argv[i] points at each (max of them). The count,
 * or -1 for an unterminated quote or a trailing \, -2 for more than
 * @max words or more text than @bufsz.
 */
int args_split(const char *line, char *buf, size_t bufsz, char **argv, int max);

#endif /* USER_COMPONENTS_LINUX_PATH_H */
