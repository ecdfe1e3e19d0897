#!/usr/bin/env bash
# Latency inside the proxy's reactor under SIPp load: datagram in (read by the receiver thread) to datagram out
# (the transport's send call) for every message the proxy sends because of a datagram, p50/p99/p99.9 per call rate.
#
# SIPp's stock UAC -> ./voxline proxy -> SIPp's stock UAS on loopback (free ports), one proxy JVM for all steps:
# a warm-up step (not reported), then each rate for STEP_SECONDS. --rate-limit 0: SIPp sends every call from one source
# (the default 50 datagrams/s per source drops most of them). The proxy runs with -Dvoxline.latency.log=FILE
# (the reactor's LatencyProbe: an HdrHistogram interval a second); LatencyReport sums the intervals of each step.
# usage: tests/bench/proxy-latency.sh [RATE...]   (default: 50 100 200 calls/s; STEP_SECONDS=20, WARMUP_CALLS=2000)
# KEEP=1 keeps the logs (proxy, SIPp counters, latency log) in the temporary directory it names.
# Needs sipp (Debian package sip-tester). Run from anywhere; builds ./voxline and the benchmark jar when needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rates=("$@"); [ ${#rates[@]} -gt 0 ] || rates=(50 100 200)
step_s=${STEP_SECONDS:-20}; warmup_calls=${WARMUP_CALLS:-2000}
command -v sipp >/dev/null || { echo "proxy-latency: sipp not found (Debian package sip-tester)" >&2; exit 1; }
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT

free_udp_ports() { # N distinct free UDP ports on 127.0.0.1 (all held until all are chosen)
  python3 -c 'import socket,sys; s=[socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(int(sys.argv[1]))]; [x.bind(("127.0.0.1", 0)) for x in s]; print(" ".join(str(x.getsockname()[1]) for x in s))' "$1"; }
ms() { date +%s%3N; }

(cd "$root" && ./voxline --help >/dev/null)
(cd "$root" && mvn -B -q -DskipTests -pl tests/bench -am package) >"$tmp/bench-build.log" 2>&1 \
  || { tail -20 "$tmp/bench-build.log" >&2; exit 1; }

read -r pport uport cport < <(free_udp_ports 3)
VOXLINE_JAVA_OPTS="${VOXLINE_JAVA_OPTS:--Xms16m -Xmx128m -XX:+UseSerialGC -Xss512k} -Dvoxline.latency.log=$tmp/latency.hlog" \
  "$root/voxline" proxy --listen "udp:127.0.0.1:$pport" --route "*=sip:127.0.0.1:$uport" --rate-limit 0 >"$tmp/proxy.log" 2>&1 &
proxy=$!; pids+=("$proxy")
for _ in $(seq 1 120); do grep -qs 'listening on' "$tmp/proxy.log" && break; sleep 0.25; done
grep -q 'listening on' "$tmp/proxy.log" || { cat "$tmp/proxy.log" >&2; exit 1; }

timeout 900 sipp -sn uas -i 127.0.0.1 -p "$uport" -nostdin >/dev/null 2>&1 &
uas=$!; pids+=("$uas")
sleep 0.5; kill -0 "$uas" 2>/dev/null || { echo "proxy-latency: the SIPp UAS did not start on port $uport" >&2; exit 1; }

run_step() { # $1 rate, $2 calls, $3 label; prints "label:start:end" and the SIPp counts into $tmp/label.counts
  local rate=$1 calls=$2 label=$3 t0 t1
  t0=$(ms)
  timeout $((calls / rate + 60)) sipp -sn uac "127.0.0.1:$pport" -i 127.0.0.1 -p "$cport" -r "$rate" -m "$calls" \
    -timeout $((calls / rate + 50)) -nostdin -trace_stat -stf "$tmp/$label.csv" >/dev/null 2>&1 || true
  t1=$(ms)
  local hdr last okc flc
  hdr=$(head -1 "$tmp/$label.csv"); last=$(tail -1 "$tmp/$label.csv")
  okc=$(echo "$hdr" | tr ';' '\n' | grep -n '^SuccessfulCall(C)$' | cut -d: -f1)
  flc=$(echo "$hdr" | tr ';' '\n' | grep -n '^FailedCall(C)$' | cut -d: -f1)
  echo "$(echo "$last" | cut -d';' -f"$okc") $(echo "$last" | cut -d';' -f"$flc")" >"$tmp/$label.counts"
  sleep 2.5  # the probe writes an interval a second: leave whole intervals between steps
  if ! kill -0 "$proxy" 2>/dev/null; then echo "proxy-latency: the proxy died; its log:" >&2; tail -20 "$tmp/proxy.log" >&2; exit 1; fi
  echo "$label:$t0:$t1"
}

run_step 100 "$warmup_calls" warmup >/dev/null
windows=()
for r in "${rates[@]}"; do
  windows+=("$(run_step "$r" $((r * step_s)) "${r}cps")")
done

kill "$proxy"; wait "$proxy" 2>/dev/null || true   # SIGTERM: the proxy closes and writes its last interval
[ -z "${KEEP:-}" ] || echo "proxy-latency: logs kept in $tmp"
echo "proxy-latency: ./voxline proxy on $(nproc) cores, $(java -version 2>&1 | head -1), load before the last step: $(cut -d' ' -f1-3 /proc/loadavg)"
java @"$root/java/jvm.options" -cp "$root/tests/bench/target/benchmarks.jar" io.voxline.bench.LatencyReport "$tmp/latency.hlog" "${windows[@]}" |
while read -r line; do
  label=${line%%:*}; read -r ok failed <"$tmp/$label.counts"
  echo "$line (calls: $ok ok, $failed failed)"
done
