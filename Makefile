# KitaPortal Kiosk: build, test and run on Debian 12 (GNU make).
#
#   make run     install what is missing, build, open the kiosk window on demo data
#   make test    install what is missing, build, lint, test (with -race), kiosk smoke test
#
# `make help` lists every target.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

GO  ?= go
NPM ?= npm

BIN := build/bin/kitaportal
# Debian 12 ships WebKitGTK 4.1 only; Wails picks it with this tag.
WAILS_TAGS := webkit2_41
# The frontend is built by `make frontend` (exactly once per make run), so Wails skips
# it (-s). -m/-nosyncgomod: never let the build rewrite go.mod; -skipbindings: the UI
# talks to the JSON API, not to Wails bindings (generating them would run the app).
# The commit and its time go into the binary (kitaportal --version, /metrics, the admin
# screen) also where the Go setup switches VCS stamping off (GOFLAGS=-buildvcs=false).
GIT_COMMIT := $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -modified)
GIT_DATE := $(shell git log -1 --format=%cI 2>/dev/null)
WAILS_BUILD_FLAGS := -nocolour -tags $(WAILS_TAGS) -s -m -nosyncgomod -skipbindings \
	-skipembedcreate -trimpath $(if $(DEVTOOLS),-devtools) \
	-ldflags "-X kitaportal/app/buildinfo.commit=$(GIT_COMMIT) -X kitaportal/app/buildinfo.date=$(GIT_DATE)"

# What building and testing the kiosk needs on Debian 12: WebKitGTK and GTK headers for
# cgo (with gcc and libc headers), Xvfb + xdotool + ImageMagick for the kiosk smoke
# test, Chromium for browser tests.
APT_PACKAGES := libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xdotool imagemagick chromium \
	pkg-config gcc libc6-dev curl
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# make run: an empty data dir per run shows the embedded demo data. Windowed by default,
# because on a desktop a frameless fullscreen window has no way out but Alt+F4;
# `make run KIOSK_FLAGS=` starts the real fullscreen kiosk. The window also serves
# http://$(ADDR)/, so "Auf dem Handy weitermachen" can be tried in a browser here.
DATA ?=
ADDR ?= 127.0.0.1:8080
KIOSK_FLAGS ?= --windowed --addr $(ADDR) --public-url http://$(ADDR)

# The Go packages: ./... without frontend/node_modules, where an npm package (flatted,
# pulled in by ESLint) ships a Go file of its own.
GO_PACKAGES = $$($(GO) list ./... | grep -v /node_modules/)

.PHONY: help deps apt-deps go-deps npm-deps frontend build run lint test e2e smoke load bench serve clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{ printf "  make %-9s %s\n", $$1, $$2 }'

deps: apt-deps go-deps npm-deps ## install what is missing: Debian packages, Go modules, npm packages

apt-deps:
	@if ! command -v dpkg-query >/dev/null; then \
	  echo "deps: not a Debian system; make sure these (or their equivalents) are installed: $(APT_PACKAGES)"; \
	  exit 0; \
	fi; \
	missing=$$(for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q 'ok installed' || echo "$$p"; \
	done | xargs); \
	if [[ -z $$missing ]]; then echo "deps: Debian packages present"; exit 0; fi; \
	echo "deps: installing Debian packages: $$missing"; \
	$(SUDO) apt-get update -q; \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing

go-deps:
	@command -v $(GO) >/dev/null || { echo "deps: Go is not installed (see go.mod for the version)"; exit 1; }
	@echo "deps: Go modules ($$($(GO) env GOVERSION))"
	@$(GO) mod download

npm-deps: frontend/node_modules/.package-lock.json

# npm writes node_modules/.package-lock.json on every install, so node_modules is
# reinstalled exactly when it is missing or older than the lock file.
frontend/node_modules/.package-lock.json: frontend/package-lock.json frontend/package.json
	@command -v node >/dev/null && command -v $(NPM) >/dev/null || \
	  { echo "deps: Node.js and npm are needed (Node 20.19+ or 22.12+ for Vite 7)"; exit 1; }
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)' || \
	  { echo "deps: Node $$(node --version) is too old for Vite 7: install Node 20.19+ or 22.12+"; exit 1; }
	@echo "deps: npm ci in frontend/"
	@# --ignore-scripts: no dependency runs code at install; esbuild's binary comes as a package.
	cd frontend && $(NPM) ci --ignore-scripts --no-audit --no-fund
	@touch $@

frontend: npm-deps ## build the UI into frontend/dist (embedded by the Go build)
	cd frontend && $(NPM) run build

build: deps frontend ## build build/bin/kitaportal (DEVTOOLS=1: allow the web inspector)
	$(GO) tool wails build $(WAILS_BUILD_FLAGS)
	@ls -l $(BIN)

run: build ## open the kiosk window on the embedded demo data (KIOSK_FLAGS=, DATA=DIR)
	@if [[ -z $${DISPLAY:-}$${WAYLAND_DISPLAY:-} ]]; then \
	  echo "run: no display here (DISPLAY and WAYLAND_DISPLAY are unset), so no kiosk window."; \
	  echo "run: serve the same UI over HTTP instead and open it in a browser:"; \
	  echo "       make serve            (or: $(BIN) serve --addr $(ADDR))"; \
	  echo "       then http://$(ADDR)/"; \
	  exit 1; \
	fi; \
	data='$(DATA)'; \
	if [[ -z $$data ]]; then data=$$(mktemp -d); trap 'rm -rf "$$data"' EXIT; fi; \
	echo "run: $(BIN) kiosk --data $$data $(KIOSK_FLAGS)"; \
	$(BIN) kiosk --data "$$data" $(KIOSK_FLAGS)

lint: go-deps npm-deps ## gofmt, go vet, staticcheck (staticcheck.conf), ESLint and Prettier (frontend/)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [[ -n $$unformatted ]]; then echo "lint: not gofmt-formatted (run gofmt -w): $$unformatted"; exit 1; fi
	$(GO) vet $(GO_PACKAGES)
	$(GO) tool staticcheck -tags $(WAILS_TAGS) $(GO_PACKAGES)
	cd frontend && $(NPM) run lint

test: build lint ## deps, build, linters, go test -race, UI unit and browser tests, kiosk smoke test under Xvfb
	$(GO) test -race $(GO_PACKAGES)
	cd frontend && $(NPM) test
	cd frontend && $(NPM) run e2e
	build/scripts/kiosk-smoke.sh $(BIN)

e2e: build ## browser tests of the UI against the real binary (Chromium; screenshots in build/test-artifacts/e2e/)
	cd frontend && $(NPM) run e2e

smoke: build ## only the kiosk smoke test (screenshots in build/test-artifacts/)
	build/scripts/kiosk-smoke.sh $(BIN)

# make load: 200 phone sessions against serve on the Berlin data (LOAD_FLAGS=-think 0 for saturation).
LOAD_FLAGS ?= -sessions 200 -duration 30s -think 1s
load: build ## load test: 200 concurrent phone sessions against serve on the Berlin data
	@data=$$(mktemp -d); port=18$$((RANDOM % 900 + 100)); \
	trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null; rm -rf "$$data"' EXIT; \
	$(BIN) import --data "$$data" --mapping build/mappings/berlin-kitas.json ../shared/data/berlin-kitas.csv >/dev/null 2>&1; \
	$(BIN) serve --data "$$data" --addr 127.0.0.1:$$port >"$$data/serve.log" 2>&1 & pid=$$!; \
	for i in $$(seq 50); do curl -fs http://127.0.0.1:$$port/api/session >/dev/null && break; sleep 0.2; done; \
	$(GO) run ./build/loadgen -url http://127.0.0.1:$$port $(LOAD_FLAGS)

bench: go-deps ## Go benchmarks
	$(GO) test -run '^$$' -bench . -benchmem $(GO_PACKAGES)

serve: build ## serve UI and API over HTTP on ADDR (default 127.0.0.1:8080; DATA=DIR)
	$(BIN) serve --demo --addr $(ADDR) $(if $(DATA),--data $(DATA))

clean: ## remove build output (keeps frontend/node_modules and the Go cache)
	rm -rf build/bin build/test-artifacts
	find frontend/dist -mindepth 1 ! -name .gitkeep -delete
