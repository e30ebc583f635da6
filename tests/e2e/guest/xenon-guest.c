/* xenon-guest.c: the e2e test's PV guest
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A freestanding 64-bit PV kernel that issues chosen hypercalls and
 * prints each result on its PV console as one "XENON-GUEST" line, which
 * dom0 copies to the serial log where the test reads it.  What it does
 * is chosen on its command line (the policy's pvBootOptCmdline):
 *
 *   probe         allowed, forbidden and forbidden-sub-op calls, the
 *                 legacy hypercalls, then a flood of xen_version past
 *                 the profile's rate
 *   chan peer=N   offer domain N an event channel (EVTCHNOP_alloc_unbound)
 *   sender        find the port dom0 allocated for a peer, send on it
 *   binder        bind the port some domain holds for it, send on it
 *                 (both print each change of the send's result, forever)
 *   bench n=N     N calls of xen_version(XENVER_version), then N/100 of
 *                 vcpu_op (denied by its profile), timed by rdtsc
 */

#include <stdint.h>
#include <stddef.h>

#define __XEN_INTERFACE_VERSION__ 0x00040d00
#include <xen/xen.h>
#include <xen/version.h>
#include <xen/vcpu.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/io/console.h>

extern char hypercall_page[4096];

static start_info_t *si;
static struct xencons_interface *cons;
static evtchn_port_t cons_port;

static long
hcall (unsigned int nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
  register unsigned long rdi __asm__ ("rdi") = a1;
  register unsigned long rsi __asm__ ("rsi") = a2;
  register unsigned long rdx __asm__ ("rdx") = a3;
  long ret;

  __asm__ volatile ("call *%[stub]"
                    : "=a" (ret), "+r" (rdi), "+r" (rsi), "+r" (rdx)
                    : [stub] "r" (hypercall_page + nr * 32)
                    : "memory", "rcx", "r8", "r10", "r11");
  return ret;
}

static long
evtchn_op (unsigned int cmd, void *arg)
{
  return hcall (__HYPERVISOR_event_channel_op, cmd, (unsigned long) arg, 0);
}

static long
sched_op (unsigned int cmd, void *arg)
{
  return hcall (__HYPERVISOR_sched_op, cmd, (unsigned long) arg, 0);
}

static void
cons_write (const char *s, size_t n)
{
  struct evtchn_send send = { .port = cons_port };

  for (size_t i = 0; i < n; i++)
    {
      /* Full ring: let xenconsoled drain it. */
      while (cons->out_prod - cons->out_cons >= sizeof cons->out)
        {
          evtchn_op (EVTCHNOP_send, &send);
          sched_op (SCHEDOP_yield, NULL);
        }
      cons->out[MASK_XENCONS_IDX (cons->out_prod, cons->out)] = s[i];
      __asm__ volatile ("" ::: "memory");
      cons->out_prod++;
    }
  evtchn_op (EVTCHNOP_send, &send);
}

/* Output, without a C library: strings and signed decimals. */
static char line[256];
static size_t line_len;

static void
put_str (const char *s)
{
  while (*s && line_len < sizeof line - 1)
    line[line_len++] = *s++;
}

static void
put_num (long long v)
{
  char buf[24];
  int n = 0;
  unsigned long long u = v < 0 ? -(unsigned long long) v : (unsigned long long) v;

  do
    buf[n++] = '0' + u % 10;
  while ((u /= 10) != 0);
  if (v < 0)
    buf[n++] = '-';
  while (n > 0 && line_len < sizeof line - 1)
    line[line_len++] = buf[--n];
}

static void
end_line (void)
{
  line[line_len++] = '\n';
  cons_write (line, line_len);
  line_len = 0;
}

/* "XENON-GUEST <what> rc=<rc>" */
static void
report (const char *what, long rc)
{
  put_str ("XENON-GUEST ");
  put_str (what);
  put_str (" rc=");
  put_num (rc);
  end_line ();
}

static const char *
arg_value (const char *key)
{
  const char *p = (const char *) si->cmd_line;
  size_t klen = 0;

  while (key[klen])
    klen++;
  while (*p)
    {
      size_t i = 0;

      while (i < klen && p[i] == key[i])
        i++;
      if (i == klen && (p[i] == '=' || p[i] == ' ' || p[i] == '\0'))
        return p[i] == '=' ? p + i + 1 : p + i;
      while (*p && *p != ' ')
        p++;
      while (*p == ' ')
        p++;
    }
  return NULL;
}

static long
arg_number (const char *key, long fallback)
{
  const char *v = arg_value (key);
  long n = 0;

  if (v == NULL || *v < '0' || *v > '9')
    return fallback;
  while (*v >= '0' && *v <= '9')
    n = n * 10 + (*v++ - '0');
  return n;
}

static uint64_t
rdtsc (void)
{
  uint32_t lo, hi;

  __asm__ volatile ("rdtsc" : "=a" (lo), "=d" (hi));
  return ((uint64_t) hi << 32) | lo;
}

static void
run_probe (void)
{
  xen_extraversion_t extra;
  long rc, denied = 0, n = arg_number ("flood", 3000);

  /* In every profile of the test: must pass. */
  report ("version", hcall (__HYPERVISOR_xen_version, XENVER_version, 0, 0));
  /* vcpu_op is not in the first policy's profile: -EPERM (-1). */
  report ("vcpu_is_up", hcall (__HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, 0));
  /* xen_version is, but not its extraversion sub-op. */
  report ("extraversion",
          hcall (__HYPERVISOR_xen_version, XENVER_extraversion,
                 (unsigned long) &extra, 0));

  /* The legacy hypercalls, with a sub-op Xen does not know: the guard
   * denies them (-EPERM, -1) whatever the sub-op; past the guard, Xen
   * would answer -ENOSYS (-38). */
  {
    uint32_t legacy_op[8] = { 0xffff };

    report ("sched_op_compat", hcall (6, 0xffff, 0, 0));
    report ("event_channel_op_compat",
            hcall (16, (unsigned long) legacy_op, 0, 0));
    report ("physdev_op_compat", hcall (19, (unsigned long) legacy_op, 0, 0));
  }

  put_str ("XENON-GUEST flood start n=");
  put_num (n);
  end_line ();
  for (long i = 0; i < n; i++)
    {
      rc = hcall (__HYPERVISOR_xen_version, XENVER_version, 0, 0);
      if (rc < 0)
        denied++;
    }
  /* Only printed if the profile's cap did not pause the domain. */
  put_str ("XENON-GUEST flood done denied=");
  put_num (denied);
  end_line ();
}

static void
run_chan (void)
{
  struct evtchn_alloc_unbound alloc = {
    .dom = DOMID_SELF,
    .remote_dom = (domid_t) arg_number ("peer", 1),
  };
  long rc = evtchn_op (EVTCHNOP_alloc_unbound, &alloc);

  put_str ("XENON-GUEST chan peer=");
  put_num (alloc.remote_dom);
  put_str (" rc=");
  put_num (rc);
  end_line ();
}

/*
 * Sends on @port without end, printing "XENON-GUEST send rc=R" each time
 * the result changes (the first included): the test reads when a policy
 * cut the channel, and that nothing opened it again.
 */
static void
send_forever (evtchn_port_t port)
{
  struct evtchn_send send = { .port = port };
  long last = 1, rc;

  for (;;)
    {
      rc = evtchn_op (EVTCHNOP_send, &send);
      if (rc != last)
        {
          put_str ("XENON-GUEST send port=");
          put_num (port);
          put_str (" rc=");
          put_num (rc);
          end_line ();
          last = rc;
        }
      sched_op (SCHEDOP_yield, NULL);
    }
}

/* sender: dom0 allocated one of our ports for a peer; find it and send. */
static void
run_sender (void)
{
  for (;;)
    {
      for (evtchn_port_t p = 1; p < 64; p++)
        {
          struct evtchn_status st = { .dom = DOMID_SELF, .port = p };

          if (p == cons_port || p == si->store_evtchn
              || evtchn_op (EVTCHNOP_status, &st) != 0)
            continue;
          if ((st.status == EVTCHNSTAT_unbound && st.u.unbound.dom != 0)
              || (st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom != 0))
            send_forever (p);
        }
      sched_op (SCHEDOP_yield, NULL);
    }
}

/* binder: bind the port some domain holds for us, then send on it. */
static void
run_binder (void)
{
  for (;; sched_op (SCHEDOP_yield, NULL))
    for (domid_t d = 1; d < 256; d++)
      for (evtchn_port_t p = 1; p < 16; p++)
        {
          struct evtchn_bind_interdomain bind = {
            .remote_dom = d,
            .remote_port = p,
          };

          if (evtchn_op (EVTCHNOP_bind_interdomain, &bind) != 0)
            continue;
          put_str ("XENON-GUEST bound peer=");
          put_num (d);
          put_str (" port=");
          put_num (p);
          put_str (" local=");
          put_num (bind.local_port);
          end_line ();
          send_forever (bind.local_port);
        }
}

/* "XENON-GUEST bench <what> n=N cycles=C per_call=P fails=F" */
static void
bench_line (const char *what, long n, uint64_t cycles, long fails)
{
  put_str ("XENON-GUEST bench ");
  put_str (what);
  put_str (" n=");
  put_num (n);
  put_str (" cycles=");
  put_num ((long long) cycles);
  put_str (" per_call=");
  put_num ((long long) (cycles / (uint64_t) (n ? n : 1)));
  put_str (" fails=");
  put_num (fails);
  end_line ();
}

static void
run_bench (void)
{
  long n = arg_number ("n", 10000), fails = 0;
  uint64_t t0, t1;

  /* Warm up the path once, then time n calls. */
  hcall (__HYPERVISOR_xen_version, XENVER_version, 0, 0);
  t0 = rdtsc ();
  for (long i = 0; i < n; i++)
    if (hcall (__HYPERVISOR_xen_version, XENVER_version, 0, 0) < 0)
      fails++;
  t1 = rdtsc ();
  bench_line ("allowed", n, t1 - t0, fails);

  /* A hundredth as many calls the profile does not allow (vcpu_op): the
   * guard's violation path, where it records and denies. */
  n /= 100;
  fails = 0;
  t0 = rdtsc ();
  for (long i = 0; i < n; i++)
    if (hcall (__HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, 0) < 0)
      fails++;
  t1 = rdtsc ();
  bench_line ("denied", n, t1 - t0, fails);
}

void guest_main (start_info_t *start_info);

void
guest_main (start_info_t *start_info)
{
  /* The console page is a machine frame: the read-only M2P table gives
   * its pseudo-physical frame, which is its virtual page (base 0). */
  const unsigned long *m2p = (const unsigned long *) MACH2PHYS_VIRT_START;
  struct sched_shutdown down = { .reason = SHUTDOWN_poweroff };

  si = start_info;
  cons = (struct xencons_interface *) (m2p[si->console.domU.mfn] << 12);
  cons_port = si->console.domU.evtchn;

  put_str ("XENON-GUEST start cmdline=");
  put_str ((const char *) si->cmd_line);
  end_line ();

  if (arg_value ("probe"))
    run_probe ();
  else if (arg_value ("chan"))
    run_chan ();
  else if (arg_value ("bench"))
    run_bench ();
  else if (arg_value ("sender"))
    run_sender ();
  else if (arg_value ("binder"))
    run_binder ();
  else
    report ("unknown-mode", -1);

  put_str ("XENON-GUEST end");
  end_line ();
  sched_op (SCHEDOP_shutdown, &down);
  for (;;)
    sched_op (SCHEDOP_yield, NULL);
}
