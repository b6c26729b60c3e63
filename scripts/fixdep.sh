#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# fixdep.sh DEPFILE TARGET SAVEDCMD > .TARGET.cmd
#
# Turn the compiler's dependency file into the target's .cmd file, as
# Linux's fixdep does: the saved command line (so a changed command
# rebuilds), the real prerequisites, and - instead of a dependency on
# autoconf.h, which would rebuild everything on any configuration change -
# one dependency per CONFIG_ symbol the source and its headers mention, on
# the file include/config/<sym>.h that Kconfiglib's sync_deps() touches
# when that symbol's value changes.
depfile=$1
target=$2
savedcmd=$(printf '%s' "$3" | sed -e 's/\$/$$/g' -e 's/#/\\#/g')

# The rules that make the generated headers name them relative to the
# object tree, where make runs, and so do the -I options of the build; a
# header of the object tree reached by its absolute path all the same (a
# -I of a project's own flags) would be a second name for the same file,
# one make never connects to the rule that regenerates it. So every
# object-tree path is written relative, as the rules name them.
objdir=$(pwd -L)/ physdir=$(pwd -P)/
deps=$(sed -e 's/^[^:]*://' -e 's/\\$//' "$depfile" | tr ' \t' '\n\n' |
	grep -v -e '^$' -e ':$' -e 'include/generated/autoconf\.h$' |
	while read -r d; do d=${d#"$objdir"}; printf '%s\n' "${d#"$physdir"}"; done | sort -u)
# shellcheck disable=SC2086
syms=$(grep -ohE 'CONFIG_[A-Za-z0-9_]+' $deps 2>/dev/null | sort -u)

printf 'savedcmd_%s := %s\n\n' "$target" "$savedcmd"
printf 'deps_%s := \\\n' "$target"
for d in $deps; do
	printf '  %s \\\n' "$d"
done
for s in $syms; do
	f=$(printf '%s' "${s#CONFIG_}" | tr 'A-Z_' 'a-z/')
	printf '  $(wildcard include/config/%s.h) \\\n' "$f"
done
printf '\n%s: $(deps_%s)\n\n$(deps_%s):\n' "$target" "$target" "$target"
