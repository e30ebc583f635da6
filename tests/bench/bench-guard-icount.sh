#!/bin/sh
# bench-guard-icount.sh: the guard's cost inside Xen, counted in
# instructions rather than timed.
#
#   bench-guard-icount.sh SRCDIR BUILDDIR XENON-HOSTD XENON-POLICY
#
# Boots the e2e image (tests/e2e/boot-guard, overhead loops only) under
# QEMU with deterministic instruction counting (-icount shift=0: the
# guest's clock, and so its TSC, advances by one nanosecond per
# instruction), with Xen's default rate limit of guests' log lines, as a
# real host has.  The guest's loops then measure instructions, free of
# this machine's noise; the rounds of one mode agreeing shows it.  Prints
# cycles per xen_version call with the guard off, permissive and
# enforcing, and per denied call, as ratios.  Exits 77 when the e2e
# image cannot be built here.
set -eu
src=$1 build=$2 hostd=$3 xp=$4

# The hypervisor of the e2e suite, brought up to date (incremental).
rc=0
"$src/hvpatch/build" "$build/tests/e2e/xen-build" >/dev/null || rc=$?
[ $rc = 77 ] && { echo "SKIP: hvpatch/build could not get its prerequisites"; exit 77; }
[ $rc = 0 ] || { echo "FAIL: hvpatch/build"; exit 1; }

out="$build/tests/e2e/bench-guard-icount.out"
rc=0
XN_XEN_IMAGE="$build/tests/e2e/xen-build/xen" XN_E2E_BENCH_ONLY=1 \
XN_E2E_ICOUNT=0 \
    "$src/tests/e2e/boot-guard" "$src" "$build/tests" "$hostd" "$xp" >"$out" 2>&1 || rc=$?
sed -n 's/^e2e: figure: /bench-guard-icount: /p; /^e2e: \(FAIL\|SKIP\|the VM\)/p' "$out"
exit $rc
