# Helpers sourced by interop suites.

# need_apt PKG... installs Debian packages that are missing (as root) and
# fails under OXKIT_INTEROP=1 if they cannot be had.
need_apt() {
	local missing=()
	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" = 0 ]; then
		if [ ! -f /tmp/.oxkit-apt-updated ]; then
			apt-get update -qq && touch /tmp/.oxkit-apt-updated
		fi
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
	for p in "${missing[@]}"; do
		if ! dpkg -s "$p" >/dev/null 2>&1; then
			echo "interop: Debian package $p is missing and could not be installed" >&2
			if [ "${OXKIT_INTEROP:-}" = 1 ]; then exit 1; fi
			return 1
		fi
	done
}
