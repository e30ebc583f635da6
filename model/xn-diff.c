/* xn-diff.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The semantic diff of two policy documents: what a security officer reads
 * before signing a new edition, and what `xenon-policy diff` prints.
 *
 * Objects are matched by UUID across the whole tree through each policy's
 * index, so renaming or moving an object is seen as what it is, not as a
 * removal plus an addition. Fields are compared generically through
 * property introspection, so a new property of any class shows up here
 * without diff code. The whole diff is linear in the size of the two
 * documents: one walk of each, constant-time lookups.
 *
 * Elements without a `uuid` attribute in the XML (hypercall rules, tag and
 * device references, whitelist entries, extra xl lines) get random UUIDs on
 * every load, so they cannot be matched by identity: they are values of
 * their owner, and a change among them is one changed field of the owner
 * (`tags guest, user → guest, user, sec`). None of the document's lists
 * has a meaningful order (a conflict's tags, an enclave's domains, a
 * profile's hypercalls are sets) except the extra xl lines, where a later
 * line may override an earlier one: so reordering is reported only there.
 */

#define G_LOG_DOMAIN "xn-diff"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "xn-diff.h"
#include "xenon-model.h"

/* ---- XnDiffKind, XnDiffField ---------------------------------------- */

GType
xn_diff_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { XN_DIFF_ADDED, "XN_DIFF_ADDED", "added" },
        { XN_DIFF_REMOVED, "XN_DIFF_REMOVED", "removed" },
        { XN_DIFF_CHANGED, "XN_DIFF_CHANGED", "changed" },
        { XN_DIFF_MOVED, "XN_DIFF_MOVED", "moved" },
        { 0, NULL, NULL }
      };
      GType t = g_enum_register_static (g_intern_static_string ("XnDiffKind"), values);

      g_once_init_leave (&type_id, t);
    }

  return type_id;
}

/**
 * xn_diff_field_copy:
 * @field: a field change
 *
 * Returns: (transfer full): a copy of @field
 */
XnDiffField *
xn_diff_field_copy (const XnDiffField *field)
{
  XnDiffField *copy = g_new0 (XnDiffField, 1);

  copy->property = g_strdup (field->property);
  copy->old_text = g_strdup (field->old_text);
  copy->new_text = g_strdup (field->new_text);

  return copy;
}

/**
 * xn_diff_field_free:
 * @field: (transfer full): a field change
 */
void
xn_diff_field_free (XnDiffField *field)
{
  if (field == NULL)
    return;

  g_free (field->property);
  g_free (field->old_text);
  g_free (field->new_text);
  g_free (field);
}

G_DEFINE_BOXED_TYPE (XnDiffField, xn_diff_field, xn_diff_field_copy, xn_diff_field_free)

/* ---- XnDiffEntry ------------------------------------------------------ */

struct _XnDiffEntry
{
  GObject     parent_instance;

  XnDiffKind  kind;
  char       *type_name;
  char       *uuid;
  char       *name;
  char       *label;         /* `Domain "nids"` */
  char       *path;          /* full path, in the new policy (old if removed) */
  char       *context;       /* the parent's path; NULL under the policy */
  char       *old_path;      /* moved: the path in the old policy */
  char       *old_context;
  GPtrArray  *fields;        /* XnDiffField */
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_TYPE_NAME,
  PROP_UUID,
  PROP_NAME,
  PROP_PATH,
  PROP_OLD_PATH,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (XnDiffEntry, xn_diff_entry, G_TYPE_OBJECT)

static void
xn_diff_entry_finalize (GObject *object)
{
  XnDiffEntry *self = XN_DIFF_ENTRY (object);

  g_free (self->type_name);
  g_free (self->uuid);
  g_free (self->name);
  g_free (self->label);
  g_free (self->path);
  g_free (self->context);
  g_free (self->old_path);
  g_free (self->old_context);
  g_ptr_array_unref (self->fields);

  G_OBJECT_CLASS (xn_diff_entry_parent_class)->finalize (object);
}

static void
xn_diff_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  XnDiffEntry *self = XN_DIFF_ENTRY (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TYPE_NAME:
      g_value_set_string (value, self->type_name);
      break;

    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_OLD_PATH:
      g_value_set_string (value, self->old_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xn_diff_entry_class_init (XnDiffEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xn_diff_entry_finalize;
  object_class->get_property = xn_diff_entry_get_property;

  /**
   * XnDiffEntry:kind:
   *
   * Added, removed, changed or moved.
   */
  properties [PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, XN_TYPE_DIFF_KIND, XN_DIFF_CHANGED,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnDiffEntry:type-name:
   *
   * The object's type as people read it: `Domain`, `Tag`, `Policy` …
   */
  properties [PROP_TYPE_NAME] =
    g_param_spec_string ("type-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnDiffEntry:uuid:
   *
   * The object's UUID.
   */
  properties [PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnDiffEntry:name:
   *
   * The object's name (the new one if it changed), or %NULL.
   */
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnDiffEntry:path:
   *
   * xn_object_dup_path() of the object in the new policy, or in the old
   * one for a removed object; empty for the policy itself.
   */
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * XnDiffEntry:old-path:
   *
   * For a moved object, its path in the old policy; else %NULL.
   */
  properties [PROP_OLD_PATH] =
    g_param_spec_string ("old-path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xn_diff_entry_init (XnDiffEntry *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) xn_diff_field_free);
}

/**
 * xn_diff_entry_get_kind:
 * @self: an #XnDiffEntry
 *
 * Returns: the #XnDiffEntry:kind
 */
XnDiffKind
xn_diff_entry_get_kind (XnDiffEntry *self)
{
  g_return_val_if_fail (XN_IS_DIFF_ENTRY (self), XN_DIFF_CHANGED);

  return self->kind;
}

/**
 * xn_diff_entry_get_type_name:
 * @self: an #XnDiffEntry
 *
 * Returns: (transfer none): the #XnDiffEntry:type-name, e.g. `Domain`
 */
const char *
xn_diff_entry_get_type_name (XnDiffEntry *self)
{
  g_return_val_if_fail (XN_IS_DIFF_ENTRY (self), NULL);

  return self->type_name;
}

/**
 * xn_diff_entry_get_uuid:
 * @self: an #XnDiffEntry
 *
 * Returns: (transfer none): the object's UUID
 */
const char *
xn_diff_entry_get_uuid (XnDiffEntry *self)
{
  g_return_val_if_fail (XN_IS_DIFF_ENTRY (self), NULL);

  return self->uuid;
}

/**
 * xn_diff_entry_get_name:
 * @self: an #XnDiffEntry
 *
 * Returns: (transfer none) (nullable): the object's name
 */
const char *
xn_diff_entry_get_name (XnDiffEntry *self)
{
  g_return_val_if_fail (XN_IS_DIFF_ENTRY (self), NULL);

  return self->name;
}

/**
 * xn_diff_entry_get_path:
 * @self: an #XnDiffEntry
 *
 * Returns: (transfer none): the #XnDiffEntry:path
 */
const char *
xn_diff_entry_get_path (XnDiffEntry *self)
{
  g_return_val_if_fail (XN_IS_DIFF_ENTRY (self), NULL);

  return self->path;
}

/**
 * xn_diff_entry_get_old_path:
 * @self: an #XnDiffEntry
 *
 * Returns: (transfer none) (nullable): the #XnDiffEntry:old-path
 */
const char *
xn_diff_entry_get_old_path (XnDiffEntry *self)
{
  g_return_val_if_fail (XN_IS_DIFF_ENTRY (self), NULL);

  return self->old_path;
}

/**
 * xn_diff_entry_get_fields:
 * @self: an #XnDiffEntry
 *
 * The changed fields, in the order of the class's properties, then its
 * value lists. Empty for added and removed objects.
 *
 * Returns: (transfer none) (element-type XnDiffField): the field changes
 */
GPtrArray *
xn_diff_entry_get_fields (XnDiffEntry *self)
{
  g_return_val_if_fail (XN_IS_DIFF_ENTRY (self), NULL);

  return self->fields;
}

/**
 * xn_diff_entry_find_field:
 * @self: an #XnDiffEntry
 * @property: a property or value-list name
 *
 * Returns: (transfer none) (nullable): the change of @property, or %NULL
 *   if it did not change
 */
const XnDiffField *
xn_diff_entry_find_field (XnDiffEntry *self,
                          const char  *property)
{
  g_return_val_if_fail (XN_IS_DIFF_ENTRY (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      const XnDiffField *f = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (f->property, property) == 0)
        return f;
    }

  return NULL;
}

/* ---- comparing ------------------------------------------------------- */

typedef struct
{
  XnPolicy   *old_policy;
  XnPolicy   *new_policy;
  GListStore *store;
  GPtrArray  *removed;     /* XnDiffEntry, appended after the rest */
  GHashTable *props;       /* GType → GPtrArray of GParamSpec */
} DiffState;

/* Children without identity in the XML (see the top of the file). */
static gboolean
is_value_type (GType type)
{
  return type == XN_TYPE_HYPERCALL_RULE ||
         type == XN_TYPE_TAG_REF ||
         type == XN_TYPE_DEVICE_REF ||
         type == XN_TYPE_NET_ALLOW ||
         type == XN_TYPE_XL_PAIR;
}

static const char *
type_label (GType type)
{
  const char *tn = g_type_name (type);

  return g_str_has_prefix (tn, "Xn") ? tn + 2 : tn;
}

/* Readable properties except the UUID, in class order (parents first). */
static GPtrArray *
compared_props (DiffState *state,
                GType      type)
{
  GPtrArray *ret = g_hash_table_lookup (state->props, GSIZE_TO_POINTER (type));

  if (ret == NULL)
    {
      GObjectClass *klass = g_type_class_ref (type);
      guint n = 0;
      GParamSpec **pspecs = g_object_class_list_properties (klass, &n);

      ret = g_ptr_array_new ();
      for (guint i = 0; i < n; i++)
        if ((pspecs[i]->flags & G_PARAM_READABLE) != 0 &&
            strcmp (pspecs[i]->name, "uuid") != 0)
          g_ptr_array_add (ret, pspecs[i]);
      g_free (pspecs);
      g_type_class_unref (klass);
      g_hash_table_insert (state->props, GSIZE_TO_POINTER (type), ret);
    }

  return ret;
}

/* The value as comparable text; %NULL when an optional string is unset. */
static char *
raw_value (GObject    *object,
           GParamSpec *pspec)
{
  GValue v = G_VALUE_INIT;
  char *ret;

  g_value_init (&v, pspec->value_type);
  g_object_get_property (object, pspec->name, &v);

  if (G_VALUE_HOLDS_STRING (&v))
    ret = g_value_dup_string (&v);
  else if (G_VALUE_HOLDS_ENUM (&v))
    ret = g_strdup (xn_enum_to_nick (pspec->value_type, g_value_get_enum (&v)));
  else if (G_VALUE_HOLDS_BOOLEAN (&v))
    ret = g_strdup (g_value_get_boolean (&v) ? "true" : "false");
  else if (G_VALUE_HOLDS_UINT (&v))
    ret = g_strdup_printf ("%u", g_value_get_uint (&v));
  else if (G_VALUE_HOLDS_UINT64 (&v))
    ret = g_strdup_printf ("%" G_GUINT64_FORMAT, g_value_get_uint64 (&v));
  else if (G_VALUE_HOLDS_INT (&v))
    ret = g_strdup_printf ("%d", g_value_get_int (&v));
  else
    ret = g_strdup_value_contents (&v);

  g_value_unset (&v);

  return ret;
}

/* How a referenced object is named: its name, a device's BDF, else its
 * type and UUID. */
static char *
object_display_name (XnObject *object)
{
  const char *name = xn_object_get_name (object);

  if (name != NULL)
    return g_strdup (name);
  if (XN_IS_DEVICE (object) && xn_device_get_bdf (XN_DEVICE (object)) != NULL)
    return g_strdup (xn_device_get_bdf (XN_DEVICE (object)));

  return g_strdup_printf ("%s {%s}", type_label (G_OBJECT_TYPE (object)),
                          xn_object_get_uuid (object));
}

static char *
ref_display (XnPolicy   *policy,
             const char *uuid)
{
  XnObject *target;

  if (uuid == NULL)
    return g_strdup (_("(none)"));

  target = xn_policy_lookup (policy, uuid);
  if (target == NULL)
    return g_strdup_printf ("{%s}", uuid);

  return object_display_name (target);
}

/* Values are shown on one line: control characters would break it. */
static char *
text_display (const char *raw)
{
  char *ret;

  if (raw == NULL)
    return g_strdup (_("(none)"));

  ret = g_strdup (raw);
  for (char *p = ret; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      *p = ' ';

  return ret;
}

static gboolean
value_is_default (GParamSpec *pspec,
                  const char *raw)
{
  g_autofree char *def = NULL;
  GValue v = G_VALUE_INIT;

  if (raw == NULL)
    return TRUE;

  g_value_init (&v, pspec->value_type);
  g_param_value_set_default (pspec, &v);
  if (G_VALUE_HOLDS_STRING (&v))
    def = g_value_dup_string (&v);
  else if (G_VALUE_HOLDS_UINT (&v))
    def = g_strdup_printf ("%u", g_value_get_uint (&v));
  else if (G_VALUE_HOLDS_BOOLEAN (&v))
    def = g_strdup (g_value_get_boolean (&v) ? "true" : "false");
  else if (G_VALUE_HOLDS_ENUM (&v))
    def = g_strdup (xn_enum_to_nick (pspec->value_type, g_value_get_enum (&v)));
  g_value_unset (&v);

  return g_strcmp0 (def, raw) == 0;
}

/* One value child as text: @key with raw UUIDs (for comparing), @display
 * with names (for people). `memory_op subops=0-9,12`, `guest`,
 * `address=10.0.0.0/24 proto=tcp port=443`, `builder = "generic"`. */
static void
value_child_text (DiffState *state,
                  XnPolicy  *policy,
                  XnObject  *child,
                  char     **key,
                  char     **display)
{
  GPtrArray *props = compared_props (state, G_OBJECT_TYPE (child));
  GString *k = g_string_new (NULL);
  GString *d = g_string_new (NULL);
  guint n_own = 0;

  for (guint i = 0; i < props->len; i++)
    if (strcmp (((GParamSpec *) g_ptr_array_index (props, i))->name, "name") != 0)
      n_own++;

  for (guint i = 0; i < props->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (props, i);
      g_autofree char *raw = raw_value (G_OBJECT (child), pspec);
      g_autofree char *shown = NULL;

      g_string_append_printf (k, "%s=%s\x1f", pspec->name, raw ? raw : "\x1e");

      if (value_is_default (pspec, raw))
        continue;

      if (xn_object_property_is_reference (pspec))
        shown = ref_display (policy, raw);
      else if (strcmp (pspec->name, "name") == 0 || n_own == 1)
        shown = text_display (raw);
      else
        {
          g_autofree char *t = text_display (raw);

          shown = g_strdup_printf ("%s=%s", pspec->name, t);
        }

      if (d->len > 0)
        g_string_append_c (d, ' ');
      g_string_append (d, shown);
    }

  *key = g_string_free (k, FALSE);
  *display = g_string_free (d, FALSE);
}

static const char *
value_list_name (XnObject     *owner,
                 XnObjectList *list)
{
  GType t = xn_object_list_get_item_type (list);

  if (t == XN_TYPE_HYPERCALL_RULE)
    return "hypercalls";
  if (t == XN_TYPE_TAG_REF)
    return "tags";
  if (t == XN_TYPE_DEVICE_REF)
    return XN_IS_ENCLAVE (owner) ? "assigned-hardware" : "pci-devices";
  if (t == XN_TYPE_NET_ALLOW)
    return "net-allow";
  if (t == XN_TYPE_XL_PAIR)
    return "xl-extra";

  return type_label (t);
}

static void
collect_list_cb (XnObjectList *list,
                 gpointer      user_data)
{
  g_ptr_array_add (user_data, list);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Keys and displays of a value list; keys sorted unless order matters. */
static void
value_list_texts (DiffState    *state,
                  XnPolicy     *policy,
                  XnObjectList *list,
                  GPtrArray   **keys,
                  char        **display)
{
  guint n = xn_object_list_get_n_items (list);
  gboolean ordered = xn_object_list_get_item_type (list) == XN_TYPE_XL_PAIR;
  GString *d = g_string_new (NULL);

  *keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      char *key;
      g_autofree char *shown = NULL;

      value_child_text (state, policy, xn_object_list_get (list, i), &key, &shown);
      g_ptr_array_add (*keys, key);
      if (d->len > 0)
        g_string_append (d, ", ");
      g_string_append (d, shown);
    }
  if (!ordered)
    g_ptr_array_sort (*keys, compare_strings);

  if (n == 0)
    g_string_append (d, _("(none)"));
  *display = g_string_free (d, FALSE);
}

static gboolean
key_lists_equal (GPtrArray *a,
                 GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (strcmp (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static void
add_field (GPtrArray  *fields,
           const char *property,
           char       *old_text,
           char       *new_text)
{
  XnDiffField *f = g_new0 (XnDiffField, 1);

  f->property = g_strdup (property);
  f->old_text = old_text;
  f->new_text = new_text;
  g_ptr_array_add (fields, f);
}

static void
compare_fields (DiffState *state,
                XnObject  *old_obj,
                XnObject  *new_obj,
                GPtrArray *fields)
{
  GPtrArray *props = compared_props (state, G_OBJECT_TYPE (new_obj));
  g_autoptr(GPtrArray) old_lists = g_ptr_array_new ();
  g_autoptr(GPtrArray) new_lists = g_ptr_array_new ();

  for (guint i = 0; i < props->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (props, i);
      g_autofree char *o = raw_value (G_OBJECT (old_obj), pspec);
      g_autofree char *n = raw_value (G_OBJECT (new_obj), pspec);
      char *ot, *nt;

      if (g_strcmp0 (o, n) == 0)
        continue;

      if (xn_object_property_is_reference (pspec))
        {
          ot = ref_display (state->old_policy, o);
          nt = ref_display (state->new_policy, n);
          /* Two objects of the same name: say which is which. */
          if (strcmp (ot, nt) == 0)
            {
              char *t;

              t = g_strdup_printf ("%s {%s}", ot, o ? o : "");
              g_free (ot);
              ot = t;
              t = g_strdup_printf ("%s {%s}", nt, n ? n : "");
              g_free (nt);
              nt = t;
            }
        }
      else
        {
          ot = text_display (o);
          nt = text_display (n);
        }

      add_field (fields, pspec->name, ot, nt);
    }

  xn_object_foreach_list (old_obj, collect_list_cb, old_lists);
  xn_object_foreach_list (new_obj, collect_list_cb, new_lists);
  g_assert (old_lists->len == new_lists->len);

  for (guint l = 0; l < new_lists->len; l++)
    {
      XnObjectList *ol = g_ptr_array_index (old_lists, l);
      XnObjectList *nl = g_ptr_array_index (new_lists, l);
      g_autoptr(GPtrArray) ok = NULL;
      g_autoptr(GPtrArray) nk = NULL;
      char *od, *nd;

      if (!is_value_type (xn_object_list_get_item_type (nl)))
        continue;

      value_list_texts (state, state->old_policy, ol, &ok, &od);
      value_list_texts (state, state->new_policy, nl, &nk, &nd);
      if (key_lists_equal (ok, nk))
        {
          g_free (od);
          g_free (nd);
          continue;
        }
      add_field (fields, value_list_name (new_obj, nl), od, nd);
    }
}

static char *
parent_context (XnObject *object)
{
  XnObject *parent = xn_object_get_parent (object);

  if (parent == NULL || xn_object_get_parent (parent) == NULL)
    return NULL;

  return xn_object_dup_path (parent);
}

static XnDiffEntry *
entry_new (XnDiffKind  kind,
           XnObject   *object)
{
  XnDiffEntry *entry = g_object_new (XN_TYPE_DIFF_ENTRY, NULL);
  const char *name = xn_object_get_name (object);

  entry->kind = kind;
  entry->type_name = g_strdup (type_label (G_OBJECT_TYPE (object)));
  entry->uuid = g_strdup (xn_object_get_uuid (object));
  entry->name = g_strdup (name);
  if (name != NULL)
    entry->label = g_strdup_printf ("%s \"%s\"", entry->type_name, name);
  else
    entry->label = g_strdup_printf ("%s {%s}", entry->type_name, entry->uuid);

  if (xn_object_get_parent (object) == NULL)
    entry->path = g_strdup ("");
  else
    entry->path = xn_object_dup_path (object);
  entry->context = parent_context (object);

  return entry;
}

/* Finds @uuid in @policy when it names an object of the same type. */
static XnObject *
counterpart (XnPolicy *policy,
             XnObject *object)
{
  XnObject *found = xn_policy_lookup (policy, xn_object_get_uuid (object));

  if (found == NULL || G_OBJECT_TYPE (found) != G_OBJECT_TYPE (object))
    return NULL;

  return found;
}

static gboolean
same_parent (XnObject *a,
             XnObject *b)
{
  XnObject *pa = xn_object_get_parent (a);
  XnObject *pb = xn_object_get_parent (b);

  /* Children of the two roots are both "in the policy". */
  if (xn_object_get_parent (pa) == NULL && xn_object_get_parent (pb) == NULL)
    return TRUE;

  return strcmp (xn_object_get_uuid (pa), xn_object_get_uuid (pb)) == 0;
}

static void walk_new (DiffState *state, XnObject *object, gboolean in_added);

static void
walk_new_list_cb (XnObjectList *list,
                  gpointer      user_data)
{
  gpointer *args = user_data;
  DiffState *state = args[0];
  gboolean in_added = GPOINTER_TO_INT (args[1]);
  guint n;

  if (is_value_type (xn_object_list_get_item_type (list)))
    return;

  n = xn_object_list_get_n_items (list);
  for (guint i = 0; i < n; i++)
    walk_new (state, xn_object_list_get (list, i), in_added);
}

static void
walk_new (DiffState *state,
          XnObject  *object,
          gboolean   in_added)
{
  XnObject *old_obj = counterpart (state->old_policy, object);
  gpointer args[2] = { state, NULL };

  if (old_obj == NULL)
    {
      /* Only the top of an added subtree is listed. */
      if (!in_added)
        {
          g_autoptr(XnDiffEntry) entry = entry_new (XN_DIFF_ADDED, object);

          g_list_store_append (state->store, entry);
        }
      in_added = TRUE;
    }
  else
    {
      g_autoptr(XnDiffEntry) entry = entry_new (XN_DIFF_CHANGED, object);

      compare_fields (state, old_obj, object, entry->fields);
      if (!same_parent (old_obj, object))
        {
          entry->kind = XN_DIFF_MOVED;
          entry->old_path = xn_object_dup_path (old_obj);
          entry->old_context = parent_context (old_obj);
          if (entry->old_context == NULL)
            entry->old_context = g_strdup (_("the policy"));
          if (entry->context == NULL)
            entry->context = g_strdup (_("the policy"));
        }
      if (entry->kind == XN_DIFF_MOVED || entry->fields->len > 0)
        g_list_store_append (state->store, entry);
      in_added = FALSE;
    }

  args[1] = GINT_TO_POINTER (in_added);
  xn_object_foreach_list (object, walk_new_list_cb, args);
}

static void walk_old (DiffState *state, XnObject *object, gboolean in_removed);

static void
walk_old_list_cb (XnObjectList *list,
                  gpointer      user_data)
{
  gpointer *args = user_data;
  guint n;

  if (is_value_type (xn_object_list_get_item_type (list)))
    return;

  n = xn_object_list_get_n_items (list);
  for (guint i = 0; i < n; i++)
    walk_old (args[0], xn_object_list_get (list, i), GPOINTER_TO_INT (args[1]));
}

static void
walk_old (DiffState *state,
          XnObject  *object,
          gboolean   in_removed)
{
  gpointer args[2] = { state, NULL };

  if (counterpart (state->new_policy, object) == NULL)
    {
      if (!in_removed)
        g_ptr_array_add (state->removed, entry_new (XN_DIFF_REMOVED, object));
      in_removed = TRUE;
    }
  else
    in_removed = FALSE;

  args[1] = GINT_TO_POINTER (in_removed);
  xn_object_foreach_list (object, walk_old_list_cb, args);
}

static void
walk_root_lists (DiffState *state,
                 XnPolicy  *root,
                 gboolean   new_side)
{
  gpointer args[2] = { state, GINT_TO_POINTER (FALSE) };

  xn_object_foreach_list (XN_OBJECT (root),
                          new_side ? walk_new_list_cb : walk_old_list_cb,
                          args);
}

/**
 * xn_diff_policies:
 * @old_policy: the policy before
 * @new_policy: the policy after
 *
 * Compares two policies object by object, matching objects by UUID across
 * the whole tree. The policy's own fields (name, serial, description) come
 * first as a `Policy` entry; then, in the document order of @new_policy,
 * every added object (the top of each added subtree only), every moved
 * object and every object whose fields changed; then the removed objects
 * in the document order of @old_policy. Identical policies give an empty
 * list. Linear in the size of both documents.
 *
 * Returns: (transfer full): a #GListModel of #XnDiffEntry
 */
GListModel *
xn_diff_policies (XnPolicy *old_policy,
                  XnPolicy *new_policy)
{
  DiffState state = { 0 };
  g_autoptr(XnDiffEntry) root = NULL;

  g_return_val_if_fail (XN_IS_POLICY (old_policy), NULL);
  g_return_val_if_fail (XN_IS_POLICY (new_policy), NULL);

  state.old_policy = old_policy;
  state.new_policy = new_policy;
  state.store = g_list_store_new (XN_TYPE_DIFF_ENTRY);
  state.removed = g_ptr_array_new_with_free_func (g_object_unref);
  state.props = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);

  /* The roots always correspond, whatever their UUIDs. */
  root = entry_new (XN_DIFF_CHANGED, XN_OBJECT (new_policy));
  compare_fields (&state, XN_OBJECT (old_policy), XN_OBJECT (new_policy), root->fields);
  if (root->fields->len > 0)
    g_list_store_append (state.store, root);

  walk_root_lists (&state, new_policy, TRUE);
  walk_root_lists (&state, old_policy, FALSE);

  g_list_store_splice (state.store, g_list_model_get_n_items (G_LIST_MODEL (state.store)), 0,
                       state.removed->pdata, state.removed->len);

  g_ptr_array_unref (state.removed);
  g_hash_table_unref (state.props);

  return G_LIST_MODEL (state.store);
}

/* ---- formatting ------------------------------------------------------ */

/* `sec-label-uuid` → `secLabel`, `rate-hmax` → `rateHmax`: the words of
 * the XML. */
static char *
field_label (const char *property)
{
  GString *s = g_string_new (NULL);
  gsize len = strlen (property);
  gboolean upper = FALSE;

  if (g_str_has_suffix (property, "-uuid"))
    len -= strlen ("-uuid");

  for (gsize i = 0; i < len; i++)
    {
      if (property[i] == '-')
        {
          upper = TRUE;
          continue;
        }
      g_string_append_c (s, upper ? g_ascii_toupper (property[i]) : property[i]);
      upper = FALSE;
    }

  return g_string_free (s, FALSE);
}

static void
append_fields (GString     *out,
               XnDiffEntry *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      const XnDiffField *f = g_ptr_array_index (self->fields, i);
      g_autofree char *label = field_label (f->property);

      g_string_append (out, i == 0 ? ": " : "; ");
      g_string_append_printf (out, "%s %s → %s", label, f->old_text, f->new_text);
    }
}

/**
 * xn_diff_entry_format:
 * @self: an #XnDiffEntry
 *
 * One line for people, without a newline:
 * `+ Domain "user_vm_4" (Host "localhost" / Enclave "entertainment")`,
 * `- Tag "guest"`,
 * `~ Domain "nids" (Host "localhost" / Enclave "security"): memory 512 → 1024`,
 * `> Domain "nids": Host "h" / Enclave "a" → Host "h" / Enclave "b"`.
 * The parent's path follows in brackets unless the parent is the policy;
 * references are shown by the referenced object's name.
 *
 * Returns: (transfer full): the line
 */
char *
xn_diff_entry_format (XnDiffEntry *self)
{
  GString *out = g_string_new (NULL);
  static const char marks[] = { '+', '-', '~', '>' };

  g_return_val_if_fail (XN_IS_DIFF_ENTRY (self), NULL);

  g_string_append_printf (out, "%c %s", marks[self->kind], self->label);

  if (self->kind == XN_DIFF_MOVED)
    {
      g_string_append_printf (out, ": %s → %s", self->old_context, self->context);
      for (guint i = 0; i < self->fields->len; i++)
        {
          const XnDiffField *f = g_ptr_array_index (self->fields, i);
          g_autofree char *label = field_label (f->property);

          g_string_append_printf (out, "; %s %s → %s", label, f->old_text, f->new_text);
        }
    }
  else
    {
      if (self->context != NULL)
        g_string_append_printf (out, " (%s)", self->context);
      append_fields (out, self);
    }

  return g_string_free (out, FALSE);
}

/**
 * xn_diff_format:
 * @entries: a #GListModel of #XnDiffEntry, as from xn_diff_policies()
 *
 * The whole diff for people, one line per entry (see
 * xn_diff_entry_format()), each ending in a newline; empty when there is
 * no difference.
 *
 * Returns: (transfer full): the text
 */
char *
xn_diff_format (GListModel *entries)
{
  GString *out = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (entries), NULL);

  n = g_list_model_get_n_items (entries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XnDiffEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *line = xn_diff_entry_format (entry);

      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}
