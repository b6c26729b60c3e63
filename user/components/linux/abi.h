/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parts of the Linux arm64 user ABI the personality serves, written
 * from the Linux UAPI headers (asm-generic/unistd.h, errno-base.h,
 * errno.h, asm-generic/stat.h, linux/stat.h, asm-generic/termbits.h,
 * asm-generic/ioctls.h, linux/auxvec.h, arm64's asm/hwcap.h) as the
 * numbers and layouts a Linux program expects; the names carry an L_
 * prefix so that they never meet the C library's.
 */
#ifndef USER_COMPONENTS_LINUX_ABI_H
#define USER_COMPONENTS_LINUX_ABI_H

#include <stdint.h>

/* errno values (asm-generic/errno-base.h, errno.h). */
#define L_EPERM	       1
#define L_ENOENT       2
#define L_ESRCH	       3
#define L_EINTR	       4
#define L_EIO	       5
#define L_ENXIO	       6
#define L_E2BIG	       7
#define L_ENOEXEC      8
#define L_EBADF	       9
#define L_ECHILD       10
#define L_EAGAIN       11
#define L_ENOMEM       12
#define L_EACCES       13
#define L_EFAULT       14
#define L_EBUSY	       16
#define L_EEXIST       17
#define L_EXDEV	       18
#define L_ENODEV       19
#define L_ENOTDIR      20
#define L_EISDIR       21
#define L_EINVAL       22
#define L_ENFILE       23
#define L_EMFILE       24
#define L_ENOTTY       25
#define L_ETXTBSY      26
#define L_EFBIG	       27
#define L_ENOSPC       28
#define L_ESPIPE       29
#define L_EROFS	       30
#define L_EMLINK       31
#define L_EPIPE	       32
#define L_ERANGE       34
#define L_EDEADLK      35
#define L_ENAMETOOLONG 36
#define L_ENOSYS       38
#define L_ENOTEMPTY    39
#define L_ELOOP	       40
#define L_EOPNOTSUPP   95

/* Signals. */
#define L_SIGHUP  1
#define L_SIGINT  2
#define L_SIGQUIT 3
#define L_SIGILL  4
#define L_SIGTRAP 5
#define L_SIGABRT 6
#define L_SIGBUS  7
#define L_SIGFPE  8
#define L_SIGKILL 9
#define L_SIGSEGV 11
#define L_SIGPIPE 13
#define L_SIGTERM 15
#define L_SIGCHLD 17
#define L_SIGCONT 18
#define L_SIGSTOP 19
#define L_SIGTSTP 20
#define L_SIGTTIN 21
#define L_SIGTTOU 22
#define L_NSIG	  64

/* openat flags (asm-generic/fcntl.h, as arm64 uses them). */
#define L_O_ACCMODE	      03
#define L_O_RDONLY	      00
#define L_O_WRONLY	      01
#define L_O_RDWR	      02
#define L_O_CREAT	      0100
#define L_O_EXCL	      0200
#define L_O_NOCTTY	      0400
#define L_O_TRUNC	      01000
#define L_O_APPEND	      02000
#define L_O_NONBLOCK	      04000
#define L_O_DIRECTORY	      040000
#define L_O_NOFOLLOW	      0100000
#define L_O_CLOEXEC	      02000000
#define L_O_PATH	      010000000
#define L_AT_FDCWD	      (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_REMOVEDIR	      0x200
#define L_AT_EACCESS	      0x200
#define L_AT_EMPTY_PATH	      0x1000

/* fcntl commands. */
#define L_F_DUPFD	  0
#define L_F_GETFD	  1
#define L_F_SETFD	  2
#define L_F_GETFL	  3
#define L_F_SETFL	  4
#define L_F_GETLK	  5
#define L_F_SETLK	  6
#define L_F_SETLKW	  7
#define L_F_DUPFD_CLOEXEC 1030
#define L_FD_CLOEXEC	  1

/* File types and modes. */
#define L_S_IFMT     0170000
#define L_S_IFLNK    0120000
#define L_S_IFREG    0100000
#define L_S_IFDIR    0040000
#define L_S_IFCHR    0020000
#define L_DT_UNKNOWN 0
#define L_DT_CHR     2
#define L_DT_DIR     4
#define L_DT_REG     8
#define L_DT_LNK     10

/* struct stat of asm-generic/stat.h, which arm64 uses: 128 bytes. */
struct l_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t pad2;
	int64_t st_blocks;
	int64_t st_atime_sec;
	uint64_t st_atime_nsec;
	int64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	int64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	uint32_t unused4;
	uint32_t unused5;
};
_Static_assert(sizeof(struct l_stat) == 128, "struct stat of arm64");

/* struct statx of linux/stat.h: 256 bytes. */
struct l_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};
struct l_statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct l_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major;
	uint32_t stx_rdev_minor;
	uint32_t stx_dev_major;
	uint32_t stx_dev_minor;
	uint64_t spare2[14];
};
_Static_assert(sizeof(struct l_statx) == 256, "struct statx");
#define L_STATX_BASIC_STATS 0x7ffu

/* struct linux_dirent64: a 19-byte header, the name, NUL, padded to 8. */
#define L_DIRENT64_HDR 19

/* Terminals (asm-generic/termbits.h, termbits-common.h, ioctls.h). */
#define L_NCCS 19
struct l_termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;
	uint8_t c_cc[L_NCCS];
};
_Static_assert(sizeof(struct l_termios) == 36, "struct termios");
#define L_VINTR	  0
#define L_VQUIT	  1
#define L_VERASE  2
#define L_VKILL	  3
#define L_VEOF	  4
#define L_VTIME	  5
#define L_VMIN	  6
#define L_VSUSP	  10
#define L_VEOL	  11
#define L_VWERASE 14
#define L_INLCR	  0x040
#define L_IGNCR	  0x080
#define L_ICRNL	  0x100
#define L_IXON	  0x400
#define L_OPOST	  0x01
#define L_ONLCR	  0x04
#define L_B38400  0x0f
#define L_CS8	  0x30
#define L_CREAD	  0x80
#define L_ISIG	  0x001
#define L_ICANON  0x002
#define L_ECHO	  0x008
#define L_ECHOE	  0x010
#define L_ECHOK	  0x020
#define L_ECHONL  0x040
#define L_ECHOCTL 0x200
#define L_ECHOKE  0x800
#define L_IEXTEN  0x8000

struct l_winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#define L_TCGETS     0x5401
#define L_TCSETS     0x5402
#define L_TCSETSW    0x5403
#define L_TCSETSF    0x5404
#define L_TCFLSH     0x540b
#define L_TIOCSCTTY  0x540e
#define L_TIOCGPGRP  0x540f
#define L_TIOCSPGRP  0x5410
#define L_TIOCGWINSZ 0x5413
#define L_TIOCSWINSZ 0x5414
#define L_FIONREAD   0x541b
#define L_FIONBIO    0x5421
#define L_TIOCGSID   0x5429
#define L_FIONCLEX   0x5450
#define L_FIOCLEX    0x5451

/* The auxiliary vector (linux/auxvec.h) and arm64's hardware
 * capabilities (asm/hwcap.h). */
#define L_AT_NULL     0
#define L_AT_PHDR     3
#define L_AT_PHENT    4
#define L_AT_PHNUM    5
#define L_AT_PAGESZ   6
#define L_AT_BASE     7
#define L_AT_FLAGS    8
#define L_AT_ENTRY    9
#define L_AT_UID      11
#define L_AT_EUID     12
#define L_AT_GID      13
#define L_AT_EGID     14
#define L_AT_PLATFORM 15
#define L_AT_HWCAP    16
#define L_AT_CLKTCK   17
#define L_AT_SECURE   23
#define L_AT_RANDOM   25
#define L_AT_HWCAP2   26
#define L_AT_EXECFN   31
#define L_HWCAP_FP    (1ul << 0)
#define L_HWCAP_ASIMD (1ul << 1)

/* Memory (asm-generic/mman-common.h). */
#define L_PROT_READ	      0x1
#define L_PROT_WRITE	      0x2
#define L_PROT_EXEC	      0x4
#define L_MAP_SHARED	      0x01
#define L_MAP_PRIVATE	      0x02
#define L_MAP_TYPE	      0x0f
#define L_MAP_FIXED	      0x10
#define L_MAP_ANONYMOUS	      0x20
#define L_MAP_FIXED_NOREPLACE 0x100000
#define L_MADV_DONTNEED	      4

/* Clocks and time. */
#define L_CLOCK_REALTIME	   0
#define L_CLOCK_MONOTONIC	   1
#define L_CLOCK_PROCESS_CPUTIME_ID 2
#define L_CLOCK_THREAD_CPUTIME_ID  3
#define L_CLOCK_MONOTONIC_RAW	   4
#define L_CLOCK_REALTIME_COARSE	   5
#define L_CLOCK_MONOTONIC_COARSE   6
#define L_CLOCK_BOOTTIME	   7
#define L_TIMER_ABSTIME		   1

struct l_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* struct new_utsname: six fields of 65 bytes. */
#define L_UTS_LEN 65
struct l_utsname {
	char sysname[L_UTS_LEN];
	char nodename[L_UTS_LEN];
	char release[L_UTS_LEN];
	char version[L_UTS_LEN];
	char machine[L_UTS_LEN];
	char domainname[L_UTS_LEN];
};

#define L_RLIMIT_STACK	 3
#define L_RLIMIT_NOFILE	 7
#define L_RLIM_INFINITY	 (~0ull)
#define L_RLIMIT_NLIMITS 16

#define L_SIG_BLOCK	 0
#define L_SIG_UNBLOCK	 1
#define L_SIG_SETMASK	 2
#define L_SIGACTION_SIZE 32 /* handler, flags, restorer, mask */

#define L_FUTEX_WAIT	     0
#define L_FUTEX_WAKE	     1
#define L_FUTEX_WAIT_BITSET  9
#define L_FUTEX_WAKE_BITSET  10
#define L_FUTEX_PRIVATE_FLAG 128
#define L_FUTEX_CMD_MASK     0x7f

#define L_GRND_NONBLOCK 1
#define L_GRND_RANDOM	2

#endif /* USER_COMPONENTS_LINUX_ABI_H */
