#!/bin/bash
# test-ovs-compiled.sh — the compiler's flows on a real Open vSwitch.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   test-ovs-compiled.sh XN-COMPILE-TOOL POLICY.xml
#
# Compiles POLICY (tests/data/ovs-policy.xml: six domains on switch "xbr",
# tags A, B, C, S, conflict {A, C}) for host "ovshost", builds the switch
# with a namespace per VIF on the plan's own ofports, MACs and addresses,
# installs the compiled tables atomically and proves them with real
# traffic (ping, TCP, forged MAC/IP/ARP). Then it installs the plan of a
# changed policy (serial 2, conflict {A, B}) and checks again. Each time
# it also traces every ordered pair of ports with ofproto/trace, unicast
# and broadcast, against the model's network matrix (matrix-oracle.sh).
# Skips (77) without root or netns.

set -u
here=$(cd "$(dirname "$0")" && pwd)
TOOL=${1:?usage: test-ovs-compiled.sh XN-COMPILE-TOOL POLICY}
POLICY=${2:?usage: test-ovs-compiled.sh XN-COMPILE-TOOL POLICY}
HOST=ovshost
SW=xbr

# shellcheck source=tests/ovs/ovs-harness.sh
. "$here/ovs-harness.sh"
# shellcheck source=tests/ovs/matrix-oracle.sh
. "$here/matrix-oracle.sh"
ovs_start

failures=0
checks=0
pass () { checks=$((checks + 1)); }
fail () { checks=$((checks + 1)); failures=$((failures + 1)); printf 'FAIL: %s\n' "$*"; }
expect () { local what=$1; shift; if "$@"; then pass; else fail "$what"; fi; }
expect_not () { local what=$1; shift; if "$@"; then fail "$what"; else pass; fi; }

work=$(mktemp -d "${TMPDIR:-/tmp}/xn-ovs-compiled.XXXXXX")
trap 'rm -rf "$work"; ovs_stop' EXIT

compile () {
  local policy=$1 out=$2
  "$TOOL" compile "$policy" "$HOST" "$SW" "$out" || ovs_die "compile of $policy failed"
  "$TOOL" pairs "$policy" "$HOST" "$SW" >"$out.pairs" || ovs_die "pairs of $policy failed"
}

oracle_pass () { pass; }
oracle_fail () { fail "$*"; }

compile "$POLICY" "$work/p1"
ovs_add_bridge "$SW"
while IFS=$'\t' read -r ofport _port mac ip _tag _tagname dom _vif _fwd; do
  ovs_add_domain "$dom" "$SW" "$ofport" "$mac" "$ip/24"
done <"$work/p1.ports"
expect "phase 1 flows install" ovs_install_flows "$SW" "$work/p1.flows" "$work/p1.groups"
expect "phase 1: every flow carries cookie 0x1" \
  bash -c "! ovs-ofctl -O '$OVS_OF' dump-flows '$(ovs_br_name "$SW")' | grep -v 'cookie=0x1,' | grep -q 'table='"

oracle_check "$SW" "$work/p1.ports" "$work/p1.pairs" "phase 1"
expect "a1 pings a2 (same tag)" ovs_ping a1 "$(ovs_dom_ip a2)" 3
expect "a1 pings b1 (no conflict)" ovs_ping a1 "$(ovs_dom_ip b1)" 3
expect "b1 pings sw (no conflict)" ovs_ping b1 "$(ovs_dom_ip sw)" 3
expect_not "a1 must not reach c1 (conflict A, C)" ovs_ping a1 "$(ovs_dom_ip c1)"
expect_not "c1 must not reach a2 (conflict A, C)" ovs_ping c1 "$(ovs_dom_ip a2)"
expect "TCP a2 → b2" ovs_tcp a2 b2 "$(ovs_dom_ip b2)" 5001 3
expect_not "TCP a1 → c1 must fail" ovs_tcp a1 c1 "$(ovs_dom_ip c1)" 5002
expect_not "a1 forging b2's IP must not reach b1" ovs_spoof_ping a1 b1 "$(ovs_dom_ip b2)"
expect_not "a1 forging a MAC must not reach b1" ovs_spoof_ping a1 b1 "$(ovs_dom_ip a1)" 02:00:00:00:0a:99
expect_not "a1 forging ARP for b2's IP must not poison b1" ovs_spoof_arp a1 b1 "$(ovs_dom_ip b2)"

# Phase 2: serial 2, the conflict moves from {A, C} to {A, B}.
tag_b=$(grep -o '<tag uuid="[^"]*" name="B"' "$POLICY" | sed 's/<tag uuid="//;s/".*//')
tag_c=$(grep -o '<tag uuid="[^"]*" name="C"' "$POLICY" | sed 's/<tag uuid="//;s/".*//')
sed -e 's/serial="1"/serial="2"/' -e "s/<tagRef tagUuidRef=\"$tag_c\"/<tagRef tagUuidRef=\"$tag_b\"/" \
  "$POLICY" >"$work/policy2.xml"
compile "$work/policy2.xml" "$work/p2"
cmp -s "$work/p1.ports" "$work/p2.ports" || fail "phase 2 port table differs from phase 1"
expect "phase 2 flows install" ovs_install_flows "$SW" "$work/p2.flows" "$work/p2.groups"
expect "phase 2: every flow carries cookie 0x2" \
  bash -c "! ovs-ofctl -O '$OVS_OF' dump-flows '$(ovs_br_name "$SW")' | grep -v 'cookie=0x2,' | grep -q 'table='"
for d in a1 a2 b1 b2 c1 sw; do ovs_neigh_flush "$d"; done
oracle_check "$SW" "$work/p2.ports" "$work/p2.pairs" "phase 2"
expect "phase 2: a1 pings c1 (conflict lifted)" ovs_ping a1 "$(ovs_dom_ip c1)" 3
expect "phase 2: TCP c1 → a2" ovs_tcp c1 a2 "$(ovs_dom_ip a2)" 5003 3
expect_not "phase 2: a1 must not reach b1 (conflict A, B)" ovs_ping a1 "$(ovs_dom_ip b1)"
expect_not "phase 2: TCP b2 → a2 must fail" ovs_tcp b2 a2 "$(ovs_dom_ip a2)" 5004
expect "phase 2: b1 pings b2 (same tag)" ovs_ping b1 "$(ovs_dom_ip b2)" 3

printf '%d passed, %d failed\n' "$((checks - failures))" "$failures"
[ "$failures" -eq 0 ]
