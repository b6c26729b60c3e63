#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Check that every host tool the build needs is present, before anything
# else runs. As root, install what is missing with apt-get (Debian/Ubuntu
# packages only); otherwise print the one apt-get command that fixes it.
#
# usage: check-deps.sh CROSS_COMPILE [MODE]
#   MODE build (default), test, debug or sdimage, and docs alone or after
#   one of them (build+docs, test+docs...). "test" also requires what
#   `make test` (checkformat included) and `make run` need; "debug" the
#   gdb of `make debug`; "sdimage" the FAT tools of `make sdimage`; "docs"
#   what `make htmldocs` needs (Sphinx, Graphviz).

cross=${1-aarch64-linux-gnu-}	# CROSS_COMPILE= (empty): the host's gcc
what=${2:-build}
docs=""		# set when the manual's tools are asked for too
case "$what" in
docs) docs=1; what="" ;;
*+docs) docs=1; what=${what%+docs} ;;
esac
missing=""		# Debian packages to install
foreign_arm64=""	# set when an arm64 package is needed
unfixable=""

need_pkg() {
	case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac
}

have() {
	command -v "$1" >/dev/null 2>&1
}

py_has() {
	for py in ${KAAL_PYTHON:-} python3 /usr/bin/python3; do
		have "$py" && "$py" -c "import $1" >/dev/null 2>&1 && return 0
	done
	return 1
}

check_docs() {
	have sphinx-build || need_pkg python3-sphinx
	# sphinx.ext.graphviz draws the pictures of the manual with dot.
	have dot || need_pkg graphviz
}

check_tools() {
	[ -n "$docs" ] && check_docs
	[ -z "$what" ] && return	# the manual alone
	if ! have "${cross}gcc"; then
		if [ "$cross" = "aarch64-linux-gnu-" ]; then
			need_pkg gcc-aarch64-linux-gnu
		else
			unfixable="$unfixable ${cross}gcc (set CROSS_COMPILE to an installed AArch64 toolchain prefix)"
		fi
	fi
	have make || need_pkg make
	have dtc || need_pkg device-tree-compiler
	if [ ! -f "${LIBFDT_A:-/usr/lib/aarch64-linux-gnu/libfdt.a}" ]; then
		need_pkg libfdt-dev:arm64
		foreign_arm64=1
	fi
	# libfdt-dev:arm64 ships the headers too, and conflicts with libfdt-dev.
	[ -f /usr/include/libfdt.h ] || [ -n "$foreign_arm64" ] ||
		need_pkg libfdt-dev
	# The C library of user programs (scripts/Makefile.user).
	[ -f "${PICOLIBC_DIR:-/usr/lib/picolibc/aarch64-linux-gnu}/lib/release/libc.a" ] ||
		need_pkg picolibc-aarch64-linux-gnu
	# CONFIG_LINUX_DEBIAN_BINARIES: the Linux personality's /test/threads
	# is a static program of Debian's C library (scripts/Makefile.user).
	[ "$cross" != "aarch64-linux-gnu-" ] ||
		[ -f /usr/aarch64-linux-gnu/lib/libc.a ] ||
		need_pkg libc6-dev-arm64-cross
	py_has kconfiglib || need_pkg python3-kconfiglib
	# scripts/dts/gen_defines.py reads the board's DTB with pylibfdt.
	py_has libfdt || need_pkg python3-libfdt
	have cc || need_pkg gcc
	# CONFIG_NET (the default on QEMU virt): scripts/fetch-src.sh fetches
	# Debian's lwip source package with apt-get source, verified against
	# the archive keyring, and unpacks it with dpkg-source.
	have dpkg-source || need_pkg dpkg-dev
	[ -r /usr/share/keyrings/debian-archive-keyring.gpg ] ||
		need_pkg debian-archive-keyring
	if [ "$what" = test ]; then
		have qemu-system-aarch64 || need_pkg qemu-system-arm
		# QEMU virt probes a network card's option ROM at start: without
		# it (a Recommends, not installed here) QEMU refuses to run.
		[ -f /usr/lib/ipxe/qemu/efi-virtio.rom ] || need_pkg ipxe-qemu
		py_has pytest || need_pkg python3-pytest
		# Several test processes at once (without it, one).
		py_has xdist || need_pkg python3-pytest-xdist
		# tests/docs builds the manual (make htmldocs).
		check_docs
		# `make test` runs `make checkformat` first.
		have clang-format-14 || have clang-format ||
			need_pkg clang-format
		# `make prove` (and its run in `make test`): Frama-C's WP
		# with Z3 through Why3.
		have frama-c || need_pkg frama-c-base
		have why3 || need_pkg why3
		have z3 || need_pkg z3
		# `make spin` and tests/proofs: the ring protocol model.
		have spin || need_pkg spin
	fi
	# `make debug`, and the tests that run gdb on kaal.gdb.
	case $what in test|debug) have gdb-multiarch || need_pkg gdb-multiarch ;; esac
	# `make sdimage` (and its tests): a FAT image without loop devices.
	case $what in test|sdimage)
		have mkfs.vfat || need_pkg dosfstools
		have mcopy || need_pkg mtools ;;
	esac
}

check_tools
[ -z "$missing" ] && [ -z "$unfixable" ] && exit 0

if [ -n "$unfixable" ]; then
	echo "*** Missing host tool:$unfixable" >&2
	exit 1
fi

cmd="apt-get install -y$missing"
if [ "$(id -u)" != 0 ] || ! have apt-get; then
	echo "*** Missing host packages:$missing" >&2
	echo "*** Install them with:" >&2
	[ -n "$foreign_arm64" ] && echo "***   sudo dpkg --add-architecture arm64 && sudo apt-get update" >&2
	echo "***   sudo $cmd" >&2
	exit 1
fi

echo "  DEPS    installing:$missing" >&2
{
	[ -n "$foreign_arm64" ] && dpkg --add-architecture arm64
	apt-get update -q &&
	DEBIAN_FRONTEND=noninteractive $cmd -q --no-install-recommends
} >&2 || {
	echo "*** apt-get failed; run it by hand: $cmd" >&2
	exit 1
}
missing=""
check_tools
if [ -n "$missing" ]; then
	echo "*** Still missing after apt-get:$missing" >&2
	exit 1
fi
exit 0
