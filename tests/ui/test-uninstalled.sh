#!/bin/sh
# xenon-manager from the build directory: without its settings schema it
# says what is missing and how to run it (no GLib abort), and
# `meson devenv` supplies the schema.
# $1: the xenon-manager binary, $2: the build directory
set -u
exe=$1
build=$2
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT

out=$(env -u DISPLAY GSETTINGS_SCHEMA_DIR="$empty" XDG_DATA_DIRS="$empty" "$exe" 2>&1)
rc=$?
case "$out" in
  *"meson devenv"*) ;;
  *) echo "FAIL: no word on what is missing (exit $rc): $out"; exit 1 ;;
esac
[ "$rc" -eq 1 ] || { echo "FAIL: exit $rc, expected 1"; exit 1; }
echo "ok: without the schema: $(echo "$out" | head -1)"

if ! command -v meson >/dev/null 2>&1; then
  echo "SKIP: meson not found for the devenv check"
  exit 77
fi
dump=$(meson devenv -C "$build" --dump 2>&1) || { echo "FAIL: meson devenv --dump: $dump"; exit 1; }
case "$dump" in
  *GSETTINGS_SCHEMA_DIR=*app*) echo "ok: meson devenv sets GSETTINGS_SCHEMA_DIR" ;;
  *) echo "FAIL: meson devenv does not set GSETTINGS_SCHEMA_DIR: $dump"; exit 1 ;;
esac
