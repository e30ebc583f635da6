/* test-lint.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The semantic lint: for every rule a policy that triggers it (code,
 * severity, path, and a message that names the objects) and the corrected
 * policy that lints clean; the fixtures; the rule table; stable order. */

#include "config.h"

#include <string.h>

#include "xenon-model.h"
#include "xn-test.h"

/* A small clean policy, built with the object API; tests break one thing. */
typedef struct
{
  XnPolicy *policy;
  XnProfile *regular, *mgmt, *intro, *hvm;
  XnHypercallRule *memory_op;
  XnHypercallRule *grant_table_op;
  XnTag *red, *blue, *green;
  XnConflict *red_blue, *red_green;
  XnSecLabel *red_label, *blue_label, *green_label, *dom0_label;
  XnHost *host, *host2;
  XnDevice *nic0, *nic1;
  XnDomain *dom0, *red_net, *red_vm, *blue_vm, *green_vm, *other_dom;
  XnEnclave *e_red, *e_blue, *e_green;
  XnNetSwitch *sw_red, *sw_blue, *sw_other;
  XnVif *red_vif, *blue_vif, *green_vif;
  XnDisk *disk;
  XnStorageLocation *images, *images2;
} Fx;

static Fx fx;

#define U(o) xn_object_get_uuid (XN_OBJECT (o))

static gpointer
add (XnObjectList *list,
     gpointer      object,
     const char   *name)
{
  if (name != NULL)
    xn_object_set_name (XN_OBJECT (object), name);
  xn_object_list_append (list, XN_OBJECT (object));
  g_object_unref (object);
  return object;
}

static XnProfile *
new_profile (const char  *name,
             XnGuestType  type,
             XnPrivilege  privilege)
{
  XnProfile *p = add (xn_policy_get_profiles (fx.policy), xn_profile_new (), name);

  xn_profile_set_guest_type (p, type);
  xn_profile_set_privilege (p, privilege);
  add (xn_profile_get_hypercalls (p), xn_hypercall_rule_new ("xen_version", NULL), NULL);
  return p;
}

static XnTag *
new_tag (const char *name,
         guint       id,
         const char *color)
{
  XnTag *t = add (xn_policy_get_tags (fx.policy), xn_tag_new (), name);

  xn_tag_set_id (t, id);
  xn_tag_set_color (t, color);
  return t;
}

static XnConflict *
new_conflict (const char *name,
              guint       id,
              gboolean    simultaneous,
              XnTag      *a,
              XnTag      *b)
{
  XnConflict *c = add (xn_policy_get_conflicts (fx.policy), xn_conflict_new (), name);

  xn_conflict_set_id (c, id);
  xn_conflict_set_allow_simultaneous (c, simultaneous);
  add (xn_conflict_get_tag_refs (c), xn_tag_ref_new (U (a)), NULL);
  add (xn_conflict_get_tag_refs (c), xn_tag_ref_new (U (b)), NULL);
  return c;
}

static XnSecLabel *
new_label (const char *name,
           XnTag      *tag,
           XnProfile  *profile)
{
  XnSecLabel *l = add (xn_policy_get_sec_labels (fx.policy), xn_sec_label_new (), name);

  xn_sec_label_set_tag_uuid (l, U (tag));
  xn_sec_label_set_profile_uuid (l, U (profile));
  return l;
}

static XnDomain *
new_domain (XnObjectList *list,
            const char   *name,
            XnDomainKind  kind,
            XnSecLabel   *label)
{
  XnDomain *d = add (list, xn_domain_new (), name);

  xn_domain_set_kind (d, kind);
  xn_domain_set_guest_type (d, XN_GUEST_TYPE_PV);
  if (label != NULL)
    xn_domain_set_sec_label_uuid (d, U (label));
  if (kind != XN_DOMAIN_KIND_ROOT)
    {
      xn_domain_set_memory (d, 512);
      xn_domain_set_vcpus (d, 1);
    }
  return d;
}

static XnVif *
new_vif (XnDomain    *domain,
         XnNetSwitch *sw,
         const char  *mac,
         const char  *ip)
{
  XnVif *v = add (xn_domain_get_vifs (domain), xn_vif_new (), NULL);

  xn_vif_set_net_switch_uuid (v, U (sw));
  xn_vif_set_mac (v, mac);
  xn_vif_set_ip (v, ip);
  return v;
}

static XnNetSwitch *
new_switch (XnHost     *host,
            const char *name,
            XnDomain   *driver,
            const char *address)
{
  XnNetSwitch *s = add (xn_host_get_net_switches (host), xn_net_switch_new (), name);

  xn_net_switch_set_driver_domain_uuid (s, U (driver));
  xn_net_switch_set_address (s, address);
  xn_net_switch_set_netmask (s, "255.255.255.0");
  return s;
}

static XnDevice *
new_device (const char *name,
            const char *bdf,
            const char *mac)
{
  XnDevice *d = add (xn_host_get_hardware (fx.host), xn_device_new (), name);

  xn_device_set_bdf (d, bdf);
  xn_device_set_device_class (d, XN_DEVICE_CATEGORY_NETWORK);
  xn_device_set_mac (d, mac);
  return d;
}

static XnEnclave *
new_enclave (const char *name,
             XnTag      *tag)
{
  XnEnclave *e = add (xn_host_get_enclaves (fx.host), xn_enclave_new (), name);

  xn_enclave_set_tag_uuid (e, U (tag));
  return e;
}

static void
setup (void)
{
  memset (&fx, 0, sizeof fx);
  fx.policy = xn_policy_new ();
  xn_object_set_name (XN_OBJECT (fx.policy), "test");
  xn_policy_set_serial (fx.policy, 5);

  fx.regular = new_profile ("regular-pv", XN_GUEST_TYPE_PV, XN_PRIVILEGE_REGULAR);
  fx.mgmt = new_profile ("dom0-mgmt", XN_GUEST_TYPE_PV, XN_PRIVILEGE_MANAGEMENT);
  fx.intro = new_profile ("introspection", XN_GUEST_TYPE_ANY, XN_PRIVILEGE_SECURITY);
  fx.hvm = new_profile ("hvm-generic", XN_GUEST_TYPE_HVM, XN_PRIVILEGE_REGULAR);
  fx.memory_op = add (xn_profile_get_hypercalls (fx.regular),
                      xn_hypercall_rule_new ("memory_op", "0-9,12"), NULL);
  /* red-net drives sw-red: netback and its agent's channel need these. */
  fx.grant_table_op = add (xn_profile_get_hypercalls (fx.regular),
                           xn_hypercall_rule_new ("grant_table_op", NULL), NULL);
  add (xn_profile_get_hypercalls (fx.regular), xn_hypercall_rule_new ("event_channel_op", NULL), NULL);
  for (guint i = 0; i < 2; i++)
    add (xn_profile_get_hypercalls (fx.intro),
         xn_hypercall_rule_new (i == 0 ? "grant_table_op" : "event_channel_op", NULL), NULL);

  fx.red = new_tag ("red", 1, "#e01b24");
  fx.blue = new_tag ("blue", 2, "#1c71d8");
  fx.green = new_tag ("green", 3, "#2EC27E");
  fx.red_blue = new_conflict ("red-blue", 1, TRUE, fx.red, fx.blue);
  fx.red_green = new_conflict ("red-green", 2, FALSE, fx.red, fx.green);

  fx.red_label = new_label ("red-label", fx.red, fx.regular);
  fx.blue_label = new_label ("blue-label", fx.blue, fx.regular);
  fx.green_label = new_label ("green-label", fx.green, fx.regular);
  fx.dom0_label = new_label ("dom0-label", fx.red, fx.mgmt);

  fx.host = add (xn_policy_get_hosts (fx.policy), xn_host_new (), "h1");
  xn_host_set_address (fx.host, "10.0.0.1");
  fx.nic0 = new_device ("NIC", "0000:02:00.0", "00:1b:21:00:00:01");
  fx.nic1 = new_device ("NIC", "0000:03:00.0", "00:1b:21:00:00:02");
  fx.images = add (xn_host_get_storage_locations (fx.host), xn_storage_location_new (), "images");
  xn_storage_location_set_kind (fx.images, "file");
  xn_storage_location_set_path (fx.images, "/images");

  fx.dom0 = xn_host_get_domain0 (fx.host);

  fx.e_red = new_enclave ("red", fx.red);
  add (xn_enclave_get_assigned_hardware (fx.e_red), xn_device_ref_new (U (fx.nic0)), NULL);
  fx.red_net = new_domain (xn_enclave_get_domains (fx.e_red), "red-net", XN_DOMAIN_KIND_SERVICE, fx.red_label);
  add (xn_domain_get_pci_devices (fx.red_net), xn_device_ref_new (U (fx.nic0)), NULL);
  fx.red_vm = new_domain (xn_enclave_get_domains (fx.e_red), "red-vm", XN_DOMAIN_KIND_USER, fx.red_label);
  fx.disk = add (xn_domain_get_disks (fx.red_vm), xn_disk_new (), NULL);
  xn_disk_set_vdev (fx.disk, "xvda");
  xn_disk_set_target (fx.disk, "/images/red-vm.img");
  xn_disk_set_storage_location_uuid (fx.disk, U (fx.images));

  fx.e_blue = new_enclave ("blue", fx.blue);
  fx.blue_vm = new_domain (xn_enclave_get_domains (fx.e_blue), "blue-vm", XN_DOMAIN_KIND_USER, fx.blue_label);

  fx.e_green = new_enclave ("green", fx.green);
  fx.green_vm = new_domain (xn_enclave_get_domains (fx.e_green), "green-vm", XN_DOMAIN_KIND_USER, fx.green_label);

  fx.sw_red = new_switch (fx.host, "sw-red", fx.red_net, "10.0.1.1");
  fx.sw_blue = new_switch (fx.host, "sw-blue", fx.dom0, "10.0.2.1");
  fx.red_vif = new_vif (fx.red_vm, fx.sw_red, "00:16:3e:00:00:01", "10.0.1.10");
  fx.blue_vif = new_vif (fx.blue_vm, fx.sw_blue, "00:16:3e:00:00:02", "10.0.2.10");
  fx.green_vif = new_vif (fx.green_vm, fx.sw_blue, "00:16:3e:00:00:03", "10.0.2.11");

  /* A second host, for references that must stay on their own host. */
  fx.host2 = add (xn_policy_get_hosts (fx.policy), xn_host_new (), "h2");
  xn_host_set_address (fx.host2, "10.0.0.2");
  fx.other_dom = xn_host_get_domain0 (fx.host2);
  fx.sw_other = new_switch (fx.host2, "sw-other", fx.other_dom, "10.9.0.1");
  fx.images2 = add (xn_host_get_storage_locations (fx.host2), xn_storage_location_new (), "images");
  xn_storage_location_set_kind (fx.images2, "file");
  xn_storage_location_set_path (fx.images2, "/images");
}

static void
teardown (void)
{
  g_clear_object (&fx.policy);
}

static char *
dump (GListModel *issues)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      g_string_append_printf (s, "\n  %s %s [%s] %s",
                              xn_lint_issue_get_code (issue),
                              xn_enum_to_nick (XN_TYPE_LINT_SEVERITY, xn_lint_issue_get_severity (issue)),
                              xn_lint_issue_get_path (issue),
                              xn_lint_issue_get_message (issue));
    }

  return g_string_free (s, FALSE);
}

static void
expect_clean (XnPolicy *policy,
              XnPolicy *running)
{
  g_autoptr(GListModel) issues = xn_lint_run (policy, running);
  g_autofree char *text = dump (issues);

  ck_assert_msg (g_list_model_get_n_items (issues) == 0, "expected no issues, got:%s", text);
}

/* Asserts that an issue with @code exists, that the first such has
 * @severity and @path, and that its message holds every needle. */
static void
expect_issue_v (XnPolicy       *policy,
                XnPolicy       *running,
                const char     *code,
                XnLintSeverity  severity,
                const char     *path,
                va_list         needles)
{
  g_autoptr(GListModel) issues = xn_lint_run (policy, running);
  g_autofree char *text = dump (issues);
  const char *needle;

  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      if (strcmp (xn_lint_issue_get_code (issue), code) != 0)
        continue;

      ck_assert_msg (xn_lint_issue_get_severity (issue) == severity, "%s: wrong severity:%s", code, text);
      ck_assert_msg (strcmp (xn_lint_issue_get_path (issue), path) == 0,
                     "%s: path is [%s], expected [%s]", code, xn_lint_issue_get_path (issue), path);
      ck_assert_ptr_nonnull (xn_lint_issue_get_object_uuid (issue));
      while ((needle = va_arg (needles, const char *)) != NULL)
        ck_assert_msg (strstr (xn_lint_issue_get_message (issue), needle) != NULL,
                       "%s: message \"%s\" does not name \"%s\"", code,
                       xn_lint_issue_get_message (issue), needle);
      return;
    }

  ck_abort_msg ("expected an issue %s, got:%s", code, text);
}

static void
expect_issue (XnPolicy       *policy,
              XnPolicy       *running,
              const char     *code,
              XnLintSeverity  severity,
              const char     *path,
              ...) G_GNUC_NULL_TERMINATED;

static void
expect_issue (XnPolicy       *policy,
              XnPolicy       *running,
              const char     *code,
              XnLintSeverity  severity,
              const char     *path,
              ...)
{
  va_list ap;

  va_start (ap, path);
  expect_issue_v (policy, running, code, severity, path, ap);
  va_end (ap);
}

static char *
path_of (gpointer object)
{
  return xn_object_dup_path (XN_OBJECT (object));
}

#define ERR XN_LINT_SEVERITY_ERROR
#define WARN XN_LINT_SEVERITY_WARNING

START_TEST (test_clean)
{
  expect_clean (fx.policy, NULL);
}
END_TEST

/* XN-L001, every kind of reference: break it, then restore it. */
typedef struct
{
  const char *what;
  void (*set) (const char *uuid);
  gpointer *owner;
  const char *needle;
} DanglingCase;

static void set_label_tag (const char *u) { xn_sec_label_set_tag_uuid (fx.red_label, u); }
static void set_label_profile (const char *u) { xn_sec_label_set_profile_uuid (fx.red_label, u); }
static void set_conflict_tag (const char *u) { xn_tag_ref_set_tag_uuid (xn_object_list_get (xn_conflict_get_tag_refs (fx.red_blue), 1), u); }
static void set_enclave_tag (const char *u) { xn_enclave_set_tag_uuid (fx.e_blue, u); }
static void set_domain_label (const char *u) { xn_domain_set_sec_label_uuid (fx.blue_vm, u); }
static void set_vif_switch (const char *u) { xn_vif_set_net_switch_uuid (fx.red_vif, u); }
static void set_switch_driver (const char *u) { xn_net_switch_set_driver_domain_uuid (fx.sw_blue, u); }
static void set_enclave_device (const char *u) { xn_device_ref_set_device_uuid (xn_object_list_get (xn_enclave_get_assigned_hardware (fx.e_red), 0), u); }
static void set_domain_device (const char *u) { xn_device_ref_set_device_uuid (xn_object_list_get (xn_domain_get_pci_devices (fx.red_net), 0), u); }
static void set_disk_location (const char *u) { xn_disk_set_storage_location_uuid (fx.disk, u); }

static const DanglingCase dangling_cases[] = {
  { "secLabel tag", set_label_tag, (gpointer *) &fx.red_label, "red-label" },
  { "secLabel profile", set_label_profile, (gpointer *) &fx.red_label, "red-label" },
  { "conflict tagRef", set_conflict_tag, (gpointer *) &fx.red_blue, "red-blue" },
  { "enclave tag", set_enclave_tag, (gpointer *) &fx.e_blue, "blue" },
  { "domain secLabel", set_domain_label, (gpointer *) &fx.blue_vm, "blue-vm" },
  { "vif switch", set_vif_switch, (gpointer *) &fx.red_vif, "red-vm" },
  { "switch driver", set_switch_driver, (gpointer *) &fx.sw_blue, "sw-blue" },
  { "enclave deviceRef", set_enclave_device, (gpointer *) &fx.e_red, "red" },
  { "domain deviceRef", set_domain_device, (gpointer *) &fx.red_net, "red-net" },
  { "disk storage", set_disk_location, (gpointer *) &fx.disk, "red-vm" },
};

static const char *
dangling_original (int i)
{
  switch (i)
    {
    case 0: return U (fx.red);
    case 1: return U (fx.regular);
    case 2: return U (fx.blue);
    case 3: return U (fx.blue);
    case 4: return U (fx.blue_label);
    case 5: return U (fx.sw_red);
    case 6: return U (fx.dom0);
    case 7: return U (fx.nic0);
    case 8: return U (fx.nic0);
    case 9: return U (fx.images);
    default: g_assert_not_reached ();
    }
}

START_TEST (test_dangling)
{
  const DanglingCase *c = &dangling_cases[_i];
  const char *missing = "00000000-0000-4000-8000-000000000001";
  g_autofree char *path = path_of (*c->owner);
  g_autofree char *original = g_strdup (dangling_original (_i));

  /* Missing altogether. */
  c->set (missing);
  expect_issue (fx.policy, NULL, "XN-L001", ERR, path, c->needle, missing, NULL);

  /* An object of the wrong kind (the host's UUID is never right). */
  c->set (U (fx.host));
  expect_issue (fx.policy, NULL, "XN-L001", ERR, path, c->needle, "h1", NULL);

  c->set (original);
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_dangling_other_host)
{
  g_autofree char *vif_path = path_of (fx.red_vif);
  g_autofree char *disk_path = path_of (fx.disk);

  xn_vif_set_net_switch_uuid (fx.red_vif, U (fx.sw_other));
  expect_issue (fx.policy, NULL, "XN-L001", ERR, vif_path, "sw-other", "another host", NULL);
  xn_vif_set_net_switch_uuid (fx.red_vif, U (fx.sw_red));

  xn_disk_set_storage_location_uuid (fx.disk, U (fx.images2));
  expect_issue (fx.policy, NULL, "XN-L001", ERR, disk_path, "images", "another host", NULL);
  xn_disk_set_storage_location_uuid (fx.disk, U (fx.images));

  xn_net_switch_set_driver_domain_uuid (fx.sw_blue, U (fx.other_dom));
  expect_issue (fx.policy, NULL, "XN-L001", ERR, "Host \"h1\" / NetSwitch \"sw-blue\"",
                "sw-blue", "another host", NULL);
  xn_net_switch_set_driver_domain_uuid (fx.sw_blue, U (fx.dom0));

  expect_clean (fx.policy, NULL);
}
END_TEST

/* Hardware is bound to its host: a domain or an enclave given a device
 * of another host would be handed whatever sits at that BDF here. */
START_TEST (test_device_other_host)
{
  XnDevice *far = add (xn_host_get_hardware (fx.host2), xn_device_new (), "NIC");
  XnDeviceRef *ref = xn_object_list_get (xn_domain_get_pci_devices (fx.red_net), 0);
  XnDeviceRef *held = xn_object_list_get (xn_enclave_get_assigned_hardware (fx.e_red), 0);
  g_autofree char *domain_path = path_of (fx.red_net);
  g_autofree char *enclave_path = path_of (fx.e_red);

  xn_device_set_bdf (far, "0000:04:00.0");
  xn_device_set_device_class (far, XN_DEVICE_CATEGORY_NETWORK);

  xn_device_ref_set_device_uuid (ref, U (far));
  expect_issue (fx.policy, NULL, "XN-L001", ERR, domain_path, "red-net", "another host", NULL);
  xn_device_ref_set_device_uuid (ref, U (fx.nic0));
  expect_clean (fx.policy, NULL);

  xn_device_ref_set_device_uuid (held, U (far));
  expect_issue (fx.policy, NULL, "XN-L001", ERR, enclave_path, "another host", NULL);
}
END_TEST

START_TEST (test_duplicate_names)
{
  /* Policy level. */
  xn_object_set_name (XN_OBJECT (fx.blue), "red");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "Tag \"red\"", "\"red\"", NULL);
  xn_object_set_name (XN_OBJECT (fx.blue), "blue");

  xn_object_set_name (XN_OBJECT (fx.mgmt), "regular-pv");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "Profile \"regular-pv\"", "regular-pv", NULL);
  xn_object_set_name (XN_OBJECT (fx.mgmt), "dom0-mgmt");

  xn_object_set_name (XN_OBJECT (fx.red_green), "red-blue");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "Conflict \"red-blue\"", "red-blue", NULL);
  xn_object_set_name (XN_OBJECT (fx.red_green), "red-green");

  xn_object_set_name (XN_OBJECT (fx.blue_label), "red-label");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "SecLabel \"red-label\"", "red-label", NULL);
  xn_object_set_name (XN_OBJECT (fx.blue_label), "blue-label");

  xn_object_set_name (XN_OBJECT (fx.host2), "h1");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "Host \"h1\"", "h1", NULL);
  xn_object_set_name (XN_OBJECT (fx.host2), "h2");

  /* Per host. */
  xn_object_set_name (XN_OBJECT (fx.e_blue), "red");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "Host \"h1\" / Enclave \"red\"", "\"red\"", NULL);
  xn_object_set_name (XN_OBJECT (fx.e_blue), "blue");

  xn_object_set_name (XN_OBJECT (fx.sw_blue), "sw-red");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "Host \"h1\" / NetSwitch \"sw-red\"", "sw-red", NULL);
  xn_object_set_name (XN_OBJECT (fx.sw_blue), "sw-blue");

  add (xn_host_get_storage_locations (fx.host), xn_storage_location_new (), "images");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "Host \"h1\" / StorageLocation \"images\"", "images", NULL);
  xn_object_list_remove (xn_host_get_storage_locations (fx.host), 1);

  /* Domains: across root domains and enclaves of one host. */
  xn_object_set_name (XN_OBJECT (fx.blue_vm), "Domain-0");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"Domain-0\"",
                "Domain-0", NULL);
  xn_object_set_name (XN_OBJECT (fx.blue_vm), "red-vm");
  expect_issue (fx.policy, NULL, "XN-L002", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"red-vm\"",
                "red-vm", NULL);
  xn_object_set_name (XN_OBJECT (fx.blue_vm), "blue-vm");

  /* The same names on two hosts (both have Domain-0, images) and two
   * devices with one product name ("NIC") are fine. */
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_duplicate_ids)
{
  xn_tag_set_id (fx.green, 1);
  expect_issue (fx.policy, NULL, "XN-L003", ERR, "Tag \"green\"", "green", "red", NULL);
  xn_tag_set_id (fx.green, 3);

  xn_conflict_set_id (fx.red_green, 1);
  expect_issue (fx.policy, NULL, "XN-L004", ERR, "Conflict \"red-green\"", "red-green", "red-blue", NULL);
  xn_conflict_set_id (fx.red_green, 2);

  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_duplicate_mac)
{
  g_autofree char *vif_path = path_of (fx.blue_vif);

  /* VIF against VIF, and VIF against a device, on one host. */
  xn_vif_set_mac (fx.blue_vif, "00:16:3E:00:00:01");
  expect_issue (fx.policy, NULL, "XN-L005", ERR, vif_path, "blue-vm", "red-vm", NULL);
  xn_vif_set_mac (fx.blue_vif, "00:1b:21:00:00:02");
  expect_issue (fx.policy, NULL, "XN-L005", ERR, vif_path, "blue-vm", "0000:03:00.0", NULL);

  xn_vif_set_mac (fx.blue_vif, "00:16:3e:00:00:02");
  /* The same MAC on another host is not a clash. */
  new_vif (fx.other_dom, fx.sw_other, "00:16:3e:00:00:02", "10.9.0.2");
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_duplicate_ip)
{
  g_autofree char *path = path_of (fx.green_vif);

  xn_vif_set_ip (fx.green_vif, "10.0.2.10");
  expect_issue (fx.policy, NULL, "XN-L006", ERR, path, "10.0.2.10", "green-vm", "blue-vm", "sw-blue", NULL);
  xn_vif_set_ip (fx.green_vif, "10.0.2.11");
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_duplicate_bdf)
{
  xn_device_set_bdf (fx.nic1, "0000:02:00.0");
  expect_issue (fx.policy, NULL, "XN-L007", ERR, "Host \"h1\" / Device \"NIC\"", "0000:02:00.0", "h1", NULL);
  xn_device_set_bdf (fx.nic1, "0000:03:00.0");
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_device_twice)
{
  XnDeviceRef *ref;

  /* Two enclaves whose tags do not conflict (blue, green). */
  add (xn_enclave_get_assigned_hardware (fx.e_blue), xn_device_ref_new (U (fx.nic1)), NULL);
  ref = add (xn_enclave_get_assigned_hardware (fx.e_green), xn_device_ref_new (U (fx.nic1)), NULL);
  expect_issue (fx.policy, NULL, "XN-L008", ERR, "Host \"h1\" / Enclave \"green\"",
                "0000:03:00.0", "blue", "green", NULL);
  xn_object_list_remove (xn_enclave_get_assigned_hardware (fx.e_green), 0);
  (void) ref;

  /* Held by enclave blue, given to a domain of enclave green. */
  add (xn_domain_get_pci_devices (fx.green_vm), xn_device_ref_new (U (fx.nic1)), NULL);
  expect_issue (fx.policy, NULL, "XN-L008", ERR, "Host \"h1\" / Enclave \"green\" / Domain \"green-vm\"",
                "0000:03:00.0", "blue", "green-vm", NULL);
  xn_object_list_remove (xn_domain_get_pci_devices (fx.green_vm), 0);

  /* Two domains of one enclave. */
  add (xn_domain_get_pci_devices (fx.red_vm), xn_device_ref_new (U (fx.nic0)), NULL);
  expect_issue (fx.policy, NULL, "XN-L008", ERR, "Host \"h1\" / Enclave \"red\" / Domain \"red-vm\"",
                "red-net", "red-vm", NULL);
  xn_object_list_remove (xn_domain_get_pci_devices (fx.red_vm), 0);

  /* Corrected: blue holds nic1 and its own domain uses it. */
  add (xn_domain_get_pci_devices (fx.blue_vm), xn_device_ref_new (U (fx.nic1)), NULL);
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_device_not_held)
{
  add (xn_domain_get_pci_devices (fx.blue_vm), xn_device_ref_new (U (fx.nic1)), NULL);
  expect_issue (fx.policy, NULL, "XN-L009", WARN, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "blue-vm", "0000:03:00.0", "\"blue\"", NULL);
  add (xn_enclave_get_assigned_hardware (fx.e_blue), xn_device_ref_new (U (fx.nic1)), NULL);
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_no_sec_label)
{
  xn_domain_set_sec_label_uuid (fx.blue_vm, NULL);
  expect_issue (fx.policy, NULL, "XN-L010", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "blue-vm", NULL);
  xn_domain_set_sec_label_uuid (fx.blue_vm, U (fx.blue_label));
  /* Root domains may go without one: Domain-0 has none here. */
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_tag_mismatch)
{
  xn_domain_set_sec_label_uuid (fx.blue_vm, U (fx.green_label));
  expect_issue (fx.policy, NULL, "XN-L011", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "blue-vm", "green-label", "green", "\"blue\"", NULL);
  xn_domain_set_sec_label_uuid (fx.blue_vm, U (fx.blue_label));
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_backend_conflict)
{
  g_autofree char *path = path_of (fx.blue_vif);

  /* blue-vm's VIF on a switch driven by red-net; red and blue conflict. */
  xn_net_switch_set_driver_domain_uuid (fx.sw_blue, U (fx.red_net));
  expect_issue (fx.policy, NULL, "XN-L012", ERR, path, "blue-vm", "sw-blue", "red-net", "red-blue", NULL);
  /* Driven from the trusted root, it is fine. */
  xn_net_switch_set_driver_domain_uuid (fx.sw_blue, U (fx.dom0));
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_switch_shared)
{
  XnVif *vif = new_vif (fx.red_vm, fx.sw_blue, "00:16:3e:00:00:09", "10.0.2.12");

  expect_issue (fx.policy, NULL, "XN-L013", WARN, "Host \"h1\" / NetSwitch \"sw-blue\"",
                "sw-blue", "blue", "red", "red-blue", "Open vSwitch", NULL);
  xn_vif_set_net_switch_uuid (vif, U (fx.sw_red));
  xn_vif_set_ip (vif, "10.0.1.12");
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_device_conflict)
{
  add (xn_enclave_get_assigned_hardware (fx.e_blue), xn_device_ref_new (U (fx.nic0)), NULL);
  expect_issue (fx.policy, NULL, "XN-L014", ERR, "Host \"h1\" / Enclave \"blue\"",
                "0000:02:00.0", "\"red\"", "\"blue\"", "red-blue", NULL);
  xn_object_list_remove (xn_enclave_get_assigned_hardware (fx.e_blue), 0);

  add (xn_domain_get_pci_devices (fx.blue_vm), xn_device_ref_new (U (fx.nic0)), NULL);
  expect_issue (fx.policy, NULL, "XN-L014", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "0000:02:00.0", "blue-vm", "red-blue", NULL);
  xn_object_list_remove (xn_domain_get_pci_devices (fx.blue_vm), 0);

  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_privilege)
{
  /* Management on a user domain, and on a service domain. */
  xn_sec_label_set_profile_uuid (fx.blue_label, U (fx.mgmt));
  expect_issue (fx.policy, NULL, "XN-L015", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "blue-vm", "dom0-mgmt", NULL);
  xn_sec_label_set_profile_uuid (fx.blue_label, U (fx.regular));
  xn_sec_label_set_profile_uuid (fx.red_label, U (fx.mgmt));
  expect_issue (fx.policy, NULL, "XN-L015", ERR, "Host \"h1\" / Enclave \"red\" / Domain \"red-net\"",
                "red-net", "dom0-mgmt", NULL);
  xn_sec_label_set_profile_uuid (fx.red_label, U (fx.regular));

  /* Security on a user domain warns; on a service domain it is fine. */
  xn_sec_label_set_profile_uuid (fx.blue_label, U (fx.intro));
  expect_issue (fx.policy, NULL, "XN-L016", WARN, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "blue-vm", "introspection", NULL);
  xn_sec_label_set_profile_uuid (fx.blue_label, U (fx.regular));
  {
    XnSecLabel *svc = new_label ("red-intro", fx.red, fx.intro);

    xn_domain_set_sec_label_uuid (fx.red_net, U (svc));
  }
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_domain0_privilege)
{
  XnSecLabel *weak = new_label ("dom0-weak", fx.red, fx.regular);

  xn_domain_set_sec_label_uuid (fx.dom0, U (weak));
  expect_issue (fx.policy, NULL, "XN-L017", ERR, "Host \"h1\" / Domain \"Domain-0\"",
                "Domain-0", "regular-pv", NULL);
  xn_domain_set_sec_label_uuid (fx.dom0, U (fx.dom0_label));
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_guest_type)
{
  xn_sec_label_set_profile_uuid (fx.blue_label, U (fx.hvm));
  expect_issue (fx.policy, NULL, "XN-L018", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "blue-vm", "hvm-generic", "pv", "hvm", NULL);
  /* The domain made HVM matches; an "any" profile matches every type. */
  xn_domain_set_guest_type (fx.blue_vm, XN_GUEST_TYPE_HVM);
  expect_clean (fx.policy, NULL);
  xn_profile_set_guest_type (fx.hvm, XN_GUEST_TYPE_ANY);
  xn_domain_set_guest_type (fx.blue_vm, XN_GUEST_TYPE_PVH);
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_exclusive_in_enclave)
{
  /* A red domain labelled green: red and green may not run together. */
  xn_domain_set_sec_label_uuid (fx.red_vm, U (fx.green_label));
  expect_issue (fx.policy, NULL, "XN-L019", ERR, "Host \"h1\" / Enclave \"red\" / Domain \"red-vm\"",
                "\"red\"", "green", "red-vm", "red-green", NULL);
  /* Allowing them to run together removes the exclusive finding (the
   * label still mismatches the enclave: XN-L011 only). */
  xn_conflict_set_allow_simultaneous (fx.red_green, TRUE);
  {
    g_autoptr(GListModel) issues = xn_lint_run (fx.policy, NULL);
    g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, 0);

    ck_assert_uint_eq (g_list_model_get_n_items (issues), 1);
    ck_assert_str_eq (xn_lint_issue_get_code (issue), "XN-L011");
  }
  xn_domain_set_sec_label_uuid (fx.red_vm, U (fx.red_label));
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_conflict_size)
{
  XnObjectList *refs = xn_conflict_get_tag_refs (fx.red_blue);

  /* The same tag twice is one distinct tag. */
  xn_tag_ref_set_tag_uuid (xn_object_list_get (refs, 1), U (fx.red));
  expect_issue (fx.policy, NULL, "XN-L020", ERR, "Conflict \"red-blue\"", "red-blue", NULL);
  xn_tag_ref_set_tag_uuid (xn_object_list_get (refs, 1), U (fx.blue));
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_color)
{
  xn_tag_set_color (fx.red, "red");
  expect_issue (fx.policy, NULL, "XN-L021", WARN, "Tag \"red\"", "\"red\"", "#rrggbb", NULL);
  xn_tag_set_color (fx.red, "#e01b2");
  expect_issue (fx.policy, NULL, "XN-L021", WARN, "Tag \"red\"", "#e01b2", NULL);
  xn_tag_set_color (fx.red, "#e01b24");
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_bad_mac)
{
  g_autofree char *path = path_of (fx.red_vif);

  xn_vif_set_mac (fx.red_vif, "00:16:3e:00:00");
  expect_issue (fx.policy, NULL, "XN-L022", ERR, path, "00:16:3e:00:00", "red-vm", NULL);
  xn_vif_set_mac (fx.red_vif, "01:16:3e:00:00:01");
  expect_issue (fx.policy, NULL, "XN-L022", ERR, path, "multicast", NULL);
  xn_vif_set_mac (fx.red_vif, "00:16:3e:00:00:01");
  xn_device_set_mac (fx.nic1, "00-1b-21-00-00-02");
  expect_issue (fx.policy, NULL, "XN-L022", ERR, "Host \"h1\" / Device \"NIC\"", "0000:03:00.0", NULL);
  xn_device_set_mac (fx.nic1, "00:1b:21:00:00:02");
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_bad_ip)
{
  g_autofree char *path = path_of (fx.red_vif);

  xn_vif_set_ip (fx.red_vif, "10.0.1.256");
  expect_issue (fx.policy, NULL, "XN-L023", ERR, path, "10.0.1.256", "red-vm", NULL);
  xn_vif_set_ip (fx.red_vif, "10.0.1.10");

  xn_net_switch_set_address (fx.sw_red, "10.0.1");
  expect_issue (fx.policy, NULL, "XN-L023", ERR, "Host \"h1\" / NetSwitch \"sw-red\"", "10.0.1", "sw-red", NULL);
  xn_net_switch_set_address (fx.sw_red, "10.0.1.1");

  xn_net_switch_set_netmask (fx.sw_red, "255.0.255.0");
  expect_issue (fx.policy, NULL, "XN-L023", ERR, "Host \"h1\" / NetSwitch \"sw-red\"", "255.0.255.0", NULL);
  xn_net_switch_set_netmask (fx.sw_red, "255.255.0.0");
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_subnet)
{
  g_autofree char *path = path_of (fx.red_vif);

  xn_vif_set_ip (fx.red_vif, "10.0.2.10");
  expect_issue (fx.policy, NULL, "XN-L024", WARN, path, "10.0.2.10", "sw-red", "10.0.1.1/255.255.255.0", NULL);
  xn_vif_set_ip (fx.red_vif, "10.0.1.200");
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_resources)
{
  xn_domain_set_memory (fx.blue_vm, 0);
  expect_issue (fx.policy, NULL, "XN-L025", WARN, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "blue-vm", "memory", NULL);
  xn_domain_set_memory (fx.blue_vm, 256);
  xn_domain_set_vcpus (fx.blue_vm, 0);
  expect_issue (fx.policy, NULL, "XN-L025", WARN, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "vcpus", NULL);
  xn_domain_set_vcpus (fx.blue_vm, 2);
  /* Domain-0 has neither set and needs neither. */
  expect_clean (fx.policy, NULL);
}
END_TEST

/* A whitelist entry needs an IP address (with an optional prefix). */
START_TEST (test_whitelist_address)
{
  XnNetAllow *allow = add (xn_domain_get_net_allow (fx.blue_vm), xn_net_allow_new (), NULL);
  const char *const good[] = { "10.0.0.1", "10.0.0.0/8", "fe80::1", "2001:db8::/32" };
  const char *const bad[] = { "10.0.0.0/33", "10.0.0", "host.example", "fe80::1/129", "10.0.0.1/" };

  expect_issue (fx.policy, NULL, "XN-L033", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "Whitelist entry 1", "blue-vm", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_object_set (allow, "address", bad[i], NULL);
      expect_issue (fx.policy, NULL, "XN-L033", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                    bad[i], NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_object_set (allow, "address", good[i], NULL);
      expect_clean (fx.policy, NULL);
    }
}
END_TEST

START_TEST (test_hypercall_name)
{
  XnHypercallRule *rule = add (xn_profile_get_hypercalls (fx.regular),
                               xn_hypercall_rule_new ("memory_ops", NULL), NULL);

  expect_issue (fx.policy, NULL, "XN-L026", ERR, "Profile \"regular-pv\" / HypercallRule \"memory_ops\"",
                "memory_ops", "regular-pv", NULL);
  xn_object_set_name (XN_OBJECT (rule), "grant_table_op");
  expect_clean (fx.policy, NULL);
}
END_TEST

/* The last three are well formed but above 127, the highest sub-op the
 * guard filters: the compiler refuses them, so the lint must. */
static const char *const bad_subops[] = {
  "9-0", "0-9,", ",1", "1--2", "a", "1-", "0 - 9", "99999999999",
  "128", "0-200", "4294967295",
};

START_TEST (test_subops)
{
  const char *path = "Profile \"regular-pv\" / HypercallRule \"memory_op\"";

  xn_hypercall_rule_set_subops (fx.memory_op, bad_subops[_i]);
  expect_issue (fx.policy, NULL, "XN-L027", ERR, path, bad_subops[_i], "memory_op", "regular-pv", NULL);
  xn_hypercall_rule_set_subops (fx.memory_op, "0,3-3,5-9,127");
  expect_clean (fx.policy, NULL);
  xn_hypercall_rule_set_subops (fx.memory_op, NULL);
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_subops_unfiltered)
{
  XnHypercallRule *rule = add (xn_profile_get_hypercalls (fx.regular),
                               xn_hypercall_rule_new ("console_io", "0"), NULL);

  /* The guard filters no sub-op of console_io: the compiler drops it. */
  expect_issue (fx.policy, NULL, "XN-L034", ERR, "Profile \"regular-pv\" / HypercallRule \"console_io\"",
                "console_io", "regular-pv", "\"0\"", NULL);
  xn_hypercall_rule_set_subops (rule, NULL);
  expect_clean (fx.policy, NULL);
}
END_TEST

/* The legacy hypercalls: allowing one would allow every sub-op of its
 * successor, so lint refuses them and names the successor. */
START_TEST (test_hypercall_legacy)
{
  static const char *const legacy[][2] = {
    { "sched_op_compat", "sched_op" },
    { "event_channel_op_compat", "event_channel_op" },
    { "physdev_op_compat", "physdev_op" },
  };
  XnHypercallRule *rule = add (xn_profile_get_hypercalls (fx.regular),
                               xn_hypercall_rule_new (legacy[_i][0], NULL), NULL);
  g_autofree char *path = g_strdup_printf ("Profile \"regular-pv\" / HypercallRule \"%s\"", legacy[_i][0]);
  g_autofree char *instead = g_strdup_printf ("allow \"%s\" instead", legacy[_i][1]);

  expect_issue (fx.policy, NULL, "XN-L037", ERR, path, legacy[_i][0], "regular-pv", instead, NULL);
  xn_object_set_name (XN_OBJECT (rule), legacy[_i][1]);
  expect_clean (fx.policy, NULL);
}
END_TEST

/* A service domain drives its switch with grants and event channels
 * (netback, and the agent's channel to Domain-0): a profile without
 * them cannot; nor can a user domain drive one. */
START_TEST (test_switch_driver_channel)
{
  g_autofree char *path = path_of (fx.sw_red);
  XnObjectList *calls = xn_profile_get_hypercalls (fx.regular);
  guint pos = 0;

  ck_assert (xn_object_list_find (calls, XN_OBJECT (fx.grant_table_op), &pos));
  xn_object_list_remove (calls, pos);
  expect_issue (fx.policy, NULL, "XN-L038", ERR, path, "sw-red", "red-net", "regular-pv",
                "lacks grant_table_op", NULL);
  add (calls, xn_hypercall_rule_new ("grant_table_op", NULL), NULL);
  expect_clean (fx.policy, NULL);
  xn_domain_set_kind (fx.red_net, XN_DOMAIN_KIND_USER);
  expect_issue (fx.policy, NULL, "XN-L038", ERR, path, "user domain", NULL);
  xn_domain_set_kind (fx.red_net, XN_DOMAIN_KIND_SERVICE);
  expect_clean (fx.policy, NULL);
}
END_TEST

/* A domain that may migrate (mayRunOn) takes nothing of its host along. */
START_TEST (test_may_run_on)
{
  XnDomain *mover = new_domain (xn_enclave_get_domains (fx.e_green), "mover", XN_DOMAIN_KIND_USER,
                                fx.green_label);
  g_autofree char *path = path_of (mover);
  g_autofree char *green_path = path_of (fx.green_vm);
  g_autofree char *disk_path = NULL;
  XnDisk *disk;

  xn_domain_set_may_run_on (mover, U (fx.host2));
  ck_assert (xn_domain_may_run_on (mover, U (fx.host2)));
  ck_assert (!xn_domain_may_run_on (mover, U (fx.host)));
  expect_clean (fx.policy, NULL);

  /* A VIF: its switch is on this host only. */
  xn_domain_set_may_run_on (fx.green_vm, U (fx.host2));
  expect_issue (fx.policy, NULL, "XN-L039", ERR, green_path, "green-vm", "VIF", NULL);
  xn_domain_set_may_run_on (fx.green_vm, NULL);
  expect_clean (fx.policy, NULL);

  /* A disk in a file storage location, then on NFS. */
  disk = add (xn_domain_get_disks (mover), xn_disk_new (), NULL);
  xn_disk_set_vdev (disk, "xvda");
  xn_disk_set_target (disk, "mover.img");
  xn_disk_set_storage_location_uuid (disk, U (fx.images));
  disk_path = path_of (disk);
  expect_issue (fx.policy, NULL, "XN-L039", ERR, disk_path, "mover", "xvda", "shared storage", NULL);
  xn_storage_location_set_kind (fx.images, "nfs");
  expect_clean (fx.policy, NULL);

  /* A PCI device. */
  add (xn_domain_get_pci_devices (mover), xn_device_ref_new (U (fx.nic1)), NULL);
  expect_issue (fx.policy, NULL, "XN-L039", ERR, path, "mover", "PCI device", NULL);
  xn_object_list_remove (xn_domain_get_pci_devices (mover), 0);
  expect_clean (fx.policy, NULL);

  /* Its own host, and a host that does not exist. */
  xn_domain_set_may_run_on (mover, U (fx.host));
  expect_issue (fx.policy, NULL, "XN-L039", ERR, path, "own host", NULL);
  xn_domain_set_may_run_on (mover, "00000000-0000-4000-8000-000000000001");
  expect_issue (fx.policy, NULL, "XN-L001", ERR, path, "host it may run on", NULL);
}
END_TEST

START_TEST (test_vif_without_ip)
{
  g_autofree char *path = path_of (fx.blue_vif);

  xn_vif_set_ip (fx.blue_vif, NULL);
  expect_issue (fx.policy, NULL, "XN-L035", WARN, path, "blue-vm", NULL);
  xn_vif_set_ip (fx.blue_vif, "");
  expect_issue (fx.policy, NULL, "XN-L035", WARN, path, "blue-vm", NULL);
  /* Switched off, it is meant to forward nothing. */
  xn_vif_set_enabled (fx.blue_vif, FALSE);
  expect_clean (fx.policy, NULL);
}
END_TEST

/* Lines an extra xl key/value may not be: each sets again what the
 * compiler wrote, however it is spelt. */
static const char *const reserved_xl[] = {
  "seclabel = \"other_label\"",
  "uuid=\"00000000-0000-4000-8000-000000000001\"",
  "vif = [ 'mac=00:16:3e:00:00:09,bridge=sw-blue' ]",
  "pci = [ '0000:03:00.0' ]",
  "  VIF = []",
  "disk += [ 'target=/dev/sda' ]",
  "on_crash = \"preserve\"; seclabel = \"other_label\"",
  "on_crash = 'a;b' ;vif=[]",
  "builder = \"generic\"",
  "extra = \"init=/bin/sh\"",
  "init_seclabel = \"other_label\"",
  "on_crash = \"preserve\"\nuuid = \"x\"",
};

/* And lines it may be. */
static const char *const allowed_xl[] = {
  "on_crash = \"preserve\"",
  "# seclabel = \"other_label\"",
  "on_crash = \"a; seclabel = x\"",
  "on_crash = 'preserve' # vif = []",
  "vif_extra_unknown_key = 1",
  "maxmem = 1024",
};

START_TEST (test_xl_extra_reserved)
{
  XnXlPair *pair = add (xn_domain_get_xl_extra (fx.blue_vm), xn_xl_pair_new (reserved_xl[_i]), NULL);

  expect_issue (fx.policy, NULL, "XN-L036", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "blue-vm", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (allowed_xl); i++)
    {
      xn_xl_pair_set_text (pair, allowed_xl[i]);
      ck_assert_msg (xn_xl_text_find_reserved_key (allowed_xl[i]) == NULL, "%s", allowed_xl[i]);
      expect_clean (fx.policy, NULL);
    }
}
END_TEST

START_TEST (test_xl_extra_lines)
{
  add (xn_domain_get_xl_extra (fx.blue_vm), xn_xl_pair_new ("on_crash = \"preserve\"\non_reboot = \"destroy\""), NULL);

  /* One line each: the compiler refuses more. */
  expect_issue (fx.policy, NULL, "XN-L036", ERR, "Host \"h1\" / Enclave \"blue\" / Domain \"blue-vm\"",
                "blue-vm", "several lines", NULL);
}
END_TEST

/* The running policy: the fixture as it stands, saved and reloaded, so
 * the two trees share UUIDs and nothing else. */
static XnPolicy *
snapshot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = xn_policy_save_to_bytes (fx.policy, &error);
  XnPolicy *copy;

  ck_assert_msg (bytes != NULL, "save: %s", error ? error->message : "?");
  copy = xn_policy_load_bytes (bytes, "running.xml", &error);
  ck_assert_msg (copy != NULL, "load: %s", error ? error->message : "?");
  return copy;
}

START_TEST (test_live_update)
{
  g_autoptr(XnPolicy) running = snapshot ();
  XnObjectList *domains = xn_enclave_get_domains (fx.e_green);
  XnObjectList *enclaves = xn_host_get_enclaves (fx.host);

  /* Same serial: refused; one above: fine. */
  expect_issue (fx.policy, running, "XN-L028", ERR, "Policy \"test\"", "5", NULL);
  xn_policy_set_serial (fx.policy, 4);
  expect_issue (fx.policy, running, "XN-L028", ERR, "Policy \"test\"", "4", "5", NULL);
  xn_policy_set_serial (fx.policy, 6);
  expect_clean (fx.policy, running);

  /* Adding tags and domains is allowed. */
  new_tag ("yellow", 9, "#f6d32d");
  new_domain (domains, "green-vm-2", XN_DOMAIN_KIND_USER, fx.green_label);
  expect_clean (fx.policy, running);

  /* A tag id that changes warns. */
  xn_tag_set_id (fx.green, 30);
  expect_issue (fx.policy, running, "XN-L031", WARN, "Tag \"green\"", "green", "3", "30", NULL);
  xn_tag_set_id (fx.green, 3);

  /* Removing a domain, then its enclave and the tag, is refused. */
  xn_object_list_remove (domains, 0);
  expect_issue (fx.policy, running, "XN-L030", ERR, "Host \"h1\" / Enclave \"green\" / Domain \"green-vm\"",
                "green-vm", "h1", NULL);

  xn_object_list_remove (enclaves, 2);
  xn_object_list_remove (xn_policy_get_conflicts (fx.policy), 1);
  xn_object_list_remove (xn_policy_get_sec_labels (fx.policy), 2);
  xn_object_list_remove (xn_policy_get_tags (fx.policy), 2);
  expect_issue (fx.policy, running, "XN-L029", ERR, "Tag \"green\"", "green", NULL);
  expect_issue (fx.policy, running, "XN-L030", ERR, "Host \"h1\" / Enclave \"green\" / Domain \"green-vm\"",
                "green-vm", NULL);
  /* Against no running policy the same document is clean. */
  expect_clean (fx.policy, NULL);
}
END_TEST

START_TEST (test_order_is_stable)
{
  g_autoptr(GListModel) a = NULL;
  g_autoptr(GListModel) b = NULL;
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;
  /* Break things in reverse document order. */
  xn_vif_set_ip (fx.green_vif, "10.0.2.10");          /* XN-L006 on green's VIF */
  xn_domain_set_memory (fx.blue_vm, 0);               /* XN-L025 on blue-vm */
  xn_domain_set_sec_label_uuid (fx.blue_vm, NULL);    /* XN-L010 on blue-vm */
  xn_tag_set_color (fx.red, "nope");                  /* XN-L021 on red */
  add (xn_profile_get_hypercalls (fx.regular), xn_hypercall_rule_new ("bogus", "2-1"), NULL);

  a = xn_lint_run (fx.policy, NULL);
  b = xn_lint_run (fx.policy, NULL);
  ta = dump (a);
  tb = dump (b);
  ck_assert_str_eq (ta, tb);

  {
    static const char *codes[] = { "XN-L026", "XN-L027", "XN-L021", "XN-L010", "XN-L025", "XN-L006" };

    ck_assert_msg (g_list_model_get_n_items (a) == G_N_ELEMENTS (codes), "got:%s", ta);
    for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
      {
        g_autoptr(XnLintIssue) issue = g_list_model_get_item (a, i);

        ck_assert_msg (strcmp (xn_lint_issue_get_code (issue), codes[i]) == 0,
                       "issue %u is %s, expected %s:%s", i, xn_lint_issue_get_code (issue), codes[i], ta);
      }
  }
}
END_TEST

START_TEST (test_issue_object)
{
  g_autoptr(GListModel) issues = NULL;
  g_autoptr(XnLintIssue) issue = NULL;
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  g_autofree char *object_uuid = NULL;
  g_autofree char *related_uuid = NULL;
  XnLintSeverity severity;

  xn_tag_set_id (fx.green, 1);
  issues = xn_lint_run (fx.policy, NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (issues), 1);
  ck_assert (g_list_model_get_item_type (issues) == XN_TYPE_LINT_ISSUE);
  issue = g_list_model_get_item (issues, 0);

  g_object_get (issue, "code", &code, "severity", &severity, "path", &path,
                "object-uuid", &object_uuid, "related-uuid", &related_uuid, NULL);
  ck_assert_str_eq (code, "XN-L003");
  ck_assert_int_eq (severity, XN_LINT_SEVERITY_ERROR);
  ck_assert_str_eq (path, "Tag \"green\"");
  ck_assert_str_eq (object_uuid, U (fx.green));
  ck_assert_str_eq (related_uuid, U (fx.red));
  ck_assert_uint_eq (xn_lint_count (issues, XN_LINT_SEVERITY_ERROR), 1);
  ck_assert_uint_eq (xn_lint_count (issues, XN_LINT_SEVERITY_WARNING), 0);
  ck_assert_str_eq (xn_enum_to_nick (XN_TYPE_LINT_SEVERITY, XN_LINT_SEVERITY_WARNING), "warning");
}
END_TEST

START_TEST (test_rule_table)
{
  guint n = 0;
  const XnLintRule *rules = xn_lint_get_rules (&n);

  ck_assert_uint_ge (n, 31);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *code = g_strdup_printf ("XN-L%03u", i + 1);

      /* Codes are dense and in order, so a new rule can only append. */
      ck_assert_str_eq (rules[i].code, code);
      ck_assert_ptr_nonnull (rules[i].title);
      ck_assert_ptr_nonnull (rules[i].explanation);
      ck_assert_ptr_eq (xn_lint_lookup_rule (code), &rules[i]);
    }
  ck_assert_ptr_eq (xn_lint_lookup_rule ("xn-l001"), &rules[0]);
  ck_assert_ptr_null (xn_lint_lookup_rule ("XN-L999"));
}
END_TEST

/* Every code in the table is documented in model/LINT.md with its severity. */
START_TEST (test_rules_documented)
{
  g_autofree char *srcdir = g_path_get_dirname (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : ".");
  g_autofree char *path = g_build_filename (srcdir, "model", "LINT.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;
  const XnLintRule *rules = xn_lint_get_rules (&n);

  ck_assert_msg (g_file_get_contents (path, &text, NULL, &error), "%s", error ? error->message : "");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *row = g_strdup_printf ("| %s | %s |", rules[i].code,
                                              xn_enum_to_nick (XN_TYPE_LINT_SEVERITY, rules[i].severity));

      ck_assert_msg (strstr (text, row) != NULL, "LINT.md lacks the row \"%s\"", row);
    }
}
END_TEST

static XnPolicy *
load_fixture (const char *name)
{
  g_autofree char *path = xn_test_data_path (name);
  g_autoptr(GError) error = NULL;
  XnPolicy *policy = xn_policy_load_file (path, &error);

  ck_assert_msg (policy != NULL, "%s: %s", name, error ? error->message : "?");
  return policy;
}

START_TEST (test_fixture_simple)
{
  g_autoptr(XnPolicy) policy = load_fixture ("a-simple-policy.xml");
  g_autoptr(GListModel) issues = xn_lint_run (policy, NULL);
  g_autofree char *text = dump (issues);

  /* The NRL example asks for what the compiler cannot give: domctl for
   * two sub-ops (the guard filters none of domctl's), and extra xl
   * settings that would replace the compiler's type, VIFs and disks.
   * Exactly those, in document order. */
  static const char *const errors[] = { "XN-L034", "XN-L036", "XN-L036", "XN-L036" };
  guint n_errors = 0;

  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      if (xn_lint_issue_get_severity (issue) != XN_LINT_SEVERITY_ERROR)
        continue;
      ck_assert_msg (n_errors < G_N_ELEMENTS (errors) &&
                     g_str_equal (xn_lint_issue_get_code (issue), errors[n_errors]),
                     "errors:%s", text);
      n_errors++;
    }
  ck_assert_msg (n_errors == G_N_ELEMENTS (errors), "errors:%s", text);
  /* It is its own running policy: same serial, refused. */
  {
    g_autoptr(GListModel) again = xn_lint_run (policy, policy);

    ck_assert_uint_eq (xn_lint_count (again, XN_LINT_SEVERITY_ERROR), G_N_ELEMENTS (errors) + 1);
  }
}
END_TEST

/* Codes of the issues of @severity, space-separated, in order. */
static char *
codes_of (GListModel     *issues,
          XnLintSeverity  severity)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);

      if (xn_lint_issue_get_severity (issue) == severity)
        g_string_append_printf (s, "%s%s", s->len ? " " : "", xn_lint_issue_get_code (issue));
    }
  return g_string_free (s, FALSE);
}

START_TEST (test_fixture_demo)
{
  g_autoptr(XnPolicy) policy = load_fixture ("xenon-enterprise-demo.xml");
  g_autoptr(GListModel) issues = xn_lint_run (policy, NULL);
  g_autofree char *text = dump (issues);
  g_autofree char *errors = codes_of (issues, XN_LINT_SEVERITY_ERROR);
  g_autofree char *warnings = codes_of (issues, XN_LINT_SEVERITY_WARNING);
  XnHost *host = xn_policy_find_host_by_name (policy, "localhost");
  XnDomain *firewall;
  XnNetSwitch *sw;

  /* Domain-0 drives secbr0, which carries three tags that conflict in
   * pairs: no error, one warning per pair, nothing else. */
  ck_assert_msg (g_str_equal (errors, ""), "errors:%s", text);
  ck_assert_msg (g_str_equal (warnings, "XN-L013 XN-L013 XN-L013"), "warnings:%s", text);

  /* Driven by "firewall" of the security enclave instead, the backend
   * would share grants with the frontends of the two tags that conflict
   * with security: XN-L012 for each of those VIFs, and only those. */
  ck_assert_ptr_nonnull (host);
  sw = xn_host_find_net_switch_by_name (host, "secbr0");
  firewall = xn_host_find_domain_by_name (host, "firewall");
  ck_assert_ptr_nonnull (sw);
  ck_assert_ptr_nonnull (firewall);
  xn_net_switch_set_driver_domain_uuid (sw, U (firewall));
  {
    g_autoptr(GListModel) moved = xn_lint_run (policy, NULL);
    g_autofree char *moved_text = dump (moved);
    g_autofree char *moved_errors = codes_of (moved, XN_LINT_SEVERITY_ERROR);

    ck_assert_msg (g_str_equal (moved_errors, "XN-L012 XN-L012 XN-L012 XN-L012"), "errors:%s", moved_text);
    ck_assert_msg (strstr (moved_text, "\"personnel_mgr\" (tag") && strstr (moved_text, "\"user_vm_1\" (tag")
                   && strstr (moved_text, "\"user_vm_2\" (tag") && strstr (moved_text, "\"user_vm_3\" (tag")
                   && !strstr (moved_text, "\"nids\" (tag"), "errors:%s", moved_text);
  }
}
END_TEST

/* The line of the first element of @fixture that holds every needle,
 * found by reading the text, not through the loader under test. */
static guint
line_of (const char *fixture,
         const char *needle1,
         const char *needle2)
{
  g_autofree char *path = xn_test_data_path (fixture);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle1) != NULL && strstr (lines[i], needle2) != NULL)
      return i + 1;
  ck_abort_msg ("%s has no line with %s and %s", fixture, needle1, needle2);
  return 0;
}

/* Findings carry the line of their object's element, for FILE:LINE:
 * messages and for the editor; an object made in memory has none. */
START_TEST (test_issue_lines)
{
  g_autoptr(XnPolicy) policy = load_fixture ("xenon-enterprise-demo.xml");
  XnHost *host = xn_policy_find_host_by_name (policy, "localhost");
  XnDomain *mgr = xn_host_find_domain_by_name (host, "personnel_mgr");
  g_autoptr(GListModel) issues = NULL;
  guint switch_line = line_of ("xenon-enterprise-demo.xml", "<netSwitch ", "name=\"secbr0\"");
  guint mgr_line = line_of ("xenon-enterprise-demo.xml", "<domain ", "name=\"personnel_mgr\"");
  guint n_dangling = 0, n_shared = 0, n_made = 0;
  XnTag *made;

  ck_assert_ptr_nonnull (mgr);
  ck_assert_uint_ne (switch_line, mgr_line);
  xn_domain_set_sec_label_uuid (mgr, "deadbeef-0000-4000-8000-000000000000");
  /* A tag made in memory, with a colour the lint refuses. */
  made = add (xn_policy_get_tags (policy), xn_tag_new (), "made-here");
  xn_tag_set_id (made, 99);
  xn_tag_set_color (made, "nope");

  issues = xn_lint_run (policy, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(XnLintIssue) issue = g_list_model_get_item (issues, i);
      const char *code = xn_lint_issue_get_code (issue);

      if (g_str_equal (code, "XN-L001"))
        {
          ck_assert_uint_eq (xn_lint_issue_get_line (issue), mgr_line);
          n_dangling++;
        }
      else if (g_str_equal (code, "XN-L013"))
        {
          ck_assert_uint_eq (xn_lint_issue_get_line (issue), switch_line);
          n_shared++;
        }
      else if (g_str_equal (code, "XN-L021"))
        {
          ck_assert_uint_eq (xn_lint_issue_get_line (issue), 0);
          n_made++;
        }
    }
  ck_assert_uint_eq (n_made, 1);
  ck_assert_uint_eq (n_dangling, 1);
  ck_assert_uint_eq (n_shared, 3);
}
END_TEST

static Suite *
lint_suite (void)
{
  Suite *s = suite_create ("lint");
  TCase *tc = tcase_create ("rules");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_clean);
  tcase_add_loop_test (tc, test_dangling, 0, G_N_ELEMENTS (dangling_cases));
  tcase_add_test (tc, test_dangling_other_host);
  tcase_add_test (tc, test_device_other_host);
  tcase_add_test (tc, test_duplicate_names);
  tcase_add_test (tc, test_duplicate_ids);
  tcase_add_test (tc, test_duplicate_mac);
  tcase_add_test (tc, test_duplicate_ip);
  tcase_add_test (tc, test_duplicate_bdf);
  tcase_add_test (tc, test_device_twice);
  tcase_add_test (tc, test_device_not_held);
  tcase_add_test (tc, test_no_sec_label);
  tcase_add_test (tc, test_tag_mismatch);
  tcase_add_test (tc, test_backend_conflict);
  tcase_add_test (tc, test_switch_shared);
  tcase_add_test (tc, test_device_conflict);
  tcase_add_test (tc, test_privilege);
  tcase_add_test (tc, test_domain0_privilege);
  tcase_add_test (tc, test_guest_type);
  tcase_add_test (tc, test_exclusive_in_enclave);
  tcase_add_test (tc, test_conflict_size);
  tcase_add_test (tc, test_color);
  tcase_add_test (tc, test_bad_mac);
  tcase_add_test (tc, test_bad_ip);
  tcase_add_test (tc, test_subnet);
  tcase_add_test (tc, test_resources);
  tcase_add_test (tc, test_whitelist_address);
  tcase_add_test (tc, test_hypercall_name);
  tcase_add_loop_test (tc, test_subops, 0, G_N_ELEMENTS (bad_subops));
  tcase_add_test (tc, test_subops_unfiltered);
  tcase_add_loop_test (tc, test_hypercall_legacy, 0, 3);
  tcase_add_test (tc, test_switch_driver_channel);
  tcase_add_test (tc, test_may_run_on);
  tcase_add_test (tc, test_vif_without_ip);
  tcase_add_loop_test (tc, test_xl_extra_reserved, 0, G_N_ELEMENTS (reserved_xl));
  tcase_add_test (tc, test_xl_extra_lines);
  tcase_add_test (tc, test_live_update);
  tcase_add_test (tc, test_order_is_stable);
  tcase_add_test (tc, test_issue_object);
  suite_add_tcase (s, tc);

  tc = tcase_create ("table");
  tcase_add_test (tc, test_rule_table);
  tcase_add_test (tc, test_rules_documented);
  suite_add_tcase (s, tc);

  tc = tcase_create ("fixtures");
  tcase_add_test (tc, test_fixture_simple);
  tcase_add_test (tc, test_fixture_demo);
  tcase_add_test (tc, test_issue_lines);
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (lint_suite)
