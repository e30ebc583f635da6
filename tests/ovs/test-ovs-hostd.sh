#!/bin/bash
# test-ovs-hostd.sh — xenon-hostd's policy apply on a real Open vSwitch.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   test-ovs-hostd.sh XENON-HOSTD XENON-POLICY XN-COMPILE-TOOL POLICY.xml
#
# Starts the daemon (simulated host "ovshost" from POLICY) with --ovs-db
# pointing at the harness's private OVS.  At boot it installs serial 1 on
# switch xbr; a signed push of serial 2 replaces it (every cookie is the
# serial, and ofproto/trace gives the matrix's verdict between two real
# ports); a signed serial 3 whose second switch OVS refuses fails and
# leaves serial 2's flows on xbr, as does serial 5, whose blob the
# simulated guard refuses after the switches took it.  Skips (77)
# without root or netns.

set -u
here=$(cd "$(dirname "$0")" && pwd)
HOSTD=${1:?usage}; CLI=${2:?usage}; TOOL=${3:?usage}; POLICY=${4:?usage}

for p in certtool gdbus; do
  command -v "$p" >/dev/null || { echo "SKIP: $p is needed"; exit 77; }
done

# shellcheck source=tests/ovs/ovs-harness.sh
. "$here/ovs-harness.sh"
# shellcheck source=tests/ovs/hostd-call.sh
. "$here/hostd-call.sh"
# shellcheck source=tests/lib/pki.sh
. "$here/../lib/pki.sh"
ovs_start

failures=0 checks=0
expect () { local what=$1; shift; checks=$((checks + 1)); if "$@"; then :; else failures=$((failures + 1)); printf 'FAIL: %s\n' "$what"; fi; }

work=$(mktemp -d "${TMPDIR:-/tmp}/xn-ovs-hostd.XXXXXX")
hostd_pid=
cleanup () {
  [ -n "$hostd_pid" ] && kill "$hostd_pid" 2>/dev/null && wait "$hostd_pid" 2>/dev/null
  rm -rf "$work"
  ovs_stop
}
trap cleanup EXIT

# A CA in the trust directory and a signer it certifies.
mkdir -p "$work/trust" "$work/state"
xn_make_pki "$work/pki" "OVS test" || ovs_die "certtool could not make the test PKI"
cp "$work/pki/ca.pem" "$work/trust/"

sign () {  # sign SERIAL OUT [EXTRA-SWITCH [NEW-SWITCH]]
  sed "s/serial=\"1\"/serial=\"$1\"/" "$POLICY" >"$work/in.xml"
  if [ -n "${4:-}" ]; then
    # A valid new switch before it, which the push makes first.
    sed -i "s|</netSwitches>|  <netSwitch uuid=\"0c7f3b52-4d1e-4b8a-9f0e-6a2d5c3e1f71\" name=\"$4\" driverDomainUuidRef=\"3fee32a9-a652-5755-b18c-7055beaf1b6d\" address=\"10.79.0.1\" netmask=\"255.255.255.0\"/>\n      </netSwitches>|" "$work/in.xml"
  fi
  if [ -n "${3:-}" ]; then
    # A second switch after xbr, with a name Open vSwitch refuses.
    sed -i "s|</netSwitches>|  <netSwitch uuid=\"0c7f3b52-4d1e-4b8a-9f0e-6a2d5c3e1f70\" name=\"$3\" driverDomainUuidRef=\"3fee32a9-a652-5755-b18c-7055beaf1b6d\" address=\"10.78.0.1\" netmask=\"255.255.255.0\"/>\n      </netSwitches>|" "$work/in.xml"
  fi
  "$CLI" sign --key "$work/pki/signer.key" --cert "$work/pki/signer.pem" "$work/in.xml" -o "$2" \
    || ovs_die "signing serial $1 failed"
}

sock=$work/hostd.sock
HOSTD_SOCK=$sock

# The simulated guard refuses serial 5's blob, as Xen refuses a blob.
printf '[sim]\nrefuse-serial=5\n' >"$work/state/hostd.conf"
OVS_DB_PATH=${OVS_DB#unix:}
"$HOSTD" --socket "$sock" --state-dir "$work/state" --trust-dir "$work/trust" \
  --backend sim --sim-policy "$POLICY" --host-name ovshost \
  --ovs-db "$OVS_DB" --ovs-datapath netdev >"$work/hostd.log" 2>&1 &
hostd_pid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || { cat "$work/hostd.log"; ovs_die "the daemon did not come up"; }
# The daemon made the bridge; let the harness know it for traces and teardown.
OVS_BR[xbr]=xbr
OVS_BRIDGES+=(xbr)

cookies () { ovs_ofctl dump-flows xbr | grep -o 'cookie=0x[0-9a-f]*' | sort -u | tr '\n' ' '; }
nflows () { ovs_ofctl dump-flows xbr | grep -c 'cookie='; }

expect "boot installs serial 1 (got: $(cookies))" [ "$(cookies)" = "cookie=0x1 " ]
expect "fail_mode is secure" [ "$(ovs_vsctl get bridge xbr fail_mode)" = secure ]

sign 2 "$work/p2.xml"
out=$(hostd_push "$work/p2.xml")
expect "push of serial 2: $out" grep -q "serial.*2" <<<"$out"
expect "serial 2 on every flow (got: $(cookies))" [ "$(cookies)" = "cookie=0x2 " ]
n2=$(nflows)
expect "serial 2 has flows" [ "$n2" -gt 10 ]

# Two real ports from the plan, and the matrix's verdict between them.
"$TOOL" compile "$POLICY" ovshost xbr "$work/t" || ovs_die "compile failed"
"$TOOL" pairs "$POLICY" ovshost xbr >"$work/t.pairs" || ovs_die "pairs failed"
declare -A NAME_OF
while IFS=$'\t' read -r ofport _ifname mac ip _tag _tname name _uuid _fwd; do
  ovs_add_domain "$name" xbr "$ofport" "$mac" "$ip/24"
  NAME_OF[$ofport]=$name
done <"$work/t.ports"
for verdict in allow deny; do
  read -r src dst _ _ _ why < <(grep " $verdict [a-z-]* ip " "$work/t.pairs" | head -1)
  [ -n "${src:-}" ] || continue
  m1=$(ovs_dom_mac "${NAME_OF[$src]}") i1=$(ovs_dom_ip "${NAME_OF[$src]}")
  m2=$(ovs_dom_mac "${NAME_OF[$dst]}") i2=$(ovs_dom_ip "${NAME_OF[$dst]}")
  got=$(ovs_trace xbr "$src" "ip,dl_src=$m1,dl_dst=$m2,nw_src=$i1,nw_dst=$i2")
  if [ "$verdict" = allow ]; then want=$dst; else want=drop; fi
  expect "trace ${NAME_OF[$src]} → ${NAME_OF[$dst]} ($why): want $want, got $got" [ "$got" = "$want" ]
done

# Serial 3 adds a second switch named like a port of xbr (the first
# domain's veth), which OVS refuses as a bridge name: xbr took serial 3
# first, so it must be put back to serial 2.
sign 3 "$work/p3.xml" "${OVS_PREFIX}v0"
out=$(hostd_push "$work/p3.xml")
expect "push of serial 3 fails with .Backend: $out" grep -q "Error.Backend" <<<"$out"
# The guard blob goes last, so the old one is put back as it was: the
# guard, like Xen's, takes no blob older than one it loaded.
expect "serial 2 is put back whole: $out" eval '! grep -q "could not be restored" <<<"$out"'
expect "xbr is back on serial 2 (got: $(cookies))" [ "$(cookies)" = "cookie=0x2 " ]
expect "xbr has serial 2's $n2 flows (got $(nflows))" [ "$(nflows)" = "$n2" ]
out=$(hostd_bus --method org.xenonvmm.Host1.GetPolicy 2>&1 | head -c 40)
expect "the running serial is still 2: $out" grep -q "^(uint64 2," <<<"$out"

# Serial 4 makes a new switch, then fails on the next: the bridge it made
# is removed, and xbr is back on serial 2.
newbr=${OVS_PREFIX}n
sign 4 "$work/p4.xml" "${OVS_PREFIX}v0" "$newbr"
out=$(hostd_push "$work/p4.xml")
expect "push of serial 4 fails with .Backend: $out" grep -q "Error.Backend" <<<"$out"
br_absent () { ! ovs_vsctl br-exists "$1"; }
expect "the bridge $newbr the failed push made is removed" br_absent "$newbr"
expect "xbr is back on serial 2 after serial 4 (got: $(cookies))" [ "$(cookies)" = "cookie=0x2 " ]
ovs_vsctl --if-exists del-br "$newbr" 2>/dev/null

# Serial 5: every switch takes it, then the guard refuses its blob: the
# switches go back to serial 2 and the guard keeps serial 2's blob.
sign 5 "$work/p5.xml"
out=$(hostd_push "$work/p5.xml")
expect "push of serial 5 fails with .Backend, naming the guard: $out" \
  grep -q "Error.Backend.*guard refuses the blob of serial 5" <<<"$out"
expect "serial 2 is put back after serial 5: $out" eval '! grep -q "could not be restored" <<<"$out"'
expect "xbr is back on serial 2 after serial 5 (got: $(cookies))" [ "$(cookies)" = "cookie=0x2 " ]
out=$(hostd_bus --method org.xenonvmm.Host1.GetPolicy 2>&1 | head -c 40)
expect "the running serial is still 2 after serial 5: $out" grep -q "^(uint64 2," <<<"$out"

[ "$failures" -eq 0 ] || tail -20 "$work/hostd.log"
echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
