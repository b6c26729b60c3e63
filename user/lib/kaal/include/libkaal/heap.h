/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The heap behind picolibc's malloc. Its nano allocator grows the heap
 * with picolibc's sbrk(), between the symbols __heap_start and __heap_end
 * that user/user.lds defines: KAAL_HEAP_SIZE bytes after .bss, in a
 * program that links sbrk (that allocates) and in no other. sbrk never
 * gives memory back; past the end malloc returns NULL with errno ENOMEM.
 */
#ifndef LIBKAAL_HEAP_H
#define LIBKAAL_HEAP_H

/* The same number is in user/user.lds. */
#define KAAL_HEAP_SIZE (64u * 1024)

#endif /* LIBKAAL_HEAP_H */
