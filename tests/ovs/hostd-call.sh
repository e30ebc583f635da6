# hostd-call.sh — calls to a test's xenon-hostd over its socket (bash, sourced).
# shellcheck shell=bash
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Set HOSTD_SOCK first.  hostd_push FILE prints gdbus's answer and fails
# like the call; hostd_serial prints the serial in force.

hostd_bus () {
  gdbus call --address "unix:path=$HOSTD_SOCK" --dest org.xenonvmm.Host1 \
    --object-path /org/xenonvmm/Host "$@"
}
hostd_push () {
  local bytes
  bytes=$(od -An -v -tu1 "$1" | tr -s ' \n' ',,' | sed 's/^,//; s/,$//')
  hostd_bus --method org.xenonvmm.Host1.PushPolicy "@ay [$bytes]" false 2>&1
}
hostd_serial () {
  hostd_bus --method org.xenonvmm.Host1.GetPolicy 2>&1 | sed -n 's/^(uint64 \([0-9]*\),.*/\1/p'
}
