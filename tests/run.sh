#!/usr/bin/env bash
# Emu's test command (README.md): installs what the tests drive if it is missing, then runs every
# test project in Release.  Needs the .NET SDK of global.json; installs Debian packages with apt-get
# (as root, or through sudo) when a tool is missing.  In CI (CI=true) nothing is ever skipped: a
# tool that is still missing fails the tests that need it.
set -euo pipefail
cd "$(dirname "$0")/.."

# command -> Debian package
declare -A NEEDS=(
  [make]=make
  [mips-linux-gnu-gcc]=gcc-mips-linux-gnu
  [mipsel-linux-gnu-gcc]=gcc-mipsel-linux-gnu
  [mips-linux-gnu-objdump]=binutils-mips-linux-gnu
  [mipsel-linux-gnu-objdump]=binutils-mipsel-linux-gnu
  [qemu-system-mips]=qemu-system-mips
  [qemu-system-mipsel]=qemu-system-mips
  [gdb-multiarch]=gdb-multiarch
  [socat]=socat
  [cpio]=cpio
)

# shared library (ldconfig name) -> Debian package; the differential tests P/Invoke Unicorn
declare -A NEEDS_LIB=(
  [libunicorn.so.2]=libunicorn2
)

missing=()
for cmd in "${!NEEDS[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDS[$cmd]}")
done
# Captured first: under pipefail, `ldconfig -p | grep -q` can fail when grep exits early and ldconfig gets SIGPIPE.
ldcache=$(/sbin/ldconfig -p 2>/dev/null || true)
for lib in "${!NEEDS_LIB[@]}"; do
  grep -qF "$lib " <<<"$ldcache" || missing+=("${NEEDS_LIB[$lib]}")
done
if ((${#missing[@]})); then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "tests/run.sh: installing ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "tests/run.sh: not root and no sudo: install ${missing[*]} yourself" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

command -v dotnet >/dev/null || { echo "tests/run.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }

# .NET diagnostic tools the tracing tests drive (tests/Emu.Tracing.Tests), into the repo-local, ignored
# .tools/ folder so nothing global changes; the tests look there first.
DIAG_TOOLS_VERSION=10.0.750501
for tool in dotnet-trace dotnet-counters; do
  if [[ ! -x .tools/$tool ]]; then
    echo "tests/run.sh: installing $tool $DIAG_TOOLS_VERSION into .tools/"
    dotnet tool install --tool-path .tools "$tool" --version "$DIAG_TOOLS_VERSION"
  fi
done

# Debian's Malta kernel and the busybox initramfs for the Linux boot tests (cached; see tools/linux/). Fetched
# here once so parallel test assemblies find the cache; a failure is reported by the tests themselves
# (skipped locally, failed in CI).
bash tools/linux/fetch-debian-malta.sh >/dev/null || echo "tests/run.sh: could not fetch the Debian kernel (the Linux tests will say why)" >&2

# Formatting is part of the build contract (CI runs the same check): .editorconfig decides, `dotnet format` fixes.
dotnet format Emu.sln --verify-no-changes || {
  echo "tests/run.sh: formatting differs from .editorconfig; run 'dotnet format Emu.sln'" >&2; exit 1; }

# The README's stand-alone emu (a self-contained publish): it must build and boot the built-in guest.
pub=$(mktemp -d)
trap 'rm -rf "$pub"' EXIT
if ! dotnet publish tools/Emu.Cli -c Release --self-contained -o "$pub/emu" >"$pub/publish.log" 2>&1; then
  cat "$pub/publish.log" >&2; echo "tests/run.sh: the self-contained publish failed" >&2; exit 1
fi
demo=$("$pub/emu/emu" run </dev/null) && grep -q '^demo: PASS' <<<"$demo" || {
  echo "tests/run.sh: the published emu did not run the demo guest" >&2; exit 1; }
echo "tests/run.sh: the self-contained publish runs the demo guest"

log=$(mktemp)
trap 'rm -f "$log"; rm -rf "$pub"' EXIT
set +e
dotnet test Emu.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test assemblies.
awk '/(Passed|Failed)!  - /{gsub(",","");for(i=1;i<=NF;i++){if($i=="Failed:")f+=$(i+1);if($i=="Passed:")p+=$(i+1);if($i=="Skipped:")s+=$(i+1)}}
     END{printf "tests/run.sh: %d passed, %d failed, %d skipped\n", p, f, s}' "$log"
exit "$status"
