"""The hand-written training sentences stay usable: enough per class, one clean sentence a line, no repeats,
and no sentence under two labels — within a pack and across the detector's data (every pack and data/train)."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SANZHAO = ROOT / "rules" / "sanzhao-2013" / "train"
PROBLEM_FILES = ["work_style", "discipline", "implementation"]


def _lines(path: Path) -> list[str]:
    return [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]


@pytest.mark.parametrize("name", PROBLEM_FILES)
def test_problem_file_has_enough_clean_sentences(name: str) -> None:
    lines = _lines(SANZHAO / f"{name}.txt")
    assert len(lines) >= 450
    for line in lines:
        assert line == line.strip() and "\t" not in line, line
        assert 8 <= len(line) <= 80, line


def _all_files() -> list[Path]:
    return sorted([*ROOT.glob("rules/*/train/*.txt"), *(ROOT / "data" / "train").glob("*.txt")])


@pytest.mark.parametrize("path", _all_files(), ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_no_repeated_sentence_and_no_blank_line(path: Path) -> None:
    lines = _lines(path)
    assert len(set(lines)) == len(lines)
    assert all(line.strip() for line in lines)


def test_no_sentence_carries_two_labels() -> None:
    """Within a pack a sentence has one category; for the detector, one of problem / none."""
    seen: dict[str, str] = {}
    for path in _all_files():
        pack = path.parent.parent.name
        for line in _lines(path):
            kind = "none" if path.stem == "none" else "problem"
            other = seen.setdefault(line, f"{kind}:{pack}/{path.stem}")
            assert other.split(":")[0] == kind, f"{line!r} in {other} and {pack}/{path.stem}"
            if kind == "problem" and other.split(":")[1].split("/")[0] == pack:
                assert other == f"{kind}:{pack}/{path.stem}", f"{line!r} in {other} and {pack}/{path.stem}"
