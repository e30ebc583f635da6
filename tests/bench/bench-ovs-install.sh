#!/bin/bash
# bench-ovs-install.sh — time to install compiled tables into a private OVS.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   bench-ovs-install.sh GEN-POLICY XN-COMPILE-TOOL
#
# Generates one host with 10,000 domains / 20,000 VIFs on 20 switches,
# compiles it, and installs one switch's tables (flows + groups, one
# bundle), then replaces them, timing `ovs-ofctl`. Skips (77) without root.

set -u
here=$(cd "$(dirname "$0")/../ovs" && pwd)
GEN=${1:?usage: bench-ovs-install.sh GEN-POLICY XN-COMPILE-TOOL}
TOOL=${2:?usage: bench-ovs-install.sh GEN-POLICY XN-COMPILE-TOOL}

# shellcheck source=tests/ovs/ovs-harness.sh
. "$here/ovs-harness.sh"
ovs_start

work=$(mktemp -d "${TMPDIR:-/tmp}/xn-bench-ovs.XXXXXX")
trap 'rm -rf "$work"; ovs_stop' EXIT
"$GEN" --hosts 1 --domains-per-host 10000 -o "$work/policy.xml" 2>/dev/null || ovs_die "gen-policy failed"
now () { date +%s.%N; }
# Seconds from $1 to $2 (awk: bc is not installed everywhere).
elapsed () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
"$TOOL" compile "$work/policy.xml" host-000 xbr0 "$work/s0" || ovs_die "compile failed"
ovs_add_bridge b0
n=$(grep -c . "$work/s0.flows")
g=$(grep -c . "$work/s0.groups")
t0=$(now)
ovs_install_flows b0 "$work/s0.flows" "$work/s0.groups" || ovs_die "install failed"
t1=$(now)
printf 'switch xbr0 of host-000 (1,000 of its 20,000 VIFs): %d flows, %d groups: install (one bundle) %.3f s\n' \
  "$n" "$g" "$(elapsed "$t0" "$t1")"
t0=$(now)
ovs_install_flows b0 "$work/s0.flows" "$work/s0.groups" || ovs_die "re-install failed"
t1=$(now)
printf 'switch xbr0: atomic replace with the same tables %.3f s\n' "$(elapsed "$t0" "$t1")"
installed=$(ovs_ofctl dump-aggregate "$(ovs_br_name b0)" | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
printf 'flows in OVS: %s\n' "${installed:-?}"
[ "${installed:-0}" -eq "$n" ]
