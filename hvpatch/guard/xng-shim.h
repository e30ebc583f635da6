/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-shim.h: the only environment the guard core sees.
 *
 * The guard core is compiled into Xen (where __XEN__ is defined) and, for
 * the daemon's simulated host, the tests, the fuzzers and the benchmarks,
 * into ordinary userspace objects.  Everything it needs from its
 * surroundings comes through this header: fixed-width integers, bool,
 * size_t, memcpy/memset/memcmp (as compiler builtins, so no libc is
 * linked), errno values and a few atomics.
 */

#ifndef XNG_SHIM_H
#define XNG_SHIM_H

#ifdef __XEN__

#include <xen/types.h>
#include <xen/errno.h>
#include <xen/string.h>

#else /* !__XEN__ */

/* Headers of macros and types only: nothing from libc is linked. */
#include <errno.h>              /* Linux's values are Xen's (public/errno.h) */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#endif /* __XEN__ */

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
/*
 * The blob is little-endian and is read in place (zero copy).  Every
 * architecture Xen 4.17 supports (x86, Arm) is little-endian.
 */
#error "the guard core reads its little-endian blob in place"
#endif

#define xng_memcpy(d, s, n)   __builtin_memcpy(d, s, n)
#define xng_memset(d, c, n)   __builtin_memset(d, c, n)
#define xng_memcmp(a, b, n)   __builtin_memcmp(a, b, n)

#define xng_likely(x)         __builtin_expect(!!(x), 1)
#define xng_unlikely(x)       __builtin_expect(!!(x), 0)

/*
 * Single-producer/single-consumer publication for the violation ring.
 * The GCC/Clang __atomic builtins compile to plain moves plus compiler
 * barriers on x86 and to the right barriers on Arm, in Xen as elsewhere.
 */
#define xng_load_acquire(p)      __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define xng_store_release(p, v)  __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define xng_load_relaxed(p)      __atomic_load_n(p, __ATOMIC_RELAXED)
#define xng_store_relaxed(p, v)  __atomic_store_n(p, v, __ATOMIC_RELAXED)

#define XNG_ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))

#endif /* XNG_SHIM_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
