/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Linux personality's own declarations (Documentation/linux.rst).
 *
 *   mem.c      kernel objects: slots, the untyped pools, mappings, the
 *              window onto the archive
 *   archive.c  the files of linux.cpio
 *   vm.c       a process's address space: regions, pages on demand,
 *              copies in and out of its memory
 *   proc.c     processes: starting a program, fork, exec, exit, wait,
 *              signals, faults
 *   pipe.c     pipes
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
/* The page above the stack: the return from signal handlers (sig.c). */
#define LINUX_SIGPAGE	 LINUX_STACK_TOP

/* Limits of one process. */
#define VM_MAX_VMAS	  64
#define VM_MAX_PAGES	  3072 /* 12 MiB of pages mapped at once */
#define VM_MAX_PTABLES	  96   /* page tables of its VSpace */
#define LINUX_MAX_FDS	  64
/* Limits of all of them together. */
#define LINUX_MAX_PROCS	  16 /* processes, zombies included: fork EAGAIN */
#define LINUX_MAX_OFILES  128
#define LINUX_MAX_PIPES	  16
#define VM_HASH_SIZE	  16384 /* pages of every address space */
#define LINUX_MAX_WINDOWS 8192	/* private pages of every process */

/* Our own address space: windows onto the archive and onto a process's
 * pages (components use addresses below 0x60000000). */
#define FILES_WINDOW 0x100000000ull
#define PROC_WINDOW  0x200000000ull

/* ---- mem.c ------------------------------------------------------------ */

/* The pool is cut into chunks of 2^CHUNK_BITS bytes (child untyped
 * regions); an account (an address space, or a process's own objects)
 * takes chunks as it needs them, up to its quota, and gives them all
 * back at once, revoked, when it goes. */
#define CHUNK_BITS	 16
#define ACCT_MAX_CHUNKS	 224
#define ACCT_MAX_OBJECTS (VM_MAX_PTABLES + 8)

struct acct {
	uint16_t chunk[ACCT_MAX_CHUNKS]; /* indices of its chunks */
	unsigned int nchunks, quota;
	bool fresh; /* the last chunk has nothing yet */
	/* The slots of its objects but frames (page tables, VSpace, TCB,
	 * CNode): freed when it goes (frames are the page table's). */
	uint16_t obj[ACCT_MAX_OBJECTS];
	unsigned int nobj;
};

/* 0, or -L_ENOMEM (when the pool or the CNode is full) or -L_EFAULT. */
long mem_init(const struct sys_component_info *ci);
/* A slot of our CNode that lives as long as we do, or one for a
 * process's object (free again with slot_proc_free); 0 when none is
 * left. */
kaal_cptr_t slot_persistent(void);
kaal_cptr_t slot_proc(void);
void slot_proc_free(kaal_cptr_t slot);
void acct_init(struct acct *a, unsigned int quota_chunks);
/* A new kernel object of @a's chunks in a process slot, or 0 (the
 * quota reached, the pool or the slots exhausted). */
kaal_cptr_t acct_object(struct acct *a, enum kaal_object_type type,
			unsigned int bits);
/* Every object of @a goes (its chunks revoked and free again, the slots
 * of its recorded objects too). */
void acct_release(struct acct *a);
/* Map @page at @va of @vspace, making the page tables it needs from @a
 * (NULL: from our own memory, for ever). A kernel error. */
enum kaal_error map_frame(kaal_cptr_t vspace, kaal_cptr_t page, uint64_t va,
			  kaal_word_t perms, struct acct *a);
/* A copy of @cap (a frame) in a process slot, or 0. */
kaal_cptr_t cap_dup(kaal_cptr_t cap, kaal_word_t rights);
void cap_drop(kaal_cptr_t slot); /* delete the capability, free the slot */
/* Window slots onto the processes' private pages. */
long win_alloc(void);
void win_free(long win);
/* The pool: its size and what no account holds, in bytes. */
uint64_t mem_pool_total(void);
uint64_t mem_pool_free(void);

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
	int bufidx; /* a ramfs program: which exec buffer (-1: none) */
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

/* A page of an address space, in the one table of all of them (vm.c). */
struct pte {
	uint64_t key;	/* address space << 40 | page number + 1; 0: free */
	uint16_t cap;	/* the frame as mapped in the process */
	uint16_t wcap;	/* its copy in our window; 0: an archive page */
	uint32_t where; /* our window slot, or the archive page */
	uint32_t prot;	/* L_PROT_* as mapped; 0: unmapped (PROT_NONE) */
};

/* An address space: one process's, or a vfork parent's and child's. */
struct vm {
	int refs; /* 0: free */
	unsigned int id;
	kaal_cptr_t vspace;
	struct acct acct; /* the VSpace, its page tables and frames */
	struct vma vma[VM_MAX_VMAS];
	unsigned int nvma;
	unsigned int npages;
	/* Frames of ours unmapped from the process, to be used again. */
	struct pte spare[16];
	unsigned int nspare;
	uint64_t brk_start, brk;
	uint64_t mmap_hint;
	struct fileimg image; /* the program's file */
};

/* A new, empty address space (a VSpace of its own), or NULL. */
struct vm *vm_alloc(void);
/* One user fewer; the last one's end frees everything of it. */
void vm_put(struct vm *vm);
/* @dst (new) becomes a copy of @src: regions, and every page there,
 * copied now (fork). 0 or -L_ENOMEM. */
long vm_clone(struct vm *dst, struct vm *src);
/* The address spaces that exist, and the bytes of their pages. */
unsigned int vm_count(void);
/* The program image @img holds (a ramfs buffer) is used once more / once
 * less; exec_buffer_get: a free buffer for a ramfs program, or NULL. */
void image_get(struct fileimg *img);
void image_put(struct fileimg *img);
uint8_t *exec_buffer_get(int *idx);
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

enum ofile_kind { OF_CONSOLE, OF_DEV, OF_FILE, OF_DIR, OF_PIPE };

struct pipe;

struct ofile {
	int refs;
	enum ofile_kind kind;
	uint32_t flags;	   /* L_O_* as opened (and F_SETFL) */
	struct pipe *pipe; /* OF_PIPE: its pipe; flags say which end */
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

/* ---- pipe.c ----------------------------------------------------------- */

struct proc;

#define PIPE_SIZE  8192
#define L_PIPE_BUF 4096 /* writes up to this size are atomic */

/* A new pipe: its two ends, opened (flags: L_O_NONBLOCK, L_O_CLOEXEC
 * ignored here). 0, -L_ENFILE. */
long pipe_open(uint32_t flags, struct ofile **rd, struct ofile **wr);
/* An end is closed (its last reference). */
void pipe_close(struct ofile *of);
/* read and write on an end: a count, -L_E*, or SYS_NO_REPLY (the
 * process waits, or died of SIGPIPE). Without @may_wait (a later buffer
 * of a readv), -L_EAGAIN instead of waiting. */
long pipe_read(struct proc *p, struct ofile *of, uint64_t buf, uint64_t len,
	       bool may_wait);
long pipe_write(struct proc *p, struct ofile *of, uint64_t buf, uint64_t len,
		bool may_wait);
/* For poll and select: would a read, a write not wait? */
bool pipe_readable(const struct ofile *of);
bool pipe_writable(const struct ofile *of);
/* Bytes to read now (FIONREAD). */
long pipe_pending(const struct ofile *of);
/* The other side is all closed. */
bool pipe_hung_up(const struct ofile *of);

/* ---- proc.c ----------------------------------------------------------- */

enum proc_state { P_FREE, P_LIVE, P_ZOMBIE };

/*
 * A task: a process, or a thread of one (clone with CLONE_THREAD). A
 * thread has its own tid (pid), TCB, waits, signal mask, pending
 * signals, signal stack and tid address; the rest is its process's, the
 * group leader's (grp()): the memory (shared, counted), the descriptors,
 * directory, umask, signal actions, limits, ids and exit status. A
 * thread's ppid, pgid and sid are 0, so that every walk over processes
 * (kill of a group, wait4, orphans) passes it by.
 */
struct proc {
	enum proc_state state;
	uint32_t pid, ppid, pgid, sid;
	char name[16]; /* the program's file name, for messages */
	kaal_cptr_t tcb, cnode, fault_ep;
	struct acct acct; /* the TCB and CNode */
	struct vm *vm;
	struct fdtable fds;
	char cwd[PATH_MAX_LEN + 1];
	uint32_t umask;
	uint64_t tid_address;
	uint64_t robust_list;
	uint64_t sigmask, sigpending;
	uint64_t saved_mask; /* the mask before rt_sigsuspend's */
	uint8_t sigaction[L_NSIG][L_SIGACTION_SIZE];
	uint8_t altstack[24]; /* stack_t */
	uint64_t rlim[L_RLIMIT_NLIMITS][2];
	uint64_t start_ns;
	/* A call that waits (the thread is suspended and makes its call
	 * again when resumed): WAIT_INPUT for console input, WAIT_TIME
	 * until wake_ns, WAIT_EITHER for input, a pipe or the time,
	 * WAIT_POLL for input or a pipe, WAIT_PIPE for wait_obj, WAIT_CHILD
	 * for a child's end, WAIT_VFORK for its vfork child's exec or end
	 * (WAIT_VFORK_DONE once it came), WAIT_SIGNAL for a signal
	 * (rt_sigsuspend), WAIT_FUTEX for a futex word (futex_addr),
	 * WAIT_GONE never (a process's exited first thread). */
	int waiting;
	uint64_t wake_ns;
	const void *wait_obj;
	uint32_t vfork_child;  /* WAIT_VFORK: the child it waits for */
	uint32_t vfork_parent; /* the parent waiting for our exec or end */
	int wstatus;	       /* a zombie's status, as wait4 gives it */
	/* Stopped (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) until SIGCONT: its
	 * thread is suspended; run_on_cont when SIGCONT is to resume it
	 * (it was running, or its wait ended meanwhile). report: a stop
	 * ((sig << 8) | 0x7f) or continuation (0xffff) its parent has not
	 * waited for yet (WUNTRACED, WCONTINUED), or 0. */
	bool stopped, run_on_cont;
	int report;
	struct proc *leader; /* a thread: its process; a process: NULL */
	bool thread_gone;    /* a process whose own thread exited (exit, not
			      * exit_group) while others go on */
	uint64_t futex_addr; /* WAIT_FUTEX: the word it waits on */
	bool futex_woken;    /* ... and a FUTEX_WAKE came */
	bool top;	     /* the program the shell started */
};

enum {
	WAIT_NONE,
	WAIT_INPUT,
	WAIT_TIME,
	WAIT_EITHER,
	WAIT_POLL,
	WAIT_PIPE,
	WAIT_CHILD,
	WAIT_VFORK,
	WAIT_VFORK_DONE,
	WAIT_SIGNAL,
	WAIT_FUTEX, /* futex_addr in wait_obj (the vm), until wake_ns */
	WAIT_GONE,  /* a process's own thread that exited (thread_gone) */
};

/* The process of a task (itself, or a thread's leader). */
static inline struct proc *grp(const struct proc *p)
{
	return p->leader ? p->leader : (struct proc *)p;
}

extern struct proc procs[LINUX_MAX_PROCS];
extern struct proc *current; /* whose system call is being served */

/* Start @argv[0] (a path) as a new process for the shell; the pid, or
 * -SYS_E_* after printing why on the console. */
long proc_spawn(int argc, char **argv);
/* The live process @pid, or NULL. */
struct proc *proc_find(uint32_t pid);
/* The shell's program, or NULL; the foreground process group. */
struct proc *proc_top(void);
extern uint32_t fg_pgrp;
/* What clone asks: its flags, the new stack, the thread pointer, where
 * the new tid goes (parent's, child's). */
struct clone_req {
	uint64_t flags, newsp, tls, parent_tid, child_tid;
};
/* fork and vfork: the child's pid, or -L_E*. */
long proc_fork(struct proc *p, const struct clone_req *c);
/* Replace @p's program (execve): -L_E* when it cannot be (the old one
 * goes on), else SYS_NO_REPLY. */
long proc_execve(struct proc *p, const char *path, int argc, char **argv,
		 int envc, char **envp);
/* It ended: exit status or signal. Its parent learns it (wait4). */
void proc_exit(struct proc *p, int status, int signal);
/* A zombie is waited for: it is gone. */
void proc_reap(struct proc *p);
/* A thread in @p's process (clone with CLONE_THREAD): its tid, or -L_E*. */
long proc_thread(struct proc *p, const struct clone_req *c);
/* exit: @p's thread ends (its tid address cleared and woken); the last
 * one ends the process with @status. */
void proc_exit_thread(struct proc *p, int status);
/* FUTEX_WAKE: up to @n tasks waiting on @uaddr of @vm; how many. */
long futex_wake(struct vm *vm, uint64_t uaddr, uint64_t n);
/* Send @sig to thread @t only (tkill, tgkill). */
void proc_signal_thread(struct proc *t, int sig);
/* Send @sig to @p: its default action (termination or nothing) when it
 * is not blocked, ignored or caught (caught: kept pending, never
 * delivered). */
void proc_signal(struct proc *p, int sig);
/* A fault message of the process (not a system call): true when the
 * page is there now and the thread goes on (an empty reply), false when
 * it crashed (reported, ended). */
bool proc_fault(struct proc *p, uint64_t label, const kaal_word_t *mr);
/* The registers of @p's thread (KAAL_REGS_*) into @regs; from @regs,
 * then resumed. False when the kernel refused. */
bool proc_read_regs(struct proc *p, kaal_word_t *regs);
bool proc_write_regs(struct proc *p, const kaal_word_t *regs);
/* Our endpoint, which the processes' fault endpoints are badged from. */
void proc_set_endpoint(kaal_cptr_t ep);
/* Resume a waiting process (it makes its call again); a stopped one
 * only once it is continued. */
void proc_wake(struct proc *p);
/* @p (current) stopped during its call, which returned @result: its
 * thread is held with the result until it is continued. */
void proc_hold(struct proc *p, long result);

/* ---- sig.c ------------------------------------------------------------ */

struct sysargs;

/* A caught signal of @p, not blocked, runs its handler: before its call
 * @a (made again afterwards), after a call that returned @result, or
 * in the call it waits in (sig_interrupt: EINTR, or SA_RESTART). True
 * when a handler was started (the call then gets no reply). */
bool sig_at_entry(struct proc *p, const struct sysargs *a);
bool sig_after_call(struct proc *p, long result);
void sig_interrupt(struct proc *p);
/* A real fault of @p raises @sig (SIGSEGV, SIGBUS, SIGILL, SIGTRAP) at
 * @addr; @mapped: a SIGSEGV where a mapping is (a permission fault).
 * True when its handler was started (or the frame could not be written
 * and @p ended); false when @p has no handler for it or blocks it. */
bool sig_fault(struct proc *p, int sig, bool mapped, uint64_t addr);
/* Pending signals no longer blocked, whose action is the default, act. */
void sig_act_unblocked(struct proc *p);

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
/* Wake the processes waiting for @obj (a pipe), or for any change
 * (poll, select; obj NULL: the terminal's input). */
void wake_waiters(const void *obj);
/* Write to the console as the process's terminal output. */
void console_out(const char *s, size_t n);
/* Tell the shell that its program ended (its "linux.ev" ring). */
void linux_event(uint32_t pid, int status, int signal);
uint64_t now_ns(void);
/* Suspend @p until @deadline (ns of the counter) or, with WAIT_EITHER,
 * console input: the timer service wakes us and we resume it, or, with
 * no timer service, it makes its call again at once (a busy wait at its
 * priority). SYS_NO_REPLY. */
long wait_until(struct proc *p, uint64_t deadline, int why);
void linux_random(void *buf, size_t n);

#endif /* USER_COMPONENTS_LINUX_LINUX_H */
