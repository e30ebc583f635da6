/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xng-names.c: Xen 4.17's hypercall and sub-op names, and the Info text of
 * a violation, for the control domain's side only: the hypervisor logs
 * numbers.
 *
 * The numbers are those of Xen's public headers (xen.h, memory.h,
 * sched.h, version.h, grant_table.h, event_channel.h, physdev.h,
 * hvm/hvm_op.h, vcpu.h); the names are their identifiers without the
 * prefix.  Formatting is done by hand, so the file stays as freestanding
 * as the rest of the core.
 */

#include "xng-names.h"

static const char *const hypercall_names[XNG_N_HYPERCALLS] = {
    [0] = "set_trap_table",
    [1] = "mmu_update",
    [2] = "set_gdt",
    [3] = "stack_switch",
    [4] = "set_callbacks",
    [5] = "fpu_taskswitch",
    [6] = "sched_op_compat",
    [7] = "platform_op",
    [8] = "set_debugreg",
    [9] = "get_debugreg",
    [10] = "update_descriptor",
    [12] = "memory_op",
    [13] = "multicall",
    [14] = "update_va_mapping",
    [15] = "set_timer_op",
    [16] = "event_channel_op_compat",
    [17] = "xen_version",
    [18] = "console_io",
    [19] = "physdev_op_compat",
    [20] = "grant_table_op",
    [21] = "vm_assist",
    [22] = "update_va_mapping_otherdomain",
    [23] = "iret",
    [24] = "vcpu_op",
    [25] = "set_segment_base",
    [26] = "mmuext_op",
    [27] = "xsm_op",
    [28] = "nmi_op",
    [29] = "sched_op",
    [30] = "callback_op",
    [31] = "xenoprof_op",
    [32] = "event_channel_op",
    [33] = "physdev_op",
    [34] = "hvm_op",
    [35] = "sysctl",
    [36] = "domctl",
    [37] = "kexec_op",
    [38] = "tmem_op",
    [39] = "argo_op",
    [40] = "xenpmu_op",
    [41] = "dm_op",
    [42] = "hypfs_op",
    [48] = "mca",               /* arch_0 on x86 */
    [49] = "arch_1",
    [50] = "arch_2",
    [51] = "arch_3",
    [52] = "arch_4",
    [53] = "arch_5",
    [54] = "arch_6",
    [55] = "arch_7",
};

static const char *const memory_op_names[] = {
    [0] = "increase_reservation",
    [1] = "decrease_reservation",
    [2] = "maximum_ram_page",
    [3] = "current_reservation",
    [4] = "maximum_reservation",
    [5] = "machphys_mfn_list",
    [6] = "populate_physmap",
    [7] = "add_to_physmap",
    [9] = "memory_map",
    [10] = "machine_memory_map",
    [11] = "exchange",
    [12] = "machphys_mapping",
    [13] = "set_memory_map",
    [14] = "maximum_gpfn",
    [15] = "remove_from_physmap",
    [16] = "set_pod_target",
    [17] = "get_pod_target",
    [18] = "get_sharing_freed_pages",
    [19] = "get_sharing_shared_pages",
    [20] = "paging_op",
    [21] = "access_op",
    [22] = "sharing_op",
    [23] = "add_to_physmap_batch",
    [24] = "claim_pages",
    [25] = "machphys_compat_mfn_list",
    [26] = "get_vnumainfo",
    [27] = "reserved_device_memory_map",
    [28] = "acquire_resource",
};

static const char *const sched_op_names[] = {
    [0] = "yield",
    [1] = "block",
    [2] = "shutdown",
    [3] = "poll",
    [4] = "remote_shutdown",
    [5] = "shutdown_code",
    [6] = "watchdog",
    [7] = "pin_override",
};

static const char *const xen_version_names[] = {
    [0] = "version",
    [1] = "extraversion",
    [2] = "compile_info",
    [3] = "capabilities",
    [4] = "changeset",
    [5] = "platform_parameters",
    [6] = "get_features",
    [7] = "pagesize",
    [8] = "guest_handle",
    [9] = "commandline",
    [10] = "build_id",
};

static const char *const grant_table_op_names[] = {
    [0] = "map_grant_ref",
    [1] = "unmap_grant_ref",
    [2] = "setup_table",
    [3] = "dump_table",
    [4] = "transfer",
    [5] = "copy",
    [6] = "query_size",
    [7] = "unmap_and_replace",
    [8] = "set_version",
    [9] = "get_status_frames",
    [10] = "get_version",
    [11] = "swap_grant_ref",
    [12] = "cache_flush",
};

static const char *const event_channel_op_names[] = {
    [0] = "bind_interdomain",
    [1] = "bind_virq",
    [2] = "bind_pirq",
    [3] = "close",
    [4] = "send",
    [5] = "status",
    [6] = "alloc_unbound",
    [7] = "bind_ipi",
    [8] = "bind_vcpu",
    [9] = "unmask",
    [10] = "reset",
    [11] = "init_control",
    [12] = "expand_array",
    [13] = "set_priority",
    [14] = "reset_cont",
};

static const char *const physdev_op_names[] = {
    [4] = "irq_unmask_notify",
    [5] = "irq_status_query",
    [6] = "set_iopl",
    [7] = "set_iobitmap",
    [8] = "apic_read",
    [9] = "apic_write",
    [10] = "alloc_irq_vector",
    [11] = "free_irq_vector",
    [12] = "eoi",
    [13] = "map_pirq",
    [14] = "unmap_pirq",
    [15] = "manage_pci_add",
    [16] = "manage_pci_remove",
    [17] = "pirq_eoi_gmfn_v1",
    [19] = "restore_msi",
    [20] = "manage_pci_add_ext",
    [21] = "setup_gsi",
    [23] = "get_free_pirq",
    [24] = "pci_mmcfg_reserved",
    [25] = "pci_device_add",
    [26] = "pci_device_remove",
    [27] = "restore_msi_ext",
    [28] = "pirq_eoi_gmfn_v2",
    [29] = "dbgp_op",
    [30] = "prepare_msix",
    [31] = "release_msix",
};

static const char *const hvm_op_names[] = {
    [0] = "set_param",
    [1] = "get_param",
    [2] = "set_pci_intx_level",
    [3] = "set_isa_irq_level",
    [4] = "set_pci_link_route",
    [5] = "flush_tlbs",
    [9] = "pagetable_dying",
    [10] = "get_time",
    [11] = "xentrace",
    [12] = "set_mem_access",
    [13] = "get_mem_access",
    [15] = "get_mem_type",
    [23] = "set_evtchn_upcall_vector",
    [24] = "guest_request_vm_event",
    [25] = "altp2m",
};

static const char *const vcpu_op_names[] = {
    [0] = "initialise",
    [1] = "up",
    [2] = "down",
    [3] = "is_up",
    [4] = "get_runstate_info",
    [5] = "register_runstate_memory_area",
    [6] = "set_periodic_timer",
    [7] = "stop_periodic_timer",
    [8] = "set_singleshot_timer",
    [9] = "stop_singleshot_timer",
    [10] = "register_vcpu_info",
    [11] = "send_nmi",
    [12] = "get_physid",
    [13] = "register_vcpu_time_memory_area",
};

struct subop_table {
    const char *const *names;
    unsigned int n;
};

#define SUBOPS(t) { t, XNG_ARRAY_SIZE(t) }

static const struct subop_table subop_tables[XNG_N_MUX] = {
    [XNG_MUX_MEMORY_OP] = SUBOPS(memory_op_names),
    [XNG_MUX_SCHED_OP] = SUBOPS(sched_op_names),
    [XNG_MUX_XEN_VERSION] = SUBOPS(xen_version_names),
    [XNG_MUX_GRANT_TABLE_OP] = SUBOPS(grant_table_op_names),
    [XNG_MUX_EVENT_CHANNEL_OP] = SUBOPS(event_channel_op_names),
    [XNG_MUX_PHYSDEV_OP] = SUBOPS(physdev_op_names),
    [XNG_MUX_HVM_OP] = SUBOPS(hvm_op_names),
    [XNG_MUX_VCPU_OP] = SUBOPS(vcpu_op_names),
};

/* Where the seed's log words a sub-op differently from the header. */
struct subop_label {
    unsigned int hcall;
    unsigned int op;
    const char *label;
};

static const struct subop_label subop_labels[] = {
    { XNG_HC_SCHED_OP, 2, "shut down" },
};

static bool streq(const char *a, const char *b)
{
    while ( *a && *a == *b )
    {
        a++;
        b++;
    }
    return *a == *b;
}

const char *xng_hypercall_name(unsigned int hcall)
{
    return hcall < XNG_N_HYPERCALLS ? hypercall_names[hcall] : NULL;
}

int xng_hypercall_by_name(const char *name)
{
    unsigned int i;

    if ( !name )
        return -1;
    for ( i = 0; i < XNG_N_HYPERCALLS; i++ )
        if ( hypercall_names[i] && streq(hypercall_names[i], name) )
            return (int)i;
    return -1;
}

bool xng_hypercall_is_multiplexed(unsigned int hcall)
{
    return xng_mux_slot(hcall) >= 0;
}

int xng_legacy_successor(unsigned int hcall)
{
    switch ( hcall )
    {
    case 6:
        return XNG_HC_SCHED_OP;
    case 16:
        return XNG_HC_EVENT_CHANNEL_OP;
    case 19:
        return XNG_HC_PHYSDEV_OP;
    default:
        return -1;
    }
}

const char *xng_subop_name(unsigned int hcall, uint64_t op)
{
    int slot = xng_mux_slot(hcall);

    if ( slot < 0 || op >= subop_tables[slot].n )
        return NULL;
    return subop_tables[slot].names[op];
}

const char *xng_subop_label(unsigned int hcall, uint64_t op)
{
    unsigned int i;

    for ( i = 0; i < XNG_ARRAY_SIZE(subop_labels); i++ )
        if ( subop_labels[i].hcall == hcall && subop_labels[i].op == op )
            return subop_labels[i].label;
    return xng_subop_name(hcall, op);
}

int xng_subop_by_name(unsigned int hcall, const char *name)
{
    int slot = xng_mux_slot(hcall);
    unsigned int i;

    if ( slot < 0 || !name )
        return -1;
    for ( i = 0; i < subop_tables[slot].n; i++ )
        if ( subop_tables[slot].names[i] &&
             streq(subop_tables[slot].names[i], name) )
            return (int)i;
    for ( i = 0; i < XNG_ARRAY_SIZE(subop_labels); i++ )
        if ( subop_labels[i].hcall == hcall &&
             streq(subop_labels[i].label, name) )
            return (int)subop_labels[i].op;
    return -1;
}

const char *xng_strerror(int code)
{
    switch ( code )
    {
    case 0:
        return "success";
    case -EFAULT:
        return "bad buffer address or alignment";
    case -EMSGSIZE:
        return "truncated or oversized blob";
    case -EINVAL:
        return "malformed blob";
    case -EOPNOTSUPP:
        return "unsupported blob version or flags";
    case -EBADMSG:
        return "blob checksum mismatch";
    case -E2BIG:
        return "blob exceeds the guard's limits";
    case -ERANGE:
        return "value out of range in blob";
    case -ENOSPC:
        return "buffer too small";
    case -EILSEQ:
        return "blob older than a policy loaded since boot";
    default:
        return "unknown error";
    }
}

const char *xng_verdict_reason(enum xng_verdict v)
{
    switch ( v )
    {
    case XNG_ALLOW:
        return "allowed";
    case XNG_DENY_HYPERCALL:
    case XNG_DENY_SUBOP:
        return "hypercall violation";
    case XNG_DENY_RATE:
        return "hypercall rate exceeded";
    case XNG_DENY_UNKNOWN_DOMAIN:
        return "domain not in policy";
    }
    return "unknown";
}

/* A bounded writer that still counts what did not fit. */
struct out {
    char *buf;
    size_t len;
    size_t pos;
};

static void put_char(struct out *o, char c)
{
    if ( o->pos + 1 < o->len )
        o->buf[o->pos] = c;
    o->pos++;
}

static void put_str(struct out *o, const char *s)
{
    while ( *s )
        put_char(o, *s++);
}

static void put_u64(struct out *o, uint64_t v)
{
    char digits[20];
    unsigned int n = 0;

    do {
        digits[n++] = '0' + (char)(v % 10);
        v /= 10;
    } while ( v );
    while ( n )
        put_char(o, digits[--n]);
}

/* "17(xen_version)", or "47" when the number has no name. */
static void put_named(struct out *o, uint64_t v, const char *name)
{
    put_u64(o, v);
    if ( name )
    {
        put_char(o, '(');
        put_str(o, name);
        put_char(o, ')');
    }
}

size_t xng_format_violation(const struct xng_violation *v, char *buf,
                            size_t len)
{
    struct out o = { buf, len, 0 };

    if ( v->reason == XNG_DENY_RATE )
    {
        put_str(&o, "hmax=");
        put_u64(&o, v->hmax);
        put_str(&o, ", hrate=");
        put_u64(&o, v->hrate);
    }
    else
    {
        put_str(&o, "hcall=");
        put_named(&o, v->hcall, xng_hypercall_name(v->hcall));
        if ( xng_hypercall_is_multiplexed(v->hcall) )
        {
            put_str(&o, ", cmd=");
            put_named(&o, v->subop, xng_subop_label(v->hcall, v->subop));
        }
    }

    if ( len )
        buf[o.pos < len ? o.pos : len - 1] = '\0';
    return o.pos;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
