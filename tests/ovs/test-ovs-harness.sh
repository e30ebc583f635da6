#!/bin/bash
# test-ovs-harness.sh — the flow design of docs/FLOWS.md on a real Open vSwitch.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# One netdev bridge, six namespaces: a1 and a2 (tag A), b (tag B), c (tag C,
# conflicting with A), sw (the driver domain holding the switch's own
# address, tag S) and x (a port the policy does not know). Installs the
# hand-written tables in data/phase1.*, checks real traffic (ping, TCP,
# spoofing, broadcast) and ofproto/trace verdicts for every ordered pair,
# checks that a refused bundle changes nothing, then atomically replaces
# the tables with data/phase2.* (A–B conflict, a2 whitelisted) and checks
# again. Exit 77 (skip) when not root or without OVS / network namespaces.
set -u

here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
# shellcheck source-path=SCRIPTDIR source=ovs-harness.sh
. "$here/ovs-harness.sh"

start=$(date +%s%N)
checks=0
failures=0

pass () { checks=$((checks + 1)); printf 'ok   %s\n' "$*"; }
fail () { checks=$((checks + 1)); failures=$((failures + 1)); printf 'FAIL %s\n' "$*"; }

# same DESCRIPTION GOT WANT
same () {
  if [ "$2" = "$3" ]; then pass "$1: $2"; else fail "$1: got '$2', expected '$3'"; fi
}

# expect yes|no DESCRIPTION COMMAND… — the command must succeed (yes) or
# fail (no).
expect () {
  local want=$1 desc=$2 got
  shift 2
  if "$@"; then got=yes; else got=no; fi
  if [ "$got" = "$want" ]; then pass "$desc"; else fail "$desc (expected $want, got $got)"; fi
}

# Fast when it works, short when it must not: see ovs_ping.
OK_SECS=3
NO_SECS=0.5
OVS_PING_DEADLINE=$NO_SECS   # used by ovs_spoof_ping
TCP_NO_SECS=1

# Independent checks (different pairs, ports) run concurrently:
# queue VERDICT DESCRIPTION COMMAND ARGS… (arguments without spaces), then
# run_queue reports them in order.
Q_WANT=()
Q_DESC=()
Q_CMD=()
queue () { Q_WANT+=("$1"); Q_DESC+=("$2"); shift 2; Q_CMD+=("$*"); }
run_queue () {
  local i rc got
  for i in "${!Q_CMD[@]}"; do
    # shellcheck disable=SC2086 # word splitting of the queued command is wanted
    ( ${Q_CMD[$i]}; echo $? >"$run_dir/q.$i" ) &
  done
  wait
  for i in "${!Q_CMD[@]}"; do
    rc=$(cat "$run_dir/q.$i" 2>/dev/null || echo 255)
    rm -f "$run_dir/q.$i"
    if [ "$rc" = 0 ]; then got=yes; else got=no; fi
    if [ "$got" = "${Q_WANT[$i]}" ]; then pass "${Q_DESC[$i]}"
    else fail "${Q_DESC[$i]} (expected ${Q_WANT[$i]}, got $got)"; fi
  done
  Q_WANT=() Q_DESC=() Q_CMD=()
}
ping_yes () { ovs_ping "$1" "${IP[$2]}" $OK_SECS; }
ping_no () { ovs_ping "$1" "${IP[$2]}" $NO_SECS; }
tcp_yes () { ovs_tcp "$1" "$2" "${IP[$2]}" "$3" $OK_SECS; }
tcp_no () { ovs_tcp "$1" "$2" "${IP[$2]}" "$3" $TCP_NO_SECS; }

DOMS=(a1 a2 b c sw x)
declare -A PORT=([a1]=1 [a2]=2 [b]=3 [c]=4 [sw]=5 [x]=6)
declare -A MAC=([a1]=02:00:00:00:0a:01 [a2]=02:00:00:00:0a:02 [b]=02:00:00:00:0b:01
                [c]=02:00:00:00:0c:01 [sw]=02:00:00:00:0d:01 [x]=02:00:00:00:0e:01)
declare -A IP=([a1]=10.77.0.11 [a2]=10.77.0.12 [b]=10.77.0.21 [c]=10.77.0.31
               [sw]=10.77.0.1 [x]=10.77.0.41)

# A temporary run directory that ovs_stop removes.
# shellcheck disable=SC2119 # no DIR: a temporary one
ovs_start
run_dir=$OVS_HARNESS_DIR
finish () {
  local rc=$?
  if [ "$rc" -ne 0 ] && [ -r "$run_dir/ovs-vswitchd.log" ]; then
    echo "--- last lines of ovs-vswitchd.log"
    tail -n 20 "$run_dir/ovs-vswitchd.log"
  fi
  ovs_stop
}
trap finish EXIT

ovs_add_bridge br
for d in "${DOMS[@]}"; do
  ovs_add_domain "$d" br "${PORT[$d]}" "${MAC[$d]}" "${IP[$d]}/24"
done
echo "# bridge $(ovs_br_name br), namespaces ${OVS_PREFIX}-*, setup $(( ($(date +%s%N) - start) / 1000000 )) ms"

# --- helpers that read the switch ---------------------------------------

flow_lines () { grep -c -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1"; }

check_tables () {
  local serial=$1 flows=$2 groups=$3 dump n want cookies
  dump=$(ovs_ofctl dump-flows --no-stats "$(ovs_br_name br)" | grep -v '^OFPST_FLOW')
  n=$(printf '%s\n' "$dump" | grep -c 'actions=')
  want=$(flow_lines "$flows")
  same "number of flows on the switch vs $(basename "$flows")" "$n" "$want"
  cookies=$(printf '%s\n' "$dump" | sed -n 's/.*cookie=\(0x[0-9a-f]*\).*/\1/p' | sort -u | tr '\n' ' ')
  same "cookies of all flows (the policy serial)" "$cookies" "$serial "
  n=$(ovs_ofctl dump-groups "$(ovs_br_name br)" | grep -c 'group_id=')
  want=$(flow_lines "$groups")
  same "number of groups on the switch vs $(basename "$groups")" "$n" "$want"
}

# Packets counted by the per-port anti-spoofing drop flow of PORT.
spoof_drops () {
  ovs_ofctl dump-flows "$(ovs_br_name br)" "table=0,in_port=$1" \
    | sed -n 's/.*n_packets=\([0-9]*\),.*priority=10,.*/\1/p'
}

icmp_fields () {
  printf 'icmp,dl_src=%s,dl_dst=%s,nw_src=%s,nw_dst=%s' "${MAC[$1]}" "${MAC[$2]}" "${IP[$1]}" "${IP[$2]}"
}

arp_bcast_fields () {
  printf 'arp,dl_src=%s,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_sha=%s,arp_spa=%s,arp_tpa=%s' \
    "${MAC[$1]}" "${MAC[$1]}" "${IP[$1]}" "$2"
}

# trace_matrix "src>dst …" — every ordered pair of distinct domains gets an
# ICMP trace; pairs listed are expected to drop, all others to leave by the
# destination's port.
trace_matrix () {
  local blocked=" $1 " s d want got
  ovs_dp_map   # once, so the concurrent traces below share it
  for s in "${DOMS[@]}"; do
    for d in "${DOMS[@]}"; do
      [ "$s" = "$d" ] && continue
      ovs_trace br "${PORT[$s]}" "$(icmp_fields "$s" "$d")" >"$run_dir/trace.$s.$d" &
    done
  done
  wait
  for s in "${DOMS[@]}"; do
    for d in "${DOMS[@]}"; do
      [ "$s" = "$d" ] && continue
      if [[ $blocked == *" $s>$d "* ]]; then want=drop; else want=${PORT[$d]}; fi
      got=$(cat "$run_dir/trace.$s.$d")
      rm -f "$run_dir/trace.$s.$d"
      same "trace icmp $s -> $d" "$got" "$want"
    done
  done
}

# ping_matrix "src>dst …" — real pings for every ordered pair among the
# policy's domains; listed pairs must fail.
ping_matrix () {
  local blocked=" $1 " s d
  for s in a1 a2 b c sw; do
    for d in a1 a2 b c sw; do
      [ "$s" = "$d" ] && continue
      if [[ $blocked == *" $s>$d "* ]]; then
        queue no "ping $s -> $d blocked" ping_no "$s" "$d"
      else
        queue yes "ping $s -> $d" ping_yes "$s" "$d"
      fi
    done
  done
}

# bcast_trace SRC TARGET_IP EXPECTED — where SRC's ARP request floods.
bcast_trace () {
  local got
  got=$(ovs_trace br "${PORT[$1]}" "$(arp_bcast_fields "$1" "$2")")
  same "trace broadcast ARP from $1 (who-has $2)" "$got" "$3"
}

flush_all () { local d; for d in "${DOMS[@]}"; do ovs_neigh_flush "$d"; done; }

# --- phase 1: conflict {A, C} ------------------------------------------

echo "# phase 1: serial 1, conflict {A, C}"
t=$(date +%s%N)
expect yes "install phase 1 flows and groups in one bundle" \
  ovs_install_flows br "$data/phase1.flows" "$data/phase1.groups"
echo "# install took $(( ($(date +%s%N) - t) / 1000000 )) ms"
check_tables 0x1 "$data/phase1.flows" "$data/phase1.groups"

trace_matrix "a1>c a2>c c>a1 c>a2 a1>x a2>x b>x c>x sw>x x>a1 x>a2 x>b x>c x>sw"
bcast_trace a1 "${IP[b]}" "2 3 5"
bcast_trace a2 "${IP[b]}" "1 3 5"
bcast_trace b "${IP[a1]}" "1 2 4 5"
bcast_trace c "${IP[b]}" "3 5"
bcast_trace sw "${IP[b]}" "1 2 3 4"
bcast_trace x "${IP[b]}" "drop"
got=$(ovs_trace br LOCAL "$(icmp_fields sw a1)")
same "trace from the bridge's LOCAL port (not in the policy)" "$got" drop

ping_matrix "a1>c a2>c c>a1 c>a2"
queue no "ping x -> a1 blocked (port not in policy)" ping_no x a1
queue no "ping a1 -> x blocked (port not in policy)" ping_no a1 x

queue yes "tcp a1 -> a2 (A-A)" tcp_yes a1 a2 7001
queue yes "tcp a2 -> a1 (A-A)" tcp_yes a2 a1 7002
queue yes "tcp a1 -> b (A-B)" tcp_yes a1 b 7003
queue yes "tcp b -> a2 (B-A)" tcp_yes b a2 7004
queue no "tcp a1 -> c blocked (A-C conflict)" tcp_no a1 c 7005
queue no "tcp c -> a2 blocked (C-A conflict)" tcp_no c a2 7006
queue yes "tcp c -> b (C-B)" tcp_yes c b 7007
queue yes "tcp b -> c (B-C)" tcp_yes b c 7008
queue yes "tcp c -> sw (C to the switch address)" tcp_yes c sw 7009
run_queue

# Spoofing from a1 towards a2 (same tag, so only anti-spoofing can drop it).
drops_before=$(spoof_drops 1)
expect yes "control: echo request with a1's own MAC and IP reaches a2" \
  ovs_spoof_ping a1 a2 "${IP[a1]}"
expect no "spoofed source MAC from a1 dropped" ovs_spoof_ping a1 a2 "${IP[a1]}" 02:00:00:00:0a:99
expect no "spoofed source IP (unassigned 10.77.0.99) from a1 dropped" ovs_spoof_ping a1 a2 10.77.0.99
expect no "spoofed source IP (b's ${IP[b]}) from a1 dropped" ovs_spoof_ping a1 a2 "${IP[b]}"
expect no "spoofed MAC and IP (b's) from a1 dropped" ovs_spoof_ping a1 a2 "${IP[b]}" "${MAC[b]}"
expect yes "control: ARP request with a1's true sender IP teaches a2" ovs_spoof_arp a1 a2 "${IP[a1]}"
expect no "ARP with spoofed sender IP (b's) from a1 dropped" ovs_spoof_arp a1 a2 "${IP[b]}"
expect no "ARP with spoofed sender IP (switch's) from a1 dropped" ovs_spoof_arp a1 a2 "${IP[sw]}"
drops_after=$(spoof_drops 1)
if [ "${drops_after:-0}" -gt "${drops_before:-0}" ]; then
  pass "a1's anti-spoofing drop flow counted the spoofs ($drops_before -> $drops_after)"
else
  fail "a1's anti-spoofing drop flow did not count ($drops_before -> $drops_after)"
fi

# Broadcast containment: a1's ARP for c never reaches c, and vice versa,
# while a1's ARP for b does.
flush_all
expect no "a1 cannot resolve/ping c" ping_no a1 c
expect no "c saw no ARP from a1 (broadcast not flooded to conflicting tag)" ovs_neigh_learnt c "${IP[a1]}"
expect no "a1 has no neighbour entry for c" ovs_neigh_learnt a1 "${IP[c]}"
expect no "c cannot resolve/ping a2" ping_no c a2
expect no "a2 saw no ARP from c" ovs_neigh_learnt a2 "${IP[c]}"
expect yes "a1 pings b" ping_yes a1 b
expect yes "a1 resolved b's address by ARP" ovs_neigh_learnt a1 "${IP[b]}"
expect yes "b learnt a1 from its broadcast ARP" ovs_neigh_learnt b "${IP[a1]}"

# --- a refused bundle changes nothing ---------------------------------

bad=$run_dir/bad.flows
{ cat "$data/phase2.flows"; echo "table=3,priority=200,cookie=0x2,udp,actions=group:99"; } >"$bad"
expect no "a bundle naming a missing group is refused" \
  ovs_install_flows br "$bad" "$data/phase2.groups" 2>/dev/null
check_tables 0x1 "$data/phase1.flows" "$data/phase1.groups"
expect no "after the refused bundle, a1 -> c is still blocked" ping_no a1 c
expect yes "after the refused bundle, a1 -> b still works" ping_yes a1 b

# --- phase 2: conflict {A, B}; a2 whitelisted to sw:8080/tcp ----------

echo "# phase 2: serial 2, conflict {A, B}, a2 may only reach ${IP[sw]}:8080/tcp"
t=$(date +%s%N)
expect yes "replace with phase 2 flows and groups in one bundle" \
  ovs_install_flows br "$data/phase2.flows" "$data/phase2.groups"
echo "# replace took $(( ($(date +%s%N) - t) / 1000000 )) ms"
check_tables 0x2 "$data/phase2.flows" "$data/phase2.groups"

# One-way traces: a2's requests drop (whitelist), requests to a2 pass
# unless the tags conflict.
trace_matrix "a1>b b>a1 b>a2 a2>a1 a2>b a2>c a2>sw a2>x a1>x b>x c>x sw>x x>a1 x>a2 x>b x>c x>sw"
got=$(ovs_trace br 2 "tcp,dl_src=${MAC[a2]},dl_dst=${MAC[sw]},nw_src=${IP[a2]},nw_dst=${IP[sw]},tp_dst=8080")
same "trace tcp a2 -> sw:8080 (whitelisted)" "$got" 5
got=$(ovs_trace br 2 "tcp,dl_src=${MAC[a2]},dl_dst=${MAC[sw]},nw_src=${IP[a2]},nw_dst=${IP[sw]},tp_dst=8081")
same "trace tcp a2 -> sw:8081 (not whitelisted)" "$got" drop
bcast_trace a1 "${IP[sw]}" "2 4 5"
bcast_trace a2 "${IP[sw]}" "1 4 5"
bcast_trace a2 "${IP[a1]}" "drop"
bcast_trace b "${IP[sw]}" "4 5"
bcast_trace c "${IP[sw]}" "1 2 3 5"
bcast_trace sw "${IP[c]}" "1 2 3 4"

# Real traffic. a2's echo replies are outside its whitelist too, so every
# ping involving a2 fails (the whitelist is stateless).
ping_matrix "a1>b b>a1 a2>b b>a2 a2>a1 a2>c a2>sw a1>a2 c>a2 sw>a2"
queue yes "tcp a1 -> c (A-C no longer conflict)" tcp_yes a1 c 7101
queue yes "tcp c -> a1 (C-A no longer conflict)" tcp_yes c a1 7102
queue no "tcp a1 -> b blocked (new A-B conflict)" tcp_no a1 b 7103
queue no "tcp b -> a1 blocked (new B-A conflict)" tcp_no b a1 7104
queue yes "tcp a2 -> sw:8080 (whitelisted)" tcp_yes a2 sw 8080
queue no "tcp a2 -> sw:8081 blocked (not whitelisted)" tcp_no a2 sw 8081
queue no "tcp a2 -> c blocked (not whitelisted)" tcp_no a2 c 8080
queue yes "tcp a1 -> sw:8082 (a1 is not whitelisted)" tcp_yes a1 sw 8082
run_queue
expect no "spoofed source IP from a1 still dropped" ovs_spoof_ping a1 c 10.77.0.99
expect yes "control: a1's true echo request reaches c" ovs_spoof_ping a1 c "${IP[a1]}"

flush_all
expect no "a1 cannot resolve/ping b" ping_no a1 b
expect no "b saw no ARP from a1" ovs_neigh_learnt b "${IP[a1]}"
expect yes "a1 pings c" ping_yes a1 c
expect yes "c learnt a1 from its broadcast ARP" ovs_neigh_learnt c "${IP[a1]}"

elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# $checks checks, $failures failed, ${elapsed} ms"
echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
