/* xn-model-private.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

/* Instance structs and helpers shared inside libxenon (the XML reader and
 * writer fill and read the fields directly: no property machinery in the
 * hot loop). Not installed. */

#include "xenon-model.h"

G_BEGIN_DECLS

struct _XnPolicy
{
  XnObject parent_instance;

  guint64 serial;
  char *description;

  /* Owned child lists, in document order. */
  XnObjectList *profiles;
  XnObjectList *tags;
  XnObjectList *conflicts;
  XnObjectList *sec_labels;
  XnObjectList *hosts;

  /* uuid (borrowed from the object) → XnObject (borrowed) */
  GHashTable *index;
};

struct _XnProfile
{
  XnObject parent_instance;

  XnGuestType guest_type;
  XnPrivilege privilege;
  guint max_violations;
  XnViolationAction violation_action;
  guint rate_hmax;
  guint rate_burst;
  gboolean learning;

  /* Owned child lists, in document order. */
  XnObjectList *hypercalls;
};

struct _XnHypercallRule
{
  XnObject parent_instance;

  char *subops;
};

struct _XnTag
{
  XnObject parent_instance;

  guint id;
  char *color;
};

struct _XnTagRef
{
  XnObject parent_instance;

  char *tag_uuid;
};

struct _XnConflict
{
  XnObject parent_instance;

  guint id;
  gboolean allow_simultaneous;

  /* Owned child lists, in document order. */
  XnObjectList *tag_refs;
};

struct _XnSecLabel
{
  XnObject parent_instance;

  char *tag_uuid;
  char *profile_uuid;
};

struct _XnHost
{
  XnObject parent_instance;

  char *address;
  guint ssh_port;
  char *host_key;

  /* Owned child lists, in document order. */
  XnObjectList *hardware;
  XnObjectList *root_domains;
  XnObjectList *enclaves;
  XnObjectList *net_switches;
  XnObjectList *storage_locations;
};

struct _XnDevice
{
  XnObject parent_instance;

  char *bdf;
  XnDeviceCategory device_class;
  char *vendor_id;
  char *device_id;
  char *ifname;
  char *mac;
};

struct _XnDeviceRef
{
  XnObject parent_instance;

  char *device_uuid;
};

struct _XnEnclave
{
  XnObject parent_instance;

  char *tag_uuid;

  /* Owned child lists, in document order. */
  XnObjectList *assigned_hardware;
  XnObjectList *domains;
};

struct _XnDomain
{
  XnObject parent_instance;

  XnDomainKind kind;
  XnGuestType guest_type;
  char *sec_label_uuid;
  guint memory;
  guint vcpus;
  char *kernel;
  char *ramdisk;
  char *cmdline;
  gboolean whitelist;
  char *may_run_on;   /* space-separated hostConfig UUIDs, or NULL */

  /* Owned child lists, in document order. */
  XnObjectList *vifs;
  XnObjectList *disks;
  XnObjectList *pci_devices;
  XnObjectList *net_allow;
  XnObjectList *xl_extra;
};

struct _XnVif
{
  XnObject parent_instance;

  char *net_switch_uuid;
  char *mac;
  char *ip;
  gboolean enabled;
};

struct _XnDisk
{
  XnObject parent_instance;

  char *vdev;
  char *target;
  char *format;
  char *mode;
  char *storage_location_uuid;
};

struct _XnNetAllow
{
  XnObject parent_instance;

  char *address;
  char *proto;
  guint port;
};

struct _XnXlPair
{
  XnObject parent_instance;

  char *text;
};

struct _XnNetSwitch
{
  XnObject parent_instance;

  char *driver_domain_uuid;
  char *address;
  char *netmask;
};

struct _XnStorageLocation
{
  XnObject parent_instance;

  char *kind;
  char *path;
};

#define XN_DOMAIN0_NAME "Domain-0"

XnObject *_xn_object_new_with_uuid (GType       type,
                                    const char *uuid);
gpointer  _xn_object_resolve       (XnObject   *self,
                                    const char *uuid,
                                    GType       type);
char     *_xn_uuid_v5              (const char *namespace_uuid,
                                    const char *name);
char     *_xn_uuid_random          (void);
void      _xn_object_list_adopt    (XnObjectList *self,
                                    XnObject     *object);
XnPolicy *_xn_policy_stream_bytes  (GBytes     *bytes,
                                    const char *display_name);
xmlDoc   *_xn_xml_parse_hardened   (GBytes     *bytes,
                                    const char *display_name,
                                    gsize       max_size,
                                    gsize       max_markup,
                                    GError    **error);

/* xenon-policy.xsd, blanks stripped, NUL-terminated (embed-schema.py). */
extern const char  xn_xml_schema_text[];
extern const gsize xn_xml_schema_text_len;

G_END_DECLS
