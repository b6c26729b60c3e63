#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# fetch-linux-guest.sh DIR: Debian's arm64 Linux kernel, for `make
# bench-net-linux` (Documentation/networking.rst, "Figures"): the
# metapackage linux-image-arm64 of the release fetch-deb.sh uses, then
# the kernel package it depends on, unpacked into DIR/kernel/root
# (boot/vmlinuz-*, lib/modules/*). Both come through scripts/fetch-deb.sh
# and its per-machine download cache (the kernel package is about 70 MB,
# fetched once), verified as it verifies.
set -eu
dir=${1:?usage: fetch-linux-guest.sh DIR}
here=$(dirname "$0")
"$here/fetch-deb.sh" "$dir/meta" linux-image-arm64 main arm64
kernel=$(sed -n 's/^Depends: \(linux-image-[0-9][^ ,]*\).*/\1/p' \
	"$dir/meta/linux-image-arm64.control")
if [ -z "$kernel" ]; then
	echo "*** linux-image-arm64 names no kernel package in its Depends" >&2
	exit 1
fi
"$here/fetch-deb.sh" "$dir/kernel" "$kernel" main arm64
