# matrix-oracle.sh — trace a switch's installed tables against the
# model's network matrix (bash, sourced after ovs-harness.sh).
# shellcheck shell=bash
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   oracle_check SWITCH PORTS PAIRS LABEL
#
# PORTS is the plan's port table (xn-compile-tool compile … → .ports),
# PAIRS the matrix (xn-compile-tool pairs: "SRC DST allow|deny CODE PROBE
# REASON"). For every ordered pair it runs ofproto/trace on SWITCH:
#  - unicast: the matrix's probe (plain IPv4, or the one protocol/port a
#    whitelist allows) must reach DST exactly when the matrix allows it;
#    where only a whitelist entry lets it through, plain IPv4 must drop;
#  - broadcast ARP from SRC asking for DST: where the matrix allows the
#    pair it must reach exactly the ports SRC may talk to or is only kept
#    from by a whitelist (ARP floods by tag); where SRC's own port or
#    whitelist stops it, nothing; where a conflict does, never DST and
#    nothing outside that set.
# Each result goes to the caller's `oracle_pass` or `oracle_fail MESSAGE`
# (LABEL starts every message: say there how to replay the case).
# Pairs whose destination has no address or is disabled get no
# broadcast check: the matrix does not say whether SRC's whitelist covers
# an address nobody owns.

# A stand-in address for a port without one: table 0 drops it anyway.
ORACLE_NOADDR=10.255.255.254

oracle_check () {
  local sw=$1 ports=$2 pairs=$3 label=$4
  local ofport mac ip dom src dst verdict code probe why
  local -A MAC IP NAME CODE
  local -a ORDER=()
  while IFS=$'\t' read -r ofport _ mac ip _ _ dom _ _; do
    [ "$ofport" = 65534 ] && ofport=LOCAL
    [ "$ip" = - ] && ip=$ORACLE_NOADDR
    MAC[$ofport]=$mac IP[$ofport]=$ip NAME[$ofport]=$dom
    ORDER+=("$ofport")
  done <"$ports"
  while read -r src dst verdict code _; do
    CODE["$src>$dst"]=$code
  done <"$pairs"

  local m1 m2 i1 i2 got want proto tport fields p reach
  while read -r src dst verdict code probe why; do
    m1=${MAC[$src]} i1=${IP[$src]} m2=${MAC[$dst]} i2=${IP[$dst]}
    local what="$label: ${NAME[$src]}($src) → ${NAME[$dst]}($dst) [$verdict $code: $why]"
    # Unicast.
    proto=${probe%%:*} tport=${probe#*:}
    fields="$proto,dl_src=$m1,dl_dst=$m2,nw_src=$i1,nw_dst=$i2"
    if [ "$proto" = tcp ] || [ "$proto" = udp ]; then
      [ "$tport" = 0 ] && tport=7
      # ofproto/trace takes "udp,…,tp_dst=" as lacking its prerequisite;
      # the protocol-specific field parses for both.
      fields+=",${proto}_dst=$tport"
    fi
    got=$(ovs_trace "$sw" "$src" "$fields")
    if [ "$verdict" = allow ]; then want=$dst; else want=drop; fi
    if [ "$got" = "$want" ]; then oracle_pass; else oracle_fail "$what: unicast $probe went to '$got', matrix says $want"; fi
    if [ "$verdict" = allow ] && [ "$proto" != ip ]; then
      got=$(ovs_trace "$sw" "$src" "ip,dl_src=$m1,dl_dst=$m2,nw_src=$i1,nw_dst=$i2")
      if [ "$got" = drop ]; then oracle_pass; else oracle_fail "$what: plain IPv4 outside the whitelist went to '$got', matrix says drop"; fi
    fi

    # Broadcast ARP for DST's address.
    case $code in dst-disabled|dst-no-address) continue ;; esac
    reach=""
    for p in "${ORDER[@]}"; do
      [ "$p" = "$src" ] && continue
      case ${CODE["$src>$p"]:-} in
        conflict|dst-disabled|dst-no-address) ;;
        *) reach+="$p " ;;
      esac
    done
    got=$(ovs_trace "$sw" "$src" "arp,dl_src=$m1,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=$i1,arp_tpa=$i2,arp_sha=$m1")
    case $code in
      src-disabled|src-no-address|whitelist-excludes)
        if [ "$got" = drop ]; then oracle_pass; else oracle_fail "$what: broadcast ARP went to '$got', matrix says drop"; fi
        ;;
      conflict)
        local ok=1
        for p in $got; do
          [ "$p" = drop ] && continue
          [ "$p" = "$dst" ] && ok=0
          [[ " $reach" == *" $p "* ]] || ok=0
        done
        if [ $ok = 1 ]; then oracle_pass; else oracle_fail "$what: broadcast ARP went to '$got', which must not hold $dst nor leave {${reach% }}"; fi
        ;;
      *)
        want=$(ovs_sort_ports $reach)
        [ -n "$want" ] || want=drop
        if [ "$got" = "$want" ]; then oracle_pass; else oracle_fail "$what: broadcast ARP went to '$got', matrix says '$want'"; fi
        ;;
    esac
  done <"$pairs"
}

