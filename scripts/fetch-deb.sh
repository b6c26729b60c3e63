#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch one Debian package with a private apt configuration and unpack
# it, without touching the machine's apt sources, state or cache.
#
# usage: fetch-deb.sh DIR PACKAGE COMPONENT [ARCH]
#   DIR        where everything goes: DIR/apt/ (the private sources list,
#              state and cache), DIR/PACKAGE_*.deb, DIR/root/ (unpacked),
#              DIR/PACKAGE.control (its control fields: Depends...)
#   PACKAGE    the package (e.g. raspi-firmware)
#   COMPONENT  the archive component it is in (e.g. non-free-firmware),
#              which the machine's sources may not list
#   ARCH       the Debian architecture to fetch it for (e.g. arm64);
#              default the machine's own (dpkg --print-architecture)
#
# The sources list names the machine's own Debian release (VERSION_CODENAME
# of /etc/os-release; KAAL_DEBIAN_SUITE overrides it) on deb.debian.org
# (KAAL_DEBIAN_MIRROR overrides it) with the system's archive keyring, so
# apt verifies what it always does: the signature of the release file
# against that keyring, and the package's size and SHA256 against the
# signed index. Nothing is installed; dpkg-deb only unpacks the archive.
# On success DIR/PACKAGE.version holds "<version> <sha256>".
#
# The packages are kept in a download cache that every object tree of
# the machine shares: $KAAL_DL_DIR, by default ~/.cache/kaal/dl
# ($XDG_CACHE_HOME/kaal/dl). A package there (one per mirror, release,
# component and architecture) is used without the network once its
# SHA256 matches the one recorded when it was fetched from the signed
# index; one that does not match is fetched again. Delete the cache's
# files (or set KAAL_DEBIAN_REFRESH=1) to take a newer version. A lock
# in the cache keeps parallel builds from fetching the same package at
# once.

set -eu
. "$(dirname "$0")/debian-apt.sh"

usage='usage: fetch-deb.sh DIR PACKAGE COMPONENT [ARCH]'
dir=${1:?$usage}
pkg=${2:?$usage}
component=${3:?$usage}
arch=${4:-}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mirror=${KAAL_DEBIAN_MIRROR:-http://deb.debian.org/debian}

fail() {
	echo "*** Cannot fetch $pkg${arch:+:$arch} from Debian's $component: $*" >&2
	exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not installed"
command -v dpkg-deb >/dev/null 2>&1 || fail "dpkg-deb is not installed"
[ -r "$keyring" ] || fail "no $keyring (package debian-archive-keyring)"
suite=${KAAL_DEBIAN_SUITE:-$(. /etc/os-release 2>/dev/null &&
	echo "${VERSION_CODENAME:-}")}
[ -n "$suite" ] || fail "no VERSION_CODENAME in /etc/os-release; set KAAL_DEBIAN_SUITE"

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
rm -rf "$dir/apt" "$dir/root" "$dir/$pkg.version"

cache=${KAAL_DL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kaal/dl}
mkdir -p "$cache" 2>/dev/null || fail "cannot make the download cache $cache"
cache=$(cd "$cache" && pwd)
origin=$(printf '%s %s %s %s' "$mirror" "$suite" "$component" "$arch" |
	sha256sum | cut -c1-12)
key=$pkg${arch:+_$arch}-$origin
cached=$cache/$key.deb

# The package from the cache into DIR: its SHA256 checked against the
# one the signed index gave when it was fetched.
unpack() {
	read -r version sha <"$cache/$key.version" || return 1
	echo "$sha  $cached" | sha256sum -c --quiet - 2>/dev/null || return 1
	dpkg-deb -x "$cached" "$dir/root" || fail "dpkg-deb cannot unpack $cached"
	dpkg-deb -f "$cached" >"$dir/$pkg.control" ||
		fail "dpkg-deb cannot read the control fields of $cached"
	echo "$version $sha" >"$dir/$pkg.version"
	echo "  APT     $pkg${arch:+:$arch} $version from the cache $cache (SHA256 verified)" >&2
}

if command -v flock >/dev/null 2>&1; then
	exec 9>"$cache/$key.lock"
	flock 9
fi
if [ -z "${KAAL_DEBIAN_REFRESH:-}" ] && [ -f "$cache/$key.version" ] &&
	[ -f "$cached" ]; then
	unpack && exit 0
	echo "  APT     $cached does not match its record: fetching it again" >&2
fi
rm -f "$cached" "$cache/$key.version"
apt=$cache/$key.apt
debian_apt_setup "$apt" "deb [signed-by=$keyring] $mirror $suite $component" \
	"$arch"
echo "  APT     $pkg${arch:+:$arch} from $mirror $suite/$component" >&2
debian_apt_update "$apt"
version=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null |
	sed -n 's/^Version: //p')
sha=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null |
	sed -n 's/^SHA256: //p')
[ -n "$version" ] || fail "$suite/$component has no package $pkg"
rm -rf "$apt/download"
mkdir -p "$apt/download"
(cd "$apt/download" && apt-get -q download "$pkg") >"$apt/download.log" 2>&1 ||
	fail "apt-get download failed, see $apt/download.log:
$(tail -n 5 "$apt/download.log")"
deb=$(ls "$apt/download/$pkg"_*.deb)
# apt checked the hash; checking again costs nothing and says which.
echo "$sha  $deb" | sha256sum -c --quiet - ||
	fail "$deb does not match the SHA256 of the signed index"
mv "$deb" "$cached"
rm -rf "$apt/download"
echo "$version $sha" >"$cache/$key.version"
echo "  APT     $pkg${arch:+:$arch} $version (SHA256 $sha, verified by apt) into $cache" >&2
unpack || fail "$cached: not what was just fetched"
