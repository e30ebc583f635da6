# tests/lib/qemu.sh: what the QEMU tests (e2e, host) share.  Source it.

# xn_qemu_cpu: the -cpu argument for a Xen host under this QEMU's TCG.
# QEMU 7.2 (Debian 12): a PV dom0 needs SMAP/SMEP off, and its new AVX
# emulation corrupts data inside the VM (files copied into dom0 over SSH
# came out different two times in three; xz decompression of a guest
# kernel failed; xenon-hostd's heap was corrupted): the VM sees no AVX.
xn_qemu_cpu() {
    if qemu-system-x86_64 --version | grep -q 'version [0-7]\.'; then
        echo max,-smap,-smep,-avx,-avx2,-fma,-f16c,-vaes,-vpclmulqdq
    else
        echo max
    fi
}
