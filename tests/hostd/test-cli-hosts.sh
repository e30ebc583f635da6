#!/bin/sh
# tests/hostd/test-cli-hosts.sh: xenon-policy's host commands against a
# real daemon (simulated host) through a hosts file, as a fleet tool
# calls them.  The same commands over SSH are the host suite's
# (tests/host/run-host); here: exit codes, every host's outcome under its
# name, the dry run changing nothing, --yes applying only where every dry
# run passed, a refusal named.
# Usage: test-cli-hosts.sh XENON-POLICY XENON-HOSTD DEMO-POLICY SRCDIR
set -u
xp=$1 hostd=$2 demo=$3 src=$4
command -v certtool >/dev/null || { echo "SKIP: certtool (gnutls-bin) is needed for the test PKI"; exit 77; }
dir=$(mktemp -d)
passed=0 failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
bad() { echo "FAIL: $1"; failed=$((failed + 1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT

. "$src/tests/lib/pki.sh"
xn_make_pki "$dir/pki" "CLI test" || { echo "FAIL: certtool"; exit 1; }
for h in a b; do
    mkdir -p "$dir/$h/trust"
    cp "$dir/pki/ca.pem" "$dir/$h/trust/"
    "$hostd" --socket "$dir/$h/sock" --state-dir "$dir/$h" --trust-dir "$dir/$h/trust" \
        --backend sim --sim-policy "$demo" --host-name localhost \
        >"$dir/$h/log" 2>&1 &
    pids="$pids $!"
done
printf '[a]\nKind=local\nSocket=%s\n\n[b]\nKind=local\nSocket=%s\n\n[gone]\nKind=local\nSocket=%s\n' \
    "$dir/a/sock" "$dir/b/sock" "$dir/nobody" > "$dir/hosts"
n=0
while { [ ! -S "$dir/a/sock" ] || [ ! -S "$dir/b/sock" ]; } && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
X() { c=$1; shift; "$xp" "$c" --hosts-file "$dir/hosts" --known-hosts "$dir/kh" "$@"; }

X status --host a,b > "$dir/out" 2>&1
check "status: exit 0, each host under its name" \
    '[ $? = 0 ] && grep -q "^a: policy: serial 7" "$dir/out" && grep -q "^b: policy: serial 7" "$dir/out" &&
     grep -q "^a: guard serial: 7" "$dir/out"'
X status > "$dir/out" 2>&1
check "no --host: a usage error (2)" '[ $? = 2 ] && grep -q -- "--host" "$dir/out"'
X status --host a,nowhere > "$dir/out" 2>&1
check "a host the file lacks: a usage error naming it" '[ $? = 2 ] && grep -q "nowhere" "$dir/out"'
X status --host a,gone > "$dir/out" 2>&1
check "an unreachable host: exit 1, the other still answers" \
    '[ $? = 1 ] && grep -q "^gone: refused" "$dir/out" && grep -q "^a: policy" "$dir/out"'
X domains --host a start user_vm_1 > "$dir/out" 2>&1
check "domains ACTION DOMAIN: started, said under the host's name" '[ $? = 0 ] && grep -q "^a: user_vm_1: start done" "$dir/out"'
X domains --host a > "$dir/out" 2>&1
check "domains lists the simulated guests with their states" \
    '[ $? = 0 ] && grep -Eq "^a: user_vm_1 +[0-9]+ running" "$dir/out" && grep -Eq "^a: personnel_mgr +- stopped" "$dir/out"'
X domains --host a start user_vm_1 > "$dir/out" 2>&1
check "starting a running domain is refused (exit 1)" '[ $? = 1 ] && grep -q "^a: refused" "$dir/out"'
X domains --host a explode user_vm_1 > "$dir/out" 2>&1
check "an unknown action: a usage error" '[ $? = 2 ]'

sed 's/ serial="7"/ serial="8"/' "$demo" > "$dir/p8.xml"
"$xp" sign --key "$dir/pki/signer.key" --cert "$dir/pki/signer.pem" "$dir/p8.xml" -o "$dir/p8.signed.xml" >/dev/null
X push --host a,b "$dir/p8.signed.xml" > "$dir/out" 2>&1
check "push without --yes: every host's dry run, nothing applied" \
    '[ $? = 0 ] && grep -q "^a: dry run passed: serial 8 would replace 7" "$dir/out" &&
     grep -q "^b: dry run passed" "$dir/out" && X status --host a | grep -q "policy: serial 7"'
X push --host a,gone --yes "$dir/p8.signed.xml" > "$dir/out" 2>&1
check "push --yes where one host fails its dry run applies nowhere" \
    '[ $? = 1 ] && grep -q "nothing applied anywhere" "$dir/out" && X status --host a | grep -q "policy: serial 7"'
X push --host a,b --yes "$dir/p8.signed.xml" > "$dir/out" 2>&1
check "push --yes applies on every host" \
    '[ $? = 0 ] && grep -q "^a: applied: serial 8 replaced 7" "$dir/out" && grep -q "^b: applied: serial 8" "$dir/out" &&
     X status --host b | grep -q "guard serial: 8"'
X push --host a --yes "$dir/p8.signed.xml" > "$dir/out" 2>&1
check "the same serial again: refused (exit 1) with the reason" '[ $? = 1 ] && grep -qi "^a: refused:.*serial" "$dir/out"'
X push --host a "$demo" > "$dir/out" 2>&1
check "an unsigned document: refused (exit 1)" '[ $? = 1 ] && grep -qi "^a: refused:.*sign" "$dir/out"'

# Violations: the simulated user_vm_1 probes; text and JSON.
n=0
until X violations --host a --json 2>/dev/null | grep -q '"domain":"user_vm_1"' || [ $n -ge 100 ]; do
    sleep 0.2; n=$((n + 1))
done
X violations --host a --json > "$dir/v.json" 2>&1
check "violations --json: one object a line, with host, seq, domain and hypercall" \
    'grep -q "^{\"host\":\"a\",\"seq\":[0-9]*,\"time\":\"[0-9T:-]*Z\",\"uuid\":\"[0-9a-f-]*\",\"domain\":\"user_vm_1\",\"hypercall\":[0-9]*" "$dir/v.json" &&
     python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$dir/v.json"'
last=$(tail -1 "$dir/v.json" | sed 's/.*"seq":\([0-9]*\),.*/\1/')
X violations --host a --since "$last" --json > "$dir/v2.json" 2>&1
check "--since SEQ returns only later rows" \
    '! grep -q "\"seq\":$last," "$dir/v2.json"'
X violations --host a --since -3 > "$dir/out" 2>&1
check "a negative --since is a usage error" '[ $? = 2 ]'

echo "$passed passed, $failed failed"
[ $failed = 0 ]
