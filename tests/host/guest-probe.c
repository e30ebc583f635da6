/* guest-probe.c: one hypercall from a Linux PV guest's user space
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The host suite's guests run it to probe the guard from inside: it asks
 * the guest kernel's privcmd driver to issue hypercall NUMBER (default
 * 35, sysctl, which no guest profile of the suite allows) with a zeroed
 * argument, and prints what came back.  Built static by run-host, for
 * the busybox initramfs.
 * Usage: xn-guest-probe [NUMBER]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/types.h>
#include <xen/xen.h>
#include <xen/sys/privcmd.h>

int
main (int argc, char **argv)
{
  static unsigned char arg[4096] __attribute__ ((aligned (4096)));
  privcmd_hypercall_t call = { 0 };
  int fd, rc;

  call.op = argc > 1 ? strtoull (argv[1], NULL, 0) : 35;
  call.arg[0] = (__u64) (unsigned long) arg;
  fd = open ("/dev/xen/privcmd", O_RDWR);
  if (fd < 0)
    {
      printf ("hcall=%llu open-failed errno=%d\n", (unsigned long long) call.op, errno);
      return 2;
    }
  rc = ioctl (fd, IOCTL_PRIVCMD_HYPERCALL, &call);
  printf ("hcall=%llu rc=%d errno=%d\n", (unsigned long long) call.op, rc, rc < 0 ? errno : 0);
  close (fd);
  return 0;
}
