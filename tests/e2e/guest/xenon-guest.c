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
 *   version       ask for Xen's version without end, printing each change
 *                 of the result (0: allowed); no other call but a yield,
 *                 so that no other hook of the guard sees this domain
 *   bench n=N     N calls of xen_version(XENVER_version), then N/100 of
 *                 vcpu_op (denied by its profile), timed by rdtsc
 *   cont k=K burst=B
 *                 K calls of each kind Xen preempts and the guest issues
 *                 again (a multicall, an mmuext_op, a multicall entry),
 *                 then spends what its profile's rate (burst B) should
 *                 have left: a call judged twice shows as a token short
 */

#include <stdint.h>
#include <stddef.h>

#define __XEN_INTERFACE_VERSION__ 0x00040d00
#include <xen/xen.h>
#include <xen/version.h>
#include <xen/vcpu.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/callback.h>
#include <xen/io/console.h>

extern char hypercall_page[4096];

static start_info_t *si;
static struct xencons_interface *cons;
static evtchn_port_t cons_port;

/* Hypercalls issued, each one judged by the guard (cont counts them). */
static unsigned long issued;

static long
hcall4 (unsigned int nr, unsigned long a1, unsigned long a2, unsigned long a3,
        unsigned long a4)
{
  register unsigned long rdi __asm__ ("rdi") = a1;
  register unsigned long rsi __asm__ ("rsi") = a2;
  register unsigned long rdx __asm__ ("rdx") = a3;
  register unsigned long r10 __asm__ ("r10") = a4;
  long ret;

  issued++;
  __asm__ volatile ("call *%[stub]"
                    : "=a" (ret), "+r" (rdi), "+r" (rsi), "+r" (rdx),
                      "+r" (r10)
                    : [stub] "r" (hypercall_page + nr * 32)
                    : "memory", "rcx", "r8", "r11");
  return ret;
}

static long
hcall (unsigned int nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
  return hcall4 (nr, a1, a2, a3, 0);
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

/* Set once the guest may have spent its rate: a refused notification of
 * the console is tried again after a pause instead of leaving the
 * output unread. */
static int patient;

static void
spin (void)
{
  for (volatile unsigned long i = 0; i < 20000000; i++)
    __asm__ volatile ("pause");
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
  for (int tries = 0; evtchn_op (EVTCHNOP_send, &send) != 0 && patient
       && tries < 50; tries++)
    spin ();
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

/* version: a policy that takes xen_version away from this running domain
 * must hold from its next call, though the domain does nothing else that
 * would make the guard look at its policy again. */
static void
run_version (void)
{
  long last = 1, rc;

  for (;;)
    {
      rc = hcall (__HYPERVISOR_xen_version, XENVER_version, 0, 0);
      rc = rc < 0 ? rc : 0;
      if (rc != last)
        {
          report ("version", rc);
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

/*
 * cont: hypercalls that Xen preempts.  Xen checks between two steps of a
 * long call whether an event waits for the vCPU, and if so leaves the
 * rest as a continuation: the guest takes the event, and issues the
 * call again where Xen left it.  The guest makes one wait before each
 * call by raising its own upcall flag, so each call below is preempted
 * once.  Its event handler (head.S) counts the events that arrived with
 * a continuation pending (the interrupted instruction is the syscall of
 * the call to issue again) and returns with HYPERVISOR_iret.
 */
static struct vcpu_info vi __attribute__ ((aligned (64)));
static volatile unsigned long upcalls, preempted;

/* A call to put in the place of the next continuation (0: none), and
 * whether to issue vcpu_op(is_up) from the handler first (its result). */
static volatile unsigned long forge_op, forge_arg0;
static volatile int forge_first;
static long first_rc;

void event_callback (void);
void on_event (unsigned long rip, unsigned long *saved);

/* @saved: r10, r9, r8, rdi, rsi, rdx, rax as the handler pushed them. */
void
on_event (unsigned long rip, unsigned long *saved)
{
  upcalls++;
  if (*(const volatile uint16_t *) rip == 0x050f)   /* syscall */
    {
      preempted++;
      if (forge_first)
        {
          forge_first = 0;
          first_rc = hcall (__HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, 0);
          issued--;     /* denied, it takes no token */
        }
      if (forge_op)
        {
          saved[6] = forge_op;
          saved[3] = forge_arg0;
          forge_op = 0;
        }
    }
  vi.evtchn_upcall_pending = 0;
}

/* Issues a call with an event waiting; 1 when Xen preempted it once. */
static int
call_preempted (unsigned int nr, unsigned long a1, unsigned long a2,
                unsigned long a3, unsigned long a4, long *rc)
{
  unsigned long before = preempted;

  vi.evtchn_upcall_pending = 1;
  __asm__ volatile ("" ::: "memory");
  vi.evtchn_upcall_mask = 0;
  __asm__ volatile ("" ::: "memory");
  *rc = hcall4 (nr, a1, a2, a3, a4);
  vi.evtchn_upcall_mask = 1;
  __asm__ volatile ("" ::: "memory");
  return preempted == before + 1;
}

/* Xen's system time in ns, from the vcpu_info's time record. */
static uint64_t
now_ns (void)
{
  const volatile struct vcpu_time_info *t = &vi.time;
  uint32_t version;
  uint64_t delta, ns;

  do
    {
      version = t->version;
      __asm__ volatile ("" ::: "memory");
      delta = rdtsc () - t->tsc_timestamp;
      delta = t->tsc_shift < 0 ? delta >> -t->tsc_shift : delta << t->tsc_shift;
      ns = t->system_time
           + (uint64_t) (((unsigned __int128) delta * t->tsc_to_system_mul) >> 32);
      __asm__ volatile ("" ::: "memory");
    }
  while ((version & 1) || version != t->version);
  return ns;
}

static void
cont_setup (void)
{
  const unsigned long *p2m = (const unsigned long *) si->mfn_list;
  struct vcpu_register_vcpu_info reg = {
    .mfn = p2m[(unsigned long) &vi >> 12],
    .offset = (unsigned long) &vi & 0xfff,
  };
  struct callback_register cb = {
    .type = CALLBACKTYPE_event,
    .address = (unsigned long) event_callback,
  };

  report ("cont vcpu_info",
          hcall (__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0,
                 (unsigned long) &reg));
  vi.evtchn_upcall_mask = 1;
  vi.evtchn_upcall_pending = 0;
  report ("cont callback",
          hcall (__HYPERVISOR_callback_op, CALLBACKOP_register,
                 (unsigned long) &cb, 0));
}

static void
run_cont (void)
{
  long k = arg_number ("k", 30), burst = arg_number ("burst", 0);
  long ok_mc = 0, ok_mmu = 0, ok_entry = 0, retried = 0, rc, forged, first_ok;
  long left, spent = 0;
  unsigned long entries = 0;
  uint64_t t0;
  struct mmuext_op flush[2] = {
    { .cmd = MMUEXT_TLB_FLUSH_LOCAL }, { .cmd = MMUEXT_TLB_FLUSH_LOCAL },
  };
  multicall_entry_t mc[2];

  cont_setup ();
  t0 = now_ns ();
  for (long i = 0; i < k; i++)
    {
      /* A multicall preempted between its two entries: issued again from
       * the second. */
      for (int n = 0; n < 2; n++)
        mc[n] = (multicall_entry_t) { .op = __HYPERVISOR_xen_version,
                                      .args = { XENVER_version } };
      while (!call_preempted (__HYPERVISOR_multicall, (unsigned long) mc, 2,
                              0, 0, &rc))
        retried++, entries += 2;
      entries += 2;
      ok_mc += rc == 0 && mc[0].result > 0 && mc[1].result == mc[0].result;

      /* An mmuext_op preempted between its two flushes. */
      while (!call_preempted (__HYPERVISOR_mmuext_op, (unsigned long) flush,
                              2, 0, DOMID_SELF, &rc))
        retried++;
      ok_mmu += rc == 0;

      /* The same inside a multicall: the entry is preempted, the
       * multicall issued again from it, and the entry run again. */
      mc[0] = (multicall_entry_t) {
        .op = __HYPERVISOR_mmuext_op,
        .args = { (unsigned long) flush, 2, 0, DOMID_SELF },
      };
      while (!call_preempted (__HYPERVISOR_multicall, (unsigned long) mc, 1,
                              0, 0, &rc))
        retried++, entries++;
      entries++;
      ok_entry += rc == 0 && mc[0].result == 0;
    }

  /* A continuation is no pass for another call: vcpu_op(is_up), outside
   * the profile, issued first thing after a preemption by the handler,
   * then by the handler in the place of the mmuext_op to issue again.
   * Denied, neither takes a token. */
  forge_first = 1;
  while (!call_preempted (__HYPERVISOR_mmuext_op, (unsigned long) flush, 2,
                          0, DOMID_SELF, &rc))
    retried++;
  first_ok = rc == 0;
  forge_arg0 = VCPUOP_is_up;
  forge_op = __HYPERVISOR_vcpu_op;
  while (!call_preempted (__HYPERVISOR_mmuext_op, (unsigned long) flush, 2,
                          0, DOMID_SELF, &forged))
    retried++;

  /* Every call issued, every multicall entry and every iret of the event
   * handler is judged once: that many tokens are gone from the burst.
   * The rate refills the bucket meanwhile, so @left and what came in
   * the @ms since should remain: spend them all, until a call is denied. */
  left = burst - (long) (issued + entries + upcalls);
  while (spent < left + 10000
         && hcall (__HYPERVISOR_xen_version, XENVER_version, 0, 0) > 0)
    spent++;
  patient = 1;
  put_str ("XENON-GUEST cont multicall=");
  put_num (ok_mc);
  put_str ("/");
  put_num (k);
  put_str (" mmuext=");
  put_num (ok_mmu);
  put_str ("/");
  put_num (k);
  put_str (" entry=");
  put_num (ok_entry);
  put_str ("/");
  put_num (k);
  put_str (" preempted=");
  put_num (preempted);
  put_str (" forged=");
  put_num (first_ok ? first_rc : -100);
  put_str (",");
  put_num (forged);
  put_str (" retried=");
  put_num (retried);
  put_str (" left=");
  put_num (left);
  put_str (" spent=");
  put_num (spent);
  put_str (" ms=");
  put_num ((long long) ((now_ns () - t0) / 1000000));
  end_line ();
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
  else if (arg_value ("version"))
    run_version ();
  else if (arg_value ("binder"))
    run_binder ();
  else if (arg_value ("cont"))
    run_cont ();
  else
    report ("unknown-mode", -1);

  put_str ("XENON-GUEST end");
  end_line ();
  sched_op (SCHEDOP_shutdown, &down);
  for (;;)
    sched_op (SCHEDOP_yield, NULL);
}
