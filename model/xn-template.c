/* xn-template.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Templates carry a policy from one host to another: export strips what
 * only makes sense on the host it was drawn for, import grafts the rest
 * onto another document with fresh identities.
 *
 * A template is an ordinary policy document in format 1, so it loads,
 * validates, diffs and lints like any other; what marks it is content the
 * schema already allows and that can never name real hardware: every host
 * has the address `template.invalid` (RFC 6761 reserves `.invalid`), every
 * device is a *slot* whose BDF lies in PCI segment ffff with only its class
 * kept, and every VIF has the MAC 00:00:00:00:00:00. Host keys are gone.
 *
 * Import is all-or-nothing: everything is decided and checked on a private
 * copy of the template (fresh UUIDs, renames, re-bindings, MACs, and a
 * final check that every reference resolves); only then are whole
 * subtrees moved into the target, a step that cannot fail.
 */

#define G_LOG_DOMAIN "xn-template"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "xn-template.h"
#include "xenon-model.h"

G_DEFINE_QUARK (xn-template-error-quark, xn_template_error)

/* ---- XnTemplateReport ------------------------------------------------ */

struct _XnTemplateReport
{
  GObject    parent_instance;

  GArray    *kinds;   /* XnTemplateNoteKind */
  GPtrArray *texts;   /* char * */
};

G_DEFINE_FINAL_TYPE (XnTemplateReport, xn_template_report, G_TYPE_OBJECT)

static void
xn_template_report_finalize (GObject *object)
{
  XnTemplateReport *self = XN_TEMPLATE_REPORT (object);

  g_array_unref (self->kinds);
  g_ptr_array_unref (self->texts);

  G_OBJECT_CLASS (xn_template_report_parent_class)->finalize (object);
}

static void
xn_template_report_class_init (XnTemplateReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xn_template_report_finalize;
}

static void
xn_template_report_init (XnTemplateReport *self)
{
  self->kinds = g_array_new (FALSE, FALSE, sizeof (XnTemplateNoteKind));
  self->texts = g_ptr_array_new_with_free_func (g_free);
}

G_GNUC_PRINTF (3, 4)
static void
note (XnTemplateReport   *self,
      XnTemplateNoteKind  kind,
      const char         *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_array_append_val (self->kinds, kind);
  g_ptr_array_add (self->texts, g_strdup_vprintf (format, args));
  va_end (args);
}

/**
 * xn_template_report_get_n_notes:
 * @self: an #XnTemplateReport
 *
 * Returns: the number of sentences
 */
guint
xn_template_report_get_n_notes (XnTemplateReport *self)
{
  g_return_val_if_fail (XN_IS_TEMPLATE_REPORT (self), 0);

  return self->texts->len;
}

/**
 * xn_template_report_get_kind:
 * @self: an #XnTemplateReport
 * @index: a sentence number
 *
 * Returns: what sentence @index is about
 */
XnTemplateNoteKind
xn_template_report_get_kind (XnTemplateReport *self,
                             guint             index)
{
  g_return_val_if_fail (XN_IS_TEMPLATE_REPORT (self), 0);
  g_return_val_if_fail (index < self->kinds->len, 0);

  return g_array_index (self->kinds, XnTemplateNoteKind, index);
}

/**
 * xn_template_report_get_text:
 * @self: an #XnTemplateReport
 * @index: a sentence number
 *
 * Returns: (transfer none): the sentence, for people
 */
const char *
xn_template_report_get_text (XnTemplateReport *self,
                             guint             index)
{
  g_return_val_if_fail (XN_IS_TEMPLATE_REPORT (self), NULL);
  g_return_val_if_fail (index < self->texts->len, NULL);

  return g_ptr_array_index (self->texts, index);
}

/**
 * xn_template_report_count:
 * @self: an #XnTemplateReport
 * @kind: a kind of sentence
 *
 * Returns: how many sentences are of @kind
 */
guint
xn_template_report_count (XnTemplateReport   *self,
                          XnTemplateNoteKind  kind)
{
  guint n = 0;

  g_return_val_if_fail (XN_IS_TEMPLATE_REPORT (self), 0);

  for (guint i = 0; i < self->kinds->len; i++)
    if (g_array_index (self->kinds, XnTemplateNoteKind, i) == kind)
      n++;

  return n;
}

/**
 * xn_template_report_format:
 * @self: an #XnTemplateReport
 *
 * Returns: (transfer full): every sentence, one per line
 */
char *
xn_template_report_format (XnTemplateReport *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (XN_IS_TEMPLATE_REPORT (self), NULL);

  for (guint i = 0; i < self->texts->len; i++)
    {
      g_string_append (out, g_ptr_array_index (self->texts, i));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* ---- helpers --------------------------------------------------------- */

static void
collect_list_cb (XnObjectList *list,
                 gpointer      user_data)
{
  g_ptr_array_add (user_data, list);
}

static void
collect_all (XnObject  *object,
             GPtrArray *out)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  g_ptr_array_add (out, object);
  xn_object_foreach_list (object, collect_list_cb, lists);
  for (guint l = 0; l < lists->len; l++)
    {
      XnObjectList *list = g_ptr_array_index (lists, l);
      guint n = xn_object_list_get_n_items (list);

      for (guint i = 0; i < n; i++)
        collect_all (xn_object_list_get (list, i), out);
    }
}

static const char *
type_label (gpointer object)
{
  const char *tn = G_OBJECT_TYPE_NAME (object);

  return g_str_has_prefix (tn, "Xn") ? tn + 2 : tn;
}

/* `Domain “nids”`, for the report. */
static char *
label (gpointer object)
{
  const char *name = xn_object_get_name (object);

  if (name == NULL && XN_IS_DEVICE (object))
    return g_strdup_printf ("%s %s", type_label (object), xn_device_get_bdf (object));
  if (name == NULL)
    return g_strdup_printf ("%s {%s}", type_label (object), xn_object_get_uuid (object));

  return g_strdup_printf ("%s “%s”", type_label (object), name);
}

static GPtrArray *
reference_props (GType type)
{
  GObjectClass *klass = g_type_class_ref (type);
  guint n = 0;
  GParamSpec **pspecs = g_object_class_list_properties (klass, &n);
  GPtrArray *ret = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    if (xn_object_property_is_reference (pspecs[i]))
      g_ptr_array_add (ret, pspecs[i]);

  g_free (pspecs);
  g_type_class_unref (klass);

  return ret;
}

/* ---- export ---------------------------------------------------------- */

/**
 * xn_template_export:
 * @policy: a policy
 * @error: return location for a #GError
 *
 * Makes a template of @policy: a valid policy document with everything
 * bound to the hosts it was drawn for taken out. Every host gets the
 * address %XN_TEMPLATE_HOST_ADDRESS, SSH port 22 and no host key; every
 * device becomes a slot (%XN_TEMPLATE_SLOT_SEGMENT BDF, class and name
 * kept, no vendor/device ids, interface name or MAC); every VIF gets the
 * MAC %XN_TEMPLATE_MAC_PLACEHOLDER. The serial is 0 (a template is no
 * edition). UUIDs are kept: xn_template_import() replaces them.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL with @error
 *   set (more than 65536 devices on one host)
 */
XnPolicy *
xn_template_export (XnPolicy  *policy,
                    GError   **error)
{
  g_autoptr(XnPolicy) copy = NULL;
  XnObjectList *hosts;

  g_return_val_if_fail (XN_IS_POLICY (policy), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy = XN_POLICY (xn_object_copy (XN_OBJECT (policy), XN_COPY_DEFAULT));
  xn_policy_set_serial (copy, 0);

  hosts = xn_policy_get_hosts (copy);
  for (guint h = 0; h < xn_object_list_get_n_items (hosts); h++)
    {
      XnHost *host = xn_object_list_get (hosts, h);
      XnObjectList *hardware = xn_host_get_hardware (host);
      guint n_devices = xn_object_list_get_n_items (hardware);
      g_autoptr(GPtrArray) all = g_ptr_array_new ();

      if (n_devices > 0x10000)
        {
          g_set_error (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_LIMIT,
                       _("Host “%s” has %u devices; a template numbers at most 65536 slots per host"),
                       xn_object_get_name (XN_OBJECT (host)), n_devices);
          return NULL;
        }

      xn_host_set_address (host, XN_TEMPLATE_HOST_ADDRESS);
      xn_host_set_ssh_port (host, 22);
      xn_host_set_host_key (host, NULL);

      for (guint i = 0; i < n_devices; i++)
        {
          XnDevice *device = xn_object_list_get (hardware, i);
          g_autofree char *bdf = g_strdup_printf (XN_TEMPLATE_SLOT_SEGMENT ":%02x:%02x.0",
                                                  i >> 8, i & 0xff);

          xn_device_set_bdf (device, bdf);
          xn_device_set_vendor_id (device, NULL);
          xn_device_set_device_id (device, NULL);
          xn_device_set_ifname (device, NULL);
          xn_device_set_mac (device, NULL);
        }

      collect_all (XN_OBJECT (host), all);
      for (guint i = 0; i < all->len; i++)
        if (XN_IS_VIF (g_ptr_array_index (all, i)))
          xn_vif_set_mac (g_ptr_array_index (all, i), XN_TEMPLATE_MAC_PLACEHOLDER);
    }

  return g_steal_pointer (&copy);
}

/* ---- import ---------------------------------------------------------- */

typedef struct
{
  XnPolicy         *target;
  XnPolicy         *staged;     /* the template's copy, fresh UUIDs */
  XnTemplateReport *report;
  GHashTable       *remap;      /* staged uuid → target uuid */
  GHashTable       *skip;       /* staged objects that stay behind */
  GHashTable       *drop_refs;  /* staged DeviceRefs to remove */
  XnGroupCommand   *command;    /* the inserts that do the import */
  GHashTable       *next_pos;   /* target list → position of its next insert */
} ImportState;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Content of an object for the identical-or-not question: every property
 * but the UUID (and at the top, the name it was matched by and the
 * document-local `id`), references mapped through @remap, children as
 * sorted lists of their own signatures (no list here is ordered). */
static char *
signature (XnObject   *object,
           GHashTable *remap,
           gboolean    top)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (object);
  guint n = 0;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (klass, &n);
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  GString *out = g_string_new (G_OBJECT_TYPE_NAME (object));

  for (guint i = 0; i < n; i++)
    {
      GParamSpec *pspec = pspecs[i];
      GValue v = G_VALUE_INIT;
      g_autofree char *text = NULL;

      if (strcmp (pspec->name, "uuid") == 0 ||
          (top && (strcmp (pspec->name, "name") == 0 || strcmp (pspec->name, "id") == 0)))
        continue;

      g_value_init (&v, pspec->value_type);
      g_object_get_property (G_OBJECT (object), pspec->name, &v);
      if (G_VALUE_HOLDS_STRING (&v))
        {
          const char *s = g_value_get_string (&v);

          if (s != NULL && remap != NULL && xn_object_property_is_reference (pspec) &&
              g_hash_table_contains (remap, s))
            s = g_hash_table_lookup (remap, s);
          text = s != NULL ? g_strdup_printf ("\"%s\"", s) : g_strdup ("null");
        }
      else
        text = g_strdup_value_contents (&v);
      g_value_unset (&v);

      g_string_append_printf (out, " %s=%s", pspec->name, text);
    }

  xn_object_foreach_list (object, collect_list_cb, lists);
  for (guint l = 0; l < lists->len; l++)
    {
      XnObjectList *list = g_ptr_array_index (lists, l);
      guint m = xn_object_list_get_n_items (list);
      g_autoptr(GPtrArray) sigs = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < m; i++)
        g_ptr_array_add (sigs, signature (xn_object_list_get (list, i), remap, FALSE));
      g_ptr_array_sort (sigs, compare_strings);

      g_string_append (out, " [");
      for (guint i = 0; i < sigs->len; i++)
        {
          g_string_append (out, g_ptr_array_index (sigs, i));
          g_string_append_c (out, ';');
        }
      g_string_append_c (out, ']');
    }

  return g_string_free (out, FALSE);
}

/* "web" → "web (2)", or for bridge names (Linux interface names: no
 * spaces, 15 bytes) "br0" → "br0-2". */
static char *
unique_name (const char *base,
             GHashTable *taken,
             gboolean    ifname_style)
{
  for (guint n = 2; ; n++)
    {
      char *candidate;

      if (ifname_style)
        {
          g_autofree char *suffix = g_strdup_printf ("-%u", n);
          gsize keep = MIN (strlen (base), 15 - MIN (strlen (suffix), 15));

          candidate = g_strdup_printf ("%.*s%s", (int) keep, base, suffix);
        }
      else
        candidate = g_strdup_printf ("%s (%u)", base, n);

      if (!g_hash_table_contains (taken, candidate))
        return candidate;
      g_free (candidate);
    }
}

static GHashTable *
names_of (XnObjectList *list)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = xn_object_list_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      const char *name = xn_object_get_name (xn_object_list_get (list, i));

      if (name != NULL)
        g_hash_table_add (set, g_strdup (name));
    }

  return set;
}

/* Renames @object when its name is in @taken, then takes its name. */
static void
claim_name (ImportState *state,
            XnObject    *object,
            GHashTable  *taken,
            gboolean     ifname_style,
            const char  *where)
{
  const char *name = xn_object_get_name (object);

  if (name == NULL)
    return;

  if (g_hash_table_contains (taken, name))
    {
      g_autofree char *old_label = label (object);
      g_autofree char *fresh = unique_name (name, taken, ifname_style);

      xn_object_set_name (object, fresh);
      note (state->report, XN_TEMPLATE_NOTE_RENAMED,
            _("%s was renamed “%s”: %s already has one of that name."),
            old_label, fresh, where);
    }

  g_hash_table_add (taken, g_strdup (xn_object_get_name (object)));
}

static void
import_enterprise_list (ImportState  *state,
                        XnObjectList *target_list,
                        XnObjectList *staged_list)
{
  g_autoptr(GHashTable) taken = names_of (target_list);
  g_autoptr(GHashTable) ids = g_hash_table_new (NULL, NULL);
  guint max_id = 0;
  guint n = xn_object_list_get_n_items (target_list);
  guint m = xn_object_list_get_n_items (staged_list);
  gpointer klass = g_type_class_ref (xn_object_list_get_item_type (target_list));
  gboolean has_id = g_object_class_find_property (G_OBJECT_CLASS (klass), "id") != NULL;

  g_type_class_unref (klass);

  if (has_id)
    for (guint i = 0; i < n; i++)
      {
        guint id = 0;

        g_object_get (xn_object_list_get (target_list, i), "id", &id, NULL);
        g_hash_table_add (ids, GUINT_TO_POINTER (id));
        max_id = MAX (max_id, id);
      }

  for (guint i = 0; i < m; i++)
    {
      XnObject *object = xn_object_list_get (staged_list, i);
      const char *name = xn_object_get_name (object);
      XnObject *existing = name ? xn_object_list_lookup_name (target_list, name) : NULL;

      if (existing != NULL)
        {
          g_autofree char *a = signature (object, state->remap, TRUE);
          g_autofree char *b = signature (existing, NULL, TRUE);

          if (strcmp (a, b) == 0)
            {
              g_autofree char *l = label (existing);

              g_hash_table_insert (state->remap, g_strdup (xn_object_get_uuid (object)),
                                   g_strdup (xn_object_get_uuid (existing)));
              g_hash_table_add (state->skip, object);
              note (state->report, XN_TEMPLATE_NOTE_REUSED,
                    _("%s is identical to the one already in the policy: reused."), l);
              continue;
            }
        }

      claim_name (state, object, taken, FALSE, _("the policy"));

      if (has_id)
        {
          guint id = 0;

          g_object_get (object, "id", &id, NULL);
          if (g_hash_table_contains (ids, GUINT_TO_POINTER (id)))
            {
              g_autofree char *l = label (object);
              guint fresh = max_id + 1;

              g_object_set (object, "id", fresh, NULL);
              note (state->report, XN_TEMPLATE_NOTE_RENUMBERED,
                    _("%s got id %u: id %u is taken in the policy."), l, fresh, id);
              id = fresh;
            }
          g_hash_table_add (ids, GUINT_TO_POINTER (id));
          max_id = MAX (max_id, id);
        }
    }
}

static gboolean
fresh_mac (GHashTable  *used,
           char       **out)
{
  /* 16 million addresses: a free one is found at once unless the host
   * is absurdly full; give up rather than loop for ever. */
  for (guint attempt = 0; attempt < 100000; attempt++)
    {
      guint32 r = g_random_int ();
      char *mac = g_strdup_printf ("00:16:3e:%02x:%02x:%02x",
                                   (r >> 16) & 0xff, (r >> 8) & 0xff, r & 0xff);

      if (!g_hash_table_contains (used, mac))
        {
          g_hash_table_add (used, g_strdup (mac));
          *out = mac;
          return TRUE;
        }
      g_free (mac);
    }

  return FALSE;
}

/* Every MAC and device UUID the host @host already uses. */
static void
host_usage (XnHost     *host,
            GHashTable *macs,
            GHashTable *used_devices)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  collect_all (XN_OBJECT (host), all);
  for (guint i = 0; i < all->len; i++)
    {
      gpointer o = g_ptr_array_index (all, i);

      if (XN_IS_VIF (o) && xn_vif_get_mac (o) != NULL)
        g_hash_table_add (macs, g_ascii_strdown (xn_vif_get_mac (o), -1));
      else if (XN_IS_DEVICE (o) && xn_device_get_mac (o) != NULL)
        g_hash_table_add (macs, g_ascii_strdown (xn_device_get_mac (o), -1));
      else if (XN_IS_DEVICE_REF (o) && xn_device_ref_get_device_uuid (o) != NULL)
        g_hash_table_add (used_devices, g_strdup (xn_device_ref_get_device_uuid (o)));
    }
}

/* Binds the slots the template host @sh references to free devices of the
 * same class on @th (NULL: a new host, nothing to bind to). */
static gboolean
bind_slots (ImportState  *state,
            XnHost       *sh,
            XnHost       *th,
            GError      **error)
{
  g_autoptr(GHashTable) macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GPtrArray) slots = g_ptr_array_new ();
  g_autoptr(GHashTable) users = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  const char *host_name = xn_object_get_name (XN_OBJECT (th != NULL ? th : sh));

  if (th != NULL)
    host_usage (th, macs, used);

  collect_all (XN_OBJECT (sh), all);
  for (guint i = 0; i < all->len; i++)
    {
      gpointer o = g_ptr_array_index (all, i);
      XnObject *slot;
      GPtrArray *refs;

      if (!XN_IS_DEVICE_REF (o))
        continue;
      slot = xn_policy_lookup (state->staged, xn_device_ref_get_device_uuid (o));
      if (!XN_IS_DEVICE (slot))
        continue;
      refs = g_hash_table_lookup (users, slot);
      if (refs == NULL)
        {
          refs = g_ptr_array_new ();
          g_hash_table_insert (users, slot, refs);
          g_ptr_array_add (slots, slot);
        }
      g_ptr_array_add (refs, o);
    }

  for (guint s = 0; s < slots->len; s++)
    {
      XnDevice *slot = g_ptr_array_index (slots, s);
      XnDeviceCategory category = xn_device_get_device_class (slot);
      const char *class_nick = xn_enum_to_nick (XN_TYPE_DEVICE_CATEGORY, category);
      g_autofree char *slot_label = label (slot);
      XnDevice *found = NULL;

      if (th != NULL)
        {
          XnObjectList *hardware = xn_host_get_hardware (th);

          for (guint i = 0; i < xn_object_list_get_n_items (hardware) && found == NULL; i++)
            {
              XnDevice *d = xn_object_list_get (hardware, i);

              if (xn_device_get_device_class (d) == category &&
                  !g_hash_table_contains (used, xn_object_get_uuid (XN_OBJECT (d))))
                found = d;
            }
        }

      if (found != NULL)
        {
          g_autofree char *dev_label = label (found);

          g_hash_table_add (used, g_strdup (xn_object_get_uuid (XN_OBJECT (found))));
          g_hash_table_insert (state->remap, g_strdup (xn_object_get_uuid (XN_OBJECT (slot))),
                               g_strdup (xn_object_get_uuid (XN_OBJECT (found))));
          note (state->report, XN_TEMPLATE_NOTE_REBOUND,
                _("Slot %s (%s) was bound to %s (%s) of host “%s”."),
                slot_label, class_nick, dev_label, xn_device_get_bdf (found), host_name);
        }
      else
        {
          GPtrArray *refs = g_hash_table_lookup (users, slot);
          GString *who = g_string_new (NULL);

          for (guint r = 0; r < refs->len; r++)
            {
              XnObject *ref = g_ptr_array_index (refs, r);
              g_autofree char *owner = label (xn_object_get_parent (ref));

              g_hash_table_add (state->drop_refs, ref);
              if (who->len > 0)
                g_string_append (who, ", ");
              g_string_append (who, owner);
            }
          note (state->report, XN_TEMPLATE_NOTE_UNBOUND,
                _("No free %s device on host “%s” for slot %s: left unassigned in %s."),
                class_nick, host_name, slot_label, who->str);
          g_string_free (who, TRUE);
        }
    }

  /* The template's devices are slots, never hardware of the target. */
  for (guint i = 0; i < all->len; i++)
    if (XN_IS_DEVICE (g_ptr_array_index (all, i)))
      g_hash_table_add (state->skip, g_ptr_array_index (all, i));

  /* Fresh MACs in the Xen OUI, unique on the host they land on. */
  for (guint i = 0; i < all->len; i++)
    {
      gpointer o = g_ptr_array_index (all, i);
      g_autofree char *mac = NULL;

      if (!XN_IS_VIF (o))
        continue;
      if (!fresh_mac (macs, &mac))
        {
          g_set_error (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_LIMIT,
                       _("Host “%s” has no free MAC address left in 00:16:3e"), host_name);
          return FALSE;
        }
      xn_vif_set_mac (o, mac);
    }

  return TRUE;
}

static void
rename_host_parts (ImportState *state,
                   XnHost      *sh,
                   XnHost      *th)
{
  g_autofree char *where = g_strdup_printf (_("host “%s”"), xn_object_get_name (XN_OBJECT (th)));
  g_autoptr(GHashTable) domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) enclaves = names_of (xn_host_get_enclaves (th));
  g_autoptr(GHashTable) switches = names_of (xn_host_get_net_switches (th));
  g_autoptr(GHashTable) locations = names_of (xn_host_get_storage_locations (th));
  g_autoptr(GPtrArray) th_domains = xn_host_dup_domains (th);
  g_autoptr(GPtrArray) sh_domains = xn_host_dup_domains (sh);
  XnObjectList *list;

  for (guint i = 0; i < th_domains->len; i++)
    g_hash_table_add (domains, g_strdup (xn_object_get_name (g_ptr_array_index (th_domains, i))));

  for (guint i = 0; i < sh_domains->len; i++)
    if (!g_hash_table_contains (state->skip, g_ptr_array_index (sh_domains, i)))
      claim_name (state, g_ptr_array_index (sh_domains, i), domains, FALSE, where);

  list = xn_host_get_enclaves (sh);
  for (guint i = 0; i < xn_object_list_get_n_items (list); i++)
    claim_name (state, xn_object_list_get (list, i), enclaves, FALSE, where);

  list = xn_host_get_net_switches (sh);
  for (guint i = 0; i < xn_object_list_get_n_items (list); i++)
    claim_name (state, xn_object_list_get (list, i), switches, TRUE, where);

  list = xn_host_get_storage_locations (sh);
  for (guint i = 0; i < xn_object_list_get_n_items (list); i++)
    claim_name (state, xn_object_list_get (list, i), locations, FALSE, where);
}

/* Every reference in the template must resolve inside it. */
static gboolean
check_closed (XnPolicy  *staged,
              GError   **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  collect_all (XN_OBJECT (staged), all);
  for (guint i = 0; i < all->len; i++)
    {
      XnObject *o = g_ptr_array_index (all, i);
      g_autoptr(GPtrArray) refs = reference_props (G_OBJECT_TYPE (o));

      for (guint p = 0; p < refs->len; p++)
        {
          GParamSpec *pspec = g_ptr_array_index (refs, p);
          g_autofree char *uuid = NULL;

          g_object_get (o, pspec->name, &uuid, NULL);
          if (uuid != NULL && xn_policy_lookup (staged, uuid) == NULL)
            {
              g_autofree char *path = xn_object_dup_path (o);

              g_set_error (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_DANGLING,
                           _("%s: %s refers to %s, which the template does not contain"),
                           path, pspec->name, uuid);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
is_skipped (ImportState *state,
            XnObject    *object)
{
  for (XnObject *o = object; o != NULL; o = xn_object_get_parent (o))
    if (g_hash_table_contains (state->skip, o) || g_hash_table_contains (state->drop_refs, o))
      return TRUE;

  return FALSE;
}

/* Rewrites references to reused objects and bound slots, then checks that
 * every reference of what will move resolves in what will move or in the
 * target. */
static gboolean
remap_and_check (ImportState  *state,
                 GError      **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GHashTable) moving = g_hash_table_new (g_str_hash, g_str_equal);

  collect_all (XN_OBJECT (state->staged), all);
  for (guint i = 1; i < all->len; i++)
    if (!is_skipped (state, g_ptr_array_index (all, i)))
      g_hash_table_add (moving, (gpointer) xn_object_get_uuid (g_ptr_array_index (all, i)));

  for (guint i = 1; i < all->len; i++)
    {
      XnObject *o = g_ptr_array_index (all, i);
      g_autoptr(GPtrArray) refs = NULL;

      if (is_skipped (state, o))
        continue;

      refs = reference_props (G_OBJECT_TYPE (o));
      for (guint p = 0; p < refs->len; p++)
        {
          GParamSpec *pspec = g_ptr_array_index (refs, p);
          g_autofree char *uuid = NULL;
          const char *mapped;

          g_object_get (o, pspec->name, &uuid, NULL);
          if (uuid == NULL)
            continue;
          mapped = g_hash_table_lookup (state->remap, uuid);
          if (mapped != NULL)
            g_object_set (o, pspec->name, mapped, NULL);
          else
            mapped = uuid;

          if (!g_hash_table_contains (moving, mapped) &&
              xn_policy_lookup (state->target, mapped) == NULL)
            {
              g_autofree char *path = xn_object_dup_path (o);

              g_set_error (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_DANGLING,
                           _("%s: %s would refer to %s, which is neither imported nor in the policy"),
                           path, pspec->name, mapped);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Takes the objects of @from that are not skipped out of the staged copy
 * and adds, for each, an insert at the end of @to to the command; nothing
 * in @to changes until the command is applied. */
static void
move_list (ImportState  *state,
           XnObjectList *from,
           XnObjectList *to)
{
  guint pos = g_hash_table_contains (state->next_pos, to)
              ? GPOINTER_TO_UINT (g_hash_table_lookup (state->next_pos, to))
              : xn_object_list_get_n_items (to);

  while (xn_object_list_get_n_items (from) > 0)
    {
      g_autoptr(XnObject) o = xn_object_list_steal (from, 0);

      if (!g_hash_table_contains (state->skip, o))
        xn_group_command_add (state->command, xn_insert_command_new (to, pos++, o));
    }
  g_hash_table_insert (state->next_pos, to, GUINT_TO_POINTER (pos));
}

static void
drop_marked_refs (ImportState *state)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, state->drop_refs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GPtrArray) lists = g_ptr_array_new ();

      xn_object_foreach_list (xn_object_get_parent (key), collect_list_cb, lists);
      for (guint l = 0; l < lists->len; l++)
        {
          guint pos;

          if (xn_object_list_find (g_ptr_array_index (lists, l), key, &pos))
            {
              xn_object_list_remove (g_ptr_array_index (lists, l), pos);
              break;
            }
        }
    }
  g_hash_table_remove_all (state->drop_refs);
}

/**
 * xn_template_import_command_new:
 * @target: the policy to import into
 * @template_policy: a template (see xn_template_export()), or any policy
 * @host_name: (nullable): the host of @target that receives the
 *   template's host part, or %NULL to add each template host as a new host
 * @report: (out) (optional) (transfer full): where to put what was done
 * @error: return location for a #GError
 *
 * Copies @template_policy into @target with fresh UUIDs.
 *
 * - Profiles, tags, conflicts and security labels whose names clash with
 *   ones in @target are renamed visibly (`web (2)`), unless identical in
 *   content (every field but the UUID and the document-local `id`, with
 *   references compared after this mapping), in which case the existing
 *   one is reused and references follow it. Clashing tag and conflict ids
 *   are renumbered.
 * - With @host_name, the template must have at most one host: its
 *   domains, enclaves, switches and storage locations join that host
 *   (renamed on clashes), its Domain-0 is the host's own. Every device of
 *   the template is a slot: each slot something refers to is bound to an
 *   unassigned device of the same class of that host when there is one,
 *   else the references to it are left out. Slots never join the
 *   inventory.
 * - Without @host_name, each template host becomes a new host (renamed on
 *   clashes) with no hardware: every slot is left unassigned.
 * - Every VIF gets a fresh MAC in the Xen OUI 00:16:3e, unique on its host.
 *
 * @report lists every rename, reuse, renumbering, binding and unbound slot
 * in sentences.  Nothing in @target changes here: the import is the
 * returned command, one undoable edit (push it on the document's stack,
 * or apply it).  On error there is no command and @target is unchanged.
 *
 * Returns: (transfer full) (nullable): the command, not yet applied
 */
XnCommand *
xn_template_import_command_new (XnPolicy          *target,
                                XnPolicy          *template_policy,
                                const char        *host_name,
                                XnTemplateReport **report,
                                GError           **error)
{
  g_autoptr(XnTemplateReport) rep = NULL;
  g_autoptr(XnPolicy) staged = NULL;
  g_autoptr(GHashTable) remap = NULL;
  g_autoptr(GHashTable) skip = NULL;
  g_autoptr(GHashTable) drop_refs = NULL;
  g_autoptr(GHashTable) next_pos = g_hash_table_new (NULL, NULL);
  g_autoptr(XnCommand) command = xn_group_command_new (_("Import Template"));
  ImportState state;
  XnHost *th = NULL;
  XnObjectList *staged_hosts;

  g_return_val_if_fail (XN_IS_POLICY (target), NULL);
  g_return_val_if_fail (XN_IS_POLICY (template_policy), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (report != NULL)
    *report = NULL;

  if (target == template_policy)
    {
      g_set_error_literal (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_INVALID,
                           _("A policy cannot be imported into itself"));
      return NULL;
    }

  if (host_name != NULL)
    {
      guint n_hosts = xn_object_list_get_n_items (xn_policy_get_hosts (template_policy));

      th = xn_policy_find_host_by_name (target, host_name);
      if (th == NULL)
        {
          g_set_error (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_NO_SUCH_HOST,
                       _("The policy has no host named “%s”"), host_name);
          return NULL;
        }
      if (n_hosts > 1)
        {
          g_set_error (error, XN_TEMPLATE_ERROR, XN_TEMPLATE_ERROR_AMBIGUOUS,
                       _("The template has %u hosts; importing into host “%s” needs a template with one"),
                       n_hosts, host_name);
          return NULL;
        }
    }

  staged = XN_POLICY (xn_object_copy (XN_OBJECT (template_policy), XN_COPY_NEW_UUIDS));
  if (!check_closed (staged, error))
    return NULL;

  rep = g_object_new (XN_TYPE_TEMPLATE_REPORT, NULL);
  remap = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  skip = g_hash_table_new (NULL, NULL);
  drop_refs = g_hash_table_new (NULL, NULL);

  state.target = target;
  state.staged = staged;
  state.report = rep;
  state.remap = remap;
  state.skip = skip;
  state.drop_refs = drop_refs;
  state.command = XN_GROUP_COMMAND (command);
  state.next_pos = next_pos;

  /* Phase 1: decide everything on the staged copy; @target is only read. */

  /* Dependency order: conflicts name tags, labels name tags and profiles. */
  import_enterprise_list (&state, xn_policy_get_profiles (target), xn_policy_get_profiles (staged));
  import_enterprise_list (&state, xn_policy_get_tags (target), xn_policy_get_tags (staged));
  import_enterprise_list (&state, xn_policy_get_conflicts (target), xn_policy_get_conflicts (staged));
  import_enterprise_list (&state, xn_policy_get_sec_labels (target), xn_policy_get_sec_labels (staged));

  staged_hosts = xn_policy_get_hosts (staged);
  if (th != NULL && xn_object_list_get_n_items (staged_hosts) == 1)
    {
      XnHost *sh = xn_object_list_get (staged_hosts, 0);
      XnDomain *sd0 = xn_host_get_domain0 (sh);
      XnDomain *td0 = xn_host_get_domain0 (th);

      if (sd0 != NULL && td0 != NULL)
        {
          g_hash_table_insert (remap, g_strdup (xn_object_get_uuid (XN_OBJECT (sd0))),
                               g_strdup (xn_object_get_uuid (XN_OBJECT (td0))));
          g_hash_table_add (skip, sd0);
          note (rep, XN_TEMPLATE_NOTE_REUSED,
                _("The template's Domain-0 is host “%s”'s own Domain-0."), host_name);
        }

      if (!bind_slots (&state, sh, th, error))
        return NULL;
      rename_host_parts (&state, sh, th);
    }
  else if (th == NULL)
    {
      g_autoptr(GHashTable) taken = names_of (xn_policy_get_hosts (target));

      for (guint h = 0; h < xn_object_list_get_n_items (staged_hosts); h++)
        {
          XnHost *sh = xn_object_list_get (staged_hosts, h);

          claim_name (&state, XN_OBJECT (sh), taken, FALSE, _("the policy"));
          if (!bind_slots (&state, sh, NULL, error))
            return NULL;
          if (g_strcmp0 (xn_host_get_address (sh), XN_TEMPLATE_HOST_ADDRESS) == 0)
            note (rep, XN_TEMPLATE_NOTE_ADDRESS,
                  _("Host “%s” has no address yet: set it before pushing the policy."),
                  xn_object_get_name (XN_OBJECT (sh)));
        }
    }

  if (!remap_and_check (&state, error))
    return NULL;

  /* Phase 2: the whole subtrees become inserts into @target, applied
   * when the command is; nothing here can fail. */

  drop_marked_refs (&state);

  move_list (&state, xn_policy_get_profiles (staged), xn_policy_get_profiles (target));
  move_list (&state, xn_policy_get_tags (staged), xn_policy_get_tags (target));
  move_list (&state, xn_policy_get_conflicts (staged), xn_policy_get_conflicts (target));
  move_list (&state, xn_policy_get_sec_labels (staged), xn_policy_get_sec_labels (target));

  if (th != NULL)
    {
      for (guint h = 0; h < xn_object_list_get_n_items (staged_hosts); h++)
        {
          XnHost *sh = xn_object_list_get (staged_hosts, h);

          move_list (&state, xn_host_get_root_domains (sh), xn_host_get_root_domains (th));
          move_list (&state, xn_host_get_enclaves (sh), xn_host_get_enclaves (th));
          move_list (&state, xn_host_get_net_switches (sh), xn_host_get_net_switches (th));
          move_list (&state, xn_host_get_storage_locations (sh), xn_host_get_storage_locations (th));
        }
    }
  else
    {
      for (guint h = 0; h < xn_object_list_get_n_items (staged_hosts); h++)
        {
          XnObjectList *hardware = xn_host_get_hardware (xn_object_list_get (staged_hosts, h));

          while (xn_object_list_get_n_items (hardware) > 0)
            xn_object_list_remove (hardware, 0);
        }
      move_list (&state, staged_hosts, xn_policy_get_hosts (target));
    }

  if (report != NULL)
    *report = g_steal_pointer (&rep);

  return g_steal_pointer (&command);
}

/**
 * xn_template_import:
 * @target: the policy to import into
 * @template_policy: a template (see xn_template_export()), or any policy
 * @host_name: (nullable): as for xn_template_import_command_new()
 * @report: (out) (optional) (transfer full): where to put what was done
 * @error: return location for a #GError
 *
 * Imports at once, without undo: xn_template_import_command_new(), applied.
 * All or nothing: on error @target is unchanged.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_template_import (XnPolicy          *target,
                    XnPolicy          *template_policy,
                    const char        *host_name,
                    XnTemplateReport **report,
                    GError           **error)
{
  g_autoptr(XnCommand) command = xn_template_import_command_new (target, template_policy, host_name,
                                                                 report, error);

  if (command == NULL)
    return FALSE;
  if (!xn_command_apply (command, error))
    {
      if (report != NULL)
        g_clear_object (report);
      return FALSE;
    }
  return TRUE;
}
