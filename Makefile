# papercheck: `make demo` and `make test` do all the set-up on a fresh machine.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
PAPERCHECK := $(VENV)/bin/papercheck
PYTHON ?= python3

.PHONY: demo test setup sysdeps eval eval-real lint bench samples clean mutate

setup: $(VENV)/.installed sysdeps

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $@

sysdeps:
	@bash scripts/install-system-deps.sh

demo: setup
	$(PAPERCHECK) check samples/ --out out/ --roster samples/学校名单.csv --letters --state out/reviews.db
	@echo "Reports in out/: report.xlsx (spreadsheet; 学校进度 per school), report/index.html (open in a browser;"
	@echo "report/schools.html per school), report.csv, report.json; letters to schools in out/反馈意见书/."
	@echo "Type a 复核结论 into out/report.xlsx, save it and run make demo again: the decision is imported and shown."
	$(PAPERCHECK) check rules/dangji-2024/samples/ --pack dangji-2024 --out out/dangji-2024/
	@echo "The second pack (党纪学习教育 2024) on its own samples: reports in out/dangji-2024/"

test: setup
	$(PY) -m pytest -q

DEV ?= ../shared/data/problems-dev.tsv

eval: setup
	@test -f "$(DEV)" || { echo "make eval: no labelled dev set at $(DEV) (it is not in this repository); run make eval DEV=path/to/problems-dev.tsv"; exit 2; }
	$(PAPERCHECK) evaluate --data "$(DEV)"

# Real-world dev corpus (data/realworld): build what is missing, run papercheck, compare with
# the labels and print the figures per document type. EVAL_ARGS=--errors lists every disagreement.
eval-real: setup
	$(PY) data/realworld/eval.py $(EVAL_ARGS)

lint: setup
	$(VENV)/bin/ruff check pipeline cli.py papercheck setup.py tests bench data/realworld scripts/mutate.py
	$(VENV)/bin/mypy pipeline papercheck

# Mutation testing of the judgement core (issue 15), not part of make test: mutmut changes one thing at a time in
# the rule types, verdict, dates, stages, ledgers, review flags, scan change detection, escaping and archive caps,
# runs only the tests that reach it, then prints the score per module and the survivors. MUTATE_ARGS=--report
# reprints the last run; MUTATE_ARGS='NAME ...' reruns some mutants. nice: it keeps both cores busy for a while.
mutate: setup $(VENV)/.mutate-installed
	nice -n 10 $(PY) scripts/mutate.py $(MUTATE_ARGS)

$(VENV)/.mutate-installed: pyproject.toml
	$(PIP) install -q -e '.[dev,mutate]'
	touch $@

samples: setup
	$(PY) samples/make_samples.py
	$(PY) rules/dangji-2024/samples/make_samples.py

clean:
	rm -rf $(VENV) out .pytest_cache mutants
