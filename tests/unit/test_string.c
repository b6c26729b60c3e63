// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/string.c against the C library: the same results (the sign of
 * comparisons, the pointers returned, the bytes written) for overlapping
 * memmove in both directions, high-bit bytes, strtoul in every base with
 * prefixes, overflow and end pointers; strlcpy against its BSD contract.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaal_string.h"
#include "ktest.h"

static int sign(long v)
{
	return (v > 0) - (v < 0);
}

/* Deterministic test data with every byte value, high bits included. */
static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (unsigned char)(seed >> 16);
	}
}

TEST(memmove_overlap_matches_libc)
{
	enum { N = 48 };
	/* Aligned, so that offsets 0, 8 and 16 take the word loops. */
	_Alignas(16) unsigned char base[N], want[N], got[N];

	fill(base, N, 1);
	for (size_t src = 0; src < 24; src++) {
		for (size_t dst = 0; dst < 24; dst++) {
			for (size_t n = 0; n <= 24; n++) {
				memcpy(want, base, N);
				memcpy(got, base, N);
				memmove(want + dst, want + src, n);
				void *r = kaal_memmove(got + dst, got + src, n);
				if (!CHECK_EQ_PTR(got + dst, r) ||
				    !CHECK_EQ_MEM(want, got, N))
					return;
			}
		}
	}
}

TEST(memmove_whole_buffer_shift)
{
	char buf[] = "0123456789";

	kaal_memmove(buf + 1, buf, 9);
	CHECK_EQ_STR("0012345678", buf);
	kaal_memmove(buf, buf + 2, 8);
	CHECK_EQ_STR("1234567878", buf);
	kaal_memmove(buf, buf, 10);
	CHECK_EQ_STR("1234567878", buf);
}

TEST(memcpy_and_memset)
{
	unsigned char src[64], dst[80];

	fill(src, sizeof(src), 2);
	for (size_t n = 0; n <= sizeof(src); n++) {
		memset(dst, 0xee, sizeof(dst));
		if (!CHECK_EQ_PTR(dst + 8, kaal_memcpy(dst + 8, src, n)))
			return;
		CHECK_EQ_MEM(src, dst + 8, n);
		CHECK_EQ_UINT(0xee, dst[7]);
		CHECK_EQ_UINT(0xee, dst[8 + n]);
	}
	for (size_t n = 0; n <= 64; n += 7) {
		memset(dst, 0xee, sizeof(dst));
		/* Only the low byte of c is stored. */
		CHECK_EQ_PTR(dst + 1, kaal_memset(dst + 1, 0x1ab, n));
		for (size_t i = 0; i < n; i++)
			if (!CHECK_EQ_UINT(0xab, dst[1 + i]))
				return;
		CHECK_EQ_UINT(0xee, dst[0]);
		CHECK_EQ_UINT(0xee, dst[1 + n]);
	}
}

/* memcpy and memset move words when both ends are 8-byte aligned, bytes
 * otherwise: every alignment of source and destination, every length
 * around the word size, and nothing written outside the range. */
TEST(memcpy_memset_every_alignment)
{
	enum { N = 80 };
	_Alignas(16) unsigned char src[N], dst[N], want[N];
	static const int values[] = { 0, 0xff, 0x1a5, -1 };

	fill(src, N, 5);
	for (size_t so = 0; so < 16; so++) {
		for (size_t d = 0; d < 16; d++) {
			for (size_t n = 0; n <= 40; n++) {
				memset(dst, 0xee, N);
				memset(want, 0xee, N);
				memcpy(want + d, src + so, n);
				kaal_memcpy(dst + d, src + so, n);
				if (!CHECK_EQ_MEM(want, dst, N)) {
					printf("        (src +%zu, dst +%zu, %zu "
					       "bytes)\n",
					       so, d, n);
					return;
				}
			}
		}
	}
	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
		for (size_t d = 0; d < 16; d++) {
			for (size_t n = 0; n <= 40; n++) {
				memset(dst, 0xee, N);
				memset(want, 0xee, N);
				memset(want + d, values[v], n);
				kaal_memset(dst + d, values[v], n);
				if (!CHECK_EQ_MEM(want, dst, N)) {
					printf("        (value %d, dst +%zu, %zu "
					       "bytes)\n",
					       values[v], d, n);
					return;
				}
			}
		}
	}
}

TEST(memcmp_sign_matches_libc)
{
	unsigned char a[32], b[32];

	fill(a, sizeof(a), 3);
	for (size_t i = 0; i < sizeof(a); i++) {
		for (int delta = -200; delta <= 200; delta += 57) {
			memcpy(b, a, sizeof(b));
			b[i] = (unsigned char)(b[i] + delta);
			for (size_t n = 0; n <= sizeof(a); n += 5)
				if (!CHECK_EQ_INT(sign(memcmp(a, b, n)),
						  sign(kaal_memcmp(a, b, n))))
					return;
		}
	}
	CHECK_EQ_INT(0, kaal_memcmp("a", "b", 0));
	/* Bytes compare as unsigned char. */
	CHECK(kaal_memcmp("\x80", "\x7f", 1) > 0);
}

TEST(memchr_matches_libc)
{
	unsigned char buf[40];

	fill(buf, sizeof(buf), 4);
	for (int c = -1; c < 0x200; c += 3)
		for (size_t n = 0; n <= sizeof(buf); n += 3)
			if (!CHECK_EQ_PTR(memchr(buf, c, n),
					  kaal_memchr(buf, c, n)))
				return;
}

static const char *const strings[] = {
	"",	 "a",	  "b",		 "ab",	  "abc",
	"abd",	 "abcd",  "ABC",	 "\x80",  "\x7f",
	"a\xff", "a\x01", "hello world", "hello", "hello\xe9",
};

TEST(strlen_strnlen)
{
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		const char *s = strings[i];

		CHECK_EQ_UINT(strlen(s), kaal_strlen(s));
		for (size_t max = 0; max <= strlen(s) + 2; max++)
			CHECK_EQ_UINT(strnlen(s, max), kaal_strnlen(s, max));
	}
}

TEST(strcmp_strncmp_sign_matches_libc)
{
	size_t n = sizeof(strings) / sizeof(strings[0]);

	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			const char *a = strings[i], *b = strings[j];

			CHECK_EQ_INT(sign(strcmp(a, b)),
				     sign(kaal_strcmp(a, b)));
			for (size_t k = 0; k <= 13; k++)
				CHECK_EQ_INT(sign(strncmp(a, b, k)),
					     sign(kaal_strncmp(a, b, k)));
		}
	}
}

TEST(strchr_strrchr_match_libc)
{
	static const char s[] = "abcabc\xe9x";
	const int cs[] = { 'a',	 'b',  'c',	    'x',       'z',
			   '\0', 0xe9, 0x100 + 'a', (char)0xe9 };

	for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		CHECK_EQ_PTR(strchr(s, cs[i]), kaal_strchr(s, cs[i]));
		CHECK_EQ_PTR(strrchr(s, cs[i]), kaal_strrchr(s, cs[i]));
	}
	CHECK_EQ_PTR(s + strlen(s), kaal_strchr(s, '\0'));
	CHECK_NULL(kaal_strchr("", 'a'));
}

/* strlcpy as OpenBSD documents it: copies at most size-1 bytes,
 * NUL-terminates when size > 0, returns strlen(src). */
TEST(strlcpy_contract)
{
	static const char *const srcs[] = { "", "a", "hello", "exactly8" };

	for (size_t i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		const char *src = srcs[i];
		size_t len = strlen(src);

		for (size_t size = 1; size <= len + 2; size++) {
			/* Exactly @size bytes: ASan catches any write past. */
			char *dst = malloc(size);
			size_t n = len < size - 1 ? len : size - 1;

			memset(dst, 'z', size);
			CHECK_EQ_UINT(len, kaal_strlcpy(dst, src, size));
			CHECK_EQ_MEM(src, dst, n);
			CHECK_EQ_INT('\0', dst[n]);
			free(dst);
		}
	}
}

TEST(strlcpy_size_zero_writes_nothing)
{
	char canary[2] = { 'z', 'z' };

	CHECK_EQ_UINT(5, kaal_strlcpy(canary, "hello", 0));
	CHECK_EQ_INT('z', canary[0]);
}

/* Inputs on which lib/string.c's strtoul promises C's behaviour: it skips
 * only ' ', '\t' and '\n' and does not accept a '-' sign, unlike C. */
static const char *const numbers[] = {
	"0",
	"1",
	"42",
	"  42",
	"\t\n7",
	"+7",
	"+",
	"",
	"   ",
	"x",
	"007",
	"0x1A",
	"0X1a",
	"0x",
	"0xg",
	"0x0x5",
	"0b101",
	"1010",
	"777",
	"8",
	"09",
	"z",
	"Zz",
	"ffff",
	"deadbeef",
	"123abc",
	"12 34",
	"+0x10",
	"18446744073709551615",
	"18446744073709551616",
	"99999999999999999999999999",
	"0xffffffffffffffff",
	"0x10000000000000000",
	"01777777777777777777777",
	"02000000000000000000000",
	"1111111111111111111111111111111111111111"
	"111111111111111111111111",
	"11111111111111111111111111111111111111"
	"1111111111111111111111111111",
	"zzzzzzzzzzzzz",
	"3w5e11264sgsg",
};

TEST(strtoul_matches_libc)
{
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			const char *s = numbers[i];
			char *wend, *gend;
			unsigned long want = strtoul(s, &wend, bases[b]);
			unsigned long got = kaal_strtoul(s, &gend, bases[b]);

			if (!ktest_check(want == got && wend == gend, __FILE__,
					 __LINE__,
					 "strtoul(\"%s\", base %d): libc "
					 "%lu, end +%td; kaal %lu, end +%td",
					 s, bases[b], want, wend - s, got,
					 gend - s))
				return;
		}
	}
}

TEST(strtoul_null_end_and_saturation)
{
	CHECK_EQ_UINT(255, kaal_strtoul("0xff", NULL, 0));
	CHECK_EQ_UINT(ULONG_MAX,
		      kaal_strtoul("123456789012345678901234567890", NULL, 10));
	CHECK_EQ_UINT(ULONG_MAX,
		      kaal_strtoul("18446744073709551615", NULL, 10));
	CHECK_EQ_UINT(ULONG_MAX - 1,
		      kaal_strtoul("18446744073709551614", NULL, 10));
}
