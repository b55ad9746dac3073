#!/usr/bin/env bash
# Packs the dotnet tool into a local feed (build/out/feed by default).
#   build/pack.sh [feed-dir]
# Then:  dotnet tool install --global SchemaDrift.EfCore --add-source <feed-dir>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="${1:-$root/build/out/feed}"
mkdir -p "$feed"
dotnet pack "$root/src/SchemaDrift.Tool/SchemaDrift.Tool.csproj" -c Release -o "$feed" --nologo -v quiet
# This machine's runtime again, as a native executable (Native AOT compiles only for the system it runs on).
rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)"
dotnet pack "$root/src/SchemaDrift.Tool/SchemaDrift.Tool.csproj" -c Release -o "$feed" -r "${rid:-linux-x64}" --nologo -v quiet
ls "$feed"/SchemaDrift.EfCore.*.nupkg
