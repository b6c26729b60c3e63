/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Linux personality's own declarations (Documentation/linux.rst).
 *
 *   mem.c      kernel objects: slots, the untyped pools, mappings, the
 *              window onto the archive
 *   archive.c  the files of linux.cpio
 *   vm.c       a process's address space: regions, pages on demand,
 *              copies in and out of its memory
 *   proc.c     starting a program, its faults, its end
 *   vfs.c      the file namespace and open files
 *   sys_*.c    the system calls, systab.c their table
 *   main.c     the server loop, the terminal, the shell's requests
 */
#ifndef USER_COMPONENTS_LINUX_LINUX_H
#define USER_COMPONENTS_LINUX_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libkaal/syscalls.h>
#include <libsys/component.h>
#include <libsys/ramfs.h>
#include "abi.h"
#include "elf.h"
#include "path.h"
#include "tty.h"

#define PAGE_SIZE 4096ull
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* A Linux process's priority: below the shell's (100), so the shell
 * still passes on Ctrl-C while a program computes (the manifest's MCP). */
#define LINUX_PRIORITY 50

/* The fault endpoint badge of a process: LINUX_BADGE_FAULT | its pid
 * (clients' badges are component ids, below 256). */
#define LINUX_BADGE_FAULT (1ull << 20)
#define LINUX_BADGE_PID	  0xfffffull

/* A process's address space (Linux's arm64 layout, 48-bit). */
#define LINUX_STACK_TOP	 0x0000fffffffff000ull
#define LINUX_STACK_SIZE (8ull << 20) /* RLIMIT_STACK */
#define LINUX_MMAP_TOP	 (LINUX_STACK_TOP - LINUX_STACK_SIZE - (128ull << 20))
#define LINUX_MMAP_MIN	 0x0000100000000000ull
#define LINUX_PIE_BASE	 0x0000aaaaaaaa0000ull
#define LINUX_BRK_MAX	 (256ull << 20) /* the heap's largest size */

/* Limits of one process. */
#define VM_MAX_VMAS	 64
#define VM_MAX_PAGES	 3072 /* 12 MiB of pages mapped at once */
#define VM_HASH_SIZE	 8192 /* page table entries: twice VM_MAX_PAGES */
#define LINUX_MAX_FDS	 64
#define LINUX_MAX_OFILES 64

/* Our own address space: windows onto the archive and onto a process's
 * pages (components use addresses below 0x60000000). */
#define FILES_WINDOW 0x100000000ull
#define PROC_WINDOW  0x200000000ull

/* ---- mem.c ------------------------------------------------------------ */

/* 0, or -L_ENOMEM (when the pool or the CNode is full) or -L_EFAULT. */
long mem_init(const struct sys_component_info *ci);
/* A slot of our CNode that lives as long as we do, or for the process
 * (freed with mem_proc_reset); 0 when none is left. */
kaal_cptr_t slot_persistent(void);
kaal_cptr_t slot_proc(void);
void slot_proc_free(kaal_cptr_t slot);
/* A new kernel object of the process's pool in a process slot, or 0. */
kaal_cptr_t pool_object(enum kaal_object_type type, unsigned int bits);
/* Map @page at @va of @vspace, making the page tables it needs from the
 * process pool (@persistent: from our own memory). A kernel error. */
enum kaal_error map_frame(kaal_cptr_t vspace, kaal_cptr_t page, uint64_t va,
			  kaal_word_t perms, bool persistent);
/* A copy of @cap (a frame) in a process slot, or 0. */
kaal_cptr_t cap_dup(kaal_cptr_t cap, kaal_word_t rights);
void cap_drop(kaal_cptr_t slot); /* delete the capability, free the slot */
/* Window slots onto a process's private pages. */
long win_alloc(void);
void win_free(long win);
/* Everything of the last process goes: the pool revoked, the process
 * slots and windows free again. */
void mem_proc_reset(void);
/* Bytes of the pool used by the process so far. */
uint64_t mem_pool_used(void);

/* The archive, seen through our window, mapped a page at a time as it is
 * read: page @i's address, or NULL. */
const uint8_t *files_page(uint64_t i);
uint64_t files_size(void);
/* A copy of page @i's capability (read and execute) in a process slot,
 * or 0. */
kaal_cptr_t files_frame(uint64_t i);
/* Make page @i's instructions visible to instruction fetch once. */
void files_sync_icache(uint64_t i);
/* Copy @n bytes at archive offset @off; 0 or -L_EIO. */
long files_read(uint64_t off, void *dst, size_t n);

void sync_icache(const void *va, size_t size);

/* ---- archive.c -------------------------------------------------------- */

#define ARCHIVE_MAX_FILES 64
#define ARCHIVE_MAX_DIRS  16
#define ARCHIVE_NAME_MAX  64

struct archive_file {
	char path[ARCHIVE_NAME_MAX]; /* "bin/busybox" */
	uint64_t off, size;	     /* its data in the archive */
};

extern struct archive_file archive_files[ARCHIVE_MAX_FILES];
extern unsigned int archive_nr_files;
extern char archive_dirs[ARCHIVE_MAX_DIRS][ARCHIVE_NAME_MAX];
extern unsigned int archive_nr_dirs;

long archive_init(void);
int archive_find_file(const char *path); /* index or -1 */
int archive_find_dir(const char *path);	 /* index or -1 */

/* ---- vm.c ------------------------------------------------------------- */

/* Where a region's file bytes come from: the archive (pages may be
 * mapped from it) or a buffer of ours. */
struct fileimg {
	bool archive;
	uint64_t off; /* archive offset of byte 0 */
	const uint8_t *buf;
	uint64_t size;
};

enum vma_kind { VMA_ANON, VMA_FILE };

struct vma {
	uint64_t start, end; /* page-aligned */
	uint32_t prot;	     /* L_PROT_* */
	uint32_t kind;	     /* enum vma_kind */
	bool heap, stack;
	/* VMA_FILE: the bytes [fvaddr, fend) are the file's from foff on;
	 * the rest of the region is zero. */
	const struct fileimg *img;
	uint64_t fvaddr, fend, foff;
};

struct pte {
	uint64_t vpn;	  /* page number + 1; 0: a free entry */
	kaal_cptr_t cap;  /* the frame as mapped in the process */
	kaal_cptr_t wcap; /* its copy in our window; 0: an archive page */
	uint8_t *kva;	  /* where we see its bytes */
	uint64_t archive; /* the archive page, when shared */
	int32_t win;	  /* our window slot, -1 for an archive page */
	uint32_t prot;	  /* L_PROT_* as mapped; 0: unmapped (PROT_NONE) */
};

struct vm {
	kaal_cptr_t vspace;
	struct vma vma[VM_MAX_VMAS];
	unsigned int nvma;
	struct pte pt[VM_HASH_SIZE];
	unsigned int npages;
	/* Frames of ours unmapped from the process, to be used again. */
	struct pte spare[64];
	unsigned int nspare;
	uint64_t brk_start, brk;
	uint64_t mmap_hint;
};

void vm_init(struct vm *vm, kaal_cptr_t vspace);
/* Add a region (no overlap allowed); 0 or -L_ENOMEM. */
long vm_add(struct vm *vm, const struct vma *v);
struct vma *vm_find(struct vm *vm, uint64_t va);
/* The page at @va made present for @access (L_PROT_READ, _WRITE or
 * _EXEC): our view of it, or NULL (not mapped that way: EFAULT, or out
 * of memory when *oom is set). */
uint8_t *vm_page(struct vm *vm, uint64_t va, uint32_t access, bool *oom);
/* A fault at @va for @access: 0 when the page is now there (restart
 * the instruction), -1 for a real fault (SIGSEGV), -2 out of memory. */
int vm_fault(struct vm *vm, uint64_t va, uint32_t access);

/* Copies between our memory and the process's; 0 or -L_EFAULT. */
long copy_in(struct vm *vm, void *dst, uint64_t src, size_t n);
long copy_out(struct vm *vm, uint64_t dst, const void *src, size_t n);
/* A NUL-terminated string of at most @max bytes (NUL included): its
 * length, -L_EFAULT, or -L_ENAMETOOLONG when no NUL comes in time. */
long copy_in_str(struct vm *vm, char *dst, uint64_t src, size_t max);

/* mmap/munmap/mprotect/madvise(MADV_DONTNEED) and brk (sys_mem.c uses
 * them): results as the system calls return them. */
long vm_mmap(struct vm *vm, uint64_t addr, uint64_t len, uint32_t prot,
	     uint32_t flags, const struct fileimg *img, uint64_t off);
long vm_munmap(struct vm *vm, uint64_t addr, uint64_t len);
long vm_mprotect(struct vm *vm, uint64_t addr, uint64_t len, uint32_t prot);
long vm_dontneed(struct vm *vm, uint64_t addr, uint64_t len);
/* Write @n bytes at @va whatever the region's protection (but PROT_NONE):
 * the contents of a mapping we fill ourselves. 0 or -L_EFAULT. */
long vm_poke(struct vm *vm, uint64_t va, const void *src, size_t n);
uint64_t vm_brk(struct vm *vm, uint64_t want);

/* ---- vfs.c ------------------------------------------------------------ */

enum vnode_kind {
	VN_ROOT,      /* "/": the ramfs root with /bin, /etc, ... over it */
	VN_ARCH_DIR,  /* a directory of the archive (idx: archive_dirs) */
	VN_ARCH_FILE, /* a file of the archive (idx: archive_files) */
	VN_SYN_DIR,   /* /etc, /dev (idx) */
	VN_SYN_FILE,  /* /etc/passwd, ... (idx) */
	VN_DEV,	      /* /dev/null, ... (idx) */
	VN_LINK,      /* /bin/<applet> -> busybox (idx: the applet) */
	VN_RAM_DIR,   /* a ramfs directory (ram: its handle) */
	VN_RAM_FILE,  /* a ramfs file (ram: its handle; dir, name: to open) */
};

struct vnode {
	enum vnode_kind kind;
	int idx;
	uint32_t ram, dir;
	char name[RAMFS_NAME_MAX + 1];
	uint64_t size, mtime_ns;
	uint32_t nlink;
};

enum ofile_kind { OF_CONSOLE, OF_DEV, OF_FILE, OF_DIR };

struct ofile {
	int refs;
	enum ofile_kind kind;
	uint32_t flags; /* L_O_* as opened (and F_SETFL) */
	struct vnode vn;
	long ramfd;   /* ramfs descriptor, -1: none */
	uint64_t pos; /* archive, synthesized files, directories */
	char path[PATH_MAX_LEN + 1];
};

struct fdtable {
	struct ofile *fd[LINUX_MAX_FDS];
	uint8_t cloexec[LINUX_MAX_FDS];
};

extern struct ramfs_client linux_fs;
extern long linux_fs_error;

long vfs_init(void);
/* Look up a resolved path; @follow: follow a link at the end. 0 or
 * -L_E*. */
long vfs_lookup(const char *path, bool follow, struct vnode *vn);
/* Resolve a path given by the process (relative to @dirfd or its
 * directory) into out[PATH_MAX_LEN + 1]; 0 or -L_E*. */
long vfs_path(int dirfd, const char *path, char *out, int *must_dir);
void vfs_stat(const struct vnode *vn, struct l_stat *st);
struct ofile *ofile_new(void);
void ofile_put(struct ofile *of);
long vfs_open(const char *path, uint32_t flags, uint32_t mode,
	      struct ofile **out);
long vfs_read(struct ofile *of, uint64_t buf, uint64_t len, int64_t at);
long vfs_write(struct ofile *of, uint64_t buf, uint64_t len, int64_t at);
long vfs_lseek(struct ofile *of, int64_t off, int whence);
/* The same with a buffer of ours (sendfile). */
long vfs_read_kernel(struct ofile *of, void *buf, size_t len, int64_t at);
long vfs_write_kernel(struct ofile *of, const void *buf, size_t len);
long vfs_getdents(struct ofile *of, uint64_t buf, uint64_t len);
long vfs_readlink(const struct vnode *vn, char *buf, size_t len);
long vfs_mkdir(const char *path);
long vfs_unlink(const char *path, bool dir);
long vfs_rename(const char *from, const char *to);
long vfs_truncate(struct ofile *of, uint64_t size);
/* Read a whole file into @buf (for exec from ramfs); its size. */
long vfs_read_all(const struct vnode *vn, const char *path, uint8_t *buf,
		  size_t max);

/* ---- proc.c ----------------------------------------------------------- */

struct proc {
	bool live;
	uint32_t pid;
	char name[16]; /* the program's file name, for messages */
	kaal_cptr_t tcb, cnode, fault_ep;
	struct vm vm;
	struct fdtable fds;
	char cwd[PATH_MAX_LEN + 1];
	uint32_t umask;
	uint64_t tid_address;
	uint64_t robust_list;
	uint64_t sigmask;
	uint8_t sigaction[L_NSIG][L_SIGACTION_SIZE];
	uint8_t altstack[24]; /* stack_t */
	uint64_t rlim[L_RLIMIT_NLIMITS][2];
	uint64_t start_ns;
	/* A call that waits (the thread is suspended and makes its call
	 * again when resumed): WAIT_INPUT for console input, WAIT_TIME
	 * until wake_ns, WAIT_EITHER for whichever comes first, WAIT_EVER
	 * for nothing that can come (a futex no other thread can wake). */
	int waiting;
	uint64_t wake_ns;
	struct fileimg image; /* the program's file */
};

enum { WAIT_NONE, WAIT_INPUT, WAIT_TIME, WAIT_EVER, WAIT_EITHER };

extern struct proc *current; /* the one process, or NULL */

/* Start @argv[0] (a path) as a new process; the pid, or -L_E* after
 * printing why on the console. */
long proc_exec(int argc, char **argv);
/* It ended: exit status or signal; it is gone afterwards. */
void proc_end(struct proc *p, int status, int signal);
/* A fault message of the process (not a system call): true when the
 * page is there now and the thread goes on (an empty reply), false when
 * it crashed (reported, ended). */
bool proc_fault(struct proc *p, uint64_t label, const kaal_word_t *mr);
/* Our endpoint, which the processes' fault endpoints are badged from. */
void proc_set_endpoint(kaal_cptr_t ep);

/* ---- sys_*.c, systab.c ------------------------------------------------ */

/* What a system call handler returns besides a result for x0. */
#define SYS_NO_REPLY (-0x10000L) /* the thread waits (or is gone) */

struct sysargs {
	uint64_t a[6];
	uint64_t nr, pc, sp;
};

typedef long (*sys_fn)(struct proc *p, const struct sysargs *a);

/* Serve one system call of @p: the result for x0, or SYS_NO_REPLY. */
long syscall_dispatch(struct proc *p, const struct sysargs *a);

/* ---- main.c ----------------------------------------------------------- */

extern struct tty console_tty;
/* Write to the console as the process's terminal output. */
void console_out(const char *s, size_t n);
/* Tell the shell that a program ended (its "linux.ev" ring). */
void linux_event(uint32_t pid, int status, int signal);
uint64_t now_ns(void);
/* Suspend @p until @deadline (ns of the counter) or, with WAIT_EITHER,
 * console input: the timer service wakes us and we resume it, or, with
 * no timer service, it makes its call again at once (a busy wait at its
 * priority). SYS_NO_REPLY. */
long wait_until(struct proc *p, uint64_t deadline, int why);
void linux_random(void *buf, size_t n);

#endif /* USER_COMPONENTS_LINUX_LINUX_H */
