/* xn-syntax.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * One parser per value syntax of the policy, each exactly as strict as
 * the schema's pattern for it (model/xenon-policy.xsd): the lint, the
 * compiler, the editor's field checks, hardware import and profile
 * learning all call these,
 * so a value one of them takes is never refused by another. Before, four
 * IPv4 checks disagreed: "010.0.0.1" passed the editor and the lint, and
 * the schema and the compiler refused it. tests/model/test-syntax.c holds
 * each parser against its pattern, case by case.
 */

#define G_LOG_DOMAIN "xn-syntax"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "xn-syntax.h"
#include "xng-names.h"

G_STATIC_ASSERT (XN_SUBOP_MAX + 1 == XNG_N_SUBOPS);

G_DEFINE_QUARK (xn-syntax-error-quark, xn_syntax_error)

/**
 * xn_ipv4_parse:
 * @text: (nullable): the text
 * @address: (out) (optional): the address, in host byte order
 * @error: return location for a #GError (%XN_SYNTAX_ERROR_IPV4)
 *
 * Parses a dotted IPv4 address the schema's Ipv4 type allows: four
 * numbers 0–255 without leading zeros ("010" could be read as octal,
 * and inet_pton(), which the kernel's tools use, refuses it).
 *
 * Returns: %TRUE if @text is one
 */
gboolean
xn_ipv4_parse (const char  *text,
               guint32     *address,
               GError     **error)
{
  const char *p = text;
  guint32 value = 0;

  if (text == NULL)
    goto refuse;
  for (int part = 0; part < 4; part++)
    {
      guint octet = 0;
      int digits = 0;

      if (part > 0 && *p++ != '.')
        goto refuse;
      if (p[0] == '0' && g_ascii_isdigit (p[1]))
        goto refuse;
      while (g_ascii_isdigit (*p) && digits < 3)
        octet = octet * 10 + (guint) (*p++ - '0'), digits++;
      if (digits == 0 || octet > 255)
        goto refuse;
      value = (value << 8) | octet;
    }
  if (*p != '\0')
    goto refuse;
  if (address != NULL)
    *address = value;
  return TRUE;

refuse:
  g_set_error (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_IPV4,
               _("“%s” is not an IPv4 address: four numbers 0–255 without leading zeros, "
                 "like 192.168.5.101"), text != NULL ? text : "");
  return FALSE;
}

/**
 * xn_mac_parse:
 * @text: (nullable): the text
 * @canonical: (out caller-allocates) (optional) (array fixed-size=18):
 *   the address in lower case, NUL-terminated
 * @error: return location for a #GError (%XN_SYNTAX_ERROR_MAC)
 *
 * Parses a MAC address the schema's Mac type allows: six pairs of hex
 * digits joined by ":". Whether it may be multicast is the caller's
 * rule, not the syntax's.
 *
 * Returns: %TRUE if @text is one
 */
/**
 * xn_mac_is_multicast:
 * @canonical: a MAC address as xn_mac_parse() writes it
 *
 * Whether the address is a group (multicast or broadcast) address: the
 * low bit of its first byte.  A VIF needs a unicast one, since the
 * anti-spoofing flows admit a port only from its own source address.
 *
 * Returns: %TRUE for a group address
 */
gboolean
xn_mac_is_multicast (const char *canonical)
{
  g_return_val_if_fail (canonical != NULL && canonical[0] != '\0', FALSE);
  return (g_ascii_xdigit_value (canonical[1]) & 1) != 0;
}

gboolean
xn_mac_parse (const char  *text,
              char         canonical[18],
              GError     **error)
{
  static const char hex[] = "0123456789abcdef";
  char out[18];

  if (text == NULL || strlen (text) != 17)
    goto refuse;
  for (guint i = 0; i < 6; i++)
    {
      const char *p = text + i * 3;
      int hi = g_ascii_xdigit_value (p[0]);
      int lo = g_ascii_xdigit_value (p[1]);

      if (hi < 0 || lo < 0 || (i < 5 && p[2] != ':'))
        goto refuse;
      out[i * 3] = hex[hi];
      out[i * 3 + 1] = hex[lo];
      out[i * 3 + 2] = i < 5 ? ':' : '\0';
    }
  if (canonical != NULL)
    memcpy (canonical, out, sizeof out);
  return TRUE;

refuse:
  g_set_error (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_MAC,
               _("“%s” is not a MAC address: six pairs of hex digits joined by “:”, "
                 "like 00:16:3e:a4:22:9b"), text != NULL ? text : "");
  return FALSE;
}

/* Up to nine digits, as the schema's SubopRanges pattern allows. */
static gboolean
read_subop (const char **p,
            guint64     *value)
{
  int digits = 0;

  *value = 0;
  while (g_ascii_isdigit (**p) && digits < 9)
    *value = *value * 10 + (guint64) (*(*p)++ - '0'), digits++;
  return digits > 0 && !g_ascii_isdigit (**p);
}

/**
 * xn_subops_parse_list:
 * @text: (nullable): the text of a hypercall's `subops`
 * @map: (out caller-allocates) (optional) (array fixed-size=2): sub-ops
 *   0–127 as a bitmap
 * @error: return location for a #GError (%XN_SYNTAX_ERROR_SUBOPS)
 *
 * Parses a sub-op filter as the schema's SubopRanges pattern writes it:
 * numbers of one to nine digits and low-high ranges joined by commas,
 * nothing else ("0-9,12"), with every range in order and no sub-op above
 * %XN_SUBOP_MAX, the highest the guard filters. The lint, the compiler,
 * the editor and profile learning all read filters with it, so a filter
 * one of them takes no other refuses (sub-op names are for the built-in
 * profiles' table only, never a document).
 *
 * Returns: %TRUE if @text is one
 */
gboolean
xn_subops_parse_list (const char  *text,
                      guint64      map[2],
                      GError     **error)
{
  const char *p = text;
  guint64 out[2] = { 0, 0 };

  if (text == NULL || *text == '\0')
    goto malformed;
  for (;;)
    {
      guint64 lo, hi;

      if (!read_subop (&p, &lo))
        goto malformed;
      hi = lo;
      if (*p == '-')
        {
          p++;
          if (!read_subop (&p, &hi))
            goto malformed;
        }
      if (*p != '\0' && *p != ',')
        goto malformed;
      if (hi < lo)
        {
          g_set_error (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_SUBOPS,
                       _("the range %" PRIu64 "-%" PRIu64 " in “%s” is reversed"),
                       (uint64_t) lo, (uint64_t) hi, text);
          return FALSE;
        }
      if (hi > XN_SUBOP_MAX)
        {
          g_set_error (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_SUBOPS,
                       _("sub-op %" PRIu64 " in “%s” is above %u, the highest the guard filters"),
                       (uint64_t) hi, text, XN_SUBOP_MAX);
          return FALSE;
        }
      for (guint64 op = lo; op <= hi; op++)
        out[op / 64] |= G_GUINT64_CONSTANT (1) << (op % 64);
      if (*p == '\0')
        break;
      p++;
    }
  if (map != NULL)
    {
      map[0] = out[0];
      map[1] = out[1];
    }
  return TRUE;

malformed:
  g_set_error (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_SUBOPS,
               _("“%s” is not a sub-op list: numbers and ranges 0–%u joined by commas, "
                 "like 0-9,12"), text != NULL ? text : "", XN_SUBOP_MAX);
  return FALSE;
}

/**
 * xn_subops_format:
 * @map: (array fixed-size=2): sub-ops 0–127 as a bitmap
 *
 * Writes @map as xn_subops_parse_list() reads it, with runs as ranges.
 *
 * Returns: (transfer full): e.g. "0-3,7", or an empty string for no sub-op
 */
char *
xn_subops_format (const guint64 map[2])
{
  GString *s = g_string_new (NULL);

  for (guint op = 0; op <= XN_SUBOP_MAX; op++)
    {
      guint end = op;

      if (!(map[op / 64] & (G_GUINT64_CONSTANT (1) << (op % 64))))
        continue;
      while (end < XN_SUBOP_MAX && (map[(end + 1) / 64] & (G_GUINT64_CONSTANT (1) << ((end + 1) % 64))))
        end++;
      if (s->len > 0)
        g_string_append_c (s, ',');
      if (end == op)
        g_string_append_printf (s, "%u", op);
      else
        g_string_append_printf (s, "%u-%u", op, end);
      op = end;
    }
  return g_string_free (s, FALSE);
}

/**
 * xn_color_parse:
 * @text: (nullable): the text
 * @rgb: (out) (optional): the colour as 0xRRGGBB
 * @error: return location for a #GError (%XN_SYNTAX_ERROR_COLOR)
 *
 * Parses a tag colour as the schema's Color type writes it: "#" and six
 * hex digits, either case.
 *
 * Returns: %TRUE if @text is one
 */
gboolean
xn_color_parse (const char  *text,
                guint32     *rgb,
                GError     **error)
{
  guint32 value = 0;

  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    goto refuse;
  for (guint i = 1; i < 7; i++)
    {
      int v = g_ascii_xdigit_value (text[i]);

      if (v < 0)
        goto refuse;
      value = (value << 4) | (guint32) v;
    }
  if (rgb != NULL)
    *rgb = value;
  return TRUE;

refuse:
  g_set_error (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_COLOR,
               _("“%s” is not a colour: “#” and six hex digits, like #cc0000"),
               text != NULL ? text : "");
  return FALSE;
}

/**
 * xn_netmask_parse:
 * @text: (nullable): the text
 * @mask: (out) (optional): the mask, in host byte order
 * @prefix: (out) (optional): its number of leading ones, 0–32
 * @error: return location for a #GError (%XN_SYNTAX_ERROR_NETMASK)
 *
 * Parses a switch's netmask: an IPv4 address as xn_ipv4_parse() takes
 * it (the schema's type for it) whose ones are contiguous from the top,
 * as a prefix must be.
 *
 * Returns: %TRUE if @text is one
 */
gboolean
xn_netmask_parse (const char  *text,
                  guint32     *mask,
                  guint       *prefix,
                  GError     **error)
{
  guint32 m;
  guint ones = 0;

  /* The host part must be 2^k − 1. */
  if (!xn_ipv4_parse (text, &m, NULL) || ((~m & (~m + 1)) != 0))
    {
      g_set_error (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_NETMASK,
                   _("“%s” is not a netmask: an IPv4 address whose ones come first, "
                     "like 255.255.255.0"), text != NULL ? text : "");
      return FALSE;
    }
  while (ones < 32 && (m >> (31 - ones) & 1))
    ones++;
  if (mask != NULL)
    *mask = m;
  if (prefix != NULL)
    *prefix = ones;
  return TRUE;
}
