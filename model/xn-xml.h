/* xn-xml.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libxml/tree.h>

#include "xn-policy.h"

G_BEGIN_DECLS

/**
 * XN_XML_NAMESPACE:
 *
 * The namespace of format 1 of the policy document.
 */
#define XN_XML_NAMESPACE "urn:xenonvmm:policy:1"

/**
 * XN_XML_DSIG_NAMESPACE:
 *
 * The XML-DSig namespace; a `Signature` element in it may close the root.
 */
#define XN_XML_DSIG_NAMESPACE "http://www.w3.org/2000/09/xmldsig#"

/**
 * XN_XML_MAX_SIZE:
 *
 * Largest document the loader reads, in bytes (64 MiB).
 */
#define XN_XML_MAX_SIZE (64 * 1024 * 1024)

/**
 * XN_XML_MAX_DEPTH:
 *
 * Deepest element nesting the loader accepts; a valid document needs 9.
 */
#define XN_XML_MAX_DEPTH 32

#define XN_XML_ERROR (xn_xml_error_quark ())

/**
 * XnXmlError:
 * @XN_XML_ERROR_PARSE: not well-formed XML
 * @XN_XML_ERROR_INVALID: well-formed but not a valid policy document (schema)
 * @XN_XML_ERROR_LIMIT: too large or too deeply nested
 * @XN_XML_ERROR_FORBIDDEN: a construct refused for safety: DOCTYPE/DTD,
 *   entity declarations or references
 * @XN_XML_ERROR_REFERENCE: an identity problem the schema cannot see, such
 *   as two objects sharing a UUID
 * @XN_XML_ERROR_IO: the file could not be read or written
 *
 * Errors of the policy reader and writer. Every message starts with the
 * document's name and line, `demo.xml:42: …`.
 */
typedef enum
{
  XN_XML_ERROR_PARSE,
  XN_XML_ERROR_INVALID,
  XN_XML_ERROR_LIMIT,
  XN_XML_ERROR_FORBIDDEN,
  XN_XML_ERROR_REFERENCE,
  XN_XML_ERROR_IO,
} XnXmlError;

GQuark    xn_xml_error_quark      (void);

XnPolicy *xn_policy_load_file     (const char  *path,
                                   GError     **error);
XnPolicy *xn_policy_load_bytes    (GBytes      *bytes,
                                   const char  *display_name,
                                   GError     **error);
XnPolicy *xn_policy_load_doc      (xmlDoc      *doc,
                                   const char  *display_name,
                                   GError     **error);
xmlDoc   *xn_policy_parse_bytes   (GBytes      *bytes,
                                   const char  *display_name,
                                   GError     **error);
gboolean  xn_policy_validate_doc  (xmlDoc      *doc,
                                   const char  *display_name,
                                   GError     **error);

GBytes   *xn_policy_save_to_bytes (XnPolicy    *self,
                                   GError     **error);
gboolean  xn_policy_save_to_file  (XnPolicy    *self,
                                   const char  *path,
                                   GError     **error);
xmlDoc   *xn_policy_to_doc        (XnPolicy    *self);
char     *xn_profile_to_xml       (XnProfile   *profile);

GBytes   *xn_xml_get_schema_bytes (void);

G_END_DECLS
