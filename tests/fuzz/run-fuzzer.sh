#!/bin/sh
# run-fuzzer.sh TARGET CORPUS SECONDS — a bounded libFuzzer run on a scratch
# copy of the corpus; crash files are written to the build directory.
set -eu
target=$1 corpus=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus/." "$work/"
exec "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$(pwd)/crash-$(basename "$target")-" -print_final_stats=1 "$work"
