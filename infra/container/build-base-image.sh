#!/usr/bin/env bash
# Builds the local base image for the app image where no public image registry is reachable:
# Debian bookworm (debootstrap minbase) with a headless Java 17 runtime from Debian's packages.
# Users with a registry build on eclipse-temurin:17-jre instead (docs/deploy.md); this image only
# stands in for it. Needs root, debootstrap and podman. Does nothing when the image exists
# (podman's image store is the cache between runs); --force rebuilds it.
#
#   infra/container/build-base-image.sh [--force] [IMAGE]     (default localhost/ordos-base:bookworm-jre17)
set -euo pipefail

force=false
if [[ "${1:-}" == "--force" ]]; then
  force=true
  shift
fi
image="${1:-localhost/ordos-base:bookworm-jre17}"

if ! $force && podman image exists "$image"; then
  echo "base image $image exists"
  exit 0
fi
[[ $(id -u) == 0 ]] || { echo "build-base-image.sh: debootstrap needs root" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "build-base-image.sh: install debootstrap" >&2; exit 2; }

# The Debian mirror this machine's apt already uses (deb822 sources first, then sources.list).
mirror="${DEBIAN_MIRROR:-}"
if [[ -z "$mirror" && -f /etc/apt/sources.list.d/debian.sources ]]; then
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
fi
if [[ -z "$mirror" && -f /etc/apt/sources.list ]]; then
  mirror=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
fi
[[ -n "$mirror" ]] || { echo "build-base-image.sh: no Debian mirror configured; set DEBIAN_MIRROR" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ordos-base-image.XXXXXX")
rootfs="$work/rootfs"
cleanup() {
  mountpoint -q "$rootfs/proc" 2>/dev/null && umount "$rootfs/proc"
  rm -rf "$work"
}
trap cleanup EXIT

echo "debootstrap bookworm (minbase) from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# The same suites as the host (updates and security fixes for the JRE), when it lists them.
if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
  cp /etc/apt/sources.list.d/debian.sources "$rootfs/etc/apt/sources.list.d/debian.sources"
  rm -f "$rootfs/etc/apt/sources.list"
fi
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless' \
  > "$work/jre.log" 2>&1 || { tail -20 "$work/jre.log" >&2; exit 1; }
umount "$rootfs/proc"
arch=$(chroot "$rootfs" dpkg --print-architecture)
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*

tar -C "$rootfs" -c . | podman import \
  --change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch" \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "$image" > /dev/null
echo "built base image $image"
