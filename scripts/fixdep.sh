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
#
# It runs once per object, so it is one awk process (a pipeline of sed,
# grep, sort and a tr per symbol took 0.2 s an object, twice the compiler's
# time for most of ours). Any POSIX awk (Debian's default is mawk).
#
# The rules that make the generated headers name them relative to the
# object tree, where make runs, and so do the -I options of the build; a
# header of the object tree reached by its absolute path all the same (a
# -I of a project's own flags) would be a second name for the same file,
# one make never connects to the rule that regenerates it. So every
# object-tree path is written relative, as the rules name them.
FIXDEP_TARGET=$2 FIXDEP_CMD=$3 FIXDEP_OBJDIR=$(pwd -L)/ \
FIXDEP_PHYSDIR=$(pwd -P)/ exec awk '
# Every "old" in s replaced by "new", literally (no regular expressions,
# no "&" or backslash rules of gsub).
function replace(s, old, new,   out, i) {
	out = ""
	while ((i = index(s, old)) > 0) {
		out = out substr(s, 1, i - 1) new
		s = substr(s, i + length(old))
	}
	return out s
}
function strip_prefix(s, p) {
	return substr(s, 1, length(p)) == p ? substr(s, length(p) + 1) : s
}
{
	sub(/^[^:]*:/, "")
	sub(/\\$/, "")
	for (i = 1; i <= NF; i++) {
		d = $i
		if (d ~ /:$/ || d ~ /include\/generated\/autoconf\.h$/)
			continue
		d = strip_prefix(strip_prefix(d, ENVIRON["FIXDEP_OBJDIR"]),
				 ENVIRON["FIXDEP_PHYSDIR"])
		if (!(d in seen)) {
			seen[d] = 1
			deps[++ndeps] = d
		}
	}
}
END {
	for (i = 1; i <= ndeps; i++) {
		while ((getline line < deps[i]) > 0) {
			while (match(line, /CONFIG_[A-Za-z0-9_]+/)) {
				s = substr(line, RSTART + 7, RLENGTH - 7)
				if (!(s in symseen)) {
					symseen[s] = 1
					syms[++nsyms] = s
				}
				line = substr(line, RSTART + RLENGTH)
			}
		}
		close(deps[i])
	}
	t = ENVIRON["FIXDEP_TARGET"]
	cmd = replace(replace(ENVIRON["FIXDEP_CMD"], "$", "$$"), "#", "\\#")
	printf "savedcmd_%s := %s\n\n", t, cmd
	printf "deps_%s := \\\n", t
	for (i = 1; i <= ndeps; i++)
		printf "  %s \\\n", deps[i]
	for (i = 1; i <= nsyms; i++)
		printf "  $(wildcard include/config/%s.h) \\\n",
		       replace(tolower(syms[i]), "_", "/")
	printf "\n%s: $(deps_%s)\n\n$(deps_%s):\n", t, t, t
}' "$1"
