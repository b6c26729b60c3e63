/* SPDX-License-Identifier: BSD-2-Clause */
/* The system call handlers (sys_fs.c, sys_proc.c) and their helpers. */
#ifndef USER_COMPONENTS_LINUX_SYS_H
#define USER_COMPONENTS_LINUX_SYS_H

#include "linux.h"
#include "systab.h"

#define SYS_DECLARE_FULL(handler) \
	long handler(struct proc *p, const struct sysargs *a);
#define SYS_DECLARE_PARTIAL(handler) SYS_DECLARE_FULL(handler)
#define SYS_DECLARE_NOSYS(handler)
#define SYS_DECLARE(nr, name, handler, status) SYS_DECLARE_##status(handler)
LINUX_SYSCALLS(SYS_DECLARE)
#undef SYS_DECLARE

struct ofile *fd_get(struct proc *p, uint64_t fd);
long fd_install(struct proc *p, struct ofile *of, uint64_t min, bool cloexec);
void fd_close_all(struct proc *p);

#endif /* USER_COMPONENTS_LINUX_SYS_H */
