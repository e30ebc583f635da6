#!/bin/sh
# tests/hostd/test-migrate.sh: `xenon-policy migrate` between two real
# daemons on simulated hosts (host1 and host2 of the host suite's policy,
# which share a [sim] migrate-dir the way two Xen hosts share a network).
# What each daemon decides is what this checks: the target refuses an
# arrival its policy does not place, one with another label, one while an
# exclusively conflicting domain runs there, and a start of a domain that
# only visits; the source refuses a host its policy does not let the
# domain run on; a refusal leaves the domain running where it was; both
# audit logs hold their half.  Xen's own migration is the host suite's.
# Usage: test-migrate.sh XENON-POLICY XENON-HOSTD SRCDIR
set -u
xp=$1 hostd=$2 src=$3
policy="$src/tests/host/host-policy.xml"
dir=$(mktemp -d)
passed=0 failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
bad() { echo "FAIL: $1"; failed=$((failed + 1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT

mkdir -p "$dir/inbox"
for h in host1 host2; do
    mkdir -p "$dir/$h/trust"
    printf '[hostd]\nsample-interval-ms=200\n[sim]\ntick-ms=50\nmigrate-dir=%s\n' "$dir/inbox" > "$dir/$h/hostd.conf"
    printf '[roles]\n%s=sysadmin;monitor\n' "$(id -u)" > "$dir/$h/roles"
    "$hostd" --socket "$dir/$h/sock" --state-dir "$dir/$h" --trust-dir "$dir/$h/trust" \
        --backend sim --sim-policy "$policy" --host-name "$h" --test-roles "$dir/$h/roles" \
        >"$dir/$h/log" 2>&1 &
    pids="$pids $!"
done
printf '[h1]\nKind=local\nSocket=%s\n\n[h2]\nKind=local\nSocket=%s\n' "$dir/host1/sock" "$dir/host2/sock" > "$dir/hosts"
n=0
while { [ ! -S "$dir/host1/sock" ] || [ ! -S "$dir/host2/sock" ]; } && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
X() { c=$1; shift; "$xp" "$c" --hosts-file "$dir/hosts" --known-hosts "$dir/kh" "$@"; }
state() {   # state HOST DOMAIN: its state there
    X domains --host "$1" | awk -v d="$2" '$2 == d { print $4 }'
}
wait_state() {   # wait_state HOST DOMAIN STATE: up to 5 s
    n=0
    while [ "$(state "$1" "$2")" != "$3" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    [ "$(state "$1" "$2")" = "$3" ]
}
audit() {   # audit HOST: its audit log, a row a line
    X audit --host "$1"
}

X domains --host h1 start MigrateVM1 >/dev/null 2>&1
check "MigrateVM1 runs on host1" 'wait_state h1 MigrateVM1 running'
check "host2 lists it, stopped: it may come there" '[ "$(state h2 MigrateVM1)" = stopped ]'

X domains --host h2 start MigrateVM1 > "$dir/out" 2>&1
check "host2 refuses to start a domain that only visits (exit 1, its own host named)" \
    '[ $? = 1 ] && grep -q "belongs to host “host1”" "$dir/out"'

X domains --host h1 start db1 >/dev/null 2>&1
X migrate --host h1 --to h2 db1 > "$dir/out" 2>&1
rc=$?
check "a domain host2's policy does not place there is refused by host2, the rule named" \
    '[ $rc = 1 ] && grep -q "host2 refused" "$dir/out" && grep -q "mayRunOn" "$dir/out"' || cat "$dir/out"
check "... and db1 keeps running on host1" '[ "$(state h1 db1)" = running ]'

X domains --host h2 start vault2 >/dev/null 2>&1
wait_state h2 vault2 running
X migrate --host h1 --to h2 MigrateVM1 > "$dir/out" 2>&1
rc=$?
check "an exclusive conflict running on host2 refuses the arrival, conflict and domain named" \
    '[ $rc = 1 ] && grep -q "host2 refused" "$dir/out" && grep -q "db_vault" "$dir/out" && grep -q "vault2" "$dir/out"' ||
    cat "$dir/out"
check "... and MigrateVM1 keeps running on host1" '[ "$(state h1 MigrateVM1)" = running ]'
X domains --host h2 destroy vault2 >/dev/null 2>&1
wait_state h2 vault2 stopped

X migrate --host h1 --to h1 MigrateVM1 > "$dir/out" 2>&1
check "a migration to the same host is refused" '[ $? = 1 ] && grep -q "same host" "$dir/out"'
X migrate --host h1 MigrateVM1 > "$dir/out" 2>&1
check "no --to: a usage error" '[ $? = 2 ] && grep -q -- "--to" "$dir/out"'
X migrate --host h1 --to h2 nosuch > "$dir/out" 2>&1
check "an unknown domain is named" '[ $? = 1 ] && grep -q "nosuch" "$dir/out"'

X migrate --host h1 --to h2 MigrateVM1 > "$dir/out" 2>&1
rc=$?
check "MigrateVM1 migrates to host2 (exit 0, said)" \
    '[ $rc = 0 ] && grep -q "MigrateVM1: migrated from h1 to h2" "$dir/out"' || cat "$dir/out"
check "... it runs on host2 and no longer on host1" \
    'wait_state h2 MigrateVM1 running && [ "$(state h1 MigrateVM1)" = stopped ]'
X domains --host h2 start vault2 > "$dir/out" 2>&1
check "on host2 its exclusive conflict now keeps vault2 from starting" \
    '[ $? = 1 ] && grep -q "MigrateVM1" "$dir/out"'

audit h1 > "$dir/a1"
audit h2 > "$dir/a2"
check "host2's audit log holds the refused and the accepted arrival" \
    'grep "AcceptMigration" "$dir/a2" | grep -q "refused" && grep "AcceptMigration" "$dir/a2" | grep "MigrateVM1 from host1" | grep -q "ok"' ||
    cat "$dir/a2"
check "host1's audit log holds the migration to host2" \
    'grep "MigrateDomain" "$dir/a1" | grep "MigrateVM1 to host2" | grep -q "ok"' || cat "$dir/a1"

X migrate --host h2 --to h1 MigrateVM1 > "$dir/out" 2>&1
check "and back home to host1" '[ $? = 0 ] && wait_state h1 MigrateVM1 running && [ "$(state h2 MigrateVM1)" = stopped ]' ||
    cat "$dir/out"

echo "$passed passed, $failed failed"
[ $failed = 0 ]
