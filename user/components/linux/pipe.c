// SPDX-License-Identifier: BSD-2-Clause
/*
 * Pipes (Documentation/linux.rst, "Pipes"): a ring of PIPE_SIZE bytes
 * between the open files of its two ends. The readers and writers are
 * counted by open file (an end dup'ed or inherited is one open file
 * with more references), so that the last close of a side is seen:
 * readers then read the end of the file, writers get EPIPE and SIGPIPE.
 *
 * A read of an empty pipe, or a write that does not fit, waits: the
 * thread is suspended (the call gets no answer) until the other side
 * moves, then makes its call again (wake_waiters), as every waiting call
 * of the personality does. A write of at most L_PIPE_BUF bytes goes in
 * whole or waits; a larger one writes what fits and returns the count
 * (a short write, which Linux's blocking write would finish first).
 */
#include <string.h>
#include "linux.h"
#include "sys.h"

struct pipe {
	bool used;
	int readers, writers; /* open files of each end */
	uint32_t head, len;   /* the bytes: [head, head + len) of the ring */
	uint8_t buf[PIPE_SIZE];
};

static struct pipe pipes[LINUX_MAX_PIPES];

static bool reads(const struct ofile *of)
{
	return (of->flags & L_O_ACCMODE) == L_O_RDONLY;
}

long pipe_open(uint32_t flags, struct ofile **rd, struct ofile **wr)
{
	struct pipe *pp = NULL;

	for (unsigned int i = 0; i < LINUX_MAX_PIPES && !pp; i++)
		if (!pipes[i].used)
			pp = &pipes[i];
	if (!pp)
		return -L_ENFILE;
	*rd = ofile_new();
	*wr = *rd ? ofile_new() : NULL;
	if (!*wr) {
		if (*rd)
			(*rd)->refs = 0; /* never a pipe's end yet */
		return -L_ENFILE;
	}
	memset(pp, 0, offsetof(struct pipe, buf));
	pp->used = true;
	pp->readers = pp->writers = 1;
	(*rd)->kind = (*wr)->kind = OF_PIPE;
	(*rd)->pipe = (*wr)->pipe = pp;
	(*rd)->flags = L_O_RDONLY | (flags & L_O_NONBLOCK);
	(*wr)->flags = L_O_WRONLY | (flags & L_O_NONBLOCK);
	strcpy((*rd)->path, "pipe:");
	strcpy((*wr)->path, "pipe:");
	(*rd)->vn.idx = (*wr)->vn.idx = (int)(pp - pipes);
	return 0;
}

void pipe_close(struct ofile *of)
{
	struct pipe *pp = of->pipe;

	if (!pp)
		return;
	if (reads(of))
		pp->readers--;
	else
		pp->writers--;
	of->pipe = NULL;
	if (!pp->readers && !pp->writers)
		pp->used = false;
	/* Readers see the end, writers EPIPE: both make their calls again. */
	wake_waiters(pp);
}

static long wait_for(struct proc *p, const struct pipe *pp)
{
	p->waiting = WAIT_PIPE;
	p->wait_obj = pp;
	kaal_thread_suspend(p->tcb);
	return SYS_NO_REPLY;
}

long pipe_read(struct proc *p, struct ofile *of, uint64_t buf, uint64_t len,
	       bool may_wait)
{
	struct pipe *pp = of->pipe;
	uint64_t n, first;

	if (!reads(of) || !pp)
		return -L_EBADF;
	if (!len)
		return 0;
	if (!pp->len) {
		if (!pp->writers)
			return 0; /* the end of the file */
		if ((of->flags & L_O_NONBLOCK) || !may_wait)
			return -L_EAGAIN;
		return wait_for(p, pp);
	}
	n = len < pp->len ? len : pp->len;
	first = PIPE_SIZE - pp->head < n ? PIPE_SIZE - pp->head : n;
	if (copy_out(p->vm, buf, pp->buf + pp->head, first) ||
	    (n > first && copy_out(p->vm, buf + first, pp->buf, n - first)))
		return -L_EFAULT; /* nothing taken */
	pp->head = (uint32_t)((pp->head + n) % PIPE_SIZE);
	pp->len -= (uint32_t)n;
	wake_waiters(pp);
	return (long)n;
}

long pipe_write(struct proc *p, struct ofile *of, uint64_t buf, uint64_t len,
		bool may_wait)
{
	struct pipe *pp = of->pipe;
	uint64_t room, n, tail, first;

	if (reads(of) || !pp)
		return -L_EBADF;
	if (!pp->readers) {
		/* SIGPIPE first: by default it ends the writer. */
		proc_signal(p, L_SIGPIPE);
		return p->state == P_LIVE ? -L_EPIPE : SYS_NO_REPLY;
	}
	if (!len)
		return 0;
	room = PIPE_SIZE - pp->len;
	if (!room || (len <= L_PIPE_BUF && room < len)) {
		if ((of->flags & L_O_NONBLOCK) || !may_wait)
			return -L_EAGAIN;
		return wait_for(p, pp);
	}
	n = len < room ? len : room;
	tail = (pp->head + pp->len) % PIPE_SIZE;
	first = PIPE_SIZE - tail < n ? PIPE_SIZE - tail : n;
	if (copy_in(p->vm, pp->buf + tail, buf, first) ||
	    (n > first && copy_in(p->vm, pp->buf, buf + first, n - first)))
		return -L_EFAULT; /* nothing given */
	pp->len += (uint32_t)n;
	wake_waiters(pp);
	return (long)n;
}

bool pipe_readable(const struct ofile *of)
{
	return of->pipe && (of->pipe->len || !of->pipe->writers);
}

bool pipe_writable(const struct ofile *of)
{
	return of->pipe && (of->pipe->len < PIPE_SIZE || !of->pipe->readers);
}

bool pipe_hung_up(const struct ofile *of)
{
	return of->pipe &&
	       (reads(of) ? !of->pipe->writers : !of->pipe->readers);
}

long pipe_pending(const struct ofile *of)
{
	return of->pipe && reads(of) ? (long)of->pipe->len : 0;
}
