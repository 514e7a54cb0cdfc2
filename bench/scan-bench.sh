#!/usr/bin/env bash
# scan-bench.sh - speed and peak memory of `portcullis scan` over the shared
# corpora (Kubernetes 1x and 10x, Dockerfiles, compose files).
#   usage: bench/scan-bench.sh [RUNS]        (default 5 runs; best and median reported)
# Needs ../shared beside the repo and GNU time (/usr/bin/time). Scratch data goes
# to target/bench (never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
SHARED=$(cd ../shared && pwd)
OUT=target/bench
mkdir -p "$OUT"
cargo build --release -q -p portcullis
BIN=target/release/portcullis
[ -d "$OUT/k8s-10x" ] || bash "$SHARED/bench/make-big-corpus.sh" 10 "$OUT/k8s-10x" k8s >/dev/null

corpus_stats() { # files bytes
  find "$1" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -iname '*dockerfile*' -o -iname 'containerfile*' \) -printf '%s\n' |
    awk '{n++; s+=$1} END {printf "%d %d\n", n, s}'
}

bench() { # name dir [extra args]
  local name=$1 dir=$2; shift 2
  read -r files bytes < <(corpus_stats "$dir")
  local times=() rss=0 docs=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$BIN" scan "$dir" --format json "$@" \
      >"$OUT/report.json" 2>/dev/null || true
    # GNU time prepends "Command exited with non-zero status N" when findings fail the run.
    read -r t m < <(tail -n 1 "$OUT/time.txt")
    times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  docs=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["summary"]["objects_checked"], r["summary"]["files_scanned"], r["summary"]["findings"], len(r["errors"]))' "$OUT/report.json")
  read -r objects scanned findings errors <<<"$docs"
  local sorted best median
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  best=$(echo "$sorted" | head -1)
  median=$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")
  awk -v n="$name" -v f="$files" -v b="$bytes" -v o="$objects" -v s="$scanned" -v fi="$findings" -v e="$errors" \
      -v best="$best" -v med="$median" -v rss="$rss" 'BEGIN {
    printf "| %s | %d | %.1f MB | %d | %d | %d | %.3f s | %.3f s | %.0f | %.0f | %.1f | %.0f MB |\n",
      n, f, b/1e6, s, o, fi, best, med, o/best, f/best, b/1e6/best, rss/1024 }'
}

echo "| corpus | files | size | files checked | objects | findings | best | median | objects/s | files/s | MB/s | peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
bench "k8s 1x" "$SHARED/corpus/k8s"
bench "k8s 10x" "$OUT/k8s-10x"
bench "dockerfile" "$SHARED/corpus/dockerfile"
bench "compose" "$SHARED/corpus/compose"

# Findings per rule on each corpus (default rules), for docs/benchmarks.md.
for part in k8s dockerfile compose; do
  echo
  echo "Findings per rule, corpus/$part:"
  { "$BIN" scan "$SHARED/corpus/$part" --format json 2>/dev/null || true; } |
    python3 -c 'import json,sys,collections
r=json.load(sys.stdin)
c=collections.Counter(f["rule_id"]+" "+f["rule_name"] for f in r["findings"])
print("files %d, objects %d, findings %d, input errors %d" % (r["summary"]["files_scanned"], r["summary"]["objects_checked"], r["summary"]["findings"], len(r["errors"])))
print(", ".join("%s %d" % (k.split()[0], v) for k, v in sorted(c.items())))'
done
