#!/bin/bash
# test-ovs-agent.sh — switches a network service domain drives, applied by
# its agent (xenon-hostd --agent) on a real Open vSwitch.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   test-ovs-agent.sh XENON-HOSTD XENON-POLICY POLICY.xml
#
# POLICY's switch xbr is driven by the service domain "sw".  The daemon
# (simulated host, agents on Unix sockets: agent-dir) applies Domain-0's
# switches itself and hands xbr to sw's agent, which here shares the
# harness's Open vSwitch (in a real service domain it has its own).
# Checked: nothing carries xbr until sw runs; then the agent gets the plan
# in force; a push reaches both switches with one serial; a push the
# agent refuses, or an agent that does not answer, fails the push and
# leaves every switch on the old serial; a restarted agent is brought to
# the serial in force.  Skips (77) without root or netns.

set -u
here=$(cd "$(dirname "$0")" && pwd)
HOSTD=${1:?usage}; CLI=${2:?usage}; POLICY=${3:?usage}

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
expect () { local what=$1; shift; checks=$((checks + 1)); if "$@"; then printf 'ok: %s\n' "$what"; else failures=$((failures + 1)); printf 'FAIL: %s\n' "$what"; fi; }

work=$(mktemp -d "${TMPDIR:-/tmp}/xn-ovs-agent.XXXXXX")
hostd_pid= agent_pid=
cleanup () {
  [ -n "$hostd_pid" ] && kill "$hostd_pid" 2>/dev/null && wait "$hostd_pid" 2>/dev/null
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null
  rm -rf "$work"
  ovs_stop
}
trap cleanup EXIT

mkdir -p "$work/trust" "$work/state" "$work/agents" "$work/agent-run"
xn_make_pki "$work/pki" "OVS agent test" || ovs_die "certtool could not make the test PKI"
cp "$work/pki/ca.pem" "$work/trust/"

dbr=${OVS_PREFIX}d
# The policy with a second switch, driven by Domain-0; with SW2 a second
# switch of sw's too.
policy_with () {  # policy_with SERIAL OUT [SW2]
  sed "s/serial=\"1\"/serial=\"$1\"/" "$POLICY" >"$2"
  sed -i "s|</netSwitches>|  <netSwitch uuid=\"0c7f3b52-4d1e-4b8a-9f0e-6a2d5c3e1f72\" name=\"$dbr\" driverDomainUuidRef=\"9f20c060-6bb9-518a-8ba7-10fe3711365e\"/>\n      </netSwitches>|" "$2"
  if [ -n "${3:-}" ]; then
    sed -i "s|</netSwitches>|  <netSwitch uuid=\"0c7f3b52-4d1e-4b8a-9f0e-6a2d5c3e1f73\" name=\"$3\" driverDomainUuidRef=\"3fee32a9-a652-5755-b18c-7055beaf1b6d\" address=\"10.75.0.1\" netmask=\"255.255.255.0\"/>\n      </netSwitches>|" "$2"
  fi
}
sign () {  # sign SERIAL OUT [SW2]
  policy_with "$1" "$work/in.xml" "${3:-}"
  "$CLI" sign --key "$work/pki/signer.key" --cert "$work/pki/signer.pem" "$work/in.xml" -o "$2" \
    || ovs_die "signing serial $1 failed"
}

sock=$work/hostd.sock
HOSTD_SOCK=$sock

start_agent () {
  "$HOSTD" --agent --agent-name sw --agent-listen "unix:$work/agents/sw.sock" \
    --socket "$work/agent-run/hostd.sock" --ovs-db "$OVS_DB" --ovs-datapath netdev \
    >>"$work/agent.log" 2>&1 &
  agent_pid=$!
  for _ in $(seq 100); do [ -S "$work/agents/sw.sock" ] && break; sleep 0.1; done
}

policy_with 1 "$work/sim.xml"
printf '[hostd]\nagent-dir=%s\nagent-timeout-s=5\n' "$work/agents" >"$work/state/hostd.conf"
"$HOSTD" --socket "$sock" --state-dir "$work/state" --trust-dir "$work/trust" \
  --backend sim --sim-policy "$work/sim.xml" --host-name ovshost --sample-interval 200 \
  --ovs-db "$OVS_DB" --ovs-datapath netdev >"$work/hostd.log" 2>&1 &
hostd_pid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || { cat "$work/hostd.log"; ovs_die "the daemon did not come up"; }
OVS_BR[xbr]=xbr; OVS_BR[d]=$dbr
OVS_BRIDGES+=(xbr "$dbr")

cookies () { ovs_ofctl dump-flows "$1" 2>/dev/null | grep -o 'cookie=0x[0-9a-f]*' | sort -u | tr '\n' ' '; }
nflows () { ovs_ofctl dump-flows "$1" | grep -c 'cookie='; }
wait_cookie () {  # wait_cookie BRIDGE WANT: up to 25 s (the daemon asks agents every 10 s)
  for _ in $(seq 250); do [ "$(cookies "$1")" = "$2" ] && return 0; sleep 0.1; done
  return 1
}

expect "Domain-0's switch $dbr carries serial 1 at boot (got: $(cookies "$dbr"))" [ "$(cookies "$dbr")" = "cookie=0x1 " ]
expect "the daemon leaves sw's switch xbr alone (it does not exist)" eval '! ovs_vsctl br-exists xbr'

start_agent
expect "sw's agent listens" [ -S "$work/agents/sw.sock" ]
sleep 1
expect "while sw is not running, nobody hands its agent a plan" eval '! ovs_vsctl br-exists xbr'
out=$(hostd_bus --method org.xenonvmm.Host1.StartDomain 3fee32a9-a652-5755-b18c-7055beaf1b6d 2>&1)
expect "sw starts: $out" eval '[ -z "$(grep -i error <<<"$out")" ]'
expect "once sw runs, its agent is brought to serial 1 (xbr: $(cookies xbr))" wait_cookie xbr "cookie=0x1 "
expect "the agent made xbr with fail_mode=secure" [ "$(ovs_vsctl get bridge xbr fail_mode)" = secure ]

sign 2 "$work/p2.xml"
t0=$(date +%s%N)
out=$(hostd_push "$work/p2.xml")
t1=$(date +%s%N)
expect "push of serial 2: $out" grep -q "serial.*2" <<<"$out"
expect "Domain-0's $dbr carries serial 2 (got: $(cookies "$dbr"))" [ "$(cookies "$dbr")" = "cookie=0x2 " ]
expect "sw's xbr carries serial 2 when the push returns (got: $(cookies xbr))" [ "$(cookies xbr)" = "cookie=0x2 " ]
echo "figure: push to enforced through the agent (Unix socket, netdev OVS): $(( (t1 - t0) / 1000000 )) ms"
nx=$(nflows xbr) nd=$(nflows "$dbr")

# Serial 3 gives sw a second switch named like a port OVS already has:
# the agent's Open vSwitch refuses it, the agent puts xbr back, and the
# daemon puts Domain-0's switch back.
bad=${OVS_PREFIX}q
ovs_vsctl add-port xbr "$bad" -- set interface "$bad" type=internal
sign 3 "$work/p3.xml" "$bad"
out=$(hostd_push "$work/p3.xml")
expect "push of serial 3 fails, naming sw's agent: $out" grep -q "Error.Backend.*agent of .sw. refused serial 3" <<<"$out"
expect "xbr is back on serial 2 (got: $(cookies xbr))" [ "$(cookies xbr)" = "cookie=0x2 " ]
expect "xbr has serial 2's $nx flows (got $(nflows xbr))" [ "$(nflows xbr)" = "$nx" ]
expect "Domain-0's $dbr is back on serial 2 (got: $(cookies "$dbr"))" [ "$(cookies "$dbr")" = "cookie=0x2 " ]
expect "$dbr has serial 2's $nd flows (got $(nflows "$dbr"))" [ "$(nflows "$dbr")" = "$nd" ]
expect "serial 2 stays in force" [ "$(hostd_serial)" = 2 ]
ovs_vsctl del-port xbr "$bad"

# An agent that does not answer: the push fails, nothing changes.
kill -STOP "$agent_pid"
sign 4 "$work/p4.xml"
out=$(hostd_push "$work/p4.xml")
# The daemon keeps answering while its sync worker waits on the stopped
# agent (every 3 s, up to agent-timeout-s = 5 s each).
worst=0
for _ in 1 2 3 4 5 6 7 8; do
  t0=$(date +%s%N); hostd_serial >/dev/null; ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ "$ms" -gt "$worst" ] && worst=$ms
  sleep 1
done
expect "the daemon answers within 1.5 s while an agent stalls (worst ${worst} ms over 8 calls)" [ "$worst" -lt 1500 ]
kill -CONT "$agent_pid"
expect "push of serial 4 to a stopped agent fails, naming it: $out" grep -q "Error.Backend.*agent of .sw. did not confirm serial 4" <<<"$out"
expect "$dbr is back on serial 2 after serial 4 (got: $(cookies "$dbr"))" [ "$(cookies "$dbr")" = "cookie=0x2 " ]
expect "serial 2 stays in force after serial 4" [ "$(hostd_serial)" = 2 ]
# The agent, resumed, took the abandoned serial 4 late: the daemon's tick
# puts serial 2 back on it.
expect "the late agent is brought back to serial 2 (xbr: $(cookies xbr))" wait_cookie xbr "cookie=0x2 "

# A restarted agent (a service domain rebooted) gets the plan in force.
kill "$agent_pid"; wait "$agent_pid" 2>/dev/null; agent_pid=
ovs_ofctl del-flows xbr
start_agent
expect "a restarted agent is brought back to serial 2 (xbr: $(cookies xbr))" wait_cookie xbr "cookie=0x2 "

[ "$failures" -eq 0 ] || { tail -20 "$work/hostd.log"; tail -20 "$work/agent.log"; }
echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
