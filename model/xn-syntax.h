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
 *
 * Error codes of %XN_SYNTAX_ERROR.
 */
typedef enum
{
  XN_SYNTAX_ERROR_IPV4,
  XN_SYNTAX_ERROR_MAC,
} XnSyntaxError;

GQuark   xn_syntax_error_quark (void);

gboolean xn_ipv4_parse         (const char  *text,
                                guint32     *address,
                                GError     **error);
gboolean xn_mac_parse          (const char  *text,
                                char         canonical[18],
                                GError     **error);

G_END_DECLS
