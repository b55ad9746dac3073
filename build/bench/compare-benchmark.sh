#!/usr/bin/env bash
# The comparison alone (SchemaDiffer.Compare: compare, classify, plan, order, render), measured in process on two
# snapshots of the synthetic schema, cold (a fresh ReadyToRun process each time, as the one-shot CLI) and warm.
#   build/bench/compare-benchmark.sh [TABLES=2000] [PROCESSES=5] [WARM RUNS=5]
# The snapshots are read once from a throwaway cluster and kept in build/out/bench/snapshots/ (delete them after
# changing the catalog reader). The result of the last run is dumped to build/out/bench/compare-TABLES.txt, to
# compare two builds byte for byte.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tables="${1:-2000}"
processes="${2:-5}"
warm="${3:-5}"
out="$root/build/out/bench"
snapshots="$out/snapshots"
work="$(mktemp -d /tmp/schemadrift-compare.XXXXXX)"
mkdir -p "$snapshots"
# shellcheck source=../lib/pg.sh
source "$root/build/lib/pg.sh"
cleanup() { pg_stop; rm -rf "$work"; }
trap cleanup EXIT

case "$(uname -m)" in aarch64 | arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
echo "publishing the bench (Release, ReadyToRun, $rid)"
dotnet publish "$root/build/bench/DiffBench/DiffBench.csproj" -c Release -r "$rid" -p:PublishReadyToRun=true \
  --self-contained false --nologo -v quiet -o "$work/bench" >/dev/null
bench=(dotnet "$work/bench/DiffBench.dll")

from="$snapshots/from-$tables.json"
to="$snapshots/to-$tables.json"
if [[ ! -s "$from" || ! -s "$to" ]]; then
  pg_start "$work"
  for db in bench_a bench_b; do
    psql "$(pg_libpq postgres)" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  done
  echo "loading $tables tables twice (the second copy with drift)"
  python3 "$root/build/bench/synthetic_schema.py" "$tables" | psql "$(pg_libpq bench_a)" -q -v ON_ERROR_STOP=1 >/dev/null
  python3 "$root/build/bench/synthetic_schema.py" "$tables" --drift | psql "$(pg_libpq bench_b)" -q -v ON_ERROR_STOP=1 >/dev/null
  "${bench[@]}" snapshot "$(pg_npgsql bench_a)" "$from"
  "${bench[@]}" snapshot "$(pg_npgsql bench_b)" "$to"
  pg_stop
  PG_DATA=""
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$processes"); do
  if [[ $i -eq "$processes" ]]; then
    "${bench[@]}" run "$from" "$to" "$warm" --dump "$out/compare-$tables.txt"
  else
    "${bench[@]}" run "$from" "$to" 0 | grep cold
  fi
done
