#!/usr/bin/env bash
# Installs what building and testing workshop-bot needs on a Debian machine, only when it is missing.
set -euo pipefail

need_apt=()
# libpq-dev: the PostgreSQL store's client library; postgresql: the server its tests start (as the postgres
# user, on 127.0.0.1, in a temporary folder; the service the package installs is not used). chromium: the
# headless browser the dashboard's tests sign in with (Tests/Servers/browser_pages.py).
for package in libsqlite3-dev libcurl4-openssl-dev pkg-config libpq-dev postgresql chromium; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    need_apt+=("$package")
  fi
done

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}" >&2
  sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Tests/Servers/postgres_server.py runs initdb and postgres from the newest /usr/lib/postgresql/<version>/bin.
postgres_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$postgres_bin" ] || [ ! -x "$postgres_bin/initdb" ] || [ ! -x "$postgres_bin/postgres" ]; then
  echo "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: the PostgreSQL store's tests need them" >&2
  exit 1
fi
if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
  echo "no postgres user: initdb refuses to run as root, and the tests run the server as postgres" >&2
  exit 1
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "swift is in /opt/swift/usr/bin but not on PATH: export PATH=/opt/swift/usr/bin:\$PATH" >&2
  else
    echo "Swift 6.2 or newer is needed: install a toolchain from swift.org (not available through apt)." >&2
  fi
  exit 1
fi

# A Python virtualenv for what the tests need from PyPI: the Prometheus text-format parser that checks
# /metrics, a real Matrix homeserver (Synapse) for the Matrix channel's tests, and python-dateutil, the
# independent recurrence expansion the agenda's oracle test compares with. Kept in .venv (ignored by
# git) and reused; installing Synapse takes about a minute the first time. icalendar is the independent
# parser the agenda's calendar feeds are read back with.
python_packages=(prometheus_client "matrix-synapse==1.163.2" "python-dateutil==2.9.0.post0" "icalendar==6.1.3")
if [ ! -x .venv/bin/python ]; then
  if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
    sudo=""
    if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  rm -rf .venv
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import prometheus_client, synapse, dateutil, icalendar" 2>/dev/null; then
  echo "installing into .venv: ${python_packages[*]}" >&2
  .venv/bin/pip install --quiet --disable-pip-version-check "${python_packages[@]}"
fi
