// SPDX-License-Identifier: BSD-2-Clause
/* The initial stack of a Linux process (stack.h). */
#include <string.h>
#include "abi.h"
#include "stack.h"

struct builder {
	uint8_t *buf;
	uint64_t base, top, at; /* buf stands for [base, top); at moves down */
	int failed;
};

/* Push @len bytes below the current position; their address. */
static uint64_t push(struct builder *b, const void *p, size_t len)
{
	if (b->failed || len > b->at - b->base) {
		b->failed = 1;
		return 0;
	}
	b->at -= len;
	memcpy(b->buf + (b->at - b->base), p, len);
	return b->at;
}

static uint64_t push_str(struct builder *b, const char *s)
{
	return push(b, s, strlen(s) + 1);
}

static void put_word(struct builder *b, uint64_t addr, uint64_t v)
{
	memcpy(b->buf + (addr - b->base), &v, 8);
}

uint64_t stack_build(const struct stack_spec *s, uint8_t *buf, size_t size)
{
	struct builder b = { buf, s->top - size, s->top, s->top, 0 };
	uint64_t execfn, platform, random, sp, at;
	uint64_t argv[STACK_MAX_ARGS], envp[STACK_MAX_ARGS];
	uint64_t words;

	if (size > s->top || s->nauxv > STACK_MAX_AUXV ||
	    s->argc > STACK_MAX_ARGS || s->envc > STACK_MAX_ARGS)
		return 0;
	memset(buf, 0, size);
	push(&b, "\0\0\0\0\0\0\0", 8); /* an end marker, as Linux leaves */
	execfn = push_str(&b, s->execfn);
	for (unsigned int i = s->envc; i-- > 0;)
		envp[i] = push_str(&b, s->envp[i]);
	for (unsigned int i = s->argc; i-- > 0;)
		argv[i] = push_str(&b, s->argv[i]);
	platform = push_str(&b, s->platform);
	b.at &= ~15ull;
	random = push(&b, s->random, 16);
	if (b.failed)
		return 0;
	/* argc, argv[] NULL, envp[] NULL, auxv pairs + 3 of ours + AT_NULL. */
	words = 1 + (s->argc + 1) + (s->envc + 1) +
		2 * ((uint64_t)s->nauxv + 4);
	if (words * 8 + 16 > b.at - b.base)
		return 0;
	sp = (b.at - words * 8) & ~15ull;
	at = sp;
	put_word(&b, at, s->argc);
	at += 8;
	for (unsigned int i = 0; i < s->argc; i++, at += 8)
		put_word(&b, at, argv[i]);
	put_word(&b, at, 0);
	at += 8;
	for (unsigned int i = 0; i < s->envc; i++, at += 8)
		put_word(&b, at, envp[i]);
	put_word(&b, at, 0);
	at += 8;
	for (unsigned int i = 0; i < s->nauxv; i++, at += 16) {
		put_word(&b, at, s->auxv[i][0]);
		put_word(&b, at + 8, s->auxv[i][1]);
	}
	put_word(&b, at, L_AT_RANDOM);
	put_word(&b, at + 8, random);
	put_word(&b, at + 16, L_AT_EXECFN);
	put_word(&b, at + 24, execfn);
	put_word(&b, at + 32, L_AT_PLATFORM);
	put_word(&b, at + 40, platform);
	put_word(&b, at + 48, L_AT_NULL);
	put_word(&b, at + 56, 0);
	return sp;
}
