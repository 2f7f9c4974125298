#!/usr/bin/env bash
# Make sure a Docker daemon answers.  Where none does and we are root on
# Debian, install Debian's docker.io (and debootstrap, for the registry-less
# base image) and start dockerd in the background.  Exits non-zero, loudly,
# when no daemon can be had.
set -euo pipefail
if docker info >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
  echo "ensure-docker: no Docker daemon answers, and this is not root on Debian: start Docker yourself" >&2
  exit 1
fi
if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  echo "ensure-docker: installing docker.io and debootstrap from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q docker.io debootstrap >/dev/null
fi
if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "ensure-docker: starting dockerd in the background (log: /var/log/dockerd.log)"
  # From /, with PATH alone: a daemon that kept the caller's TMPDIR (a test's private
  # folder, deleted afterwards) fails every later docker exec on this machine.
  (cd / && env -i PATH="$PATH" nohup dockerd >/var/log/dockerd.log 2>&1 &)
fi
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "ensure-docker: daemon ready ($(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 1
done
echo "ensure-docker: dockerd did not answer within 60 s; see /var/log/dockerd.log" >&2
tail -n 20 /var/log/dockerd.log >&2 || true
exit 1
