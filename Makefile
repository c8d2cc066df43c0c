# story-compare — two commands: `make demo` and `make test`. Both set everything up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Debian packages: Pango and HarfBuzz subsetting for WeasyPrint (without it fonts carry a
# timestamp and PDFs differ run to run), a font family to embed, poppler for PDF checks in tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils
# The test suite also drives the HTML report in a real browser: Debian's Chromium, used by
# Playwright through executable_path (Playwright never downloads a browser of its own).
TEST_PACKAGES := $(SYSTEM_PACKAGES) chromium

.PHONY: demo test golden eval bench lint setup test-setup system-packages clean

demo: setup
	$(BIN)/story-compare demo --out out

test: test-setup
	$(BIN)/python -m pytest

# Rewrites tests/golden/ from today's output; commit the diff with the change that caused it.
golden: test-setup
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

eval: setup
	$(BIN)/python benchmarks/evaluate.py $(ARGS)

bench: setup
	$(BIN)/python benchmarks/run.py

lint: setup
	$(BIN)/ruff check compare tests benchmarks
	$(BIN)/ruff format --check compare tests benchmarks
	$(BIN)/mypy

setup: system-packages $(STAMP)

test-setup:
	@$(MAKE) --no-print-directory setup SYSTEM_PACKAGES="$(TEST_PACKAGES)"

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing system packages; run: sudo apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $@

clean:
	rm -rf $(VENV) out/* build dist *.egg-info
