#!/bin/sh
# check-freestanding.sh NM LIBRARY — the guard core may call nothing from
# outside itself but what Xen provides too (memcpy, memset, memcmp), so
# the code the tests exercise is the code that links into the hypervisor.
# Sanitizer and coverage hooks of instrumented builds are let through, and
# so is the GOT the linker makes for PIC code reading the core's tables.
set -eu
nm=$1 lib=$2
defined=$("$nm" --defined-only "$lib" | awk 'NF == 3 { print $3 }' | sort -u)
bad=$("$nm" -u "$lib" | awk 'NF == 2 { print $2 }' | sort -u |
  grep -v -x -E 'memcpy|memset|memcmp|_GLOBAL_OFFSET_TABLE_|__(asan|ubsan|sanitizer|sancov)_.*|__(start|stop)___sancov_.*' |
  while read -r sym; do
    printf '%s\n' "$defined" | grep -q -x "$sym" || printf '%s\n' "$sym"
  done)
if [ -n "$bad" ]; then
  echo "guard core needs symbols Xen does not provide:" $bad
  exit 1
fi
echo "guard core is freestanding: only memcpy/memset/memcmp from outside"
