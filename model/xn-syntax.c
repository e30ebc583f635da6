/* xn-syntax.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * One parser per value syntax of the policy, each exactly as strict as
 * the schema's pattern for it (model/xenon-policy.xsd): the lint, the
 * compiler, the editor's field checks and hardware import all call these,
 * so a value one of them takes is never refused by another. Before, four
 * IPv4 checks disagreed: "010.0.0.1" passed the editor and the lint, and
 * the schema and the compiler refused it. tests/model/test-syntax.c holds
 * each parser against its pattern, case by case.
 */

#define G_LOG_DOMAIN "xn-syntax"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-syntax.h"

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
