FROM --platform=linux/amd64 rapid7/insightconnect-python-3-slim-plugin:6.6.0
LABEL organization=rapid7
LABEL sdk=rust
# The plugin is one Rust binary built by `make build` outside the image (the validators accept
# only the rapid7 base image as a parent, so there is no builder stage).
ADD ./plugin.spec.yaml /plugin.spec.yaml
WORKDIR /workspace
ADD ./plugin.spec.yaml /workspace/plugin.spec.yaml
COPY target/release/windows_defender_atp /usr/local/bin/windows_defender_atp
RUN mkdir -p /workspace/cache /workspace/tmp && chown -R nobody /workspace/cache /workspace/tmp
# User to run plugin code. The two supported users are: root, nobody
USER nobody
ENTRYPOINT ["/usr/local/bin/windows_defender_atp"]
