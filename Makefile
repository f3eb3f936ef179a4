# PartnerHub — the commands a developer and CI use. See README.md.
GO       ?= go
BIN      := bin/partnerhub
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
# NAME says what a new migration changes (make generate NAME=add_ticket_priority); both
# dialects' files of it get one version number, the time make starts (migrations/README.md).
NAME     ?=
MIGRATION_VERSION := $(shell date -u +%Y%m%d%H%M%S)
# Where swag reads annotations: the handlers, plus the service and field-type packages
# whose structs appear in request and response bodies.
SWAG_DIRS := handlers,services,ent/schema/fieldtype
# staticcheck runs its default checks, tests included. To switch a check
# off for the whole codebase, name it here (e.g. -checks inherit,-ST1005): the repository
# keeps no staticcheck.conf.
STATICCHECK_FLAGS :=

.PHONY: run build ui test test-go test-go-sqlite test-go-postgres test-frontend test-e2e \
        bench generate generate-check lint clean

## run: build everything and start the hub on the embedded SQLite default with demo data.
run: build
	./$(BIN) serve --demo

## build: the web app, then the binary with the web app embedded.
build: ui
	$(GO) build -tags embedui -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/partnerhub

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

ui: frontend/node_modules/.installed
	cd frontend && npm run build

## test: every test — lint, generated-code check, Go on SQLite and on a throwaway
## PostgreSQL, frontend unit tests, browser end-to-end tests.
test: lint generate-check test-go-sqlite test-go-postgres test-frontend test-e2e

test-go: test-go-sqlite test-go-postgres

test-go-sqlite:
	$(GO) test -count=1 ./...

test-go-postgres:
	.ci/with-postgres.sh $(GO) test -count=1 -p 2 ./...

test-frontend: frontend/node_modules/.installed
	cd frontend && npm test && npm run test:shifted

test-e2e: build
	cd frontend && PARTNERHUB_BIN=../$(BIN) npm run e2e

## bench: Go micro-benchmarks; HTTP load against a local server (/me, /health_status, a
## bare Gin handler, POST /messages); webhook delivery rate and latency, sustained messaging
## with every status webhook, key revocation propagation and
## list pages at 100k clients / 1M channels on SQLite and PostgreSQL (docs/BENCHMARKS.md).
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./services/... ./handlers/...
	$(GO) run ./cmd/loadgen -bin $(BIN)
	.ci/with-postgres.sh $(GO) run ./cmd/webhookbench -bin $(BIN)
	.ci/with-postgres.sh $(GO) run ./cmd/messagebench -bin $(BIN)
	.ci/with-postgres.sh $(GO) run ./cmd/keybench -bin $(BIN)
	.ci/with-postgres.sh $(GO) run ./cmd/listbench -db both
	.ci/with-postgres.sh $(GO) run ./cmd/slabench -db both

## generate: ent code, migrations (NAME=… when the schema changed), OpenAPI (security from
## the route table), docs/PERMISSIONS.md, docs/ERRORS.md (the error-code catalogue),
## TypeScript API types.
generate: frontend/node_modules/.installed
	$(GO) generate ./ent
	$(GO) run ./migrations/gen -dialect sqlite -name '$(NAME)' -version $(MIGRATION_VERSION)
	.ci/with-postgres.sh $(GO) run ./migrations/gen -dialect postgres -name '$(NAME)' -version $(MIGRATION_VERSION)
	$(GO) tool swag init -q -g server.go -d $(SWAG_DIRS) -o openapi --outputTypes json
	$(GO) run ./openapi/annotate
	$(GO) test ./handlers -count=1 -run '^TestErrorCatalogueIsCurrent$$' -update
	cd frontend && npm run --silent gen:api

## generate-check: fail if regenerating changes any generated file (CI runs it).
generate-check: frontend/node_modules/.installed
	.ci/check-generated.sh $(MAKE) --no-print-directory generate

## lint: gofmt, go vet, staticcheck (its version pinned by the tool directive in go.mod),
## and the modernc sqlite/libc version pairing. The import layering — services never reach
## handlers or Gin, handlers never query ent, the pure engines (sla, apikeys/keyformat, templates/rules,
## listquery) do no I/O — is a normal Go test, services/internal/layering, run with the
## other Go tests.
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^frontend/node_modules/')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck $(STATICCHECK_FLAGS) ./...
	@want=$$($(GO) mod graph | awk '$$1 ~ /^modernc.org\/sqlite@/ && $$2 ~ /^modernc.org\/libc@/ {sub(/.*@/,"",$$2); print $$2; exit}'); \
	  have=$$($(GO) list -m -f '{{.Version}}' modernc.org/libc); \
	  if [ "$$want" != "$$have" ]; then echo "modernc.org/libc is $$have but modernc.org/sqlite needs $$want"; exit 1; fi

clean:
	rm -rf bin frontend/dist
