#!/usr/bin/env bash
# MlGuard's share of compile time in a real `dotnet build` of a generated project (default 2,000 files):
# builds the project from scratch with MlGuardEnabled=false (the baseline), with MlGuard as the project is set up
# (NoWarn MLG1001;MLG1006: the generated code breaks those two rules on purpose, and a switched-off rule is not
# run) twice — first in a compiler server that has not loaded MlGuard yet (a CI build: MlGuard's code is compiled
# by the JIT during the build), then again (a developer's next build) —, and with MlGuard and every rule on (these
# two REPEAT times, default 3, medians reported); all
# with -p:ReportAnalyzer=true. The builds use the compiler server, as `dotnet build` does by default (set explicitly:
# an environment may switch it off with UseSharedCompilation=false, and then every build is a fresh compiler process
# that compiles MlGuard's code with the JIT again; COMPILER_SERVER=false measures that setup). Reports MlGuard's analyzer time as a share
# of the Csc task's time, the Csc time ratio against the baseline, and the per-document analysis time of the
# largest files.
# Usage: tests/MlGuard.Benchmarks/compile-share.sh [files] [workdir]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
files="${1:-2000}"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
echo "work folder: $work"

dotnet pack "$repo/src/MlGuard/MlGuard.csproj" -c Release -o "$work/feed" -v:q -nologo > "$work/pack.log"
dotnet build "$repo/tests/MlGuard.Benchmarks" -c Release -v:q -nologo > "$work/bench-build.log"
rm -rf "$work/app" && mkdir -p "$work/app/src"
dotnet run -c Release --no-build --project "$repo/tests/MlGuard.Benchmarks" -- generate "$work/app/src" "$files"

version=$(sed -n 's:.*<MlGuardVersion>\(.*\)</MlGuardVersion>.*:\1:p' "$repo/Directory.Build.props")
cat > "$work/app/App.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <NoWarn>\$(NoWarn);CS8618;MLG1001;MLG1006</NoWarn>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="MlGuard" Version="$version" PrivateAssets="all" />
    <PackageReference Include="Microsoft.ML" Version="5.0.1" />
  </ItemGroup>
</Project>
PROJ
cat > "$work/app/nuget.config" <<CONF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="MlGuard" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
CONF
# Keep the generated project out of the repository's build settings.
echo "<Project />" > "$work/app/Directory.Build.props"
echo "<Project />" > "$work/app/Directory.Build.targets"
echo "<Project />" > "$work/app/Directory.Packages.props"

cd "$work/app"
# NuGet never extracts a version it already holds: without this, a reused work folder would measure an old MlGuard.
rm -rf "$work/packages/mlguard"
dotnet restore -v:q -nologo > "$work/restore.log"

# A fresh compiler server: the first MlGuard build loads MlGuard into it; it is shut down again at the end.
server="${COMPILER_SERVER:-true}"
dotnet build-server shutdown > /dev/null 2>&1 || true
trap 'dotnet build-server shutdown > /dev/null 2>&1 || true' EXIT
echo "compiler server: $server"

csc_ms() { sed -n 's/^ *\([0-9][0-9]*\) ms  *Csc .*/\1/p' "$1" | head -1; }
# With the server, a first build without MlGuard warms the server's own code, so that the baseline is a warm build too.
# The warm builds are repeated (REPEAT, default 3): single builds on a shared machine move by tens of percent.
again=""; all=""
for i in $(seq 1 "${REPEAT:-3}"); do
  suffix=$([ "$i" = 1 ] || echo "-$i")
  again="$again mlguard-again$suffix"; all="$all all-rules$suffix"
done
modes="baseline mlguard $again $all"
[ "$server" = true ] && modes="warm-up $modes"
for mode in $modes; do
  enabled=$([ "$mode" = baseline ] || [ "$mode" = warm-up ] && echo false || echo true)
  nowarn=$(case $mode in all-rules*) echo "-p:NoWarn=CS8618" ;; esac)
  # -m:1 and a fresh obj: the runs see the same machine and do the same work.
  rm -rf bin obj/Release
  dotnet build --no-restore -c Release -m:1 -nologo -v:d -clp:PerformanceSummary $nowarn \
    -p:UseSharedCompilation=$server -p:ReportAnalyzer=true -p:MlGuardEnabled=$enabled -p:RestorePackagesPath="$work/packages" > "$work/$mode.log"
done

base=$(csc_ms "$work/baseline.log")
echo
echo "files: $files"
shares=""; all_shares=""
for mode in mlguard $again $all; do
  with=$(csc_ms "$work/$mode.log")
  total=$(sed -n 's/.*Total analyzer execution time: \([0-9.]*\) seconds.*/\1/p' "$work/$mode.log" | head -1 || true)
  mlguard=$(grep -E '^ +[0-9.<]+ +[0-9<]+ +MlGuard\.Analyzers, ' "$work/$mode.log" | head -1 | awk '{print $1}' || true)
  case $mode in
    mlguard) echo "== $mode (NoWarn MLG1001;MLG1006, as the project is set up; MlGuard loaded fresh)" ;;
    mlguard-again*) echo "== $mode (the same build again; $([ "$server" = true ] && echo "MlGuard already loaded in the compiler server" || echo "a fresh compiler process again"))" ;;
    *) echo "== $mode (every rule on)" ;;
  esac
  echo "Csc without MlGuard: ${base} ms; with MlGuard: ${with} ms (ratio $(awk "BEGIN{printf \"%.3f\", $with/$base}"))"
  echo "analyzer time, all analyzers: ${total:-?} s; MlGuard.Analyzers: ${mlguard:-?} s"
  share=$(awk "BEGIN{printf \"%.2f\", 100*${mlguard:-0}*1000/$with}")
  echo "MlGuard's share of compile time (MlGuard analyzer time / Csc time): ${share}%"
  case $mode in mlguard-again*) shares="$shares $share" ;; all-rules*) all_shares="$all_shares $share" ;; esac
done
median() { echo "$@" | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "the same build again, median of${shares}: $(median $shares)%"
echo "every rule on, median of${all_shares}: $(median $all_shares)%"
echo
dotnet run -c Release --no-build --project "$repo/tests/MlGuard.Benchmarks" -- documents "$work/app/src" 5
