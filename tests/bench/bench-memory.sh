#!/bin/sh
# bench-memory.sh MANAGER HOSTD POLICY SCHEMA_DIR [SECONDS]: the resident
# size of xenon-manager started as a user starts it (the policy on the
# command line, the embedded simulated host built from the demo policy,
# huge pages as the app sets them), in an Xvfb of its own.  Waits until
# the window is shown, then reads VmRSS every half second for SECONDS
# (default 20) while the host starts, its violations arrive and the graphs
# fill; prints the size when shown, the largest and the last, how the last
# divides (anonymous, files; the largest mappings), and the simulated
# host's daemon apart.
# Goal (issue 19): at most 150 MB.
set -u
manager=$1
hostd=$2
policy=$3
schemas=$4
seconds=${5:-20}
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${XN_BENCH_INNER:-}" ]; then
    command -v xwininfo >/dev/null 2>&1 || { echo "SKIP: xwininfo not found (x11-utils)"; exit 77; }
    export XN_BENCH_INNER=1
    exec "$here/../ui/run-under-xvfb.sh" "$0" "$@"
fi

data=$(mktemp -d) || exit 1
trap 'rm -rf "$data"' EXIT
# A fresh user: the simulated host's store, recent files and settings of
# its own.
XDG_DATA_HOME=$data/data XDG_CONFIG_HOME=$data/config XDG_CACHE_HOME=$data/cache \
    GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$schemas \
    XENON_HOSTD=$hostd XENON_DEMO_POLICY=$policy \
    "$manager" "$policy" >"$data/out" 2>&1 &
app=$!

kib() {  # kib PID FIELD: a field of /proc/PID/status, in KiB
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}
mib() {
    awk -v k="${1:-0}" 'BEGIN { printf "%.1f", k / 1024 }'
}
daemon() {  # the manager's xenon-hostd child, if running
    for p in $(cat /proc/$app/task/*/children 2>/dev/null); do
        case $(cat /proc/$p/comm 2>/dev/null) in xenon-hostd*) echo "$p"; return ;; esac
    done
}

# Shown: a mapped top-level window of the app's own process.
start=$(date +%s%N)
shown=
while [ -z "$shown" ]; do
    if ! kill -0 "$app" 2>/dev/null; then
        echo "FAIL: xenon-manager ended before its window was shown:"
        cat "$data/out"
        exit 1
    fi
    if [ $(( ($(date +%s%N) - start) / 1000000000 )) -ge 120 ]; then
        echo "FAIL: no window after 120 s"
        kill "$app"
        exit 1
    fi
    for w in $(xwininfo -root -children 2>/dev/null | awk '/^ +0x/ { print $1 }'); do
        if xwininfo -id "$w" 2>/dev/null | grep -q 'Map State: IsViewable' \
            && [ "$(xprop -id "$w" _NET_WM_PID 2>/dev/null | awk '{ print $3 }')" = "$app" ]; then
            shown=$w
        fi
    done
    [ -n "$shown" ] || sleep 0.2
done
shown_ms=$(( ($(date +%s%N) - start) / 1000000 ))
at_shown=$(kib "$app" VmRSS)
peak=$at_shown
i=0
while [ $i -lt $(( seconds * 2 )) ]; do
    sleep 0.5
    kill -0 "$app" 2>/dev/null || { echo "FAIL: xenon-manager ended:"; cat "$data/out"; exit 1; }
    now=$(kib "$app" VmRSS)
    [ "$now" -gt "$peak" ] && peak=$now
    i=$((i + 1))
done
last=$(kib "$app" VmRSS)
d=$(daemon)
daemon_rss=$( [ -n "$d" ] && kib "$d" VmRSS || echo 0)
rollup=$(awk '$1 == "Rss:" || $1 == "Anonymous:" || $1 == "AnonHugePages:" || $1 == "Shared_Clean:" || $1 == "Private_Clean:" { printf "%s %.1f MiB; ", $1, $2 / 1024 }' "/proc/$app/smaps_rollup" 2>/dev/null)

echo "memory: xenon-manager on $(basename "$policy") ($(wc -c <"$policy") bytes, $(grep -c '<domain ' "$policy") domains) with the embedded simulated host built from it"
echo "memory: window shown after $shown_ms ms; VmRSS when shown $(mib "$at_shown") MiB, largest in ${seconds} s $(mib "$peak") MiB, at the end $(mib "$last") MiB (goal: at most 150 MB = 143.1 MiB)"
echo "memory: at the end: $rollup"
# The largest consumers by mapping ([heap] and unnamed: the app's own
# allocations; the rest: libraries and data files).
awk '/^[0-9a-f]+-[0-9a-f]+ / { name = $6 == "" ? "(anonymous)" : $6 }
     $1 == "Rss:" { rss[name] += $2 }
     END { for (n in rss) printf "%d %s\n", rss[n], n }' "/proc/$app/smaps" 2>/dev/null |
    sort -n -r | head -6 | while read -r k name; do
        echo "memory:   $(mib "$k") MiB $(basename "$name")"
    done
echo "memory: the simulated host's xenon-hostd apart: VmRSS $(mib "$daemon_rss") MiB; both $(mib $((last + daemon_rss))) MiB"

kill "$app" 2>/dev/null
wait "$app" 2>/dev/null
exit 0
