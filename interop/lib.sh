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

# need_npm PKG@VERSION... installs npm packages into interop/node_modules
# (kept out of git) and fails under OXKIT_INTEROP=1 if they cannot be had.
need_npm() {
	local dir
	dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
	local missing=()
	for p in "$@"; do
		local name=${p%@*}
		local want=${p##*@}
		local have
		have=$(node -e "try{console.log(require('$dir/node_modules/$name/package.json').version)}catch(e){}" 2>/dev/null || true)
		[ "$have" = "$want" ] || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if command -v npm >/dev/null 2>&1; then
		(cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$dir" "${missing[@]}" >/dev/null) || true
	fi
	for p in "${missing[@]}"; do
		local name=${p%@*}
		if [ ! -f "$dir/node_modules/$name/package.json" ]; then
			echo "interop: npm package $p is missing and could not be installed" >&2
			if [ "${OXKIT_INTEROP:-}" = 1 ]; then exit 1; fi
			return 1
		fi
	done
}

# start_server [ARGS...] builds the example server, starts it on loopback
# with free ports and a users file (user1@example.com / secret,
# user2@example.com / secret2), waits until it answers, and exports
# OXKIT_HTTPS, OXKIT_HTTP (base URLs), OXKIT_DATA and OXKIT_USERS.
# The server is stopped when the calling script exits.
start_server() {
	local root
	root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
	OXKIT_WORK=$(mktemp -d)
	export OXKIT_DATA="$OXKIT_WORK/data" OXKIT_USERS="$OXKIT_WORK/users"
	printf '%s\n' "user1@example.com secret User One" "user2@example.com secret2 User Two" >"$OXKIT_USERS"
	(cd "$root" && go build -o "$OXKIT_WORK/oxkit-server" ./examples/server)
	"$OXKIT_WORK/oxkit-server" -data "$OXKIT_DATA" -https 127.0.0.1:0 -http 127.0.0.1:0 -smtp 127.0.0.1:0 \
		-hostname localhost -users "$OXKIT_USERS" "$@" >"$OXKIT_WORK/stdout" 2>"$OXKIT_WORK/stderr" &
	OXKIT_PID=$!
	trap 'stop_server' EXIT
	local i
	for i in $(seq 1 100); do
		if grep -q '^  HTTP ' "$OXKIT_WORK/stdout" 2>/dev/null; then break; fi
		if ! kill -0 "$OXKIT_PID" 2>/dev/null; then
			echo "interop: server exited:" >&2; cat "$OXKIT_WORK/stderr" >&2; exit 1
		fi
		sleep 0.1
	done
	OXKIT_HTTPS=$(awk '$1=="HTTPS"{print $2}' "$OXKIT_WORK/stdout")
	OXKIT_HTTP=$(awk '$1=="HTTP"{print $2}' "$OXKIT_WORK/stdout")
	export OXKIT_HTTPS OXKIT_HTTP
	if ! curl -fsS "$OXKIT_HTTP/healthz" >/dev/null; then
		echo "interop: server does not answer /healthz" >&2; cat "$OXKIT_WORK/stderr" >&2; exit 1
	fi
	echo "interop: server up at $OXKIT_HTTPS and $OXKIT_HTTP"
}

stop_server() {
	if [ -n "${OXKIT_PID:-}" ]; then
		kill -TERM "$OXKIT_PID" 2>/dev/null || true
		wait "$OXKIT_PID" 2>/dev/null || true
		OXKIT_PID=
	fi
	[ -n "${OXKIT_WORK:-}" ] && rm -rf "$OXKIT_WORK"
}

# debian_python is Debian's python3 (the Debian packages' modules live
# there), not the pyenv one that may come first on PATH.
debian_python=/usr/bin/python3

# need_cmd CMD... fails (under OXKIT_INTEROP=1) when a command is missing.
need_cmd() {
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "interop: command $c is missing" >&2
			if [ "${OXKIT_INTEROP:-}" = 1 ]; then exit 1; fi
			return 1
		fi
	done
}
