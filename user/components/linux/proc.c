// SPDX-License-Identifier: BSD-2-Clause
/*
 * Linux processes (Documentation/linux.rst, "Processes"). Each has its
 * kernel objects, made from accounts of the pool (mem.c):
 *
 *   an address space (vm.c): a VSpace holding nothing but what the
 *   program maps, as regions; its own, or, after vfork, its parent's
 *   until it execs or ends
 *   a CNode of two slots, empty: it can reach no object at all
 *   a TCB at LINUX_PRIORITY in foreign mode, without an IPC buffer, whose
 *   fault endpoint is ours, badged with its pid: every svc it makes and
 *   every fault it takes is a message to us
 *
 * and the state Linux keeps per process: descriptors, directory, umask,
 * signal actions and mask, parent, process group and session. fork copies
 * the address space at once (eager copy: the kernel has no copy-on-write
 * to offer us a cheaper one); execve builds the new image in a new
 * address space and only then gives up the old, so a failed exec leaves
 * the caller as it was. An ended process is a zombie until its parent
 * waits for it (wait4), unless the parent ignores SIGCHLD; its memory
 * returns to the pool as it ends.
 */
#include <stdio.h>
#include <string.h>
#include <uapi/kaal/esr.h>
#include <uapi/kaal/fault.h>
#include <libsys/error.h>
#include "linux.h"
#include "stack.h"
#include "sys.h"

#define L_CLONE_VM	       0x100
#define L_CLONE_VFORK	       0x4000
#define L_CLONE_SETTLS	       0x80000
#define L_CLONE_PARENT_SETTID  0x100000
#define L_CLONE_CHILD_CLEARTID 0x200000
#define L_CLONE_CHILD_SETTID   0x1000000
#define L_SA_NOCLDSTOP	       1
#define L_SA_NOCLDWAIT	       2
#define L_SIG_DFL	       0
#define L_SIG_IGN	       1

struct proc procs[LINUX_MAX_PROCS];
struct proc *current;
uint32_t fg_pgrp;
static uint32_t next_pid = 2;

static void end_threads(struct proc *g);

/* Each live task of @g's process, @g first. */
#define for_each_task(g, t)                                            \
	for (struct proc *t = procs; t < procs + LINUX_MAX_PROCS; t++) \
		if (t->state == P_LIVE && grp(t) == (g))
static uint32_t top_pid;
static kaal_cptr_t server_ep;

static const char *const default_envp[] = {
	"HOME=/",    "PATH=/bin",    "TERM=vt100",    "PWD=/",
	"USER=root", "LOGNAME=root", "SHELL=/bin/sh",
};

void proc_set_endpoint(kaal_cptr_t ep)
{
	server_ep = ep;
}

struct proc *proc_find(uint32_t pid)
{
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++)
		if (procs[i].state == P_LIVE && procs[i].pid == pid)
			return &procs[i];
	return NULL;
}

struct proc *proc_top(void)
{
	return top_pid ? proc_find(top_pid) : NULL;
}

void proc_wake(struct proc *p)
{
	if (p->state != P_LIVE || p->waiting == WAIT_GONE)
		return;
	if (p->stopped)
		p->run_on_cont = true;
	else
		kaal_thread_resume(p->tcb);
}

void proc_hold(struct proc *p, long result)
{
	kaal_word_t regs[KAAL_REGS_COUNT];

	/* Read before the suspension, which would set it to make its
	 * call again: the pc after its svc, the result in x0. */
	if (!proc_read_regs(p, regs)) {
		proc_exit(p, 0, L_SIGKILL);
		return;
	}
	regs[KAAL_REGS_X(0)] = (kaal_word_t)result;
	kaal_thread_suspend(p->tcb);
	memcpy(((struct kaal_ipc_buffer *)SYS_IPC_BUFFER_VADDR)->mr, regs,
	       sizeof(regs));
	if (kaal_tcb_write_registers_all(p->tcb, 0)) {
		proc_exit(p, 0, L_SIGKILL);
		return;
	}
	p->run_on_cont = true;
}

static bool pid_used(uint32_t pid)
{
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++)
		if (procs[i].state != P_FREE &&
		    (procs[i].pid == pid || procs[i].pgid == pid ||
		     procs[i].sid == pid))
			return true;
	return false;
}

/* A free process slot with a new pid, or NULL: the limit reached. */
static struct proc *proc_alloc(void)
{
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
		struct proc *p = &procs[i];

		if (p->state != P_FREE)
			continue;
		memset(p, 0, sizeof(*p));
		do {
			p->pid = next_pid++;
			if (next_pid > LINUX_BADGE_PID)
				next_pid = 2;
		} while (pid_used(p->pid));
		acct_init(&p->acct, 2);
		return p;
	}
	return NULL;
}

static const char *signame(int sig)
{
	static const char *const names[] = {
		[L_SIGHUP] = "SIGHUP",	 [L_SIGINT] = "SIGINT",
		[L_SIGQUIT] = "SIGQUIT", [L_SIGILL] = "SIGILL",
		[L_SIGTRAP] = "SIGTRAP", [L_SIGABRT] = "SIGABRT",
		[L_SIGBUS] = "SIGBUS",	 [L_SIGFPE] = "SIGFPE",
		[L_SIGKILL] = "SIGKILL", [L_SIGSEGV] = "SIGSEGV",
		[L_SIGPIPE] = "SIGPIPE", [L_SIGTERM] = "SIGTERM",
	};

	return sig > 0 && sig < (int)(sizeof(names) / sizeof(names[0])) &&
			       names[sig] ?
		       names[sig] :
		       "signal";
}

/* ---- the program's file ------------------------------------------------ */

/* Read @n bytes of the program's file at @off. */
static long image_read(const struct fileimg *img, uint64_t off, void *dst,
		       size_t n)
{
	if (off > img->size || n > img->size - off)
		return -L_ENOEXEC;
	if (img->archive)
		return files_read(img->off + off, dst, n) ? -L_EIO : 0;
	memcpy(dst, img->buf + off, n);
	return 0;
}

/* What an exec is told, and, for the shell (@say), said on the console. */
static long refuse(bool say, long err, const char *fmt, const char *arg,
		   const char *why)
{
	if (say) {
		printf(fmt, arg, why);
		printf("\n");
	}
	return err;
}

/* The program @arg names (relative to @cwd; a bare name in /bin when
 * @search): its path and image (*img, a reference taken). */
static long find_program(const char *arg, const char *cwd, bool search,
			 bool say, char *path, struct fileimg *img)
{
	struct vnode vn;
	int must_dir, idx;
	uint8_t *buf;
	long err;

	if (strchr(arg, '/') || !search)
		err = path_resolve(cwd, arg, path, PATH_MAX_LEN + 1, &must_dir);
	else if (strlen(arg) + 5 > PATH_MAX_LEN)
		err = -L_ENAMETOOLONG;
	else
		err = path_resolve("/bin", arg, path, PATH_MAX_LEN + 1,
				   &must_dir);
	if (!err)
		err = vfs_lookup(path, true, &vn);
	if (err == -L_ENOENT)
		return refuse(say, err, "linux: %s: no such file%s", arg, "");
	if (err)
		return refuse(say, err, "linux: %s: cannot look it up%s", arg,
			      "");
	memset(img, 0, sizeof(*img));
	img->bufidx = -1;
	if (vn.kind == VN_ARCH_FILE) {
		img->archive = true;
		img->off = archive_files[vn.idx].off;
		img->size = archive_files[vn.idx].size;
		return 0;
	}
	if (vn.kind != VN_RAM_FILE)
		return refuse(say, -L_EACCES, "linux: %s: not a regular file%s",
			      arg, "");
	buf = exec_buffer_get(&idx);
	if (!buf)
		return refuse(say, -L_ETXTBSY, "linux: %s: cannot read it (%s)",
			      arg, "another program from ramfs runs");
	err = vfs_read_all(&vn, path, buf, 256 * 1024);
	if (err < 0)
		return refuse(say, err == -L_E2BIG ? -L_ENOMEM : -L_EIO,
			      "linux: %s: cannot read it (%s)", arg,
			      err == -L_E2BIG ? "larger than 256 KiB" :
						"ramfs error");
	img->buf = buf;
	img->size = (uint64_t)err;
	img->bufidx = idx;
	image_get(img);
	return 0;
}

/* The ELF file checked, loaded as regions at its bias (*bias). */
static long check_elf(const char *arg, bool say, const struct fileimg *img,
		      struct elf_info *e, uint64_t *bias)
{
	uint8_t ehdr[ELF_EHDR_SIZE], phdrs[ELF_MAX_PHDRS * ELF_PHDR_SIZE];
	const char *why = NULL;

	*bias = 0;
	if (image_read(img, 0, ehdr, sizeof(ehdr)))
		why = "shorter than an ELF header";
	else if (!elf_check_header(ehdr, img->size, e, &why) &&
		 image_read(img, e->phoff, phdrs,
			    (size_t)e->phnum * ELF_PHDR_SIZE))
		why = "program headers unreadable";
	else if (!why && !elf_check_phdrs(phdrs, img->size, 0, e, &why) &&
		 e->type == ELF_ET_DYN) {
		*bias = elf_pie_bias(e, LINUX_PIE_BASE);
		elf_check_phdrs(phdrs, img->size, *bias, e, &why);
	}
	if (why)
		return refuse(say, -L_ENOEXEC,
			      "linux: %s: exec format error: %s", arg, why);
	return 0;
}

static long make_regions(struct vm *vm, const struct elf_info *e, uint64_t bias)
{
	struct vma stack = { .start = LINUX_STACK_TOP - LINUX_STACK_SIZE,
			     .end = LINUX_STACK_TOP,
			     .prot = L_PROT_READ | L_PROT_WRITE,
			     .kind = VMA_ANON,
			     .stack = true };
	long err;

	for (unsigned int i = 0; i < e->nseg; i++) {
		const struct elf_seg *s = &e->seg[i];
		struct vma v = { 0 };

		v.start = (s->vaddr + bias) & PAGE_MASK;
		v.end = (s->vaddr + bias + s->memsz + PAGE_SIZE - 1) &
			PAGE_MASK;
		v.prot = s->prot;
		v.kind = VMA_FILE;
		v.img = &vm->image;
		v.fvaddr = s->vaddr + bias;
		v.fend = s->vaddr + bias + s->filesz;
		v.foff = s->offset;
		err = vm_add(vm, &v);
		if (err)
			return err;
	}
	vm->brk_start = vm->brk = e->hi + bias;
	return vm_add(vm, &stack);
}

/* The initial stack: argv, envp and the auxiliary vector. */
static long make_stack(struct vm *vm, int argc, char **argv, int envc,
		       char **envp, const char *path, const struct elf_info *e,
		       uint64_t bias, uint64_t *sp)
{
	static uint8_t buf[40960];
	static struct stack_spec s;
	uint64_t phdr = e->phdr_vaddr ?
				e->phdr_vaddr :
				e->seg[0].vaddr - e->seg[0].offset + e->phoff;
	const uint64_t aux[][2] = {
		{ L_AT_PHDR, phdr + bias },
		{ L_AT_PHENT, ELF_PHDR_SIZE },
		{ L_AT_PHNUM, e->phnum },
		{ L_AT_PAGESZ, PAGE_SIZE },
		{ L_AT_BASE, 0 },
		{ L_AT_FLAGS, 0 },
		{ L_AT_ENTRY, e->entry + bias },
		{ L_AT_UID, 0 },
		{ L_AT_EUID, 0 },
		{ L_AT_GID, 0 },
		{ L_AT_EGID, 0 },
		{ L_AT_SECURE, 0 },
		/* What every AArch64 CPU KaaL runs on has: FP and Advanced
		 * SIMD (KaaL's own code uses them). Nothing else is claimed:
		 * EL0 cannot read the ID registers, and HWCAP_CPUID would
		 * promise an emulation of MRS the personality lacks. */
		{ L_AT_HWCAP, L_HWCAP_FP | L_HWCAP_ASIMD },
		{ L_AT_HWCAP2, 0 },
		{ L_AT_CLKTCK, 100 },
	};

	memset(&s, 0, sizeof(s));
	s.top = LINUX_STACK_TOP;
	s.argc = (unsigned int)argc;
	s.argv = (const char *const *)argv;
	s.envc = (unsigned int)envc;
	s.envp = (const char *const *)envp;
	s.execfn = path;
	s.platform = "aarch64";
	linux_random(s.random, sizeof(s.random));
	s.nauxv = sizeof(aux) / sizeof(aux[0]);
	memcpy(s.auxv, aux, sizeof(aux));
	*sp = stack_build(&s, buf, sizeof(buf));
	if (!*sp)
		return -L_E2BIG;
	return copy_out(vm, *sp, buf + (*sp - (LINUX_STACK_TOP - sizeof(buf))),
			LINUX_STACK_TOP - *sp);
}

/* A new address space holding the program @arg names, its stack built:
 * *out, the entry point and stack pointer; or -L_E*. */
static long load(const char *arg, const char *cwd, bool search, bool say,
		 int argc, char **argv, int envc, char **envp, char *path,
		 struct vm **out, uint64_t *entry, uint64_t *sp)
{
	struct fileimg img;
	struct elf_info e;
	struct vm *vm;
	uint64_t bias;
	long err = find_program(arg, cwd, search, say, path, &img);

	if (err)
		return err;
	err = check_elf(arg, say, &img, &e, &bias);
	if (err) {
		image_put(&img);
		return err;
	}
	vm = vm_alloc();
	if (!vm) {
		image_put(&img);
		return refuse(say, -L_ENOMEM,
			      "linux: %s: no memory for its address space%s",
			      arg, "");
	}
	vm->image = img; /* the reference moves to the address space */
	err = make_regions(vm, &e, bias);
	if (!err)
		err = make_stack(vm, argc, argv, envc, envp, path, &e, bias,
				 sp);
	if (err) {
		vm_put(vm);
		return refuse(say, err == -L_E2BIG ? err : -L_ENOMEM,
			      "linux: %s: cannot build its memory%s", arg, "");
	}
	*entry = e.entry + bias;
	*out = vm;
	return 0;
}

/* The kernel objects: TCB and an empty CNode from the process's own
 * account, a fault endpoint of ours badged with the pid; the thread in
 * foreign mode, in @p->vm. */
static long make_objects(struct proc *p)
{
	enum kaal_error err;

	p->tcb = acct_object(&p->acct, KAAL_OBJ_TCB, 0);
	p->cnode = acct_object(&p->acct, KAAL_OBJ_CNODE, 1);
	p->fault_ep = slot_proc();
	if (!p->tcb || !p->cnode || !p->fault_ep)
		return -L_ENOMEM;
	err = kaal_cap_mint(SYS_CAP_CNODE, p->fault_ep, KAAL_WORD_BITS,
			    SYS_CAP_CNODE, server_ep, KAAL_WORD_BITS,
			    KAAL_RIGHTS_ALL, LINUX_BADGE_FAULT | p->pid);
	if (err) {
		slot_proc_free(p->fault_ep);
		p->fault_ep = 0;
	}
	if (!err)
		err = kaal_tcb_configure(p->tcb, p->fault_ep, p->cnode,
					 p->vm->vspace, 0, 0);
	if (!err)
		err = kaal_tcb_set_priority(p->tcb, SYS_CAP_TCB,
					    LINUX_PRIORITY);
	if (!err)
		err = kaal_tcb_set_syscall_mode(p->tcb,
						KAAL_SYSCALL_MODE_FOREIGN);
	return err ? -L_ENOMEM : 0;
}

static long make_fds(struct proc *p)
{
	struct ofile *tty = ofile_new();

	if (!tty)
		return -L_ENFILE;
	tty->kind = OF_CONSOLE;
	tty->flags = L_O_RDWR;
	strcpy(tty->path, "/dev/console");
	tty->refs = 3;
	for (int fd = 0; fd < 3; fd++)
		p->fds.fd[fd] = tty;
	return 0;
}

/* The objects of a process that never ran, or of one that ended. */
static void release_objects(struct proc *p)
{
	if (!p->leader)
		fd_close_all(p);
	if (p->tcb)
		kaal_thread_suspend(p->tcb);
	if (p->fault_ep)
		cap_drop(p->fault_ep);
	p->fault_ep = 0;
	acct_release(&p->acct);
	p->tcb = p->cnode = 0;
	vm_put(p->vm);
	p->vm = NULL;
}

/* Start the thread at @entry with @sp and every other register zero,
 * as Linux starts a program. */
static long start_thread(struct proc *p, uint64_t entry, uint64_t sp)
{
	kaal_word_t *mr = ((struct kaal_ipc_buffer *)SYS_IPC_BUFFER_VADDR)->mr;

	memset(mr, 0, KAAL_REGS_COUNT * sizeof(*mr));
	mr[KAAL_REGS_PC] = entry;
	mr[KAAL_REGS_SP] = sp;
	return kaal_tcb_write_registers_all(p->tcb, KAAL_TCB_WRITE_RESUME) ?
		       -L_ENOMEM :
		       0;
}

static void set_name(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');

	snprintf(p->name, sizeof(p->name), "%s", base ? base + 1 : path);
}

long proc_spawn(int argc, char **argv)
{
	char path[PATH_MAX_LEN + 1];
	uint64_t entry, sp;
	struct proc *p;
	long err;

	if (top_pid)
		return -SYS_E_STATE;
	p = proc_alloc();
	if (!p) {
		printf("linux: %s: too many processes\n", argv[0]);
		return -SYS_E_NO_SPACE;
	}
	err = load(argv[0], "/", true, true, argc, argv,
		   sizeof(default_envp) / sizeof(default_envp[0]),
		   (char **)default_envp, path, &p->vm, &entry, &sp);
	if (err)
		return err == -L_ENOMEM ? -SYS_E_NO_SPACE :
		       err == -L_ENOENT ? -SYS_E_NOT_FOUND :
					  -PROCESS_E_ELF;
	p->state = P_LIVE;
	p->ppid = 1; /* the shell stands for init */
	p->pgid = p->sid = p->pid;
	p->top = true;
	set_name(p, path);
	strcpy(p->cwd, "/");
	p->umask = 022;
	for (int i = 0; i < L_RLIMIT_NLIMITS; i++)
		p->rlim[i][0] = p->rlim[i][1] = L_RLIM_INFINITY;
	p->rlim[L_RLIMIT_STACK][0] = LINUX_STACK_SIZE;
	p->rlim[L_RLIMIT_NOFILE][0] = p->rlim[L_RLIMIT_NOFILE][1] =
		LINUX_MAX_FDS;
	p->altstack[8] = 2; /* ss_flags: SS_DISABLE */
	/* Each program the shell starts finds the terminal as Linux sets
	 * up a console, whatever the last one left it in (raw mode, say). */
	tty_init(&console_tty);
	err = make_fds(p);
	if (!err)
		err = make_objects(p);
	p->start_ns = now_ns();
	if (!err)
		err = start_thread(p, entry, sp);
	if (err) {
		printf("linux: %s: cannot build the process (%ld)\n", argv[0],
		       err);
		release_objects(p);
		p->state = P_FREE;
		return -SYS_E_NO_SPACE;
	}
	top_pid = p->pid;
	fg_pgrp = p->pgid;
	return p->pid;
}

/* ---- fork, exec ----------------------------------------------------------- */

/* A vfork child execs or ends: its parent goes on. */
static void release_vfork_parent(struct proc *p)
{
	struct proc *parent = p->vfork_parent ? proc_find(p->vfork_parent) :
						NULL;

	if (parent && parent->waiting == WAIT_VFORK &&
	    parent->vfork_child == p->pid) {
		parent->waiting = WAIT_VFORK_DONE;
		proc_wake(parent);
	}
	p->vfork_parent = 0;
}

bool proc_read_regs(struct proc *p, kaal_word_t *regs)
{
	const kaal_word_t *mr =
		((const struct kaal_ipc_buffer *)SYS_IPC_BUFFER_VADDR)->mr;

	if (kaal_tcb_read_registers(p->tcb).error)
		return false;
	memcpy(regs, mr, KAAL_REGS_COUNT * sizeof(*regs));
	return true;
}

bool proc_write_regs(struct proc *p, const kaal_word_t *regs)
{
	kaal_word_t *mr = ((struct kaal_ipc_buffer *)SYS_IPC_BUFFER_VADDR)->mr;

	memcpy(mr, regs, KAAL_REGS_COUNT * sizeof(*regs));
	return !kaal_tcb_write_registers_all(p->tcb, KAAL_TCB_WRITE_RESUME);
}

/* @p's FP/SIMD registers (q0-q31, FPSR, FPCR) become @q's: a forked
 * child computes on with its parent's values. They pass through our IPC
 * buffer, read and written in place. */
static bool copy_fp_regs(struct proc *q, struct proc *p)
{
	struct kaal_word_ret r = kaal_tcb_read_fp_registers(p->tcb);

	return !r.error && !kaal_tcb_write_fp_registers(
				   q->tcb, r.value & KAAL_FP_STATUS_USER);
}

/* What a child inherits: all but its pid, its memory and its objects. */
static void inherit(struct proc *q, const struct proc *p)
{
	q->ppid = p->pid;
	q->pgid = p->pgid;
	q->sid = p->sid;
	memcpy(q->name, p->name, sizeof(q->name));
	memcpy(q->cwd, p->cwd, sizeof(q->cwd));
	q->umask = p->umask;
	q->sigmask = p->sigmask;
	memcpy(q->sigaction, p->sigaction, sizeof(q->sigaction));
	memcpy(q->altstack, p->altstack, sizeof(q->altstack));
	memcpy(q->rlim, p->rlim, sizeof(q->rlim));
	for (unsigned int fd = 0; fd < LINUX_MAX_FDS; fd++) {
		q->fds.fd[fd] = p->fds.fd[fd];
		q->fds.cloexec[fd] = p->fds.cloexec[fd];
		if (q->fds.fd[fd])
			q->fds.fd[fd]->refs++;
	}
	q->start_ns = now_ns();
}

/* Start @q as a copy of @p's thread, blocked in clone (@regs, read
 * there), in q->vm, unless @err says it could not be made: its objects,
 * what clone's @c asks (the tids, the stack, the thread pointer), x0 0
 * and @p's FP/SIMD state. Its pid, or -L_E* with its slot freed. */
static long start_copy(struct proc *q, struct proc *p, kaal_word_t *regs,
		       long err, const struct clone_req *c)
{
	uint32_t tid = q->pid;

	if (!err)
		err = make_objects(q);
	if (!err && (c->flags & L_CLONE_CHILD_SETTID))
		err = copy_out(q->vm, c->child_tid, &tid, sizeof(tid));
	if (!err) {
		/* As Linux, before the copy runs, and a bad address is
		 * no error. */
		if (c->flags & L_CLONE_PARENT_SETTID)
			copy_out(p->vm, c->parent_tid, &tid, sizeof(tid));
		regs[KAAL_REGS_X(0)] = 0; /* the copy's result */
		if (c->newsp)
			regs[KAAL_REGS_SP] = c->newsp;
		if (c->flags & L_CLONE_SETTLS)
			regs[KAAL_REGS_TPIDR] = c->tls;
		q->state = P_LIVE;
		err = copy_fp_regs(q, p) && proc_write_regs(q, regs) ?
			      0 :
			      -L_ENOMEM;
	}
	if (err) {
		release_objects(q);
		q->state = P_FREE;
		q->pid = 0;
		q->leader = NULL;
		return err == -L_EFAULT ? err : -L_ENOMEM;
	}
	if (c->flags & L_CLONE_CHILD_CLEARTID)
		q->tid_address = c->child_tid;
	return tid;
}

long proc_fork(struct proc *p, const struct clone_req *c)
{
	kaal_word_t regs[KAAL_REGS_COUNT];
	bool vfork = c->flags & L_CLONE_VFORK;
	struct proc *q;
	long err = 0, pid;

	if (!proc_read_regs(p, regs))
		return -L_EAGAIN;
	q = proc_alloc();
	if (!q)
		return -L_EAGAIN;
	/* The process's, but the signal mask and stack of the thread that
	 * forks (Linux's fork copies the calling thread only). */
	inherit(q, grp(p));
	q->sigmask = p->sigmask;
	memcpy(q->altstack, p->altstack, sizeof(q->altstack));
	if (vfork) {
		/* The parent waits until we exec or end: we run in its
		 * address space meanwhile, as Linux's vfork child does. */
		q->vm = p->vm;
		q->vm->refs++;
	} else {
		q->vm = vm_alloc();
		err = q->vm ? vm_clone(q->vm, p->vm) : -L_ENOMEM;
	}
	pid = start_copy(q, p, regs, err, c);
	if (pid > 0 && vfork)
		q->vfork_parent = p->pid;
	return pid;
}

/* After an exec: descriptors marked close-on-exec closed, caught signals
 * back to their default action (ignored ones stay ignored). */
static void exec_reset(struct proc *p)
{
	for (unsigned int fd = 0; fd < LINUX_MAX_FDS; fd++) {
		if (p->fds.fd[fd] && p->fds.cloexec[fd]) {
			ofile_put(p->fds.fd[fd]);
			p->fds.fd[fd] = NULL;
		}
		p->fds.cloexec[fd] = 0;
	}
	for (unsigned int s = 0; s < L_NSIG; s++) {
		uint64_t handler;

		memcpy(&handler, p->sigaction[s], sizeof(handler));
		if (handler != L_SIG_IGN)
			memset(p->sigaction[s], 0, L_SIGACTION_SIZE);
	}
	memset(p->altstack, 0, sizeof(p->altstack));
	p->altstack[8] = 2; /* SS_DISABLE */
	p->tid_address = 0;
	p->robust_list = 0;
}

long proc_execve(struct proc *p, const char *arg, int argc, char **argv,
		 int envc, char **envp)
{
	char path[PATH_MAX_LEN + 1];
	uint64_t entry, sp;
	struct vm *vm, *old;
	long err;

	if (p->leader) {
		printf("linux: process %u (%s): execve from a thread other "
		       "than the first is not served: -ENOSYS\n",
		       grp(p)->pid, p->name);
		return -L_ENOSYS;
	}
	err = load(arg, p->cwd, false, false, argc, argv, envc, envp, path, &vm,
		   &entry, &sp);
	if (err)
		return err;
	end_threads(p); /* as Linux's de_thread: the program is alone */
	/* From here on the old program is gone: its thread leaves its
	 * call, runs in the new address space from the entry point. */
	kaal_thread_suspend(p->tcb);
	old = p->vm;
	p->vm = vm;
	if (kaal_tcb_configure(p->tcb, p->fault_ep, p->cnode, vm->vspace, 0,
			       0)) {
		vm_put(old);
		proc_exit(p, 0, L_SIGKILL);
		return SYS_NO_REPLY;
	}
	vm_put(old);
	set_name(p, path);
	exec_reset(p);
	p->waiting = WAIT_NONE;
	release_vfork_parent(p);
	if (start_thread(p, entry, sp))
		proc_exit(p, 0, L_SIGKILL);
	return SYS_NO_REPLY;
}

/* ---- threads ---------------------------------------------------------------- */

long proc_thread(struct proc *p, const struct clone_req *c)
{
	kaal_word_t regs[KAAL_REGS_COUNT];
	struct proc *t;

	if (!proc_read_regs(p, regs))
		return -L_EAGAIN;
	t = proc_alloc();
	if (!t)
		return -L_EAGAIN;
	t->leader = grp(p);
	memcpy(t->name, p->name, sizeof(t->name));
	t->sigmask = p->sigmask;
	t->altstack[8] = 2; /* SS_DISABLE: a new thread has no signal stack */
	t->start_ns = now_ns();
	t->vm = p->vm;
	t->vm->refs++;
	return start_copy(t, p, regs, 0, c);
}

long futex_wake(struct vm *vm, uint64_t uaddr, uint64_t n)
{
	long woken = 0;

	for (unsigned int i = 0; i < LINUX_MAX_PROCS && (uint64_t)woken < n;
	     i++) {
		struct proc *t = &procs[i];

		if (t->state != P_LIVE || t->waiting != WAIT_FUTEX ||
		    t->wait_obj != vm || t->futex_addr != uaddr ||
		    t->futex_woken)
			continue;
		t->futex_woken = true;
		proc_wake(t);
		woken++;
	}
	return woken;
}

/* Thread @t (not a process) ends: what CLONE_CHILD_CLEARTID asked (0 at
 * its tid address, one waiter there woken: pthread_join), its objects
 * go, its slot is free. */
static void thread_end(struct proc *t, bool clear_tid)
{
	uint32_t zero = 0;

	if (clear_tid && t->tid_address &&
	    !copy_out(t->vm, t->tid_address, &zero, sizeof(zero)))
		futex_wake(t->vm, t->tid_address, 1);
	release_objects(t);
	t->state = P_FREE;
	t->pid = 0;
	t->leader = NULL;
}

/* Every thread of @g's process but @keep ends (exit_group, exec, the end
 * of the process). */
static void end_threads_but(struct proc *g, struct proc *keep)
{
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
		struct proc *t = &procs[i];

		if (t->state == P_LIVE && t->leader == g && t != keep)
			thread_end(t, false);
	}
}

static void end_threads(struct proc *g)
{
	end_threads_but(g, NULL);
}

/* Does @g's process have a running thread besides @t? */
static bool other_threads(struct proc *g, struct proc *t)
{
	if (g != t && g->waiting != WAIT_GONE)
		return true;
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++)
		if (procs[i].state == P_LIVE && procs[i].leader == g &&
		    &procs[i] != t)
			return true;
	return false;
}

void proc_exit_thread(struct proc *p, int status)
{
	struct proc *g = grp(p);
	uint32_t zero = 0;

	if (!other_threads(g, p)) {
		proc_exit(g, status, 0);
		return;
	}
	if (p != g) {
		thread_end(p, true);
		return;
	}
	/* The first thread leaves, the process goes on: its slot keeps
	 * what the others share until the last one ends. */
	if (p->tid_address &&
	    !copy_out(p->vm, p->tid_address, &zero, sizeof(zero)))
		futex_wake(p->vm, p->tid_address, 1);
	kaal_thread_suspend(p->tcb);
	p->waiting = WAIT_GONE;
	p->thread_gone = true;
	p->wstatus = (status & 0xff) << 8;
}

/* ---- ends ------------------------------------------------------------------ */

void proc_reap(struct proc *p)
{
	p->state = P_FREE;
	p->pid = 0;
}

/* A child of @parent's ended, stopped or went on: its tasks waiting in
 * wait4 or waitid make their calls again. */
static void wake_child_waiters(struct proc *parent)
{
	for_each_task(parent, t) {
		if (t->waiting == WAIT_CHILD) {
			t->waiting = WAIT_NONE;
			proc_wake(t);
		}
	}
}

/* Does @parent leave its children's ends to nobody (SIGCHLD ignored, or
 * SA_NOCLDWAIT)? Then they are reaped at once. */
static bool reaps_itself(const struct proc *parent)
{
	uint64_t handler, flags;

	memcpy(&handler, parent->sigaction[L_SIGCHLD - 1], sizeof(handler));
	memcpy(&flags, parent->sigaction[L_SIGCHLD - 1] + 8, sizeof(flags));
	return handler == L_SIG_IGN || (flags & L_SA_NOCLDWAIT);
}

/* @p's children get the shell (pid 1) for parent; its zombies go. */
static void orphan_children(struct proc *p)
{
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
		struct proc *q = &procs[i];

		if (q->state == P_FREE || q->ppid != p->pid || q == p)
			continue;
		q->ppid = 1;
		if (q->state == P_ZOMBIE)
			proc_reap(q);
	}
}

static void hangup_orphans(void);

void proc_exit(struct proc *p, int status, int signal)
{
	struct proc *parent;
	uint32_t pid;

	p = grp(p);
	pid = p->pid;
	if (p->state != P_LIVE)
		return;
	end_threads(p);
	release_vfork_parent(p);
	release_objects(p);
	orphan_children(p);
	p->state = P_ZOMBIE;
	hangup_orphans();
	p->waiting = WAIT_NONE;
	p->wstatus = signal ? signal & 0x7f : (status & 0xff) << 8;
	if (p->top) {
		top_pid = 0;
		tty_flush_input(&console_tty);
		linux_event(pid, status, signal);
	}
	parent = proc_find(p->ppid);
	if (!parent || reaps_itself(parent)) {
		proc_reap(p);
		return;
	}
	wake_child_waiters(parent);
	proc_signal(parent, L_SIGCHLD);
}

/* ---- signals ---------------------------------------------------------------- */

/* Signals whose default action is to ignore them (SIGCHLD, SIGCONT,
 * SIGURG, SIGWINCH). */
static bool default_ignores(int sig)
{
	return sig == L_SIGCHLD || sig == L_SIGCONT || sig == 23 || sig == 28;
}

#define STOP_SIGNALS                                         \
	(1ull << (L_SIGSTOP - 1) | 1ull << (L_SIGTSTP - 1) | \
	 1ull << (L_SIGTTIN - 1) | 1ull << (L_SIGTTOU - 1))

/* Is the group orphaned: does no member have a parent in another group
 * of the same session (POSIX)? The shell's own program (parent: pid 1,
 * the shell) always is, having no Linux parent. */
static bool pgrp_orphaned(uint32_t pgid, uint32_t sid)
{
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
		const struct proc *q = &procs[i], *parent;

		if (q->state != P_LIVE || q->pgid != pgid)
			continue;
		parent = proc_find(q->ppid);
		if (parent && parent->pgid != pgid && parent->sid == sid)
			return false;
	}
	return true;
}

/* The parent's wait may report @wstatus (WUNTRACED, WCONTINUED); a
 * waiting parent makes its call again, and gets SIGCHLD unless its
 * action says SA_NOCLDSTOP. */
static void tell_parent(struct proc *p, int wstatus)
{
	struct proc *parent = proc_find(p->ppid);
	uint64_t flags;

	p->report = wstatus;
	if (!parent)
		return;
	wake_child_waiters(parent);
	memcpy(&flags, parent->sigaction[L_SIGCHLD - 1] + 8, sizeof(flags));
	if (!(flags & L_SA_NOCLDSTOP))
		proc_signal(parent, L_SIGCHLD);
}

/* A stop signal's default action. The terminal's (SIGTSTP, SIGTTIN,
 * SIGTTOU) are dropped in an orphaned group, whom no shell would ever
 * continue (as Linux does). A running thread is suspended where it is
 * (a call it was making is made again on SIGCONT); a waiting one stays
 * suspended after its wait ends; current's call ends first, and
 * from_process holds its result (proc_hold). */
static void proc_stop(struct proc *p, int sig)
{
	if (p->stopped || (sig != L_SIGSTOP && pgrp_orphaned(p->pgid, p->sid)))
		return;
	for_each_task(p, t) {
		t->stopped = true;
		t->run_on_cont = false;
		t->sigpending &= ~(1ull << (L_SIGCONT - 1));
		if (t != current && t->waiting == WAIT_NONE) {
			kaal_thread_suspend(t->tcb);
			t->run_on_cont = true;
		}
	}
	tell_parent(p, sig << 8 | 0x7f);
}

/* SIGCONT, caught, ignored or blocked: a stopped process goes on, pending
 * stop signals are dropped, and what waited for it acts: a signal that
 * would end it, a handler. */
static void proc_continue(struct proc *p)
{
	bool was = p->stopped;

	for_each_task(p, t) {
		t->sigpending &= ~STOP_SIGNALS;
		if (!was)
			continue;
		t->stopped = false;
		if (t->run_on_cont && t != current && t->waiting != WAIT_GONE)
			kaal_thread_resume(t->tcb);
		t->run_on_cont = false;
	}
	if (!was)
		return;
	tell_parent(p, 0xffff);
	for_each_task(p, t) {
		sig_act_unblocked(t);
		if (p->state != P_LIVE)
			return;
		sig_interrupt(t);
	}
}

/* A group that an exit orphaned, with a stopped member: SIGHUP, then
 * SIGCONT, to each member (POSIX, as Linux does). */
static void hangup_orphans(void)
{
	for (unsigned int i = 0; i < LINUX_MAX_PROCS; i++) {
		struct proc *q = &procs[i];
		uint32_t pgid = q->pgid;

		if (q->state != P_LIVE || !q->stopped ||
		    !pgrp_orphaned(pgid, q->sid))
			continue;
		for (unsigned int j = 0; j < LINUX_MAX_PROCS; j++)
			if (procs[j].state == P_LIVE && procs[j].pgid == pgid) {
				proc_signal(&procs[j], L_SIGHUP);
				proc_signal(&procs[j], L_SIGCONT);
			}
	}
}

/* The task of process @g a signal (@bit) goes to: the first running one
 * that does not block it, the process's own thread first; else the
 * first one. */
static struct proc *signal_target(struct proc *g, uint64_t bit)
{
	struct proc *first = g->waiting == WAIT_GONE ? NULL : g;

	if (first && !(g->sigmask & bit))
		return g;
	for_each_task(g, t) {
		if (t == g || t->waiting == WAIT_GONE)
			continue;
		if (!(t->sigmask & bit))
			return t;
		if (!first)
			first = t;
	}
	return first ? first : g;
}

void proc_signal_thread(struct proc *t, int sig)
{
	uint64_t handler, bit = 1ull << (sig - 1);

	if (t->state != P_LIVE || sig <= 0 || sig > L_NSIG ||
	    t->waiting == WAIT_GONE)
		return;
	memcpy(&handler, grp(t)->sigaction[sig - 1], sizeof(handler));
	/* Caught, or blocked by the thread: its own. Else what the signal
	 * does, it does to the process. */
	if (sig == L_SIGKILL || sig == L_SIGCONT || (bit & STOP_SIGNALS) ||
	    handler == L_SIG_IGN ||
	    (handler == L_SIG_DFL && !(t->sigmask & bit))) {
		proc_signal(grp(t), sig);
		return;
	}
	t->sigpending |= bit;
	if (!(t->sigmask & bit) && !t->stopped)
		sig_interrupt(t);
}

void proc_signal(struct proc *p, int sig)
{
	uint64_t handler, bit;
	struct proc *t;

	p = grp(p);
	if (p->state != P_LIVE || sig <= 0 || sig > L_NSIG)
		return;
	bit = 1ull << (sig - 1);
	if (sig == L_SIGKILL) {
		proc_exit(p, 0, sig);
		return;
	}
	if (sig == L_SIGCONT)
		proc_continue(p);
	else if (bit & STOP_SIGNALS)
		p->sigpending &= ~(1ull << (L_SIGCONT - 1));
	memcpy(&handler, p->sigaction[sig - 1], sizeof(handler));
	if (handler == L_SIG_IGN ||
	    (handler == L_SIG_DFL && default_ignores(sig)))
		return;
	/* Stopped: it waits, pending, for SIGCONT (SIGKILL excepted). */
	if (p->stopped) {
		p->sigpending |= bit;
		return;
	}
	t = signal_target(p, bit);
	if (handler != L_SIG_DFL || (t->sigmask & bit)) {
		/* Caught or blocked: pending, for a thread that does not
		 * block it. A caught one breaks in wherever the thread is
		 * (sig.c). */
		t->sigpending |= bit;
		if (!(t->sigmask & bit))
			sig_interrupt(t);
		return;
	}
	if (bit & STOP_SIGNALS) {
		proc_stop(p, sig);
		return;
	}
	proc_exit(p, 0, sig);
}

/* ---- faults ------------------------------------------------------------------- */

static const char *fault_kind(uint64_t label)
{
	switch (label) {
	case KAAL_FAULT_VM_READ:
		return "read fault";
	case KAAL_FAULT_VM_WRITE:
		return "write fault";
	case KAAL_FAULT_VM_EXEC:
		return "instruction fetch fault";
	case KAAL_FAULT_UNDEFINED:
		return "undefined instruction";
	case KAAL_FAULT_ALIGNMENT:
		return "alignment fault";
	default:
		return "exception";
	}
}

bool proc_fault(struct proc *p, uint64_t label, const kaal_word_t *mr)
{
	uint64_t addr = mr[0], esr = mr[1], pc = mr[2];
	uint32_t access = label == KAAL_FAULT_VM_WRITE ? L_PROT_WRITE :
			  label == KAAL_FAULT_VM_EXEC  ? L_PROT_EXEC :
							 L_PROT_READ;
	int sig;

	if (label == KAAL_FAULT_VM_READ || label == KAAL_FAULT_VM_WRITE ||
	    label == KAAL_FAULT_VM_EXEC) {
		int r = vm_fault(p->vm, addr, access);

		if (!r)
			return true; /* the page is there: the instruction
				      * again */
		if (r == -2) {
			printf("linux: process %u (%s) is out of memory at "
			       "0x%lx (pc 0x%lx): killed\n",
			       p->pid, p->name, (unsigned long)addr,
			       (unsigned long)pc);
			proc_exit(p, 0, L_SIGKILL);
			return false;
		}
		sig = L_SIGSEGV;
	} else if (label == KAAL_FAULT_ALIGNMENT) {
		sig = L_SIGBUS;
	} else if (label == KAAL_FAULT_OTHER &&
		   ((esr >> KAAL_ESR_EC_SHIFT) & KAAL_ESR_EC_MASK) ==
			   KAAL_ESR_EC_BRK64) {
		sig = L_SIGTRAP;
	} else {
		sig = L_SIGILL;
	}
	/* A handler for it, not blocked: it runs (it may mend and return,
	 * or jump away); else the process ends. */
	if (sig_fault(p, sig, sig == L_SIGSEGV && vm_find(p->vm, addr),
		      sig == L_SIGSEGV || sig == L_SIGBUS ? addr : pc))
		return false;
	printf("linux: process %u (%s) crashed: %s at 0x%lx (pc 0x%lx), %s; "
	       "the system goes on\n",
	       grp(p)->pid, p->name, fault_kind(label), (unsigned long)addr,
	       (unsigned long)pc, signame(sig));
	proc_exit(p, 0, sig);
	return false;
}
