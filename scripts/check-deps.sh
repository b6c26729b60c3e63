#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Check that every host tool the build needs is present, before anything
# else runs. As root, install what is missing with apt-get (Debian/Ubuntu
# packages only); otherwise print the one apt-get command that fixes it.
#
# usage: check-deps.sh CROSS_COMPILE [test]
#   "test" also requires what `make test` (checkformat included) and
#   `make run` need.

cross=${1:-aarch64-linux-gnu-}
what=${2:-build}
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

check_tools() {
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
	py_has kconfiglib || need_pkg python3-kconfiglib
	have cc || need_pkg gcc
	if [ "$what" = test ]; then
		have qemu-system-aarch64 || need_pkg qemu-system-arm
		# QEMU virt probes a network card's option ROM at start: without
		# it (a Recommends, not installed here) QEMU refuses to run.
		[ -f /usr/lib/ipxe/qemu/efi-virtio.rom ] || need_pkg ipxe-qemu
		py_has pytest || need_pkg python3-pytest
		# Several test processes at once (without it, one).
		py_has xdist || need_pkg python3-pytest-xdist
		# `make test` runs `make checkformat` first.
		have clang-format-14 || have clang-format ||
			need_pkg clang-format
		# `make spin` and tests/proofs: the ring protocol model.
		have spin || need_pkg spin
	fi
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
