#!/usr/bin/env bash
# Installs what a fresh machine lacks to build, run, test and benchmark Omiyage, and skips what is
# already there. What to install is declared once, one list per package manager, in
# scripts/tools/{apt,cargo,npm,pypi,machine}.txt (docs/toolchain.md says why these versions: no
# internet but the package registries; e.g. apt.txt's poppler-utils gives the e2e PDF checks
# pdfinfo and pdftotext). After installing, every declared command of the
# requested groups is checked on PATH; a missing one stops the run with the package to install.
#
#   scripts/setup.sh [group…]     groups: build (default), test, bench
#
# crates/toolcheck's tests fail when a test or script starts a command no list declares.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=scripts/tools
GROUPS_WANTED=" ${*:-build} "
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
wanted() { [[ "$GROUPS_WANTED" == *" $1 "* ]]; }
# Lines of a list without comments and blank lines.
entries() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOOLS/$1"; }
export PATH="$PWD/node_modules/.bin:$PWD/.tools/venv/bin:$HOME/.cargo/bin:$PATH"
# Debian keeps PostgreSQL's server programs (initdb, pg_ctl) outside PATH.
pg_path() {
  for bin in /usr/lib/postgresql/*/bin; do
    if [ -d "$bin" ]; then PATH="$bin:$PATH"; fi
  done
}
pg_path

# --- Debian -------------------------------------------------------------------------------
missing_apt=()
while read -r package group commands; do
  wanted "$group" || continue
  if [ "$commands" = "-" ]; then
    dpkg -s "$package" >/dev/null 2>&1 || missing_apt+=("$package")
  else
    for c in $commands; do
      if ! command -v "$c" >/dev/null 2>&1; then missing_apt+=("$package"); break; fi
    done
  fi
done < <(entries apt.txt)
if [ ${#missing_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_apt[@]}" >/dev/null
  pg_path
fi

# --- Rust target and crates.io tools -----------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi
lock_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock
}
while read -r crate version group command flags; do
  wanted "$group" || continue
  [ "$version" = lock ] && version=$(lock_version "${crate%-cli}")
  if [ "$("$command" --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
    log "installing $crate $version from crates.io (a few minutes)"
    # shellcheck disable=SC2086 # flags are separate words on purpose
    cargo install "$crate" --version "$version" --force $flags
  fi
done < <(entries cargo.txt)

# --- npm (package.json + package-lock.json) ----------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- PyPI, in a virtual environment --------------------------------------------------------------
pypi=()
while read -r package version group _commands; do
  wanted "$group" || continue
  pypi+=("$package==$version")
done < <(entries pypi.txt)
if [ ${#pypi[@]} -gt 0 ]; then
  [ -x .tools/venv/bin/pip ] || python3 -m venv .tools/venv
  installed=$(.tools/venv/bin/pip freeze 2>/dev/null | tr '[:upper:]' '[:lower:]')
  if printf '%s\n' "${pypi[@]}" | tr '[:upper:]' '[:lower:]' | grep -qvxF -f <(printf '%s\n' "$installed"); then
    log "installing PyPI packages: ${pypi[*]}"
    .tools/venv/bin/pip install --quiet "${pypi[@]}"
  fi
fi

# --- Check: every declared command of the wanted groups is on PATH -----------------------------
absent=()
check() { command -v "$1" >/dev/null 2>&1 || absent+=("'$1' (from $2)"); }
while read -r command provider; do check "$command" "$provider, preinstalled on this kind of machine"; done < <(entries machine.txt)
while read -r package group commands; do
  wanted "$group" || continue
  if [ "$commands" = "-" ]; then
    dpkg -s "$package" >/dev/null 2>&1 || absent+=("the Debian package '$package'")
  else
    for c in $commands; do check "$c" "the Debian package $package"; done
  fi
done < <(entries apt.txt)
while read -r crate _version group command _flags; do
  wanted "$group" && check "$command" "the crate $crate: cargo install $crate"
done < <(entries cargo.txt)
while read -r package group commands; do
  wanted "$group" || continue
  [ -d "node_modules/$package" ] || absent+=("the npm package '$package' (package.json)")
  [ "$commands" = "-" ] || for c in $commands; do check "$c" "the npm package $package"; done
done < <(entries npm.txt)
while read -r package _version group commands; do
  wanted "$group" || continue
  for c in $commands; do check "$c" "the PyPI package $package"; done
done < <(entries pypi.txt)
if [ ${#absent[@]} -gt 0 ]; then
  printf '\033[1;31m[setup] missing after setup:\033[0m\n' >&2
  printf '  %s\n' "${absent[@]}" >&2
  exit 1
fi
log "toolchain ready:$GROUPS_WANTED"
