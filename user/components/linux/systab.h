/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Linux system calls the personality serves, by arm64 number (the
 * asm-generic table): X(number, name, handler, status). Status:
 *
 *   FULL     what Linux does, as far as a program can see
 *   PARTIAL  served, with the difference Documentation/linux.rst states
 *   NOSYS    answered -ENOSYS on purpose, without a log line (a caller
 *            that copes with an old kernel)
 *
 * Any number not listed is answered -ENOSYS and logged once with its
 * name ("linux: <name> (<nr>) is not implemented: -ENOSYS"). The table
 * of Documentation/linux.rst must list the same calls with the same
 * status; tests/docs/test_linux_syscalls.py holds the two together.
 */
#ifndef USER_COMPONENTS_LINUX_SYSTAB_H
#define USER_COMPONENTS_LINUX_SYSTAB_H

/* clang-format off */
#define LINUX_SYSCALLS(X)						\
	X(17,  getcwd,		sys_getcwd,		FULL)		\
	X(23,  dup,		sys_dup,		FULL)		\
	X(24,  dup3,		sys_dup3,		FULL)		\
	X(25,  fcntl,		sys_fcntl,		PARTIAL)	\
	X(29,  ioctl,		sys_ioctl,		PARTIAL)	\
	X(34,  mkdirat,		sys_mkdirat,		FULL)		\
	X(35,  unlinkat,	sys_unlinkat,		FULL)		\
	X(38,  renameat,	sys_renameat,		FULL)		\
	X(45,  truncate,	sys_truncate,		FULL)		\
	X(46,  ftruncate,	sys_ftruncate,		FULL)		\
	X(48,  faccessat,	sys_faccessat,		FULL)		\
	X(49,  chdir,		sys_chdir,		FULL)		\
	X(50,  fchdir,		sys_fchdir,		FULL)		\
	X(52,  fchmod,		sys_fchmod,		PARTIAL)	\
	X(53,  fchmodat,	sys_fchmodat,		PARTIAL)	\
	X(54,  fchownat,	sys_fchownat,		PARTIAL)	\
	X(55,  fchown,		sys_fchown,		PARTIAL)	\
	X(56,  openat,		sys_openat,		FULL)		\
	X(57,  close,		sys_close,		FULL)		\
	X(59,  pipe2,		sys_pipe2,		PARTIAL)	\
	X(61,  getdents64,	sys_getdents64,		FULL)		\
	X(62,  lseek,		sys_lseek,		FULL)		\
	X(63,  read,		sys_read,		FULL)		\
	X(64,  write,		sys_write,		FULL)		\
	X(65,  readv,		sys_readv,		FULL)		\
	X(66,  writev,		sys_writev,		FULL)		\
	X(67,  pread64,		sys_pread64,		FULL)		\
	X(68,  pwrite64,	sys_pwrite64,		FULL)		\
	X(71,  sendfile,	sys_sendfile,		PARTIAL)	\
	X(72,  pselect6,	sys_pselect6,		PARTIAL)	\
	X(73,  ppoll,		sys_ppoll,		PARTIAL)	\
	X(78,  readlinkat,	sys_readlinkat,		FULL)		\
	X(79,  newfstatat,	sys_newfstatat,		FULL)		\
	X(80,  fstat,		sys_fstat,		FULL)		\
	X(82,  fsync,		sys_fsync,		FULL)		\
	X(83,  fdatasync,	sys_fsync,		FULL)		\
	X(88,  utimensat,	sys_utimensat,		PARTIAL)	\
	X(93,  exit,		sys_exit,		FULL)		\
	X(94,  exit_group,	sys_exit,		FULL)		\
	X(95,  waitid,		sys_waitid,		PARTIAL)	\
	X(96,  set_tid_address,	sys_set_tid_address,	FULL)		\
	X(98,  futex,		sys_futex,		PARTIAL)	\
	X(99,  set_robust_list,	sys_set_robust_list,	FULL)		\
	X(101, nanosleep,	sys_nanosleep,		PARTIAL)	\
	X(113, clock_gettime,	sys_clock_gettime,	PARTIAL)	\
	X(114, clock_getres,	sys_clock_getres,	FULL)		\
	X(115, clock_nanosleep,	sys_clock_nanosleep,	PARTIAL)	\
	X(123, sched_getaffinity, sys_sched_getaffinity, FULL)		\
	X(124, sched_yield,	sys_sched_yield,	FULL)		\
	X(129, kill,		sys_kill,		PARTIAL)	\
	X(130, tkill,		sys_tkill,		PARTIAL)	\
	X(131, tgkill,		sys_tgkill,		PARTIAL)	\
	X(132, sigaltstack,	sys_sigaltstack,	FULL)		\
	X(133, rt_sigsuspend,	sys_rt_sigsuspend,	FULL)		\
	X(134, rt_sigaction,	sys_rt_sigaction,	PARTIAL)	\
	X(135, rt_sigprocmask,	sys_rt_sigprocmask,	FULL)		\
	X(139, rt_sigreturn,	sys_rt_sigreturn,	FULL)		\
	X(144, setgid,		sys_setid,		PARTIAL)	\
	X(146, setuid,		sys_setid,		PARTIAL)	\
	X(148, getresuid,	sys_getresid,		FULL)		\
	X(150, getresgid,	sys_getresid,		FULL)		\
	X(153, times,		sys_times,		PARTIAL)	\
	X(154, setpgid,		sys_setpgid,		FULL)		\
	X(155, getpgid,		sys_getpgid,		FULL)		\
	X(156, getsid,		sys_getsid,		FULL)		\
	X(157, setsid,		sys_setsid,		FULL)		\
	X(158, getgroups,	sys_getgroups,		FULL)		\
	X(160, uname,		sys_uname,		FULL)		\
	X(163, getrlimit,	sys_getrlimit,		FULL)		\
	X(164, setrlimit,	sys_setrlimit,		PARTIAL)	\
	X(165, getrusage,	sys_getrusage,		PARTIAL)	\
	X(166, umask,		sys_umask,		FULL)		\
	X(167, prctl,		sys_prctl,		PARTIAL)	\
	X(169, gettimeofday,	sys_gettimeofday,	PARTIAL)	\
	X(172, getpid,		sys_getpid,		FULL)		\
	X(173, getppid,		sys_getppid,		FULL)		\
	X(174, getuid,		sys_getid,		FULL)		\
	X(175, geteuid,		sys_getid,		FULL)		\
	X(176, getgid,		sys_getid,		FULL)		\
	X(177, getegid,		sys_getid,		FULL)		\
	X(178, gettid,		sys_gettid,		FULL)		\
	X(179, sysinfo,		sys_sysinfo,		PARTIAL)	\
	X(198, socket,		sys_socket,		PARTIAL)	\
	X(205, getpeername,	sys_getpeername,	PARTIAL)	\
	X(214, brk,		sys_brk,		FULL)		\
	X(215, munmap,		sys_munmap,		FULL)		\
	X(220, clone,		sys_clone,		PARTIAL)	\
	X(221, execve,		sys_execve,		PARTIAL)	\
	X(222, mmap,		sys_mmap,		PARTIAL)	\
	X(226, mprotect,	sys_mprotect,		PARTIAL)	\
	X(233, madvise,		sys_madvise,		PARTIAL)	\
	X(260, wait4,		sys_wait4,		PARTIAL)	\
	X(261, prlimit64,	sys_prlimit64,		PARTIAL)	\
	X(276, renameat2,	sys_renameat2,		PARTIAL)	\
	X(278, getrandom,	sys_getrandom,		PARTIAL)	\
	X(291, statx,		sys_statx,		FULL)		\
	X(293, rseq,		NULL,			NOSYS)		\
	X(435, clone3,		NULL,			NOSYS)		\
	X(436, close_range,	sys_close_range,	FULL)		\
	X(439, faccessat2,	sys_faccessat2,		FULL)
/* clang-format on */

#endif /* USER_COMPONENTS_LINUX_SYSTAB_H */
