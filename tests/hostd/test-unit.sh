#!/bin/sh
# tests/hostd/test-unit.sh: the daemon's systemd unit as installed.
#
#   test-unit.sh UNIT DAEMON          read and verify the unit
#   test-unit.sh --run UNIT DAEMON POLICY
#                                     run DAEMON (sim backend, POLICY) under it
#
# Read: it raises the descriptor limit above the 1,024 default (a user
# with no role held that many idle connections and root could no longer
# connect); it bounds the capabilities, the writable paths and the
# devices to what the daemon, xl and the hotplug scripts need; every
# directive has a comment saying why; systemd-analyze verify accepts it
# and its security exposure does not grow back.  Run: only where systemd
# is PID 1 (exit 77 otherwise), the daemon started by systemd-run with
# the unit's sandbox answers a call.  `xl create` under the unit needs a
# real Xen: the host suite (tests/host) does that.
set -u
run=no
if [ "${1:-}" = --run ]; then run=yes; shift; fi
unit=$1
daemon=$2
policy=${3:-}
[ -r "$unit" ] || { echo "FAIL: no unit at $unit"; exit 1; }
fails=0
passes=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { passes=$((passes + 1)); }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The [Service] section's directives, one per line.
sed -n '/^\[Service\]/,/^\[/p' "$unit" | grep '^[A-Z]' > "$tmp/directives"
value() { sed -n "s/^$1=//p" "$tmp/directives"; }

if [ $run = no ]; then
  limit=$(value LimitNOFILE)
  if [ -z "$limit" ] || [ "$limit" -le 1024 ]; then
    fail "LimitNOFILE is '${limit:-unset}', not above 1024"
  else pass; fi

  # Each directive of [Service] opens or continues a block that a comment
  # opens: a directive right after a blank line or the section header has
  # no reason written down.
  bare=$(sed -n '/^\[Service\]/,/^\[Install\]/p' "$unit" |
         awk '/^\[/ { prev = "blank"; next }
              /^$/ { prev = "blank"; next }
              /^#/ { prev = "comment"; next }
              { if (prev == "blank") print; prev = "directive" }')
  if [ -n "$bare" ]; then
    fail "directives with no comment saying why: $(echo $bare)"
  else pass; fi

  # Exactly the capabilities the daemon, xl and the hotplug scripts
  # need: CAP_NET_ADMIN (ip link/addr), CAP_IPC_LOCK (hypercall buffers).
  caps=$(value CapabilityBoundingSet | tr ' ' '\n' | sort | tr '\n' ' ')
  if [ "$caps" != "CAP_IPC_LOCK CAP_NET_ADMIN " ]; then
    fail "CapabilityBoundingSet is '${caps:-unset}', not CAP_IPC_LOCK CAP_NET_ADMIN"
  else pass; fi
  if [ -n "$(value AmbientCapabilities)" ]; then
    fail "AmbientCapabilities adds '$(value AmbientCapabilities)' to a root service"
  else pass; fi

  if [ "$(value ProtectSystem)" != strict ]; then
    fail "ProtectSystem is '$(value ProtectSystem)', not strict"
  else pass; fi
  if [ "$(value DevicePolicy)" != closed ]; then
    fail "DevicePolicy is '$(value DevicePolicy)', not closed: every device is reachable"
  else pass; fi
  for dev in /dev/xen/privcmd /dev/xen/hypercall /dev/xen/evtchn /dev/xen/gntdev /dev/xen/xenbus; do
    if ! grep -qx "DeviceAllow=$dev rw" "$tmp/directives"; then
      fail "no DeviceAllow=$dev rw: libxenctrl and xl need it"
    else pass; fi
  done
  # xl's state, logs and locks, and the sockets of xenstored and Open
  # vSwitch; each optional ("-"), so a host without one still starts.
  rw=$(value ReadWritePaths | tr ' ' '\n')
  for p in /run/openvswitch /var/lib/xen /run/xen /var/log/xen /run/xen-hotplug /run/xenstored; do
    if ! echo "$rw" | grep -qx -- "-$p"; then
      fail "ReadWritePaths lacks -$p"
    else pass; fi
  done

  # systemd reads it as written, on the daemon built here.
  sed "s|^ExecStart=[^ ]*|ExecStart=$daemon|" "$unit" > "$tmp/xenon-hostd.service"
  if command -v systemd-analyze >/dev/null 2>&1; then
    if ! systemd-analyze verify --man=no "$tmp/xenon-hostd.service" > "$tmp/verify" 2>&1 ||
       [ -s "$tmp/verify" ]; then
      fail "systemd-analyze verify: $(cat "$tmp/verify")"
    else pass; fi
    # 4.4 with every capability and device, 2.5 with the bounds above.
    level=$(systemd-analyze security --offline=true "$tmp/xenon-hostd.service" 2>/dev/null |
            sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    if [ -z "$level" ] || awk -v l="$level" 'BEGIN { exit !(l > 3.0) }'; then
      fail "systemd-analyze security: exposure '${level:-unknown}', above 3.0"
    else pass; fi
  else
    echo "note: no systemd-analyze; the unit was not verified"
  fi
  echo "$passes passed, $fails failed"
  [ $fails = 0 ]
  exit
fi

# --run: the sandbox as systemd applies it, with the simulated host.
if [ ! -d /run/systemd/system ]; then
  echo "SKIP: systemd is not PID 1 here ($(ps -o comm= -p 1)), so the unit's sandbox cannot be applied"
  exit 77
fi
[ "$(id -u)" = 0 ] || { echo "SKIP: systemd-run of a system service needs root"; exit 77; }
props=""
while IFS= read -r line; do
  case $line in
    # Its own directories, the xenctrl backend and the restart policy
    # are the installed daemon's; the test brings its own.
    Type=*|ExecStart=*|Restart=*|KillMode=*|StateDirectory*|RuntimeDirectory*|ConfigurationDirectory=*) ;;
    *) props="$props
$line" ;;
  esac
done < "$tmp/directives"
state=/run/xenon-test-unit.$$
mkdir -p "$state/trust"
name=xenon-hostd-test-unit-$$
set --
while IFS= read -r p; do [ -n "$p" ] && set -- "$@" -p "$p"; done <<EOF
$props
EOF
systemd-run --unit="$name" --collect -p ReadWritePaths="$state" "$@" \
    "$daemon" --backend sim --socket "$state/hostd.sock" --state-dir "$state" \
    --trust-dir "$state/trust" --sim-policy "$policy" > "$tmp/run" 2>&1 ||
  { cat "$tmp/run"; rm -rf "$state"; echo "FAIL: systemd-run"; exit 1; }
ok=no
for _ in $(seq 50); do
  if gdbus call --address "unix:path=$state/hostd.sock" --object-path /org/xenonvmm/Host \
       --method org.xenonvmm.Host1.GetDomains > "$tmp/call" 2>&1; then ok=yes; break; fi
  sleep 0.2
done
journalctl -u "$name" --no-pager > "$tmp/journal" 2>&1
systemctl stop "$name" >/dev/null 2>&1
rm -rf "$state"
if [ $ok = no ]; then
  cat "$tmp/call" "$tmp/journal"
  echo "FAIL: the daemon under the unit's sandbox did not answer GetDomains"
  exit 1
fi
echo "1 passed, 0 failed"
