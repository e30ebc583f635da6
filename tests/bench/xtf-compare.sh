#!/bin/sh
# xtf-compare.sh: does the guard's series, present but holding no policy,
# make Xen hang where Xen without it does not?  Runs the PV64 tests of
# Xen's own test framework (XTF) in the e2e image, rounds alternating
# between Debian's Xen source as it is and with the series, and prints
# per round how many tests passed and whether the run reached its end.
#
#   xtf-compare.sh SRCDIR BUILDDIR XENON-HOSTD XENON-POLICY
#
# XN_XTF_DIR: a built XTF tree (make in a clone of XTF; the project ships
#             none), else exit 77.
# XN_XTF_ROUNDS: rounds of each (default 3); XN_XTF_TIMEOUT: seconds a
#             round may take before it counts as hung (default 600);
# XN_XEN_EXTRA_ARGS: more Xen options for both (spec-ctrl=no-eager-fpu:
#             lazy FPU switching, as Xen picks on QEMU's AMD-like CPU).
set -u
src=$1 build=$2 hostd=$3 xp=$4
xtf=${XN_XTF_DIR:-}
rounds=${XN_XTF_ROUNDS:-3}
[ -n "$xtf" ] && ls "$xtf"/tests/*/test-pv64-*.cfg >/dev/null 2>&1 ||
    { echo "SKIP: XN_XTF_DIR names no built XTF tree"; exit 77; }

# The two hypervisors: the series' first 0 patches (Debian's config
# with XSM on, as the series needs, booted with xsm=dummy), and all.
stock=$build/tests/e2e/xen-build-stock
patched=$build/tests/e2e/xen-build
for b in stock patched; do
    dir=$stock upto=0
    [ $b = patched ] && dir=$patched upto=
    rc=0
    XN_SERIES_UPTO=$upto XN_XEN_SRC="$patched/src-cache" \
        "$src/hvpatch/build" "$dir" >/dev/null || rc=$?
    [ $rc = 77 ] && { echo "SKIP: hvpatch/build could not get its prerequisites"; exit 77; }
    [ $rc = 0 ] || { echo "FAIL: hvpatch/build ($b)"; exit 1; }
done

n=$(ls "$xtf"/tests/*/test-pv64-*.cfg | wc -l)
hung_stock=0 hung_patched=0
for r in $(seq 1 "$rounds"); do
    for b in stock patched; do
        dir=$stock extra="xsm=dummy ${XN_XEN_EXTRA_ARGS:-}"
        [ $b = patched ] && dir=$patched extra=${XN_XEN_EXTRA_ARGS:-}
        start=$(date +%s)
        out=$build/tests/e2e/xtf-$b-$r.out
        XN_XEN_IMAGE="$dir/xen" XN_E2E_XTF="$xtf" XN_XEN_EXTRA_ARGS=$extra \
        XN_E2E_TIMEOUT=${XN_XTF_TIMEOUT:-600} \
            "$src/tests/e2e/boot-guard" "$src" "$build/tests" "$hostd" "$xp" \
            >"$out" 2>&1
        res=$(sed -n 's/^e2e: \(ok\|FAIL\): XTF //p' "$out")
        case $res in hung*) eval "hung_$b=\$((hung_$b + 1))" ;; esac
        echo "xtf-compare: $b round $r, $n PV64 tests: ${res:-no verdict, see $out} ($(( $(date +%s) - start )) s)"
    done
done
echo "xtf-compare: hung: Xen as Debian ships it $hung_stock of $rounds, with the series $hung_patched of $rounds"
