/* test-syntax.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The one parser per value syntax (model/xn-syntax.c), held case by case
 * against the schema's own pattern for it, read from xenon-policy.xsd
 * and run by libxml2's XML Schema regular expressions; and "010.0.0.1",
 * which the readers once disagreed on, refused by the lint and the
 * compiler as by the schema. */

#include "config.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlregexp.h>
#include <libxml/xpath.h>

#include "xenon-model.h"
#include "xn-test.h"

/* The compiled pattern of the schema's simple type @type. */
static xmlRegexp *
schema_pattern (const char *type)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "model",
                                            "xenon-policy.xsd", NULL);
  g_autofree char *query = g_strdup_printf ("//*[local-name()='simpleType'][@name='%s']"
                                            "//*[local-name()='pattern']/@value", type);
  xmlDoc *doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  xmlXPathContext *ctx;
  xmlXPathObject *found;
  xmlChar *value;
  xmlRegexp *re;

  ck_assert_msg (doc != NULL, "cannot read %s", path);
  ctx = xmlXPathNewContext (doc);
  found = xmlXPathEvalExpression (BAD_CAST query, ctx);
  ck_assert_msg (found != NULL && found->nodesetval != NULL && found->nodesetval->nodeNr == 1,
                 "the schema has no single pattern for %s", type);
  value = xmlNodeGetContent (found->nodesetval->nodeTab[0]);
  re = xmlRegexpCompile (value);
  ck_assert_msg (re != NULL, "the pattern of %s does not compile", type);
  xmlFree (value);
  xmlXPathFreeObject (found);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return re;
}

/* Whether the schema's pattern for @type takes @text. */
static gboolean
schema_takes (const char *type,
              const char *text)
{
  xmlRegexp *re = schema_pattern (type);
  gboolean takes = xmlRegexpExec (re, BAD_CAST text) == 1;

  xmlRegFreeRegexp (re);
  return takes;
}

/* The parser takes @text exactly when the schema does and, if the
 * syntax has a rule the pattern cannot say (@rule_ok), that rule holds. */
static void
assert_agrees (const char *parser,
               const char *text,
               gboolean    schema,
               gboolean    rule_ok,
               gboolean    parsed)
{
  gboolean want = schema && rule_ok;

  ck_assert_msg (parsed == want, "“%s”: the schema %s it%s, %s %s it", text,
                 schema ? "takes" : "refuses", schema && !want ? " (but breaks its rule)" : "",
                 parser, parsed ? "takes" : "refuses");
}

static const char *const ipv4_cases[] = {
  "0.0.0.0", "255.255.255.255", "192.168.5.101", "10.0.0.1", "9.99.199.249",
  "100.200.250.199", "1.2.3.4",
  "010.0.0.1", "10.00.0.1", "1.2.3.04", "01.1.1.1", "00.0.0.0",
  "256.0.0.1", "1.2.3.260", "1234.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3",
  "", " 1.2.3.4", "1.2.3.4 ", "1.2.3.-4", "+1.2.3.4", "1.2.3.4/24",
  "0x1.2.3.4", "1.2.3.4.", ".1.2.3.4", "a.b.c.d", "1,2,3,4",
};

static const char *const mac_cases[] = {
  "00:16:3e:a4:22:9b", "00:16:3E:A4:22:9B", "01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff",
  "00:16:3e:a4:22", "00:16:3e:a4:22:9b:00", "00-16-3e-a4-22-9b", "0016.3ea4.229b",
  "00:16:3e:a4:22:9g", "0:16:3e:a4:22:9b", "00:16:3e:a4:22:9b ", " 00:16:3e:a4:22:9b",
  "", ":00:16:3e:a4:22:9", "00:16:3e:a4:229b:", "00:16:3e:a4:22:9b\n",
};

/* Each case and whether, the schema's pattern aside, its numbers are
 * in order and within 0–127, the guard's range: the schema writes only
 * the shape, the parser adds the range the compiler needs. */
static const struct
{
  const char *text;
  gboolean    in_range;
} subops_cases[] = {
  { "0", TRUE }, { "127", TRUE }, { "0-9,12", TRUE }, { "0-127", TRUE }, { "5-5", TRUE },
  { "1,2,3", TRUE }, { "007", TRUE }, { "000000001", TRUE }, { "12,0-3", TRUE },
  { "128", FALSE }, { "0-128", FALSE }, { "0-200", FALSE }, { "999999999", FALSE },
  { "9-0", FALSE }, { "127-126", FALSE },
  { "", TRUE }, { "0-9,", TRUE }, { ",1", TRUE }, { "1--2", TRUE }, { "1-", TRUE },
  { "-1", TRUE }, { "0 - 9", TRUE }, { " 1", TRUE }, { "1 ", TRUE }, { "1,,2", TRUE },
  { "a", TRUE }, { "increase_reservation", TRUE }, { "0x10", TRUE }, { "+1", TRUE },
  { "1-2-3", TRUE }, { "0000000001", TRUE }, { "1;2", TRUE }, { "1\n", TRUE },
};

static const char *const color_cases[] = {
  "#000000", "#ffffff", "#FFFFFF", "#e01b24", "#Cc0000",
  "", "#", "#fff", "#fffffff", "000000", "#00000g", " #000000", "#000000 ", "##00000",
  "#-12345", "red", "#0x1234",
};

/* A netmask is the schema's Ipv4; the parser adds contiguity. */
static const struct
{
  const char *text;
  gboolean    contiguous;
} netmask_cases[] = {
  { "255.255.255.0", TRUE }, { "255.255.255.255", TRUE }, { "0.0.0.0", TRUE },
  { "255.255.254.0", TRUE }, { "128.0.0.0", TRUE }, { "255.255.255.252", TRUE },
  { "255.0.255.0", FALSE }, { "0.255.255.255", FALSE }, { "255.255.255.1", FALSE },
  { "254.255.255.0", FALSE },
  { "255.255.255.00", TRUE }, { "255.255.255", TRUE }, { "/24", TRUE }, { "24", TRUE },
  { "", TRUE }, { "255.255.256.0", TRUE },
};

START_TEST (test_ipv4_against_schema)
{
  const char *text = ipv4_cases[_i];
  g_autoptr(GError) error = NULL;
  guint32 address = 0;
  gboolean parsed = xn_ipv4_parse (text, &address, &error);

  assert_agrees ("xn_ipv4_parse", text, schema_takes ("Ipv4", text), TRUE, parsed);
  if (parsed)
    {
      g_autofree char *back = g_strdup_printf ("%u.%u.%u.%u", address >> 24, (address >> 16) & 0xff,
                                               (address >> 8) & 0xff, address & 0xff);

      ck_assert_str_eq (back, text);
    }
  else
    {
      ck_assert (g_error_matches (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_IPV4));
      ck_assert (strstr (error->message, "IPv4") != NULL);
    }
}
END_TEST

START_TEST (test_mac_against_schema)
{
  const char *text = mac_cases[_i];
  g_autoptr(GError) error = NULL;
  char canonical[18] = "";
  gboolean parsed = xn_mac_parse (text, canonical, &error);

  assert_agrees ("xn_mac_parse", text, schema_takes ("Mac", text), TRUE, parsed);
  if (parsed)
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);

      ck_assert_str_eq (canonical, lower);
    }
  else
    ck_assert (g_error_matches (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_MAC));
}
END_TEST

/* The group bit is the low bit of the first byte, in either case. */
START_TEST (test_mac_multicast)
{
  static const struct { const char *mac; gboolean group; } cases[] = {
    { "00:16:3e:00:00:01", FALSE }, { "01:00:5e:00:00:01", TRUE },
    { "ff:ff:ff:ff:ff:ff", TRUE }, { "02:00:00:00:00:00", FALSE },
    { "0B:00:00:00:00:00", TRUE }, { "fe:00:00:00:00:00", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char canonical[18];

      ck_assert (xn_mac_parse (cases[i].mac, canonical, NULL));
      ck_assert_msg (xn_mac_is_multicast (canonical) == cases[i].group, "%s", cases[i].mac);
    }
}
END_TEST

START_TEST (test_subops_against_schema)
{
  const char *text = subops_cases[_i].text;
  g_autoptr(GError) error = NULL;
  guint64 map[2] = { 0, 0 };
  gboolean parsed = xn_subops_parse_list (text, map, &error);

  assert_agrees ("xn_subops_parse_list", text, schema_takes ("SubopRanges", text),
                 subops_cases[_i].in_range, parsed);
  if (parsed)
    {
      /* What it read, written back and read again, is the same set. */
      g_autofree char *back = xn_subops_format (map);
      guint64 again[2] = { 0, 0 };

      ck_assert (map[0] != 0 || map[1] != 0);
      ck_assert_msg (xn_subops_parse_list (back, again, NULL), "%s", back);
      ck_assert (again[0] == map[0] && again[1] == map[1]);
    }
  else
    {
      ck_assert (g_error_matches (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_SUBOPS));
      ck_assert_msg (strstr (error->message, text) != NULL, "%s", error->message);
    }
}
END_TEST

START_TEST (test_color_against_schema)
{
  const char *text = color_cases[_i];
  g_autoptr(GError) error = NULL;
  guint32 rgb = 0;
  gboolean parsed = xn_color_parse (text, &rgb, &error);

  assert_agrees ("xn_color_parse", text, schema_takes ("Color", text), TRUE, parsed);
  if (parsed)
    {
      g_autofree char *back = g_strdup_printf ("#%06x", rgb);
      g_autofree char *lower = g_ascii_strdown (text, -1);

      ck_assert_str_eq (back, lower);
    }
  else
    ck_assert (g_error_matches (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_COLOR));
}
END_TEST

START_TEST (test_netmask_against_schema)
{
  const char *text = netmask_cases[_i].text;
  g_autoptr(GError) error = NULL;
  guint32 mask = 0;
  guint prefix = 99;
  gboolean parsed = xn_netmask_parse (text, &mask, &prefix, &error);

  assert_agrees ("xn_netmask_parse", text, schema_takes ("Ipv4", text),
                 netmask_cases[_i].contiguous, parsed);
  if (parsed)
    {
      ck_assert_uint_le (prefix, 32);
      ck_assert_uint_eq (mask, prefix == 0 ? 0 : 0xffffffffu << (32 - prefix));
    }
  else
    ck_assert (g_error_matches (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_NETMASK));
}
END_TEST

/* A filter above 127 is refused alike by the lint (XN-L027), the
 * compiler and profile learning, which all read it with one parser. */
START_TEST (test_subop_range_refused_everywhere)
{
  g_autofree char *path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) policy = xn_policy_load_file (path, NULL);
  XnProfile *profile;
  g_autoptr(GListModel) issues = NULL;
  g_autoptr(XnPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  gboolean linted = FALSE;

  ck_assert_ptr_nonnull (policy);
  profile = xn_policy_find_profile_by_name (policy, "PV-LinuxGeneric");
  ck_assert_ptr_nonnull (profile);
  xn_hypercall_rule_set_subops (xn_profile_find_hypercall (profile, "memory_op"), "0-9,128");
  issues = xn_lint_run (policy, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      linted |= g_str_equal (xn_lint_issue_get_code (issue), "XN-L027")
                && strstr (xn_lint_issue_get_message (issue), "above 127") != NULL;
    }
  ck_assert_msg (linted, "the lint takes sub-op 128");
  plan = xn_compile (policy, "localhost", &error);
  ck_assert_msg (plan == NULL, "the compiler takes sub-op 128");
  ck_assert (strstr (error->message, "above 127") != NULL);
}
END_TEST

/* The value the readers disagreed on, in a VIF and a switch address of
 * the demo: the lint says XN-L023 and the compiler refuses, as the
 * schema does. (The editor's field check calls xn_ipv4_parse.) */
START_TEST (test_leading_zero_refused_everywhere)
{
  g_autofree char *path = xn_test_data_path ("xenon-enterprise-demo.xml");
  g_autoptr(XnPolicy) policy = xn_policy_load_file (path, NULL);
  XnHost *host;
  XnVif *vif;
  XnNetSwitch *sw;

  ck_assert_ptr_nonnull (policy);
  host = xn_policy_find_host_by_name (policy, "localhost");
  vif = xn_object_list_get (xn_domain_get_vifs (xn_host_find_domain_by_name (host, "user_vm_2")), 0);
  sw = xn_host_find_net_switch_by_name (host, "secbr0");
  for (guint what = 0; what < 2; what++)
    {
      g_autoptr(GListModel) issues = NULL;
      g_autoptr(XnPlan) plan = NULL;
      g_autoptr(GError) error = NULL;
      gboolean linted = FALSE;

      if (what == 0)
        xn_vif_set_ip (vif, "010.10.4.22");
      else
        {
          xn_vif_set_ip (vif, "10.10.4.22");
          xn_net_switch_set_address (sw, "010.10.4.1");
        }
      issues = xn_lint_run (policy, NULL);
      for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
        {
          g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

          linted |= g_str_equal (xn_lint_issue_get_code (issue), "XN-L023");
        }
      ck_assert_msg (linted, "the lint takes %s", what == 0 ? "a VIF's 010.10.4.22" : "a switch's 010.10.4.1");
      plan = xn_compile (policy, "localhost", &error);
      ck_assert_msg (plan == NULL, "the compiler takes %s", what == 0 ? "a VIF's 010.10.4.22" : "a switch's 010.10.4.1");
    }
}
END_TEST

static Suite *
syntax_suite (void)
{
  Suite *s = suite_create ("syntax");
  TCase *tc = tcase_create ("schema");

  tcase_add_loop_test (tc, test_ipv4_against_schema, 0, G_N_ELEMENTS (ipv4_cases));
  tcase_add_loop_test (tc, test_mac_against_schema, 0, G_N_ELEMENTS (mac_cases));
  tcase_add_test (tc, test_mac_multicast);
  tcase_add_loop_test (tc, test_subops_against_schema, 0, G_N_ELEMENTS (subops_cases));
  tcase_add_loop_test (tc, test_color_against_schema, 0, G_N_ELEMENTS (color_cases));
  tcase_add_loop_test (tc, test_netmask_against_schema, 0, G_N_ELEMENTS (netmask_cases));
  tcase_add_test (tc, test_leading_zero_refused_everywhere);
  tcase_add_test (tc, test_subop_range_refused_everywhere);
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (syntax_suite)
