#!/bin/sh
# test-cli.sh XENON_POLICY DATA_DIR DEMO_POLICY — drives xenon-policy as a script would
# and checks its output and exit codes (0 success, 1 refused, 2 usage).
set -u
xp=$1 data=$2 demo=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
simple=$data/a-simple-policy.xml
failures=0 checks=0

# expect STATUS DESCRIPTION -- COMMAND...: runs COMMAND, output in $work/out
expect () {
  want=$1 what=$2; shift 3
  checks=$((checks + 1))
  "$@" >"$work/out" 2>&1
  got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, wanted $want"; sed 's/^/    /' "$work/out"
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}

# grep_out PATTERN DESCRIPTION: the last command's output matches PATTERN
grep_out () {
  checks=$((checks + 1))
  if grep -q -- "$1" "$work/out"; then
    echo "ok: $2"
  else
    echo "FAIL: $2: no “$1” in:"; sed 's/^/    /' "$work/out"
    failures=$((failures + 1))
  fi
}

expect 2 "no command is a usage error" -- "$xp"
expect 0 "--help" -- "$xp" --help
grep_out "validate" "help lists validate"
expect 2 "unknown command" -- "$xp" frobnicate
expect 2 "validate without FILE" -- "$xp" validate
expect 2 "unknown option" -- "$xp" validate --bogus "$demo"

expect 0 "validate demo" -- "$xp" validate "$demo"
expect 0 "validate simple" -- "$xp" validate "$simple"
expect 1 "validate malformed" -- "$xp" validate "$data/bad/malformed.xml"
grep_out "malformed.xml:" "error names the file"
expect 1 "validate missing file" -- "$xp" validate "$work/nope.xml"

expect 0 "lint demo" -- "$xp" lint "$demo"
grep_out "0 errors" "demo lints clean"
expect 0 "lint --rules" -- "$xp" lint --rules
grep_out "XN-L" "rules have codes"

# A dangling reference is a lint error: exit 1 and the code is printed.
sed 's/\(secLabelUuidRef="\)[0-9a-f]\{8\}/\1deadbeef/' "$demo" > "$work/dangling.xml"
expect 1 "lint dangling reference" -- "$xp" lint "$work/dangling.xml"
grep_out "error XN-L" "lint prints the error code"
# FILE:LINE: SEVERITY CODE: the form editors' problem matchers read, the
# line that of the domain whose reference dangles.
line=$(grep -n 'secLabelUuidRef="deadbeef' "$work/dangling.xml" | head -n 1 | cut -d: -f1)
grep_out "^$work/dangling.xml:$line: error XN-L001: .*does not exist" "lint names the file and line"

# A live update that drops a domain: the finding points at the domain's
# line in the running policy, the only file that has it.
sed -e 's/serial="7"/serial="8"/' -e '/name="user_vm_3"/,/<\/domain>/d' "$demo" > "$work/dropped.xml"
line=$(grep -n 'name="user_vm_3"' "$demo" | cut -d: -f1)
expect 1 "lint --against a running policy" -- "$xp" lint --against "$demo" "$work/dropped.xml"
grep_out "^$demo:$line: error XN-L030: " "a removed domain is shown at its line in the running policy"

expect 0 "fmt --check on a canonical file" -- "$xp" fmt --check "$demo"
sed 's/^  //' "$demo" > "$work/unindented.xml"
expect 1 "fmt --check on a reindented file" -- "$xp" fmt --check "$work/unindented.xml"
expect 0 "fmt -o" -- "$xp" fmt -o "$work/fmt.xml" "$work/unindented.xml"
checks=$((checks + 1))
if cmp -s "$work/fmt.xml" "$demo"; then echo "ok: fmt restores the canonical bytes"; else echo "FAIL: fmt output differs from the canonical file"; failures=$((failures + 1)); fi
expect 2 "fmt -i with -o" -- "$xp" fmt -i -o x "$demo"
# Booleans are always written: a learning="false" someone wrote stays.
grep -q 'learning="false"' "$demo" || { echo "FAIL: the demo has no learning=\"false\" to keep"; failures=$((failures + 1)); }
expect 0 "fmt to standard output" -- "$xp" fmt "$demo"
grep_out 'learning="false"' "fmt keeps learning=\"false\""

expect 0 "diff identical" -- "$xp" diff "$demo" "$demo"
sed 's/name="nids"/name="nids2"/' "$demo" > "$work/renamed.xml"
expect 0 "diff renamed domain" -- "$xp" diff "$demo" "$work/renamed.xml"
grep_out "nids2" "diff names the renamed domain"

expect 0 "extract localhost" -- "$xp" extract --host localhost "$demo" -o "$work/extract.xml"
expect 0 "extracted document validates" -- "$xp" validate "$work/extract.xml"
expect 1 "extract unknown host" -- "$xp" extract --host nowhere "$demo"
grep_out "nowhere" "error names the host"
expect 2 "extract without --host" -- "$xp" extract "$demo"

expect 0 "template export" -- "$xp" template export "$simple" -o "$work/template.xml"
checks=$((checks + 1))
if grep -q "00:16:3e:a4:22:9b" "$work/template.xml"; then echo "FAIL: template keeps a MAC"; failures=$((failures + 1)); else echo "ok: template drops MACs"; fi
expect 0 "template import into demo" -- "$xp" template import --into "$demo" "$work/template.xml" -o "$work/imported.xml"
expect 0 "imported document validates" -- "$xp" validate "$work/imported.xml"
expect 2 "template import without --into" -- "$xp" template import "$work/template.xml"

expect 0 "compile demo for localhost" -- "$xp" compile --host localhost "$demo"
grep_out "Switch secbr0" "plan lists the switch"
expect 0 "compile --flows --blob" -- "$xp" compile --host localhost --flows --blob "$work/blob" "$demo"
grep_out "cookie=0x7" "flows carry the serial as cookie"
checks=$((checks + 1))
if [ "$(head -c 4 "$work/blob")" = "XNGB" ]; then echo "ok: blob starts with its magic"; else echo "FAIL: blob magic"; failures=$((failures + 1)); fi
expect 0 "compile --xl" -- "$xp" compile --host localhost --xl "$demo"
grep_out "# domain user_vm_1: xl configuration" "--xl prints each domain's configuration"
grep_out "vif = \[ 'mac=00:16:3e:5c:10:21," "the xl configuration carries the VIF's MAC"
expect 1 "compile for an unknown host" -- "$xp" compile --host nowhere "$demo"
# What a host would refuse is not shown as a plan, as it is not signed.
expect 1 "compile refuses a policy with lint errors" -- "$xp" compile --host 10.0.2.107 "$simple"
grep_out "error XN-L036" "the refusal prints the lint errors"
grep_out "use --force" "the refusal says how to compile anyway"
expect 0 "compile --force a policy with lint errors" -- "$xp" compile --force --host 10.0.2.107 "$simple"
grep_out "is left out" "the plan warns of what it left out"
expect 2 "compile without --host" -- "$xp" compile "$demo"
sed 's/serial="7"/serial="8"/; s/maxViolations="10" violationAction="pause"/maxViolations="3" violationAction="destroy"/' "$demo" > "$work/next.xml"
expect 0 "compile --dry-run against the running policy" -- "$xp" compile --host localhost --dry-run "$demo" "$work/next.xml"
grep_out "Dry run against" "dry run is printed"
grep_out "user_vm_1" "dry run names a domain whose rights change"
expect 0 "matrix demo" -- "$xp" matrix "$demo"
grep_out "conflict tag_separation" "matrix gives the deciding rule"
grep_out "^secbr0 personnel_mgr -> user_vm_1 drop conflict: " "matrix has a line per ordered port pair"
grep_out "^localhost user_vm_1 -> user_vm_2 allow " "matrix has a line per ordered domain pair"
expect 0 "matrix of one switch" -- "$xp" matrix --host localhost --switch secbr0 "$demo"
grep_out "^Switch secbr0 on host localhost" "the switch's matrix is printed"
expect 1 "matrix of a switch the host lacks" -- "$xp" matrix --host localhost --switch nope "$demo"
expect 2 "matrix --tags with --host" -- "$xp" matrix --tags --host localhost "$demo"

# Signing: a CA and a signer made here with certtool.
if command -v certtool >/dev/null 2>&1; then
  cat > "$work/ca.tmpl" <<TMPL
cn = "Xenon test CA"
ca
cert_signing_key
expiration_days = 30
TMPL
  cat > "$work/signer.tmpl" <<TMPL
cn = "Security Officer"
signing_key
expiration_days = 30
TMPL
  certtool -p --key-type rsa --bits 2048 --outfile "$work/ca.key" 2>/dev/null
  certtool -s --load-privkey "$work/ca.key" --template "$work/ca.tmpl" --outfile "$work/ca.pem" 2>/dev/null
  certtool -p --key-type rsa --bits 2048 --outfile "$work/signer.key" 2>/dev/null
  certtool -c --load-privkey "$work/signer.key" --load-ca-certificate "$work/ca.pem" \
    --load-ca-privkey "$work/ca.key" --template "$work/signer.tmpl" --outfile "$work/signer.pem" 2>/dev/null
  mkdir "$work/trust" && cp "$work/ca.pem" "$work/trust/"

  expect 0 "sign demo" -- "$xp" sign --key "$work/signer.key" --cert "$work/signer.pem" "$demo" -o "$work/signed.xml"
  expect 0 "verify signed demo" -- "$xp" verify --trust "$work/trust" "$work/signed.xml"
  grep_out "Security Officer" "verify names the signer"
  # What is signed is the canonical form, whatever form the input has:
  # the same document with its attributes in another order signs to the
  # same bytes (RSA PKCS#1 v1.5 signatures are deterministic).
  sed 's/name="xenon-enterprise-demo" serial="7"/serial="7"  name="xenon-enterprise-demo"/' "$demo" > "$work/reordered.xml"
  expect 0 "sign a file not in canonical form" -- "$xp" sign --key "$work/signer.key" --cert "$work/signer.pem" "$work/reordered.xml" -o "$work/signed2.xml"
  checks=$((checks + 1))
  if cmp -s "$work/signed.xml" "$work/signed2.xml"; then
    echo "ok: a file not in canonical form is signed in canonical form"
  else
    echo "FAIL: signing the reordered demo gave other bytes than signing the demo"
    failures=$((failures + 1))
  fi
  expect 1 "sign malformed" -- "$xp" sign --key "$work/signer.key" --cert "$work/signer.pem" "$data/bad/malformed.xml"
  grep_out "malformed.xml:12: not well-formed" "sign names file, line and problem"
  expect 1 "sign a duplicate UUID" -- "$xp" sign --key "$work/signer.key" --cert "$work/signer.pem" "$data/bad/duplicate-uuid.xml"
  grep_out "duplicate-uuid.xml:11: .*already used by Tag \"red\" on line 5" "sign names the clash and its holder"
  expect 0 "signed document still validates" -- "$xp" validate "$work/signed.xml"
  sed 's/memory="[0-9]*"/memory="65536"/' "$work/signed.xml" > "$work/tampered.xml"
  expect 1 "verify tampered" -- "$xp" verify --trust "$work/trust" "$work/tampered.xml"
  expect 1 "verify unsigned" -- "$xp" verify --trust "$work/trust" "$demo"
  expect 1 "sign refuses lint errors" -- "$xp" sign --key "$work/signer.key" --cert "$work/signer.pem" "$work/dangling.xml"
  expect 2 "sign without --key" -- "$xp" sign --cert "$work/signer.pem" "$demo"
  expect 2 "verify without --trust" -- "$xp" verify "$work/signed.xml"
else
  echo "skip: signing checks need certtool (gnutls-bin)"
fi

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
