# tests/lib/qemu.sh: what the QEMU tests (e2e, host) share.  Source it.

# xn_qemu_cpu: the -cpu argument for a Xen host under this QEMU's TCG.
# QEMU 7.2 (Debian 12) needs SMAP/SMEP off for a PV dom0; tools/install-deps
# brings QEMU 10 from bookworm-backports, which runs Xen with -cpu max.
xn_qemu_cpu() {
    if qemu-system-x86_64 --version | grep -q 'version [0-7]\.'; then
        echo max,-smap,-smep
    else
        echo max
    fi
}

# Xen's options every test host boots with.  TCG's CPU is AMD-like, so
# Xen switches FPU state lazily, and TCG gets that wrong: with a guest
# running, dom0's processes saw corrupted SIMD registers (files copied in
# over SSH changed, sshd and busybox crashed, xenon-hostd's heap broke),
# on Debian's stock Xen 4.17.7 as on ours, with QEMU 7.2 and 10 alike.
# XN_XEN_EXTRA_ARGS: more, for one run (xtf-compare: xsm=dummy on a Xen
# built without the guard, whose XSM would default to FLASK).
XN_XEN_TEST_ARGS="spec-ctrl=eager-fpu ${XN_XEN_EXTRA_ARGS:-}"
