#!/usr/bin/env bash
# `npm run bench:memory`: resident memory of the whole portal process (Next.js pages and
# the /v2/ registry in one server, started as `npm start` starts it) before and during a
# monolithic push of a 1 GiB blob. Loopback only; everything it starts it stops.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-3399}
WORK=$(mktemp -d /tmp/slipway-bench-memory-XXXXXX)
chmod 755 "$WORK"
BASE="http://localhost:$PORT"
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null
  [ -n "${NPM_PID:-}" ] && wait "$NPM_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# Exactly `npm start`, so its memory settings are the ones measured; PID is its node process.
DATA_DIR="$WORK/data" PORT=$PORT npm start > "$WORK/server.log" 2>&1 &
NPM_PID=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/sign-in" && break; sleep 1; done
descendants() { local child; for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done; }
for candidate in $(descendants "$NPM_PID"); do
  grep -q "scripts/start.ts" "/proc/$candidate/cmdline" 2>/dev/null && PID=$candidate
done
[ -n "${PID:-}" ] || { echo "could not find the portal's node process" >&2; exit 1; }
json() { python3 -c "import json,sys;print(json.load(sys.stdin)$1)"; }

EMAIL="bench@example.test"; PASSWORD="bench password 1"
curl -sf -o /dev/null -X POST "$BASE/api/v1/users" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"name\":\"Bench\",\"team\":\"Bench\"}"
TOKEN=$(curl -sf -X POST -u "$EMAIL:$PASSWORD" "$BASE/api/v1/tokens" | json '["token"]')
curl -sf -o /dev/null -X POST "$BASE/api/v1/apps" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"name":"Bench App"}'

# Load every page once, as a signed-in user would, so Next.js has its routes in memory.
JAR="$WORK/cookies"
CSRF=$(curl -sf -c "$JAR" -b "$JAR" "$BASE/api/auth/csrf" | json '["csrfToken"]')
curl -sf -c "$JAR" -b "$JAR" -o /dev/null -X POST "$BASE/api/auth/callback/credentials" -d "csrfToken=$CSRF&email=$EMAIL&password=$PASSWORD&json=true"
for page in /apps /apps/bench-app /apps/bench-app/images /apps/bench-app/releases /apps/bench-app/releases/new /tokens /settings/registries; do
  curl -sf -b "$JAR" -o /dev/null "$BASE$page"
done
BEFORE=$(ps -o rss= -p "$PID")

head -c 1073741824 /dev/urandom > "$WORK/blob"
DIGEST=sha256:$(sha256sum "$WORK/blob" | cut -d' ' -f1)
JWT=$(curl -sf -u "$EMAIL:$TOKEN" "$BASE/v2/token?service=localhost:$PORT&scope=repository:bench-app/big:pull,push" | json '["token"]')
( while kill -0 "$PID" 2>/dev/null; do ps -o rss= -p "$PID"; sleep 0.1; done > "$WORK/rss" ) &
SAMPLER=$!
LOCATION=$(curl -sf -D - -o /dev/null -X POST -H "authorization: Bearer $JWT" "$BASE/v2/bench-app/big/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
SECONDS_TAKEN=$(curl -sf -o /dev/null -w '%{time_total}' -T "$WORK/blob" -H "authorization: Bearer $JWT" "$BASE$LOCATION?digest=$DIGEST")
kill "$SAMPLER"
PEAK=$(sort -n "$WORK/rss" | tail -1)

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, node $(node -v)"
echo "portal process RSS after loading every page: $((BEFORE / 1024)) MiB"
echo "peak RSS while pushing a 1 GiB blob:          $((PEAK / 1024)) MiB (target: under 300 MiB)"
echo "push time: ${SECONDS_TAKEN}s ($(python3 -c "print(round(1024/$SECONDS_TAKEN))") MiB/s including sha256)"
