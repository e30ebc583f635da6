#!/bin/bash
# bench-cli-vs-anchors.sh
#
# Copyright 2026 The Xenon authors
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xenon-policy against the tools a pipeline would use instead, both run as
# whole processes on the same file, alternated (ours, anchor, ours, ...)
# so a loaded machine slows both alike: validate and lint against
# `xmllint --noout --schema`, sign against `xmllint --schema` followed by
# `xmlsec1 --sign` (RSA-2048), verify against `xmlsec1 --verify`. Figures
# are CPU seconds (user + system, from wait4, to the microsecond) and
# peak RSS, medians of N runs on the generated policy and of 10N on the
# small fixtures: a few milliseconds each, a median needs more runs to hold
# still, and CPU is printed to 10 microseconds. The in-process figures of
# bench-model and bench-sign follow, labelled.
#
# Usage: bench-cli-vs-anchors.sh BENCH-RUSAGE GEN-POLICY XENON-POLICY XSD
#                                DATA-DIR DEMO-POLICY [BENCH-MODEL BENCH-SIGN]
#   XN_BENCH_RUNS=N   runs per command on the generated policy (default 5)

set -u

rusage=$1 gen=$2 xp=$3 xsd=$4 data=$5 demo=$6
bench_model=${7:-} bench_sign=${8:-}
big_runs=${XN_BENCH_RUNS:-5}

for tool in xmllint xmlsec1 certtool; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is needed for this benchmark"
    exit 77
  fi
done

tmp=$(mktemp -d -t xn-bench-cli-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Keys: a CA and a signer it certified (xmlsec1 does not accept a
# self-signed signer from X509Data).
(
  cd "$tmp" || exit 1
  printf 'cn = "Bench CA"\nca\ncert_signing_key\nexpiration_days = 30\n' >ca.tmpl
  printf 'cn = "Bench Signer"\nsigning_key\nexpiration_days = 30\n' >s.tmpl
  certtool --generate-privkey --key-type rsa --bits 2048 --no-text --outfile ca.key &&
  certtool --generate-privkey --key-type rsa --bits 2048 --no-text --outfile signer.key &&
  certtool --generate-self-signed --load-privkey ca.key --template ca.tmpl --outfile ca.pem &&
  certtool --generate-certificate --load-privkey signer.key --load-ca-privkey ca.key \
           --load-ca-certificate ca.pem --template s.tmpl --outfile signer.pem &&
  mkdir trust && cp ca.pem trust/
) >/dev/null 2>&1 || { echo "could not make the benchmark keys"; exit 1; }

"$gen" -o "$tmp/generated.xml" >/dev/null || exit 1
cp "$data/a-simple-policy.xml" "$tmp/simple.xml"
cp "$demo" "$tmp/demo.xml"

# xmlsec1 --sign fills in a template: the document with an empty Signature.
sig_template='<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature>'

# One run of a command: prints "CPU-SECONDS PEAK-KIB"; fails if it fails.
measure() {
  "$rusage" "$@" 2>"$tmp/err" || {
    echo "failed: $*" >&2
    cat "$tmp/err" >&2
    return 1
  }
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

failed=0

# row LABEL FILE GOAL -- OURS... -- ANCHOR...
# GOAL is the highest acceptable ratio, or "-" for none.
row() {
  local label=$1 file=$2 goal=$3
  shift 4
  local ours=() anchor=()
  while [ "$1" != "--" ]; do ours+=("$1"); shift; done
  shift
  anchor=("$@")

  : >"$tmp/o" && : >"$tmp/a"
  for ((i = 0; i < runs; i++)); do
    measure "${ours[@]}" >>"$tmp/o" || { failed=1; return; }
    measure "${anchor[@]}" >>"$tmp/a" || { failed=1; return; }
  done

  local o a om am ratio verdict
  o=$(cut -d' ' -f1 "$tmp/o" | median)
  a=$(cut -d' ' -f1 "$tmp/a" | median)
  om=$(cut -d' ' -f2 "$tmp/o" | median)
  am=$(cut -d' ' -f2 "$tmp/a" | median)
  ratio=$(awk -v o="$o" -v a="$a" 'BEGIN { printf "%.2f", (a > 0) ? o / a : 0 }')
  verdict=""
  if [ "$goal" != "-" ]; then
    verdict=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r <= g) ? "met" : "NOT met" }')
    verdict="<= ${goal}x $verdict"
  fi
  printf '%-9s %-9s %9.5f s %6.1f MiB %9.5f s %6.1f MiB %6.2fx  %s\n' \
    "$label" "$file" "$o" "$(awk -v k="$om" 'BEGIN { print k / 1024 }')" \
    "$a" "$(awk -v k="$am" 'BEGIN { print k / 1024 }')" "$ratio" "$verdict"
  echo "$om" >"$tmp/last-peak"
}

echo "xenon-policy against xmllint 2.9 / xmlsec1 (OpenSSL) as whole processes, alternated;"
echo "CPU = user + system seconds, medians of $big_runs runs on the generated policy and"
echo "$((big_runs * 10)) on the fixtures; peak = maximum RSS"
for f in generated simple demo; do
  printf '  %-10s %10d bytes\n' "$f.xml" "$(stat -c %s "$tmp/$f.xml")"
done
echo
printf '%-9s %-9s %11s %10s %11s %10s %7s  %s\n' row file "ours CPU" "ours peak" "anchor CPU" "anch. peak" ratio goal

for f in generated simple demo; do
  file=$tmp/$f.xml
  runs=$big_runs
  [ "$f" = generated ] || runs=$((big_runs * 10))
  goal_validate=- goal_lint=- goal_sign=- goal_verify=-
  case $f in
    generated) goal_validate=1.0 goal_lint=1.2 goal_sign=1.0 goal_verify=1.05 ;;
    simple) goal_validate=1.3 ;;
  esac

  # "a simple policy" has lint errors (the seed's own): sign it as its
  # author would have to, with --force, which lints all the same.
  force=
  [ "$f" = simple ] && force=--force
  "$xp" sign $force -k "$tmp/signer.key" -c "$tmp/signer.pem" -o "$tmp/$f.signed.xml" "$file" >/dev/null 2>&1 || failed=1
  sed "s|</policy>|$sig_template</policy>|" "$file" >"$tmp/$f.template.xml"

  row validate "$f" "$goal_validate" -- "$xp" validate "$file" \
      -- xmllint --noout --schema "$xsd" "$file"
  if [ "$f" = generated ]; then
    peak=$(cat "$tmp/last-peak")
    size=$(stat -c %s "$file")
    awk -v p="$peak" -v s="$size" 'BEGIN {
      r = p * 1024 / s
      printf "  peak of validate: %.1f MiB = %.2fx the file (goal <= 3x: %s)\n", p / 1024, r, r <= 3 ? "met" : "NOT met" }'
  fi
  row lint "$f" "$goal_lint" -- --ok-status 1 "$xp" lint "$file" \
      -- xmllint --noout --schema "$xsd" "$file"
  row sign "$f" "$goal_sign" \
      -- "$xp" sign $force -k "$tmp/signer.key" -c "$tmp/signer.pem" -o "$tmp/out.xml" "$file" \
      -- sh -c 'xmllint --noout --schema "$1" "$2" && xmlsec1 --sign --privkey-pem "$3" --output "$4" "$5"' \
         sh "$xsd" "$file" "$tmp/signer.key,$tmp/signer.pem" "$tmp/out.xml" "$tmp/$f.template.xml"
  row verify "$f.signed" "$goal_verify" \
      -- "$xp" verify --trust "$tmp/trust" "$tmp/$f.signed.xml" \
      -- xmlsec1 --verify --trusted-pem "$tmp/ca.pem" --enabled-key-data x509 "$tmp/$f.signed.xml"
done

if [ -n "$bench_model" ] && [ -n "$bench_sign" ]; then
  echo
  echo "In-process figures (wall clock inside one warm process, not comparable with the rows above):"
  "$bench_model" "$gen" "$xsd" "$big_runs" | grep -E '^(input|load\+validate|lint|peak)' | sed 's/^/  bench-model: /'
  XN_BENCH_RUNS=$big_runs "$bench_sign" --generate "$gen" | grep -E '^(sign|verify) ' |
    sed -E 's/ +ours process.*//; s/^/  bench-sign: /'
fi

exit $failed
