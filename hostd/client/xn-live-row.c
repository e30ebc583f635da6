/* xn-live-row.c: one row a daemon sends (an a{sv} dictionary)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Domains, hardware, audit rows, performance and violations all come
 * from the daemon as dictionaries. One GTK-free row type holds them, so
 * the host's client-side model (xn-host-model.c) and every table share
 * it; the tables live in ui/xn-live-table.c.
 */

#include "config.h"

#include "xn-live-row.h"

struct _XnLiveRow
{
  GObject     parent_instance;
  GHashTable *values;   /* key → GVariant */
};

G_DEFINE_FINAL_TYPE (XnLiveRow, xn_live_row, G_TYPE_OBJECT)

enum { ROW_CHANGED, N_ROW_SIGNALS };
static guint row_signals[N_ROW_SIGNALS];

static void
xn_live_row_finalize (GObject *object)
{
  g_hash_table_unref (XN_LIVE_ROW (object)->values);
  G_OBJECT_CLASS (xn_live_row_parent_class)->finalize (object);
}

static void
xn_live_row_class_init (XnLiveRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xn_live_row_finalize;
  /* A value changed in place (e.g. a violation marked viewed). */
  row_signals[ROW_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
xn_live_row_init (XnLiveRow *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
}

/* @dict: an a{sv}; floating references are sunk, any other is the
 * caller's still (the row takes its own): a row made from
 * g_variant_iter_next_value() needs the value unreffed after, or the
 * whole reply it came from stays in memory. */
XnLiveRow *
xn_live_row_new (GVariant *dict)
{
  XnLiveRow *self = g_object_new (XN_TYPE_LIVE_ROW, NULL);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_ref_sink (dict);
  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    g_hash_table_insert (self->values, g_strdup (key), value);
  g_variant_unref (dict);
  return self;
}

GVariant *
xn_live_row_get (XnLiveRow  *self,
                 const char *key)
{
  return g_hash_table_lookup (self->values, key);
}

const char *
xn_live_row_get_string (XnLiveRow  *self,
                        const char *key)
{
  GVariant *v = xn_live_row_get (self, key);

  return v != NULL && g_variant_is_of_type (v, G_VARIANT_TYPE_STRING) ? g_variant_get_string (v, NULL) : "";
}

/* A number of any of the daemon's numeric types, as a double. */
double
xn_variant_get_number (GVariant *v)
{
  switch (g_variant_classify (v))
    {
    case G_VARIANT_CLASS_DOUBLE: return g_variant_get_double (v);
    case G_VARIANT_CLASS_UINT32: return g_variant_get_uint32 (v);
    case G_VARIANT_CLASS_INT32: return g_variant_get_int32 (v);
    case G_VARIANT_CLASS_UINT64: return (double) g_variant_get_uint64 (v);
    case G_VARIANT_CLASS_INT64: return (double) g_variant_get_int64 (v);
    case G_VARIANT_CLASS_BOOLEAN: return g_variant_get_boolean (v);
    default: return 0;
    }
}

double
xn_live_row_get_number (XnLiveRow  *self,
                        const char *key)
{
  GVariant *v = xn_live_row_get (self, key);

  return v != NULL ? xn_variant_get_number (v) : 0;
}

void
xn_live_row_set (XnLiveRow  *self,
                 const char *key,
                 GVariant   *value)
{
  g_hash_table_insert (self->values, g_strdup (key), g_variant_ref_sink (value));
  g_signal_emit (self, row_signals[ROW_CHANGED], 0);
}

/**
 * xn_live_row_update:
 * @from: a newer copy of the same row
 *
 * Takes @from's values in place, so that views holding @self (a selected
 * row, a bound cell) follow without losing it.
 *
 * Returns: whether a value changed (then #XnLiveRow::changed was emitted)
 */
gboolean
xn_live_row_update (XnLiveRow *self,
                    XnLiveRow *from)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean changed = g_hash_table_size (self->values) != g_hash_table_size (from->values);

  g_hash_table_iter_init (&iter, from->values);
  while (!changed && g_hash_table_iter_next (&iter, &key, &value))
    {
      GVariant *old = g_hash_table_lookup (self->values, key);
      changed = old == NULL || !g_variant_equal (old, value);
    }
  if (!changed)
    return FALSE;
  g_hash_table_remove_all (self->values);
  g_hash_table_iter_init (&iter, from->values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->values, g_strdup (key), g_variant_ref (value));
  g_signal_emit (self, row_signals[ROW_CHANGED], 0);
  return TRUE;
}

/**
 * xn_live_row_compare:
 * @key: the value compared
 *
 * Orders two rows by @key's value (strings collated, numbers by value, a
 * missing value first).
 *
 * Returns: <0, 0 or >0
 */
int
xn_live_row_compare (XnLiveRow  *a,
                     XnLiveRow  *b,
                     const char *key)
{
  GVariant *va = xn_live_row_get (a, key);
  GVariant *vb = xn_live_row_get (b, key);

  if (va == NULL || vb == NULL)
    return (va != NULL) - (vb != NULL);
  if (g_variant_is_of_type (va, G_VARIANT_TYPE_STRING) && g_variant_is_of_type (vb, G_VARIANT_TYPE_STRING))
    return g_utf8_collate (g_variant_get_string (va, NULL), g_variant_get_string (vb, NULL));
  return (xn_variant_get_number (va) > xn_variant_get_number (vb)) - (xn_variant_get_number (va) < xn_variant_get_number (vb));
}

