// SPDX-License-Identifier: BSD-2-Clause
/*
 * A Linux process (Documentation/linux.rst, "A process"): its kernel
 * objects, made from the process pool (libsys's process builder is for
 * KaaL components; a Linux process needs none of their fixed layout):
 *
 *   a VSpace holding nothing but what the program maps, as regions
 *   a CNode of two slots, empty: it can reach no object at all
 *   a TCB at LINUX_PRIORITY in foreign mode, without an IPC buffer, whose
 *   fault endpoint is ours, badged with its pid: every svc it makes and
 *   every fault it takes is a message to us
 *
 * and the initial stack the Linux ABI defines (stack.c). Its end, by
 * exit or by a signal, revokes the pool: every object of it goes at once.
 */
#include <stdio.h>
#include <string.h>
#include <uapi/kaal/esr.h>
#include <uapi/kaal/fault.h>
#include <libsys/error.h>
#include "linux.h"
#include "stack.h"
#include "sys.h"

static struct proc the_proc;
struct proc *current;
static uint32_t next_pid = 2;
static kaal_cptr_t server_ep;

/* A program in ramfs is read whole into this buffer (ramfs's largest
 * file); it stays the image of the process while it runs. */
static uint8_t exec_buf[256 * 1024];

static const char *const envp[] = {
	"HOME=/",    "PATH=/bin",    "TERM=vt100",    "PWD=/",
	"USER=root", "LOGNAME=root", "SHELL=/bin/sh",
};

void proc_set_endpoint(kaal_cptr_t ep)
{
	server_ep = ep;
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

/* The program @path names: its image (*img), or an error after saying
 * what is wrong. */
static long find_program(const char *arg, char *path, struct fileimg *img)
{
	struct vnode vn;
	int must_dir;
	long err;

	if (strchr(arg, '/'))
		err = path_resolve("/", arg, path, PATH_MAX_LEN + 1, &must_dir);
	else if (strlen(arg) + 5 > PATH_MAX_LEN)
		err = -L_ENAMETOOLONG;
	else
		err = path_resolve("/bin", arg, path, PATH_MAX_LEN + 1,
				   &must_dir);
	if (!err)
		err = vfs_lookup(path, true, &vn);
	if (err == -L_ENOENT) {
		printf("linux: %s: no such file\n", arg);
		return -SYS_E_NOT_FOUND;
	}
	if (err) {
		printf("linux: %s: cannot look it up (errno %ld)\n", arg, -err);
		return -SYS_E_NOT_FOUND;
	}
	memset(img, 0, sizeof(*img));
	if (vn.kind == VN_ARCH_FILE) {
		img->archive = true;
		img->off = archive_files[vn.idx].off;
		img->size = archive_files[vn.idx].size;
		return 0;
	}
	if (vn.kind == VN_RAM_FILE) {
		err = vfs_read_all(&vn, path, exec_buf, sizeof(exec_buf));
		if (err < 0) {
			printf("linux: %s: cannot read it (%s)\n", arg,
			       err == -L_E2BIG ? "larger than 256 KiB" :
						 "ramfs error");
			return -PROCESS_E_ELF;
		}
		img->buf = exec_buf;
		img->size = (uint64_t)err;
		return 0;
	}
	printf("linux: %s: not a regular file\n", arg);
	return -PROCESS_E_ELF;
}

/* The ELF file checked, loaded as regions at its bias (*bias). */
static long check_elf(const char *arg, const struct fileimg *img,
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
	if (why) {
		printf("linux: %s: exec format error: %s\n", arg, why);
		return -PROCESS_E_ELF;
	}
	return 0;
}

/* The kernel objects: TCB, VSpace, an empty CNode, a fault endpoint of
 * ours badged with the pid; the thread in foreign mode. */
static long make_objects(struct proc *p)
{
	enum kaal_error err;

	p->vm.vspace = pool_object(KAAL_OBJ_VSPACE, 0);
	p->tcb = pool_object(KAAL_OBJ_TCB, 0);
	p->cnode = pool_object(KAAL_OBJ_CNODE, 1);
	p->fault_ep = slot_proc();
	if (!p->vm.vspace || !p->tcb || !p->cnode || !p->fault_ep)
		return -SYS_E_NO_SPACE;
	err = kaal_cap_mint(SYS_CAP_CNODE, p->fault_ep, KAAL_WORD_BITS,
			    SYS_CAP_CNODE, server_ep, KAAL_WORD_BITS,
			    KAAL_RIGHTS_ALL, LINUX_BADGE_FAULT | p->pid);
	if (!err)
		err = kaal_tcb_configure(p->tcb, p->fault_ep, p->cnode,
					 p->vm.vspace, 0, 0);
	if (!err)
		err = kaal_tcb_set_priority(p->tcb, SYS_CAP_TCB,
					    LINUX_PRIORITY);
	if (!err)
		err = kaal_tcb_set_syscall_mode(p->tcb,
						KAAL_SYSCALL_MODE_FOREIGN);
	return err ? -(long)err : 0;
}

static long make_regions(struct proc *p, const struct elf_info *e,
			 uint64_t bias)
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
		v.img = &p->image;
		v.fvaddr = s->vaddr + bias;
		v.fend = s->vaddr + bias + s->filesz;
		v.foff = s->offset;
		err = vm_add(&p->vm, &v);
		if (err)
			return err;
	}
	p->vm.brk_start = p->vm.brk = e->hi + bias;
	return vm_add(&p->vm, &stack);
}

/* The initial stack: argv, envp and the auxiliary vector. */
static long make_stack(struct proc *p, int argc, char **argv, const char *path,
		       const struct elf_info *e, uint64_t bias, uint64_t *sp)
{
	static uint8_t buf[16384];
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
	s.envc = sizeof(envp) / sizeof(envp[0]);
	s.envp = envp;
	s.execfn = path;
	s.platform = "aarch64";
	linux_random(s.random, sizeof(s.random));
	s.nauxv = sizeof(aux) / sizeof(aux[0]);
	memcpy(s.auxv, aux, sizeof(aux));
	*sp = stack_build(&s, buf, sizeof(buf));
	if (!*sp)
		return -L_E2BIG;
	return copy_out(&p->vm, *sp,
			buf + (*sp - (LINUX_STACK_TOP - sizeof(buf))),
			LINUX_STACK_TOP - *sp);
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

static void teardown(struct proc *p)
{
	fd_close_all(p);
	if (p->tcb)
		kaal_thread_suspend(p->tcb);
	/* The copies of archive frames are not the pool's: they go one
	 * by one; the rest with the pool. */
	for (unsigned int i = 0; i < VM_HASH_SIZE; i++)
		if (p->vm.pt[i].vpn && !p->vm.pt[i].wcap)
			kaal_cap_delete(SYS_CAP_CNODE, p->vm.pt[i].cap,
					KAAL_WORD_BITS);
	if (p->fault_ep)
		kaal_cap_delete(SYS_CAP_CNODE, p->fault_ep, KAAL_WORD_BITS);
	mem_proc_reset();
	p->live = false;
	if (current == p)
		current = NULL;
}

long proc_exec(int argc, char **argv)
{
	struct proc *p = &the_proc;
	char path[PATH_MAX_LEN + 1];
	struct elf_info e;
	uint64_t bias, sp;
	const char *base;
	long err;

	if (current)
		return -SYS_E_STATE;
	err = find_program(argv[0], path, &p->image);
	if (err)
		return err;
	err = check_elf(argv[0], &p->image, &e, &bias);
	if (err)
		return err;
	{
		struct fileimg img = p->image;

		memset(p, 0, sizeof(*p));
		p->image = img;
	}
	p->pid = next_pid++;
	if (next_pid > LINUX_BADGE_PID)
		next_pid = 2;
	base = strrchr(path, '/');
	snprintf(p->name, sizeof(p->name), "%s", base ? base + 1 : path);
	strcpy(p->cwd, "/");
	p->umask = 022;
	for (int i = 0; i < L_RLIMIT_NLIMITS; i++)
		p->rlim[i][0] = p->rlim[i][1] = L_RLIM_INFINITY;
	p->rlim[L_RLIMIT_STACK][0] = LINUX_STACK_SIZE;
	p->rlim[L_RLIMIT_NOFILE][0] = p->rlim[L_RLIMIT_NOFILE][1] =
		LINUX_MAX_FDS;
	p->altstack[8] = 2; /* ss_flags: SS_DISABLE */
	p->live = true;
	current = p;
	/* Each program the shell starts finds the terminal as Linux sets
	 * up a console, whatever the last one left it in (raw mode, say). */
	tty_init(&console_tty);
	err = make_objects(p);
	vm_init(&p->vm, p->vm.vspace);
	if (!err)
		err = make_regions(p, &e, bias);
	if (!err)
		err = make_stack(p, argc, argv, path, &e, bias, &sp);
	if (!err)
		err = make_fds(p);
	if (err) {
		printf("linux: %s: cannot build the process (%ld)\n", argv[0],
		       err);
		teardown(p);
		return -SYS_E_NO_SPACE;
	}
	p->start_ns = now_ns();
	err = kaal_tcb_write_registers(p->tcb, KAAL_TCB_WRITE_RESUME,
				       e.entry + bias, sp, 0, 0, 0);
	if (err) {
		printf("linux: %s: cannot start it (%s)\n", argv[0],
		       sys_strerror((long)err));
		teardown(p);
		return -(long)err;
	}
	return p->pid;
}

void proc_end(struct proc *p, int status, int signal)
{
	uint32_t pid = p->pid;

	teardown(p);
	tty_flush_input(&console_tty);
	linux_event(pid, status, signal);
}

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
		int r = vm_fault(&p->vm, addr, access);

		if (!r)
			return true; /* the page is there: the instruction
				      * again */
		if (r == -2) {
			printf("linux: process %u (%s) is out of memory at "
			       "0x%lx (pc 0x%lx): killed\n",
			       p->pid, p->name, (unsigned long)addr,
			       (unsigned long)pc);
			proc_end(p, 0, L_SIGKILL);
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
	printf("linux: process %u (%s) crashed: %s at 0x%lx (pc 0x%lx), %s; "
	       "the system goes on\n",
	       p->pid, p->name, fault_kind(label), (unsigned long)addr,
	       (unsigned long)pc, signame(sig));
	proc_end(p, 0, sig);
	return false;
}
