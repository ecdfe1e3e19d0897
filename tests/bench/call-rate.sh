#!/usr/bin/env bash
# Benchmark 3: the highest call rate without failures, through a proxy into a gateway, `voxline proxy` beside Kamailio.
#
# SIPp's stock UAC (its `uac` scenario, the Request-URI user taken from an injection file so that call k rings line
# k mod 64) -> proxy -> `./voxline gateway` with a mock board of 64 lines whose phones answer by themselves
# (mock:...,answer_after_ms=N: off-hook N ms after the bell starts) and hang up when the caller's BYE gives them
# reorder. The UAC sends BYE right after its ACK (its pause is -d, 0 ms). At each rate step SIPp places RATE x
# SECONDS_PER_STEP calls; -trace_stat gives SuccessfulCall(C) and FailedCall(C). Each proxy gets a fresh gateway.
#   voxline:  ./voxline proxy --listen udp:127.0.0.1:P --route '*=sip:127.0.0.1:GW' --rate-limit 0
#             (the lines register with it; --rate-limit 0 because every peer here is 127.0.0.1, one source)
#   kamailio: tests/bench/kamailio-call-rate.cfg (kamailio-proxy.cfg with the gateway as next hop, plus usrloc)
# A line is busy from its ring until the board sees its hang-up (the region's flash window: us 900 ms, uk and de
# 400 ms), so 64 lines carry at most about 64 / (answer + flash window + signalling) calls a second whatever the
# proxy; the script prints that ceiling. A call to a line still busy gets 486 and counts as failed.
# Needs sipp (Debian package sip-tester), kamailio, python3. Run from anywhere; free loopback ports throughout.
# usage: tests/bench/call-rate.sh [RATE ...]         (default: 25 50 100 200 400)
#   env: SECONDS_PER_STEP (10), ANSWER_AFTER_MS (50), REGION (uk), LINES (64), ONLY (voxline|kamailio), KEEP=1 keeps logs
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/bench"
rates=("$@"); [ ${#rates[@]} -gt 0 ] || rates=(25 50 100 200 400)
secs=${SECONDS_PER_STEP:-10}
answer=${ANSWER_AFTER_MS:-50}
region=${REGION:-uk}
lines=${LINES:-64}
only=${ONLY:-}
for tool in sipp kamailio python3; do
  command -v $tool >/dev/null || { echo "call-rate: $tool is missing (sipp: package sip-tester; kamailio: package kamailio)"; exit 2; }
done
tmp=$(mktemp -d /tmp/call-rate.XXXXXX)
pids=()
kam_pidfile=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  [ -n "$kam_pidfile" ] && [ -s "$kam_pidfile" ] && kill "$(cat "$kam_pidfile")" 2>/dev/null
  wait 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "logs kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
free_even_port() { local p; while :; do p=$(free_port); [ $((p % 2)) = 0 ] && { echo $p; return; }; done; }
udp_listening() { ss -Hlun "sport = :$1" | grep -q .; }
stop() { # SIGTERM, and SIGKILL when it has not ended 10 s later (a JVM that ran out of heap may hang in its shutdown)
  kill "$1" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null
}

# the stock uac, the Request-URI user from the injection file instead of -s
sipp -sd uac | sed 's/\[service\]/[field0]/g' >"$tmp/uac.xml"
{ echo SEQUENTIAL; for i in $(seq 1 "$lines"); do echo $((2000 + i)); done; } >"$tmp/users.csv"

start_gateway() { # $1 label, $2 proxy port; sets gw_pid gw_port
  local label=$1 proxy=$2 rtp=$((20000 + (RANDOM % 400) * 100))
  gw_port=$(free_port)
  mkdir -p "$tmp/journal-$label"
  {
    printf '[sip]\nlisten = "udp:127.0.0.1:%s"\n[board]\nuri = "mock:lines=%s,region=%s,answer_after_ms=%s"\n' \
      "$gw_port" "$lines" "$region" "$answer"
    for i in $(seq 1 "$lines"); do
      printf '[[line]]\nnumber = %d\nuser = "%d"\ndomain = "127.0.0.1"\nproxy = "sip:127.0.0.1:%s"\n' "$i" $((2000 + i)) "$proxy"
    done
    printf '[media]\nrtp_ports = "%d-%d"\n[journal]\ndir = "%s"\n' "$rtp" $((rtp + 4 * lines + 10)) "$tmp/journal-$label"
  } >"$tmp/gw-$label.toml"
  "$root/voxline" gateway --config "$tmp/gw-$label.toml" >"$tmp/gw-$label.log" 2>&1 &
  gw_pid=$!; pids+=("$gw_pid")
  for _ in $(seq 1 600); do grep -q '^voxline gateway: sip' "$tmp/gw-$label.log" && break; sleep 0.05; done
  grep -q '^voxline gateway: sip' "$tmp/gw-$label.log" || { echo "call-rate: the gateway did not start:"; tail -5 "$tmp/gw-$label.log"; return 1; }
  sleep 3 # the 64 registrations, and the JIT a moment
}

step() { # $1 label, $2 proxy port, $3 rate; prints "ok failed busy"
  local label=$1 port=$2 rate=$3 calls=$(($3 * secs)) sport mport hdr last okc flc ok fl busy
  sport=$(free_port); mport=$(free_even_port)
  rm -f "$tmp/$label-$rate"*
  timeout $((secs * 3 + 90)) sipp -sf "$tmp/uac.xml" -inf "$tmp/users.csv" "127.0.0.1:$port" -i 127.0.0.1 -p "$sport" \
    -mi 127.0.0.1 -mp "$mport" -r "$rate" -m "$calls" -recv_timeout 20000 -timeout $((secs * 3 + 60)) -nostdin \
    -trace_stat -stf "$tmp/$label-$rate.csv" -trace_err -error_file "$tmp/$label-$rate.err" >/dev/null 2>&1
  hdr=$(head -1 "$tmp/$label-$rate.csv" 2>/dev/null); last=$(tail -1 "$tmp/$label-$rate.csv" 2>/dev/null)
  okc=$(echo "$hdr" | tr ';' '\n' | grep -n '^SuccessfulCall(C)$' | cut -d: -f1)
  flc=$(echo "$hdr" | tr ';' '\n' | grep -n '^FailedCall(C)$' | cut -d: -f1)
  if [ -z "$okc" ] || [ -z "$flc" ]; then echo "0 $calls 0"; return; fi
  ok=$(echo "$last" | cut -d';' -f"$okc"); fl=$(echo "$last" | cut -d';' -f"$flc")
  busy=$(grep -c "received 'SIP/2.0 486" "$tmp/$label-$rate.err" 2>/dev/null); busy=${busy:-0}
  echo "$ok $((calls - ok)) $busy"
  sleep 3 # every line back on-hook and idle before the next step
}

declare -A res
run_voxline() {
  local pport; pport=$(free_port)
  start_gateway voxline "$pport" || return
  "$root/voxline" proxy --listen "udp:127.0.0.1:$pport" --route "*=sip:127.0.0.1:$gw_port" --rate-limit 0 \
    >"$tmp/proxy.log" 2>&1 &
  local vp=$!; pids+=("$vp")
  for _ in $(seq 1 600); do udp_listening "$pport" && break; sleep 0.05; done
  sleep 5 # the lines register again at the proxy (their retry back-off), the JVM settles
  for r in "${rates[@]}"; do res[voxline,$r]=$(step voxline "$pport" "$r"); echo "  voxline  $r/s: ${res[voxline,$r]}" >&2; done
  stop "$vp"; stop "$gw_pid"
}
run_kamailio() {
  local kport; kport=$(free_port)
  start_gateway kamailio "$kport" || return
  sed -e "s/@LISTEN_PORT@/$kport/" -e "s/@NEXT_HOP@/127.0.0.1:$gw_port/" "$here/kamailio-call-rate.cfg" >"$tmp/kamailio.cfg"
  kam_pidfile="$tmp/kamailio.pid"
  timeout 5 kamailio -f "$tmp/kamailio.cfg" -P "$kam_pidfile" -w "$tmp" >"$tmp/kamailio.log" 2>&1
  for _ in $(seq 1 100); do udp_listening "$kport" && break; sleep 0.05; done
  udp_listening "$kport" || { echo "call-rate: kamailio did not start:"; tail -5 "$tmp/kamailio.log"; stop "$gw_pid"; return; }
  sleep 5
  for r in "${rates[@]}"; do res[kamailio,$r]=$(step kamailio "$kport" "$r"); echo "  kamailio $r/s: ${res[kamailio,$r]}" >&2; done
  kill "$(cat "$kam_pidfile")" 2>/dev/null; kam_pidfile=""
  stop "$gw_pid"
}

(cd "$root" && ./voxline --help >/dev/null) || exit 1
flash=$( [ "$region" = us ] && echo 900 || echo 400 )
echo "call-rate: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "  $lines lines (mock region $region, answer after $answer ms, hang-up seen after $flash ms): line-bound ceiling about" \
     "$(( lines * 1000 / (answer + flash + 20) )) calls/s; $secs s per step"
[ "$only" = kamailio ] || run_voxline
[ "$only" = voxline ] || run_kamailio

printf '%8s | %22s | %22s\n' "calls/s" "voxline ok/failed (486)" "kamailio ok/failed (486)"
best_v=0; best_k=0; clean_v=1; clean_k=1
for r in "${rates[@]}"; do
  read -r vo vf vb <<<"${res[voxline,$r]:--- - -}"
  read -r ko kf kb <<<"${res[kamailio,$r]:--- - -}"
  printf '%8s | %22s | %22s\n' "$r" "$vo/$vf ($vb)" "$ko/$kf ($kb)"
  if [ "$clean_v" = 1 ] && [ "$vf" = 0 ] && [ "$vo" != "-" ]; then best_v=$r; else clean_v=0; fi
  if [ "$clean_k" = 1 ] && [ "$kf" = 0 ] && [ "$ko" != "-" ]; then best_k=$r; else clean_k=0; fi
done
echo "call-rate: highest rate without failures: voxline $best_v calls/s, kamailio $best_k calls/s (steps: ${rates[*]}; $lines lines)"
