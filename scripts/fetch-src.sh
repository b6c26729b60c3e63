#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch one Debian *source* package with a private apt configuration and
# unpack it, without touching the machine's apt sources, state or cache.
# The sibling of fetch-deb.sh, for sources: lwIP comes from Debian's lwip
# source package (Documentation/networking.rst, "lwIP").
#
# usage: fetch-src.sh DIR PACKAGE [COMPONENT]
#   DIR        the object tree's directory for it: DIR/src/ (unpacked,
#              Debian's patches applied), DIR/PACKAGE.version
#   PACKAGE    the source package (e.g. lwip)
#   COMPONENT  the archive component it is in (default main)
#
# Downloads go to a per-machine cache shared by every object tree,
# $KAAL_DL_DIR/PACKAGE/ (default ~/.cache/kaal/dl/PACKAGE/: the private
# apt configuration, state and cache, the .dsc and its tarballs, and
# PACKAGE.version), so the many builds of `make test` fetch once; a lock
# serialises builds that fetch at the same time. The one sources list has
# a single deb-src entry, for this download only: KAAL_DEBIAN_SUITE
# (default bookworm: the source is the same whatever the build machine
# runs, and our lwipopts.h is written for its version) on deb.debian.org
# (KAAL_DEBIAN_MIRROR overrides it), signed-by the system's Debian
# archive keyring. What is verified:
#   - apt-get update: the signature of the release file against that
#     keyring, then the Sources index against the release file's hashes;
#   - apt-get source --download-only: each file (.dsc, tarballs) against
#     the size and hashes the signed Sources index lists;
#   - on every use of the cache: the .dsc against the SHA256 the signed
#     index gave when it was downloaded (PACKAGE.version), and, by
#     dpkg-source -x, each tarball against the checksums in the .dsc.
# The .dsc's own OpenPGP signature is the uploader's, whose key is not in
# the archive keyring; the chain above does not need it. Nothing is
# installed and nothing is built here. On success DIR/PACKAGE.version
# holds "<version> <sha256 of the .dsc>", the file make depends on.

set -eu
. "$(dirname "$0")/debian-apt.sh"

usage="usage: fetch-src.sh DIR PACKAGE [COMPONENT]"
dir=${1:?$usage}
pkg=${2:?$usage}
component=${3:-main}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mirror=${KAAL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${KAAL_DEBIAN_SUITE:-bookworm}

fail() {
	echo "*** Cannot fetch the source package $pkg from Debian $suite/$component: $*" >&2
	exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not installed"
command -v dpkg-source >/dev/null 2>&1 ||
	fail "dpkg-source is not installed (package dpkg-dev)"
[ -r "$keyring" ] || fail "no $keyring (package debian-archive-keyring)"

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
dl=${KAAL_DL_DIR:-${HOME:+$HOME/.cache/kaal/dl}}
[ -n "$dl" ] || dl=$dir/dl
mkdir -p "$dl/$pkg" 2>/dev/null ||
	fail "cannot create the download cache $dl/$pkg (set KAAL_DL_DIR)"
dl=$(cd "$dl/$pkg" && pwd)
rm -rf "$dir/src" "$dir/$pkg.version"

# The cached .dsc, if its SHA256 is the one the signed index gave.
cached() {
	[ -f "$dl/$pkg.version" ] || return 1
	read -r version sha <"$dl/$pkg.version" || return 1
	dsc=$dl/${pkg}_${version#*:}.dsc
	[ -f "$dsc" ] &&
		echo "$sha  $dsc" | sha256sum -c --quiet - >/dev/null 2>&1
}

download() {
	apt=$dl/apt
	rm -f "$dl/$pkg.version"
	debian_apt_setup "$apt" \
		"deb-src [signed-by=$keyring] $mirror $suite $component"
	echo "  APT     source $pkg from $mirror $suite/$component" >&2
	debian_apt_update "$apt"
	version=$(apt-cache showsrc --only-source "$pkg" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1)
	[ -n "$version" ] || fail "$suite/$component has no source package $pkg"
	rm -f "$dl/$pkg"_*
	(cd "$dl" && apt-get -q source --download-only --only-source \
		"$pkg=$version") >"$apt/download.log" 2>&1 ||
		fail "apt-get source failed, see $apt/download.log:
$(tail -n 5 "$apt/download.log")"
	# The version without its epoch, as Debian names the files.
	dsc=$dl/${pkg}_${version#*:}.dsc
	[ -f "$dsc" ] || fail "apt-get source left no $dsc"
	# apt checked every file against the signed index; checking the
	# .dsc again costs nothing and says which.
	sha=$(apt-cache showsrc --only-source "$pkg" 2>/dev/null |
		awk -v f="$(basename "$dsc")" '/^Checksums-Sha256:/ { s = 1; next }
			/^[^ ]/ { s = 0 } s && $3 == f { print $1; exit }')
	[ -n "$sha" ] ||
		fail "the signed index lists no SHA256 for $(basename "$dsc")"
	echo "$sha  $dsc" | sha256sum -c --quiet - ||
		fail "$dsc does not match the SHA256 of the signed index"
	echo "$version $sha" >"$dl/$pkg.version"
	echo "  APT     source $pkg $version (.dsc SHA256 $sha, verified by apt)" >&2
}

# One build at a time fills the cache; the others wait, then use it.
exec 9>"$dl/.lock"
! command -v flock >/dev/null 2>&1 || flock 9
if cached; then
	echo "  APT     source $pkg $version from $dl" >&2
else
	download
fi
exec 9>&-
# dpkg-source checks the tarballs against the checksums in the .dsc and
# stops on a mismatch; it cannot check the uploader's signature (a
# warning).
dpkg-source -x "$dsc" "$dir/src" >"$dir/unpack.log" 2>&1 ||
	fail "dpkg-source -x failed (a damaged download: remove $dl), see $dir/unpack.log:
$(tail -n 5 "$dir/unpack.log")"
echo "$version $sha" >"$dir/$pkg.version"
