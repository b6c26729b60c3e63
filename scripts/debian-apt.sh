# SPDX-License-Identifier: GPL-2.0-only
#
# A private apt configuration for one download from Debian, shared by
# scripts/fetch-deb.sh (binary packages) and scripts/fetch-src.sh (source
# packages): sourced, not run. The caller defines fail MESSAGE (prints it
# and exits).
#
# debian_apt_setup DIR LINE [ARCH]
#   DIR/etc/sources.list holds the one LINE ("deb [signed-by=...] mirror
#   suite component", or deb-src), DIR/state and DIR/cache are apt's own
#   (an empty dpkg status: nothing is installed), DIR/apt.conf points apt
#   at them, and APT_CONFIG is exported. The machine's sources, state and
#   cache are untouched; its apt.conf.d (a proxy, say) still applies.
#   ARCH (optional): the only architecture of this configuration, so the
#   index, apt-cache and the download are all of it, whether or not the
#   machine has it enabled (dpkg --add-architecture).
# debian_apt_update DIR
#   apt-get update into DIR, failing on any error and on the warnings
#   with which apt-get update succeeds for a release it cannot verify or
#   fetch: what is downloaded must come from a verified index.

debian_apt_setup() {
	_apt=$1
	rm -rf "$_apt"
	mkdir -p "$_apt/etc/sources.list.d" "$_apt/etc/preferences.d" \
		"$_apt/etc/apt.conf.d" "$_apt/state/lists/partial" \
		"$_apt/cache/archives/partial"
	: >"$_apt/state/status"
	echo "$2" >"$_apt/etc/sources.list"
	{
		echo "Dir::Etc \"$_apt/etc\";"
		echo "Dir::Etc::SourceList \"$_apt/etc/sources.list\";"
		echo "Dir::Etc::SourceParts \"$_apt/etc/sources.list.d\";"
		echo "Dir::Etc::Preferences \"$_apt/etc/preferences\";"
		echo "Dir::Etc::PreferencesParts \"$_apt/etc/preferences.d\";"
		echo "Dir::State \"$_apt/state\";"
		echo "Dir::State::status \"$_apt/state/status\";"
		echo "Dir::Cache \"$_apt/cache\";"
		echo "Debug::NoLocking \"true\";"
		if [ -n "${3:-}" ]; then
			case $3 in
			*[!a-z0-9-]*) fail "bad architecture name '$3'" ;;
			esac
			echo "APT::Architecture \"$3\";"
			echo "APT::Architectures { \"$3\"; };"
		fi
		# As root, apt drops to the _apt user to download, which
		# cannot write to a private directory; it then runs as root.
		[ "$(id -u)" != 0 ] || echo 'APT::Sandbox::User "root";'
	} >"$_apt/apt.conf"
	APT_CONFIG=$_apt/apt.conf
	export APT_CONFIG
}

debian_apt_update() {
	apt-get -q -o Acquire::Retries=2 update >"$1/update.log" 2>&1 ||
		fail "apt-get update failed (no network?), see $1/update.log:
$(tail -n 5 "$1/update.log")"
	if grep -q '^[WE]:' "$1/update.log"; then
		fail "apt-get update could not verify or fetch the index:
$(grep '^[WE]:' "$1/update.log")"
	fi
}
