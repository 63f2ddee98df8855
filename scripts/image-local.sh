#!/usr/bin/env bash
# Builds `rapid7/windows_defender_atp:local`, an image FROM scratch holding the release binary,
# the shared libraries it links, the spec, and /workspace/{cache,tmp} owned by nobody.
# No image registry is reachable here, so the Rapid7 base image of the Dockerfile cannot be
# pulled; this image runs the same binary the same way the orchestrator does.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/windows_defender_atp
tag=${IMAGE_TAG:-rapid7/windows_defender_atp:local}
[[ -x $bin ]] || { echo "image-local: build $bin first (make build)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc" "$root/workspace/cache" "$root/workspace/tmp" "$root/usr/local/bin"
cp "$bin" "$root/usr/local/bin/"
cp plugin.spec.yaml "$root/plugin.spec.yaml"
cp plugin.spec.yaml "$root/workspace/plugin.spec.yaml"
# The dynamic loader and every library the binary links, at the paths it expects.
for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  mkdir -p "$root/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
fi
printf 'root:x:0:0:root:/:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
cat > "$root/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY . /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
WORKDIR /workspace
USER nobody
ENTRYPOINT ["/usr/local/bin/windows_defender_atp"]
DOCKERFILE
chown -R 65534:65534 "$root/workspace/cache" "$root/workspace/tmp"
docker build -q -t "$tag" "$root"
docker image inspect "$tag" --format 'image-local: {{.RepoTags}} {{.Size}} bytes'
