# wecom-mock — the two commands that matter are `make run` and `make test`.

GO        ?= go
BIN       := bin/wecom-mock
# The version stamped into the binary and the image: git's description of a
# tag, else the next release's (cmd/wecom-mock/version.go, CHANGELOG.md)
# with the commit, e.g. v0.1.0-dev+c484815.
VERSION   ?= $(shell git describe --tags --dirty 2>/dev/null || \
	echo "$$(sed -n 's/^const defaultVersion = "\(.*\)"$$/\1/p' cmd/wecom-mock/version.go)+$$(git rev-parse --short HEAD 2>/dev/null || echo unknown)")
LDFLAGS   := -s -w -X main.version=$(VERSION)

.PHONY: help run build test bench load lint fmt clean docker bdd docs catalog screenshots fuzz-short soak

## run: start the mock with the embedded default world on 127.0.0.1:8080 (ARGS="--tls" adds serve flags)
# Built, then exec'ed: Ctrl-C reaches the server itself, which stops cleanly
# and exits 0, so make ends quietly (`go run` would exit 1 on the signal).
run:
	$(GO) build -ldflags '-X main.version=$(VERSION)' -o $(BIN) ./cmd/wecom-mock
	exec $(BIN) serve $(ARGS)

## build: a static binary in bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/wecom-mock

# MODULES are the repository's Go modules: the mock and client (the root),
# and the ones kept apart so that their dependencies stay out of the mock's
# users' module graphs: the BDD package (godog), the testcontainers module
# and the browser tests (chromedp).
MODULES := . features docker/wecommock mockserver/internal/browsertest

## test: vet and every test, with the race detector, in every module
test:
	@set -e; for m in $(MODULES); do \
		echo "== $$m"; \
		(cd $$m && $(GO) vet ./... && $(GO) test -race -count=1 ./...); \
	done

## fuzz-short: each fuzz target of the server's inputs for FUZZTIME=5000x executions (a count, not a duration: a duration can end mid-input and fail with "context deadline exceeded"; CI runs it after make test)
FUZZTIME ?= 5000x
fuzz-short:
	$(GO) test -run '^$$' -fuzz '^FuzzControlBodies$$' -fuzztime $(FUZZTIME) ./mockserver/
	$(GO) test -run '^$$' -fuzz '^FuzzLoginPageQueries$$' -fuzztime $(FUZZTIME) ./mockserver/
	$(GO) test -run '^$$' -fuzz '^FuzzAPIQuery$$' -fuzztime $(FUZZTIME) ./mockserver/
	$(GO) test -run '^$$' -fuzz '^FuzzPOSTBodies$$' -fuzztime $(FUZZTIME) ./mockserver/internal/api/shaped/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./fixtures/

## catalog: check catalog/data/*.yaml and regenerate catalog/catalog_gen.go, the catalog compiled into the binary (a test checks it is current)
catalog:
	$(GO) generate ./catalog

## docs: regenerate docs/api-coverage.md from the endpoint catalog (a test checks it is current)
docs: catalog
	$(GO) run ./cmd/wecom-mock endpoints --format markdown > docs/api-coverage.md

## screenshots: retake the dashboard's screenshots docs/img/dashboard-*.png (needs Chromium)
screenshots:
	mkdir -p docs/img
	WECOM_MOCK_REQUIRE_BROWSER=1 WECOM_MOCK_SCREENSHOTS=$(CURDIR)/docs/img \
		$(GO) -C mockserver/internal/browsertest test -count=1 -run '^TestDashboard(World|RequestsLive|Inbox|Callbacks|Logins|Clock|ThemeAndKeyboard)$$' .

## bdd: the BDD scenarios of features/ with pretty output (also part of make test);
##      WECOM_MOCK_URL=http://127.0.0.1:8080 make bdd runs them against an external mock
bdd:
	cd features && $(GO) test -count=1 -run '^TestFeatures$$' -godog.format=pretty -godog.concurrency=1

## docker: the FROM-scratch image $(IMAGE): a static linux binary, nothing pulled
IMAGE      ?= wecom-mock:dev
DOCKER_CTX := bin/docker-context
docker:
	@docker version --format '{{.Server.Version}}' >/dev/null || { echo "make docker: no Docker engine reachable" >&2; exit 1; }
	rm -rf $(DOCKER_CTX) && mkdir -p $(DOCKER_CTX)/fixtures $(DOCKER_CTX)/tls $(DOCKER_CTX)/state
	CGO_ENABLED=0 GOOS=linux GOARCH=$$(docker version --format '{{.Server.Arch}}') \
		$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(DOCKER_CTX)/wecom-mock ./cmd/wecom-mock
	cp docker/Dockerfile $(DOCKER_CTX)/Dockerfile
	docker build --build-arg VERSION=$(VERSION) -t $(IMAGE) $(DOCKER_CTX)
	@docker image inspect $(IMAGE) --format '$(IMAGE): {{.Size}} bytes, healthcheck {{.Config.Healthcheck.Test}}'

## bench: Go benchmarks of the hot paths (every module), then a loopback load run
bench: build
	@set -e; for m in $(MODULES); do (cd $$m && $(GO) test -run '^$$' -bench . -benchmem -count 1 ./...); done
	$(GO) run ./internal/loadrun --bin $(BIN)

## load: only the loopback load run
load: build
	$(GO) run ./internal/loadrun --bin $(BIN)

## soak: 10 minutes of mixed traffic against the binary (SOAK_DURATION=2m to shorten),
##      failing if its memory keeps growing; not part of make test
soak: build
	$(GO) run ./internal/loadrun --bin $(BIN) --soak -c 8

## lint: formatting and vet (every module)
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	@set -e; for m in $(MODULES); do (cd $$m && $(GO) vet ./...); done

## fmt: gofmt every Go file in place
fmt:
	gofmt -w .

## clean: remove bin/
clean:
	rm -rf bin

## help: this list of targets
help:
	@sed -n -e 's/\$$(IMAGE)/$(IMAGE)/' -e 's/^## \([a-z][a-z-]*\): /\1\t/p' -e 's/^##  */\t/p' $(MAKEFILE_LIST) | \
		awk -F'\t' '{ printf "  %-13s %s\n", ($$1 == "" ? "" : "make " $$1), $$2 }'
