# Microsoft Defender for Endpoint plugin for InsightConnect.
VENDOR  := $(shell grep '^vendor: ' plugin.spec.yaml | sed 's/vendor: //')
NAME    := $(shell grep '^name: ' plugin.spec.yaml | sed 's/name: //')
VERSION := $(shell grep '^version: ' plugin.spec.yaml | sed 's/version: //')
PKG     := $(VENDOR)-$(NAME)-$(VERSION).tar.gz
BIN     := target/release/$(NAME)
SHARED  ?= ../shared

.DEFAULT_GOAL := default
.PHONY: default build test schemas generate help demo emulator validate tarball image export image-local image-smoke bench bench-compare bench-http fuzz fuzz-http profile symbol-order

default: image tarball

build:
	cargo build --release --locked --bin $(NAME) --bin defender_emulator

# Everything CI checks: formatting, lints, and the whole test suite of every crate of the workspace
# (drift and reference tools included).
test:
	cargo fmt --all --check
	cargo clippy --locked --workspace --all-targets -- -D warnings
	INSTA_UPDATE=no cargo test --locked --workspace

# The story of the automation guides through the real binary, against the bundled emulator.
demo:
	cargo build --release --locked --bin $(NAME) --bin demo
	target/release/demo

# What a workflow step, a trigger catch-up and the binary cost, against the floor (bench/results.md).
bench:
	cargo build --release --locked --bin $(NAME) --bin bench
	target/release/bench

# `make bench` on the plugin built at BASE (a git revision) and on the working tree, in one run
# (target/bench-compare/base.md and head.md).
bench-compare:
	BASE=$(BASE) scripts/bench-compare.sh

# The release build with symbols, in target/profiling/, for perf and callgrind (see README).
profile:
	cargo build --profile profiling --locked --bin $(NAME) --bin bench --bin defender_emulator

# Rewrite link/symbol-order.txt, the layout of the plugin's code that keeps a step's memory small
# (build.rs), from the functions `make demo` runs under callgrind; after a dependency or toolchain
# upgrade. Needs valgrind.
symbol-order:
	scripts/symbol-order.sh

# Regenerate schemas/, src/spec/generated.rs and help.md from plugin.spec.yaml.
schemas generate help:
	cargo run --locked --quiet --bin generate

validate:
	$(SHARED)/tools/icon-tools validate .

emulator:
	cargo run --locked --release --bin defender_emulator -- --port 8686

tarball:
	rm -f $(PKG)
	tar -cvzf $(PKG) --exclude=$(PKG) --exclude=tests --exclude=fuzz --exclude=target --exclude=run.sh *

image: build
	docker build --pull -t $(VENDOR)/$(NAME):$(VERSION) .
	docker tag $(VENDOR)/$(NAME):$(VERSION) $(VENDOR)/$(NAME):latest

export: image
	docker save $(VENDOR)/$(NAME):$(VERSION) | gzip > $(VENDOR)_$(NAME)_$(VERSION).tar

# An image FROM scratch with the binary and the libraries it links (no registry is reachable here
# for the Rapid7 base image), and a smoke test that runs steps through it as the orchestrator does.
image-local: build
	scripts/image-local.sh

image-smoke: image-local
	scripts/image-smoke.sh

# http mode under load: the plugin against the emulator, then the Python runtime's http mode on
# the oracle's reference plugin, at 1, 16 and 256 clients (bounded, loopback only). Writes
# bench/http-results.md.
bench-http:
	cargo build --release --locked --bin $(NAME) --bin bench_http
	target/release/bench_http --plugin $(BIN) --oracle $(SHARED)/tools/runtime-oracle/run

# Fuzz the parsers (start message, error bodies, a page of alerts, the token answer, the JSON
# writer) with cargo-fuzz on nightly, FUZZ_SECONDS (default 60) per target. Not part of `make test`.
fuzz:
	scripts/fuzz.sh

# Fuzz the served API document with schemathesis (installed from PyPI into a venv under
# ~/.cache) against the plugin's http mode and the emulator. Not part of `make test`.
fuzz-http:
	cargo build --release --locked --bin $(NAME) --bin defender_emulator
	scripts/fuzz-http.sh
