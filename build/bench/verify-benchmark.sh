#!/usr/bin/env bash
# Benchmark of `dotnet schemadrift verify --no-build` on the sample application, with
# `dotnet ef migrations list --no-build` on the same database as the yardstick, in one run.
#   build/bench/verify-benchmark.sh [RUNS=5]
# cold: nothing cached (the migrations are replayed on a throwaway shadow cluster started for the run);
# warm: the expected schema of the applied migrations is in the project's obj/schemadrift cache.
# Writes build/out/bench/verify.md (a Markdown table) and prints it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d /tmp/schemadrift-bench.XXXXXX)"
results="$root/build/out/bench"
project="$root/samples/ShopApp"
mkdir -p "$results"
# shellcheck source=../lib/pg.sh
source "$root/build/lib/pg.sh"
cleanup() { pg_stop; rm -rf "$work"; }
trap cleanup EXIT

echo "building the tool (Release) and the sample (Debug, as dotnet ef uses it)"
dotnet build "$root/src/SchemaDrift.Tool/SchemaDrift.Tool.csproj" -c Release --nologo -v quiet -o "$work/tool" >/dev/null
dotnet build "$project/ShopApp.csproj" --nologo -v quiet >/dev/null
(cd "$root" && dotnet tool restore >/dev/null)
tool=(dotnet "$work/tool/dotnet-schemadrift.dll")

pg_start "$work"
psql "$(pg_libpq postgres)" -qc "DROP DATABASE IF EXISTS bench_shop" -c "CREATE DATABASE bench_shop"
export SHOP_DB
SHOP_DB="$(pg_npgsql bench_shop)"
(cd "$project" && dotnet ef database update --no-build >/dev/null)
cache="$project/obj/schemadrift"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
seconds() { /usr/bin/time -f "%e" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }; tail -n 1 "$work/time"; }

echo "timing $runs runs each, interleaved"
: >"$work/ef" ; : >"$work/cold" ; : >"$work/warm"
for _ in $(seq "$runs"); do
  (cd "$project" && seconds dotnet ef migrations list --no-build) >>"$work/ef"
  grep -q "AddRefundedOrderStatus" "$work/out" || { echo "dotnet ef migrations list printed no migrations" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
  rm -rf "$cache"
  (cd "$project" && seconds "${tool[@]}" verify --no-build --connection "$SHOP_DB") >>"$work/cold"
  (cd "$project" && seconds "${tool[@]}" verify --no-build --connection "$SHOP_DB" --verbose) >>"$work/warm"
  grep -q "expected schema from the cache" "$work/err" || { echo "the warm run did not use the cache" >&2; cat "$work/err" >&2; exit 1; }
done

ef="$(median <"$work/ef")"
cold="$(median <"$work/cold")"
warm="$(median <"$work/warm")"
{
  echo "| measure (ShopApp, 7 migrations, median of $runs runs) | seconds | ratio to ef | target |"
  echo "| --- | --- | --- | --- |"
  echo "| \`dotnet ef migrations list --no-build\` | $ef | 1.00 | yardstick |"
  echo "| \`verify --no-build\`, cold (shadow cluster started, migrations replayed) | $cold | $(awk -v a="$cold" -v b="$ef" 'BEGIN {printf "%.2f", a / b}') | ≤ 3 |"
  echo "| \`verify --no-build\`, warm (expected schema cached) | $warm | $(awk -v a="$warm" -v b="$ef" 'BEGIN {printf "%.2f", a / b}') | ≤ 1 |"
} | tee "$results/verify.md"
