#!/usr/bin/env bash
# image-bench.sh - image scan speed and memory against plain decompression.
#
# For every image tag in each DIR (output dirs of shared/bench/make-debian-image.sh),
# times a full portcullis_image scan (all analysers) of the OCI layout (gzip layers)
# and of the docker-archive tar, against `zcat` of the same layer blobs (resp. `cat`
# of the archive) on the same machine, best of N runs; peak RSS via /usr/bin/time -v.
# Target: scan within 1.5x of zcat.
#
# Usage: bench/image-bench.sh DIR [DIR...] [--runs N] [--stress]
#   --stress  also scans generated inputs in a temp dir: a rootfs tar of 1,000,000
#             empty files and a tar holding a 10 GiB (sparse) file, with peak RSS.
# Needs: jq, /usr/bin/time, zcat; builds the `image_scan` example in release mode.
set -euo pipefail

RUNS=3; STRESS=0; DIRS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --stress) STRESS=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) DIRS+=("$1"); shift ;;
  esac
done
[ ${#DIRS[@]} -gt 0 ] || { echo "usage: $0 DIR [DIR...] [--runs N] [--stress]" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target-image}
cargo build -q --release -p portcullis_image --example image_scan
BIN=$CARGO_TARGET_DIR/release/examples/image_scan

# best wall time (s) of RUNS runs of "$@"
TIMEF=$(mktemp); trap 'rm -f "$TIMEF"' EXIT
best() {
  local b=999999 t
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e' -o "$TIMEF" "$@" >/dev/null 2>&1
    t=$(tail -1 "$TIMEF")
    b=$(awk -v a="$b" -v c="$t" 'BEGIN{print (c<a)?c:a}')
  done
  echo "$b"
}
rss_kb() { /usr/bin/time -v -o "$TIMEF" "$@" >/dev/null 2>&1; awk -F: '/Maximum resident/{gsub(/ /,"",$2); print $2}' "$TIMEF"; }
zcat_layers() { for f in "$@"; do zcat "$f"; done; }
export -f zcat_layers

printf '%-40s %-12s %10s %10s %10s %7s %10s\n' image input bytes_in scan_s base_s ratio peak_rss
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); runs=$RUNS (best)"
for d in "${DIRS[@]}"; do
  oci="$d/oci"
  for tag in $(jq -r '.manifests[].annotations["org.opencontainers.image.ref.name"]' "$oci/index.json"); do
    mdig=$(jq -r --arg t "$tag" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"]==$t) | .digest' "$oci/index.json")
    layers=()
    for l in $(jq -r '.layers[].digest' "$oci/blobs/${mdig/://}"); do layers+=("$oci/blobs/${l/://}"); done
    bytes=$(cat "${layers[@]}" | wc -c)
    s=$(best "$BIN" "$oci" --tag "$tag")
    z=$(best bash -c 'zcat_layers "$@" >/dev/null' _ "${layers[@]}")
    r=$(rss_kb "$BIN" "$oci" --tag "$tag")
    printf '%-40s %-12s %10s %10s %10s %7s %8sKB\n' "$tag" oci-gzip "$bytes" "$s" "$z" "$(awk -v a="$s" -v b="$z" 'BEGIN{printf "%.2f", a/b}')" "$r"
    tar="$d/$tag.docker.tar"
    if [ -f "$tar" ]; then
      bytes=$(stat -c %s "$tar")
      s=$(best "$BIN" "$tar")
      c=$(best cat "$tar")
      r=$(rss_kb "$BIN" "$tar")
      printf '%-40s %-12s %10s %10s %10s %7s %8sKB\n' "$tag" docker-tar "$bytes" "$s" "$c" "(cat)" "$r"
    fi
  done
done

if [ "$STRESS" = 1 ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp" "$TIMEF"' EXIT
  python3 - "$tmp/million.tar" <<'PY'
import sys, tarfile, io
with tarfile.open(sys.argv[1], "w", format=tarfile.GNU_FORMAT) as t:
    for i in range(1_000_000):
        ti = tarfile.TarInfo(f"d{i % 1000}/f{i}")
        t.addfile(ti, io.BytesIO(b""))
PY
  s=$(best "$BIN" "$tmp/million.tar"); r=$(rss_kb "$BIN" "$tmp/million.tar")
  printf '%-40s %-12s %10s %10s %10s %7s %8sKB\n' "1M empty files" rootfs-tar "$(stat -c %s "$tmp/million.tar")" "$s" - - "$r"
  # A 10 GiB file stored in full (not as a sparse entry), zstd-compressed:
  # the scan must stream all 10 GiB through the decompressor in bounded memory.
  truncate -s 10G "$tmp/big.bin"
  tar -C "$tmp" -cf - big.bin | zstd -1 -q -o "$tmp/big.tar.zst"
  rm -f "$tmp/big.bin"
  z=$(best bash -c 'zstd -dc "$1" >/dev/null' _ "$tmp/big.tar.zst")
  s=$(best "$BIN" "$tmp/big.tar.zst"); r=$(rss_kb "$BIN" "$tmp/big.tar.zst")
  printf '%-40s %-12s %10s %10s %10s %7s %8sKB\n' "10 GiB file (zstd tar)" rootfs-tar "$(stat -c %s "$tmp/big.tar.zst")" "$s" "$z" "(zstd)" "$r"
fi
