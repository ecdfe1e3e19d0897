#!/usr/bin/env bash
# Footprint of an idle router: resident memory (VmRSS) of `./voxline proxy` and of `./voxline gateway` with 2 lines
# registered to that proxy, and the time from the gateway's start (the launcher exec'd) to both lines registered,
# for each set of JVM flags (given to the launcher as VOXLINE_JAVA_OPTS).
#
# Registration is seen from outside: a REGISTER without Contact (RFC 3261 10.2.3, a query of the bindings) is sent
# to the proxy every 10 ms until the 200 lists a Contact for 101 and for 102. Free loopback ports throughout.
# usage: tests/bench/footprint.sh [NAME=FLAGS ...]   (default: the sets below; SETTLE_SECONDS=5 idle before reading RSS)
#   e.g. tests/bench/footprint.sh 'small=-Xmx32m -XX:+UseSerialGC'
#   @JSA@ in FLAGS names a class-data-sharing archive per process (proxy, gateway), dumped first by an unreported run
#   of the same set with -XX:ArchiveClassesAtExit=@JSA@ (AppCDS of JDK 13+).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
settle=${SETTLE_SECONDS:-5}
base='-Xms16m -Xmx128m -XX:+UseSerialGC -Xss512k'
router='-Xms8m -Xmx32m -XX:+UseSerialGC -Xss256k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=48m -XX:-UsePerfData'
sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
  sets=("jdk-defaults= "
        "launcher=$base"
        "launcher+c1=$base -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m"
        "router=$router"
        "router+cds=$router -XX:SharedArchiveFile=@JSA@")
fi
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

cat >"$tmp/registered.py" <<'PYEOF'
# usage: registered.py PROXY_PORT T0_MS TIMEOUT_S USER...: prints ms from T0 until every user has a binding (-1: none)
import socket, sys, time, random
port, t0, timeout, users = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); s.settimeout(0.01)
me = s.getsockname()[1]; pending = set(users); cseq = 0; deadline = time.time() + timeout
while pending and time.time() < deadline:
    for u in list(pending):
        cseq += 1
        s.sendto((f"REGISTER sip:a.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{me};branch=z9hG4bK{random.getrandbits(48):x};rport\r\n"
                  f"Max-Forwards: 70\r\nFrom: <sip:{u}@a.test>;tag=q{cseq}\r\nTo: <sip:{u}@a.test>\r\n"
                  f"Call-ID: footprint-query-{u}-{cseq}\r\nCSeq: {cseq} REGISTER\r\nContent-Length: 0\r\n\r\n").encode(), ("127.0.0.1", port))
        try:
            answer = s.recv(65535).decode(errors="replace")
        except (socket.timeout, ConnectionRefusedError):
            continue
        if answer.startswith("SIP/2.0 200") and any(l.lower().startswith(("contact:", "m:")) for l in answer.split("\r\n")):
            pending.discard(u)
    if pending:
        time.sleep(0.01)
print(int(time.time() * 1000) - t0 if not pending else -1)
PYEOF

run_set() { # $1 name, $2 flags (@JSA@ kept), $3 report: 1 prints a row, 0 only runs (a CDS dump)
  local name=$1 flags=$2 report=$3 pport gport rtp t0 proxy gw proxy_up reg prss grss
  pport=$(free_port); gport=$(free_port); rtp=$((20000 + RANDOM % 20000))
  t0=$(ms)
  VOXLINE_JAVA_OPTS="${flags//@JSA@/$tmp/proxy.jsa}" "$root/voxline" proxy --listen "udp:127.0.0.1:$pport" --domain a.test \
    >"$tmp/proxy-$name.log" 2>&1 &
  proxy=$!; pids+=("$proxy")
  for _ in $(seq 1 1000); do grep -q 'listening on' "$tmp/proxy-$name.log" && break; sleep 0.01; done
  proxy_up=$(( $(ms) - t0 ))
  rm -rf "$tmp/journal-$name"; mkdir -p "$tmp/journal-$name"
  cat >"$tmp/gw-$name.toml" <<TOML
[sip]
listen = "udp:127.0.0.1:$gport"
[board]
uri = "mock:lines=2,region=us"
[[line]]
number = 1
user = "101"
domain = "a.test"
proxy = "sip:127.0.0.1:$pport"
[[line]]
number = 2
user = "102"
domain = "a.test"
proxy = "sip:127.0.0.1:$pport"
[media]
rtp_ports = "$rtp-$((rtp + 99))"
[journal]
dir = "$tmp/journal-$name"
TOML
  t0=$(ms)
  VOXLINE_JAVA_OPTS="${flags//@JSA@/$tmp/gateway.jsa}" "$root/voxline" gateway --config "$tmp/gw-$name.toml" \
    >"$tmp/gw-$name.log" 2>&1 &
  gw=$!; pids+=("$gw")
  reg=$(python3 "$tmp/registered.py" "$pport" "$t0" 20 101 102)
  sleep "$settle"
  prss=$(rss_kb "$proxy"); grss=$(rss_kb "$gw")
  stop "$gw"; stop "$proxy"
  [ "$report" = 1 ] || return 0
  printf '%-14s %7.1f MB %7.1f MB %11s ms %9s ms  %s\n' "$name" "$(echo "$prss/1024" | bc -l)" "$(echo "$grss/1024" | bc -l)" \
    "$reg" "$proxy_up" "${flags:-(none)}"
  if [ "$reg" = "-1" ]; then echo "  gateway did not register; its log:"; tail -5 "$tmp/gw-$name.log"; fi
}

(cd "$root" && ./voxline --help >/dev/null)
echo "footprint: $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg) at start"
printf '%-14s %10s %10s %14s %12s  %s\n' "flags" "proxy RSS" "gw RSS" "to registered" "proxy up" "VOXLINE_JAVA_OPTS"
for set in "${sets[@]}"; do
  name=${set%%=*}; flags=${set#*=}
  if [[ "$flags" == *@JSA@* ]]; then
    rm -f "$tmp/proxy.jsa" "$tmp/gateway.jsa"
    run_set "$name-dump" "${flags//-XX:SharedArchiveFile=@JSA@/-XX:ArchiveClassesAtExit=@JSA@}" 0
  fi
  run_set "$name" "$flags" 1
done
