#!/usr/bin/env bash
# Benchmark 5, the media path: (a) RTP packets a second one media agent carries with no frame late, and its
# allocation per packet (MediaAgentCapacity); (b) mouth-to-ear delay between two gateways' media on loopback at
# 20 ms packets, measured with the emulated phones (MouthToEar). See those classes for what is measured and how.
# usage: tests/bench/media-path.sh [capacity ARGS... | m2e ARGS...]   (no argument: both, with their defaults)
#   capacity [SECONDS_PER_STEP] [LINES@PTIME ...]   e.g. capacity 5 16@20 64@20 64@10
#   m2e [BURSTS] [PTIME_MS]                          e.g. m2e 50 20
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
(cd "$root" && mvn -B -q -o -DskipTests -pl tests/bench -am package) >/dev/null
run() { java @"$root/java/jvm.options" -Xmx256m -cp "$root/tests/bench/target/benchmarks.jar" "$@"; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
case "${1:-both}" in
  capacity) shift; run io.voxline.bench.MediaAgentCapacity "$@" ;;
  m2e) shift; run io.voxline.bench.MouthToEar "$@" ;;
  both) run io.voxline.bench.MediaAgentCapacity; run io.voxline.bench.MouthToEar ;;
  *) echo "usage: $0 [capacity ARGS... | m2e ARGS...]" >&2; exit 2 ;;
esac
