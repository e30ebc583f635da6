/* test-xml.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The XML reader and writer: fixtures round-trip byte for byte, hostile and
 * broken inputs fail with the right code and a message naming file, line
 * and problem. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "xenon-model.h"
#include "xn-model-private.h"
#include "xn-test.h"

static GBytes *
read_data (const char *name)
{
  g_autofree char *path = xn_test_data_path (name);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  ck_assert_msg (g_file_get_contents (path, &data, &len, &error), "%s", error ? error->message : "");
  return g_bytes_new_take (data, len);
}

static const char *fixtures[] = {
  "xenon-enterprise-demo.xml",
  "a-simple-policy.xml",
};

START_TEST (test_fixture_round_trip)
{
  const char *name = fixtures[_i];
  g_autoptr(GBytes) original = read_data (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(XnPolicy) again = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) saved2 = NULL;

  policy = xn_policy_load_bytes (original, name, &error);
  ck_assert_msg (policy != NULL, "%s", error ? error->message : "");

  saved = xn_policy_save_to_bytes (policy, &error);
  ck_assert_ptr_nonnull (saved);
  ck_assert_msg (g_bytes_equal (saved, original), "%s is not in canonical form", name);

  again = xn_policy_load_bytes (saved, name, &error);
  ck_assert_msg (again != NULL, "%s", error ? error->message : "");
  saved2 = xn_policy_save_to_bytes (again, &error);
  ck_assert (g_bytes_equal (saved, saved2));
  ck_assert_uint_eq (xn_policy_get_n_objects (policy), xn_policy_get_n_objects (again));
}
END_TEST

/* Every reference in a fixture resolves and each domain's label carries
 * its enclave's tag. */
START_TEST (test_fixture_sound)
{
  g_autofree char *path = xn_test_data_path (fixtures[_i]);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) policy = xn_policy_load_file (path, &error);
  XnObjectList *hosts;

  ck_assert_msg (policy != NULL, "%s", error ? error->message : "");
  hosts = xn_policy_get_hosts (policy);
  ck_assert_uint_eq (xn_object_list_get_n_items (hosts), 1);

  for (guint i = 0; i < xn_object_list_get_n_items (xn_policy_get_sec_labels (policy)); i++)
    {
      XnSecLabel *label = xn_object_list_get (xn_policy_get_sec_labels (policy), i);

      ck_assert_ptr_nonnull (xn_sec_label_get_tag (label));
      ck_assert_ptr_nonnull (xn_sec_label_get_profile (label));
    }

  {
    XnHost *host = xn_object_list_get (hosts, 0);
    g_autoptr(GPtrArray) domains = xn_host_dup_domains (host);
    g_autoptr(GHashTable) macs = g_hash_table_new (g_str_hash, g_str_equal);
    XnDomain *dom0 = xn_object_list_get (xn_host_get_root_domains (host), 0);

    ck_assert (xn_domain_is_domain0 (dom0));
    ck_assert_ptr_eq (xn_host_get_domain0 (host), dom0);

    for (guint i = 0; i < domains->len; i++)
      {
        XnDomain *domain = g_ptr_array_index (domains, i);
        XnEnclave *enclave = xn_domain_get_enclave (domain);
        XnObjectList *vifs = xn_domain_get_vifs (domain);

        ck_assert_ptr_eq (xn_host_find_domain_by_name (host, xn_object_get_name (XN_OBJECT (domain))), domain);
        if (enclave != NULL)
          {
            XnSecLabel *label = xn_domain_get_sec_label (domain);

            ck_assert_ptr_nonnull (label);
            ck_assert_ptr_nonnull (xn_enclave_get_tag (enclave));
            ck_assert_ptr_eq (xn_sec_label_get_tag (label), xn_enclave_get_tag (enclave));
          }
        for (guint j = 0; j < xn_object_list_get_n_items (vifs); j++)
          {
            XnVif *vif = xn_object_list_get (vifs, j);

            ck_assert_ptr_nonnull (xn_vif_get_net_switch (vif));
            ck_assert_ptr_eq (xn_vif_get_domain (vif), domain);
            ck_assert_msg (g_hash_table_add (macs, (gpointer) xn_vif_get_mac (vif)),
                           "duplicate MAC %s", xn_vif_get_mac (vif));
          }
      }

    for (guint i = 0; i < xn_object_list_get_n_items (xn_host_get_net_switches (host)); i++)
      {
        XnNetSwitch *sw = xn_object_list_get (xn_host_get_net_switches (host), i);
        g_autoptr(GListModel) vifs = xn_net_switch_dup_vifs (sw);

        ck_assert_ptr_nonnull (xn_net_switch_get_driver_domain (sw));
        ck_assert_uint_ge (g_list_model_get_n_items (vifs), 1);
      }
  }
}
END_TEST

START_TEST (test_demo_content)
{
  g_autofree char *path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) policy = xn_policy_load_file (path, &error);
  XnTag *security;
  XnConflict *conflict;
  XnHost *host;
  XnDevice *wlan;

  ck_assert_msg (policy != NULL, "%s", error ? error->message : "");
  security = xn_policy_find_tag_by_name (policy, "security");
  ck_assert_ptr_nonnull (security);
  ck_assert_uint_eq (xn_tag_get_id (security), 4);
  ck_assert_ptr_eq (xn_policy_find_tag_by_id (policy, 4), security);

  conflict = xn_policy_find_conflict_by_name (policy, "tag_separation");
  ck_assert_ptr_nonnull (conflict);
  ck_assert_uint_eq (xn_conflict_get_id (conflict), 2);
  ck_assert (xn_conflict_has_tag (conflict, xn_object_get_uuid (XN_OBJECT (security))));

  host = xn_policy_find_host_by_name (policy, "localhost");
  ck_assert_ptr_nonnull (host);
  ck_assert_str_eq (xn_host_get_address (host), "127.0.0.1");
  wlan = xn_host_find_device_by_name (host, "Wireless 8265 / 8275");
  ck_assert_ptr_nonnull (wlan);
  ck_assert_str_eq (xn_device_get_mac (wlan), "60:57:18:d7:62:20");
  ck_assert_int_eq (xn_device_get_device_class (wlan), XN_DEVICE_CATEGORY_NETWORK);
  ck_assert_ptr_null (xn_device_get_enclave (wlan));
  ck_assert_int_eq (xn_domain_get_kind (xn_host_find_domain_by_name (host, "nids")), XN_DOMAIN_KIND_SERVICE);
}
END_TEST

START_TEST (test_simple_content)
{
  g_autofree char *path = xn_test_data_path ("a-simple-policy.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) policy = xn_policy_load_file (path, &error);
  XnHost *host;
  XnDomain *migrate;
  XnObjectList *xl;
  XnDevice *eth4;

  ck_assert_msg (policy != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_policy_get_profiles (policy)), 10);
  ck_assert_ptr_nonnull (xn_profile_find_hypercall (xn_policy_find_profile_by_name (policy, "PV-LinuxGeneric"),
                                                    "memory_op"));
  host = xn_object_list_get (xn_policy_get_hosts (policy), 0);
  migrate = xn_host_find_domain_by_name (host, "MigrateVM1-pv");
  ck_assert_ptr_nonnull (migrate);
  ck_assert_str_eq (xn_object_get_uuid (XN_OBJECT (migrate)), "7c045bb3-2edc-4785-9b4e-38f8374394fa");
  ck_assert_str_eq (xn_domain_get_cmdline (migrate), "(hd0,0)/boot/grub/menu.lst");
  xl = xn_domain_get_xl_extra (migrate);
  ck_assert_uint_eq (xn_object_list_get_n_items (xl), 4);
  ck_assert_str_eq (xn_xl_pair_get_text (xn_object_list_get (xl, 1)), "builder = \"generic\"");

  eth4 = xn_host_find_device_by_name (host, "82574L Gigabit Network Connection");
  ck_assert_ptr_nonnull (eth4);
  eth4 = XN_DEVICE (xn_object_list_get (xn_host_get_hardware (host), 4));
  ck_assert_str_eq (xn_device_get_ifname (eth4), "eth4");
  ck_assert_str_eq (xn_object_get_name (XN_OBJECT (xn_device_get_enclave (eth4))), "Enclave B");
}
END_TEST

/* Text with markup characters and xl lines survive a round trip. */
START_TEST (test_escaping_round_trip)
{
  g_autoptr(XnPolicy) policy = xn_policy_new ();
  g_autoptr(XnHost) host = xn_host_new ();
  g_autoptr(XnEnclave) enclave = xn_enclave_new ();
  g_autoptr(XnDomain) domain = xn_domain_new ();
  g_autoptr(XnXlPair) pair = xn_xl_pair_new ("extra = \"<a & 'b'>\"\tend");
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) saved2 = NULL;
  g_autoptr(XnPolicy) again = NULL;
  g_autoptr(GError) error = NULL;
  XnDomain *loaded;

  xn_object_set_name (XN_OBJECT (policy), "quote \" and <tags> & tabs\tnew\nline");
  xn_policy_set_description (policy, "line one\nline <two> & three\r\n");
  xn_object_set_name (XN_OBJECT (host), "h");
  xn_host_set_address (host, "10.0.0.1");
  xn_object_set_name (XN_OBJECT (enclave), "e");
  xn_enclave_set_tag_uuid (enclave, "0c9a4e7b-1f0d-4b8e-a0a5-1d2e3f405162");
  xn_object_set_name (XN_OBJECT (domain), "d");
  xn_object_list_append (xn_domain_get_xl_extra (domain), XN_OBJECT (pair));
  xn_object_list_append (xn_enclave_get_domains (enclave), XN_OBJECT (domain));
  xn_object_list_append (xn_host_get_enclaves (host), XN_OBJECT (enclave));
  xn_object_list_append (xn_policy_get_hosts (policy), XN_OBJECT (host));

  saved = xn_policy_save_to_bytes (policy, &error);
  again = xn_policy_load_bytes (saved, "escaping.xml", &error);
  ck_assert_msg (again != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (xn_object_get_name (XN_OBJECT (again)), "quote \" and <tags> & tabs\tnew\nline");
  ck_assert_str_eq (xn_policy_get_description (again), "line one\nline <two> & three\r\n");
  loaded = XN_DOMAIN (xn_policy_lookup (again, xn_object_get_uuid (XN_OBJECT (domain))));
  ck_assert_ptr_nonnull (loaded);
  ck_assert_str_eq (xn_xl_pair_get_text (xn_object_list_get (xn_domain_get_xl_extra (loaded), 0)),
                    "extra = \"<a & 'b'>\"\tend");
  saved2 = xn_policy_save_to_bytes (again, &error);
  ck_assert (g_bytes_equal (saved, saved2));
}
END_TEST

START_TEST (test_save_to_file_and_doc)
{
  g_autofree char *path = xn_test_data_path ("a-simple-policy.xml");
  g_autofree char *dir = g_dir_make_tmp ("xn-test-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "out.xml", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) policy = xn_policy_load_file (path, &error);
  g_autoptr(XnPolicy) from_doc = NULL;
  xmlDoc *doc;

  ck_assert_msg (policy != NULL, "%s", error ? error->message : "");
  ck_assert (xn_policy_save_to_file (policy, out, &error));
  ck_assert (g_file_get_contents (path, &a, NULL, NULL));
  ck_assert (g_file_get_contents (out, &b, NULL, NULL));
  ck_assert_str_eq (a, b);

  doc = xn_policy_to_doc (policy);
  ck_assert_ptr_nonnull (doc);
  from_doc = xn_policy_load_doc (doc, "doc", &error);
  ck_assert_msg (from_doc != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (xn_policy_get_n_objects (from_doc), xn_policy_get_n_objects (policy));
  xmlFreeDoc (doc);

  g_unlink (out);
  g_rmdir (dir);
}
END_TEST

/* A signature under the root is accepted and left to the signing code. */
START_TEST (test_signature_ignored)
{
  g_autoptr(GBytes) original = read_data ("a-simple-policy.xml");
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (original, NULL), g_bytes_get_size (original));
  g_autoptr(GBytes) signed_bytes = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) policy = NULL;
  char *end = strstr (text->str, "</policy>");

  ck_assert_ptr_nonnull (end);
  g_string_insert (text, end - text->str,
                   "  <ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
                   "<ds:SignedInfo/></ds:Signature>\n");
  signed_bytes = g_bytes_new (text->str, text->len);
  policy = xn_policy_load_bytes (signed_bytes, "signed.xml", &error);
  ck_assert_msg (policy != NULL, "%s", error ? error->message : "");
  saved = xn_policy_save_to_bytes (policy, NULL);
  ck_assert (g_bytes_equal (saved, original));
}
END_TEST

static void
replace_first (GString    *text,
               const char *find,
               const char *replace)
{
  char *at = strstr (text->str, find);
  gssize pos;

  ck_assert_msg (at != NULL, "fixture lacks \"%s\"", find);
  pos = at - text->str;
  g_string_erase (text, pos, strlen (find));
  g_string_insert (text, pos, replace);
}

static GBytes *
save (XnPolicy *policy)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = xn_policy_save_to_bytes (policy, &error);

  ck_assert_msg (bytes != NULL, "%s", error ? error->message : "");
  return bytes;
}

/* The streaming load (SAX events, no tree) and the tree load (used for
 * verified documents, and for messages) build the same objects: every
 * fixture, and the demo dressed with what SAX hands over differently from
 * a tree: references in attributes (an ampersand arrives as "&#38;"),
 * comments and CDATA inside text, a text object, a signature. */
START_TEST (test_stream_matches_tree)
{
  g_autoptr(GBytes) original = read_data (_i < 2 ? fixtures[_i] : "xenon-enterprise-demo.xml");
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (original, NULL),
                                              g_bytes_get_size (original));
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) by_stream = NULL;
  g_autoptr(GBytes) by_tree = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) streamed = NULL;
  g_autoptr(XnPolicy) built = NULL;
  xmlDoc *doc;

  if (_i == 2)
    {
      replace_first (text, "name=\"xenon-enterprise-demo\"",
                     "name=\"a &amp; b &#38; c &#x26; d &lt;e&gt; &#10;f&#9;g &quot;h&quot;\"");
      replace_first (text, "<description>Three",
                     "<description>&amp;&#38;<!-- not text --><![CDATA[<x&y>]]>&lt;Three");
      replace_first (text, "<pvBootOptCmdline>(hd0,0)",
                     "<pvBootOptCmdline><?pi ignored?>(hd0,<!-- c -->0)");
      replace_first (text, "<extraXlConfigKeyValPairs/>",
                     "<extraXlConfigKeyValPairs><xlConfigKeyValPair>a = &quot;1 &amp; 2&quot;"
                     "</xlConfigKeyValPair><xlConfigKeyValPair/></extraXlConfigKeyValPairs>");
      /* Attributes no fixture has. */
      replace_first (text, "maxViolations=\"20\" violationAction=\"log\" learning=\"false\">",
                     "maxViolations=\"20\" violationAction=\"log\" learning=\"true\">");
      replace_first (text, "address=\"127.0.0.1\" sshPort=\"22\">",
                     "address=\"127.0.0.1\" sshPort=\"22\" hostKey=\"SHA256:x&amp;y\">");
      replace_first (text, "</policy>",
                     "  <ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
                     "<ds:SignedInfo/></ds:Signature>\n</policy>");
    }
  input = g_bytes_new (text->str, text->len);

  streamed = _xn_policy_stream_bytes (input, "stream.xml");
  ck_assert_msg (streamed != NULL, "the streaming load refused case %d", _i);

  doc = xn_policy_parse_bytes (input, "tree.xml", &error);
  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  built = xn_policy_load_doc (doc, "tree.xml", &error);
  xmlFreeDoc (doc);
  ck_assert_msg (built != NULL, "%s", error ? error->message : "");

  by_stream = save (streamed);
  by_tree = save (built);
  ck_assert_msg (g_bytes_equal (by_stream, by_tree), "case %d: the two loads differ", _i);
  ck_assert_uint_eq (xn_policy_get_n_objects (streamed), xn_policy_get_n_objects (built));

  if (_i == 2)
    {
      ck_assert_str_eq (xn_object_get_name (XN_OBJECT (streamed)), "a & b & c & d <e> \nf\tg \"h\"");
      ck_assert_str_eq (xn_policy_get_description (streamed),
                        "&&<x&y><Three enclaves on one host: human resources, entertainment and "
                        "security, kept apart by the tag_separation conflict.");
      ck_assert_ptr_nonnull (strstr ((const char *) g_bytes_get_data (by_stream, NULL),
                                     "<pvBootOptCmdline>(hd0,0)/boot/grub/menu.lst<"));
      ck_assert_ptr_nonnull (strstr ((const char *) g_bytes_get_data (by_stream, NULL),
                                     "<xlConfigKeyValPair>a = \"1 &amp; 2\"</xlConfigKeyValPair>"));
      ck_assert_ptr_nonnull (strstr ((const char *) g_bytes_get_data (by_stream, NULL),
                                     "violationAction=\"log\" learning=\"true\""));
      ck_assert_ptr_nonnull (strstr ((const char *) g_bytes_get_data (by_stream, NULL),
                                     "hostKey=\"SHA256:x&amp;y\""));
    }
}
END_TEST

/* A host without Domain-0 gets one, with a UUID derived from the host's. */
START_TEST (test_domain0_added)
{
  const char *text =
    "<?xml version=\"1.0\"?>\n"
    "<policy xmlns=\"urn:xenonvmm:policy:1\" formatVersion=\"1\" "
    "uuid=\"6f3e1c2a-8b4d-4e5f-9a01-b2c3d4e5f607\" name=\"p\">\n"
    "  <hosts><hostConfig uuid=\"9a1c7f52-3e0b-4d6a-8f1e-2b7c5d9e0a14\" name=\"h\" address=\"h.example\">\n"
    "    <rootDomains><domain uuid=\"3b0b6d1e-6a52-4d4c-9a57-0d6f0c5b2a10\" name=\"other\" kind=\"root\"/></rootDomains>\n"
    "  </hostConfig></hosts>\n"
    "</policy>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) a = xn_policy_load_bytes (bytes, "nodom0.xml", &error);
  g_autoptr(XnPolicy) b = xn_policy_load_bytes (bytes, "nodom0.xml", &error);
  XnHost *host;
  XnDomain *dom0;

  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  host = xn_object_list_get (xn_policy_get_hosts (a), 0);
  dom0 = xn_object_list_get (xn_host_get_root_domains (host), 0);
  ck_assert (xn_domain_is_domain0 (dom0));
  ck_assert_uint_eq (xn_object_list_get_n_items (xn_host_get_root_domains (host)), 2);
  /* uuid5 (9a1c7f52-…, "Domain-0"), as Python's uuid.uuid5 computes it. */
  ck_assert_str_eq (xn_object_get_uuid (XN_OBJECT (dom0)), "a939bfad-9e0e-51a4-a78d-8716fc104591");
  ck_assert_ptr_nonnull (xn_policy_lookup (b, xn_object_get_uuid (XN_OBJECT (dom0))));
}
END_TEST

typedef struct
{
  const char *file;
  XnXmlError  code;
  const char *expect[3];
} BadCase;

static const BadCase bad_cases[] = {
  { "malformed.xml", XN_XML_ERROR_PARSE, { "malformed.xml:12:", "not well-formed", "tag mismatch" } },
  { "wrong-namespace.xml", XN_XML_ERROR_INVALID, { "wrong-namespace.xml:2:", "urn:example:other", "urn:xenonvmm:policy:1" } },
  { "wrong-root.xml", XN_XML_ERROR_INVALID, { "wrong-root.xml:2:", "'document'", "expected 'policy'" } },
  { "billion-laughs.xml", XN_XML_ERROR_FORBIDDEN, { "billion-laughs.xml:2:", "DOCTYPE", "not allowed" } },
  { "xxe.xml", XN_XML_ERROR_FORBIDDEN, { "xxe.xml:2:", "DOCTYPE", "refused for safety" } },
  { "entity-reference.xml", XN_XML_ERROR_FORBIDDEN, { "entity-reference.xml:3:", "'&secret;'", "not allowed" } },
  /* A DOCTYPE is refused as such, not only for the entities it may hold:
   * both are valid policies without their DOCTYPE line. */
  { "doctype-plain.xml", XN_XML_ERROR_FORBIDDEN, { "doctype-plain.xml:2:", "DOCTYPE", "not allowed" } },
  { "doctype-system.xml", XN_XML_ERROR_FORBIDDEN, { "doctype-system.xml:2:", "DOCTYPE", "not allowed" } },
  { "too-deep.xml", XN_XML_ERROR_LIMIT, { "too-deep.xml:3:", "nested more than 32 deep", NULL } },
  { "invalid-enum.xml", XN_XML_ERROR_INVALID, { "invalid-enum.xml:11: element domain: attribute 'kind':", "'superuser' is not one of root, service, user", NULL } },
  { "bad-uuid.xml", XN_XML_ERROR_INVALID, { "bad-uuid.xml:5: element tag: attribute 'uuid':", "'not-a-uuid' is not a valid value", "UUID" } },
  { "missing-attribute.xml", XN_XML_ERROR_INVALID, { "missing-attribute.xml:11: element domain:", "attribute 'name' is required but missing", NULL } },
  { "non-numeric-memory.xml", XN_XML_ERROR_INVALID, { "non-numeric-memory.xml:11: element domain: attribute 'memory':", "'lots' is not a valid value", "whole number" } },
  { "negative-memory.xml", XN_XML_ERROR_INVALID, { "negative-memory.xml:11: element domain: attribute 'memory': '-5' is not a valid value", NULL, NULL } },
  { "duplicate-uuid.xml", XN_XML_ERROR_REFERENCE, { "duplicate-uuid.xml:11:", "0c9a4e7b-1f0d-4b8e-a0a5-1d2e3f405162", "already used by Tag \"red\" on line 5" } },
  { "unexpected-element.xml", XN_XML_ERROR_INVALID, { "unexpected-element.xml:3: element comment:", "not expected", "description, enterprise, hosts" } },
};

START_TEST (test_bad_input)
{
  const BadCase *bc = &bad_cases[_i];
  g_autofree char *name = g_build_filename ("bad", bc->file, NULL);
  g_autofree char *path = xn_test_data_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) policy = NULL;
  g_autoptr(GBytes) bytes = read_data (name);

  policy = xn_policy_load_file (path, &error);
  ck_assert_ptr_null (policy);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, XN_XML_ERROR, bc->code),
                 "%s: code %d, expected %d: %s", bc->file, error->code, bc->code, error->message);
  for (guint i = 0; i < G_N_ELEMENTS (bc->expect) && bc->expect[i] != NULL; i++)
    ck_assert_msg (strstr (error->message, bc->expect[i]) != NULL,
                   "message \"%s\" lacks \"%s\"", error->message, bc->expect[i]);

  /* The same through bytes, with the display name given. */
  g_clear_error (&error);
  ck_assert_ptr_null (xn_policy_load_bytes (bytes, bc->file, &error));
  ck_assert (g_error_matches (error, XN_XML_ERROR, bc->code));
  ck_assert (g_str_has_prefix (error->message, bc->file));
}
END_TEST

/* Invalid input is never built by the streaming load: the tree way explains. */
START_TEST (test_stream_refuses_bad_input)
{
  g_autofree char *name = g_build_filename ("bad", bad_cases[_i].file, NULL);
  g_autoptr(GBytes) bytes = read_data (name);
  g_autoptr(XnPolicy) policy = _xn_policy_stream_bytes (bytes, bad_cases[_i].file);

  ck_assert_msg (policy == NULL, "%s was accepted", bad_cases[_i].file);
}
END_TEST

/* Elements without attributes, the root first, reach the builder with no
 * attribute array at all (found by fuzz-policy-load under UBSan). */
START_TEST (test_stream_no_attributes)
{
  const char *text = "<policy xmlns=\"urn:xenonvmm:policy:1\"><enterprise><tags/></enterprise></policy>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(XnPolicy) streamed = _xn_policy_stream_bytes (bytes, "bare.xml");
  g_autoptr(XnPolicy) policy = xn_policy_load_bytes (bytes, "bare.xml", &error);

  ck_assert_ptr_null (streamed);
  ck_assert_ptr_null (policy);
  ck_assert (g_error_matches (error, XN_XML_ERROR, XN_XML_ERROR_INVALID));
  ck_assert_msg (g_str_has_prefix (error->message, "bare.xml:1: element policy:"), "%s", error->message);
}
END_TEST

START_TEST (test_oversize)
{
  gsize len = XN_XML_MAX_SIZE + 1;
  char *data = g_malloc (len);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  memset (data, ' ', len);
  memcpy (data, "<policy>", 8);
  bytes = g_bytes_new_take (data, len);
  ck_assert_ptr_null (xn_policy_load_bytes (bytes, "huge.xml", &error));
  ck_assert (g_error_matches (error, XN_XML_ERROR, XN_XML_ERROR_LIMIT));
  ck_assert_msg (strstr (error->message, "huge.xml") != NULL && strstr (error->message, "64 MiB") != NULL,
                 "%s", error->message);
}
END_TEST

START_TEST (test_missing_file)
{
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (xn_policy_load_file ("/nonexistent/policy.xml", &error));
  ck_assert (g_error_matches (error, XN_XML_ERROR, XN_XML_ERROR_IO));
  ck_assert (strstr (error->message, "/nonexistent/policy.xml") != NULL);
}
END_TEST

START_TEST (test_schema_resource)
{
  g_autoptr(GBytes) xsd = xn_xml_get_schema_bytes ();

  ck_assert_ptr_nonnull (xsd);
  ck_assert (g_strstr_len (g_bytes_get_data (xsd, NULL), g_bytes_get_size (xsd),
                           "urn:xenonvmm:policy:1") != NULL);
}
END_TEST

static Suite *
xml_suite (void)
{
  Suite *s = suite_create ("xml");
  TCase *tc = tcase_create ("round-trip");
  TCase *bad = tcase_create ("bad-input");

  tcase_add_loop_test (tc, test_fixture_round_trip, 0, G_N_ELEMENTS (fixtures));
  tcase_add_loop_test (tc, test_fixture_sound, 0, G_N_ELEMENTS (fixtures));
  tcase_add_test (tc, test_demo_content);
  tcase_add_test (tc, test_simple_content);
  tcase_add_test (tc, test_escaping_round_trip);
  tcase_add_test (tc, test_save_to_file_and_doc);
  tcase_add_test (tc, test_signature_ignored);
  tcase_add_loop_test (tc, test_stream_matches_tree, 0, G_N_ELEMENTS (fixtures) + 1);
  tcase_add_test (tc, test_domain0_added);
  tcase_add_test (tc, test_schema_resource);
  suite_add_tcase (s, tc);

  tcase_add_loop_test (bad, test_bad_input, 0, G_N_ELEMENTS (bad_cases));
  tcase_add_loop_test (bad, test_stream_refuses_bad_input, 0, G_N_ELEMENTS (bad_cases));
  tcase_add_test (bad, test_stream_no_attributes);
  tcase_add_test (bad, test_oversize);
  tcase_add_test (bad, test_missing_file);
  suite_add_tcase (s, bad);

  return s;
}

XN_TEST_MAIN (xml_suite)
