# Two commands on a fresh machine with Python 3 and make:
#   make demo   runs the system on embedded defaults (a window; DEMO_ARGS=--headless for none)
#   make test   runs the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint setup bench clean

$(BIN)/acier: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: $(BIN)/acier

demo: setup
	$(BIN)/acier demo $(DEMO_ARGS)

test: setup
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/pytest

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: setup
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python bench/timeline.py
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python bench/content.py
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python bench/fleet.py
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python bench/exhibits.py

clean:
	rm -rf $(VENV) var build *.egg-info
