from __future__ import annotations

import copy
import functools
import json
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from shield_middleware.ml import (
    ModelDownloadError,
    ModelIntegrityError,
    ModelNotFoundError,
    ModelRegistry,
    RegistryError,
    default_cache_dir,
    default_registry_path,
)
from shield_middleware.ml import registry as registry_mod

from .ml_fixtures import write_tiny_model


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_tiny_model(tmp_path / "models")


def _doc(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text())
    return doc


def _set(doc: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node: Any = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is _DELETE:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


_DELETE = object()
M = "models.tiny"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("schema", 2, "schema: expected 1"),
        ("default", "nope", "default: 'nope'"),
        (f"{M}.version", _DELETE, f"{M}.version: required key is missing"),
        (f"{M}.variant", "int4", f"{M}.variant: expected one of"),
        (f"{M}.max_length", "256", f"{M}.max_length"),
        (f"{M}.files.model", _DELETE, f"{M}.files.model: required key is missing"),
        (f"{M}.files.model.sha256", "abc", f"{M}.files.model.sha256: expected 64 hex digits"),
        (f"{M}.files.model.path", "../../etc/passwd", f"{M}.files.model.path: must be relative"),
        (f"{M}.files.model.path", "/abs/model.onnx", f"{M}.files.model.path: must be relative"),
        (f"{M}.files.model.url", "file:///etc/passwd", f"{M}.files.model.url: only http"),
        (f"{M}.files.model.size", -1, f"{M}.files.model.size"),
        (f"{M}.inputs", ["attention_mask"], f"{M}.inputs: must include 'input_ids'"),
        (f"{M}.inputs", ["input_ids", "pixels"], f"{M}.inputs"),
        (f"{M}.heads", [], f"{M}.heads: expected a non-empty list"),
        (f"{M}.heads.0.activation", "relu", f"{M}.heads[0].activation: expected one of"),
        (f"{M}.heads.1.labels", ["a", "a"], f"{M}.heads[1].labels: duplicate"),
        (f"{M}.heads.1.labels", [], f"{M}.heads[1].labels: expected a non-empty list"),
        (f"{M}.heads.0.output", _DELETE, f"{M}.heads[0].output: required key is missing"),
        (f"{M}.heads.0.mass_to_top", "yes", f"{M}.heads[0].mass_to_top: expected true or false"),
        (f"{M}.heads.1.mass_to_top", True, f"{M}.heads[1].mass_to_top: needs a softmax head"),
        (f"{M}.batch_invariant", "yes", f"{M}.batch_invariant"),
        (f"{M}.thresholds.jailbreak.block", 1.5, f"{M}.thresholds.jailbreak.block: expected a number"),
        (f"{M}.thresholds.jailbreak.annotate", _DELETE, f"{M}.thresholds.jailbreak.annotate"),
        (f"{M}.thresholds.jailbreak", {"block": 0.4, "annotate": 0.6}, "annotate threshold is above"),
        (f"{M}.tasks", "prompt_attack", f"{M}.tasks: expected a non-empty list"),
    ],
)
def test_schema_errors_name_the_key(tiny: Path, key: str, value: Any, message: str) -> None:
    doc = _doc(tiny)
    _set(doc, key, value)
    tiny.write_text(json.dumps(doc))
    with pytest.raises(RegistryError, match=None) as info:
        ModelRegistry(tiny)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_duplicate_label_across_heads_is_rejected(tiny: Path) -> None:
    doc = _doc(tiny)
    doc["models"]["tiny"]["heads"][1]["labels"][0] = "jailbreak"
    tiny.write_text(json.dumps(doc))
    with pytest.raises(RegistryError, match="more than one head"):
        ModelRegistry(tiny)


def test_unreadable_and_missing_registry(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="model registry not found"):
        ModelRegistry(tmp_path / "nothing.json")
    bad = tmp_path / "registry.json"
    bad.write_text("{not json")
    with pytest.raises(RegistryError, match="cannot read registry"):
        ModelRegistry(bad)
    bad.write_text("[]")
    with pytest.raises(RegistryError, match="expected an object"):
        ModelRegistry(bad)


def test_queries(tiny: Path) -> None:
    doc = _doc(tiny)
    other = copy.deepcopy(doc["models"]["tiny"])
    other.update(variant="int8", tasks=["toxicity"])
    doc["models"]["tiny-int8"] = other
    tiny.write_text(json.dumps(doc))
    reg = ModelRegistry(tiny.parent)  # a folder works too
    assert reg.names == ("tiny", "tiny-int8")
    assert reg.get().name == "tiny"
    assert reg.get("tiny-int8").variant == "int8"
    assert [m.name for m in reg.by_task("toxicity")] == ["tiny", "tiny-int8"]
    assert [m.name for m in reg.by_task("prompt_attack")] == ["tiny"]
    assert [m.name for m in reg.by_variant("int8")] == ["tiny-int8"]
    assert reg.by_variant("fp16") == []
    spec = reg.get()
    assert spec.labels[:2] == ("prompt_injection", "jailbreak")
    assert "benign" not in spec.labels
    assert spec.model_version == f"tiny@0.0.1+{spec.model_file.sha256[:12]}"
    assert spec.thresholds["prompt_injection"] == {"block": 0.9, "annotate": 0.5}
    with pytest.raises(ModelNotFoundError, match="'absent' is not in"):
        reg.get("absent")


def test_default_paths_follow_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SHIELD_MIDDLEWARE_MODELS", raising=False)
    monkeypatch.delenv("SHIELD_MIDDLEWARE_CACHE", raising=False)
    package_dir = Path(registry_mod.__file__).resolve().parent.parent
    assert default_registry_path() == package_dir.parent / "models" / "registry.json"
    assert default_cache_dir() == Path.home() / ".cache" / "shield-middleware"
    monkeypatch.setenv("SHIELD_MIDDLEWARE_MODELS", str(tmp_path))
    assert default_registry_path() == tmp_path / "registry.json"
    monkeypatch.setenv("SHIELD_MIDDLEWARE_MODELS", str(tmp_path / "custom.json"))
    assert default_registry_path() == tmp_path / "custom.json"
    monkeypatch.setenv("SHIELD_MIDDLEWARE_CACHE", str(tmp_path / "cache"))
    assert default_cache_dir() == tmp_path / "cache"


def test_resolve_local_files_and_cache_the_hash(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    real = registry_mod.sha256_file

    def counting(path: Path) -> str:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(registry_mod, "sha256_file", counting)
    reg = ModelRegistry(tiny)
    first = reg.resolve()
    assert first.model_path == tiny.parent / "tiny" / "model.onnx"
    assert first.tokenizer_path.name == "tokenizer.json"
    assert first.model_version == reg.get().model_version
    assert len(calls) == 2
    ModelRegistry(tiny).resolve()  # another registry object, same process: no re-hash
    assert len(calls) == 2


def test_corrupt_file_names_file_and_both_hashes(tiny: Path) -> None:
    model = tiny.parent / "tiny" / "model.onnx"
    model.write_bytes(model.read_bytes() + b"\0")
    expected = ModelRegistry(tiny).get().model_file.sha256
    with pytest.raises(ModelIntegrityError) as info:
        ModelRegistry(tiny).resolve()
    message = str(info.value)
    assert str(model) in message
    assert expected in message
    assert info.value.actual in message and info.value.actual != expected


def test_missing_file_without_url(tiny: Path) -> None:
    (tiny.parent / "tiny" / "model.onnx").unlink()
    with pytest.raises(ModelNotFoundError, match=r"model\.onnx is missing and the registry gives no url"):
        ModelRegistry(tiny).resolve()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static file server on 127.0.0.1 (random port) serving ``tmp_path/www``."""
    root = tmp_path / "www"
    root.mkdir()
    handler: Callable[..., Any] = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _remote_registry(tmp_path: Path, url: str, www: Path) -> Path:
    registry = write_tiny_model(tmp_path / "models", url_base=url, write_files=False)
    served = registry.parent / "_served"
    for f in served.iterdir():
        f.rename(www / f.name)
    served.rmdir()
    return registry


def test_download_ok(tmp_path: Path, http_root: tuple[str, Path]) -> None:
    url, www = http_root
    registry = _remote_registry(tmp_path, url, www)
    cache = tmp_path / "cache"
    resolved = ModelRegistry(registry, cache_dir=cache).resolve()
    assert resolved.model_path.is_relative_to(cache)
    assert resolved.model_path.read_bytes() == (www / "model.onnx").read_bytes()
    assert sorted(p.name for p in cache.rglob("*") if p.is_file()) == ["model.onnx", "tokenizer.json"]
    # A second resolve uses the cache even with the server's files gone.
    (www / "model.onnx").unlink()
    assert ModelRegistry(registry, cache_dir=cache).resolve().model_path == resolved.model_path


def test_download_hash_mismatch_leaves_nothing(tmp_path: Path, http_root: tuple[str, Path]) -> None:
    url, www = http_root
    registry = _remote_registry(tmp_path, url, www)
    (www / "model.onnx").write_bytes(b"not the model")
    cache = tmp_path / "cache"
    with pytest.raises(ModelIntegrityError) as info:
        ModelRegistry(registry, cache_dir=cache).resolve()
    assert "model.onnx" in str(info.value)
    assert info.value.expected in str(info.value) and info.value.actual in str(info.value)
    assert [p for p in cache.rglob("*") if p.is_file()] == []


def test_download_404(tmp_path: Path, http_root: tuple[str, Path]) -> None:
    url, www = http_root
    registry = _remote_registry(tmp_path, url, www)
    (www / "model.onnx").unlink()
    cache = tmp_path / "cache"
    with pytest.raises(ModelDownloadError, match="HTTP 404") as info:
        ModelRegistry(registry, cache_dir=cache).resolve()
    assert isinstance(info.value, ModelNotFoundError)
    assert [p for p in cache.rglob("*") if p.is_file()] == []
