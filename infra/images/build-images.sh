#!/usr/bin/env bash
# Builds Bootwarden's two container images with podman from the jars Maven built:
#   localhost/bootwarden-backend:VERSION     (backend/target/bootwarden.jar)
#   localhost/bootwarden-iso-worker:VERSION  (iso-worker/target/bootwarden-iso-worker-VERSION-exec.jar)
# both also tagged :latest. Makes the base image first when it is missing (build-base.sh).
#
# Usage (from anywhere, as root):
#   mvn -pl iso-worker,backend -am package -DskipTests
#   infra/images/build-images.sh
# Environment: IMAGE_PREFIX (localhost/bootwarden), BASE_IMAGE (localhost/debian:trixie), and
# podman's own CONTAINERS_CONF / CONTAINERS_STORAGE_CONF. Rebuilds reuse podman's layer cache:
# only the layer with the jar changes when the code does.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=${IMAGE_PREFIX:-localhost/bootwarden}
base_image=${BASE_IMAGE:-localhost/debian:trixie}

log() { printf '[build-images] %s\n' "$*" >&2; }

backend_jar=$root/backend/target/bootwarden.jar
worker_jar=$(ls "$root"/iso-worker/target/bootwarden-iso-worker-*-exec.jar 2>/dev/null | head -1 || true)
if [ ! -f "$backend_jar" ] || [ -z "$worker_jar" ]; then
  log "build the jars first: mvn -pl iso-worker,backend -am package -DskipTests"
  exit 1
fi
version=$(basename "$worker_jar" -exec.jar); version=${version#bootwarden-iso-worker-}
revision=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)

BASE_IMAGE=$base_image "$here/build-base.sh"

# small build contexts: the jar and what the Dockerfile copies, nothing else of the repository
ctx=$root/infra/images/target
rm -rf "$ctx"
mkdir -p "$ctx/backend" "$ctx/iso-worker"
cp "$backend_jar" "$ctx/backend/bootwarden.jar"
cp "$worker_jar" "$ctx/iso-worker/bootwarden-iso-worker.jar"
cp "$here/worker-healthy" "$ctx/iso-worker/worker-healthy"

build() { # name dockerfile context
  local started; started=$(date +%s)
  log "building $prefix-$1:$version"
  # docker format: OCI images have no HEALTHCHECK
  podman build --format docker --layers \
    --build-arg BASE="$base_image" --build-arg VERSION="$version" \
    --build-arg REVISION="$revision" --build-arg CREATED="$created" \
    -f "$2" -t "$prefix-$1:$version" -t "$prefix-$1:latest" "$3" >&2
  log "$prefix-$1:$version built in $(( $(date +%s) - started )) s"
}
build backend "$here/Dockerfile.backend" "$ctx/backend"
build iso-worker "$here/Dockerfile.iso-worker" "$ctx/iso-worker"
echo "$prefix-backend:$version"
echo "$prefix-iso-worker:$version"
