#!/usr/bin/env bash
# Build a Python base image with no container registry: bootstrap a minimal
# Debian (bookworm: Python 3.11 only) into a folder and import it as an image.
# pytest and numpy do NOT come from Debian (its numpy runs on the reference
# BLAS, about 6x slower): the Dockerfile installs the pinned wheels on top.  Used when no official python image can be
# pulled (see sandbox/README.md).  Usage: build-base.sh IMAGE:TAG
set -euo pipefail
tag="${1:?usage: build-base.sh IMAGE:TAG}"
suite="${HARNESS_DEBIAN_SUITE:-bookworm}"

mirror="${HARNESS_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  # Take the mirror from the machine's own apt sources rather than naming a host.
  mirror=$(grep -hsoE '^URIs:\s*\S+' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)
fi
if [ -z "$mirror" ]; then
  mirror=$(grep -hsoE '^deb\s+\S+' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n1 || true)
fi
[ -n "$mirror" ] || { echo "build-base: no Debian mirror found in apt sources; set HARNESS_DEBIAN_MIRROR" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-base: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }

rootfs=$(mktemp -d /tmp/harness-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase \
  --include=python3 \
  "$suite" "$rootfs" "$mirror" >/tmp/harness-debootstrap.log 2>&1 \
  || { tail -n 20 /tmp/harness-debootstrap.log >&2; exit 1; }
# Keep the image small: package caches and docs are not needed at run time.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
       "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/locale
tar -C "$rootfs" -c . | docker import - "$tag" >/dev/null
echo "built base image $tag"
