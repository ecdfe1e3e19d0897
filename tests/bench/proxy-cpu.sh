#!/usr/bin/env bash
# CPU per call of `./voxline proxy`, cold and warm, and where it goes by thread (reactor, receiver, JIT, GC).
#
# Same method as ../shared/bench/proxy-vs-kamailio.sh (user+system CPU of the process over a SIPp run of the stock
# UAC -> proxy -> stock UAS at a fixed rate, divided by the calls that completed), but on free loopback ports and in
# one proxy JVM twice: the first run is what that script sees (JIT compiling under load), the second a warm proxy.
# usage: tests/bench/proxy-cpu.sh [RATE_CPS] [CALLS]   (default 200 4000; JVM flags from VOXLINE_JAVA_OPTS as ./voxline)
# Needs sipp (Debian package sip-tester).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rate=${1:-200}; calls=${2:-4000}
command -v sipp >/dev/null || { echo "proxy-cpu: sipp not found (Debian package sip-tester)" >&2; exit 1; }
hz=$(getconf CLK_TCK)
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

read -r pport uport cport < <(python3 -c 'import socket; s=[socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(3)]; [x.bind(("127.0.0.1", 0)) for x in s]; print(" ".join(str(x.getsockname()[1]) for x in s))')
cpu() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12+$13}'; }
# CPU ticks per thread group (names cut at 15 characters): reactor, udp-rx, JIT (C1/C2 compiler threads), GC (serial GC runs in the VM Thread), other
threads() {
  for t in /proc/"$1"/task/*; do echo "$(sed 's/^.*) //' "$t/stat" | awk '{print $12+$13}') $(tr ' ' '_' <"$t/comm")"; done |
  awk '{ g="other"; if ($2 ~ /-rea/) g="reactor"; else if ($2 ~ /-udp/) g="udp-rx"; else if ($2 ~ /Compiler/) g="jit";
         else if ($2 ~ /^VM_Thread$|^GC_|^G1_/) g="gc"; s[g]+=$1 } END { for (g in s) print g, s[g] }'
}

(cd "$root" && ./voxline --help >/dev/null)
"$root/voxline" proxy --listen "udp:127.0.0.1:$pport" --route "*=sip:127.0.0.1:$uport" --rate-limit 0 >"$tmp/proxy.log" 2>&1 &
proxy=$!; pids+=("$proxy")
for _ in $(seq 1 120); do grep -qs 'listening on' "$tmp/proxy.log" && break; sleep 0.25; done
grep -q 'listening on' "$tmp/proxy.log" || { cat "$tmp/proxy.log" >&2; exit 1; }
timeout 900 sipp -sn uas -i 127.0.0.1 -p "$uport" -nostdin >/dev/null 2>&1 &
pids+=("$!")
sleep 2  # as the shared script: let the JVM settle before counting

run() { # $1 label: runs SIPp, prints "label ok failed us_per_call" and the per-thread split
  local label=$1 c0 c1 hdr last okc flc ok fl
  threads "$proxy" >"$tmp/$label.t0"; c0=$(cpu "$proxy")
  timeout $((calls / rate + 120)) sipp -sn uac "127.0.0.1:$pport" -i 127.0.0.1 -p "$cport" -r "$rate" -m "$calls" \
    -timeout $((calls / rate + 100)) -nostdin -trace_stat -stf "$tmp/$label.csv" >/dev/null 2>&1 || true
  c1=$(cpu "$proxy"); threads "$proxy" >"$tmp/$label.t1"
  hdr=$(head -1 "$tmp/$label.csv"); last=$(tail -1 "$tmp/$label.csv")
  okc=$(echo "$hdr" | tr ';' '\n' | grep -n '^SuccessfulCall(C)$' | cut -d: -f1)
  flc=$(echo "$hdr" | tr ';' '\n' | grep -n '^FailedCall(C)$' | cut -d: -f1)
  ok=$(echo "$last" | cut -d';' -f"$okc"); fl=$(echo "$last" | cut -d';' -f"$flc")
  printf '%s: %s/%s calls ok, %s failed, %s us/call' "$label" "$ok" "$calls" "$fl" $(( ok > 0 ? (c1 - c0) * 1000000 / hz / ok : -1 ))
  awk -v hz="$hz" -v ok="$ok" 'NR==FNR { a[$1]=$2; next } { d=$2-a[$1]; if (ok>0) printf " %s %d", $1, d*1000000/hz/ok }' \
    "$tmp/$label.t0" "$tmp/$label.t1"
  echo
}
echo "proxy-cpu: $rate calls/s, $calls calls per run, VOXLINE_JAVA_OPTS='${VOXLINE_JAVA_OPTS:-(launcher default)}', load $(cut -d' ' -f1-3 /proc/loadavg)"
run cold
sleep 35  # the first run's transactions end (timers L/M/J: 64*T1 = 32 s), so the warm run starts from the same state
run warm
