# tests/lib/probe.sh: builds dom0's probe of the Xenon guard
# (tests/e2e/xenon-probe.c), which the e2e and host suites put in their
# images.  Source it, then: xn_build_probe SRCDIR OUTPUT
# The probe writes blobs itself (tests past the daemon), so it links the
# guard core's writer and parser.  Returns 77 when xencall's headers are
# missing (nothing to build against), else the compiler's status: a probe
# that does not compile is a failure, never a skip.

xn_build_probe () {
    pkg-config --exists xencall || return 77
    cc -O2 -Wall -I"$1/hvpatch/include" -I"$1/hvpatch/guard" \
        -idirafter /usr/include/xen/xsm "$1/tests/e2e/xenon-probe.c" \
        "$1/hvpatch/guard/xng-writer.c" "$1/hvpatch/guard/xng-blob.c" \
        -o "$2" $(pkg-config --cflags --libs xencall)
}
