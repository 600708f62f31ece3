"""Problem sentences and their category: a shared detector and a categoriser per pack.

Two linear models over the same kind of features (TF-IDF of character 1..3-grams and of jieba
words and word bigrams):

- the **detector** (is this sentence a shortcoming?) is general: one for every pack, stored in
  ``pipeline/understand/models/detector.npz`` and trained (``papercheck train --detector``) on
  ``data/train/none.txt`` plus every shipped pack's ``train/`` folder (its category files are
  problems, its ``none.txt`` is not);
- the **categoriser** (which of the pack's categories?) belongs to a pack: ``rules/<pack>/
  categoriser.npz``, trained (``papercheck train --pack NAME``) on ``rules/<pack>/train/<category>.txt``.
  A pack without one still works: problems keep the category the school marked, or none.

Training imports scikit-learn (:class:`TextClassifier` follows its estimator conventions); each fitted
model is exported as plain arrays (:class:`LinearModel`: vocabularies, idf, coefficients, a calibration
temperature) into an ``.npz`` with a JSON header, loaded with ``allow_pickle=False`` and run with numpy:
checking never imports scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ..judge.rulepack import Pack

NONE = "none"
PROBLEM = "problem"
FORMAT_VERSION = 2
MODELS_DIR = Path(__file__).resolve().parent / "models"
DETECTOR_PATH = MODELS_DIR / "detector.npz"
GENERAL_TRAIN_DIR = Path(__file__).resolve().parents[2] / "data" / "train"
CATEGORISER_FILE = "categoriser.npz"
TRAIN_FOLDER = "train"


# --- features (shared by training and prediction, so both see the same tokens) ----------------------

def char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams of ``text`` with whitespace collapsed (Chinese has no word boundaries)."""
    text = " ".join(text.split())
    return [text[i:i + n] for n in range(lo, hi + 1) for i in range(len(text) - n + 1)]


def word_ngrams(text: str, vocabulary: Sequence[str], hi: int) -> list[str]:
    """jieba words of ``text`` (campaign vocabulary kept whole) and word n-grams up to ``hi``."""
    from .nlp import cut

    words = cut(text, vocabulary)
    grams = list(words)
    for n in range(2, hi + 1):
        grams.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return grams


class _Analyzer:
    """A plain callable for TfidfVectorizer(analyzer=...)."""

    def __init__(self, kind: str, lo: int, hi: int, vocabulary: Sequence[str] = ()) -> None:
        self.kind, self.lo, self.hi, self.vocabulary = kind, lo, hi, tuple(vocabulary)

    def __call__(self, text: str) -> list[str]:
        if self.kind == "char":
            return char_ngrams(text, self.lo, self.hi)
        return word_ngrams(text, self.vocabulary, self.hi)


# --- the estimator (training only: imports scikit-learn) --------------------------------------------

class TextClassifier:
    """TF-IDF (character and word n-grams) and a logistic regression, as a scikit-learn style estimator.

    ``class_weight="balanced"`` weighs classes by their inverse frequency; ``down_weight`` then scales
    named classes further (the pack's `outside` category is a catch-all that should win only on clear
    evidence, not be boosted to parity). ``fit(X, y, corpus=...)`` fits the vocabulary and idf on
    ``X`` plus ``corpus`` (more sentences of the same genre, without labels).
    """

    def __init__(self, C: float = 3.0, char_max: int = 3, word_max: int = 2, min_df: int = 1,
                 class_weight: str | None = "balanced", down_weight: dict[str, float] | None = None,
                 vocabulary: Sequence[str] = (), random_state: int = 0) -> None:
        self.C = C
        self.char_max = char_max
        self.word_max = word_max
        self.min_df = min_df
        self.class_weight = class_weight
        self.down_weight = down_weight
        self.vocabulary = vocabulary
        self.random_state = random_state

    _PARAMS = ("C", "char_max", "word_max", "min_df", "class_weight", "down_weight", "vocabulary", "random_state")

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self._PARAMS}

    def set_params(self, **params: Any) -> TextClassifier:
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def _features(self) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
        from sklearn.pipeline import FeatureUnion  # type: ignore[import-untyped]

        return FeatureUnion([
            ("char", TfidfVectorizer(analyzer=_Analyzer("char", 1, self.char_max), sublinear_tf=True,
                                     min_df=self.min_df, dtype=np.float64)),
            ("word", TfidfVectorizer(analyzer=_Analyzer("word", 1, self.word_max, self.vocabulary),
                                     sublinear_tf=True, min_df=self.min_df, dtype=np.float64)),
        ])

    def _weights(self, y: np.ndarray) -> dict[str, float] | str | None:
        if self.class_weight != "balanced":
            return self.class_weight
        labels, counts = np.unique(y, return_counts=True)
        weights = {str(k): len(y) / (len(labels) * n) for k, n in zip(labels, counts)}
        for label, factor in (self.down_weight or {}).items():
            if label in weights:
                weights[label] *= factor
        return weights

    def fit(self, X: Sequence[str], y: Sequence[str], corpus: Sequence[str] = ()) -> TextClassifier:
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

        if len(X) != len(y) or not len(X):
            raise ValueError("X and y must be non-empty and of the same length")
        y_arr = np.asarray(y)
        if len(set(y_arr.tolist())) < 2:
            raise ValueError(f"need at least two labels to tell apart, got {sorted(set(y_arr.tolist()))}")
        self.features_ = self._features()
        self.features_.fit(list(X) + list(corpus))
        Z = self.features_.transform(list(X))
        self.model_ = LogisticRegression(C=self.C, max_iter=5000, class_weight=self._weights(y_arr),
                                         random_state=self.random_state).fit(Z, y_arr)
        self.classes_ = np.asarray(self.model_.classes_)
        return self

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        return self.export().predict_proba(list(X), calibrated=False)

    def predict(self, X: Sequence[str]) -> np.ndarray:
        model = self.export()
        return np.asarray([model.classes[i] for i in model.predict_proba(list(X)).argmax(axis=1)], dtype=object)

    def export(self) -> LinearModel:
        """The fitted model as plain arrays (what is stored and what predicts)."""
        char_vec, word_vec = (t for _, t in self.features_.transformer_list)
        return LinearModel(
            classes=[str(c) for c in self.model_.classes_],
            char_range=(1, self.char_max),
            word_max=self.word_max,
            segmenter_vocabulary=tuple(self.vocabulary),
            char_terms=_terms(char_vec), char_idf=char_vec.idf_.astype(np.float64),
            word_terms=_terms(word_vec), word_idf=word_vec.idf_.astype(np.float64),
            coef=_full_coef(self.model_), intercept=_full_intercept(self.model_),
        )


def _terms(vec: Any) -> list[str]:
    terms = [""] * len(vec.vocabulary_)
    for t, i in vec.vocabulary_.items():
        terms[i] = t
    return terms


def _full_coef(m: Any) -> np.ndarray:
    """Coefficients as (n_classes, n_features), also for a binary model (sklearn stores one row)."""
    if m.coef_.shape[0] == 1:
        return np.vstack([-m.coef_[0] / 2, m.coef_[0] / 2])
    return np.asarray(m.coef_)


def _full_intercept(m: Any) -> np.ndarray:
    if m.intercept_.shape[0] == 1:
        return np.array([-m.intercept_[0] / 2, m.intercept_[0] / 2])
    return np.asarray(m.intercept_)


# --- a stored model (prediction: numpy only) --------------------------------------------------------

@dataclass
class LinearModel:
    """TF-IDF + one linear layer as arrays; predicts exactly as the fitted scikit-learn pipeline does.

    ``temperature`` divides the scores before the softmax (calibration: it changes how sure the model
    says it is, never which class wins).
    """

    classes: list[str]
    char_range: tuple[int, int]
    word_max: int
    segmenter_vocabulary: tuple[str, ...]
    char_terms: list[str]
    char_idf: np.ndarray
    word_terms: list[str]
    word_idf: np.ndarray
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray
    temperature: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._char_index = {t: i for i, t in enumerate(self.char_terms)}
        self._word_index = {t: i for i, t in enumerate(self.word_terms)}
        self._n_char = len(self.char_terms)
        self._weights = np.ascontiguousarray(np.asarray(self.coef, dtype=np.float64).T)  # row gather is cheap

    @property
    def version(self) -> str:
        return str(self.meta.get("model_version", "unversioned"))

    @property
    def features(self) -> tuple[Any, ...]:
        """What the n-grams of a text depend on: two models with equal ``features`` share them.

        The vocabulary as a set: the segmenter is built from its sorted words whatever their order.
        """
        vocabulary = tuple(sorted({w.strip() for w in self.segmenter_vocabulary if w and w.strip()}))
        return (tuple(self.char_range), self.word_max, vocabulary)

    def grams(self, text: str) -> tuple[list[str], list[str]]:
        """The character and word n-grams of one text."""
        return char_ngrams(text, *self.char_range), word_ngrams(text, self.segmenter_vocabulary, self.word_max)

    def part_scores(self, ids: np.ndarray, lengths: Sequence[int], kind: str) -> np.ndarray:
        """(texts, classes): each text's l2-normalised TF-IDF of one kind of n-gram times the weights.

        ``ids`` are the term numbers (``char`` or ``word`` terms; -1: not a term) of every text's
        n-grams, one text after the other, ``lengths`` how many each text has. Every text of the
        batch at once, in a few array operations (TfidfVectorizer with sublinear_tf, then a sparse
        product), so the cost per text is the dictionary lookups.
        """
        n = len(lengths)
        size, idf, offset = ((len(self.char_terms), self.char_idf, 0) if kind == "char"
                             else (len(self.word_terms), self.word_idf, self._n_char))
        out = np.zeros((n, len(self.classes)))
        known = ids >= 0
        if not known.any():
            return out
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        pairs, tf = np.unique(rows[known] * size + ids[known], return_counts=True)  # sorted by text, then term
        row, col = pairs // size, pairs % size
        w = (1.0 + np.log(tf)) * idf[col]
        norm = np.sqrt(np.bincount(row, weights=w * w, minlength=n))
        w /= np.where(norm > 0, norm, 1.0)[row]
        starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
        out[row[starts]] = np.add.reduceat(w[:, None] * self._weights[col + offset], starts, axis=0)
        return out

    def scores(self, texts: Sequence[str], grams: Sequence[tuple[list[str], list[str]]] | None = None) -> np.ndarray:
        """Decision scores, one row per text (``grams``: the texts' n-grams, when a caller has them)."""
        if not texts:
            return np.zeros((0, len(self.classes)))
        if grams is None:
            grams = [self.grams(t) for t in texts]
        out = self.intercept + np.zeros((len(texts), len(self.classes)))
        for k, (kind, index) in enumerate((("char", self._char_index), ("word", self._word_index))):
            ids, lengths = lookup([g[k] for g in grams], index)
            out += self.part_scores(ids, lengths, kind)
        return out

    def predict_proba(self, texts: Sequence[str], calibrated: bool = True) -> np.ndarray:
        """Probabilities over :attr:`classes`; ``calibrated`` applies the stored ``temperature``."""
        return softmax(self.scores(texts) / (self.temperature if calibrated else 1.0))


def lookup(parts: Sequence[list[str]], index: dict[str, int]) -> tuple[np.ndarray, list[int]]:
    """The numbers ``index`` gives every n-gram of every text (-1: not in it), and how many each text has."""
    flat = list(chain.from_iterable(parts))
    ids = np.fromiter(map(index.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
    return ids, [len(p) for p in parts]


def softmax(s: np.ndarray) -> np.ndarray:
    s = np.atleast_2d(s)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class ProblemModel:
    """The detector and (when the pack has one) the pack's categoriser, deciding together."""

    detector: LinearModel
    categoriser: LinearModel | None = None
    _terms: dict[str, tuple[dict[str, int], np.ndarray, np.ndarray]] | None = field(default=None, repr=False,
                                                                                 compare=False)

    @property
    def classes(self) -> list[str]:
        """What :meth:`decide` can answer: ``none``, then the categories (or ``problem``, uncategorised)."""
        return [NONE, *(self.categoriser.classes if self.categoriser else [PROBLEM])]

    @property
    def version(self) -> str:
        return f"{self.detector.version}+{self.categoriser.version if self.categoriser else 'none'}"

    def _joint(self, texts: Sequence[str], calibrated: bool) -> np.ndarray:
        return self._joints(texts, (calibrated,))[0]

    def _joints(self, texts: Sequence[str], calibrations: Sequence[bool]) -> list[np.ndarray]:
        """The joint probabilities for each calibration asked, each model scoring each text once.

        When the detector and the categoriser read the same n-grams, a text's n-grams are built
        and looked up once, in the union of both models' terms.
        """
        det_scores, cat_scores = self._scores(texts)
        column = self.detector.classes.index(PROBLEM)
        out = []
        for calibrated in calibrations:
            det = softmax(det_scores / (self.detector.temperature if calibrated else 1.0))
            p_problem = det[:, column][:, None]
            if self.categoriser is None or cat_scores is None:
                out.append(np.hstack([1.0 - p_problem, p_problem]))
                continue
            cat = softmax(cat_scores / (self.categoriser.temperature if calibrated else 1.0))
            out.append(np.hstack([1.0 - p_problem, p_problem * cat]))
        return out

    def _scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray | None]:
        cat = self.categoriser
        if cat is None or cat.features != self.detector.features:
            return self.detector.scores(texts), cat.scores(texts) if cat is not None else None
        grams = [self.detector.grams(t) for t in texts]
        union = self._union()
        det_scores = self.detector.intercept + np.zeros((len(texts), len(self.detector.classes)))
        cat_scores = cat.intercept + np.zeros((len(texts), len(cat.classes)))
        for k, kind in enumerate(("char", "word")):
            index, det_of, cat_of = union[kind]
            ids, lengths = lookup([g[k] for g in grams], index)
            for model, of, scores in ((self.detector, det_of, det_scores), (cat, cat_of, cat_scores)):
                scores += model.part_scores(np.where(ids >= 0, of[ids], -1), lengths, kind)
        return det_scores, cat_scores

    def _union(self) -> dict[str, tuple[dict[str, int], np.ndarray, np.ndarray]]:
        """Per kind of n-gram: every term of either model → a number, and that number → each model's (or -1)."""
        if self._terms is None:
            assert self.categoriser is not None
            self._terms = {}
            for kind in ("char", "word"):
                det_terms = getattr(self.detector, f"{kind}_terms")
                cat_terms = getattr(self.categoriser, f"{kind}_terms")
                index = {t: i for i, t in enumerate(dict.fromkeys([*det_terms, *cat_terms]))}
                maps = []
                for terms in (det_terms, cat_terms):
                    of = np.full(len(index), -1, dtype=np.int64)
                    of[np.fromiter(map(index.__getitem__, terms), dtype=np.int64, count=len(terms))] = np.arange(len(terms))
                    maps.append(of)
                self._terms[kind] = (index, maps[0], maps[1])
        return self._terms

    def predict_proba(self, texts: Sequence[str], calibrated: bool = True) -> np.ndarray:
        """Probabilities over :attr:`classes`."""
        return self._joint(texts, calibrated) if texts else np.zeros((0, len(self.classes)))

    def decide(self, texts: Sequence[str], none_prior: Sequence[float] | None = None,
               boosts: Sequence[dict[str, float]] | None = None) -> list[tuple[str | None, float]]:
        """(label, confidence) per text: ``none``, a category id, or None (a problem, uncategorised).

        The label is the most probable one at temperature 1 (calibration must not move decisions); the
        confidence is that label's *calibrated* probability. ``none_prior`` scales P(none) per text
        (where a sentence sits shifts the odds); ``boosts`` scales named categories per text among the
        categories, P(none) unchanged (a sentence that names its category outright, e.g. 政治纪律): the
        model must then be very sure to disagree, and where it leans the other way its confidence is lower.
        """
        if not texts:
            return []
        raw, cal = self._joints(texts, (False, True))
        classes = self.classes
        if none_prior is not None:
            prior = np.asarray(none_prior, dtype=np.float64)
            raw[:, 0] *= prior
            cal[:, 0] *= prior
        for row, boost in enumerate(boosts or ()):
            for probs in (raw, cal):  # among the categories only: P(none) is the detector's, untouched
                problem = probs[row, 1:].sum()
                for label, factor in boost.items():
                    if label in classes[1:]:
                        probs[row, classes.index(label)] *= factor
                probs[row, 1:] *= problem / (probs[row, 1:].sum() or 1.0)
        if none_prior is not None or boosts:
            raw /= raw.sum(axis=1, keepdims=True)
            cal /= cal.sum(axis=1, keepdims=True)
        out: list[tuple[str | None, float]] = []
        for r, c in zip(raw, cal):
            best = int(r.argmax())
            label = classes[best]
            out.append((None if label == PROBLEM else label, float(c[best])))
        return out

    def predict(self, texts: Sequence[str]) -> list[tuple[str | None, float]]:
        return self.decide(texts)


# --- storage: npz of plain arrays + a JSON header, never pickle -------------------------------------

class ModelError(Exception):
    """A stored model is missing, from another format version, or damaged."""


def save_model(model: LinearModel, path: Path) -> Path:
    header = {
        "format_version": FORMAT_VERSION,
        "classes": list(model.classes),
        "char_range": list(model.char_range),
        "word_max": model.word_max,
        "segmenter_vocabulary": list(model.segmenter_vocabulary),
        "temperature": model.temperature,
        "meta": model.meta,
    }
    arrays: dict[str, np.ndarray] = {
        "header": np.array(json.dumps(header, ensure_ascii=False, sort_keys=True)),
        "char_terms": np.array(model.char_terms, dtype=str),
        "char_idf": model.char_idf,
        "word_terms": np.array(model.word_terms, dtype=str),
        "word_idf": model.word_idf,
        "coef": np.asarray(model.coef).astype(np.float32),
        "intercept": np.asarray(model.intercept).astype(np.float64),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        np.savez_compressed(f, **arrays)  # type: ignore[arg-type]
    return path


def _header(z: Any, path: Path, train_hint: str) -> dict[str, Any]:
    header = json.loads(str(z["header"]))
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{path}: model format {header.get('format_version')}, this papercheck reads "
                         f"{FORMAT_VERSION}; run `{train_hint}`")
    return dict(header)


def load_model(path: Path, train_hint: str = "papercheck train") -> LinearModel:
    """Rebuild a stored model from plain arrays (``allow_pickle=False``: no code runs on load)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            header = _header(z, path, train_hint)
            return LinearModel(
                classes=list(header["classes"]), char_range=tuple(header["char_range"]),  # type: ignore[arg-type]
                word_max=header["word_max"], segmenter_vocabulary=tuple(header["segmenter_vocabulary"]),
                char_terms=z["char_terms"].tolist(), char_idf=z["char_idf"],
                word_terms=z["word_terms"].tolist(), word_idf=z["word_idf"],
                coef=z["coef"].astype(np.float64), intercept=z["intercept"],
                temperature=float(header.get("temperature", 1.0)), meta=header.get("meta", {}),
            )
    except FileNotFoundError as e:
        raise ModelError(f"{path}: no trained model; run `{train_hint}`") from e
    except (KeyError, ValueError, OSError) as e:
        raise ModelError(f"{path}: damaged model file ({e}); run `{train_hint}`") from e


def model_header(path: Path) -> dict[str, Any]:
    """A stored model's header (classes, meta) without loading its arrays."""
    try:
        with np.load(path, allow_pickle=False) as z:
            return _header(z, path, "papercheck train")
    except FileNotFoundError as e:
        raise ModelError(f"{path}: no trained model") from e
    except (KeyError, ValueError, OSError) as e:
        raise ModelError(f"{path}: damaged model file ({e}); retrain it") from e


_CACHE: dict[Path, LinearModel] = {}
_LOCK = threading.Lock()


def _cached(path: Path, train_hint: str) -> LinearModel:
    key = path.resolve()
    model = _CACHE.get(key)
    if model is None:
        with _LOCK:
            model = _CACHE.get(key)
            if model is None:
                model = _CACHE[key] = load_model(path, train_hint)
    return model


def detector() -> LinearModel:
    """The shared problem detector, loaded once per process."""
    return _cached(DETECTOR_PATH, "papercheck train --detector")


def categoriser_path(pack: Pack) -> Path:
    return pack.root / CATEGORISER_FILE


def categoriser(pack: Pack) -> LinearModel | None:
    """The pack's categoriser (None when the pack has none), loaded once per process."""
    path = categoriser_path(pack)
    return _cached(path, f"papercheck train --pack {pack.root}") if path.is_file() else None


def categoriser_classes(pack: Pack) -> list[str] | None:
    """The categories the pack's categoriser outputs (None: the pack has no categoriser)."""
    path = categoriser_path(pack)
    return list(model_header(path)["classes"]) if path.is_file() else None


_PROBLEM_MODELS: dict[tuple[int, int], ProblemModel] = {}


def problem_model(pack: Pack) -> ProblemModel:
    """The detector with the pack's categoriser: what finds a pack's problems (one per process and pair)."""
    det, cat = detector(), categoriser(pack)
    key = (id(det), id(cat))  # both live in _CACHE for the life of the process
    model = _PROBLEM_MODELS.get(key)
    if model is None or model.detector is not det or model.categoriser is not cat:
        model = _PROBLEM_MODELS[key] = ProblemModel(det, cat)
    return model


# --- training data ----------------------------------------------------------------------------------

def read_labelled(folder: Path, labels: Iterable[str] | None = None) -> tuple[list[str], list[str]]:
    """Sentences and labels from ``<folder>/<label>.txt`` (one sentence a line, ``#`` comments).

    ``labels`` gives the files to read and their order (default: every ``*.txt``, by name).
    """
    names = list(labels) if labels is not None else sorted(p.stem for p in folder.glob("*.txt"))
    X: list[str] = []
    y: list[str] = []
    for label in names:
        path = folder / f"{label}.txt"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                X.append(line)
                y.append(label)
    return X, y


def training_labels(pack: Pack) -> list[str]:
    """The labels the pack's train/ folder has sentences for (``none`` included)."""
    folder = pack.root / TRAIN_FOLDER
    return sorted({label for label in read_labelled(folder)[1]}) if folder.is_dir() else []


def categoriser_data(pack: Pack) -> tuple[list[str], list[str]]:
    """The pack's labelled problem sentences: ``train/<category>.txt`` in the pack's category order."""
    folder = pack.root / TRAIN_FOLDER
    X, y = read_labelled(folder, pack.category_ids)
    if not X:
        raise FileNotFoundError(f"{folder}: no training files (<category>.txt for {', '.join(pack.category_ids)})")
    return X, y


def shipped_pack_folders() -> list[Path]:
    """Every pack folder under rules/ with a train/ folder (the detector learns from all of them)."""
    from ..judge.rulepack import RULES_DIR

    return sorted(p for p in RULES_DIR.iterdir() if (p / TRAIN_FOLDER).is_dir()) if RULES_DIR.is_dir() else []


def detector_data(general: Path = GENERAL_TRAIN_DIR, packs: Sequence[Path] | None = None) -> tuple[list[str], list[str]]:
    """Sentences labelled ``problem`` or ``none``: every pack's category files (problems) and ``none.txt``
    files, and the general ``data/train/none.txt``."""
    X: list[str] = []
    y: list[str] = []
    for folder in shipped_pack_folders() if packs is None else packs:
        texts, labels = read_labelled(folder / TRAIN_FOLDER)
        X += texts
        y += [NONE if label == NONE else PROBLEM for label in labels]
    texts, _ = read_labelled(general, [NONE])
    X += texts
    y += [NONE] * len(texts)
    if NONE not in y or PROBLEM not in y:
        raise FileNotFoundError(f"{general}: the detector needs none.txt and at least one pack's train/<category>.txt")
    return X, y


def model_version(X: Sequence[str], y: Sequence[str], params: dict[str, Any]) -> str:
    """A hash of the training data and parameters: a new model, a new version (the scan re-judges)."""
    h = hashlib.sha256()
    h.update(json.dumps(params, sort_keys=True, ensure_ascii=False, default=list).encode())
    for text, label in sorted(zip(X, y)):
        h.update(f"{label}\t{text}\n".encode())
    return h.hexdigest()[:16]


# --- calibration and training ---------------------------------------------------------------------

def out_of_fold_scores(X: Sequence[str], y: Sequence[str], params: dict[str, Any], folds: int = 5,
                       corpus: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Decision scores of every sentence from a model that did not see it (stratified k-fold).

    Returns (scores, gold labels, classes); used to calibrate and to measure a pack's categoriser.
    """
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    X_arr, y_arr = np.asarray(X, dtype=object), np.asarray(y)
    classes = sorted(set(y_arr.tolist()))
    folds = max(2, min(folds, int(min(Counter(y_arr.tolist()).values()))))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=params.get("random_state", 0))
    scores = np.zeros((len(X_arr), len(classes)))
    for train, test in splitter.split(X_arr, y_arr):
        m = TextClassifier(**params).fit(list(X_arr[train]), list(y_arr[train]), corpus=corpus).export()
        fold_scores = m.scores(list(X_arr[test]))
        for j, c in enumerate(m.classes):
            scores[test, classes.index(c)] = fold_scores[:, j]
    return scores, y_arr, classes


def fit_temperature(scores: np.ndarray, gold: np.ndarray, classes: list[str]) -> float:
    """The temperature that minimises the log-loss of out-of-fold scores (logistic regression with a
    strong C is over-confident; one scalar fixes most of it without changing any argmax)."""
    index = np.asarray([classes.index(g) for g in gold])

    def loss(t: float) -> float:
        p = softmax(scores / t)[np.arange(len(index)), index]
        return float(-np.log(np.maximum(p, 1e-12)).mean())

    grid = [round(0.3 + 0.05 * i, 2) for i in range(75)]
    return min(grid, key=loss)


# Chosen on problems-dev.tsv for the 三找 pack (issue 4's note): a detector then a categoriser beat one
# 5-class model (0.899 vs 0.888 macro-F1 at equal settings); C=3 beat 10 and 30; character 1-3 grams
# beat 1-2 and 1-4; the outside category at half the balanced weight.
DEFAULT_PARAMS: dict[str, Any] = {"C": 3.0, "char_max": 3, "word_max": 2, "min_df": 1, "class_weight": "balanced",
                                  "random_state": 0}
OUTSIDE_WEIGHT = 0.3


def _train(X: list[str], y: list[str], params: dict[str, Any], calibrate: bool, corpus: Sequence[str] = (),
           trained_on: dict[str, Any] | None = None) -> LinearModel:
    out = TextClassifier(**params).fit(X, y, corpus=corpus).export()
    if calibrate:
        out.temperature = fit_temperature(*out_of_fold_scores(X, y, params, corpus=corpus))
    counts = Counter(y)
    out.meta = {"model_version": _version(X, y, corpus, params), "params": dict(params),
                "trained_on": {**{k: counts[k] for k in sorted(counts)}, **(trained_on or {})}}
    return out


def _version(X: Sequence[str], y: Sequence[str], corpus: Sequence[str], params: dict[str, Any]) -> str:
    return model_version([*X, *corpus], [*y, *[""] * len(corpus)], params)


def detector_inputs(general: Path = GENERAL_TRAIN_DIR, packs: Sequence[Path] | None = None,
                    params: dict[str, Any] | None = None) -> tuple[list[str], list[str], dict[str, Any]]:
    """What the detector is trained on: sentences, labels and parameters (the vocabulary of every pack)."""
    from ..judge.rulepack import load_manifest
    from .nlp import pack_vocabulary

    folders = shipped_pack_folders() if packs is None else list(packs)
    X, y = detector_data(general, folders)
    vocabulary = tuple(sorted({w for folder in folders for w in pack_vocabulary(load_manifest(folder))}))
    return X, y, {**DEFAULT_PARAMS, **(params or {}), "vocabulary": vocabulary}


def train_detector(general: Path = GENERAL_TRAIN_DIR, packs: Sequence[Path] | None = None,
                   params: dict[str, Any] | None = None, calibrate: bool = True) -> LinearModel:
    """Fit the shared problem detector (``problem`` / ``none``); deterministic."""
    X, y, params = detector_inputs(general, packs, params)
    folders = shipped_pack_folders() if packs is None else list(packs)
    return _train(X, y, params, calibrate, trained_on={"packs": [p.name for p in folders]})


def categoriser_inputs(pack: Pack, params: dict[str, Any] | None = None, general: Path = GENERAL_TRAIN_DIR,
                       ) -> tuple[list[str], list[str], list[str], dict[str, Any]]:
    """What a pack's categoriser is trained on: sentences, labels, the idf corpus and parameters."""
    from .nlp import pack_vocabulary

    X, y = categoriser_data(pack)
    corpus, _ = read_labelled(general, [NONE])
    outside = pack.outside_category
    params = {**DEFAULT_PARAMS, "down_weight": {outside: OUTSIDE_WEIGHT} if outside else None, **(params or {}),
              "vocabulary": pack_vocabulary(pack)}
    return X, y, corpus, params


def train_categoriser(pack: Pack, params: dict[str, Any] | None = None, calibrate: bool = True,
                      general: Path = GENERAL_TRAIN_DIR, reviewed: Sequence[tuple[str, str]] = ()) -> LinearModel:
    """Fit the pack's categoriser on ``train/<category>.txt``; deterministic.

    The vocabulary and idf are fitted on the pack's sentences plus the detector's ``none`` sentences
    (more text of the same genre); the pack's `outside` category weighs half. ``reviewed``: (sentence,
    category) a reviewer confirmed or corrected (``train --with-reviews``), added to the pack's; the
    model's ``trained_on`` counts them under ``reviews``.
    """
    X, y, corpus, params = categoriser_inputs(pack, params, general)
    known = set(pack.category_ids)
    extra = [(text, label) for text, label in dict(reviewed).items() if label in known and text not in X]
    if not extra:
        return _train(X, y, params, calibrate, corpus=corpus)
    return _train(X + [t for t, _ in extra], y + [c for _, c in extra], params, calibrate, corpus=corpus,
                  trained_on={"reviews": len(extra)})


def stale_models(packs: Sequence[Pack]) -> list[str]:
    """The stored models whose training data or parameters changed since they were trained."""
    out = []
    X, y, params = detector_inputs()
    if DETECTOR_PATH.is_file() and model_header(DETECTOR_PATH)["meta"].get("model_version") != _version(X, y, (), params):
        out.append(f"{DETECTOR_PATH}: older than its training data; run `papercheck train --detector`")
    for pack in packs:
        path = categoriser_path(pack)
        if not path.is_file():
            continue
        X, y, corpus, params = categoriser_inputs(pack)
        meta = model_header(path)["meta"]
        if (meta.get("trained_on") or {}).get("reviews"):
            continue  # trained with reviewers' corrections from a state: train/ alone cannot tell
        if meta.get("model_version") != _version(X, y, corpus, params):
            out.append(f"{path}: older than {pack.root / TRAIN_FOLDER}; run `papercheck train --pack {pack.root}`")
    return out
