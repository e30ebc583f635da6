/* xn-compile-xl.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The compiler's xl configurations: one per domain other than Domain-0,
 * every value checked to be safe inside an xl string or device spec.
 */

#define G_LOG_DOMAIN "xn-compile"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "xenon-model.h"
#include "xn-compile.h"
#include "xn-compile-private.h"

#include "xng-names.h"
#include "xng-writer.h"

static const char hex_digits[] = "0123456789abcdef";

/* A value safe inside an xl string or a comma-separated device spec. */
static gboolean
is_xl_safe (const char *text,
            gboolean    in_spec)
{
  if (text == NULL)
    return TRUE;
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\'' || *p == '\\')
        return FALSE;
      if (in_spec && (*p == ',' || *p == '='))
        return FALSE;
    }
  return TRUE;
}

/* What a VIF's xl spec needs of its switch, resolved once per switch
 * rather than twice per VIF. */
typedef struct
{
  XnNetSwitch *sw;
  XnDomain    *backend;   /* a driver domain other than Domain-0, or NULL */
} XlSwitch;

static const char *
guest_type_nick (XnGuestType type)
{
  switch (type)
    {
    case XN_GUEST_TYPE_PVH:
      return "pvh";
    case XN_GUEST_TYPE_HVM:
      return "hvm";
    default:
      return "pv";
    }
}

/* "xn" and 13 hex digits (52 bits) of a 64-bit FNV-1a hash of the VIF
 * UUID: 15 characters, the most IFNAMSIZ allows.  A hash rather than the
 * UUID's first digits, since generated UUIDs often share their prefix;
 * the compiler still refuses a collision on one host. */
/* Returns the 52 bits the name shows. */
guint64
_xn_compile_port_name_into (const char *vif_uuid,
                            char        out[16])
{
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);

  for (const char *p = vif_uuid; *p; p++)
    {
      h ^= (guchar) g_ascii_tolower (*p);
      h *= G_GUINT64_CONSTANT (1099511628211);
    }
  h >>= 12;
  out[0] = 'x';
  out[1] = 'n';
  for (int i = 14; i >= 2; i--)
    out[i] = hex_digits[(h >> (4 * (14 - i))) & 0xf];
  out[15] = '\0';
  return h;
}

/* @what is untranslated (N_()): looking a translation up for every
 * value checked cost more than writing the whole configuration. */
static gboolean
xl_check (const char  *what,
          const char  *owner,
          const char  *value,
          gboolean     in_spec,
          GError     **error)
{
  if (is_xl_safe (value, in_spec))
    return TRUE;
  g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_VALUE,
               _("Domain “%s”: %s “%s” contains characters an xl configuration cannot hold"),
               owner, _(what), value);
  return FALSE;
}

/* Appends "keyvalue," when there is a value. */
static void
put_spec_item (GString    *s,
               const char *key,
               const char *value)
{
  if (value == NULL)
    return;
  put_str (s, key);
  put_str (s, value);
  g_string_append_c (s, ',');
}

/* Appends key = "value"\n. */
static void
put_xl_string (GString    *s,
               const char *key,
               const char *value)
{
  put_str (s, key);
  put_str (s, " = \"");
  put_str (s, value);
  put_str (s, "\"\n");
}

void
_xn_compile_xl_switches_init (Compiler *c)
{
  XnObjectList *switches = xn_host_get_net_switches (c->host);
  guint n = xn_object_list_get_n_items (switches);

  for (guint i = 0; i < n; i++)
    {
      XnNetSwitch *sw = xn_object_list_get (switches, i);
      const char *uuid = xn_object_get_uuid (XN_OBJECT (sw));
      XnDomain *backend = xn_net_switch_get_driver_domain (sw);
      XlSwitch *xs;

      /* Only where the model's own lookup gives this very switch, so
       * the cache never answers differently from it. */
      if (uuid == NULL || xn_policy_lookup (c->policy, uuid) != XN_OBJECT (sw))
        continue;
      xs = g_new0 (XlSwitch, 1);
      xs->sw = sw;
      xs->backend = backend && !xn_domain_is_domain0 (backend) ? backend : NULL;
      g_hash_table_insert (c->xl_switches, (gpointer) uuid, xs);
    }
}

/* Writes the configuration into c->xl. */
gboolean
_xn_compile_xl_config (Compiler    *c,
                       XnDomain    *domain,
                       const char  *sec_label,
                       GError     **error)
{
  const char *name = xn_object_get_name (XN_OBJECT (domain));
  GString *s = c->xl;
  XnObjectList *vifs = xn_domain_get_vifs (domain);
  XnObjectList *disks = xn_domain_get_disks (domain);
  XnObjectList *pci = xn_domain_get_pci_devices (domain);
  XnObjectList *extra = xn_domain_get_xl_extra (domain);
  const char *kernel = xn_domain_get_kernel (domain);
  const char *ramdisk = xn_domain_get_ramdisk (domain);
  const char *cmdline = xn_domain_get_cmdline (domain);
  guint memory, vcpus;
  guint n, written;

  if (!xl_check (N_("name"), name, name, FALSE, error) ||
      !xl_check (N_("kernel"), name, kernel, FALSE, error) ||
      !xl_check (N_("ramdisk"), name, ramdisk, FALSE, error) ||
      !xl_check (N_("command line"), name, cmdline, FALSE, error) ||
      !xl_check (N_("secLabel"), name, sec_label, FALSE, error))
    return FALSE;

  g_string_truncate (s, 0);
  PUT_LIT (s, "# xl configuration of ");
  put_str (s, name);
  PUT_LIT (s, ", policy serial ");
  put_uint (s, c->plan->serial);
  PUT_LIT (s, ", written by the Xenon policy compiler\n");
  put_xl_string (s, "name", name);
  put_xl_string (s, "uuid", xn_object_get_uuid (XN_OBJECT (domain)));
  put_xl_string (s, "type", guest_type_nick (xn_domain_get_guest_type (domain)));
  if ((memory = xn_domain_get_memory (domain)) > 0)
    {
      PUT_LIT (s, "memory = ");
      put_uint (s, memory);
      g_string_append_c (s, '\n');
    }
  if ((vcpus = xn_domain_get_vcpus (domain)) > 0)
    {
      PUT_LIT (s, "vcpus = ");
      put_uint (s, vcpus);
      g_string_append_c (s, '\n');
    }
  if (kernel)
    put_xl_string (s, "kernel", kernel);
  if (ramdisk)
    put_xl_string (s, "ramdisk", ramdisk);
  if (cmdline)
    put_xl_string (s, "cmdline", cmdline);
  if (sec_label)
    put_xl_string (s, "seclabel", sec_label);

  n = xn_object_list_get_n_items (vifs);
  written = 0;
  for (guint i = 0; i < n; i++)
    {
      XnVif *vif = xn_object_list_get (vifs, i);
      const char *sw_uuid = xn_vif_get_net_switch_uuid (vif);
      XlSwitch *xs = sw_uuid ? g_hash_table_lookup (c->xl_switches, sw_uuid) : NULL;
      XnNetSwitch *sw;
      XnDomain *backend;
      const char *ip = xn_vif_get_ip (vif);
      char port[16];
      char mac[18];

      /* A disabled VIF gets its port and its drop flows, but no device:
       * attached, the guest would have a NIC the officer switched off. */
      if (!xn_vif_get_enabled (vif))
        continue;
      if (written++ == 0)
        PUT_LIT (s, "vif = [ ");
      else
        PUT_LIT (s, ", ");
      if (xs != NULL)
        {
          sw = xs->sw;
          backend = xs->backend;
        }
      else
        {
          /* Not one of the host's switches: the compile fails later
           * on it, but errors keep their order. */
          sw = xn_vif_get_net_switch (vif);
          backend = sw ? xn_net_switch_get_driver_domain (sw) : NULL;
          if (backend && xn_domain_is_domain0 (backend))
            backend = NULL;
        }
      _xn_compile_port_name_into (xn_object_get_uuid (XN_OBJECT (vif)), port);
      g_string_append_c (s, '\'');
      if (xn_mac_parse (xn_vif_get_mac (vif), mac, NULL))
        {
          PUT_LIT (s, "mac=");
          put_str (s, mac);
          g_string_append_c (s, ',');
        }
      if (ip && xn_ipv4_parse (ip, NULL, NULL))
        {
          PUT_LIT (s, "ip=");
          put_str (s, ip);
          g_string_append_c (s, ',');
        }
      if (sw)
        {
          PUT_LIT (s, "bridge=");
          put_str (s, xn_object_get_name (XN_OBJECT (sw)));
          g_string_append_c (s, ',');
        }
      if (backend)
        {
          const char *backend_name = xn_object_get_name (XN_OBJECT (backend));

          if (!xl_check (N_("driver domain"), name, backend_name, TRUE, error))
            return FALSE;
          PUT_LIT (s, "backend=");
          put_str (s, backend_name);
          g_string_append_c (s, ',');
        }
      PUT_LIT (s, "script=vif-xenon,vifname=");
      put_str (s, port);
      g_string_append_c (s, '\'');
    }
  if (written > 0)
    PUT_LIT (s, " ]\n");

  n = xn_object_list_get_n_items (disks);
  if (n > 0)
    {
      PUT_LIT (s, "disk = [ ");
      for (guint i = 0; i < n; i++)
        {
          XnDisk *disk = xn_object_list_get (disks, i);
          XnStorageLocation *loc = xn_disk_get_storage_location (disk);
          const char *target = xn_disk_get_target (disk);
          const char *vdev = xn_disk_get_vdev (disk);
          const char *format = xn_disk_get_format (disk);
          const char *mode = xn_disk_get_mode (disk);
          g_autofree char *full = NULL;

          if (!xl_check (N_("disk"), name, vdev, TRUE, error) ||
              !xl_check (N_("disk format"), name, format, TRUE, error) ||
              !xl_check (N_("disk mode"), name, mode, TRUE, error) ||
              !xl_check (N_("disk target"), name, target, FALSE, error))
            return FALSE;
          /* A relative target lives in its storage location. */
          if (target && target[0] != '/' && loc && xn_storage_location_get_path (loc))
            {
              if (!xl_check (N_("storage path"), name, xn_storage_location_get_path (loc), FALSE, error))
                return FALSE;
              full = g_build_filename (xn_storage_location_get_path (loc), target, NULL);
            }
          if (i > 0)
            PUT_LIT (s, ", ");
          g_string_append_c (s, '\'');
          put_spec_item (s, "format=", format);
          put_spec_item (s, "vdev=", vdev);
          put_spec_item (s, "access=", mode);
          /* target= must come last: xl takes the rest of the spec. */
          PUT_LIT (s, "target=");
          put_str (s, full ? full : (target ? target : ""));
          g_string_append_c (s, '\'');
        }
      PUT_LIT (s, " ]\n");
    }

  n = xn_object_list_get_n_items (pci);
  if (n > 0)
    {
      PUT_LIT (s, "pci = [ ");
      for (guint i = 0; i < n; i++)
        {
          XnDeviceRef *ref = xn_object_list_get (pci, i);
          XnDevice *dev = xn_device_ref_get_device (ref);

          if (dev == NULL || xn_device_get_bdf (dev) == NULL)
            {
              g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_REFERENCE,
                           _("Domain “%s” names a PCI device that is not in the host's hardware"),
                           name);
              return FALSE;
            }
          if (!xl_check (N_("PCI device"), name, xn_device_get_bdf (dev), TRUE, error))
            return FALSE;
          if (i > 0)
            PUT_LIT (s, ", ");
          g_string_append_c (s, '\'');
          put_str (s, xn_device_get_bdf (dev));
          g_string_append_c (s, '\'');
        }
      PUT_LIT (s, " ]\n");
    }

  n = xn_object_list_get_n_items (extra);
  for (guint i = 0; i < n; i++)
    {
      XnXlPair *pair = xn_object_list_get (extra, i);
      const char *text = xn_xl_pair_get_text (pair);
      const char *key = xn_xl_text_find_reserved_key (text);

      /* Verbatim, as the officer wrote it; one line each; never one
       * that sets again what the policy set above (the lint refuses
       * it, this is for a policy signed with --force). */
      if (key != NULL)
        _xn_compile_warn (c->plan, _("Domain “%s”: the extra xl setting “%s” is left out: "
                                     "“%s” is the compiler's to write"), name, text, key);
      else if (text && strchr (text, '\n') == NULL)
        {
          put_str (s, text);
          g_string_append_c (s, '\n');
        }
      else if (text)
        {
          g_set_error (error, XN_COMPILE_ERROR, XN_COMPILE_ERROR_VALUE,
                       _("Domain “%s”: an extra xl key/value spans several lines"), name);
          return FALSE;
        }
    }
  return TRUE;
}
