/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Basic kernel types. The kernel is freestanding: these come from the
 * compiler's own <stdint.h>/<stddef.h>/<stdbool.h>, never from a libc.
 */
#ifndef KAAL_TYPES_H
#define KAAL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t; /* physical address */
typedef uint64_t vaddr_t; /* virtual address */
typedef uint64_t word_t;  /* one machine word / message register */

#define BIT(n)		 (1ul << (n))
#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b)	 ((a) < (b) ? (a) : (b))
#define MAX(a, b)	 ((a) > (b) ? (a) : (b))

/*
 * For the ACSL contracts (Documentation/assurance.rst): facts of powers
 * of two and of division that Z3 does not find by itself (they need
 * induction or non-linear arithmetic); assumed, not proved.
 */
/*@ axiomatic Arith {
      axiom pow2_positive: \forall integer n; 0 <= n ==> (1 << n) >= 1;
      axiom pow2_monotonic: \forall integer m, n; 0 <= m <= n ==>
	(1 << m) <= (1 << n);
      axiom pow2_double: \forall integer n; 0 <= n ==>
	(1 << (n + 1)) == 2 * (1 << n);
      axiom round_down: \forall integer x, a; 0 <= x && 1 <= a ==>
	(x / a * a) % a == 0 && x / a * a <= x && x < x / a * a + a;
      axiom mul_below: \forall integer x, a, c; 0 <= x && 1 <= a &&
	0 <= c <= x / a ==> 0 <= c * a <= x;
    }
 */

#define __noreturn   __attribute__((noreturn))
#define __packed     __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __section(s) __attribute__((section(s)))
#define __unused     __attribute__((unused))
#define __noinline   __attribute__((noinline))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x)      __builtin_expect(!!(x), 1)
#define unlikely(x)    __builtin_expect(!!(x), 0)

/*
 * IS_ENABLED(CONFIG_FOO): 1 when autoconf.h defines CONFIG_FOO to 1, else 0,
 * usable in ordinary C expressions so both branches are always compiled.
 * A defined option pastes to KAAL__PLACEHOLDER_1, which expands to "0,"
 * and shifts the 1 into the second argument position.
 */
#define KAAL__PLACEHOLDER_1		0,
#define kaal__second(ignored, val, ...) val
#define kaal__is_set3(junk)		kaal__second(junk 1, 0, 0)
#define kaal__is_set2(val)		kaal__is_set3(KAAL__PLACEHOLDER_##val)
#define IS_ENABLED(option)		kaal__is_set2(option)

#endif /* KAAL_TYPES_H */
