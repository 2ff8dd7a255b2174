# Everything runs from a private virtual environment in .venv, built from
# the pinned requirements.txt (the same file Binder installs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup lab lab-student test lint notebooks nav student grade bench present clean

$(STAMP): requirements.txt pyproject.toml binder/overrides.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp binder/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

setup: $(STAMP)

LAB := $(BIN)/jupyter lab --ip=127.0.0.1 --LabApp.extension_manager=readonly \
	$(if $(filter 0,$(shell id -u)),--allow-root)

lab: setup
	$(LAB) notebooks/en/00_contents.ipynb

lab-student: setup
	$(LAB) student/en/00_contents.ipynb

lint: setup
	$(BIN)/ruff check lessons_lib tests tools $(wildcard benchmarks)
	$(BIN)/nbqa ruff notebooks student

test: lint
	$(BIN)/pytest

notebooks: setup
	$(BIN)/python tools/run_notebooks.py notebooks/en
	$(BIN)/python tools/nav.py
	$(BIN)/python tools/student_edition.py

nav: setup
	$(BIN)/python tools/nav.py

student: setup
	$(BIN)/python tools/student_edition.py

grade: setup
	@test -n "$(DIR)" || { echo "usage: make grade DIR=folder [OUT=grades.csv] [TIMEOUT=300] [JOBS=1]"; exit 2; }
	$(BIN)/python tools/grade.py $(DIR) --out $(or $(OUT),grades.csv) --timeout $(or $(TIMEOUT),300) --jobs $(or $(JOBS),1)

bench: setup
	$(BIN)/python benchmarks/run.py

present: setup
	$(BIN)/voila --Voila.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True) \
		notebooks/en

clean:
	rm -rf $(VENV) screenshots
