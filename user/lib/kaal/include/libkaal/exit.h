/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What exit() does besides ending the program. By default (a root task)
 * it powers the machine off through the debug system calls, or suspends
 * the thread without them. A program started by another one (a
 * component, <libsys/component.h>) installs a handler that tells its
 * parent instead; if the handler returns, exit() goes on as by default.
 */
#ifndef LIBKAAL_EXIT_H
#define LIBKAAL_EXIT_H

typedef void kaal_exit_fn(int status);

/* Install fn (NULL: none); returns the previous handler. */
kaal_exit_fn *kaal_exit_set_handler(kaal_exit_fn *fn);

#endif /* LIBKAAL_EXIT_H */
