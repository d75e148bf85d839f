# Shared set-up for scripts/run and scripts/test (sourced, not run).
# Creates .venv when missing and (re)installs the package when pyproject.toml changed.
# Installs Debian packages the project needs when they are missing and we can (root or sudo).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"

_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else return 1
  fi
}

# ensure_debian_packages PKG... — install the missing ones with apt-get.
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install these packages: ${missing[*]}" >&2; return 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  _as_root apt-get update -q >/dev/null && \
    _as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || {
      echo "setup: could not install ${missing[*]} (run as root or with sudo)" >&2; return 1; }
}

# Prefer Debian's own CPython: it is built with PGO and LTO, and runs the scoring hot path
# markedly faster than a default source build (see docs/architecture.md). PYTHON=... overrides.
if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3
  if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    PYTHON=/usr/bin/python3
  fi
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is required (set PYTHON=...)" >&2; exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV" 2>/dev/null || {
    ensure_debian_packages python3-venv && "$PYTHON" -m venv "$VENV"; }
fi

# install_project EXTRAS — pip install -e .[EXTRAS] when pyproject.toml changed since last time.
install_project() {
  local extras="$1" stamp="$VENV/.gcat-installed-$1"
  local want; want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[${extras}]"
    echo "$want" > "$stamp"
  fi
  # Byte-compile the sources once: start-up then skips compiling (PYTHONDONTWRITEBYTECODE may be set).
  "$VENV/bin/python" -m compileall -q src >/dev/null
}
