/* xn-syntax.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define XN_SYNTAX_ERROR (xn_syntax_error_quark ())

/**
 * XnSyntaxError:
 * @XN_SYNTAX_ERROR_IPV4: not a dotted IPv4 address as the schema writes it
 * @XN_SYNTAX_ERROR_MAC: not a MAC address as the schema writes it
 * @XN_SYNTAX_ERROR_SUBOPS: not a sub-op list as the schema writes it, a
 *   reversed range, or a sub-op above %XN_SUBOP_MAX
 * @XN_SYNTAX_ERROR_COLOR: not a colour as the schema writes it
 * @XN_SYNTAX_ERROR_NETMASK: not an IPv4 address, or its ones are not
 *   contiguous
 *
 * Error codes of %XN_SYNTAX_ERROR.
 */
typedef enum
{
  XN_SYNTAX_ERROR_IPV4,
  XN_SYNTAX_ERROR_MAC,
  XN_SYNTAX_ERROR_SUBOPS,
  XN_SYNTAX_ERROR_COLOR,
  XN_SYNTAX_ERROR_NETMASK,
} XnSyntaxError;

/**
 * XN_SUBOP_MAX:
 *
 * The highest sub-op a filter may name: the guard keeps one bit for each
 * of sub-ops 0–127 (`XNG_N_SUBOPS`).
 */
#define XN_SUBOP_MAX 127

GQuark   xn_syntax_error_quark (void);

gboolean xn_ipv4_parse         (const char  *text,
                                guint32     *address,
                                GError     **error);
gboolean xn_mac_is_multicast   (const char  *canonical);
gboolean xn_mac_parse          (const char  *text,
                                char         canonical[18],
                                GError     **error);
gboolean xn_subops_parse_list  (const char  *text,
                                guint64      map[2],
                                GError     **error);
char    *xn_subops_format      (const guint64 map[2]);
gboolean xn_color_parse        (const char  *text,
                                guint32     *rgb,
                                GError     **error);
gboolean xn_netmask_parse      (const char  *text,
                                guint32     *mask,
                                guint       *prefix,
                                GError     **error);

G_END_DECLS
