/* bench-diff.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Deep copy, semantic diff and template export of a 10,000-domain policy
 * (N_DOMAINS in the environment overrides the size). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenon-model.h"

static XnPolicy *
build (guint n_domains)
{
  XnPolicy *policy = xn_policy_new ();
  XnHost *host = xn_host_new ();
  XnNetSwitch *sw = xn_net_switch_new ();
  XnObjectList *enclaves = xn_host_get_enclaves (host);
  XnTag *tags[10];
  XnSecLabel *labels[10];
  XnProfile *profile = xn_profile_new ();

  xn_object_set_name (XN_OBJECT (policy), "bench");
  xn_object_set_name (XN_OBJECT (profile), "generic");
  xn_object_list_append (xn_policy_get_profiles (policy), XN_OBJECT (profile));
  g_object_unref (profile);
  xn_object_set_name (XN_OBJECT (host), "h");
  xn_host_set_address (host, "10.0.0.1");
  xn_object_list_append (xn_policy_get_hosts (policy), XN_OBJECT (host));
  g_object_unref (host);
  xn_object_set_name (XN_OBJECT (sw), "br0");
  xn_object_list_append (xn_host_get_net_switches (host), XN_OBJECT (sw));
  g_object_unref (sw);

  for (guint t = 0; t < 10; t++)
    {
      g_autofree char *name = g_strdup_printf ("tag%u", t);
      XnEnclave *enclave = xn_enclave_new ();

      tags[t] = xn_tag_new ();
      xn_object_set_name (XN_OBJECT (tags[t]), name);
      xn_tag_set_id (tags[t], t + 1);
      xn_object_list_append (xn_policy_get_tags (policy), XN_OBJECT (tags[t]));
      g_object_unref (tags[t]);

      labels[t] = xn_sec_label_new ();
      xn_object_set_name (XN_OBJECT (labels[t]), name);
      xn_sec_label_set_tag_uuid (labels[t], xn_object_get_uuid (XN_OBJECT (tags[t])));
      xn_sec_label_set_profile_uuid (labels[t], xn_object_get_uuid (XN_OBJECT (profile)));
      xn_object_list_append (xn_policy_get_sec_labels (policy), XN_OBJECT (labels[t]));
      g_object_unref (labels[t]);

      xn_object_set_name (XN_OBJECT (enclave), name);
      xn_enclave_set_tag_uuid (enclave, xn_object_get_uuid (XN_OBJECT (tags[t])));
      xn_object_list_append (enclaves, XN_OBJECT (enclave));
      g_object_unref (enclave);
    }

  for (guint i = 0; i < n_domains; i++)
    {
      g_autofree char *name = g_strdup_printf ("vm%u", i);
      g_autofree char *mac = g_strdup_printf ("00:16:3e:%02x:%02x:%02x", i >> 16, (i >> 8) & 0xff, i & 0xff);
      XnDomain *d = xn_domain_new ();
      XnVif *vif = xn_vif_new ();
      XnDisk *disk = xn_disk_new ();

      xn_object_set_name (XN_OBJECT (d), name);
      xn_domain_set_memory (d, 512);
      xn_domain_set_vcpus (d, 1);
      xn_domain_set_sec_label_uuid (d, xn_object_get_uuid (XN_OBJECT (labels[i % 10])));
      xn_vif_set_mac (vif, mac);
      xn_vif_set_net_switch_uuid (vif, xn_object_get_uuid (XN_OBJECT (sw)));
      xn_object_list_append (xn_domain_get_vifs (d), XN_OBJECT (vif));
      g_object_set (disk, "vdev", "xvda", "target", name, NULL);
      xn_object_list_append (xn_domain_get_disks (d), XN_OBJECT (disk));
      xn_object_list_append (xn_enclave_get_domains (xn_object_list_get (enclaves, i % 10)), XN_OBJECT (d));
      g_object_unref (vif);
      g_object_unref (disk);
      g_object_unref (d);
    }

  return policy;
}

int
main (void)
{
  const char *env = g_getenv ("N_DOMAINS");
  guint n = env != NULL ? (guint) atoi (env) : 10000;
  g_autoptr(XnPolicy) a = build (n);
  g_autoptr(XnPolicy) b = NULL;
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(XnPolicy) tpl = NULL;
  g_autofree char *text = NULL;
  XnHost *host;
  g_autoptr(GPtrArray) domains = NULL;
  gint64 t0, t1, t2, t3, t4;

  t0 = g_get_monotonic_time ();
  b = XN_POLICY (xn_object_copy (XN_OBJECT (a), XN_COPY_DEFAULT));
  t1 = g_get_monotonic_time ();

  /* 1 % of the domains change memory. */
  host = xn_object_list_get (xn_policy_get_hosts (b), 0);
  domains = xn_host_dup_domains (host);
  for (guint i = 1; i < domains->len; i += 100)
    xn_domain_set_memory (g_ptr_array_index (domains, i), 1024);

  t2 = g_get_monotonic_time ();
  entries = xn_diff_policies (a, b);
  text = xn_diff_format (entries);
  t3 = g_get_monotonic_time ();
  tpl = xn_template_export (a, NULL);
  t4 = g_get_monotonic_time ();

  printf ("input: %u domains, %u objects per document\n", n, xn_policy_get_n_objects (a));
  printf ("copy:            %8.1f ms\n", (t1 - t0) / 1000.0);
  printf ("diff + format:   %8.1f ms (%u entries, %zu bytes of text)\n",
          (t3 - t2) / 1000.0, g_list_model_get_n_items (entries), strlen (text));
  printf ("template export: %8.1f ms\n", (t4 - t3) / 1000.0);

  return g_list_model_get_n_items (entries) == (n + 98) / 100 ? EXIT_SUCCESS : EXIT_FAILURE;
}
