/* xenon-probe.c: asks the hypervisor's Xenon guard from dom0
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Runs inside the e2e test's dom0 and prints one marker line per act on
 * the console, which the test reads from the serial log: the guard's
 * status and counters, a corrupt blob and an older one refused while the
 * guard keeps its policy, and mode switches (the overhead measurement's off, permissive
 * and enforcing runs).
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include <xenctrl.h>
#include <xencall.h>
#include <xen/event_channel.h>
#include "xenon_op.h"
#include "xng-guard.h"
#include "xng-writer.h"

static int
xenon_op (xencall_handle *xcall, xen_xenon_op_t *op)
{
  xen_xenon_op_t *buf = xencall_alloc_buffer (xcall, sizeof *buf);
  int rc;

  if (buf == NULL)
    return -ENOMEM;
  op->interface_version = XEN_XENON_INTERFACE_VERSION;
  memcpy (buf, op, sizeof *buf);
  rc = xencall1 (xcall, __HYPERVISOR_xsm_op, (uint64_t) (uintptr_t) buf);
  if (rc < 0)
    rc = -errno;
  memcpy (op, buf, sizeof *buf);
  xencall_free_buffer (xcall, buf);
  return rc;
}

static int
print_status (xencall_handle *xcall, const char *label)
{
  xen_xenon_op_t op = { .cmd = XENON_OP_status };
  int rc = xenon_op (xcall, &op);

  printf ("XENON-PROBE %s rc=%d mode=%u loaded=%u serial=%llu domains=%u "
          "checked=%llu denied=%llu violations=%llu dropped=%llu\n", label, rc,
          op.u.status.mode, op.u.status.loaded,
          (unsigned long long) op.u.status.serial, op.u.status.n_domains,
          (unsigned long long) op.u.status.checked,
          (unsigned long long) op.u.status.denied,
          (unsigned long long) op.u.status.violations,
          (unsigned long long) op.u.status.dropped);
  return rc;
}

static int
set_mode (xencall_handle *xcall, unsigned int mode)
{
  xen_xenon_op_t op = { .cmd = XENON_OP_set_mode };
  int rc;

  op.u.set_mode.mode = mode;
  rc = xenon_op (xcall, &op);
  printf ("XENON-PROBE setmode %u rc=%d\n", mode, rc);
  return rc;
}

/* 64 zero bytes: no magic, so the guard must refuse them and keep the
 * policy it has. */
static int
load_bad_blob (xencall_handle *xcall)
{
  xen_xenon_op_t op = { .cmd = XENON_OP_load };
  uint8_t *blob = xencall_alloc_buffer (xcall, 64);
  int rc;

  if (blob == NULL)
    return -ENOMEM;
  memset (blob, 0, 64);
  set_xen_guest_handle_raw (op.u.load.buffer, blob);
  op.u.load.size = 64;
  rc = xenon_op (xcall, &op);
  printf ("XENON-PROBE badblob rc=%d\n", rc);
  xencall_free_buffer (xcall, blob);
  return rc;
}

/* "12a3b311-e796-..." into 16 bytes. */
static int
parse_uuid (const char *text, uint8_t uuid[16])
{
  for (int k = 0, j = 0; k < 16; k++)
    {
      unsigned int byte;

      if (text[j] == '-')
        j++;
      if (sscanf (text + j, "%2x", &byte) != 1)
        return -EINVAL;
      uuid[k] = (uint8_t) byte;
      j += 2;
    }
  return 0;
}

/* Writes @spec as a blob and loads it past the daemon, printing
 * "XENON-PROBE @what serial=N rc=R". */
static int
load_spec (xencall_handle *xcall, const struct xng_spec *spec,
           const char *what)
{
  xen_xenon_op_t op = { .cmd = XENON_OP_load };
  size_t size = xng_blob_size (spec);
  uint8_t *blob = xencall_alloc_buffer (xcall, size);
  const char *why = NULL;
  int rc;

  if (blob == NULL)
    return -ENOMEM;
  if (xng_blob_write (spec, blob, size, &why) < 0)
    {
      printf ("XENON-PROBE %s cannot write: %s\n", what, why);
      xencall_free_buffer (xcall, blob);
      return -EINVAL;
    }
  set_xen_guest_handle_raw (op.u.load.buffer, blob);
  op.u.load.size = (uint32_t) size;
  rc = xenon_op (xcall, &op);
  printf ("XENON-PROBE %s serial=%llu rc=%d\n", what,
          (unsigned long long) spec->serial, rc);
  xencall_free_buffer (xcall, blob);
  return rc;
}

/* A valid blob (no profile, no domain: every guest denied) of @serial,
 * loaded past the daemon: the guard must refuse it when it is older
 * than a policy it loaded since boot. */
static int
load_old_blob (xencall_handle *xcall, unsigned long long serial)
{
  struct xng_spec spec = {
    .serial = serial,
    .default_profile = XNG_DEFAULT_DENY,
    .default_max_violations = XNG_VIOLATIONS_UNLIMITED,
    .default_action = XNG_ACTION_LOG,
  };

  return load_spec (xcall, &spec, "oldblob");
}

/* A blob of @serial giving the domains with handles @a and @b tags in
 * conflict, and every domain a profile that allows all but the legacy
 * hypercalls, except that @c's takes xen_version away: loaded past the
 * daemon, which refuses to put two running domains in conflict. */
static int
load_conflict_blob (xencall_handle *xcall, unsigned long long serial,
                    const char *a, const char *b, const char *c)
{
  static const struct xng_spec_conflict conflict = { 0, 1, false };
  struct xng_spec_profile profiles[2] = {
    { .hcalls = ~XNG_HCALLS_LEGACY, .subop_all = 0xff,
      .max_violations = XNG_VIOLATIONS_UNLIMITED, .action = XNG_ACTION_LOG },
    { .hcalls = ~XNG_HCALLS_LEGACY & ~(1ull << XNG_HC_XEN_VERSION),
      .subop_all = 0xff,
      .max_violations = XNG_VIOLATIONS_UNLIMITED, .action = XNG_ACTION_LOG },
  };
  struct xng_spec_domain doms[3] = {
    { .tag = 0 }, { .tag = 1 }, { .tag = XNG_TAG_NONE, .profile = 1 },
  };
  struct xng_spec spec = {
    .serial = serial,
    .default_profile = 0,
    .default_max_violations = XNG_VIOLATIONS_UNLIMITED,
    .default_action = XNG_ACTION_LOG,
    .profiles = profiles,
    .n_profiles = 2,
    .domains = doms,
    .n_domains = 3,
    .n_tags = 2,
    .conflicts = &conflict,
    .n_conflicts = 1,
  };

  if (parse_uuid (a, doms[0].uuid) < 0 || parse_uuid (b, doms[1].uuid) < 0
      || parse_uuid (c, doms[2].uuid) < 0)
    return -EINVAL;
  return load_spec (xcall, &spec, "conflictblob");
}

/* A blob of @serial whose profile for the domain with handle @uuid is
 * for HVM guests only, every other domain's for any type: a PV domain of
 * that handle must not be let run. */
static int
load_type_blob (xencall_handle *xcall, unsigned long long serial,
                const char *uuid)
{
  struct xng_spec_profile profiles[2] = {
    { .hcalls = ~XNG_HCALLS_LEGACY, .subop_all = 0xff,
      .max_violations = XNG_VIOLATIONS_UNLIMITED, .action = XNG_ACTION_LOG,
      .guest_type = XNG_GUEST_ANY },
    { .hcalls = ~XNG_HCALLS_LEGACY, .subop_all = 0xff,
      .max_violations = XNG_VIOLATIONS_UNLIMITED, .action = XNG_ACTION_LOG,
      .guest_type = XNG_GUEST_HVM },
  };
  struct xng_spec_domain dom = { .tag = XNG_TAG_NONE, .profile = 1 };
  struct xng_spec spec = {
    .serial = serial,
    .default_profile = 0,
    .default_max_violations = XNG_VIOLATIONS_UNLIMITED,
    .default_action = XNG_ACTION_LOG,
    .profiles = profiles,
    .n_profiles = 2,
    .domains = &dom,
    .n_domains = 1,
  };

  if (parse_uuid (uuid, dom.uuid) < 0)
    return -EINVAL;
  return load_spec (xcall, &spec, "typeblob");
}

/* As the toolstack does for a guest's console: a port of domain @dom
 * that domain @remote may bind. */
static int
alloc_pair_port (xencall_handle *xcall, unsigned int dom, unsigned int remote)
{
  struct evtchn_alloc_unbound *buf = xencall_alloc_buffer (xcall, sizeof *buf);
  int rc;

  if (buf == NULL)
    return -ENOMEM;
  memset (buf, 0, sizeof *buf);
  buf->dom = (domid_t) dom;
  buf->remote_dom = (domid_t) remote;
  rc = xencall2 (xcall, __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
                 (uint64_t) (uintptr_t) buf);
  if (rc < 0)
    rc = -errno;
  printf ("XENON-PROBE pairchan dom=%u remote=%u port=%u rc=%d\n", dom, remote,
          buf->port, rc);
  xencall_free_buffer (xcall, buf);
  return rc;
}

/*
 * xenon-probe status | setmode off|permissive|enforcing | badblob |
 *             oldblob SERIAL | conflictblob SERIAL UUID-A UUID-B UUID-C |
 *             typeblob SERIAL UUID | pairchan DOMID REMOTE-DOMID
 * Without arguments: status, badblob, setmode permissive, status2 (the
 * boot check of the first e2e stage).
 */
int
main (int argc, char **argv)
{
  xencall_handle *xcall = xencall_open (NULL, 0);
  int rc = 0;

  if (xcall == NULL)
    {
      printf ("XENON-PROBE no-xencall errno=%d\n", errno);
      return 1;
    }
  if (argc < 2)
    {
      print_status (xcall, "status");
      load_bad_blob (xcall);
      set_mode (xcall, XENON_MODE_PERMISSIVE);
      print_status (xcall, "status2");
    }
  else if (strcmp (argv[1], "status") == 0)
    rc = print_status (xcall, "status");
  else if (strcmp (argv[1], "badblob") == 0)
    rc = load_bad_blob (xcall) < 0 ? 0 : 1;
  else if (strcmp (argv[1], "oldblob") == 0 && argc == 3)
    rc = load_old_blob (xcall, strtoull (argv[2], NULL, 10)) < 0 ? 0 : 1;
  else if (strcmp (argv[1], "conflictblob") == 0 && argc == 6)
    rc = load_conflict_blob (xcall, strtoull (argv[2], NULL, 10), argv[3], argv[4], argv[5]);
  else if (strcmp (argv[1], "typeblob") == 0 && argc == 4)
    rc = load_type_blob (xcall, strtoull (argv[2], NULL, 10), argv[3]);
  else if (strcmp (argv[1], "pairchan") == 0 && argc == 4)
    rc = alloc_pair_port (xcall, (unsigned int) strtoul (argv[2], NULL, 10),
                          (unsigned int) strtoul (argv[3], NULL, 10));
  else if (strcmp (argv[1], "setmode") == 0 && argc == 3)
    {
      static const char *const names[] = { "off", "permissive", "enforcing" };
      unsigned int m;

      for (m = 0; m < 3 && strcmp (argv[2], names[m]) != 0; m++)
        ;
      if (m == 3)
        {
          fprintf (stderr, "xenon-probe: unknown mode “%s”\n", argv[2]);
          rc = 2;
        }
      else
        rc = set_mode (xcall, m);
    }
  else
    {
      fprintf (stderr, "usage: xenon-probe [status | badblob | oldblob SERIAL | setmode MODE |\n"
               "       conflictblob SERIAL UUID-A UUID-B | typeblob SERIAL UUID |\n"
               "       pairchan DOMID REMOTE]\n");
      rc = 2;
    }
  xencall_close (xcall);
  return rc == 0 ? 0 : 1;
}
