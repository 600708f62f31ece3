"""The hand-written training sentences stay usable: enough per class, one clean sentence a line, no repeats."""
from pathlib import Path

import pytest

TRAIN = Path(__file__).resolve().parent.parent / "data" / "train"
PROBLEM_FILES = ["work_style", "discipline", "implementation"]


def _lines(name: str) -> list[str]:
    return (TRAIN / f"{name}.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", PROBLEM_FILES)
def test_problem_file_has_enough_clean_sentences(name: str) -> None:
    lines = _lines(name)
    assert len(lines) >= 450
    for line in lines:
        assert line == line.strip() and "\t" not in line, line
        assert 8 <= len(line) <= 80, line


@pytest.mark.parametrize("name", PROBLEM_FILES)
def test_problem_file_has_no_repeated_sentence(name: str) -> None:
    lines = _lines(name)
    assert len(set(lines)) == len(lines)


def test_no_sentence_carries_two_labels() -> None:
    seen: dict[str, str] = {}
    for path in sorted(TRAIN.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            other = seen.setdefault(line, path.stem)
            assert other == path.stem, f"{line!r} in {other} and {path.stem}"
