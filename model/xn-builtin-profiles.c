/* xn-builtin-profiles.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The hypercall profiles a new document starts with.  Each set is what
 * the named kind of guest actually issues, read from Linux 6.1 (Debian
 * 12's kernel) and Xen 4.17's public headers; the comment above each
 * entry says where.  Sub-ops are given by the names in Xen's public
 * headers (the headers under xen/include/public/), which the guard's name tables mirror.
 *
 * Common to every Linux guest:
 *  - sched_op yield/block/shutdown/poll: drivers/xen/events (poll),
 *    arch/x86/xen/irq.c (block in safe_halt), arch/x86/xen/enlighten.c
 *    and drivers/xen/manage.c (shutdown, shutdown_code on reboot/crash);
 *  - xen_version: arch/x86/xen/enlighten.c xen_banner() reads version and
 *    extraversion, drivers/xen/features.c get_features, and
 *    drivers/xen/sys-hypervisor.c exposes capabilities, changeset,
 *    compile_info, platform_parameters, pagesize, build_id;
 *  - event_channel_op: drivers/xen/events/events_base.c (bind_virq,
 *    bind_ipi, bind_vcpu, close, send, unmask, alloc_unbound for
 *    xenstore/console rings, bind_interdomain for frontends' peers),
 *    events_fifo.c (init_control, expand_array), events_2l.c;
 *  - grant_table_op: drivers/xen/grant-table.c (setup_table, query_size,
 *    set_version, get_version, get_status_frames) — frontends only grant,
 *    they never map;
 *  - memory_op: drivers/xen/balloon.c (increase/decrease_reservation,
 *    populate_physmap), arch/x86/xen/setup.c (memory_map,
 *    maximum_reservation, current_reservation), arch/x86/xen/p2m.c
 *    (maximum_ram_page, machphys_mfn_list, machphys_mapping),
 *    drivers/xen/xlate_mmu.c and grant-table.c (add_to_physmap,
 *    remove_from_physmap for PVH/HVM shared frames);
 *  - vcpu_op: arch/x86/xen/smp_pv.c and smp.c (initialise, up, down,
 *    is_up), time.c (set_singleshot_timer, stop_periodic_timer,
 *    register_vcpu_time_memory_area), enlighten.c (register_vcpu_info,
 *    register_runstate_memory_area, get_runstate_info);
 *  - console_io: drivers/tty/hvc/hvc_xen.c early console (write/read).
 */

#define G_LOG_DOMAIN "xn-builtin-profiles"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xenon-model.h"
#include "xn-builtin-profiles.h"
#include "xn-compile.h"
#include "xn-learn.h"
#include "xn-syntax.h"
#include "xng-names.h"

typedef struct
{
  const char *name;
  const char *subops;   /* NULL: every sub-op */
} Call;

typedef struct
{
  const char        *name;
  XnGuestType        guest_type;
  XnPrivilege        privilege;
  guint              max_violations;
  XnViolationAction  action;
  guint              hmax;
  guint              burst;
  const Call        *calls;
} Builtin;

#define SCHED_DOMU    "yield,block,shutdown,poll,shutdown_code"
#define VERSION_ALL   "version,extraversion,compile_info,capabilities,changeset," \
                      "platform_parameters,get_features,pagesize,guest_handle,build_id"
#define EVTCHN_DOMU   "bind_interdomain,bind_virq,close,send,status,alloc_unbound," \
                      "bind_ipi,bind_vcpu,unmask,init_control,expand_array,set_priority"
#define GNTTAB_FRONT  "setup_table,query_size,set_version,get_status_frames,get_version"
#define VCPU_DOMU     "initialise,up,down,is_up,get_runstate_info,register_runstate_memory_area," \
                      "set_periodic_timer,stop_periodic_timer,set_singleshot_timer," \
                      "stop_singleshot_timer,register_vcpu_info,register_vcpu_time_memory_area"

/* AnyDomU-AllowAll: every hypercall a DomU may legitimately reach (no
 * management ones: no domctl, sysctl, platform_op), logged only.  Useful
 * to observe a new guest before writing its real profile. */
static const Call any_domu[] = {
  { "set_trap_table" }, { "mmu_update" }, { "set_gdt" }, { "stack_switch" },
  { "set_callbacks" }, { "fpu_taskswitch" }, { "set_debugreg" }, { "get_debugreg" },
  { "update_descriptor" },
  { "memory_op" }, { "multicall" }, { "update_va_mapping" }, { "set_timer_op" },
  { "xen_version" }, { "console_io" }, { "grant_table_op" }, { "vm_assist" },
  { "iret" }, { "vcpu_op" }, { "set_segment_base" }, { "mmuext_op" },
  { "nmi_op" }, { "sched_op" }, { "callback_op" }, { "event_channel_op" },
  { "physdev_op" }, { "hvm_op" }, { "xenpmu_op" }, { "argo_op" },
  { NULL }
};

/* PV-LinuxGeneric: a 64-bit PV Linux DomU.
 *  - arch/x86/xen/enlighten_pv.c: set_trap_table (xen_load_idt),
 *    set_gdt (xen_load_gdt), stack_switch (xen_load_sp0), set_debugreg
 *    and get_debugreg (xen_set_debugreg, xen_get_debugreg: a real guest
 *    clears its debug registers on every CPU it brings up), update_descriptor
 *    (xen_write_ldt_entry, xen_write_gdt_entry), set_segment_base
 *    (xen_load_gs_index, FS/GS MSR writes), fpu_taskswitch (xen_write_cr0),
 *    callback_op (register event/failsafe/syscall callbacks), vm_assist
 *    (writable page tables), physdev_op set_iopl (xen_set_iopl_mask);
 *  - arch/x86/xen/mmu_pv.c: mmu_update, mmuext_op (pin/unpin, TLB flush,
 *    new_baseptr), update_va_mapping; arch/x86/xen/multicalls.c: multicall;
 *  - arch/x86/xen/xen-asm.S: iret;
 *  - arch/x86/xen/time.c: set_timer_op;
 *  - drivers/xen/events/events_base.c: physdev_op pirq_eoi_gmfn_v2, and
 *    arch/x86/xen/pmu.c: xenpmu_op (xen_pmu_init), each once at boot:
 *    both were refused on the real test host until listed;
 *  - the wrappers in arch/x86/include/asm/xen/hypercall.h name each. */
static const Call pv_linux[] = {
  { "set_trap_table" }, { "mmu_update" }, { "set_gdt" }, { "stack_switch" },
  { "set_callbacks" }, { "fpu_taskswitch" }, { "set_debugreg" }, { "get_debugreg" },
  { "update_descriptor" },
  { "memory_op", "increase_reservation,decrease_reservation,maximum_ram_page,"
                 "current_reservation,maximum_reservation,machphys_mfn_list,"
                 "populate_physmap,memory_map,machphys_mapping" },
  { "multicall" }, { "update_va_mapping" }, { "set_timer_op" },
  { "xen_version", VERSION_ALL }, { "console_io" },
  { "grant_table_op", GNTTAB_FRONT }, { "vm_assist" }, { "iret" },
  { "vcpu_op", VCPU_DOMU }, { "set_segment_base" }, { "mmuext_op" },
  { "sched_op", SCHED_DOMU }, { "callback_op" },
  { "event_channel_op", EVTCHN_DOMU },
  { "physdev_op", "set_iopl,pirq_eoi_gmfn_v2" }, { "xenpmu_op" },
  { NULL }
};

/* PVH-LinuxGeneric: arch/x86/xen/enlighten_pvh.c and the HVM paths it
 * shares (enlighten_hvm.c): hvm_op get_param/set_param for the
 * xenstore/console rings and the callback vector
 * (set_evtchn_upcall_vector per vCPU), memory_op add_to_physmap for the
 * shared info page and grant frames (grant-table.c,
 * xlate_mmu.c), vcpu_op as PV; no PV MMU calls at all. */
static const Call pvh_linux[] = {
  { "memory_op", "increase_reservation,decrease_reservation,current_reservation,"
                 "maximum_reservation,populate_physmap,add_to_physmap,memory_map,"
                 "remove_from_physmap,get_vnumainfo" },
  { "xen_version", VERSION_ALL }, { "console_io" },
  { "sched_op", SCHED_DOMU }, { "event_channel_op", EVTCHN_DOMU },
  { "grant_table_op", GNTTAB_FRONT }, { "vcpu_op", VCPU_DOMU },
  { "hvm_op", "set_param,get_param,pagetable_dying,set_evtchn_upcall_vector" },
  { "set_timer_op" }, { "vm_assist" },
  { NULL }
};

/* HVM-LinuxGeneric: a PVHVM Linux guest (enlighten_hvm.c,
 * platform-pci-unplug.c, drivers/xen/platform-pci.c): like PVH, plus
 * hvm_op flush_tlbs (mmu_hvm.c), get_time, and physdev_op for PIRQ-based
 * MSI (arch/x86/pci/xen.c: map_pirq, eoi, irq_status_query). */
static const Call hvm_linux[] = {
  { "memory_op", "increase_reservation,decrease_reservation,current_reservation,"
                 "maximum_reservation,populate_physmap,add_to_physmap,memory_map,"
                 "remove_from_physmap,get_vnumainfo" },
  { "xen_version", VERSION_ALL }, { "console_io" },
  { "sched_op", SCHED_DOMU }, { "event_channel_op", EVTCHN_DOMU },
  { "grant_table_op", GNTTAB_FRONT }, { "vcpu_op", VCPU_DOMU },
  { "hvm_op", "set_param,get_param,flush_tlbs,pagetable_dying,get_time,"
              "set_evtchn_upcall_vector" },
  { "physdev_op", "eoi,irq_status_query,map_pirq,unmap_pirq,pirq_eoi_gmfn_v2,get_free_pirq" },
  { "set_timer_op" }, { "vm_assist" },
  { NULL }
};

/* NetworkService: a PV driver domain running netback
 * (drivers/net/xen-netback/): grant_table_op copy for every packet
 * (netback.c xenvif_tx_action / rx copy), map/unmap_grant_ref for the
 * rings (xenbus.c via drivers/xen/xenbus/xenbus_client.c), event channel
 * bind_interdomain to the frontend; plus PCI passthrough of its NIC
 * (physdev_op map_pirq, eoi, irq_status_query; drivers/xen/pci.c) and
 * the PV base set. */
static const Call network_service[] = {
  { "set_trap_table" }, { "mmu_update" }, { "set_gdt" }, { "stack_switch" },
  { "set_callbacks" }, { "fpu_taskswitch" }, { "set_debugreg" }, { "get_debugreg" },
  { "update_descriptor" },
  { "memory_op", "increase_reservation,decrease_reservation,maximum_ram_page,"
                 "current_reservation,maximum_reservation,machphys_mfn_list,"
                 "populate_physmap,memory_map,machphys_mapping" },
  { "multicall" }, { "update_va_mapping" }, { "set_timer_op" },
  { "xen_version", VERSION_ALL }, { "console_io" },
  { "grant_table_op", "map_grant_ref,unmap_grant_ref,setup_table,copy,query_size,"
                      "set_version,get_status_frames,get_version" },
  { "vm_assist" }, { "iret" }, { "vcpu_op", VCPU_DOMU }, { "set_segment_base" },
  { "mmuext_op" }, { "sched_op", SCHED_DOMU }, { "callback_op" },
  { "event_channel_op", EVTCHN_DOMU },
  { "physdev_op", "set_iopl,eoi,irq_status_query,map_pirq,unmap_pirq,pirq_eoi_gmfn_v2" },
  { NULL }
};

/* StorageService: a PV driver domain running blkback
 * (drivers/block/xen-blkback/blkback.c: map_grant_ref/unmap_grant_ref
 * of the request pages through gnttab_map_refs; persistent grants keep
 * them mapped), event channel bind_interdomain, and its storage
 * controller passed through (physdev_op as for network). */
static const Call storage_service[] = {
  { "set_trap_table" }, { "mmu_update" }, { "set_gdt" }, { "stack_switch" },
  { "set_callbacks" }, { "fpu_taskswitch" }, { "set_debugreg" }, { "get_debugreg" },
  { "update_descriptor" },
  { "memory_op", "increase_reservation,decrease_reservation,maximum_ram_page,"
                 "current_reservation,maximum_reservation,machphys_mfn_list,"
                 "populate_physmap,memory_map,machphys_mapping" },
  { "multicall" }, { "update_va_mapping" }, { "set_timer_op" },
  { "xen_version", VERSION_ALL }, { "console_io" },
  { "grant_table_op", "map_grant_ref,unmap_grant_ref,setup_table,query_size,"
                      "set_version,get_status_frames,get_version" },
  { "vm_assist" }, { "iret" }, { "vcpu_op", VCPU_DOMU }, { "set_segment_base" },
  { "mmuext_op" }, { "sched_op", SCHED_DOMU }, { "callback_op" },
  { "event_channel_op", EVTCHN_DOMU },
  { "physdev_op", "set_iopl,eoi,irq_status_query,map_pirq,unmap_pirq,pirq_eoi_gmfn_v2" },
  { NULL }
};

/* Introspection: a security domain reading other guests' memory through
 * libvmi/xen-access (tools/tests/xen-access in Xen, libxc's
 * xc_map_foreign_range → mmu_update/mmap_batch via privcmd, domctl for
 * pause/unpause and vm_event setup, memory_op access_op, hvm_op
 * altp2m/set_mem_access).  Security privilege: the guard lets it act on
 * others only because the profile says so. */
static const Call introspection[] = {
  { "set_trap_table" }, { "mmu_update" }, { "set_gdt" }, { "stack_switch" },
  { "set_callbacks" }, { "fpu_taskswitch" }, { "set_debugreg" }, { "get_debugreg" },
  { "update_descriptor" },
  { "memory_op", "increase_reservation,decrease_reservation,maximum_ram_page,"
                 "current_reservation,maximum_reservation,machphys_mfn_list,"
                 "populate_physmap,memory_map,machphys_mapping,access_op,"
                 "acquire_resource,maximum_gpfn" },
  { "multicall" }, { "update_va_mapping" }, { "set_timer_op" },
  { "xen_version", VERSION_ALL }, { "console_io" },
  { "grant_table_op", GNTTAB_FRONT }, { "vm_assist" }, { "iret" },
  { "vcpu_op", VCPU_DOMU }, { "set_segment_base" }, { "mmuext_op" },
  { "sched_op", SCHED_DOMU }, { "callback_op" },
  { "event_channel_op", EVTCHN_DOMU },
  { "physdev_op", "set_iopl,pirq_eoi_gmfn_v2" }, { "xenpmu_op" },
  { "hvm_op", "get_param,set_mem_access,get_mem_access,get_mem_type,altp2m" },
  { "domctl" },
  { NULL }
};

/* Dom0-Management: everything a Debian dom0 runs (the toolstack through
 * privcmd: libxc/libxl issue domctl, sysctl, memory_op, hvm_op, dm_op for
 * QEMU; xenstored maps guests' rings via grant_table_op; the kernel's
 * arch/x86/xen/ dom0 paths call platform_op (ACPI, microcode, CPU
 * hotplug: enlighten_pv.c, drivers/xen/pcpu.c), physdev_op (PCI and
 * interrupt management: drivers/xen/pci.c, arch/x86/pci/xen.c),
 * xenpmu_op, mca, kexec_op and xsm_op (FLASK tools)). */
static const Call dom0_management[] = {
  { "set_trap_table" }, { "mmu_update" }, { "set_gdt" }, { "stack_switch" },
  { "set_callbacks" }, { "fpu_taskswitch" }, { "platform_op" },
  { "set_debugreg" }, { "get_debugreg" }, { "update_descriptor" },
  { "memory_op" }, { "multicall" }, { "update_va_mapping" }, { "set_timer_op" },
  { "xen_version" }, { "console_io" }, { "grant_table_op" }, { "vm_assist" },
  { "update_va_mapping_otherdomain" }, { "iret" }, { "vcpu_op" },
  { "set_segment_base" }, { "mmuext_op" }, { "xsm_op" }, { "nmi_op" },
  { "sched_op" }, { "callback_op" }, { "event_channel_op" }, { "physdev_op" },
  { "hvm_op" }, { "sysctl" }, { "domctl" }, { "kexec_op" }, { "xenpmu_op" },
  { "dm_op" }, { "hypfs_op" }, { "mca" },
  { NULL }
};

/* The Linux profiles carry no rate limit: on the QEMU test host a PV
 * Debian guest made over 2,000 allowed calls a second while booting under
 * TCG (iret on every return to user space; mmu_update, multicall), so the
 * former 1000/s with a burst of 2000 paused every real guest at boot, and
 * real hardware runs far faster.  What guards them is the set of calls,
 * the sub-op filters and the cap on violations; a rate suits a profile
 * written for one workload. */
static const Builtin builtins[] = {
  { "AnyDomU-AllowAll", XN_GUEST_TYPE_ANY, XN_PRIVILEGE_REGULAR, 0, XN_VIOLATION_ACTION_LOG, 0, 0, any_domu },
  { "PV-LinuxGeneric", XN_GUEST_TYPE_PV, XN_PRIVILEGE_REGULAR, 10, XN_VIOLATION_ACTION_PAUSE, 0, 0, pv_linux },
  { "PVH-LinuxGeneric", XN_GUEST_TYPE_PVH, XN_PRIVILEGE_REGULAR, 10, XN_VIOLATION_ACTION_PAUSE, 0, 0, pvh_linux },
  { "HVM-LinuxGeneric", XN_GUEST_TYPE_HVM, XN_PRIVILEGE_REGULAR, 10, XN_VIOLATION_ACTION_PAUSE, 0, 0, hvm_linux },
  { "NetworkService", XN_GUEST_TYPE_PV, XN_PRIVILEGE_REGULAR, 20, XN_VIOLATION_ACTION_LOG, 0, 0, network_service },
  { "StorageService", XN_GUEST_TYPE_PV, XN_PRIVILEGE_REGULAR, 20, XN_VIOLATION_ACTION_LOG, 0, 0, storage_service },
  { "Introspection", XN_GUEST_TYPE_PV, XN_PRIVILEGE_SECURITY, 3, XN_VIOLATION_ACTION_DESTROY, 0, 0, introspection },
  { "Dom0-Management", XN_GUEST_TYPE_PV, XN_PRIVILEGE_MANAGEMENT, 0, XN_VIOLATION_ACTION_LOG, 0, 0, dom0_management },
};


/* The table's sub-op names ("increase_reservation,…"), as Xen's headers
 * call them, to the map a document's numbers give. Names are this
 * table's notation only: documents hold numbers (xn_subops_parse_list). */
static gboolean
names_to_map (const char  *names,
              int          hcall,
              guint64      map[2],
              GError     **error)
{
  g_auto(GStrv) items = g_strsplit (names, ",", -1);

  map[0] = map[1] = 0;
  for (guint i = 0; items[i] != NULL; i++)
    {
      int op = hcall >= 0 ? xng_subop_by_name ((unsigned int) hcall, items[i]) : -1;

      if (op < 0 || op > XN_SUBOP_MAX)
        {
          g_set_error (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_SUBOPS,
                       "unknown sub-op name “%s”", items[i]);
          return FALSE;
        }
      map[op / 64] |= G_GUINT64_CONSTANT (1) << (op % 64);
    }
  return TRUE;
}

static const char *const builtin_names[] = {
  "AnyDomU-AllowAll", "PV-LinuxGeneric", "PVH-LinuxGeneric", "HVM-LinuxGeneric",
  "NetworkService", "StorageService", "Introspection", "Dom0-Management", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (builtin_names) == G_N_ELEMENTS (builtins) + 1);

/**
 * xn_builtin_profile_names:
 *
 * Returns: (transfer none) (array zero-terminated=1): the names of the
 *   built-in profiles
 */
const char * const *
xn_builtin_profile_names (void)
{
  return builtin_names;
}

/**
 * xn_builtin_profile_new:
 * @name: a built-in profile's name
 *
 * Returns: (transfer full) (nullable): a new profile with that name and
 *   its hypercall set, or %NULL if @name is not built in
 */
XnProfile *
xn_builtin_profile_new (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      const Builtin *b = &builtins[i];
      XnProfile *profile;

      if (g_strcmp0 (b->name, name) != 0)
        continue;
      profile = xn_profile_new ();
      xn_object_set_name (XN_OBJECT (profile), b->name);
      xn_profile_set_guest_type (profile, b->guest_type);
      xn_profile_set_privilege (profile, b->privilege);
      xn_profile_set_max_violations (profile, b->max_violations);
      xn_profile_set_violation_action (profile, b->action);
      xn_profile_set_rate_hmax (profile, b->hmax);
      xn_profile_set_rate_burst (profile, b->burst);
      for (const Call *c = b->calls; c->name; c++)
        {
          g_autoptr(XnHypercallRule) rule = NULL;
          g_autofree char *numbers = NULL;

          /* The table names sub-ops as Xen's headers do; a document holds
           * them as the numbers its schema and lint accept. */
          if (c->subops != NULL)
            {
              guint64 map[2];
              g_autoptr(GError) error = NULL;

              if (!names_to_map (c->subops, xng_hypercall_by_name (c->name), map, &error))
                g_error ("built-in profile %s: %s", b->name, error->message);
              numbers = xn_subops_format (map);
            }
          rule = xn_hypercall_rule_new (c->name, numbers);

          xn_object_list_append (xn_profile_get_hypercalls (profile), XN_OBJECT (rule));
        }
      return profile;
    }
  return NULL;
}

/**
 * xn_builtin_profiles_add_to:
 * @policy: a policy
 *
 * Adds every built-in profile whose name @policy does not use yet (for
 * "New document").
 *
 * Returns: how many profiles were added
 */
guint
xn_builtin_profiles_add_to (XnPolicy *policy)
{
  guint added = 0;

  g_return_val_if_fail (XN_IS_POLICY (policy), 0);
  for (guint i = 0; builtin_names[i]; i++)
    {
      g_autoptr(XnProfile) profile = NULL;

      if (xn_policy_find_profile_by_name (policy, builtin_names[i]) != NULL)
        continue;
      profile = xn_builtin_profile_new (builtin_names[i]);
      xn_object_list_append (xn_policy_get_profiles (policy), XN_OBJECT (profile));
      added++;
    }
  return added;
}
