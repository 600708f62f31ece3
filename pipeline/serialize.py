"""Submission ↔ plain dict, Document and blocks included, for worker pipes and the scan state.

Unlike ``Submission.to_dict`` (the JSON contract, lossy: no Document, Locations
rendered), this round trip is exact: ``from_dict(to_dict(s)) == s``. Fields equal
to their default are left out, so stored submissions stay small. Decoding is
driven by the dataclasses' type hints, so a field another stage adds to the
model round-trips without touching this file.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
import zlib
from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any

from .model import Submission

_MISSING = dataclasses.MISSING


def encode(obj: Any) -> Any:
    """A frozen model value as JSON-ready data (dicts, lists, str, numbers, None)."""
    return _encoder(type(obj))(obj)


_PLAIN = (str, int, float, bool, type(None))


_ENCODERS: dict[type, Callable[[Any], Any]] = {}


def _encoder(cls: type) -> Callable[[Any], Any]:
    """How to encode values of one class, decided once per class (a submission holds thousands of values)."""
    found = _ENCODERS.get(cls)
    if found is None:
        found = _ENCODERS[cls] = _plan(cls)
    return found


def _plan(cls: type) -> Callable[[Any], Any]:
    if dataclasses.is_dataclass(cls):
        fields = _defaults(cls)

        def dataclass_encoder(obj: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name, default in fields:
                value = getattr(obj, name)
                if default is not _MISSING and (value is default or value == default):
                    continue
                out[name] = value if type(value) in _PLAIN else _encoder(type(value))(value)
            return out

        return dataclass_encoder
    if issubclass(cls, Enum):
        return lambda obj: obj.value
    if issubclass(cls, (tuple, list)):
        return lambda obj: [v if type(v) in _PLAIN else _encoder(type(v))(v) for v in obj]
    if issubclass(cls, dict):
        return lambda obj: {str(k): encode(v) for k, v in obj.items()}
    return lambda obj: obj


@cache
def _defaults(cls: type) -> tuple[tuple[str, Any], ...]:
    out = []
    for f in dataclasses.fields(cls):
        if f.default is not _MISSING:
            default = f.default
        elif f.default_factory is not _MISSING:
            default = f.default_factory()
        else:
            default = _MISSING
        out.append((f.name, default))
    return tuple(out)


def decode(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from what ``encode`` produced."""
    return _decoder(tp)(data)


@cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        dec = _decoder(inner[0]) if len(inner) == 1 else (lambda v: v)
        return lambda v: None if v is None else dec(v)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda v: tuple(item(x) for x in v)
        decs = [_decoder(a) for a in args]
        return lambda v: tuple(d(x) for d, x in zip(decs, v))
    if origin is list:
        item = _decoder(args[0]) if args else (lambda v: v)
        return lambda v: [item(x) for x in v]
    if origin is dict:
        val = _decoder(args[1]) if len(args) == 2 else (lambda v: v)
        return lambda v: {k: val(x) for k, x in v.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if tp is float:
        return float
    return lambda v: v


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    fields: dict[str, Callable[[Any], Any]] = {}

    shared: dict[str, Any] = {}  # one instance of each frozen default (StyleHints()) for all blocks

    def dec(data: dict[str, Any]) -> Any:
        if not fields:  # filled lazily: the model's types refer to each other
            for f in dataclasses.fields(cls):
                fields[f.name] = _decoder(hints[f.name])
                if f.default_factory is not _MISSING:
                    value = f.default_factory()
                    params = getattr(type(value), "__dataclass_params__", None)
                    if params is not None and params.frozen:
                        shared[f.name] = value
        kwargs = {k: fields[k](v) for k, v in data.items() if k in fields}
        for k, v in shared.items():
            kwargs.setdefault(k, v)
        return cls(**kwargs)

    return dec


def submission_to_dict(sub: Submission) -> dict[str, Any]:
    return encode(sub)


def submission_from_dict(data: dict[str, Any]) -> Submission:
    return decode(Submission, data)


def pack_submission(data: dict[str, Any]) -> bytes:
    """A serialised submission as compressed JSON, for the scan state."""
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack_submission(blob: bytes) -> Submission:
    return submission_from_dict(json.loads(zlib.decompress(blob)))
