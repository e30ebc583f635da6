/* xn-xml.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The one reader and writer of the policy document (FORMAT.md).
 *
 * Reading treats the input as hostile: the parser never touches the
 * network, refuses any DOCTYPE, entity declaration or entity reference
 * before it can expand (XXE, billion laughs), and stops past a size and a
 * nesting depth. A load keeps no tree: the parser's events go through the
 * compiled schema (built once per process) and on to a builder that fills
 * the instance structs directly, without GObject property parsing, so
 * parsing, validation and building are one pass (on the generated 13 MB
 * policy: 0.19 s CPU and 34 MiB for the whole `xenon-policy validate`
 * process, where the tree, validated and then walked, took 0.41 s and
 * 153 MiB). Invalid input is loaded again the tree way, whose messages
 * name file, line and problem. A tree someone already has (a verified
 * signed document) drives the same builder.
 *
 * Writing produces the canonical form with a GString, without a DOM, so
 * load→save is byte-stable and fast.
 */

#define G_LOG_DOMAIN "xn-xml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>

#include "xn-model-private.h"

G_DEFINE_QUARK (xn-xml-error-quark, xn_xml_error)

#define NS XN_XML_NAMESPACE

/* ------------------------------------------------------------------ */
/* Messages                                                           */
/* ------------------------------------------------------------------ */

static void
set_error (GError     **error,
           XnXmlError   code,
           const char  *display_name,
           int          line,
           const char  *message)
{
  if (line > 0)
    g_set_error (error, XN_XML_ERROR, code, "%s:%d: %s", display_name, line, message);
  else
    g_set_error (error, XN_XML_ERROR, code, "%s: %s", display_name, message);
}

static void
string_replace (GString    *str,
                const char *find,
                const char *replace)
{
  gsize flen = strlen (find);
  gsize rlen = strlen (replace);
  char *p;
  gsize from = 0;

  while ((p = strstr (str->str + from, find)) != NULL)
    {
      gsize pos = p - str->str;

      g_string_erase (str, pos, flen);
      g_string_insert (str, pos, replace);
      from = pos + rlen;
    }
}

static const struct {
  const char *type;
  const char *hint;
} type_hints[] = {
  { "xs:unsignedInt", N_("expected a whole number from 0 to 4294967295") },
  { "xs:unsignedLong", N_("expected a whole number of 0 or more") },
  { "xs:boolean", N_("expected true or false") },
  { "Uuid", N_("expected a lower-case UUID such as 8c4f2a3e-5b1d-4e8a-9f00-1a2b3c4d5e6f") },
  { "Color", N_("expected a colour such as #e01b24") },
  { "Mac", N_("expected a MAC address such as 00:16:3e:a4:22:9b") },
  { "Ipv4", N_("expected an IPv4 address such as 192.168.5.1") },
  { "NetAddress", N_("expected an address such as 10.0.0.0/24") },
  { "HostAddress", N_("expected a host name or an IP address") },
  { "Bdf", N_("expected a PCI address such as 0000:06:00.0") },
  { "PciId", N_("expected four lower-case hex digits such as 8086") },
  { "HypercallName", N_("expected a hypercall name as in xen.h, such as memory_op") },
  { "SubopRanges", N_("expected sub-op numbers and ranges such as 0-9,12") },
  { "Port", N_("expected a port from 0 to 65535") },
  { "SshPort", N_("expected a port from 1 to 65535") },
  { "Name", N_("expected 1 to 255 characters") },
  { "Token", N_("expected 1 to 4096 characters") },
};

static void
append_type_hint (GString    *out,
                  const char *type)
{
  if (g_str_has_prefix (type, "{" NS "}"))
    type += strlen ("{" NS "}");

  for (guint i = 0; i < G_N_ELEMENTS (type_hints); i++)
    if (strcmp (type_hints[i].type, type) == 0)
      {
        g_string_append_printf (out, " (%s)", _(type_hints[i].hint));
        return;
      }
}

/* A pattern failure names no type: guess it from the attribute. */
static const char *
type_of_attribute (const char *attr)
{
  if (strcmp (attr, "uuid") == 0 || g_str_has_suffix (attr, "UuidRef"))
    return "Uuid";
  if (strcmp (attr, "mac") == 0)
    return "Mac";
  if (strcmp (attr, "color") == 0)
    return "Color";
  if (strcmp (attr, "bdf") == 0)
    return "Bdf";
  if (strcmp (attr, "ip") == 0 || strcmp (attr, "netmask") == 0)
    return "Ipv4";
  if (strcmp (attr, "vendorId") == 0 || strcmp (attr, "deviceId") == 0)
    return "PciId";
  if (strcmp (attr, "subops") == 0)
    return "SubopRanges";
  return "";
}

/* Reads 'text' after *p (which points at the opening quote); returns the
 * text and moves *p past the closing quote. */
static char *
take_quoted (const char **p)
{
  const char *start;
  const char *end;

  if (**p != '\'')
    return NULL;
  start = *p + 1;
  end = strchr (start, '\'');
  if (end == NULL)
    return NULL;
  *p = end + 1;
  return g_strndup (start, end - start);
}

/*
 * libxml2's schema messages name elements as '{urn:…}domain' and types as
 * 'xs:unsignedInt'. People get "element domain: attribute 'memory': '-5'
 * is not a valid value (expected a whole number …)". @next is the message
 * that followed on the same line: for facet failures it names the type.
 */
static char *
humanize_schema_message (const char *message,
                         const char *next)
{
  g_autoptr(GString) str = g_string_new (message);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *attr = NULL;
  const char *p;
  const char *facet;

  g_strchomp (str->str);
  str->len = strlen (str->str);
  string_replace (str, "{" NS "}", "");
  if (str->len > 0 && str->str[str->len - 1] == '.')
    g_string_truncate (str, str->len - 1);

  p = str->str;

  /* "Element 'x', attribute 'y': " / "Element 'x': " */
  if (g_str_has_prefix (p, "Element '"))
    {
      g_autofree char *elem = NULL;

      p += strlen ("Element ");
      elem = take_quoted (&p);
      g_string_append_printf (out, "element %s", elem ? elem : "?");
      if (g_str_has_prefix (p, ", attribute '"))
        {
          p += strlen (", attribute ");
          attr = take_quoted (&p);
          g_string_append_printf (out, ": attribute '%s'", attr ? attr : "?");
        }
      if (g_str_has_prefix (p, ": "))
        p += 2;
      g_string_append (out, ": ");
    }

  if ((facet = strstr (p, "[facet 'enumeration'] The value ")) == p)
    {
      g_autofree char *value = NULL;
      const char *set;

      p += strlen ("[facet 'enumeration'] The value ");
      value = take_quoted (&p);
      set = strchr (p, '{');
      g_string_append_printf (out, _("'%s' is not one of "), value ? value : "");
      if (set != NULL)
        {
          g_autoptr(GString) members = g_string_new (set + 1);

          if (members->len > 0 && members->str[members->len - 1] == '}')
            g_string_truncate (members, members->len - 1);
          string_replace (members, "'", "");
          g_string_append (out, members->str);
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if (g_str_has_prefix (p, "[facet '"))
    {
      const char *close = strstr (p, "] The value ");
      const char *type = next != NULL ? strstr (next, "atomic type '") : NULL;

      if (close != NULL)
        {
          g_autofree char *value = NULL;

          p = close + strlen ("] The value ");
          value = take_quoted (&p);
          g_string_append_printf (out, _("'%s' is not a valid value"), value ? value : "");
          if (type != NULL)
            {
              g_autofree char *tname = NULL;
              const char *q = type + strlen ("atomic type ");

              tname = take_quoted (&q);
              if (tname != NULL)
                append_type_hint (out, tname);
            }
          else if (attr != NULL)
            append_type_hint (out, type_of_attribute (attr));
          return g_string_free (g_steal_pointer (&out), FALSE);
        }
    }

  {
    const char *valid = strstr (p, " is not a valid value of the ");

    if (valid != NULL)
      {
        const char *type = strstr (valid, "type '");

        g_string_append_len (out, p, valid - p);
        g_string_append (out, _(" is not a valid value"));
        if (type != NULL)
          {
            g_autofree char *tname = NULL;
            const char *q = type + strlen ("type ");

            tname = take_quoted (&q);
            if (tname != NULL)
              append_type_hint (out, tname);
          }
        return g_string_free (g_steal_pointer (&out), FALSE);
      }
  }

  {
    g_autoptr(GString) rest = g_string_new (p);

    string_replace (rest, "This element is not expected. Expected is one of ",
                    _("this element is not expected here; expected one of "));
    string_replace (rest, "This element is not expected. Expected is ",
                    _("this element is not expected here; expected "));
    string_replace (rest, "This element is not expected",
                    _("this element is not expected here"));
    string_replace (rest, "Missing child element(s). Expected is one of ",
                    _("a child element is missing; expected one of "));
    string_replace (rest, "Missing child element(s). Expected is ",
                    _("a child element is missing; expected "));
    string_replace (rest, "Character content other than whitespace is not allowed because the content type is 'element-only'",
                    _("text is not allowed here, only elements"));
    string_replace (rest, "Element content is not allowed, because the content type is empty",
                    _("child elements are not allowed here"));
    string_replace (rest, "{" XN_XML_DSIG_NAMESPACE "}*", "ds:Signature");
    string_replace (rest, "( ", "");
    string_replace (rest, " )", "");
    string_replace (rest, "The attribute ", _("the attribute "));
    string_replace (rest, "is required but missing", _("is required but missing"));
    string_replace (rest, "is not allowed", _("is not allowed"));
    string_replace (rest, "The value ", _("the value "));
    g_string_append (out, rest->str);
  }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
humanize_parse_message (const char *message)
{
  g_autofree char *copy = g_strchomp (g_strdup (message != NULL ? message : "?"));

  if (copy[0] != '\0')
    copy[0] = g_ascii_tolower (copy[0]);

  return g_strdup_printf (_("not well-formed XML: %s"), copy);
}

/* ------------------------------------------------------------------ */
/* Hardened parsing                                                   */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *display_name;
  GError     *error;        /* the first problem; later ones follow from it */
  guint       depth;
} ParseState;

static void
parse_fail (xmlParserCtxtPtr  ctxt,
            XnXmlError        code,
            const char       *message)
{
  ParseState *state = ctxt->_private;

  if (state->error == NULL)
    set_error (&state->error, code, state->display_name,
               xmlSAX2GetLineNumber (ctxt), message);
  xmlStopParser (ctxt);
}

static void
forbid_internal_subset (void          *ctx,
                        const xmlChar *name,
                        const xmlChar *external_id,
                        const xmlChar *system_id)
{
  parse_fail (ctx, XN_XML_ERROR_FORBIDDEN,
              _("a DOCTYPE declaration is not allowed in a policy document "
                "(DTDs and entities are refused for safety)"));
}

static void
forbid_entity_decl (void          *ctx,
                    const xmlChar *name,
                    int            type,
                    const xmlChar *public_id,
                    const xmlChar *system_id,
                    xmlChar       *content)
{
  g_autofree char *msg = g_strdup_printf (_("entity declaration '%s' is not allowed "
                                            "(entities are refused for safety)"),
                                          (const char *) name);

  parse_fail (ctx, XN_XML_ERROR_FORBIDDEN, msg);
}

static xmlEntityPtr
forbid_get_entity (void          *ctx,
                   const xmlChar *name)
{
  xmlEntityPtr predefined = xmlGetPredefinedEntity (name);
  g_autofree char *msg = NULL;

  /* &lt; &amp; … are part of XML itself. */
  if (predefined != NULL)
    return predefined;

  msg = g_strdup_printf (_("entity reference '&%s;' is not allowed "
                           "(entities are refused for safety)"),
                         (const char *) name);
  parse_fail (ctx, XN_XML_ERROR_FORBIDDEN, msg);

  return NULL;
}

static void
limited_start_element (void           *ctx,
                       const xmlChar  *localname,
                       const xmlChar  *prefix,
                       const xmlChar  *uri,
                       int             nb_namespaces,
                       const xmlChar **namespaces,
                       int             nb_attributes,
                       int             nb_defaulted,
                       const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *state = ctxt->_private;

  if (++state->depth > XN_XML_MAX_DEPTH)
    {
      g_autofree char *msg = g_strdup_printf (_("elements are nested more than %d deep"),
                                              XN_XML_MAX_DEPTH);

      parse_fail (ctxt, XN_XML_ERROR_LIMIT, msg);
      return;
    }

  xmlSAX2StartElementNs (ctx, localname, prefix, uri, nb_namespaces, namespaces,
                         nb_attributes, nb_defaulted, attributes);
}

static void
limited_end_element (void          *ctx,
                     const xmlChar *localname,
                     const xmlChar *prefix,
                     const xmlChar *uri)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *state = ctxt->_private;

  state->depth--;
  xmlSAX2EndElementNs (ctx, localname, prefix, uri);
}

static void
parse_structured_error (void        *user_data,
                        xmlErrorPtr  err)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;
  g_autofree char *msg = NULL;

  if (err->level < XML_ERR_ERROR || state->error != NULL)
    return;

  msg = humanize_parse_message (err->message);
  set_error (&state->error, XN_XML_ERROR_PARSE, state->display_name, err->line, msg);
}

static void G_GNUC_PRINTF (2, 3)
silent_generic_error (void       *ctx,
                      const char *format,
                      ...)
{
}

static void
xn_xml_init (void)
{
  static gsize inited;

  if (g_once_init_enter (&inited))
    {
      xmlInitParser ();
      g_once_init_leave (&inited, 1);
    }
}

/* Refuses a document by its size before anything reads it. */
static gboolean
check_size (gsize        len,
            gsize        max_size,
            const char  *display_name,
            GError     **error)
{
  if (len > max_size)
    {
      g_autofree char *msg = g_strdup_printf (_("the document is %zu bytes, "
                                                "more than the limit of %zu MiB"),
                                              len, max_size / (1024 * 1024));

      set_error (error, XN_XML_ERROR_LIMIT, display_name, 0, msg);
      return FALSE;
    }
  if (len == 0)
    {
      set_error (error, XN_XML_ERROR_PARSE, display_name, 0, _("the document is empty"));
      return FALSE;
    }
  return TRUE;
}

/* Makes @ctxt fit for hostile input, building a tree; the streaming load
 * swaps the tree handlers for its own and keeps the rest. */
static xmlParserCtxtPtr
harden_ctxt (xmlParserCtxtPtr  ctxt,
             ParseState       *state)
{
  if (ctxt == NULL)
    return NULL;

  /* NONET: never fetch anything; BIG_LINES: right line numbers past 65535.
   * COMPACT: short text kept inside its node, fewer allocations.
   * Deliberately absent: NOENT, DTDLOAD, DTDATTR, XINCLUDE, HUGE. */
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT |
                           XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  ctxt->_private = state;
  ctxt->sax->internalSubset = forbid_internal_subset;
  ctxt->sax->externalSubset = forbid_internal_subset;
  ctxt->sax->entityDecl = forbid_entity_decl;
  ctxt->sax->getEntity = forbid_get_entity;
  ctxt->sax->getParameterEntity = forbid_get_entity;
  ctxt->sax->startElementNs = limited_start_element;
  ctxt->sax->endElementNs = limited_end_element;
  ctxt->sax->serror = parse_structured_error;
  ctxt->sax->error = NULL;
  ctxt->sax->warning = NULL;
  ctxt->vctxt.error = NULL;
  ctxt->vctxt.warning = NULL;

  return ctxt;
}

typedef void (*ParseFunc) (gpointer data);

static void
parse_silently (ParseFunc func,
                gpointer  data)
{
  /* Encoding failures go to libxml2's generic (thread-local) handler, which
   * prints to stderr; the structured handler already records them. */
  xmlGenericErrorFunc saved_func = xmlGenericError;
  void *saved_ctx = xmlGenericErrorContext;

  xmlSetGenericErrorFunc (NULL, silent_generic_error);
  func (data);
  xmlSetGenericErrorFunc (saved_ctx, saved_func);
}

static void
parse_document (gpointer ctxt)
{
  xmlParseDocument (ctxt);
}

/* Refuses what no policy document holds before the parser sees it: a
 * NUL byte (libxml2 ends a document at one without complaint, so bytes
 * after it would be kept and served back under a valid signature) and,
 * where @max_markup is not 0, more markup than a policy ever has
 * (libxml2's tree takes about 150 bytes per element). */
static gboolean
check_content (const char  *data,
               gsize        len,
               gsize        max_markup,
               const char  *display_name,
               GError     **error)
{
  const char *nul = len > 0 ? memchr (data, '\0', len) : NULL;

  if (nul != NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("the document contains a NUL byte at offset %zu; "
                                                "a policy document is text "
                                                "and may not contain one"),
                                              (gsize) (nul - data));

      set_error (error, XN_XML_ERROR_PARSE, display_name, 0, msg);
      return FALSE;
    }
  if (max_markup > 0)
    {
      gsize markup = 0;

      for (const char *c = data; (c = memchr (c, '<', len - (gsize) (c - data))) != NULL; c++)
        if (++markup > max_markup)
          {
            g_autofree char *msg = g_strdup_printf (_("the document has more than %zu "
                                                      "elements; a policy has far fewer"),
                                                    max_markup);

            set_error (error, XN_XML_ERROR_LIMIT, display_name, 0, msg);
            return FALSE;
          }
    }
  return TRUE;
}

/* The one hardened parser of the policy document, behind both
 * xn_policy_parse_bytes() and xn_sign_parse_bytes(): one set of
 * defences (no network, no DTD, no entity, DOCTYPE refused before its
 * entities are declared, a nesting depth, no NUL byte, size and markup
 * limits) that cannot drift apart between loading and verifying.  The
 * limits are the caller's: a document from a host's network is allowed
 * less than one the officer opens. */
xmlDoc *
_xn_xml_parse_hardened (GBytes      *bytes,
                        const char  *display_name,
                        gsize        max_size,
                        gsize        max_markup,
                        GError     **error)
{
  ParseState state = { 0 };
  xmlParserCtxtPtr ctxt;
  const char *data;
  gsize len;
  xmlDoc *doc;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  xn_xml_init ();

  state.display_name = display_name != NULL ? display_name : "<policy>";
  data = g_bytes_get_data (bytes, &len);

  if (!check_size (len, max_size, state.display_name, error) ||
      !check_content (data, len, max_markup, state.display_name, error))
    return NULL;

  ctxt = harden_ctxt (xmlCreateMemoryParserCtxt (data != NULL ? data : "", (int) len), &state);
  if (ctxt == NULL)
    {
      set_error (error, XN_XML_ERROR_PARSE, state.display_name, 0, _("out of memory"));
      return NULL;
    }

  parse_silently (parse_document, ctxt);

  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;

  if (state.error == NULL && (!ctxt->wellFormed || doc == NULL))
    set_error (&state.error, XN_XML_ERROR_PARSE, state.display_name, 0,
               _("not well-formed XML"));

  xmlFreeParserCtxt (ctxt);

  if (state.error != NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_propagate_error (error, state.error);
      return NULL;
    }

  return doc;
}

/**
 * xn_policy_parse_bytes:
 * @bytes: the document
 * @display_name: the name error messages use for it, e.g. its file name
 * @error: return location for a #XN_XML_ERROR
 *
 * Parses @bytes into a tree the hardened way (no network, no DTD, no
 * entities, no NUL byte, size and depth limits), without validating it.
 * The signing code parses with the same parser (xn_sign_parse_bytes()).
 *
 * Returns: (transfer full) (nullable): the tree, free with xmlFreeDoc()
 */
xmlDoc *
xn_policy_parse_bytes (GBytes      *bytes,
                       const char  *display_name,
                       GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _xn_xml_parse_hardened (bytes, display_name, XN_XML_MAX_SIZE, 0, error);
}

/* ------------------------------------------------------------------ */
/* Validation                                                         */
/* ------------------------------------------------------------------ */

/**
 * xn_xml_get_schema_bytes:
 *
 * Returns: (transfer full): the text of `xenon-policy.xsd`
 */
GBytes *
xn_xml_get_schema_bytes (void)
{
  return g_bytes_new_static (xn_xml_schema_text, xn_xml_schema_text_len);
}

static void
schema_parse_error (void        *user_data,
                    xmlErrorPtr  err)
{
  g_critical ("xenon-policy.xsd:%d: %s", err->line, err->message);
}

static xmlSchemaPtr
get_schema (void)
{
  static xmlSchemaPtr schema;

  if (g_once_init_enter (&schema))
    {
      g_autoptr(GBytes) bytes = xn_xml_get_schema_bytes ();
      xmlSchemaParserCtxtPtr pctxt;
      xmlSchemaPtr parsed;
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      xn_xml_init ();
      pctxt = xmlSchemaNewMemParserCtxt (data, (int) len);
      xmlSchemaSetParserStructuredErrors (pctxt, schema_parse_error, NULL);
      parsed = xmlSchemaParse (pctxt);
      xmlSchemaFreeParserCtxt (pctxt);
      if (parsed == NULL)
        g_error ("The built-in schema xenon-policy.xsd does not compile");

      g_once_init_leave (&schema, parsed);
    }

  return schema;
}

typedef struct
{
  int   line;
  char *first;
  char *second;
  int   second_line;
  guint count;
} ValidState;

static void
valid_structured_error (void        *user_data,
                        xmlErrorPtr  err)
{
  ValidState *state = user_data;

  if (err->level < XML_ERR_ERROR)
    return;

  if (state->count == 0)
    {
      state->line = err->line;
      state->first = g_strdup (err->message);
    }
  else if (state->count == 1)
    {
      state->second_line = err->line;
      state->second = g_strdup (err->message);
    }
  state->count++;
}

/**
 * xn_policy_validate_doc:
 * @doc: a parsed document
 * @display_name: the name error messages use for it
 * @error: return location for a #XN_XML_ERROR
 *
 * Checks the root element and validates @doc against `xenon-policy.xsd`.
 *
 * Returns: %TRUE if @doc is a valid policy document
 */
gboolean
xn_policy_validate_doc (xmlDoc      *doc,
                        const char  *display_name,
                        GError     **error)
{
  ValidState state = { 0 };
  xmlSchemaValidCtxtPtr vctxt;
  xmlNode *root;
  int ret;

  g_return_val_if_fail (doc != NULL, FALSE);

  if (display_name == NULL)
    display_name = "<policy>";

  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      set_error (error, XN_XML_ERROR_INVALID, display_name, 0, _("the document has no root element"));
      return FALSE;
    }

  if (root->ns == NULL || root->ns->href == NULL ||
      strcmp ((const char *) root->ns->href, NS) != 0)
    {
      g_autofree char *msg = NULL;

      if (root->ns == NULL || root->ns->href == NULL)
        msg = g_strdup_printf (_("the root element '%s' has no namespace; "
                                 "a policy document uses %s"),
                               (const char *) root->name, NS);
      else
        msg = g_strdup_printf (_("the root element '%s' is in namespace '%s'; "
                                 "a policy document uses %s"),
                               (const char *) root->name,
                               (const char *) root->ns->href, NS);
      set_error (error, XN_XML_ERROR_INVALID, display_name, xmlGetLineNo (root), msg);
      return FALSE;
    }

  if (strcmp ((const char *) root->name, "policy") != 0)
    {
      g_autofree char *msg = g_strdup_printf (_("the root element is '%s', expected 'policy'"),
                                              (const char *) root->name);

      set_error (error, XN_XML_ERROR_INVALID, display_name, xmlGetLineNo (root), msg);
      return FALSE;
    }

  vctxt = xmlSchemaNewValidCtxt (get_schema ());
  xmlSchemaSetValidStructuredErrors (vctxt, valid_structured_error, &state);
  ret = xmlSchemaValidateDoc (vctxt, doc);
  xmlSchemaFreeValidCtxt (vctxt);

  if (ret != 0)
    {
      g_autofree char *msg = NULL;

      if (state.first != NULL)
        msg = humanize_schema_message (state.first,
                                       state.second_line == state.line ? state.second : NULL);
      else
        msg = g_strdup (_("the document does not match the policy schema"));
      set_error (error, XN_XML_ERROR_INVALID, display_name, state.line, msg);
    }

  g_free (state.first);
  g_free (state.second);

  return ret == 0;
}

/* ------------------------------------------------------------------ */
/* Building objects                                                   */
/* ------------------------------------------------------------------ */

/*
 * One builder turns elements into objects, driven by events: an element
 * starts (with its attributes), text arrives, an element ends. Two drivers
 * feed it: the streaming load (SAX events while the schema validates the
 * same events, so no tree is ever built) and a walk over a tree (the tree
 * a signature was verified on). A stack of frames says what each open
 * element is, so a child knows which object it belongs to. The builder is
 * only asked to be right for valid documents, and safe for any other: the
 * streaming load may build from elements the validator refuses a moment
 * later, and then gives the work up.
 */

typedef enum
{
  FRAME_SKIP,               /* nothing to build below this element */
  FRAME_LEAF,               /* an object without children we read */
  FRAME_TEXT,               /* the text goes to *text */
  FRAME_POLICY,
  FRAME_ENTERPRISE,
  FRAME_PART,               /* profiles, tags, conflicts, secLabels */
  FRAME_PROFILE,
  FRAME_CONFLICT,
  FRAME_HOSTS,
  FRAME_HOST,
  FRAME_HARDWARE,
  FRAME_ENCLAVES,
  FRAME_ENCLAVE,
  FRAME_NET_SWITCHES,
  FRAME_STORAGE,
  FRAME_DOMAINS,            /* rootDomains or an enclave's domains: list */
  FRAME_DOMAIN,
  FRAME_VIFS,
  FRAME_DISKS,
  FRAME_DEVICE_REFS,        /* pciDevices or assignedHardware: list */
  FRAME_NET_RESTRICTIONS,
  FRAME_XL_PAIRS,
} FrameKind;

typedef struct
{
  FrameKind      kind;
  int            line;
  gpointer       object;    /* the object this element made or fills */
  XnObjectList  *list;      /* where children go; for FRAME_TEXT with an
                             * object, where the object goes when done */
  char         **text;
} Frame;

typedef struct
{
  const char *name;
  const char *value;
} Attr;

typedef struct
{
  const char *display_name;
  XnPolicy   *policy;
  GError     *error;
  GString    *text;
  guint       depth;
  Frame       stack[XN_XML_MAX_DEPTH];   /* the open elements, outermost first */
} Builder;

/* By index: an element without attributes may come with a NULL array. */
#define FOR_ATTRS(attrs, n, a) \
  for (guint a##_i = 0; a##_i < (n); a##_i++) \
    for (const Attr *a = &(attrs)[a##_i]; a != NULL; a = NULL)

#define ANAME(a, str) (strcmp ((a)->name, (str)) == 0)

static void
builder_init (Builder    *b,
              const char *display_name)
{
  b->display_name = display_name;
  b->policy = NULL;
  b->error = NULL;
  b->depth = 0;
  b->text = g_string_new (NULL);
}

static void
builder_clear (Builder *b)
{
  /* Only a text object still open is not yet in the document. */
  for (guint i = 0; i < b->depth; i++)
    {
      Frame *f = &b->stack[i];

      if (f->kind == FRAME_TEXT && f->list != NULL)
        g_object_unref (f->object);
    }
  g_string_free (b->text, TRUE);
  g_clear_object (&b->policy);
  g_clear_error (&b->error);
}

static guint
parse_uint (const char *text)
{
  guint64 v = g_ascii_strtoull (text, NULL, 10);

  return (guint) MIN (v, G_MAXUINT);
}

static gboolean
parse_bool (const char *text)
{
  /* xs:boolean: "true" or "1"; surrounding blanks are collapsed. */
  while (g_ascii_isspace (*text))
    text++;
  return text[0] == '1' || text[0] == 't';
}

static int
parse_enum (GType       type,
            const char *text,
            int         fallback)
{
  int value;

  if (xn_enum_from_nick (type, text, &value))
    return value;
  return fallback;
}

static inline void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Appends a freshly made object to @list, handing over our reference. */
static inline void
adopt (XnObjectList *list,
       XnObject     *object)
{
  _xn_object_list_adopt (list, object);
}

/* Creates an object of @type with the UUID given by the element's `uuid`
 * attribute (or a random one for elements without), checking it is new. */
static XnObject *
new_object (Builder     *b,
            GType        type,
            const char  *element,
            const Attr  *attrs,
            guint        n_attrs,
            int          line)
{
  const char *uuid = NULL;
  XnObject *holder;
  XnObject *o;

  FOR_ATTRS (attrs, n_attrs, a)
    if (uuid == NULL && ANAME (a, "uuid"))
      uuid = a->value;

  if (uuid != NULL && (holder = xn_policy_lookup (b->policy, uuid)) != NULL)
    {
      g_autofree char *msg = NULL;
      g_autofree char *path = xn_object_dup_path (holder);
      guint holder_line = xn_object_get_source_line (holder);

      /* Name the holder and its line: of two equal UUIDs, either may be
       * the one pasted by mistake. */
      if (holder_line > 0)
        msg = g_strdup_printf (_("element %s: the UUID %s is already used by %s on line %u"),
                               element, uuid, path, holder_line);
      else
        msg = g_strdup_printf (_("element %s: the UUID %s is already used by %s"),
                               element, uuid, path);
      set_error (&b->error, XN_XML_ERROR_REFERENCE, b->display_name, line, msg);
      return NULL;
    }

  o = _xn_object_new_with_uuid (type, uuid);
  _xn_object_init_source_line (o, line > 0 ? (guint) line : 0);
  return o;
}

/* What each attribute of an element sets: a table per element, read by
 * read_attrs(). An attribute no entry names is left alone (the schema
 * decides what may appear). */
typedef enum
{
  ATTR_NAME,                /* the object's name */
  ATTR_STRING,              /* a char * */
  ATTR_UINT,                /* a guint, clamped */
  ATTR_UINT64,              /* a guint64 */
  ATTR_BOOL,                /* a gboolean from xs:boolean */
  ATTR_ENUM,                /* an enum by nick, else the fallback */
} AttrKind;

typedef struct
{
  const char *name;
  AttrKind    kind;
  gsize       offset;
  GType     (*enum_type) (void);
  int         fallback;
} AttrField;

#define A_NAME                       { "name", ATTR_NAME, 0, NULL, 0 }
#define A_STR(attr, T, field)        { attr, ATTR_STRING, G_STRUCT_OFFSET (T, field), NULL, 0 }
#define A_UINT(attr, T, field)       { attr, ATTR_UINT, G_STRUCT_OFFSET (T, field), NULL, 0 }
#define A_BOOL(attr, T, field)       { attr, ATTR_BOOL, G_STRUCT_OFFSET (T, field), NULL, 0 }
#define A_ENUM(attr, T, field, e, f) { attr, ATTR_ENUM, G_STRUCT_OFFSET (T, field), e, f }

static const AttrField policy_attrs[] = {
  A_NAME, { "serial", ATTR_UINT64, G_STRUCT_OFFSET (XnPolicy, serial), NULL, 0 },
};
static const AttrField profile_attrs[] = {
  A_NAME,
  A_ENUM ("guestType", XnProfile, guest_type, xn_guest_type_get_type, XN_GUEST_TYPE_ANY),
  A_ENUM ("privilege", XnProfile, privilege, xn_privilege_get_type, XN_PRIVILEGE_REGULAR),
  A_UINT ("maxViolations", XnProfile, max_violations),
  A_ENUM ("violationAction", XnProfile, violation_action, xn_violation_action_get_type,
          XN_VIOLATION_ACTION_LOG),
  A_BOOL ("learning", XnProfile, learning),
};
static const AttrField rate_attrs[] = {
  A_UINT ("hmax", XnProfile, rate_hmax), A_UINT ("burst", XnProfile, rate_burst),
};
static const AttrField hypercall_attrs[] = {
  A_NAME, A_STR ("subops", XnHypercallRule, subops),
};
static const AttrField tag_attrs[] = {
  A_NAME, A_UINT ("id", XnTag, id), A_STR ("color", XnTag, color),
};
static const AttrField conflict_attrs[] = {
  A_NAME, A_UINT ("id", XnConflict, id), A_BOOL ("allowSimultaneous", XnConflict, allow_simultaneous),
};
static const AttrField tag_ref_attrs[] = {
  A_STR ("tagUuidRef", XnTagRef, tag_uuid),
};
static const AttrField sec_label_attrs[] = {
  A_NAME, A_STR ("tagUuidRef", XnSecLabel, tag_uuid),
  A_STR ("profileUuidRef", XnSecLabel, profile_uuid),
};
static const AttrField host_attrs[] = {
  A_NAME, A_STR ("address", XnHost, address), A_UINT ("sshPort", XnHost, ssh_port),
  A_STR ("hostKey", XnHost, host_key),
};
static const AttrField device_attrs[] = {
  A_NAME, A_STR ("bdf", XnDevice, bdf),
  A_ENUM ("class", XnDevice, device_class, xn_device_category_get_type, XN_DEVICE_CATEGORY_OTHER),
  A_STR ("vendorId", XnDevice, vendor_id), A_STR ("deviceId", XnDevice, device_id),
  A_STR ("ifname", XnDevice, ifname), A_STR ("mac", XnDevice, mac),
};
static const AttrField device_ref_attrs[] = {
  A_STR ("deviceUuidRef", XnDeviceRef, device_uuid),
};
static const AttrField enclave_attrs[] = {
  A_NAME, A_STR ("tagUuidRef", XnEnclave, tag_uuid),
};
static const AttrField net_switch_attrs[] = {
  A_NAME, A_STR ("driverDomainUuidRef", XnNetSwitch, driver_domain_uuid),
  A_STR ("address", XnNetSwitch, address), A_STR ("netmask", XnNetSwitch, netmask),
};
static const AttrField storage_location_attrs[] = {
  A_NAME, A_STR ("kind", XnStorageLocation, kind), A_STR ("path", XnStorageLocation, path),
};
static const AttrField domain_attrs[] = {
  A_NAME,
  A_ENUM ("kind", XnDomain, kind, xn_domain_kind_get_type, XN_DOMAIN_KIND_USER),
  A_ENUM ("guestType", XnDomain, guest_type, xn_guest_type_get_type, XN_GUEST_TYPE_PV),
  A_STR ("secLabelUuidRef", XnDomain, sec_label_uuid),
  A_UINT ("memory", XnDomain, memory), A_UINT ("vcpus", XnDomain, vcpus),
  A_STR ("mayRunOn", XnDomain, may_run_on),
};
static const AttrField net_restrictions_attrs[] = {
  A_BOOL ("whiteList", XnDomain, whitelist),
};
static const AttrField vif_attrs[] = {
  A_STR ("netSwitchUuidRef", XnVif, net_switch_uuid), A_STR ("mac", XnVif, mac),
  A_STR ("ip", XnVif, ip), A_BOOL ("enabled", XnVif, enabled),
};
static const AttrField disk_attrs[] = {
  A_STR ("vdev", XnDisk, vdev), A_STR ("target", XnDisk, target),
  A_STR ("format", XnDisk, format), A_STR ("mode", XnDisk, mode),
  A_STR ("storageLocationUuidRef", XnDisk, storage_location_uuid),
};
static const AttrField net_allow_attrs[] = {
  A_STR ("address", XnNetAllow, address), A_STR ("proto", XnNetAllow, proto),
  A_UINT ("port", XnNetAllow, port),
};

/* Sets the fields of @object that @fields name from @attrs. */
static void
read_attrs (gpointer         object,
            const AttrField *fields,
            guint            n_fields,
            const Attr      *attrs,
            guint            n_attrs)
{
  FOR_ATTRS (attrs, n_attrs, a)
    {
      const AttrField *f = NULL;
      gpointer field;

      for (guint i = 0; i < n_fields && f == NULL; i++)
        if (ANAME (a, fields[i].name))
          f = &fields[i];
      if (f == NULL)
        continue;

      field = G_STRUCT_MEMBER_P (object, f->offset);
      switch (f->kind)
        {
        case ATTR_NAME:
          _xn_object_init_name (object, a->value);
          break;
        case ATTR_STRING:
          replace_str (field, a->value);
          break;
        case ATTR_UINT:
          *(guint *) field = parse_uint (a->value);
          break;
        case ATTR_UINT64:
          *(guint64 *) field = g_ascii_strtoull (a->value, NULL, 10);
          break;
        case ATTR_BOOL:
          *(gboolean *) field = parse_bool (a->value);
          break;
        case ATTR_ENUM:
          *(int *) field = parse_enum (f->enum_type (), a->value, f->fallback);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

#define IS(name, str) (strcmp ((name), (str)) == 0)

/* An element that makes an object: the frame it may stand in, the
 * element's name there (NULL: any of ours), the object's type, whether
 * it carries a `uuid` (which must be new), its attributes, where the
 * object goes (the offset of a list in the frame's object, or -1 for the
 * frame's own list) and the frame the element opens. */
typedef struct
{
  FrameKind        frame;
  const char      *element;
  GType          (*type) (void);
  gboolean         identified;
  const AttrField *attrs;
  guint            n_attrs;
  gssize           list;
  FrameKind        opens;
} ObjectRule;

#define RULE(frame, element, type, identified, attrs, list, opens) \
  { frame, element, type, identified, attrs, G_N_ELEMENTS (attrs), list, opens }
#define IN(T, field) G_STRUCT_OFFSET (T, field)

static const ObjectRule object_rules[] = {
  RULE (FRAME_PART, "profile", xn_profile_get_type, TRUE, profile_attrs,
        IN (XnPolicy, profiles), FRAME_PROFILE),
  RULE (FRAME_PART, "tag", xn_tag_get_type, TRUE, tag_attrs, IN (XnPolicy, tags), FRAME_LEAF),
  RULE (FRAME_PART, "conflict", xn_conflict_get_type, TRUE, conflict_attrs,
        IN (XnPolicy, conflicts), FRAME_CONFLICT),
  RULE (FRAME_PART, "secLabel", xn_sec_label_get_type, TRUE, sec_label_attrs,
        IN (XnPolicy, sec_labels), FRAME_LEAF),
  RULE (FRAME_PROFILE, "hypercall", xn_hypercall_rule_get_type, FALSE, hypercall_attrs,
        IN (XnProfile, hypercalls), FRAME_LEAF),
  RULE (FRAME_CONFLICT, "tagRef", xn_tag_ref_get_type, FALSE, tag_ref_attrs,
        IN (XnConflict, tag_refs), FRAME_LEAF),
  RULE (FRAME_HOSTS, NULL, xn_host_get_type, TRUE, host_attrs, IN (XnPolicy, hosts), FRAME_HOST),
  RULE (FRAME_HARDWARE, NULL, xn_device_get_type, TRUE, device_attrs,
        IN (XnHost, hardware), FRAME_LEAF),
  RULE (FRAME_ENCLAVES, NULL, xn_enclave_get_type, TRUE, enclave_attrs,
        IN (XnHost, enclaves), FRAME_ENCLAVE),
  RULE (FRAME_NET_SWITCHES, NULL, xn_net_switch_get_type, TRUE, net_switch_attrs,
        IN (XnHost, net_switches), FRAME_LEAF),
  RULE (FRAME_STORAGE, NULL, xn_storage_location_get_type, TRUE, storage_location_attrs,
        IN (XnHost, storage_locations), FRAME_LEAF),
  RULE (FRAME_DOMAINS, NULL, xn_domain_get_type, TRUE, domain_attrs, -1, FRAME_DOMAIN),
  RULE (FRAME_VIFS, NULL, xn_vif_get_type, TRUE, vif_attrs, IN (XnDomain, vifs), FRAME_LEAF),
  RULE (FRAME_DISKS, NULL, xn_disk_get_type, TRUE, disk_attrs, IN (XnDomain, disks), FRAME_LEAF),
  RULE (FRAME_DEVICE_REFS, "deviceRef", xn_device_ref_get_type, FALSE, device_ref_attrs,
        -1, FRAME_LEAF),
  RULE (FRAME_NET_RESTRICTIONS, NULL, xn_net_allow_get_type, FALSE, net_allow_attrs,
        IN (XnDomain, net_allow), FRAME_LEAF),
};

/* An element that only groups others, or holds text: what it opens
 * below the frame it stands in, and which list or text of the frame's
 * object it stands for (an offset, or -1). */
typedef struct
{
  FrameKind   frame;
  const char *element;
  FrameKind   opens;
  gssize      list;
  gssize      text;
} ContainerRule;

static const ContainerRule container_rules[] = {
  { FRAME_POLICY, "description", FRAME_TEXT, -1, IN (XnPolicy, description) },
  { FRAME_POLICY, "enterprise", FRAME_ENTERPRISE, -1, -1 },
  { FRAME_POLICY, "hosts", FRAME_HOSTS, -1, -1 },
  { FRAME_ENTERPRISE, NULL, FRAME_PART, -1, -1 },
  { FRAME_HOST, "hardware", FRAME_HARDWARE, -1, -1 },
  { FRAME_HOST, "rootDomains", FRAME_DOMAINS, IN (XnHost, root_domains), -1 },
  { FRAME_HOST, "enclaves", FRAME_ENCLAVES, -1, -1 },
  { FRAME_HOST, "netSwitches", FRAME_NET_SWITCHES, -1, -1 },
  { FRAME_HOST, "storageLocations", FRAME_STORAGE, -1, -1 },
  { FRAME_ENCLAVE, "assignedHardware", FRAME_DEVICE_REFS, IN (XnEnclave, assigned_hardware), -1 },
  { FRAME_ENCLAVE, "domains", FRAME_DOMAINS, IN (XnEnclave, domains), -1 },
  { FRAME_DOMAIN, "pvBootOptKernel", FRAME_TEXT, -1, IN (XnDomain, kernel) },
  { FRAME_DOMAIN, "pvBootOptRamdisk", FRAME_TEXT, -1, IN (XnDomain, ramdisk) },
  { FRAME_DOMAIN, "pvBootOptCmdline", FRAME_TEXT, -1, IN (XnDomain, cmdline) },
  { FRAME_DOMAIN, "vifs", FRAME_VIFS, -1, -1 },
  { FRAME_DOMAIN, "disks", FRAME_DISKS, -1, -1 },
  { FRAME_DOMAIN, "pciDevices", FRAME_DEVICE_REFS, IN (XnDomain, pci_devices), -1 },
  { FRAME_DOMAIN, "netAccessRestrictions", FRAME_NET_RESTRICTIONS, -1, -1 },
  { FRAME_DOMAIN, "extraXlConfigKeyValPairs", FRAME_XL_PAIRS, -1, -1 },
};

#undef IN
#undef RULE

static inline gboolean
rule_matches (FrameKind    rule_frame,
              const char  *rule_element,
              FrameKind    frame,
              const char  *name)
{
  return rule_frame == frame && (rule_element == NULL || IS (name, rule_element));
}

/* The frame for a child named @name of an element of @parent's kind,
 * making and filling the object it stands for. FALSE on a UUID clash. */
static gboolean
start_child (Builder     *b,
             Frame       *parent,
             const char  *name,
             const Attr  *attrs,
             guint        n_attrs,
             Frame       *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (object_rules); i++)
    {
      const ObjectRule *r = &object_rules[i];
      XnObjectList *list;
      XnObject *o;

      if (!rule_matches (r->frame, r->element, parent->kind, name))
        continue;

      if (r->identified)
        o = new_object (b, r->type (), name, attrs, n_attrs, f->line);
      else
        {
          o = _xn_object_new_with_uuid (r->type (), NULL);
          _xn_object_init_source_line (o, f->line > 0 ? (guint) f->line : 0);
        }
      if (o == NULL)
        return FALSE;
      read_attrs (o, r->attrs, r->n_attrs, attrs, n_attrs);
      list = r->list < 0 ? parent->list
                         : G_STRUCT_MEMBER (XnObjectList *, parent->object, r->list);
      adopt (list, o);
      f->kind = r->opens;
      f->object = o;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (container_rules); i++)
    {
      const ContainerRule *r = &container_rules[i];

      if (!rule_matches (r->frame, r->element, parent->kind, name))
        continue;

      /* Children of a grouping element belong to the same object. */
      f->kind = r->opens;
      f->object = parent->object;
      if (r->list >= 0)
        f->list = G_STRUCT_MEMBER (XnObjectList *, parent->object, r->list);
      if (r->text >= 0)
        f->text = G_STRUCT_MEMBER_P (parent->object, r->text);
      if (r->opens == FRAME_NET_RESTRICTIONS)
        read_attrs (parent->object, net_restrictions_attrs, G_N_ELEMENTS (net_restrictions_attrs),
                    attrs, n_attrs);
      return TRUE;
    }

  if (parent->kind == FRAME_PROFILE && IS (name, "rate"))
    {
      read_attrs (parent->object, rate_attrs, G_N_ELEMENTS (rate_attrs), attrs, n_attrs);
      f->kind = FRAME_LEAF;
    }
  else if (parent->kind == FRAME_XL_PAIRS)
    {
      /* A text object: it joins the list once its text is in (builder_end). */
      XnObject *o = _xn_object_new_with_uuid (XN_TYPE_XL_PAIR, NULL);

      _xn_object_init_source_line (o, f->line > 0 ? (guint) f->line : 0);

      f->kind = FRAME_TEXT;
      f->object = o;
      f->list = XN_DOMAIN (parent->object)->xl_extra;
      f->text = &XN_XL_PAIR (o)->text;
    }

  return TRUE;
}

/* An element starts: @ours says it is in the policy namespace. Returns
 * FALSE when the document is refused (b->error says why). */
static gboolean
builder_start (Builder     *b,
               const char  *name,
               gboolean     ours,
               const Attr  *attrs,
               guint        n_attrs,
               int          line)
{
  Frame f = { FRAME_SKIP, line, NULL, NULL, NULL };

  if (b->depth == G_N_ELEMENTS (b->stack))
    {
      g_autofree char *msg = g_strdup_printf (_("elements are nested more than %d deep"),
                                              XN_XML_MAX_DEPTH);

      set_error (&b->error, XN_XML_ERROR_LIMIT, b->display_name, line, msg);
      return FALSE;
    }

  if (b->depth == 0)
    {
      /* The document element; its namespace and name are checked first. */
      if (b->policy == NULL)
        {
          const char *uuid = NULL;

          FOR_ATTRS (attrs, n_attrs, a)
            if (ANAME (a, "uuid"))
              uuid = a->value;
          b->policy = XN_POLICY (_xn_object_new_with_uuid (XN_TYPE_POLICY, uuid));
          _xn_object_init_source_line (XN_OBJECT (b->policy), line > 0 ? (guint) line : 0);
          read_attrs (b->policy, policy_attrs, G_N_ELEMENTS (policy_attrs), attrs, n_attrs);
          f.kind = FRAME_POLICY;
          f.object = b->policy;
        }
    }
  else if (ours)
    {
      if (!start_child (b, &b->stack[b->depth - 1], name, attrs, n_attrs, &f))
        return FALSE;
    }

  b->stack[b->depth++] = f;
  return TRUE;
}

static void
builder_text (Builder    *b,
              const char *text,
              gsize       len)
{
  if (b->depth > 0 && b->stack[b->depth - 1].kind == FRAME_TEXT)
    g_string_append_len (b->text, text, len);
}

/* Domain-0 is implicit: a document may leave it out. Its derived UUID
 * cannot collide unless a document copies it onto another object. */
static gboolean
finish_host (Builder *b,
             XnHost  *host,
             int      line)
{
  if (xn_host_get_domain0 (host) == NULL)
    {
      g_autofree char *uuid = _xn_uuid_v5 (xn_object_get_uuid (XN_OBJECT (host)), XN_DOMAIN0_NAME);

      XnObject *holder = xn_policy_lookup (b->policy, uuid);

      if (holder != NULL)
        {
          g_autofree char *path = xn_object_dup_path (holder);
          g_autofree char *msg = g_strdup_printf (_("host %s: the UUID %s of its implicit Domain-0 "
                                                    "is already used by %s on line %u"),
                                                  xn_object_get_name (XN_OBJECT (host)), uuid,
                                                  path, xn_object_get_source_line (holder));

          set_error (&b->error, XN_XML_ERROR_REFERENCE, b->display_name, line, msg);
          return FALSE;
        }
    }
  xn_host_ensure_domain0 (host);
  /* An implicit Domain-0 stands for its host's element: messages about it
   * point there. */
  if (xn_object_get_source_line (XN_OBJECT (xn_host_get_domain0 (host))) == 0)
    _xn_object_init_source_line (XN_OBJECT (xn_host_get_domain0 (host)), line > 0 ? (guint) line : 0);
  return TRUE;
}

static gboolean
builder_end (Builder *b)
{
  Frame f;

  if (b->depth == 0)
    return TRUE;

  f = b->stack[--b->depth];

  switch (f.kind)
    {
    case FRAME_TEXT:
      g_free (*f.text);
      *f.text = g_strndup (b->text->str, b->text->len);
      g_string_truncate (b->text, 0);
      if (f.list != NULL)
        adopt (f.list, f.object);
      break;

    case FRAME_HOST:
      return finish_host (b, f.object, f.line);

    default:
      break;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Driving the builder from a tree                                    */
/* ------------------------------------------------------------------ */

static inline gboolean
is_ours (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL &&
         strcmp ((const char *) node->ns->href, NS) == 0;
}

/* An attribute's value without copying it in the usual case (one text
 * node). Rare split values are copied and kept in @keep. */
static const char *
attr_text (xmlAttr   *attr,
           GPtrArray *keep)
{
  xmlNode *child = attr->children;
  xmlChar *s;

  if (child == NULL)
    return "";
  if (child->next == NULL && child->type == XML_TEXT_NODE)
    return (const char *) child->content;

  s = xmlNodeListGetString (attr->doc, child, 1);
  g_ptr_array_add (keep, g_strdup (s != NULL ? (const char *) s : ""));
  xmlFree (s);
  return g_ptr_array_index (keep, keep->len - 1);
}

static gboolean
walk_element (Builder *b,
              xmlNode *node,
              GArray  *attrs,
              GPtrArray *keep)
{
  gboolean ok;

  g_array_set_size (attrs, 0);
  g_ptr_array_set_size (keep, 0);
  for (xmlAttr *a = node->properties; a != NULL; a = a->next)
    {
      Attr attr = { (const char *) a->name, attr_text (a, keep) };

      g_array_append_val (attrs, attr);
    }

  ok = builder_start (b, (const char *) node->name, is_ours (node),
                      (const Attr *) (void *) attrs->data, attrs->len, xmlGetLineNo (node));
  if (!ok)
    return FALSE;

  for (xmlNode *c = node->children; c != NULL && ok; c = c->next)
    {
      /* Other namespaces (the ds:Signature) build nothing: not entered,
       * however deep they go. */
      if (c->type == XML_ELEMENT_NODE && is_ours (c))
        ok = walk_element (b, c, attrs, keep);
      else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
               c->content != NULL)
        builder_text (b, (const char *) c->content, strlen ((const char *) c->content));
    }

  return ok && builder_end (b);
}

/**
 * xn_policy_load_doc:
 * @doc: a parsed document; not modified, still owned by the caller
 * @display_name: (nullable): the name error messages use for it
 * @error: return location for a #XN_XML_ERROR
 *
 * Validates @doc against the schema, then builds the objects.
 *
 * Returns: (transfer full) (nullable): the policy
 */
XnPolicy *
xn_policy_load_doc (xmlDoc      *doc,
                    const char  *display_name,
                    GError     **error)
{
  g_autoptr(GArray) attrs = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  XnPolicy *policy = NULL;
  Builder b;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "<policy>";

  if (!xn_policy_validate_doc (doc, display_name, error))
    return NULL;

  attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
  keep = g_ptr_array_new_with_free_func (g_free);
  builder_init (&b, display_name);
  if (walk_element (&b, xmlDocGetRootElement (doc), attrs, keep))
    policy = g_steal_pointer (&b.policy);
  else
    g_propagate_error (error, g_steal_pointer (&b.error));
  builder_clear (&b);

  return policy;
}

/* ------------------------------------------------------------------ */
/* Driving the builder from the parser (streaming)                    */
/* ------------------------------------------------------------------ */

/*
 * The common load keeps no tree: the parser's SAX events go through the
 * schema validator (xmlSchemaSAXPlug) and on to the builder, so parsing,
 * validation and building are one pass, and the memory is the objects'.
 * It only answers "here is the policy": at the first problem of any kind
 * it stops, and the load runs again the tree way, whose messages (file,
 * line, what is wrong) are the ones people and tests know. Invalid input
 * is rare and small; it pays twice, valid input pays once.
 */

typedef struct
{
  ParseState  parse;        /* first: the hardening handlers read it */
  Builder     builder;
  GArray     *attrs;        /* of Attr, for the element being started */
  GString    *values;       /* their values, NUL-separated */
  gboolean    failed;
} StreamState;

static void
stream_fail (xmlParserCtxtPtr ctxt)
{
  StreamState *s = ctxt->_private;

  s->failed = TRUE;
  xmlStopParser (ctxt);
}

static void
stream_start_element (void           *ctx,
                      const xmlChar  *localname,
                      const xmlChar  *prefix,
                      const xmlChar  *uri,
                      int             nb_namespaces,
                      const xmlChar **namespaces,
                      int             nb_attributes,
                      int             nb_defaulted,
                      const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = ctx;
  StreamState *s = ctxt->_private;
  gboolean ours = uri != NULL && strcmp ((const char *) uri, NS) == 0;
  gsize offset = 0;

  if (s->failed)
    return;
  if (++s->parse.depth > XN_XML_MAX_DEPTH ||
      (s->parse.depth == 1 && (!ours || strcmp ((const char *) localname, "policy") != 0)))
    {
      stream_fail (ctxt);
      return;
    }

  /* Values point into the input and are not terminated; an ampersand
   * written as a reference comes as "&#38;" (the tree decodes it later). */
  g_string_truncate (s->values, 0);
  for (int i = 0; i < nb_attributes; i++)
    {
      const char *v = (const char *) attributes[i * 5 + 3];
      const char *end = (const char *) attributes[i * 5 + 4];

      while (v < end)
        {
          const char *amp = memchr (v, '&', end - v);

          if (amp == NULL)
            {
              g_string_append_len (s->values, v, end - v);
              break;
            }
          g_string_append_len (s->values, v, amp - v);
          g_string_append_c (s->values, '&');
          v = (end - amp >= 5 && memcmp (amp, "&#38;", 5) == 0) ? amp + 5 : amp + 1;
        }
      g_string_append_c (s->values, '\0');
    }

  g_array_set_size (s->attrs, nb_attributes);
  for (int i = 0; i < nb_attributes; i++)
    {
      Attr *a = &g_array_index (s->attrs, Attr, i);

      a->name = (const char *) attributes[i * 5];
      a->value = s->values->str + offset;
      offset += strlen (a->value) + 1;
    }

  if (!builder_start (&s->builder, (const char *) localname, ours,
                      (const Attr *) (void *) s->attrs->data, nb_attributes,
                      xmlSAX2GetLineNumber (ctxt)))
    stream_fail (ctxt);
}

static void
stream_end_element (void          *ctx,
                    const xmlChar *localname,
                    const xmlChar *prefix,
                    const xmlChar *uri)
{
  xmlParserCtxtPtr ctxt = ctx;
  StreamState *s = ctxt->_private;

  if (s->failed)
    return;
  s->parse.depth--;
  if (!builder_end (&s->builder))
    stream_fail (ctxt);
}

static void
stream_characters (void          *ctx,
                   const xmlChar *text,
                   int            len)
{
  xmlParserCtxtPtr ctxt = ctx;
  StreamState *s = ctxt->_private;

  if (!s->failed)
    builder_text (&s->builder, (const char *) text, len);
}

static void
stream_parse_error (void        *user_data,
                    xmlErrorPtr  err)
{
  /* Only stops the output; the tree load says what went wrong. */
}

static void
stream_invalid (void        *user_data,
                xmlErrorPtr  err)
{
  if (err->level >= XML_ERR_ERROR)
    stream_fail (user_data);
}

/* Where the streaming load reads from: at most @size bytes into @buf;
 * returns how many, 0 at the end, -1 on a read error. */
typedef gssize (*StreamRead) (gpointer  source,
                              char     *buf,
                              gsize     size);

typedef struct
{
  StreamState      *s;
  xmlParserCtxtPtr  ctxt;
  StreamRead        read;
  gpointer          source;
} Feed;

/* Pushes the input through in chunks: the parser keeps only the chunk it
 * is on, so a large file is neither copied (as xmlCreateMemoryParserCtxt
 * does in libxml2 2.9) nor resident while the objects are built. */
static void
feed_chunks (gpointer data)
{
  Feed *feed = data;
  char buf[64 * 1024];
  gssize n = 0;

  while (!feed->s->failed && (n = feed->read (feed->source, buf, sizeof buf)) > 0)
    if (xmlParseChunk (feed->ctxt, buf, (int) n, 0) != 0)
      return;
  if (n < 0)
    feed->s->failed = TRUE;
  else if (!feed->s->failed)
    xmlParseChunk (feed->ctxt, NULL, 0, 1);
}

/* Parses, validates and builds in one pass; NULL at any problem, without
 * saying which (the caller then loads the tree way). */
static XnPolicy *
stream_load (StreamRead  read,
             gpointer    source,
             const char *display_name)
{
  StreamState s = { 0 };
  Feed feed = { &s, NULL, read, source };
  xmlParserCtxtPtr ctxt;
  xmlSchemaValidCtxtPtr vctxt;
  xmlSchemaSAXPlugPtr plug;
  XnPolicy *policy = NULL;

  xn_xml_init ();
  ctxt = harden_ctxt (xmlCreatePushParserCtxt (NULL, NULL, NULL, 0, NULL), &s.parse);
  if (ctxt == NULL)
    return NULL;

  s.parse.display_name = display_name;
  builder_init (&s.builder, display_name);
  s.attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
  s.values = g_string_sized_new (256);

  /* No tree: nothing but the builder listens. */
  ctxt->sax->startDocument = NULL;
  ctxt->sax->endDocument = NULL;
  ctxt->sax->setDocumentLocator = NULL;
  ctxt->sax->startElementNs = stream_start_element;
  ctxt->sax->endElementNs = stream_end_element;
  ctxt->sax->characters = stream_characters;
  ctxt->sax->ignorableWhitespace = stream_characters;
  ctxt->sax->cdataBlock = stream_characters;
  ctxt->sax->comment = NULL;
  ctxt->sax->processingInstruction = NULL;
  ctxt->sax->reference = NULL;

  vctxt = xmlSchemaNewValidCtxt (get_schema ());
  xmlSchemaSetValidStructuredErrors (vctxt, stream_invalid, ctxt);
  plug = xmlSchemaSAXPlug (vctxt, &ctxt->sax, &ctxt->userData);
  if (plug != NULL)
    {
      /* The plug forwards no structured errors: keep them off stderr. */
      ctxt->sax->serror = stream_parse_error;
      feed.ctxt = ctxt;
      parse_silently (feed_chunks, &feed);
      if (!s.failed && s.parse.error == NULL && ctxt->wellFormed && xmlSchemaIsValid (vctxt) == 1 &&
          s.builder.depth == 0 && s.builder.policy != NULL)
        policy = g_steal_pointer (&s.builder.policy);
      xmlSchemaSAXUnplug (plug);
    }

  xmlSchemaFreeValidCtxt (vctxt);
  xmlFreeParserCtxt (ctxt);
  builder_clear (&s.builder);
  g_clear_error (&s.parse.error);
  g_array_unref (s.attrs);
  g_string_free (s.values, TRUE);

  return policy;
}

typedef struct
{
  const char *data;
  gsize       len;
} Memory;

static gssize
read_memory (gpointer  source,
             char     *buf,
             gsize     size)
{
  Memory *m = source;
  gsize n = MIN (size, m->len);

  memcpy (buf, m->data, n);
  m->data += n;
  m->len -= n;
  return n;
}

static gssize
read_fd (gpointer  source,
         char     *buf,
         gsize     size)
{
  int fd = GPOINTER_TO_INT (source);
  gssize n;

  do
    n = read (fd, buf, size);
  while (n < 0 && errno == EINTR);
  return n;
}

/* The streaming load alone, for tests: NULL where the tree way would be
 * asked to explain. */
XnPolicy *
_xn_policy_stream_bytes (GBytes     *bytes,
                         const char *display_name)
{
  Memory m;

  m.data = g_bytes_get_data (bytes, &m.len);
  return stream_load (read_memory, &m, display_name);
}

/* The tree way, for the messages: parse, validate, build. */
static XnPolicy *
load_bytes_by_tree (GBytes      *bytes,
                    const char  *display_name,
                    GError     **error)
{
  xmlDoc *doc = xn_policy_parse_bytes (bytes, display_name, error);
  XnPolicy *policy;

  if (doc == NULL)
    return NULL;

  policy = xn_policy_load_doc (doc, display_name, error);
  xmlFreeDoc (doc);

  return policy;
}

/**
 * xn_policy_load_bytes:
 * @bytes: the document
 * @display_name: (nullable): the name error messages use for it
 * @error: return location for a #XN_XML_ERROR
 *
 * Parses (hardened, see xn_policy_parse_bytes()), validates and builds.
 *
 * Returns: (transfer full) (nullable): the policy
 */
XnPolicy *
xn_policy_load_bytes (GBytes      *bytes,
                      const char  *display_name,
                      GError     **error)
{
  XnPolicy *policy;
  Memory m;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (display_name == NULL)
    display_name = "<policy>";

  m.data = g_bytes_get_data (bytes, &m.len);
  if (!check_size (m.len, XN_XML_MAX_SIZE, display_name, error))
    return NULL;
  if ((policy = stream_load (read_memory, &m, display_name)) != NULL)
    return policy;

  return load_bytes_by_tree (bytes, display_name, error);
}

/**
 * xn_policy_load_file:
 * @path: a file name
 * @error: return location for a #XN_XML_ERROR
 *
 * Loads a policy file; error messages name it as @path.
 *
 * Returns: (transfer full) (nullable): the policy
 */
XnPolicy *
xn_policy_load_file (const char  *path,
                     GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* Read in chunks: a file read this way is never resident whole. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      struct stat st;
      XnPolicy *policy = NULL;

      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) &&
          st.st_size > 0 && st.st_size <= XN_XML_MAX_SIZE)
        policy = stream_load (read_fd, GINT_TO_POINTER (fd), path);
      close (fd);
      if (policy != NULL)
        return policy;
    }

  /* Anything else is refused, and the tree way says why. Mapped, so an
   * oversized file is refused before it is read. */
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      set_error (error, XN_XML_ERROR_IO, path, 0, local_error->message);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (mapped);

  return load_bytes_by_tree (bytes, path, error);
}

/* ------------------------------------------------------------------ */
/* Writing                                                            */
/* ------------------------------------------------------------------ */

static void
append_escaped (GString    *out,
                const char *text,
                gboolean    attribute)
{
  const char *run = text;
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      const char *rep = NULL;
      guchar c = *p;

      switch (c)
        {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attribute ? "&quot;" : NULL; break;
        /* Kept as references so attribute normalisation and line-end
         * handling give back the same text. */
        case '\t': rep = attribute ? "&#9;" : NULL; break;
        case '\n': rep = attribute ? "&#10;" : NULL; break;
        case '\r': rep = "&#13;"; break;
        default:
          /* Not representable in XML 1.0: only reachable through the API. */
          if (c < 0x20)
            rep = "\xef\xbf\xbd";
          break;
        }

      if (rep != NULL)
        {
          g_string_append_len (out, run, p - run);
          g_string_append (out, rep);
          run = p + 1;
        }
    }

  g_string_append_len (out, run, p - run);
}

static inline void
indent (GString *out,
        guint    level)
{
  static const char spaces[] = "                                                                ";

  g_string_append_len (out, spaces, MIN (level * 2, sizeof spaces - 1));
}

static void
attr_str (GString    *out,
          const char *name,
          const char *value)
{
  if (value == NULL)
    return;
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  append_escaped (out, value, TRUE);
  g_string_append_c (out, '"');
}

static void
attr_u64 (GString    *out,
          const char *name,
          guint64     value)
{
  char buf[24];
  int i = sizeof buf;

  buf[--i] = '\0';
  do
    {
      buf[--i] = '0' + value % 10;
      value /= 10;
    }
  while (value != 0);

  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  g_string_append (out, buf + i);
  g_string_append_c (out, '"');
}

static inline void
attr_uint_nonzero (GString    *out,
                   const char *name,
                   guint       value)
{
  if (value != 0)
    attr_u64 (out, name, value);
}

static inline void
attr_bool (GString    *out,
           const char *name,
           gboolean    value)
{
  attr_str (out, name, value ? "true" : "false");
}

static inline void
attr_enum (GString    *out,
           const char *name,
           GType       type,
           int         value)
{
  attr_str (out, name, xn_enum_to_nick (type, value));
}

static inline void
open_tag (GString    *out,
          guint       level,
          const char *name)
{
  indent (out, level);
  g_string_append_c (out, '<');
  g_string_append (out, name);
}

static void
text_element (GString    *out,
              guint       level,
              const char *name,
              const char *text)
{
  if (text == NULL)
    return;

  open_tag (out, level, name);
  if (text[0] == '\0')
    {
      g_string_append (out, "/>\n");
      return;
    }
  g_string_append_c (out, '>');
  append_escaped (out, text, FALSE);
  g_string_append (out, "</");
  g_string_append (out, name);
  g_string_append (out, ">\n");
}

static inline void
close_tag (GString    *out,
           guint       level,
           const char *name)
{
  indent (out, level);
  g_string_append (out, "</");
  g_string_append (out, name);
  g_string_append (out, ">\n");
}

typedef void (*WriteItemFunc) (GString  *out,
                               guint     level,
                               gpointer  item);

/* A container element: `<name/>` when empty, else its items one level in. */
static void
write_list (GString       *out,
            guint          level,
            const char    *name,
            XnObjectList  *list,
            WriteItemFunc  func)
{
  guint n = xn_object_list_get_n_items (list);

  open_tag (out, level, name);
  if (n == 0)
    {
      g_string_append (out, "/>\n");
      return;
    }
  g_string_append (out, ">\n");
  for (guint i = 0; i < n; i++)
    func (out, level + 1, xn_object_list_get (list, i));
  close_tag (out, level, name);
}

static inline const char *
uuid_of (gpointer object)
{
  return xn_object_get_uuid (XN_OBJECT (object));
}

static inline const char *
name_of (gpointer object)
{
  return xn_object_get_name (XN_OBJECT (object));
}

static void
write_hypercall (GString  *out,
                 guint     level,
                 gpointer  item)
{
  XnHypercallRule *rule = item;

  open_tag (out, level, "hypercall");
  attr_str (out, "name", name_of (rule));
  attr_str (out, "subops", rule->subops);
  g_string_append (out, "/>\n");
}

static void
write_profile (GString  *out,
               guint     level,
               gpointer  item)
{
  XnProfile *profile = item;
  guint n = xn_object_list_get_n_items (profile->hypercalls);
  gboolean has_rate = profile->rate_hmax != 0 || profile->rate_burst != 0;

  open_tag (out, level, "profile");
  attr_str (out, "uuid", uuid_of (profile));
  attr_str (out, "name", name_of (profile));
  attr_enum (out, "guestType", XN_TYPE_GUEST_TYPE, profile->guest_type);
  attr_enum (out, "privilege", XN_TYPE_PRIVILEGE, profile->privilege);
  attr_uint_nonzero (out, "maxViolations", profile->max_violations);
  attr_enum (out, "violationAction", XN_TYPE_VIOLATION_ACTION, profile->violation_action);
  /* Always, as every boolean (FORMAT.md, canonical form): `fmt` must not
   * drop a `learning="false"` a person wrote to say it is off. */
  attr_bool (out, "learning", profile->learning);

  if (n == 0 && !has_rate)
    {
      g_string_append (out, "/>\n");
      return;
    }

  g_string_append (out, ">\n");
  if (has_rate)
    {
      open_tag (out, level + 1, "rate");
      attr_uint_nonzero (out, "hmax", profile->rate_hmax);
      attr_uint_nonzero (out, "burst", profile->rate_burst);
      g_string_append (out, "/>\n");
    }
  for (guint i = 0; i < n; i++)
    write_hypercall (out, level + 1, xn_object_list_get (profile->hypercalls, i));
  close_tag (out, level, "profile");
}

static void
write_tag (GString  *out,
           guint     level,
           gpointer  item)
{
  XnTag *tag = item;

  open_tag (out, level, "tag");
  attr_str (out, "uuid", uuid_of (tag));
  attr_str (out, "name", name_of (tag));
  attr_u64 (out, "id", tag->id);
  attr_str (out, "color", tag->color);
  g_string_append (out, "/>\n");
}

static void
write_tag_ref (GString  *out,
               guint     level,
               gpointer  item)
{
  XnTagRef *ref = item;

  open_tag (out, level, "tagRef");
  attr_str (out, "tagUuidRef", ref->tag_uuid);
  g_string_append (out, "/>\n");
}

static void
write_conflict (GString  *out,
                guint     level,
                gpointer  item)
{
  XnConflict *conflict = item;
  guint n = xn_object_list_get_n_items (conflict->tag_refs);

  open_tag (out, level, "conflict");
  attr_str (out, "uuid", uuid_of (conflict));
  attr_str (out, "name", name_of (conflict));
  attr_u64 (out, "id", conflict->id);
  attr_bool (out, "allowSimultaneous", conflict->allow_simultaneous);
  if (n == 0)
    {
      g_string_append (out, "/>\n");
      return;
    }
  g_string_append (out, ">\n");
  for (guint i = 0; i < n; i++)
    write_tag_ref (out, level + 1, xn_object_list_get (conflict->tag_refs, i));
  close_tag (out, level, "conflict");
}

static void
write_sec_label (GString  *out,
                 guint     level,
                 gpointer  item)
{
  XnSecLabel *label = item;

  open_tag (out, level, "secLabel");
  attr_str (out, "uuid", uuid_of (label));
  attr_str (out, "name", name_of (label));
  attr_str (out, "tagUuidRef", label->tag_uuid);
  attr_str (out, "profileUuidRef", label->profile_uuid);
  g_string_append (out, "/>\n");
}

static void
write_device (GString  *out,
              guint     level,
              gpointer  item)
{
  XnDevice *device = item;

  open_tag (out, level, "device");
  attr_str (out, "uuid", uuid_of (device));
  attr_str (out, "bdf", device->bdf);
  attr_enum (out, "class", XN_TYPE_DEVICE_CATEGORY, device->device_class);
  attr_str (out, "vendorId", device->vendor_id);
  attr_str (out, "deviceId", device->device_id);
  attr_str (out, "name", name_of (device));
  attr_str (out, "ifname", device->ifname);
  attr_str (out, "mac", device->mac);
  g_string_append (out, "/>\n");
}

static void
write_device_ref (GString  *out,
                  guint     level,
                  gpointer  item)
{
  XnDeviceRef *ref = item;

  open_tag (out, level, "deviceRef");
  attr_str (out, "deviceUuidRef", ref->device_uuid);
  g_string_append (out, "/>\n");
}

static void
write_vif (GString  *out,
           guint     level,
           gpointer  item)
{
  XnVif *vif = item;

  open_tag (out, level, "vif");
  attr_str (out, "uuid", uuid_of (vif));
  attr_str (out, "netSwitchUuidRef", vif->net_switch_uuid);
  attr_str (out, "mac", vif->mac);
  attr_str (out, "ip", vif->ip);
  attr_bool (out, "enabled", vif->enabled);
  g_string_append (out, "/>\n");
}

static void
write_disk (GString  *out,
            guint     level,
            gpointer  item)
{
  XnDisk *disk = item;

  open_tag (out, level, "disk");
  attr_str (out, "uuid", uuid_of (disk));
  attr_str (out, "vdev", disk->vdev);
  attr_str (out, "target", disk->target);
  attr_str (out, "format", disk->format);
  attr_str (out, "mode", disk->mode);
  attr_str (out, "storageLocationUuidRef", disk->storage_location_uuid);
  g_string_append (out, "/>\n");
}

static void
write_allow (GString  *out,
             guint     level,
             gpointer  item)
{
  XnNetAllow *allow = item;

  open_tag (out, level, "allow");
  attr_str (out, "address", allow->address);
  attr_str (out, "proto", allow->proto);
  attr_uint_nonzero (out, "port", allow->port);
  g_string_append (out, "/>\n");
}

static void
write_xl_pair (GString  *out,
               guint     level,
               gpointer  item)
{
  XnXlPair *pair = item;

  text_element (out, level, "xlConfigKeyValPair", pair->text != NULL ? pair->text : "");
}

static void
write_domain (GString  *out,
              guint     level,
              gpointer  item)
{
  XnDomain *domain = item;
  guint n;

  open_tag (out, level, "domain");
  attr_str (out, "uuid", uuid_of (domain));
  attr_str (out, "name", name_of (domain));
  attr_enum (out, "kind", XN_TYPE_DOMAIN_KIND, domain->kind);
  /* `any` is a profile's wildcard, not a domain's type. */
  attr_enum (out, "guestType", XN_TYPE_GUEST_TYPE,
             domain->guest_type == XN_GUEST_TYPE_ANY ? XN_GUEST_TYPE_PV : domain->guest_type);
  attr_str (out, "secLabelUuidRef", domain->sec_label_uuid);
  attr_uint_nonzero (out, "memory", domain->memory);
  attr_uint_nonzero (out, "vcpus", domain->vcpus);
  attr_str (out, "mayRunOn", domain->may_run_on);
  g_string_append (out, ">\n");

  text_element (out, level + 1, "pvBootOptKernel", domain->kernel);
  text_element (out, level + 1, "pvBootOptRamdisk", domain->ramdisk);
  text_element (out, level + 1, "pvBootOptCmdline", domain->cmdline);
  write_list (out, level + 1, "vifs", domain->vifs, write_vif);
  write_list (out, level + 1, "disks", domain->disks, write_disk);
  write_list (out, level + 1, "pciDevices", domain->pci_devices, write_device_ref);

  n = xn_object_list_get_n_items (domain->net_allow);
  open_tag (out, level + 1, "netAccessRestrictions");
  attr_bool (out, "whiteList", domain->whitelist);
  if (n == 0)
    g_string_append (out, "/>\n");
  else
    {
      g_string_append (out, ">\n");
      for (guint i = 0; i < n; i++)
        write_allow (out, level + 2, xn_object_list_get (domain->net_allow, i));
      close_tag (out, level + 1, "netAccessRestrictions");
    }

  write_list (out, level + 1, "extraXlConfigKeyValPairs", domain->xl_extra, write_xl_pair);
  close_tag (out, level, "domain");
}

static void
write_enclave (GString  *out,
               guint     level,
               gpointer  item)
{
  XnEnclave *enclave = item;

  open_tag (out, level, "enclave");
  attr_str (out, "uuid", uuid_of (enclave));
  attr_str (out, "name", name_of (enclave));
  attr_str (out, "tagUuidRef", enclave->tag_uuid);
  g_string_append (out, ">\n");
  write_list (out, level + 1, "assignedHardware", enclave->assigned_hardware, write_device_ref);
  write_list (out, level + 1, "domains", enclave->domains, write_domain);
  close_tag (out, level, "enclave");
}

static void
write_net_switch (GString  *out,
                  guint     level,
                  gpointer  item)
{
  XnNetSwitch *sw = item;

  open_tag (out, level, "netSwitch");
  attr_str (out, "uuid", uuid_of (sw));
  attr_str (out, "name", name_of (sw));
  attr_str (out, "driverDomainUuidRef", sw->driver_domain_uuid);
  attr_str (out, "address", sw->address);
  attr_str (out, "netmask", sw->netmask);
  g_string_append (out, "/>\n");
}

static void
write_storage_location (GString  *out,
                        guint     level,
                        gpointer  item)
{
  XnStorageLocation *loc = item;

  open_tag (out, level, "storageLocation");
  attr_str (out, "uuid", uuid_of (loc));
  attr_str (out, "name", name_of (loc));
  attr_str (out, "kind", loc->kind);
  attr_str (out, "path", loc->path);
  g_string_append (out, "/>\n");
}

static void
write_host (GString  *out,
            guint     level,
            gpointer  item)
{
  XnHost *host = item;

  open_tag (out, level, "hostConfig");
  attr_str (out, "uuid", uuid_of (host));
  attr_str (out, "name", name_of (host));
  attr_str (out, "address", host->address);
  attr_u64 (out, "sshPort", host->ssh_port);
  attr_str (out, "hostKey", host->host_key);
  g_string_append (out, ">\n");
  write_list (out, level + 1, "hardware", host->hardware, write_device);
  write_list (out, level + 1, "rootDomains", host->root_domains, write_domain);
  write_list (out, level + 1, "enclaves", host->enclaves, write_enclave);
  write_list (out, level + 1, "netSwitches", host->net_switches, write_net_switch);
  write_list (out, level + 1, "storageLocations", host->storage_locations, write_storage_location);
  close_tag (out, level, "hostConfig");
}

static GString *
write_policy (XnPolicy *self)
{
  /* Roughly 230 bytes an object: one allocation for most documents. */
  GString *out = g_string_sized_new (4096 + 230 * (gsize) g_hash_table_size (self->index));

  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append (out, "<policy xmlns=\"" NS "\" formatVersion=\"1\"");
  attr_str (out, "uuid", uuid_of (self));
  attr_str (out, "name", name_of (self));
  attr_u64 (out, "serial", self->serial);
  g_string_append (out, ">\n");

  text_element (out, 1, "description", self->description);

  g_string_append (out, "  <enterprise>\n");
  write_list (out, 2, "profiles", self->profiles, write_profile);
  write_list (out, 2, "tags", self->tags, write_tag);
  write_list (out, 2, "conflicts", self->conflicts, write_conflict);
  write_list (out, 2, "secLabels", self->sec_labels, write_sec_label);
  g_string_append (out, "  </enterprise>\n");
  write_list (out, 1, "hosts", self->hosts, write_host);
  g_string_append (out, "</policy>\n");

  return out;
}

/**
 * xn_policy_save_to_bytes:
 * @self: a #XnPolicy
 * @error: return location for a #GError
 *
 * Writes the canonical form (FORMAT.md): saving what was loaded gives the
 * same bytes.
 *
 * Returns: (transfer full): the document
 */
GBytes *
xn_policy_save_to_bytes (XnPolicy  *self,
                         GError   **error)
{
  GString *out;

  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  out = write_policy (self);

  return g_string_free_to_bytes (out);
}

/**
 * xn_policy_save_to_file:
 * @self: a #XnPolicy
 * @path: where to write
 * @error: return location for a #XN_XML_ERROR
 *
 * Writes the canonical form atomically: the file is either the old or the
 * new document, never a mix.
 *
 * Returns: %TRUE on success
 */
gboolean
xn_policy_save_to_file (XnPolicy    *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (XN_IS_POLICY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  out = write_policy (self);
  if (!g_file_set_contents (path, out->str, out->len, &local_error))
    {
      set_error (error, XN_XML_ERROR_IO, path, 0, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * xn_policy_to_doc:
 * @self: a #XnPolicy
 *
 * Builds the tree of the canonical form, for the signing code.
 *
 * Returns: (transfer full): the tree; free with xmlFreeDoc()
 */
xmlDoc *
xn_policy_to_doc (XnPolicy *self)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (XN_IS_POLICY (self), NULL);

  xn_xml_init ();
  out = write_policy (self);

  return xmlReadMemory (out->str, (int) out->len, NULL, "UTF-8",
                        XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                        XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/**
 * xn_profile_to_xml:
 * @profile: a profile
 *
 * Returns: (transfer full): @profile as the `<profile>` element a
 *   document holds, for showing a proposal or pasting it into one
 */
char *
xn_profile_to_xml (XnProfile *profile)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (XN_IS_PROFILE (profile), NULL);

  write_profile (out, 0, profile);
  return g_string_free (out, FALSE);
}
