# eql2falco: Elastic EQL rules to Falco rules, with parity proof on syscall captures.
# `make demo` runs the main job end to end; `make test` runs the tests.

GO        ?= go
BUILD     := build
CLI       := $(BUILD)/eql2falco
PLUGIN    := $(BUILD)/libecs.so
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
# How long each fuzz target runs under `make fuzz` (go test -fuzztime syntax).
FUZZTIME  ?= 10s
# Benchmark selection and repetitions for `make bench`.
BENCH     ?= .
BENCHTIME ?= 1s

.PHONY: all build plugin plugin-readme translate-readme rules test bench bench-falco fuzz lint demo e2e-falco dist falcoctl e2e-artifacts clean

all: build plugin

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(CLI) ./cmd/eql2falco

# The Falco plugin, built as falcosecurity/plugins builds its Go plugins
# (GODEBUG=cgocheck=0 unless DEBUG=1). The variable only reaches the go command:
# cgocheck cannot be set in a binary with //go:debug, so inside Falco the Go
# runtime keeps its default (cgocheck=1), which the plugin satisfies (it hands
# no Go pointers to C).
ifeq ($(DEBUG), 1)
PLUGIN_GODEBUG := GODEBUG=cgocheck=1
else
PLUGIN_GODEBUG := GODEBUG=cgocheck=0
endif

plugin:
	$(PLUGIN_GODEBUG) $(GO) build -buildmode=c-shared -o $(PLUGIN) ./plugin

# Installation, laid out as Falco's own packages lay it out (falcosecurity/falco
# CMakeLists.txt: plugins in ${CMAKE_INSTALL_PREFIX}/share/falco/plugins,
# rules.d in FALCO_ETC_DIR = ${CMAKE_INSTALL_FULL_SYSCONFDIR}/falco, which is
# /etc/falco for the packages' /usr prefix). DESTDIR stages the tree, as for
# a package build; RULES is the generated rules file to install (one version
# of the seed rule: the two shipped versions share a rule name).
PREFIX     ?= /usr
SYSCONFDIR ?= /etc
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
PLUGINDIR  ?= $(PREFIX)/share/falco/plugins
RULESDIR   ?= $(SYSCONFDIR)/falco/rules.d
RULES      ?= rules/falco/discovery_tool_enumeration.yaml

.PHONY: install
install: build plugin
	install -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(PLUGINDIR)' '$(DESTDIR)$(RULESDIR)'
	install -m 0755 '$(CLI)' '$(DESTDIR)$(BINDIR)/eql2falco'
	install -m 0644 '$(PLUGIN)' '$(DESTDIR)$(PLUGINDIR)/libecs.so'
	install -m 0644 $(foreach r,$(RULES),'$(r)') '$(DESTDIR)$(RULESDIR)/'

# Regenerates the fields table of plugin/README.md from the field table.
plugin-readme:
	$(GO) test ./plugin/ecs -run '^TestREADMEFields$$' -update

# Regenerates the tables of README.md's "Translating rules" section.
translate-readme:
	$(GO) test ./translate -run '^TestREADME$$' -update

# Regenerates rules/falco from rules/elastic (a test fails when they differ).
rules:
	$(GO) test ./rules -run '^TestGenerated$$' -update

test:
	$(GO) vet ./...
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -benchmem ./...

# Runs every fuzz target for FUZZTIME. Longer runs: make fuzz FUZZTIME=5m
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) scripts/fuzz

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@if command -v golangci-lint >/dev/null 2>&1; then golangci-lint run ./...; \
	 else echo "golangci-lint not on PATH: skipped (go vet and gofmt ran)"; fi

# The parity corpus: the seed rule's scenarios, and the public captures when
# the shared directory is beside the checkout.
SCENARIOS ?= e2e/testdata/scenarios
PUBLIC    ?= $(wildcard ../shared/captures/public)
PARITY     = $(CLI) parity --rules rules/elastic --capture $(SCENARIOS) $(if $(PUBLIC),--capture $(PUBLIC)) \
             --exceptions e2e/exceptions.yaml
# The process-context corpus: rules over the parent, working directory and
# group leader fields, and the process trees they need.
CONTEXT    = $(CLI) parity --rules e2e/testdata/context/rules --capture e2e/testdata/context/scenarios
# The list-pattern corpus: wildcard patterns, regexes and string functions
# on list fields, and the arguments that test them.
PATTERNS   = $(CLI) parity --rules e2e/testdata/patterns/rules --capture e2e/testdata/patterns/scenarios
# The file-event corpus: creations, deletions and renames, relative paths,
# directory fds, and the file operations that are no document.
FILES      = $(CLI) parity --rules e2e/testdata/files/rules --capture e2e/testdata/files/scenarios
# The shared corpus of Elastic rules (Elastic License 2.0, test input only),
# when the shared directory is beside the checkout: every rule it translates,
# over the scenarios written for them.
ELASTIC   ?= $(wildcard ../shared/elastic-rules)
ELASTICP   = $(CLI) parity --rules $(ELASTIC) --capture e2e/testdata/elastic
# A real Falco for e2e-falco (0.41 or later, not the static musl build);
# FALCO_GRPC=unix:///path reads its alerts over gRPC (Falco 0.41 to 0.43).
FALCO     ?= $(shell command -v falco 2>/dev/null)
FALCO_GRPC ?=

# The main job: build the plugin, translate rules/, synthesize the scenario
# captures and replay them with the public captures, print the parity table.
demo: build plugin rules
	@if [ -z "$(PUBLIC)" ]; then echo "demo: public captures not found (../shared/captures/public): scenarios only"; fi
	$(PARITY) --no-falco
	$(CONTEXT) --no-falco
	$(PATTERNS) --no-falco
	$(FILES) --no-falco
	@if [ -z "$(ELASTIC)" ]; then echo "demo: shared rule corpus not found (../shared/elastic-rules): its scenarios skipped"; fi
	$(if $(ELASTIC),$(ELASTICP) --no-falco)

# The same corpus through a real Falco, when there is one.
e2e-falco: build plugin
	@if [ -z "$(FALCO)" ]; then \
	  echo "e2e-falco: SKIPPED: no falco binary on PATH (set FALCO=/path/to/falco; Falco 0.41 or later)"; \
	else \
	  $(PARITY) --falco $(FALCO) --plugin $(PLUGIN) $(if $(FALCO_GRPC),--falco-grpc $(FALCO_GRPC)) && \
	  $(CONTEXT) --falco $(FALCO) --plugin $(PLUGIN) $(if $(FALCO_GRPC),--falco-grpc $(FALCO_GRPC)) && \
	  $(PATTERNS) --falco $(FALCO) --plugin $(PLUGIN) $(if $(FALCO_GRPC),--falco-grpc $(FALCO_GRPC)) && \
	  $(FILES) --falco $(FALCO) --plugin $(PLUGIN) $(if $(FALCO_GRPC),--falco-grpc $(FALCO_GRPC)) \
	  $(if $(ELASTIC),&& $(ELASTICP) --falco $(FALCO) --plugin $(PLUGIN) $(if $(FALCO_GRPC),--falco-grpc $(FALCO_GRPC))); \
	fi

# The release, as falcosecurity/plugins ships plugins (see package dist):
# ecs-<version>-linux-<arch>.tar.gz (libecs.so) per architecture and
# ecs-rules-<version>.tar.gz (ecs_rules.yaml), reproducible, in DIST. The
# version is the plugin's: plugin/ecs.PluginVersion is the one place it is
# written (the .so, the rules' required_plugin_versions, the artifacts and
# deploy/ take it from there; tests check deploy/ agrees).
PLUGIN_VERSION = $(shell $(GO) run ./cmd/dist version)
DIST      ?= $(BUILD)/dist
# The rules artifact ships the current translation of the seed rule only:
# rules/falco/ also holds the pre-d910d41 one, which defines a rule of the
# same name, so Falco must not load both.
DIST_RULES ?= rules/falco/discovery_tool_enumeration.yaml
# Entries and manifests carry this time: the last commit's, so the same
# commit gives the same bytes and digests.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
HOST_ARCH := $(shell uname -m)
# Architectures built (uname -m names): the host's, and the other one of
# x86_64/aarch64 when its cross compiler (Debian's gcc-aarch64-linux-gnu or
# gcc-x86-64-linux-gnu) is installed.
DIST_OTHER = $(if $(filter x86_64,$(HOST_ARCH)),aarch64,x86_64)
DIST_ARCHS ?= $(HOST_ARCH) $(if $(shell command -v $(DIST_OTHER)-linux-gnu-gcc 2>/dev/null),$(DIST_OTHER))

dist:
	@rm -rf $(BUILD)/lib && rm -f $(DIST)/*.tar.gz && mkdir -p $(DIST)
	@set -e; for a in $(DIST_ARCHS); do \
	  case $$a in x86_64) goarch=amd64;; aarch64) goarch=arm64;; *) echo "DIST_ARCHS: unknown architecture $$a (x86_64, aarch64)"; exit 2;; esac; \
	  if [ "$$a" = "$(HOST_ARCH)" ]; then cc=gcc; else cc=$$a-linux-gnu-gcc; fi; \
	  echo "building $(BUILD)/lib/$$a/libecs.so (GOARCH=$$goarch CC=$$cc)"; \
	  CGO_ENABLED=1 GOOS=linux GOARCH=$$goarch CC=$$cc $(PLUGIN_GODEBUG) \
	    $(GO) build -trimpath -buildvcs=false -buildmode=c-shared -o $(BUILD)/lib/$$a/libecs.so ./plugin; \
	done
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(GO) run ./cmd/dist package -o $(DIST) --rules $(DIST_RULES) \
	  $(foreach a,$(DIST_ARCHS),--plugin $(a)=$(BUILD)/lib/$(a)/libecs.so)
	@echo "dist: release $(PLUGIN_VERSION) ($(DIST_ARCHS)) in $(DIST)"

# falcoctl for e2e-artifacts, installed from the Go module proxy at a pinned
# version (FALCOCTL=/path uses another one).
FALCOCTL_VERSION ?= v0.12.2
FALCOCTL  ?= $(BUILD)/tools/falcoctl-$(FALCOCTL_VERSION)

$(BUILD)/tools/falcoctl-%:
	GO=$(GO) scripts/install-falcoctl $* $@

falcoctl: $(FALCOCTL)

# The release end to end: a registry on 127.0.0.1 (in process), both
# artifacts pushed, installed by the real falcoctl and compared byte for
# byte, the Helm values rendered with the falcosecurity/falco chart
# (HELM=/path/to/helm and FALCO_CHART=chart directory; skipped without),
# then loaded by a real Falco (FALCO=/path, or falco on PATH; skipped when
# there is none) that must alert on a scenario capture.
HELM        ?= $(shell command -v helm 2>/dev/null)
FALCO_CHART ?=

e2e-artifacts: dist $(FALCOCTL)
	DIST=$(abspath $(DIST)) FALCOCTL=$(abspath $(FALCOCTL)) FALCO=$(FALCO) HELM=$(HELM) FALCO_CHART=$(FALCO_CHART) \
	  $(GO) test -tags e2eartifacts -count=1 -v -run '^TestArtifacts$$' ./deploy

# What libecs.so and the generated seed rule cost inside a real Falco: a
# synthesized 67,000-event capture (5% execs; none alerting, then 1,200)
# replayed with the generated rule and the plugin, with the same logic in
# native fields, and with no rule; medians and ratios of the CPU time and
# peak RSS (internal/benchfalco). BENCHFALCO_FLAGS=-valgrind counts the
# instructions under callgrind instead; also -runs N, -processes N,
# -alerting N. Not part of `make test`.
BENCHFALCO_FLAGS ?=
bench-falco: plugin
	@if [ -z "$(FALCO)" ] || ! command -v '$(FALCO)' >/dev/null 2>&1; then \
	  echo "bench-falco: SKIPPED: no falco binary found (set FALCO=/path/to/falco; Falco 0.41 or later)"; \
	else \
	  $(GO) run ./internal/benchfalco -falco '$(FALCO)' -plugin $(PLUGIN) -rules $(RULES) $(BENCHFALCO_FLAGS); \
	fi

clean:
	rm -rf $(BUILD)
