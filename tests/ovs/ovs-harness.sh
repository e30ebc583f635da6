# ovs-harness.sh — a private, real Open vSwitch for tests (bash, sourced).
# shellcheck shell=bash
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Starts its own ovsdb-server and ovs-vswitchd in a scratch directory (never
# the system's), builds netdev bridges (there is no kernel datapath here) and
# "domains" as network namespaces joined by veth pairs, and tears all of it
# down again from an EXIT trap, touching only what it created itself.
#
#   . tests/ovs/ovs-harness.sh
#   ovs_start                       # exits 77 with a reason when it cannot run
#   ovs_add_bridge br
#   ovs_add_domain a1 br 1 02:00:00:00:0a:01 10.77.0.11/24
#   ovs_install_flows br flows.txt groups.txt
#   ovs_ping a1 10.77.0.12 && echo reachable
#
# ovs_start installs ovs_stop as the EXIT trap; a caller that sets its own
# EXIT trap must call ovs_stop from it.
#
# Names given to ovs_add_bridge and ovs_add_domain are logical: the real
# bridge, namespace and veth names carry a random per-run prefix
# ($OVS_PREFIX) so parallel runs and leftovers of killed runs never clash.
# Use ovs_br_name / ovs_ns_name to get the real names.
#
# After ovs_start these are exported for any child (e.g. a C test driving
# ovs-vsctl itself): OVS_RUNDIR OVS_LOGDIR OVS_DBDIR OVS_SYSCONFDIR,
# OVS_DB (unix:…/db.sock), OVS_VSWITCHD_CTL, OVS_DBSERVER_CTL, OVS_PREFIX,
# OVS_OF (the -O protocol list for ovs-ofctl), OVS_SWITCH_NS (the network
# namespace ovs-vswitchd, its bridges' taps and the host ends of the veth
# pairs live in; the host's own namespace is never touched).

# OpenFlow 1.3 for groups and set_field; 1.4 only because bundles need it.
OVS_OF=${OVS_OF:-OpenFlow13,OpenFlow14}
OVS_SCHEMA=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
OVS_PING_DEADLINE=${OVS_PING_DEADLINE:-1}
OVS_VERBOSE=${OVS_VERBOSE:-0}
# Debian's interpreter starts faster than a version-manager shim would.
if [ -z "${OVS_PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then OVS_PYTHON=/usr/bin/python3; else OVS_PYTHON=python3; fi
fi

OVS_HARNESS_DIR=
OVS_DBSERVER_PID=
OVS_VSWITCHD_PID=
OVS_BRIDGES=()
OVS_NETNS=()
OVS_SWITCH_NS=
OVS_OWN_RUNDIR=
OVS_VETHS=()
OVS_CHILDREN=()
declare -A OVS_BR OVS_DOM_NS OVS_DOM_MAC OVS_DOM_IP OVS_DOM_PORT
declare -A OVS_DP2OF

ovs_log () { printf 'ovs-harness: %s\n' "$*" >&2; }
ovs_skip () { printf 'SKIP: %s\n' "$*"; exit 77; }
ovs_die () { printf 'ovs-harness: error: %s\n' "$*" >&2; exit 1; }

ovs_vsctl () { ovs-vsctl --db="$OVS_DB" --timeout=10 "$@"; }
ovs_ofctl () { ovs-ofctl -O "$OVS_OF" "$@"; }
ovs_appctl () { ovs-appctl -t "$OVS_VSWITCHD_CTL" --timeout=10 "$@"; }
ovs_br_name () { printf '%s\n' "${OVS_BR[$1]:?unknown bridge $1}"; }
ovs_ns_name () { printf '%s\n' "${OVS_DOM_NS[$1]:?unknown domain $1}"; }
ovs_dom_ip () { printf '%s\n' "${OVS_DOM_IP[$1]:?unknown domain $1}"; }
ovs_dom_mac () { printf '%s\n' "${OVS_DOM_MAC[$1]:?unknown domain $1}"; }
ovs_dom_port () { printf '%s\n' "${OVS_DOM_PORT[$1]:?unknown domain $1}"; }
# Runs a command inside domain NAME's namespace.
ovs_in () { local d=$1; shift; ip netns exec "${OVS_DOM_NS[$d]:?unknown domain $d}" "$@"; }

# A process is gone once it is dead or a zombie nobody reaped yet.
ovs_pid_alive () {
  local state
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
  state=$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
  [ "$state" != Z ]
}

ovs_wait_gone () {
  local pid=$1
  for _ in $(seq 50); do
    ovs_pid_alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

ovs_preflight () {
  local tool probe
  [ "$(id -u)" -eq 0 ] || ovs_skip "needs root (network namespaces, veth pairs, ovs-vswitchd)"
  for tool in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl ovs-appctl \
              ip ethtool ping nc ss "$OVS_PYTHON" timeout; do
    command -v "$tool" >/dev/null 2>&1 || ovs_skip "$tool not found (Debian: openvswitch-switch, iproute2, ethtool, iputils-ping, netcat-openbsd, python3)"
  done
  [ -r "$OVS_SCHEMA" ] || ovs_skip "OVS schema $OVS_SCHEMA not found"
  probe="${OVS_PREFIX}-probe"
  ip netns add "$probe" >/dev/null 2>&1 || ovs_skip "'ip netns add' does not work here"
  if ! ip netns exec "$probe" true >/dev/null 2>&1; then
    ip netns del "$probe" >/dev/null 2>&1
    ovs_skip "'ip netns exec' does not work here"
  fi
  ip netns del "$probe" >/dev/null 2>&1 || true
}

# ovs_start [DIR] — private ovsdb-server + ovs-vswitchd with everything
# (database, sockets, logs) in DIR. Without DIR, a new temporary directory
# that ovs_stop removes again (set OVS_KEEP_RUNDIR=1 to keep it).
ovs_start () {
  local dir=${1:-}
  # 8 characters: short enough that prefix + suffix fit IFNAMSIZ (15).
  OVS_PREFIX=${OVS_PREFIX:-xn$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')}
  export OVS_PREFIX
  ovs_preflight
  if [ -z "$dir" ]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/xn-ovs.XXXXXX") || ovs_die "mktemp failed"
    OVS_OWN_RUNDIR=$dir
  fi
  mkdir -p "$dir" || ovs_die "cannot create $dir"
  dir=$(cd "$dir" && pwd)
  # The socket path must fit sun_path (108 bytes).
  [ ${#dir} -le 90 ] || ovs_die "run directory path too long for a Unix socket: $dir"
  OVS_HARNESS_DIR=$dir
  export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir OVS_SYSCONFDIR=$dir
  export OVS_DB="unix:$dir/db.sock"
  export OVS_DBSERVER_CTL="$dir/ovsdb-server.ctl"
  export OVS_VSWITCHD_CTL="$dir/ovs-vswitchd.ctl"
  export OVS_OF

  trap ovs_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  ovsdb-tool create "$dir/conf.db" "$OVS_SCHEMA" || ovs_die "ovsdb-tool create failed"
  ovsdb-server "$dir/conf.db" --remote="punix:$dir/db.sock" \
    --unixctl="$OVS_DBSERVER_CTL" --pidfile="$dir/ovsdb-server.pid" \
    --log-file="$dir/ovsdb-server.log" -vconsole:off --detach \
    2>"$dir/ovsdb-server.stderr" \
    || ovs_die "ovsdb-server did not start: $(cat "$dir/ovsdb-server.stderr")"
  OVS_DBSERVER_PID=$(cat "$dir/ovsdb-server.pid")
  ovs_vsctl --no-wait init || ovs_die "ovs-vsctl init failed"
  # ovs-vswitchd runs in a namespace of its own: the netdev datapath makes
  # a tap device named "ovs-netdev" (one name per network namespace), so two
  # runs sharing the host's namespace would clash, and a daemon that dies
  # uncleanly would leave taps behind. Its ports (veth ends) live there too.
  OVS_SWITCH_NS="${OVS_PREFIX}-switch"
  ip netns add "$OVS_SWITCH_NS" || ovs_die "cannot create namespace $OVS_SWITCH_NS"
  ip -n "$OVS_SWITCH_NS" link set lo up
  export OVS_SWITCH_NS
  ip netns exec "$OVS_SWITCH_NS" ovs-vswitchd "$OVS_DB" --unixctl="$OVS_VSWITCHD_CTL" \
    --pidfile="$dir/ovs-vswitchd.pid" --log-file="$dir/ovs-vswitchd.log" \
    -vconsole:off --detach 2>"$dir/ovs-vswitchd.stderr" \
    || ovs_die "ovs-vswitchd did not start: $(cat "$dir/ovs-vswitchd.stderr")"
  OVS_VSWITCHD_PID=$(cat "$dir/ovs-vswitchd.pid")
  # --detach returns once initialised; still confirm both answer, bounded.
  for _ in $(seq 50); do
    if ovs-appctl -t "$OVS_VSWITCHD_CTL" --timeout=1 version >/dev/null 2>&1 &&
       ovs-appctl -t "$OVS_DBSERVER_CTL" --timeout=1 version >/dev/null 2>&1; then
      [ "$OVS_VERBOSE" = 1 ] && ovs_log "started in $dir (ovsdb-server $OVS_DBSERVER_PID, ovs-vswitchd $OVS_VSWITCHD_PID)"
      return 0
    fi
    sleep 0.1
  done
  ovs_die "ovs-vswitchd not ready after 5 s (log: $dir/ovs-vswitchd.log)"
}

# ovs_stop — namespaces, then bridges, then the daemons (vswitchd first).
# Only what this harness created; safe to call more than once.
ovs_stop () {
  local pid ns veth br
  for pid in "${OVS_CHILDREN[@]}"; do
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  OVS_CHILDREN=()
  for ns in "${OVS_NETNS[@]}"; do
    ip netns del "$ns" 2>/dev/null
  done
  OVS_NETNS=()
  # Deleting a namespace destroys its veth end and the peer with it; a host
  # end whose peer never reached a namespace is deleted here.
  if [ -n "$OVS_SWITCH_NS" ]; then
    for veth in "${OVS_VETHS[@]}"; do
      if ip -n "$OVS_SWITCH_NS" link show "$veth" >/dev/null 2>&1; then
        ip -n "$OVS_SWITCH_NS" link del "$veth" 2>/dev/null
      fi
    done
  fi
  OVS_VETHS=()
  if [ -n "$OVS_VSWITCHD_PID" ] && ovs_pid_alive "$OVS_VSWITCHD_PID"; then
    for br in "${OVS_BRIDGES[@]}"; do
      ovs_vsctl --if-exists del-br "$br" 2>/dev/null
    done
  fi
  ovs_stop_daemon "$OVS_VSWITCHD_PID" "$OVS_VSWITCHD_CTL"
  OVS_VSWITCHD_PID=
  ovs_stop_daemon "$OVS_DBSERVER_PID" "$OVS_DBSERVER_CTL"
  OVS_DBSERVER_PID=
  OVS_BRIDGES=()
  # Whatever the daemon could not remove (taps, if it had to be killed)
  # goes with its namespace.
  if [ -n "$OVS_SWITCH_NS" ]; then
    ip netns del "$OVS_SWITCH_NS" 2>/dev/null
    OVS_SWITCH_NS=
  fi
  if [ -n "$OVS_OWN_RUNDIR" ] && [ "${OVS_KEEP_RUNDIR:-0}" != 1 ]; then
    rm -rf "$OVS_OWN_RUNDIR"
  fi
  OVS_OWN_RUNDIR=
}

ovs_stop_daemon () {
  local pid=$1 ctl=$2
  [ -n "$pid" ] || return 0
  ovs_pid_alive "$pid" || return 0
  ovs-appctl -t "$ctl" --timeout=5 exit >/dev/null 2>&1
  if ! ovs_wait_gone "$pid"; then
    ovs_log "pid $pid ignored 'exit'; sending SIGTERM"
    kill "$pid" 2>/dev/null
    ovs_wait_gone "$pid" || kill -9 "$pid" 2>/dev/null
  fi
}

# ovs_add_bridge BR — netdev datapath, secure fail mode (no flows = no
# traffic, never a learning switch), OpenFlow 1.3/1.4.
ovs_add_bridge () {
  local name=$1 br
  [ -n "$name" ] || ovs_die "usage: ovs_add_bridge BR"
  br="${OVS_PREFIX}${name}"
  [ ${#br} -le 15 ] || ovs_die "bridge name $br longer than 15 characters"
  OVS_BRIDGES+=("$br")
  OVS_BR[$name]=$br
  ovs_vsctl add-br "$br" -- set bridge "$br" datapath_type=netdev \
    fail_mode=secure protocols="$OVS_OF" \
    || ovs_die "cannot create bridge $br"
}

# ovs_add_domain NAME BR OFPORT MAC IP/PREFIX
ovs_add_domain () {
  local name=$1 brname=$2 ofport=$3 mac=$4 cidr=$5 ns veth br got
  [ $# -eq 5 ] || ovs_die "usage: ovs_add_domain NAME BR OFPORT MAC IP/PREFIX"
  br=${OVS_BR[$brname]:?unknown bridge $brname}
  ns="${OVS_PREFIX}-${name}"
  veth="${OVS_PREFIX}v${#OVS_VETHS[@]}"
  [ ${#veth} -le 15 ] || ovs_die "veth name $veth too long"
  OVS_NETNS+=("$ns")
  ip netns add "$ns" || ovs_die "cannot create namespace $ns"
  # IPv6 would only add router solicitations the policy drops anyway.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
    net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
  OVS_VETHS+=("$veth")
  ip -n "$OVS_SWITCH_NS" link add "$veth" type veth peer name eth0 netns "$ns" \
    || ovs_die "cannot create veth $veth for $name"
  ip -n "$ns" link set eth0 address "$mac" || ovs_die "bad MAC $mac for $name"
  ip -n "$ns" addr add "$cidr" dev eth0 || ovs_die "bad address $cidr for $name"
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  # The netdev datapath does not fill in checksums the veth leaves to
  # offload: without this TCP segments arrive with bad checksums.
  ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null || ovs_die "ethtool -K eth0 tx off failed in $ns"
  ip -n "$OVS_SWITCH_NS" link set "$veth" up
  ovs_vsctl add-port "$br" "$veth" -- set interface "$veth" ofport_request="$ofport" \
    || ovs_die "cannot add $veth to $br"
  for _ in $(seq 50); do
    got=$(ovs_vsctl get interface "$veth" ofport 2>/dev/null)
    [ "$got" = "$ofport" ] && break
    sleep 0.1
  done
  [ "$got" = "$ofport" ] || ovs_die "$veth got ofport '$got', wanted $ofport"
  OVS_DOM_NS[$name]=$ns
  OVS_DOM_MAC[$name]=$mac
  OVS_DOM_IP[$name]=${cidr%/*}
  OVS_DOM_PORT[$name]=$ofport
  OVS_DP2OF=()
}

# ovs_ping FROM TO_IP [SECONDS] — true if TO_IP answers either of two
# echo requests from FROM, waiting SECONDS (may be fractional; default
# $OVS_PING_DEADLINE) when no answer comes. A working path answers in
# milliseconds, so give expected successes a long wait (robust on a loaded
# machine) and expected failures a short one.
ovs_ping () {
  ovs_in "$1" ping -q -n -c 2 -i 0.2 -W "${3:-$OVS_PING_DEADLINE}" "$2" >/dev/null 2>&1
}

# ovs_tcp FROM TO TO_IP PORT [SECONDS] — true if a TCP connection from
# FROM to a listener in domain TO carries data; SECONDS bounds the connect
# (whole seconds, default 1). Never takes more than SECONDS + 3 s.
ovs_tcp () {
  local from=$1 to=$2 ip=$3 port=$4 secs=${5:-1} out token lpid rc=1
  out=$(mktemp "$OVS_HARNESS_DIR/tcp.XXXXXX")
  token="xenon-$RANDOM-$RANDOM"
  # Started directly (not through a shell function) so $! is the process
  # that becomes `timeout`, which passes our SIGTERM on to nc.
  ip netns exec "${OVS_DOM_NS[$to]}" timeout $((secs + 3)) nc -l -s "$ip" -p "$port" >"$out" 2>/dev/null &
  lpid=$!
  OVS_CHILDREN+=("$lpid")
  for _ in $(seq 40); do
    ovs_in "$to" ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && break
    sleep 0.05
  done
  if printf '%s\n' "$token" | ovs_in "$from" timeout $((secs + 2)) nc -N -w "$secs" "$ip" "$port" >/dev/null 2>&1; then
    # Sent; give the listener a moment to write what it received.
    for _ in $(seq 20); do
      if grep -qx "$token" "$out"; then rc=0; break; fi
      sleep 0.05
    done
  fi
  kill "$lpid" 2>/dev/null
  wait "$lpid" 2>/dev/null
  local keep=() p
  for p in "${OVS_CHILDREN[@]}"; do [ "$p" = "$lpid" ] || keep+=("$p"); done
  OVS_CHILDREN=("${keep[@]}")
  rm -f "$out"
  return $rc
}

ovs_icmp_in_echos () {
  # shellcheck disable=SC2016 # awk's own $i
  ovs_in "$1" awk '$1 == "Icmp:" { if (!c) { for (i = 2; i <= NF; i++) if ($i == "InEchos") c = i }
                                  else { print $c; exit } }' /proc/net/snmp
}

# ovs_spoof_ping FROM TO SRC_IP [SRC_MAC] — sends echo requests from FROM
# to domain TO with a forged source IP (and MAC, "-" keeps FROM's own).
# True if TO received any of them, i.e. the spoof got through.
ovs_spoof_ping () {
  local from=$1 to=$2 sip=$3 smac=${4:--} tip tmac before after rc
  tip=${OVS_DOM_IP[$to]} tmac=${OVS_DOM_MAC[$to]}
  # A static neighbour entry so the echo request is sent even though any
  # ARP exchange for the forged address is (rightly) dropped.
  ovs_in "$from" ip neigh replace "$tip" lladdr "$tmac" dev eth0 nud permanent
  if [ "$sip" != "${OVS_DOM_IP[$from]}" ]; then
    ovs_in "$from" ip addr add "$sip/32" dev eth0
  fi
  [ "$smac" = - ] || ovs_in "$from" ip link set dev eth0 address "$smac"
  before=$(ovs_icmp_in_echos "$to")
  ovs_in "$from" ping -q -n -c 2 -i 0.2 -W "$OVS_PING_DEADLINE" -I "$sip" "$tip" >/dev/null 2>&1
  after=$(ovs_icmp_in_echos "$to")
  [ "$smac" = - ] || ovs_in "$from" ip link set dev eth0 address "${OVS_DOM_MAC[$from]}"
  if [ "$sip" != "${OVS_DOM_IP[$from]}" ]; then
    ovs_in "$from" ip addr del "$sip/32" dev eth0
  fi
  ovs_in "$from" ip neigh del "$tip" dev eth0 2>/dev/null
  rc=1
  [ "$after" -gt "$before" ] && rc=0
  return $rc
}

# ovs_spoof_arp FROM TO SENDER_IP — a raw ARP request from FROM's MAC that
# claims SENDER_IP, asking for TO's address. True if TO now maps SENDER_IP
# to FROM's MAC (the poisoning the policy must prevent); an entry TO made
# by itself, with the address's true MAC or none, is not poisoning.
ovs_spoof_arp () {
  local from=$1 to=$2 spa=$3 state
  ovs_in "$to" ip neigh flush to "$spa" dev eth0 2>/dev/null
  ovs_in "$from" "$OVS_PYTHON" - "${OVS_DOM_MAC[$from]}" "$spa" "${OVS_DOM_IP[$to]}" <<'EOF' || return 2
import socket, sys
mac = bytes.fromhex(sys.argv[1].replace(":", ""))
spa = socket.inet_aton(sys.argv[2])
tpa = socket.inet_aton(sys.argv[3])
frame = (b"\xff" * 6 + mac + b"\x08\x06" + b"\x00\x01\x08\x00\x06\x04\x00\x01"
         + mac + spa + b"\x00" * 6 + tpa)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
for _ in range(2):
    s.send(frame)
EOF
  sleep 0.2
  state=$(ovs_in "$to" ip neigh show to "$spa" dev eth0 2>/dev/null)
  printf '%s' "$state" | grep -qi "lladdr ${OVS_DOM_MAC[$from]}"
}

# ovs_neigh_learnt DOMAIN IP — true if DOMAIN has a usable neighbour entry.
ovs_neigh_learnt () {
  local state
  state=$(ovs_in "$1" ip neigh show to "$2" dev eth0 2>/dev/null)
  [ -n "$state" ] && printf '%s' "$state" | grep -q lladdr
}

ovs_neigh_flush () { ovs_in "$1" ip neigh flush dev eth0 2>/dev/null; true; }

# ovs_install_flows BR FLOWS [GROUPS] — atomically replaces the bridge's
# flow table (and group table, when GROUPS is given).
#
# Without groups: `--bundle replace-flows`, one OpenFlow 1.4 bundle.
# With groups there is no replace-groups in OVS 3.1 and replace-flows
# cannot carry group mods, so one `ovs-ofctl bundle` transaction deletes all
# flows, deletes all groups, adds the new groups, then the new flows. A
# packet sees the old tables or the new ones, never a mix, and a refused
# mod (e.g. a flow naming a missing group) rolls the whole bundle back.
ovs_install_flows () {
  local name=$1 flows=$2 groups=${3:-} br bundle
  br=${OVS_BR[$name]:?unknown bridge $name}
  [ -r "$flows" ] || ovs_die "cannot read flows file $flows"
  if [ -z "$groups" ]; then
    ovs_ofctl --bundle replace-flows "$br" "$flows"
    return
  fi
  [ -r "$groups" ] || ovs_die "cannot read groups file $groups"
  bundle=$(mktemp "$OVS_HARNESS_DIR/bundle.XXXXXX")
  {
    echo "flow delete"
    echo "group delete group_id=all"
    grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$groups" | sed 's/^/group add /'
    grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$flows" | sed 's/^/flow add /'
  } >"$bundle"
  ovs_ofctl bundle "$br" "$bundle"
  local rc=$?
  rm -f "$bundle"
  return $rc
}

ovs_dp_map () {
  local line ofport dp
  OVS_DP2OF=()
  while read -r line; do
    # "    xn1a2b3cv0 1/2: (system)"  →  ofport 1, datapath port 2
    [[ $line =~ ^[^[:space:]]+\ ([0-9]+)/([0-9]+): ]] || continue
    ofport=${BASH_REMATCH[1]} dp=${BASH_REMATCH[2]}
    [ "$ofport" = 65534 ] && ofport=LOCAL
    OVS_DP2OF[$dp]=$ofport
  done < <(ovs_appctl dpif/show)
}

# ovs_trace BR IN_PORT FLOW_FIELDS — prints the verdict of ofproto/trace:
# the OpenFlow ports the packet leaves by, sorted and space-separated, or
# "drop".
# Numbers numerically, names (LOCAL) after them.
ovs_port_gt () {
  if [[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]]; then [ "$1" -gt "$2" ]; else [[ $1 > $2 ]]; fi
}

ovs_trace () {
  local name=$1 in_port=$2 fields=$3 br out line actions="" tok p ports=" "
  br=${OVS_BR[$name]:?unknown bridge $name}
  out=$(ovs_appctl ofproto/trace "$br" "in_port=$in_port,$fields") \
    || { printf 'error\n'; return 1; }
  while IFS= read -r line; do
    [[ $line == "Datapath actions: "* ]] && actions=${line#Datapath actions: }
  done <<<"$out"
  [ "${#OVS_DP2OF[@]}" -gt 0 ] || ovs_dp_map
  local IFS=,
  for tok in $actions; do
    tok=${tok// /}
    [[ $tok =~ ^[0-9]+$ ]] || continue
    [ -n "${OVS_DP2OF[$tok]:-}" ] || ovs_dp_map
    ports+="${OVS_DP2OF[$tok]:-dp$tok} "
  done
  IFS=' '
  if [ "$ports" = " " ]; then
    printf 'drop\n'
    return
  fi
  # shellcheck disable=SC2086 # one port a word
  ovs_sort_ports $ports
}

# ovs_sort_ports PORT...: the ports in ovs_trace's order (numbers
# ascending, LOCAL last), on one line.  Sorted without a pipeline:
# traces run by the hundred in tests.
ovs_sort_ports () {
  local p sorted=()
  for p in "$@"; do
    local i=${#sorted[@]}
    while [ "$i" -gt 0 ] && ovs_port_gt "${sorted[$((i - 1))]}" "$p"; do
      sorted[i]=${sorted[$((i - 1))]}
      i=$((i - 1))
    done
    sorted[i]=$p
  done
  printf '%s\n' "${sorted[*]}"
}
