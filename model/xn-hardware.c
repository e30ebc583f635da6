/* xn-hardware.c: a host's PCI devices as the daemon reports them
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The daemon's GetHardware answers with one a{sv} per device; both ends
 * use this file, so the keys are written and read in one place.  What
 * comes in is outside data: each field is held to the type the document's
 * schema gives it (xenon-policy.xsd: Bdf, PciId, DeviceClass, Name, Mac),
 * so an imported device can always be saved, and one bad device refuses
 * the whole list.
 */

#define G_LOG_DOMAIN "xn-hardware"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xenon-model.h"
#include "xn-hardware.h"

G_DEFINE_QUARK (xn-hardware-error-quark, xn_hardware_error)

static void
add_string (GVariantBuilder *b,
            const char      *key,
            const char      *value)
{
  if (value != NULL)
    g_variant_builder_add (b, "{sv}", key, g_variant_new_string (value));
}

/**
 * xn_device_to_vardict:
 * @device: a device of a host
 *
 * Keys: "bdf", "class" (the XML nick), "vendor-id", "device-id", "name",
 * "ifname" and "mac" for NICs, and "enclave" (the holder's name) when an
 * enclave holds it; unset fields are left out.
 *
 * Returns: (transfer floating): the a{sv}
 */
GVariant *
xn_device_to_vardict (XnDevice *device)
{
  XnEnclave *enclave;
  GVariantBuilder b;

  g_return_val_if_fail (XN_IS_DEVICE (device), NULL);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  add_string (&b, "bdf", xn_device_get_bdf (device));
  add_string (&b, "class", xn_enum_to_nick (XN_TYPE_DEVICE_CATEGORY, xn_device_get_device_class (device)));
  add_string (&b, "vendor-id", xn_device_get_vendor_id (device));
  add_string (&b, "device-id", xn_device_get_device_id (device));
  add_string (&b, "name", xn_object_get_name (XN_OBJECT (device)));
  add_string (&b, "ifname", xn_device_get_ifname (device));
  add_string (&b, "mac", xn_device_get_mac (device));
  enclave = xn_device_get_enclave (device);
  if (enclave != NULL)
    add_string (&b, "enclave", xn_object_get_name (XN_OBJECT (enclave)));
  return g_variant_builder_end (&b);
}

/* @text matches @shape, where 'x' is a lower-case hex digit, '7' an octal
 * digit and anything else itself (the schema's Bdf and PciId patterns). */
static gboolean
matches (const char *text,
         const char *shape)
{
  for (; *shape != '\0'; text++, shape++)
    {
      if (*shape == 'x' ? !(g_ascii_isdigit (*text) || (*text >= 'a' && *text <= 'f'))
          : *shape == '7' ? !(*text >= '0' && *text <= '7')
          : *text != *shape)
        return FALSE;
    }
  return *text == '\0';
}

static gboolean
is_name (const char *text)
{
  gsize n = strlen (text);

  return n >= 1 && n <= 255 && g_utf8_validate (text, -1, NULL);
}

static gboolean
invalid (GError    **error,
         guint       index,
         const char *bdf,
         const char *what,
         const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value ? value : "", -1);
  g_autofree char *shown = NULL;

  /* A hostile value may be long: a message shows its start. */
  if (g_utf8_strlen (valid, -1) > 64)
    {
      g_autofree char *start = g_utf8_substring (valid, 0, 64);
      shown = g_strconcat (start, "…", NULL);
    }
  else
    shown = g_steal_pointer (&valid);

  if (bdf != NULL)
    g_set_error (error, XN_HARDWARE_ERROR, XN_HARDWARE_ERROR_INVALID,
                 _("Device %u (%s): %s “%s” is not valid"), index + 1, bdf, what, shown);
  else
    g_set_error (error, XN_HARDWARE_ERROR, XN_HARDWARE_ERROR_INVALID,
                 _("Device %u: %s “%s” is not valid"), index + 1, what, shown);
  return FALSE;
}

static gboolean
fill_device (XnDevice  *device,
             GVariant  *dict,
             guint      index,
             GError   **error)
{
  const char *bdf = NULL, *cls = NULL, *vendor = NULL, *dev_id = NULL;
  const char *name = NULL, *ifname = NULL, *mac = NULL;
  int category;

  if (!g_variant_lookup (dict, "bdf", "&s", &bdf))
    {
      g_set_error (error, XN_HARDWARE_ERROR, XN_HARDWARE_ERROR_INVALID,
                   _("Device %u has no PCI address (“bdf”)"), index + 1);
      return FALSE;
    }
  if (!matches (bdf, "xxxx:xx:xx.7"))
    return invalid (error, index, NULL, _("PCI address"), bdf);
  if (!g_variant_lookup (dict, "class", "&s", &cls) || !xn_enum_from_nick (XN_TYPE_DEVICE_CATEGORY, cls, &category))
    return invalid (error, index, bdf, _("class"), cls);
  if (g_variant_lookup (dict, "vendor-id", "&s", &vendor) && *vendor != '\0' && !matches (vendor, "xxxx"))
    return invalid (error, index, bdf, _("vendor id"), vendor);
  if (g_variant_lookup (dict, "device-id", "&s", &dev_id) && *dev_id != '\0' && !matches (dev_id, "xxxx"))
    return invalid (error, index, bdf, _("device id"), dev_id);
  if (g_variant_lookup (dict, "name", "&s", &name) && *name != '\0' && !is_name (name))
    return invalid (error, index, bdf, _("name"), name);
  if (g_variant_lookup (dict, "ifname", "&s", &ifname) && *ifname != '\0' && !is_name (ifname))
    return invalid (error, index, bdf, _("interface name"), ifname);
  if (g_variant_lookup (dict, "mac", "&s", &mac) && *mac != '\0' && !xn_mac_parse (mac, NULL, NULL))
    return invalid (error, index, bdf, _("MAC address"), mac);

  xn_device_set_bdf (device, bdf);
  xn_device_set_device_class (device, category);
  /* Empty strings are how a daemon says "not known". */
  if (vendor != NULL && *vendor != '\0')
    xn_device_set_vendor_id (device, vendor);
  if (dev_id != NULL && *dev_id != '\0')
    xn_device_set_device_id (device, dev_id);
  if (name != NULL && *name != '\0')
    xn_object_set_name (XN_OBJECT (device), name);
  if (ifname != NULL && *ifname != '\0')
    xn_device_set_ifname (device, ifname);
  if (mac != NULL && *mac != '\0')
    xn_device_set_mac (device, mac);
  return TRUE;
}

/**
 * xn_hardware_from_variant:
 * @devices: an `aa{sv}` as xn_device_to_vardict() writes each entry
 * @error: return location for a #GError
 *
 * Reads a host's devices, each with a fresh UUID.  Fails whole, naming
 * the device and field, when any entry is not valid or a PCI address
 * repeats.
 *
 * Returns: (transfer full) (element-type XnDevice) (nullable): the devices
 */
GPtrArray *
xn_hardware_from_variant (GVariant  *devices,
                          GError   **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gsize n;

  g_return_val_if_fail (devices != NULL, NULL);

  if (!g_variant_is_of_type (devices, G_VARIANT_TYPE ("aa{sv}")))
    {
      g_set_error (error, XN_HARDWARE_ERROR, XN_HARDWARE_ERROR_INVALID,
                   _("The device list has type %s, not aa{sv}"), g_variant_get_type_string (devices));
      return NULL;
    }
  n = g_variant_n_children (devices);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) dict = g_variant_get_child_value (devices, i);
      g_autoptr(XnDevice) device = xn_device_new ();

      if (!fill_device (device, dict, (guint) i, error))
        return NULL;
      if (!g_hash_table_add (seen, (gpointer) xn_device_get_bdf (device)))
        {
          g_set_error (error, XN_HARDWARE_ERROR, XN_HARDWARE_ERROR_INVALID,
                       _("Device %u repeats the PCI address %s"), (guint) i + 1, xn_device_get_bdf (device));
          return NULL;
        }
      g_ptr_array_add (out, g_steal_pointer (&device));
    }
  return g_steal_pointer (&out);
}

/**
 * xn_host_import_hardware:
 * @host: the document's host
 * @devices: the `aa{sv}` the host's daemon reported
 * @n_added: (out) (optional): how many devices are new to @host
 * @n_known: (out) (optional): how many @host has already (by PCI address),
 *   which are left as they are
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): one command adding the new devices
 *   to @host's hardware (a group with nothing in it when every device is
 *   known), or %NULL with @error set when the list is not valid
 */
XnCommand *
xn_host_import_hardware (XnHost    *host,
                         GVariant  *devices,
                         guint     *n_added,
                         guint     *n_known,
                         GError   **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  XnObjectList *hardware;
  XnGroupCommand *group;
  guint added = 0, known = 0;

  g_return_val_if_fail (XN_IS_HOST (host), NULL);

  found = xn_hardware_from_variant (devices, error);
  if (found == NULL)
    return NULL;
  hardware = xn_host_get_hardware (host);
  for (guint i = 0; i < xn_object_list_get_n_items (hardware); i++)
    {
      const char *bdf = xn_device_get_bdf (xn_object_list_get (hardware, i));
      if (bdf != NULL)
        g_hash_table_add (present, (gpointer) bdf);
    }
  group = XN_GROUP_COMMAND (xn_group_command_new (_("Import Hardware")));
  for (guint i = 0; i < found->len; i++)
    {
      XnDevice *device = g_ptr_array_index (found, i);

      if (g_hash_table_contains (present, xn_device_get_bdf (device)))
        {
          known++;
          continue;
        }
      xn_group_command_add (group, xn_insert_command_new (hardware, xn_object_list_get_n_items (hardware) + added,
                                                          XN_OBJECT (device)));
      added++;
    }
  if (n_added != NULL)
    *n_added = added;
  if (n_known != NULL)
    *n_known = known;
  return XN_COMMAND (group);
}
