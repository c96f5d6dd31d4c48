#!/usr/bin/env bash
# Fetch Debian trixie's prebuilt iPXE binaries (1.21.1+git20250501: EFI autoexec.ipxe support,
# poweroff, Hyper-V netvsc, arm64 EFI) into DEST, flattened:
#   DEST/ipxe.lkrn DEST/ipxe.efi DEST/snponly.efi DEST/ipxe-arm64.efi DEST/snponly-arm64.efi (when shipped)
# The system's apt sources are not touched: a private apt configuration reads trixie's index.
# Idempotent: does nothing when DEST already holds the binaries of the same package version.
set -euo pipefail
dest=${1:?usage: fetch-ipxe.sh DEST}
mkdir -p "$dest"
if [ -s "$dest/ipxe.lkrn" ] && [ -s "$dest/ipxe.efi" ] && [ -s "$dest/snponly.efi" ] && [ -s "$dest/VERSION" ]; then
  exit 0
fi
st=$(mktemp -d)
trap 'rm -rf "$st"' EXIT
mkdir -p "$st/lists/partial" "$st/cache/archives/partial" "$st/root"
mirror=$(grep -h -oP '^URIs:\s*\K\S+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)
[ -n "$mirror" ] || mirror=$(awk '/^deb / && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$st/sources.list"
o=(-o Dir::Etc::SourceList="$st/sources.list" -o Dir::Etc::SourceParts=/dev/null
   -o Dir::State::Lists="$st/lists" -o Dir::Cache="$st/cache" -o Dir::State::status=/var/lib/dpkg/status -o APT::Sandbox::User=root)
apt-get "${o[@]}" update -qq
(cd "$st" && apt-get "${o[@]}" download -qq ipxe/trixie)
dpkg -x "$st"/ipxe_*.deb "$st/root"
src="$st/root/usr/lib/ipxe"
cp "$src/ipxe.lkrn" "$dest/ipxe.lkrn"
cp "$src/ipxe-amd64.efi" "$dest/ipxe.efi"
cp "$src/snponly.efi" "$dest/snponly.efi"
[ -f "$src/ipxe-arm64.efi" ] && cp "$src/ipxe-arm64.efi" "$dest/ipxe-arm64.efi"
[ -f "$src/snponly-arm64.efi" ] && cp "$src/snponly-arm64.efi" "$dest/snponly-arm64.efi"
basename "$st"/ipxe_*.deb .deb > "$dest/VERSION"
echo "iPXE binaries ($(cat "$dest/VERSION")) in $dest"
