"""The schema of `models/registry.json`, parsed into frozen dataclasses.

Every validation error is a `RegistryError` whose message names the offending key path,
e.g. ``models.shield-minilm-l6.heads[0].activation: expected one of ['sigmoid', 'softmax']``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from shield_middleware.ml.errors import RegistryError

SCHEMA_VERSION: Final = 1
VARIANTS: Final = frozenset({"fp32", "fp16", "int8"})
ACTIVATIONS: Final = frozenset({"softmax", "sigmoid"})
#: Graph inputs the runtime knows how to feed.
KNOWN_INPUTS: Final = frozenset({"input_ids", "attention_mask", "token_type_ids"})
#: Head labels that mean "nothing found": they are never reported as a category score.
IGNORED_LABELS: Final = frozenset({"benign"})
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class FileSpec:
    """One file of a model: where it lives (relative to the registry folder) and its pinned hash."""

    path: str
    sha256: str
    size: int | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class HeadSpec:
    """One output head: the graph output that holds its logits and how to turn them into scores."""

    name: str
    output: str
    activation: str
    labels: tuple[str, ...]
    #: Softmax heads with a "benign" label: the most likely other label reports the whole
    #: non-benign mass ``1 - P(benign)``. A text whose probability is split between two attack
    #: kinds (0.5 injection, 0.49 jailbreak) is then scored 0.99 for the likelier kind, the
    #: score the model was validated on, instead of passing under both thresholds.
    mass_to_top: bool = False


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """One registry entry."""

    name: str
    version: str
    tasks: tuple[str, ...]
    variant: str
    max_length: int
    files: Mapping[str, FileSpec]
    inputs: tuple[str, ...]
    heads: tuple[HeadSpec, ...]
    batch_invariant: bool = False
    base_model: str | None = None
    quantization: str | None = None
    thresholds: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    validation: Mapping[str, Any] = field(default_factory=dict)

    @property
    def model_file(self) -> FileSpec:
        return self.files["model"]

    @property
    def tokenizer_file(self) -> FileSpec:
        return self.files["tokenizer"]

    @property
    def labels(self) -> tuple[str, ...]:
        """Every reported label, in head order ("benign" left out)."""
        return tuple(label for head in self.heads for label in head.labels if label not in IGNORED_LABELS)

    @property
    def model_version(self) -> str:
        """``name@version+<first 12 hex digits of the model file's SHA-256>``."""
        return f"{self.name}@{self.version}+{self.model_file.sha256[:12]}"


def _get(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise RegistryError(f"{where}.{key}: required key is missing")
    return obj[key]


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise RegistryError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise RegistryError(f"{where}: expected a non-empty list of strings, got {value!r}")
    items = tuple(_str(v, f"{where}[{i}]") for i, v in enumerate(value))
    if len(set(items)) != len(items):
        raise RegistryError(f"{where}: duplicate entries in {list(items)}")
    return items


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _unit_float(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise RegistryError(f"{where}: expected a number in [0, 1], got {value!r}")
    return float(value)


def _file(raw: Any, where: str) -> FileSpec:
    obj = _mapping(raw, where)
    path = _str(_get(obj, "path", where), f"{where}.path")
    # Paths are relative to the registry folder and must stay inside it.
    if path.startswith(("/", "\\")) or ".." in path.replace("\\", "/").split("/"):
        raise RegistryError(f"{where}.path: must be relative and stay inside the registry folder")
    sha = _get(obj, "sha256", where)
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha.lower()):
        raise RegistryError(f"{where}.sha256: expected 64 hex digits, got {sha!r}")
    size = obj.get("size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        raise RegistryError(f"{where}.size: expected a non-negative integer, got {size!r}")
    url = obj.get("url")
    if url is not None:
        url = _str(url, f"{where}.url")
        if not url.startswith(("http://", "https://")):
            raise RegistryError(f"{where}.url: only http:// and https:// URLs are allowed")
    return FileSpec(path=path, sha256=sha.lower(), size=size, url=url)


def _head(raw: Any, where: str) -> HeadSpec:
    obj = _mapping(raw, where)
    activation = _get(obj, "activation", where)
    if activation not in ACTIVATIONS:
        raise RegistryError(f"{where}.activation: expected one of {sorted(ACTIVATIONS)}, got {activation!r}")
    labels = _str_list(_get(obj, "labels", where), f"{where}.labels")
    mass_to_top = obj.get("mass_to_top", False)
    if not isinstance(mass_to_top, bool):
        raise RegistryError(f"{where}.mass_to_top: expected true or false, got {mass_to_top!r}")
    if mass_to_top and (activation != "softmax" or not IGNORED_LABELS.intersection(labels) or len(labels) < 3):
        raise RegistryError(f"{where}.mass_to_top: needs a softmax head with 'benign' and two or more other labels")
    return HeadSpec(
        name=_str(_get(obj, "name", where), f"{where}.name"),
        output=_str(_get(obj, "output", where), f"{where}.output"),
        activation=activation,
        labels=labels,
        mass_to_top=mass_to_top,
    )


def _thresholds(raw: Any, where: str) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for category, levels in _mapping(raw, where).items():
        here = f"{where}.{category}"
        out[category] = {
            level: _unit_float(value, f"{here}.{level}") for level, value in _mapping(levels, here).items()
        }
        for level in ("block", "annotate"):
            _get(out[category], level, here)
        if out[category]["annotate"] > out[category]["block"]:
            raise RegistryError(f"{here}: annotate threshold is above the block threshold")
    return out


def parse_model(name: str, raw: Any) -> ModelSpec:
    """Validate one entry of ``models`` and build its `ModelSpec`."""
    where = f"models.{name}"
    obj = _mapping(raw, where)
    variant = _get(obj, "variant", where)
    if variant not in VARIANTS:
        raise RegistryError(f"{where}.variant: expected one of {sorted(VARIANTS)}, got {variant!r}")
    max_length = _get(obj, "max_length", where)
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 8:
        raise RegistryError(f"{where}.max_length: expected an integer >= 8, got {max_length!r}")
    files_raw = _mapping(_get(obj, "files", where), f"{where}.files")
    files = {key: _file(value, f"{where}.files.{key}") for key, value in files_raw.items()}
    for key in ("model", "tokenizer"):
        _get(files, key, f"{where}.files")
    inputs = _str_list(_get(obj, "inputs", where), f"{where}.inputs")
    unknown = sorted(set(inputs) - KNOWN_INPUTS)
    if unknown or "input_ids" not in inputs:
        raise RegistryError(
            f"{where}.inputs: must include 'input_ids' and only {sorted(KNOWN_INPUTS)}, got {list(inputs)}"
        )
    heads_raw = _get(obj, "heads", where)
    if not isinstance(heads_raw, list) or not heads_raw:
        raise RegistryError(f"{where}.heads: expected a non-empty list")
    heads = tuple(_head(h, f"{where}.heads[{i}]") for i, h in enumerate(heads_raw))
    labels = [label for head in heads for label in head.labels if label not in IGNORED_LABELS]
    if len(set(labels)) != len(labels):
        raise RegistryError(f"{where}.heads: a label appears in more than one head")
    batch_invariant = obj.get("batch_invariant", False)
    if not isinstance(batch_invariant, bool):
        raise RegistryError(f"{where}.batch_invariant: expected true or false")
    optional = {key: obj.get(key) for key in ("base_model", "quantization")}
    for key, value in optional.items():
        if value is not None:
            _str(value, f"{where}.{key}")
    return ModelSpec(
        name=name,
        version=_str(_get(obj, "version", where), f"{where}.version"),
        tasks=_str_list(_get(obj, "tasks", where), f"{where}.tasks"),
        variant=variant,
        max_length=max_length,
        files=files,
        inputs=inputs,
        heads=heads,
        batch_invariant=batch_invariant,
        base_model=optional["base_model"],
        quantization=optional["quantization"],
        thresholds=_thresholds(obj.get("thresholds", {}), f"{where}.thresholds"),
        validation=_mapping(obj.get("validation", {}), f"{where}.validation"),
    )


def parse_registry(raw: Any) -> tuple[str, dict[str, ModelSpec]]:
    """Validate a whole registry document; returns ``(default name, {name: spec})``."""
    obj = _mapping(raw, "registry")
    schema = _get(obj, "schema", "registry")
    if schema != SCHEMA_VERSION:
        raise RegistryError(f"schema: expected {SCHEMA_VERSION}, got {schema!r}")
    models_raw = _mapping(_get(obj, "models", "registry"), "models")
    if not models_raw:
        raise RegistryError("models: the registry lists no model")
    models = {name: parse_model(name, raw_model) for name, raw_model in models_raw.items()}
    default = obj.get("default", next(iter(models)))
    if default not in models:
        raise RegistryError(f"default: {default!r} is not a key of models")
    return default, models
