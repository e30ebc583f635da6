/* SPDX-License-Identifier: MIT */
/*
 * xenon_op.h
 *
 * Control interface of the Xenon hypercall guard (XSM module "xenon"),
 * reached through the xsm_op hypercall as FLASK's is: the caller passes
 * a struct xen_xenon_op.  Only the control domain may use it.
 *
 * The command numbers carry the "XN" prefix in their upper half so that
 * they cannot be mistaken for another module's sub-ops: a hypervisor
 * without the guard answers -ENOSYS (dummy, SILO) or refuses the command
 * (FLASK), which is how a caller detects that the guard is absent.
 *
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the
 * "Software"), to deal in the Software without restriction, including
 * without limitation the rights to use, copy, modify, merge, publish,
 * distribute, sublicense, and/or sell copies of the Software, and to
 * permit persons to whom the Software is furnished to do so, subject to
 * the following conditions:
 *
 * The above copyright notice and this permission notice shall be included
 * in all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
 * OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
 * MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
 * IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
 * CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
 * TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
 * SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 */

#ifndef __XEN_PUBLIC_XSM_XENON_OP_H__
#define __XEN_PUBLIC_XSM_XENON_OP_H__

#include "../xen.h"

#define XEN_XENON_INTERFACE_VERSION 1

/* Modes of the guard (XENON_OP_status, XENON_OP_set_mode). */
#define XENON_MODE_OFF          0   /* hypercalls are not checked */
#define XENON_MODE_PERMISSIVE   1   /* violations recorded, not denied */
#define XENON_MODE_ENFORCING    2   /* violations denied with -EPERM */

/* OUT: state and counters of the guard. */
#define XENON_OP_status         0x584e0001
struct xen_xenon_status {
    uint32_t mode;              /* XENON_MODE_* */
    uint32_t loaded;            /* 1: a blob is in force */
    uint64_aligned_t serial;    /* the blob's policy serial */
    uint32_t blob_size;         /* bytes */
    uint32_t n_domains;         /* domains named in the blob */
    uint32_t n_profiles;
    uint32_t pending;           /* violations waiting to be drained */
    uint64_aligned_t checked;   /* hypercalls checked since boot */
    uint64_aligned_t denied;    /* ... of which failed with -EPERM */
    uint64_aligned_t violations;/* ... violations recorded (incl. allowed) */
    uint64_aligned_t dropped;   /* violations lost to a full ring */
};

/*
 * IN: a guard blob (Xenon's format, version 1) replacing the one in
 * force.  Invalid blobs are refused with the parser's error and leave
 * the old one in force, and so is (with -EILSEQ) a blob whose serial is
 * below the highest loaded since boot.  Every domain starts afresh
 * under the new blob.
 */
#define XENON_OP_load           0x584e0002
struct xen_xenon_load {
    XEN_GUEST_HANDLE_64(uint8) buffer;  /* IN: 8-byte aligned */
    uint32_t size;              /* IN: bytes, at most 4 MiB */
    uint32_t pad;
};

/*
 * IN/OUT: moves up to max of the oldest violation records into buffer,
 * which holds max records of 64 bytes each (struct xen_xenon_violation);
 * at most the ring's size per call.  A record is taken off the ring only
 * once copied: after -EFAULT, count records were moved and the rest wait.
 */
#define XENON_OP_drain          0x584e0003
struct xen_xenon_violation {
    uint64_aligned_t seq;       /* gap-free unless records were dropped */
    uint64_aligned_t time_ns;   /* Xen's system time */
    uint64_aligned_t subop;     /* first argument, as the guard read it */
    uint8_t  handle[16];        /* xen_domain_handle_t of the domain */
    int32_t  dom_index;         /* index in the blob, -1 if absent */
    uint32_t hcall;             /* hypercall number */
    uint32_t hmax;              /* rate limit, for rate violations */
    uint32_t hrate;             /* calls in the current second */
    uint32_t violations;        /* the domain's count, this one included */
    uint8_t  reason;            /* 1 hypercall, 2 sub-op, 3 rate,
                                 * 4 domain not in the policy */
    uint8_t  action;            /* 0 none, 1 log, 2 paused, 3 crashed */
    uint8_t  deny;              /* 1: the call failed with -EPERM */
    uint8_t  permissive;        /* 1: recorded in permissive mode */
};
struct xen_xenon_drain {
    XEN_GUEST_HANDLE_64(uint8) buffer;  /* IN */
    uint32_t max;               /* IN: records buffer holds */
    uint32_t count;             /* OUT: records written */
    uint64_aligned_t dropped;   /* OUT: records lost since boot */
};

/* IN: switches the mode. */
#define XENON_OP_set_mode       0x584e0004
struct xen_xenon_set_mode {
    uint32_t mode;              /* IN: XENON_MODE_* */
    uint32_t pad;
};

struct xen_xenon_op {
    uint32_t cmd;               /* XENON_OP_* */
    uint32_t interface_version; /* XEN_XENON_INTERFACE_VERSION */
    union {
        struct xen_xenon_status status;
        struct xen_xenon_load load;
        struct xen_xenon_drain drain;
        struct xen_xenon_set_mode set_mode;
        uint8_t pad[128];
    } u;
};
typedef struct xen_xenon_op xen_xenon_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_xenon_op_t);

#endif /* __XEN_PUBLIC_XSM_XENON_OP_H__ */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
