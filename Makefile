# oxkit developer targets. See README.md.
GO       ?= go
FUZZTIME ?= 20s
PKGS     ?= ./...

.PHONY: test interop fuzz bench vet

test:
	$(GO) test -race $(PKGS)

vet:
	gofmt -l . | (! grep .)
	$(GO) vet $(PKGS)

# interop runs the suites against real third-party implementations. It
# installs what they need (Debian packages, npm modules) and, under
# OXKIT_INTEROP=1, fails when a tool is missing instead of skipping.
interop:
	bash interop/run.sh

# fuzz runs every FuzzXxx of every package for FUZZTIME each, goes on
# past a failure, and fails at the end listing the targets that failed.
fuzz:
	@failed=""; for pkg in $$($(GO) list $(PKGS)); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg || failed="$$failed $$pkg.$$f"; \
	  done; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz failures:$$failed"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)
