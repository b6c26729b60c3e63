#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The C style of the tree, as .clang-format describes it (Linux kernel
# style: tabs, 80 columns), checked or applied with clang-format.
#
# usage: clang-format.sh check|fix SRCTREE
#   check  list the files clang-format would change, fail if there are any
#          (`make checkformat`, run first by `make test`)
#   fix    rewrite them in place (`make format`)
#
# The files are the C sources and headers git knows about (tracked, or
# new and not ignored) under the directories below, wherever they move
# within them; assembly (.S, and headers of assembler macros), generated
# headers and object trees are not.
# $CLANG_FORMAT names the binary; otherwise clang-format-14 (the version
# .clang-format is written for, Debian 12's), then clang-format.

mode=$1
srctree=${2:-.}
dirs="kernel arch boot drivers include lib user tests/unit examples"

case $mode in
check|fix) ;;
*) echo "usage: $0 check|fix SRCTREE" >&2; exit 2 ;;
esac

cf=${CLANG_FORMAT:-}
if [ -z "$cf" ]; then
	for c in clang-format-14 clang-format; do
		command -v "$c" >/dev/null 2>&1 && { cf=$c; break; }
	done
fi
if [ -z "$cf" ] || ! command -v "$cf" >/dev/null 2>&1; then
	echo "*** clang-format not found; install it with:" >&2
	echo "***   sudo apt-get install clang-format" >&2
	exit 1
fi

cd "$srctree" || exit 1
list=$(mktemp) || exit 1
out=$(mktemp) || { rm -f "$list"; exit 1; }
trap 'rm -f "$list" "$out"' EXIT

# A line of assembly: an assembler directive starting a line, not
# followed by `=` (a designated initializer such as `.size = 4` is C).
asm_line='^[[:space:]]*\.(macro|endm|globl|global|section|text|data|align|balign|quad|word|long|byte|ascii|asciz|set|equ|type|size|rept|endr)([[:space:]]+[^=[:space:]]|[[:space:]]*$)'

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	git ls-files --cached --others --exclude-standard -- $dirs
else
	# shellcheck disable=SC2086
	find $dirs -type f 2>/dev/null
fi | grep -E '\.[ch]$' | grep -v '/generated/' | sort -u |
while read -r f; do
	[ -f "$f" ] || continue
	# A header of assembler macros for .S files (arch/arm64/include/
	# asm/asm.h) is not C: clang-format would join its lines into one.
	if grep -qE "$asm_line" "$f"; then
		[ "$mode" = check ] && echo "  FORMAT  skipped (assembly): $f" >&2
		continue
	fi
	echo "$f"
done >"$list"

if [ ! -s "$list" ]; then
	echo "  FORMAT  no C files found under: $dirs" >&2
	exit 0
fi

if [ "$mode" = fix ]; then
	xargs "$cf" -i --style=file <"$list" || exit 1
	echo "  FORMAT  $(wc -l <"$list") files formatted with $cf"
	exit 0
fi

# --dry-run --Werror: an error for each place it would change, and a
# non-zero status if there is any.
xargs "$cf" --dry-run --Werror --style=file <"$list" >"$out" 2>&1
status=$?
bad=$(grep -E '^[^ :]+:[0-9]+:[0-9]+: .*clang-format-violations' "$out" |
	cut -d: -f1 | sort | uniq -c)
if [ $status -ne 0 ] && [ -z "$bad" ]; then
	cat "$out" >&2		# clang-format itself failed
	exit 1
fi
if [ -z "$bad" ]; then
	echo "  FORMAT  $(wc -l <"$list") files follow .clang-format"
	exit 0
fi
nfiles=$(echo "$bad" | wc -l)
echo "*** $nfiles of $(wc -l <"$list") C files differ from .clang-format ($cf):" >&2
echo "$bad" | while read -r n f; do
	echo "***   $f ($n places)" >&2
done
echo "*** Run \`make format\` to reformat them in place (clang-format -i)," >&2
echo "*** or see one file's changes with: $cf FILE | diff -u FILE -" >&2
exit 1
