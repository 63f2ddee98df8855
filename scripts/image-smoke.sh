#!/usr/bin/env bash
# Runs steps through the local image exactly as the orchestrator does — one container per step,
# read-only, as nobody, envelope on stdin — against the emulator on loopback, and reports the
# per-step cost of a container run.
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${IMAGE_TAG:-rapid7/windows_defender_atp:local}
port=${EMULATOR_PORT:-18686}
runs=${RUNS:-10}

target/release/defender_emulator --port "$port" 2>/dev/null &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  sleep 0.1
done

base="http://127.0.0.1:$port"
connection='{"application_id": "3d9e1f2a-4b5c-4d6e-8f70-9a1b2c3d4e5f", "application_secret": {"secretKey": "emulator-secret-value"}, "directory_id": "8f3a5c1e-2b4d-4e6f-9a0b-1c2d3e4f5a6b", "api_url": "'$base'", "login_url": "'$base'"}'
message() { printf '{"body": {"action": "%s", "meta": {"jobId": "smoke"}, "input": %s, "connection": %s}, "type": "action_start", "version": "v1"}' "$1" "$2" "$connection"; }

step() { # command, message -> envelope on stdout
  docker run -i --rm --network host --user nobody --read-only \
    --mount type=tmpfs,destination=/workspace/cache,tmpfs-mode=1777 \
    --mount type=tmpfs,destination=/workspace/tmp,tmpfs-mode=1777 \
    "$tag" "$@"
}

fail() { echo "image-smoke: $*" >&2; exit 1; }

step info | grep -q "Microsoft Defender for Endpoint" || fail "info did not run"
echo "info: ok"

isolate=$(message isolate_machine '{"machine_id": "ws-fin-042.contoso.local", "isolation_type": "Full", "comment": "smoke test"}')
out=$(printf '%s' "$isolate" | step run) || fail "isolate_machine failed: $out"
grep -q '"status": "ok"' <<<"$out" || fail "isolate_machine: $out"
action=$(grep -o '"id": "[0-9a-f-]\{36\}"' <<<"$out" | head -1 | cut -d'"' -f4)
echo "isolate_machine: ok (action $action)"

get=$(message get_machine_action '{"action_id": "'"$action"'"}')
out=$(printf '%s' "$get" | step run) || fail "get_machine_action failed: $out"
grep -q '"status": "ok"' <<<"$out" || fail "get_machine_action: $out"
echo "get_machine_action: ok"

out=$(printf '%s' "$get" | step test) || fail "test failed: $out"
grep -q '"success": true' <<<"$out" || fail "test: $out"
echo "test: ok"

bad=$(message isolate_machine '{"machine_id": "../x", "isolation_type": "Full", "comment": "c"}')
if out=$(printf '%s' "$bad" | step run); then fail "a hostile ID was accepted: $out"; fi
echo "hostile input: refused with exit 1"

ms_per_run() { # command... -> mean wall time in ms over $runs runs, stdin from $get
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do printf '%s' "$get" | "$@" >/dev/null 2>&1; done
  end=$(date +%s%N)
  echo $(( (end - start) / runs / 1000000 ))
}
in_container=$(ms_per_run step run)
direct=$(WORKSPACE_DIR=$(mktemp -d) ms_per_run target/release/windows_defender_atp run)
echo "per-step cost, mean of $runs runs of get_machine_action: ${in_container} ms in a container (docker run), ${direct} ms as a plain process"
