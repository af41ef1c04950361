"""MLConfig: per-category thresholds, the hybrid mode and the scan limits.

Every invalid value raises `ValueError` naming the offending key, so that a bad config fails at
start-up and not on the first request.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from . import categories as cat
from .cache import CacheSettings


class HybridMode(str, enum.Enum):
    """How heuristics and the classifier share the work.

    - ``heuristic``: heuristics only; the model is never loaded.
    - ``ml``: the model scores the ML categories; heuristics still scan for secrets, PII,
      invisible text and the configured substrings/patterns, which the model does not cover.
    - ``hybrid`` (default): heuristics settle clear cases; when some category already reaches
      its block threshold the model is skipped (``heuristic_short_circuit``). Otherwise the
      model settles the ML categories: its score replaces a weak heuristic cue there (below the
      category's annotate threshold and ``heuristic_settle``), while evidence at or above either
      stands (the model may raise it, never lower it: it may not have read that text, a window
      left out of a long text, or read it diluted). The model also reads the text around each
      signature match.
    - ``both``: heuristics and the model always run; each ML category gets the max of the two.
    """

    HEURISTIC = "heuristic"
    ML = "ml"
    HYBRID = "hybrid"
    BOTH = "both"


class FailMode(str, enum.Enum):
    """What a scan that times out or fails internally turns into."""

    OPEN = "open"  #: let the heuristics decide alone (an explicit attack is still blocked), and log it
    CLOSED = "closed"  #: block the request


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Score thresholds of one category. ``block=None`` means the category never blocks."""

    annotate: float
    block: float | None = None

    def check(self, key: str) -> None:
        _check_unit(f"{key}.annotate", self.annotate)
        if self.annotate <= 0.0:
            raise ValueError(f"{key}.annotate must be > 0 (0 would flag every text), got {self.annotate!r}")
        if self.block is not None:
            _check_unit(f"{key}.block", self.block)
            if self.block < self.annotate:
                raise ValueError(f"{key}.block ({self.block}) must be >= {key}.annotate ({self.annotate})")


def _check_unit(key: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{key} must be a number in [0, 1], got {value!r}")


def _default_thresholds() -> dict[str, Thresholds]:
    # ML categories: chosen from the validation sweep of the shipped model (see models/*/README.md)
    # for few false positives on benign prompts that merely mention attacks.
    return {
        cat.PROMPT_INJECTION: Thresholds(annotate=0.5, block=0.9),
        cat.JAILBREAK: Thresholds(annotate=0.5, block=0.9),
        cat.TOXICITY: Thresholds(annotate=0.6, block=0.9),
        cat.SECRETS: Thresholds(annotate=0.5, block=0.8),
        # Users often share their own contact details with a chatbot: PII annotates (or is
        # redacted by policy) but does not block by default.
        cat.PII: Thresholds(annotate=0.5, block=None),
        cat.INVISIBLE_TEXT: Thresholds(annotate=0.5, block=0.9),
        # Evasion alone is not an attack; what it hides is decoded and scanned on its own.
        cat.EVASION: Thresholds(annotate=0.5, block=None),
        cat.BANNED_SUBSTRINGS: Thresholds(annotate=0.5, block=0.5),
        cat.CUSTOM_REGEX: Thresholds(annotate=0.5, block=0.5),
        cat.LENGTH: Thresholds(annotate=0.5, block=0.5),
    }


@dataclass(frozen=True)
class MLConfig:
    """Everything that decides a verdict. Build it from a preset and `with_overrides`."""

    #: Per-category thresholds. Default: `production()` values.
    thresholds: Mapping[str, Thresholds] = field(default_factory=_default_thresholds)
    #: How heuristics and model share the work. Default: ``hybrid``.
    hybrid_mode: HybridMode = HybridMode.HYBRID
    #: In hybrid mode, heuristic scores at or above this (or the category's annotate threshold,
    #: if lower) are evidence that the model cannot overrule; weaker ones are left to the
    #: model. Default: 0.9.
    heuristic_settle: float = 0.9
    #: Result cache size and lifetime. Default: `CacheSettings.production()`.
    cache: CacheSettings = field(default_factory=CacheSettings.production)
    #: Texts longer than this (in characters) get a ``length`` finding of 1.0. Default: 100,000.
    max_chars: int = 100_000
    #: Case-insensitive substrings that are banned outright. Default: none.
    banned_substrings: tuple[str, ...] = ()
    #: Named regular expressions (name -> pattern) that are banned. They must be linear-time
    #: patterns: Python's `re` backtracks, and a nested quantifier is a denial-of-service risk.
    custom_patterns: Mapping[str, str] = field(default_factory=dict)
    #: Categories masked in `Verdict.sanitized`.
    redact_categories: tuple[str, ...] = (cat.SECRETS, cat.PII)
    #: Redact instead of block: `redact_categories` that reach a threshold annotate, and the
    #: middleware hands the app the masked text. Default: False (they block or annotate).
    redact: bool = False
    #: Seconds `scan_async` waits for a verdict before applying `fail_mode`. Default: 2.0.
    timeout_s: float = 2.0
    #: What a timeout or internal error becomes. Default: ``closed`` (block).
    fail_mode: FailMode = FailMode.CLOSED
    #: Worker threads that may scan at once (a dedicated anyio CapacityLimiter). Default: 4.
    max_concurrency: int = 4
    #: Heuristic-only scans of texts up to this many characters run inline in `scan_async`:
    #: they take tens of microseconds, less than the hop to a worker thread. Default: 4,096.
    inline_max_chars: int = 4096
    #: Model variant to load from the registry. Default: ``int8``.
    model_variant: str = "int8"

    def __post_init__(self) -> None:
        for name, th in self.thresholds.items():
            if not isinstance(th, Thresholds):
                raise ValueError(f"thresholds.{name} must be a Thresholds, got {type(th).__name__}")
            th.check(f"thresholds.{name}")
        _check_unit("heuristic_settle", self.heuristic_settle)
        for key in ("max_chars", "max_concurrency"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{key} must be a positive integer, got {value!r}")
        if isinstance(self.inline_max_chars, bool) or not isinstance(self.inline_max_chars, int):
            raise ValueError(f"inline_max_chars must be an integer, got {self.inline_max_chars!r}")
        if self.inline_max_chars < 0:
            raise ValueError(f"inline_max_chars must be >= 0, got {self.inline_max_chars!r}")
        if isinstance(self.timeout_s, bool) or not isinstance(self.timeout_s, (int, float)) or self.timeout_s <= 0:
            raise ValueError(f"timeout_s must be a positive number, got {self.timeout_s!r}")
        if not isinstance(self.redact, bool):  # "false" is truthy: redaction would switch on
            raise ValueError(f"redact must be true or false, got {self.redact!r}")
        if not isinstance(self.model_variant, str):
            raise ValueError(f"model_variant must be a string, got {self.model_variant!r}")
        for name, pattern in self.custom_patterns.items():
            if not isinstance(name, str) or not isinstance(pattern, str):
                raise ValueError(f"custom_patterns.{name} must map a name to a regex string, got {pattern!r}")
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"custom_patterns.{name} is not a valid regex: {exc}") from None
        for sub in self.banned_substrings:
            if not isinstance(sub, str) or not sub:
                raise ValueError(f"banned_substrings entries must be non-empty strings, got {sub!r}")
        unknown = set(self.redact_categories) - {cat.SECRETS, cat.PII}
        if unknown:
            raise ValueError(f"redact_categories may contain 'secrets' and 'pii', got {sorted(unknown)}")

    # -- presets -----------------------------------------------------------------------------

    @classmethod
    def production(cls) -> MLConfig:
        """Bundled model in hybrid mode, thresholds tuned for few false positives."""
        return cls()

    @classmethod
    def edge(cls) -> MLConfig:
        """Constrained hosts: heuristics only (no model in memory) and a small cache."""
        return cls(hybrid_mode=HybridMode.HEURISTIC, cache=CacheSettings.edge())

    @classmethod
    def high_accuracy(cls) -> MLConfig:
        """Model and heuristics always both run; lower annotate thresholds surface more."""
        th = dict(_default_thresholds())
        th[cat.PROMPT_INJECTION] = Thresholds(annotate=0.3, block=0.8)
        th[cat.JAILBREAK] = Thresholds(annotate=0.3, block=0.8)
        th[cat.TOXICITY] = Thresholds(annotate=0.4, block=0.8)
        return cls(thresholds=th, hybrid_mode=HybridMode.BOTH)

    @classmethod
    def preset(cls, name: str) -> MLConfig:
        presets = {"production": cls.production, "edge": cls.edge, "high_accuracy": cls.high_accuracy}
        try:
            return presets[name]()
        except KeyError:
            raise ValueError(f"preset must be one of {sorted(presets)}, got {name!r}") from None

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MLConfig:
        """Build a config from plain data (as found in TOML or JSON).

        ``preset`` picks the base (default ``production``); every other key overrides it.
        ``thresholds`` merge per category; ``cache`` takes a ``preset`` and/or fields.
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"config must be a table, got {type(data).__name__}")
        data = dict(data)
        base = cls.preset(_expect(data.pop("preset", "production"), str, "preset"))
        return base.with_overrides(data)

    @classmethod
    def from_toml(cls, path: str | Path, *, table: str | None = None) -> MLConfig:
        """Load a config from a TOML file, optionally from a sub-table such as ``"shield"``."""
        data = _read_toml(path)
        if table is not None:
            if table not in data:  # a misspelt table name must not mean "the defaults"
                raise ValueError(f"{path}: no [{table}] table; the file has {sorted(data) or 'no tables'}")
            data = data[table]
        return cls.from_dict(data)

    def with_overrides(self, data: Mapping[str, Any]) -> MLConfig:
        """A copy with the keys of `data` (same shape as `from_dict`) applied."""
        known = {f.name for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise ValueError(f"unknown config key {key!r}; expected one of {sorted(known)}")
            changes[key] = self._coerce(key, value)
        return replace(self, **changes)

    def _coerce(self, key: str, value: Any) -> Any:
        if key == "thresholds":
            merged = dict(self.thresholds)
            for name, spec in _expect(value, Mapping, key).items():
                if name not in merged and name not in cat.ALL_CATEGORIES:
                    raise ValueError(
                        f"unknown threshold category {name!r}; expected one of {sorted(set(cat.ALL_CATEGORIES))}"
                    )
                spec = _expect(spec, Mapping, f"thresholds.{name}")
                extra = set(spec) - {"annotate", "block"}
                if extra:
                    raise ValueError(f"unknown key thresholds.{name}.{sorted(extra)[0]}")
                old = merged.get(name, Thresholds(annotate=1.0))
                merged[name] = Thresholds(
                    annotate=spec.get("annotate", old.annotate), block=spec.get("block", old.block)
                )
            return merged
        if key == "cache":
            spec = dict(_expect(value, Mapping, key))
            base = CacheSettings.preset(spec.pop("preset")) if "preset" in spec else self.cache
            extra = set(spec) - {"enabled", "max_size", "ttl_s"}
            if extra:
                raise ValueError(f"unknown key cache.{sorted(extra)[0]}")
            return replace(base, **spec)
        if key in ("heuristic_settle", "timeout_s") and isinstance(value, bool):
            raise ValueError(f"{key} must be a number, got {value!r}")  # True would read as 1
        if key in ("hybrid_mode", "fail_mode"):
            enum_type = HybridMode if key == "hybrid_mode" else FailMode
            try:
                return enum_type(value)
            except ValueError:
                choices = [m.value for m in enum_type]
                raise ValueError(f"{key} must be one of {choices}, got {value!r}") from None
        if key in ("banned_substrings", "redact_categories"):
            return tuple(_expect(value, (list, tuple), key))
        if key == "custom_patterns":
            return dict(_expect(value, Mapping, key))
        return value

    # -- identity ----------------------------------------------------------------------------

    def fingerprint(self) -> str:
        """A short digest of every setting that can change a verdict (part of cache keys)."""
        data = asdict(self)
        data.pop("cache")
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _expect(value: Any, types: type | tuple[type, ...], key: str) -> Any:
    if not isinstance(value, types):
        raise ValueError(f"{key} has the wrong type: {type(value).__name__}")
    return value


def _read_toml(path: str | Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ImportError:
            raise RuntimeError("MLConfig.from_toml needs Python >= 3.11 or: pip install tomli") from None
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from None
