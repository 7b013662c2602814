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

.PHONY: all build plugin plugin-readme translate-readme rules test bench bench-falco fuzz lint demo e2e-falco clean

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

# The same corpus through a real Falco, when there is one.
e2e-falco: build plugin
	@if [ -z "$(FALCO)" ]; then \
	  echo "e2e-falco: SKIPPED: no falco binary on PATH (set FALCO=/path/to/falco; Falco 0.41 or later)"; \
	else \
	  $(PARITY) --falco $(FALCO) --plugin $(PLUGIN) $(if $(FALCO_GRPC),--falco-grpc $(FALCO_GRPC)) && \
	  $(CONTEXT) --falco $(FALCO) --plugin $(PLUGIN) $(if $(FALCO_GRPC),--falco-grpc $(FALCO_GRPC)); \
	fi

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
