# wecom-mock — the two commands that matter are `make run` and `make test`.

GO        ?= go
BIN       := bin/wecom-mock
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)

.PHONY: run build test bench load lint fmt clean

## run: start the mock with the embedded default world on 127.0.0.1:8080
run:
	$(GO) run ./cmd/wecom-mock serve

## build: a static binary in bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/wecom-mock

## test: every test, with the race detector
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

## bench: Go benchmarks of the hot paths, then a loopback load run
bench: build
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./...
	$(GO) run ./internal/loadrun --bin $(BIN)

## load: only the loopback load run
load: build
	$(GO) run ./internal/loadrun --bin $(BIN)

## lint: formatting and vet
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet ./...

fmt:
	gofmt -w .

clean:
	rm -rf bin
