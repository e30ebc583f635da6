/* xn-model.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Helpers the document types share: construction with a known UUID without
 * varargs property parsing (the loader builds tens of thousands of
 * objects), reference resolution through the policy's index, and the
 * name-based UUIDs that make implicit objects (Domain-0) reproducible.
 */

#define G_LOG_DOMAIN "xn-model"

#include "config.h"

#include <string.h>

#include "xn-model-private.h"

XnObject *
_xn_object_new_with_uuid (GType       type,
                          const char *uuid)
{
  const char *names[1] = { "uuid" };
  GValue values[1] = { G_VALUE_INIT };
  XnObject *object;

  if (uuid == NULL)
    return XN_OBJECT (g_object_new_with_properties (type, 0, NULL, NULL));

  g_value_init (&values[0], G_TYPE_STRING);
  g_value_set_static_string (&values[0], uuid);
  object = XN_OBJECT (g_object_new_with_properties (type, 1, names, values));
  g_value_unset (&values[0]);

  return object;
}

gpointer
_xn_object_resolve (XnObject   *self,
                    const char *uuid,
                    GType       type)
{
  XnObject *root;
  XnObject *found;

  if (uuid == NULL)
    return NULL;

  root = xn_object_get_root (self);
  if (!XN_IS_POLICY (root))
    return NULL;

  found = xn_policy_lookup (XN_POLICY (root), uuid);
  if (found == NULL || !G_TYPE_CHECK_INSTANCE_TYPE (found, type))
    return NULL;

  return found;
}

static gboolean
parse_uuid_bytes (const char *text,
                  guint8      out[16])
{
  guint n = 0;

  for (const char *p = text; *p != '\0' && n < 32; p++)
    {
      int v;

      if (*p == '-')
        continue;
      v = g_ascii_xdigit_value (*p);
      if (v < 0)
        return FALSE;
      if (n % 2 == 0)
        out[n / 2] = v << 4;
      else
        out[n / 2] |= v;
      n++;
    }

  return n == 32;
}

/* RFC 4122 §4.4, random (version 4), as g_uuid_string_random() makes it
 * but without taking the global GRand's lock four times and formatting
 * with printf: a document has thousands of objects without a UUID of
 * their own (references, text items), and each gets one. */
char *
_xn_uuid_random (void)
{
  static GPrivate rand_key = G_PRIVATE_INIT ((GDestroyNotify) g_rand_free);
  static const char hex[] = "0123456789abcdef";
  GRand *rand = g_private_get (&rand_key);
  guint8 b[16];
  char *out = g_malloc (37);
  char *p = out;

  if (rand == NULL)
    {
      rand = g_rand_new ();
      g_private_set (&rand_key, rand);
    }

  for (guint i = 0; i < 4; i++)
    {
      guint32 v = g_rand_int (rand);

      memcpy (b + 4 * i, &v, 4);
    }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[b[i] >> 4];
      *p++ = hex[b[i] & 0xf];
    }
  *p = '\0';

  return out;
}

/* RFC 4122 §4.3, name-based with SHA-1 (version 5). */
char *
_xn_uuid_v5 (const char *namespace_uuid,
             const char *name)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 ns[16] = { 0 };
  guint8 digest[20];
  gsize len = sizeof digest;

  if (namespace_uuid != NULL)
    parse_uuid_bytes (namespace_uuid, ns);

  g_checksum_update (sum, ns, sizeof ns);
  g_checksum_update (sum, (const guchar *) name, strlen (name));
  g_checksum_get_digest (sum, digest, &len);

  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3],
                          digest[4], digest[5], digest[6], digest[7],
                          digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}
