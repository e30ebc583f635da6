/* gen-policy.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Writes a large, valid, lint-clean policy document for the benchmarks:
 * by default 100 hosts × 100 domains (10,000), 1,000 tags, 100 conflicts
 * and two VIFs per domain (20,000). The output depends only on the
 * arguments, so figures from different runs compare.
 *
 * Usage: gen-policy [--hosts N] [--domains-per-host N] [--tags N]
 *                   [--conflicts N] [--serial N] [-o FILE]
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "../xn-xorshift.h"

#define N_PROFILES 8
#define ENCLAVES_PER_HOST 10

static guint32 rng_state = 0x9e3779b9u;

static guint32
rng (void)
{
  return xn_xorshift32 (&rng_state);
}

static void
uuid (GString *out,
      guint    kind,
      guint    n)
{
  g_string_append_printf (out, "%08x-%04x-4%03x-8000-%012x", kind, (n >> 16) & 0xffff, n & 0xfff, n);
}

static const char *profile_names[N_PROFILES] = {
  "Dom0-Management", "PV-LinuxGeneric", "PVH-LinuxGeneric", "HVM-LinuxGeneric",
  "NetworkService", "StorageService", "Introspection", "AnyDomU-AllowAll",
};

/* PV-LinuxGeneric, NetworkService, StorageService, AnyDomU-AllowAll */
static const guint label_profiles[] = { 1, 4, 5, 7 };

static const char *pv_calls[] = {
  "set_trap_table", "mmu_update", "stack_switch", "set_callbacks", "fpu_taskswitch",
  "memory_op", "multicall", "update_va_mapping", "set_timer_op", "xen_version",
  "console_io", "grant_table_op", "vm_assist", "iret", "vcpu_op", "set_segment_base",
  "mmuext_op", "sched_op", "callback_op", "event_channel_op", "physdev_op", NULL
};

int
main (int   argc,
      char *argv[])
{
  int n_hosts = 100, per_host = 100, n_tags = 1000, n_conflicts = 100;
  gint64 serial = 1;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "hosts", 0, 0, G_OPTION_ARG_INT, &n_hosts, "Hosts", "N" },
    { "domains-per-host", 0, 0, G_OPTION_ARG_INT, &per_host, "Domains per host", "N" },
    { "tags", 0, 0, G_OPTION_ARG_INT, &n_tags, "Tags", "N" },
    { "conflicts", 0, 0, G_OPTION_ARG_INT, &n_conflicts, "Conflicts", "N" },
    { "serial", 0, 0, G_OPTION_ARG_INT64, &serial, "Serial", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output file", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- write a large Xenon policy");
  g_autoptr(GError) error = NULL;
  GString *s = g_string_sized_new (16 * 1024 * 1024);
  guint dom = 0, vif = 0, dev = 0, sw = 0, encl = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("gen-policy: %s\n", error->message);
      return 2;
    }
  if (n_hosts < 1 || per_host < ENCLAVES_PER_HOST * 2 || n_tags < ENCLAVES_PER_HOST || n_conflicts < 0)
    {
      g_printerr ("gen-policy: need hosts ≥ 1, domains-per-host ≥ %d, tags ≥ %d\n",
                  ENCLAVES_PER_HOST * 2, ENCLAVES_PER_HOST);
      return 2;
    }

  g_string_append (s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (s, "<policy xmlns=\"urn:xenonvmm:policy:1\" formatVersion=\"1\" uuid=\"");
  uuid (s, 0xf0, 0);
  g_string_append_printf (s, "\" name=\"bench-%d-hosts\" serial=\"%" G_GINT64_FORMAT "\">\n",
                          n_hosts, serial);
  g_string_append (s, "  <enterprise>\n    <profiles>\n");
  for (guint p = 0; p < N_PROFILES; p++)
    {
      g_string_append (s, "      <profile uuid=\"");
      uuid (s, 0xf1, p);
      g_string_append_printf (s, "\" name=\"%s\" guestType=\"%s\" privilege=\"%s\" "
                              "maxViolations=\"%u\" violationAction=\"%s\">\n",
                              profile_names[p], p == 2 ? "pvh" : p == 3 ? "hvm" : p == 7 ? "any" : "pv",
                              p == 0 ? "management" : p == 6 ? "security" : "regular",
                              10 + p, p % 3 == 0 ? "log" : p % 3 == 1 ? "pause" : "destroy");
      if (p != 0)
        g_string_append_printf (s, "        <rate hmax=\"%u\" burst=\"%u\"/>\n", 1000 + 100 * p, 2000 + 100 * p);
      for (guint c = 0; pv_calls[c] != NULL; c++)
        {
          if (g_str_equal (pv_calls[c], "memory_op"))
            g_string_append (s, "        <hypercall name=\"memory_op\" subops=\"0-9,12\"/>\n");
          else
            g_string_append_printf (s, "        <hypercall name=\"%s\"/>\n", pv_calls[c]);
        }
      if (p == 0)
        g_string_append (s, "        <hypercall name=\"domctl\"/>\n        <hypercall name=\"sysctl\"/>\n");
      g_string_append (s, "      </profile>\n");
    }
  g_string_append (s, "    </profiles>\n    <tags>\n");
  for (int t = 0; t < n_tags; t++)
    {
      g_string_append (s, "      <tag uuid=\"");
      uuid (s, 0xf2, t);
      g_string_append_printf (s, "\" name=\"tag-%04d\" id=\"%d\" color=\"#%06x\"/>\n",
                              t, t + 1, (rng () & 0xffffff));
    }
  g_string_append (s, "    </tags>\n    <conflicts>\n");
  for (int c = 0; c < n_conflicts; c++)
    {
      /* Tags of one host's enclaves never conflict with each other here:
       * a conflict names tags at a stride, so every host keeps a clean
       * lint while the compiler still meets many conflicting pairs. */
      int width = 2 + rng () % 3;
      int base = rng () % n_tags;

      g_string_append (s, "      <conflict uuid=\"");
      uuid (s, 0xf3, c);
      g_string_append_printf (s, "\" name=\"conflict-%03d\" id=\"%d\" allowSimultaneous=\"%s\">\n",
                              c, c + 1, c % 4 == 0 ? "false" : "true");
      for (int k = 0; k < width; k++)
        {
          g_string_append (s, "        <tagRef tagUuidRef=\"");
          uuid (s, 0xf2, (base + k * (n_tags / width + 1)) % n_tags);
          g_string_append (s, "\"/>\n");
        }
      g_string_append (s, "      </conflict>\n");
    }
  g_string_append (s, "    </conflicts>\n    <secLabels>\n");
  for (int t = 0; t < n_tags; t++)
    {
      g_string_append (s, "      <secLabel uuid=\"");
      uuid (s, 0xf4, t);
      g_string_append_printf (s, "\" name=\"label-%04d\" tagUuidRef=\"", t);
      uuid (s, 0xf2, t);
      g_string_append (s, "\" profileUuidRef=\"");
      /* PV guests only, and regular privilege: the domains are all PV and
       * mostly user domains (lint XN-L016/L018). */
      uuid (s, 0xf1, label_profiles[t % G_N_ELEMENTS (label_profiles)]);
      g_string_append (s, "\"/>\n");
    }
  g_string_append (s, "    </secLabels>\n  </enterprise>\n  <hosts>\n");

  for (int h = 0; h < n_hosts; h++)
    {
      guint dom0_index = dom;
      guint per_encl = per_host / ENCLAVES_PER_HOST;

      g_string_append (s, "    <hostConfig uuid=\"");
      uuid (s, 0xf5, h);
      g_string_append_printf (s, "\" name=\"host-%03d\" address=\"10.%d.%d.1\" sshPort=\"22\">\n",
                              h, 100 + h / 250, h % 250);
      g_string_append (s, "      <hardware>\n");
      for (int e = 0; e < ENCLAVES_PER_HOST; e++)
        {
          g_string_append (s, "        <device uuid=\"");
          uuid (s, 0xf6, dev + e);
          g_string_append_printf (s, "\" bdf=\"0000:%02x:00.0\" class=\"network\" vendorId=\"8086\" "
                                  "deviceId=\"10fb\" name=\"82599ES 10-Gigabit\" ifname=\"eth%d\" "
                                  "mac=\"a0:36:9f:%02x:%02x:%02x\"/>\n",
                                  e + 1, e, (dev + e) >> 16 & 0xff, (dev + e) >> 8 & 0xff, (dev + e) & 0xff);
        }
      g_string_append (s, "      </hardware>\n      <rootDomains>\n");
      g_string_append (s, "        <domain uuid=\"");
      uuid (s, 0xf7, dom++);
      g_string_append (s, "\" name=\"Domain-0\" kind=\"root\" guestType=\"pv\" memory=\"4096\" vcpus=\"4\">\n"
                          "          <vifs/>\n          <disks/>\n          <pciDevices/>\n"
                          "          <netAccessRestrictions whiteList=\"false\"/>\n"
                          "          <extraXlConfigKeyValPairs/>\n        </domain>\n");
      g_string_append (s, "      </rootDomains>\n      <enclaves>\n");
      for (int e = 0; e < ENCLAVES_PER_HOST; e++, encl++)
        {
          guint tag = (h * ENCLAVES_PER_HOST + e) % n_tags;

          g_string_append (s, "        <enclave uuid=\"");
          uuid (s, 0xf8, encl);
          g_string_append_printf (s, "\" name=\"enclave-%d\" tagUuidRef=\"", e);
          uuid (s, 0xf2, tag);
          g_string_append (s, "\">\n          <assignedHardware>\n            <deviceRef deviceUuidRef=\"");
          uuid (s, 0xf6, dev + e);
          g_string_append (s, "\"/>\n          </assignedHardware>\n          <domains>\n");
          for (guint d = 0; d < per_encl; d++)
            {
              guint my_dom = dom++;

              g_string_append (s, "            <domain uuid=\"");
              uuid (s, 0xf7, my_dom);
              g_string_append_printf (s, "\" name=\"h%03d-e%d-%s%u\" kind=\"%s\" guestType=\"pv\" "
                                      "secLabelUuidRef=\"", h, e, d == 0 ? "net" : "vm", d,
                                      d == 0 ? "service" : "user");
              uuid (s, 0xf4, tag);
              g_string_append_printf (s, "\" memory=\"%u\" vcpus=\"%u\">\n", 512 + 256 * (d % 4), 1 + d % 2);
              g_string_append (s, "              <pvBootOptKernel>/usr/lib/xen/boot/pv-grub-x86_64.gz</pvBootOptKernel>\n"
                                  "              <pvBootOptCmdline>(hd0,0)/boot/grub/menu.lst</pvBootOptCmdline>\n"
                                  "              <vifs>\n");
              for (int k = 0; k < 2; k++)
                {
                  g_string_append (s, "                <vif uuid=\"");
                  uuid (s, 0xf9, vif);
                  /* vif 0 on the enclave's own switch, vif 1 on the host's
                   * second switch of the same enclave (two per enclave). */
                  g_string_append (s, "\" netSwitchUuidRef=\"");
                  uuid (s, 0xfa, sw + e * 2 + k);
                  g_string_append_printf (s, "\" mac=\"00:16:3e:%02x:%02x:%02x\" ip=\"10.%d.%d.%u\" enabled=\"true\"/>\n",
                                          vif >> 16 & 0xff, vif >> 8 & 0xff, vif & 0xff,
                                          /* past 245 domains per enclave the
                                           * host octet carries on; addresses
                                           * need only be unique per switch */
                                          e * 2 + k, (h + (10 + d) / 256) & 0xff, (10 + d) % 256);
                  vif++;
                }
              g_string_append (s, "              </vifs>\n              <disks>\n                <disk uuid=\"");
              uuid (s, 0xfb, my_dom);
              g_string_append_printf (s, "\" vdev=\"xvda\" target=\"/dev/vg0/dom%u\" format=\"raw\" mode=\"rw\"/>\n", my_dom);
              g_string_append (s, "              </disks>\n              <pciDevices/>\n"
                                  "              <netAccessRestrictions whiteList=\"false\"/>\n"
                                  "              <extraXlConfigKeyValPairs>\n"
                                  "                <xlConfigKeyValPair>on_crash = \"restart\"</xlConfigKeyValPair>\n"
                                  "              </extraXlConfigKeyValPairs>\n"
                                  "            </domain>\n");
            }
          g_string_append (s, "          </domains>\n        </enclave>\n");
        }
      g_string_append (s, "      </enclaves>\n      <netSwitches>\n");
      for (int e = 0; e < ENCLAVES_PER_HOST * 2; e++)
        {
          g_string_append (s, "        <netSwitch uuid=\"");
          uuid (s, 0xfa, sw + e);
          g_string_append_printf (s, "\" name=\"xbr%d\" driverDomainUuidRef=\"", e);
          /* driven by the enclave's service domain (the first domain of the enclave) */
          uuid (s, 0xf7, dom0_index + 1 + (e / 2) * per_encl);
          g_string_append_printf (s, "\" address=\"10.%d.%d.1\" netmask=\"255.255.255.0\"/>\n", e, h);
        }
      g_string_append (s, "      </netSwitches>\n      <storageLocations/>\n    </hostConfig>\n");
      sw += ENCLAVES_PER_HOST * 2;
      dev += ENCLAVES_PER_HOST;
    }
  g_string_append (s, "  </hosts>\n</policy>\n");

  if (output != NULL)
    {
      if (!g_file_set_contents (output, s->str, s->len, &error))
        {
          g_printerr ("gen-policy: %s\n", error->message);
          return 1;
        }
    }
  else
    fwrite (s->str, 1, s->len, stdout);

  g_printerr ("gen-policy: %d hosts, %u domains, %d tags, %d conflicts, %u VIFs, %u switches, %zu bytes\n",
              n_hosts, dom, n_tags, n_conflicts, vif, sw, s->len);
  g_string_free (s, TRUE);
  return 0;
}
