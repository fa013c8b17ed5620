#!/usr/bin/env bash
# Fetches Debian 12's stock little-endian Malta kernel and busybox-static (mipsel) from Debian's own
# repository with a private apt state (issue 6), unpacks them, and builds an initramfs (cpio newc,
# gzip) from busybox and tools/linux/init.  Idempotent: everything lives under the cache directory
# and is reused; a new kernel ABI in the archive gives a new subdirectory.
# Prints two lines:  vmlinuz=PATH  initrd=PATH
# Needs: apt-get, dpkg, cpio, gzip (installs cpio with apt-get when run as root and it is missing).
# Env: EMU_LINUX_CACHE (default ~/.cache/emu-linux); EMU_LINUX_OFFLINE=1 reuses the cache without apt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${EMU_LINUX_CACHE:-$HOME/.cache/emu-linux}
mkdir -p "$cache/lists/partial" "$cache/debs"
log() { echo "fetch-debian-malta: $*" >&2; }
# Several test processes may call this at once (dotnet test runs test assemblies in parallel): one at a time.
exec 9>"$cache/.lock"
flock 9

if ! command -v cpio >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    log "installing cpio"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends cpio >&2 \
      || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends cpio >&2; }
  else
    log "cpio is missing (Debian package cpio)"; exit 1
  fi
fi

# Private apt state: the host's own sources, but the mipsel architecture and our own lists directory,
# so the host's package state is never touched.
o=(-oAPT::Architecture=mipsel -oAPT::Architectures=mipsel -oDir::State::Lists="$cache/lists"
   -oDir::Cache="$cache/apt-cache" -oDebug::NoLocking=1 -oAPT::Sandbox::User=root)
mkdir -p "$cache/apt-cache/archives/partial"

pick_kernel() {
  apt-cache "${o[@]}" search '^linux-image-6\.1\.0-[0-9]+-4kc-malta$' 2>/dev/null \
    | awk '{print $1}' | sort -V | tail -n 1
}

kernel=""
if [[ ${EMU_LINUX_OFFLINE:-0} != 1 ]]; then
  # Refresh the lists at most once a day.
  if [[ -z $(find "$cache/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1) ]]; then
    log "apt-get update (mipsel lists in $cache/lists)"
    apt-get "${o[@]}" update >&2
  fi
  kernel=$(pick_kernel)
fi
if [[ -z $kernel ]]; then
  # Offline or the lists are gone: reuse the newest unpacked kernel.
  kernel=$(ls -1 "$cache" 2>/dev/null | grep -E '^linux-image-6\.1\.0-[0-9]+-4kc-malta$' | sort -V | tail -n 1 || true)
  [[ -n $kernel ]] || { log "no linux-image-6.1.0-*-4kc-malta in the mipsel lists or the cache"; exit 1; }
fi
abi=${kernel#linux-image-}
dir="$cache/$kernel"

fetch() { # package -> unpacked into $2
  local pkg=$1 dest=$2
  [[ -f $dest/.unpacked ]] && return 0
  log "apt-get download $pkg"
  (cd "$cache/debs" && rm -f "${pkg}"_*.deb && apt-get "${o[@]}" download "$pkg" >&2)
  rm -rf "$dest" && mkdir -p "$dest"
  dpkg -x "$(ls -1 "$cache/debs/${pkg}"_*.deb | head -n 1)" "$dest"
  touch "$dest/.unpacked"
}
fetch "$kernel" "$dir"
fetch busybox-static "$cache/busybox-static"

vmlinuz="$dir/boot/vmlinuz-$abi"
[[ -f $vmlinuz ]] || { log "$vmlinuz missing from the package"; exit 1; }

# The initramfs: rebuilt when busybox or /init changed.
initrd="$cache/initrd-busybox.cpio.gz"
busybox="$cache/busybox-static/bin/busybox"
if [[ ! -f $initrd || $busybox -nt $initrd || $here/init -nt $initrd || $0 -nt $initrd ]]; then
  log "building $initrd"
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc,root,usr/bin,usr/sbin}
  install -m 0755 "$busybox" "$root/bin/busybox"
  ln -s busybox "$root/bin/sh"
  install -m 0755 "$here/init" "$root/init"
  # Deterministic archive: fixed owner, sorted names, fixed mtime.  /dev/console comes from the
  # kernel's built-in initramfs, which is unpacked before this one.
  find "$root" -exec touch -h -d @0 {} +
  (cd "$root" && { find . -mindepth 1 | LC_ALL=C sort; } \
     | cpio --quiet -o -H newc -R 0:0 --reproducible) > "$initrd.tmp.cpio"
  gzip -n -9 < "$initrd.tmp.cpio" > "$initrd.tmp"
  rm -f "$initrd.tmp.cpio"
  mv "$initrd.tmp" "$initrd"
fi

echo "vmlinuz=$vmlinuz"
echo "initrd=$initrd"
