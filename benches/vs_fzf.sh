#!/usr/bin/env bash
# medsets against fzf on the same text, in one run, as ratios medsets/fzf.
#
#   benches/vs_fzf.sh            # the embedded catalog, and 100,000 datasets
#   benches/vs_fzf.sh 10000      # another size for the one-shot search
#
# 1. `medsets search 'chest ct'` on the embedded catalog against
#    `fzf --filter 'chest ct'` on the same datasets, one a line;
# 2. the one-shot `medsets --no-embedded --catalog big.json search 'chest ct'
#    --limit 20` against `fzf --filter 'chest ct' < big.txt | head -20`, the
#    catalog from `examples/synth.rs`.
# Each line of text for fzf holds the fields medsets searches (see
# docs/performance.md). Both sides run through hyperfine's shell (which it
# subtracts), back to back in one invocation; the ratio is of medians, as
# the machine may be shared, and CPU time (user + system) is printed beside. Needs fzf, hyperfine and python3. Builds the
# release binary first (a no-op when it is up to date), unless MEDSETS_BIN
# names a binary to measure instead (another build, to compare); generated
# files are kept in target/vs_fzf/.
set -euo pipefail

size="${1:-100000}"
case "$size" in
'' | *[!0-9]*)
	echo "usage: $0 [DATASETS]" >&2
	exit 2
	;;
esac
for tool in fzf hyperfine python3 cargo; do
	if ! command -v "$tool" >/dev/null; then
		echo "vs_fzf: needs $tool on PATH" >&2
		exit 2
	fi
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
medsets="${MEDSETS_BIN:-}"
if [ -z "$medsets" ]; then
	cargo build --release --locked --quiet
	medsets="$root/target/release/medsets"
fi
work="$root/target/vs_fzf"
mkdir -p "$work"

# One line per dataset: the fields medsets searches, as fzf will see them.
lines() {
	python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["datasets"]:
    fields = [d["name"], d["id"], *d.get("aliases", []), *d.get("modalities", []),
              *d.get("body_regions", []), *d.get("tasks", []), d["summary"],
              *filter(None, [d.get("summary_zh")])]
    print(" | ".join(fields).replace("\n", " "))
' "$1" >"$2"
}

# ratio NAME JSON: the medsets run is the first in the export, fzf the second.
ratio() {
	python3 -c '
import json, sys
name, path = sys.argv[1], sys.argv[2]
medsets, fzf = json.load(open(path))["results"]
m, f = medsets["median"] * 1000, fzf["median"] * 1000
cpu = lambda r: (r["user"] + r["system"]) * 1000
print("ratio %s medsets_ms=%.2f fzf_ms=%.2f ratio=%.2f (medians of %d runs; means %.2f / %.2f ms;"
      " cpu %.2f / %.2f ms, cpu_ratio=%.2f)"
      % (name, m, f, m / f, len(medsets["times"]), medsets["mean"] * 1000, fzf["mean"] * 1000,
         cpu(medsets), cpu(fzf), cpu(medsets) / cpu(fzf)))
' "$1" "$2"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

lines assets/catalog.json "$work/embedded.txt"
hyperfine --style basic -w 30 -r 300 --export-json "$work/embedded.json" \
	"$(printf '%q' "$medsets") search 'chest ct'" \
	"fzf --filter 'chest ct' < $(printf '%q' "$work/embedded.txt")" >&2
ratio embedded_search "$work/embedded.json"

big="$work/big-$size.json"
if [ ! -s "$big" ]; then
	cargo run --release --locked --quiet --example synth -- "$size" >"$big.tmp"
	mv "$big.tmp" "$big"
fi
[ -s "$work/big-$size.txt" ] || lines "$big" "$work/big-$size.txt"
hyperfine --style basic -w 1 -r 10 --export-json "$work/one_shot.json" \
	"$(printf '%q' "$medsets") --no-embedded --catalog $(printf '%q' "$big") search 'chest ct' --limit 20" \
	"fzf --filter 'chest ct' < $(printf '%q' "$work/big-$size.txt") | head -20" >&2
ratio "one_shot_search_$size" "$work/one_shot.json"
