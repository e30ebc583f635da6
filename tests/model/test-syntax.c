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

START_TEST (test_ipv4_against_schema)
{
  xmlRegexp *re = schema_pattern ("Ipv4");
  const char *text = ipv4_cases[_i];
  gboolean schema = xmlRegexpExec (re, BAD_CAST text) == 1;
  g_autoptr(GError) error = NULL;
  guint32 address = 0;
  gboolean parsed = xn_ipv4_parse (text, &address, &error);

  ck_assert_msg (parsed == schema, "“%s”: the schema %s it, xn_ipv4_parse %s it", text,
                 schema ? "takes" : "refuses", parsed ? "takes" : "refuses");
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
  xmlRegFreeRegexp (re);
}
END_TEST

START_TEST (test_mac_against_schema)
{
  xmlRegexp *re = schema_pattern ("Mac");
  const char *text = mac_cases[_i];
  gboolean schema = xmlRegexpExec (re, BAD_CAST text) == 1;
  g_autoptr(GError) error = NULL;
  char canonical[18] = "";
  gboolean parsed = xn_mac_parse (text, canonical, &error);

  ck_assert_msg (parsed == schema, "“%s”: the schema %s it, xn_mac_parse %s it", text,
                 schema ? "takes" : "refuses", parsed ? "takes" : "refuses");
  if (parsed)
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);

      ck_assert_str_eq (canonical, lower);
    }
  else
    ck_assert (g_error_matches (error, XN_SYNTAX_ERROR, XN_SYNTAX_ERROR_MAC));
  xmlRegFreeRegexp (re);
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
  tcase_add_test (tc, test_leading_zero_refused_everywhere);
  suite_add_tcase (s, tc);
  return s;
}

XN_TEST_MAIN (syntax_suite)
