#!/usr/bin/env bash
# Installs what Bootwarden needs on Debian 12, idempotently. Sourced by run.sh and test.sh.
#   setup_runtime : JDK 17, Maven, Node.js/npm, ISO tools, trixie's iPXE binaries, npm packages
#   setup_tests   : + QEMU, OVMF, binutils, debconf tools, Chromium, podman, debootstrap (what the tests boot and check with),
#                   Samba AD DC and OpenLDAP (the directory login tests start them: SambaActiveDirectoryIT, OpenLdapIT)
set -euo pipefail

BW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export BW_ROOT
export BOOTWARDEN_IPXE_DIR=${BOOTWARDEN_IPXE_DIR:-$BW_ROOT/.cache/ipxe}

bw_log() { printf '\033[1m[bootwarden]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    bw_log "need root to run: $*"; return 1; fi
}

apt_updated=""
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  bw_log "installing Debian packages: ${missing[*]}"
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# like apt_install, but the packages' services are not started (a system slapd or smbd would take
# ports 389/445 that the tests' own directory servers need): policy-rc.d denies starts meanwhile
apt_install_no_start() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -e /usr/sbin/policy-rc.d ]; then apt_install "${missing[@]}"; return; fi
  as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
  local rc=0
  apt_install "${missing[@]}" || rc=$?
  as_root rm -f /usr/sbin/policy-rc.d
  return $rc
}

check_node() {
  command -v node >/dev/null || apt_install nodejs npm
  local v; v=$(node -p 'process.versions.node')
  local major=${v%%.*} minor; minor=$(echo "$v" | cut -d. -f2)
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    bw_log "Node.js $v is too old for the console build (Vite 7 needs 20.19+ or 22.12+)."
    bw_log "Install a newer Node.js from your distribution's backports, then run this again."
    return 1
  fi
}

setup_runtime() {
  apt_install openjdk-17-jdk-headless maven xorriso isolinux syslinux syslinux-common mtools dosfstools curl ca-certificates python3
  check_node
  "$BW_ROOT/infra/ipxe/fetch-ipxe.sh" "$BOOTWARDEN_IPXE_DIR"
  if [ ! -d "$BW_ROOT/node_modules" ] || [ "$BW_ROOT/package-lock.json" -nt "$BW_ROOT/node_modules/.package-lock.json" ]; then
    bw_log "installing npm packages"
    (cd "$BW_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

setup_tests() {
  setup_runtime
  apt_install qemu-system-x86 ovmf binutils debconf util-linux debian-installer-12-netboot-amd64 chromium \
    podman runc busybox-static \
    debootstrap  # container mode of custom iPXE builds (iso-worker ContainerBuildIT); the images' base (ContainerImagesE2EIT)
  # real directories for the login tests (they start their own servers with their own configuration)
  apt_install_no_start samba samba-ad-dc samba-ad-provision winbind krb5-user ldb-tools ldap-utils slapd openssl
}
