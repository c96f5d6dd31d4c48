#!/usr/bin/env bash
# Makes the base image of Bootwarden's container images without any registry: a minimal Debian 13
# (trixie) root file system from debootstrap, imported into podman as localhost/debian:trixie (the
# FROM of Dockerfile.backend and Dockerfile.iso-worker).
#
# Idempotent and cached: nothing happens when the image exists already (unless --force); the root
# file system tarball is kept in $BOOTWARDEN_IMAGE_CACHE (default ~/.cache/bootwarden/images) and
# re-imported from there, so debootstrap (~25 s) runs once per machine.
#
# Environment: BASE_IMAGE (localhost/debian:trixie), DEBIAN_MIRROR (the machine's own Debian mirror,
# else http://deb.debian.org/debian), BOOTWARDEN_IMAGE_CACHE. Podman's own variables
# (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF) choose its configuration and storage as usual.
# Needs: root (debootstrap), debootstrap, podman.
set -euo pipefail

base_image=${BASE_IMAGE:-localhost/debian:trixie}
suite=trixie
cache=${BOOTWARDEN_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bootwarden/images}
force=false
[ "${1:-}" = "--force" ] && force=true

log() { printf '[build-base] %s\n' "$*" >&2; }

if ! $force && podman image exists "$base_image"; then
  log "$base_image exists (use --force to rebuild it)"
  exit 0
fi

mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(grep -h -oP '^URIs:\s*\K\S+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi
mirror=${mirror%/}

mkdir -p "$cache"
tarball=$cache/debian-$suite-minbase.tar
if $force || [ ! -s "$tarball" ]; then
  command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }
  [ "$(id -u)" = 0 ] || { log "debootstrap needs root"; exit 1; }
  work=$(mktemp -d "$cache/rootfs.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  log "debootstrap --variant=minbase $suite from $mirror"
  started=$(date +%s)
  debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # the suite, its point-release updates and its security updates, in deb822 form
  rm -f "$work/rootfs/etc/apt/sources.list"
  cat > "$work/rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # no package caches or lists in the image; no documentation in later layers
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/log/"*
  cat > "$work/rootfs/etc/dpkg/dpkg.cfg.d/01-container-nodoc" <<'NODOC'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
NODOC
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$work/rootfs/etc/apt/apt.conf.d/01-container-norecommends"
  tar -C "$work/rootfs" --numeric-owner --sort=name -cf "$tarball.part" .
  mv "$tarball.part" "$tarball"
  log "root file system ready in $(( $(date +%s) - started )) s: $tarball"
fi

log "importing $tarball as $base_image"
podman import \
  --change 'CMD ["/bin/bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "LABEL org.opencontainers.image.title=debian-$suite-minbase" \
  --change "LABEL org.opencontainers.image.description=Debian $suite (debootstrap --variant=minbase) from $mirror" \
  "$tarball" "$base_image" > /dev/null
log "$base_image ready"
