/* xenon-probe.c: asks the hypervisor's Xenon guard from dom0
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Runs inside the e2e test's dom0 and prints one marker line per check
 * on the console, which the test reads from the serial log: the status
 * sub-op answers (the guard is there), and a corrupt blob is refused
 * while the guard keeps running.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <xenctrl.h>
#include <xencall.h>
#include "xenon_op.h"

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

int
main (void)
{
  xencall_handle *xcall = xencall_open (NULL, 0);
  xen_xenon_op_t op = { .cmd = XENON_OP_status };
  uint8_t *blob;
  int rc;

  if (xcall == NULL)
    {
      printf ("XENON-PROBE no-xencall errno=%d\n", errno);
      return 1;
    }
  rc = xenon_op (xcall, &op);
  printf ("XENON-PROBE status rc=%d mode=%u loaded=%u checked=%llu\n", rc,
          op.u.status.mode, op.u.status.loaded,
          (unsigned long long) op.u.status.checked);

  /* 64 zero bytes: no magic, so the guard must refuse it. */
  blob = xencall_alloc_buffer (xcall, 64);
  memset (blob, 0, 64);
  memset (&op, 0, sizeof op);
  op.cmd = XENON_OP_load;
  set_xen_guest_handle_raw (op.u.load.buffer, blob);
  op.u.load.size = 64;
  rc = xenon_op (xcall, &op);
  printf ("XENON-PROBE badblob rc=%d\n", rc);
  xencall_free_buffer (xcall, blob);

  memset (&op, 0, sizeof op);
  op.cmd = XENON_OP_set_mode;
  op.u.set_mode.mode = XENON_MODE_PERMISSIVE;
  rc = xenon_op (xcall, &op);
  printf ("XENON-PROBE setmode rc=%d\n", rc);
  memset (&op, 0, sizeof op);
  op.cmd = XENON_OP_status;
  rc = xenon_op (xcall, &op);
  printf ("XENON-PROBE status2 rc=%d mode=%u\n", rc, op.u.status.mode);

  xencall_close (xcall);
  return 0;
}
