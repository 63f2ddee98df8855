# Microsoft Defender for Endpoint plugin for InsightConnect.
VENDOR  := $(shell grep '^vendor: ' plugin.spec.yaml | sed 's/vendor: //')
NAME    := $(shell grep '^name: ' plugin.spec.yaml | sed 's/name: //')
VERSION := $(shell grep '^version: ' plugin.spec.yaml | sed 's/version: //')
PKG     := $(VENDOR)-$(NAME)-$(VERSION).tar.gz
BIN     := target/release/$(NAME)
SHARED  ?= ../shared

.DEFAULT_GOAL := default
.PHONY: default build test lint schemas generate demo emulator validate tarball image export

default: image tarball

build:
	cargo build --release --locked --bin $(NAME)

# Everything CI checks: formatting, lints, and the whole test suite (drift and reference tools included).
test:
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings
	INSTA_UPDATE=no cargo test --locked

# Regenerate schemas/, src/spec/generated.rs (and help.md) from plugin.spec.yaml.
# The story of the automation guides through the real binary, against the bundled emulator.
demo:
	cargo build --release --locked --bin $(NAME) --bin demo
	target/release/demo

schemas generate:
	cargo run --locked --quiet --bin generate

validate:
	$(SHARED)/tools/icon-tools validate .

emulator:
	cargo run --locked --release --bin defender_emulator -- --port 8686

tarball:
	rm -f $(PKG)
	tar -cvzf $(PKG) --exclude=$(PKG) --exclude=tests --exclude=target --exclude=run.sh *

image: build
	docker build --pull -t $(VENDOR)/$(NAME):$(VERSION) .
	docker tag $(VENDOR)/$(NAME):$(VERSION) $(VENDOR)/$(NAME):latest

export: image
	docker save $(VENDOR)/$(NAME):$(VERSION) | gzip > $(VENDOR)_$(NAME)_$(VERSION).tar
