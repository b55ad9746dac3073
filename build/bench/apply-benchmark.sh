#!/usr/bin/env bash
# Benchmark of `dotnet schemadrift apply` applying the sample's migrations to an empty database, with
# `dotnet ef database update --no-build` doing the same as the yardstick, in the same run, on fresh databases.
#   build/bench/apply-benchmark.sh [RUNS=5]
# Writes build/out/bench/apply.md (a Markdown table) and prints it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d /tmp/schemadrift-bench.XXXXXX)"
results="$root/build/out/bench"
mkdir -p "$results"
# shellcheck source=../lib/pg.sh
source "$root/build/lib/pg.sh"
cleanup() { pg_stop; rm -rf "$work"; }
trap cleanup EXIT

echo "building the tool (Release) and the sample"
dotnet build "$root/src/SchemaDrift.Tool/SchemaDrift.Tool.csproj" -c Release --nologo -v quiet -o "$work/tool" >/dev/null
dotnet build "$root/samples/ShopApp/ShopApp.csproj" --nologo -v quiet >/dev/null
(cd "$root" && dotnet tool restore >/dev/null)
tool=(dotnet "$work/tool/dotnet-schemadrift.dll")
project="$root/samples/ShopApp/ShopApp.csproj"

pg_start "$work"
# apply's pre-flight and post-apply verify replay migrations on a shadow server: the same server here (--shadow),
# as a pipeline names one in schemadrift.json. Expected schemas are cached under the project's obj/schemadrift, as
# in a pipeline that keeps obj/ between runs; the first run fills the cache.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now() { date +%s.%N; }

: >"$work/apply" ; : >"$work/ef" ; : >"$work/host" ; : >"$work/migrate"
echo "timing $runs runs each (alternating which goes first)"
for i in $(seq "$runs"); do
  for db in "bench_apply_$i" "bench_ef_$i"; do
    psql "$(pg_libpq postgres)" -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  done
  run_apply() {
    local start end
    start="$(now)"
    "${tool[@]}" apply --connection "$(pg_npgsql "bench_apply_$i")" --project "$project" --no-build --verbose --shadow "$PG_ADMIN" 2>"$work/apply.err" \
      || { cat "$work/apply.err" >&2; exit 1; }
    end="$(now)"
    awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}' >>"$work/apply"
    sed -n 's/.*timing: host load \([0-9.]*\) ms.*/\1/p' "$work/apply.err" >>"$work/host"
  }
  run_ef() {
    local start end
    start="$(now)"
    (cd "$root" && SHOP_DB="$(pg_npgsql "bench_ef_$i")" dotnet ef database update --project "$project" --no-build >"$work/ef.out" 2>&1) \
      || { cat "$work/ef.out" >&2; exit 1; }
    end="$(now)"
    awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}' >>"$work/ef"
  }
  if (( i % 2 )); then run_apply; run_ef; else run_ef; run_apply; fi
  # Both must leave the same schema and history.
  ids="SELECT string_agg(\"MigrationId\", ' ' ORDER BY \"MigrationId\") FROM shop.\"__EFMigrationsHistory\""
  a="$(psql "$(pg_libpq "bench_apply_$i")" -Atc "$ids")"
  e="$(psql "$(pg_libpq "bench_ef_$i")" -Atc "$ids")"
  [[ "$a" == "$e" && -n "$a" ]] || { echo "histories differ: apply [$a] ef [$e]" >&2; exit 1; }
done

migrations="$(psql "$(pg_libpq bench_apply_1)" -Atc 'SELECT count(*) FROM shop."__EFMigrationsHistory"')"
apply="$(median <"$work/apply")"
ef="$(median <"$work/ef")"
{
  echo "| measure (ShopApp, $migrations migrations, empty database, median of $runs runs) | value | target |"
  echo "| --- | --- | --- |"
  echo "| \`dotnet schemadrift apply --no-build\`, s | $apply | ≤ 1.2 × dotnet ef |"
  echo "| of which loading the application (design-time host), ms | $(median <"$work/host") | |"
  echo "| \`dotnet ef database update --no-build\`, s | $ef | yardstick |"
  echo "| ratio apply / dotnet ef | $(awk -v a="$apply" -v b="$ef" 'BEGIN {printf "%.2f", a / b}') | ≤ 1.2 |"
} | tee "$results/apply.md"
