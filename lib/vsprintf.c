// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small vsnprintf for the loader and the kernel (no floating point).
 * The formats are listed in include/kaal/vsprintf.h.
 */
#include <kaal/string.h>
#include <kaal/vsprintf.h>

struct out {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, written or not */
};

struct spec {
	int width;
	int prec; /* -1: none */
	bool left;
	bool zero;
	int length; /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, sp->prec < 0 ? (size_t)-1 : (size_t)sp->prec);
	if (!sp->left)
		pad(o, sp->width - len, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, sp->width - len, ' ');
}

static void put_num(struct out *o, const struct spec *sp, unsigned long long v,
		    unsigned int base, bool neg, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t start = o->len;
	char tmp[24];
	int n = 0, plen = (int)strlen(prefix) + (neg ? 1 : 0);

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (!sp->left && !sp->zero)
		pad(o, sp->width - n - plen, ' ');
	if (neg)
		put(o, '-');
	while (*prefix)
		put(o, *prefix++);
	if (!sp->left && sp->zero)
		pad(o, sp->width - n - plen, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, sp->width - (int)(o->len - start), ' ');
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		sp->prec = 0;
		f++;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	for (;; f++) {
		if (*f == 'l' || *f == 'z' || *f == 't')
			sp->length = sp->length < 2 ? sp->length + 1 : 2;
		else if (*f == 'h')
			sp->length--;
		else
			break;
	}
	return f;
}

static unsigned long long get_unsigned(const struct spec *sp, va_list *ap)
{
	if (sp->length >= 1)
		return sp->length == 1 ? va_arg(*ap, unsigned long) :
					 va_arg(*ap, unsigned long long);
	if (sp->length == -1)
		return (unsigned short)va_arg(*ap, unsigned int);
	if (sp->length <= -2)
		return (unsigned char)va_arg(*ap, unsigned int);
	return va_arg(*ap, unsigned int);
}

static long long get_signed(const struct spec *sp, va_list *ap)
{
	if (sp->length >= 1)
		return sp->length == 1 ? va_arg(*ap, long) :
					 va_arg(*ap, long long);
	if (sp->length == -1)
		return (short)va_arg(*ap, int);
	if (sp->length <= -2)
		return (signed char)va_arg(*ap, int);
	return va_arg(*ap, int);
}

static void convert(struct out *o, char conv, struct spec *sp, va_list *ap)
{
	long long s;

	switch (conv) {
	case 'd':
	case 'i':
		s = get_signed(sp, ap);
		put_num(o, sp,
			s < 0 ? 0ull - (unsigned long long)s :
				(unsigned long long)s,
			10, s < 0, false, "");
		break;
	case 'u':
		put_num(o, sp, get_unsigned(sp, ap), 10, false, false, "");
		break;
	case 'x':
	case 'X':
		put_num(o, sp, get_unsigned(sp, ap), 16, false, conv == 'X',
			"");
		break;
	case 'o':
		put_num(o, sp, get_unsigned(sp, ap), 8, false, false, "");
		break;
	case 'p':
		sp->zero = true;
		sp->width = 18;
		put_num(o, sp, (uintptr_t)va_arg(*ap, void *), 16, false, false,
			"0x");
		break;
	case 's':
		put_str(o, sp, va_arg(*ap, const char *));
		break;
	case 'c':
		pad(o, sp->left ? 0 : sp->width - 1, ' ');
		put(o, (char)va_arg(*ap, int));
		pad(o, sp->left ? sp->width - 1 : 0, ' ');
		break;
	case '%':
		put(o, '%');
		break;
	default:
		put(o, '%');
		if (conv)
			put(o, conv);
		break;
	}
}

int kaal_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		convert(&o, *fmt, &sp, &args);
		if (*fmt)
			fmt++;
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int kaal_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kaal_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
