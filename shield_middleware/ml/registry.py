"""`ModelRegistry`: reads `models/registry.json`, answers queries, resolves files to local paths.

Resolving a file: a local copy next to the registry is verified against its pinned SHA-256 (once
per process per path, size and mtime) and used; an absent file with a ``url`` is downloaded into
the cache folder (``~/.cache/shield-middleware`` or ``$SHIELD_MIDDLEWARE_CACHE``) through a temp
file in that folder, verified, then renamed into place, so a failed or corrupt download never
leaves a file that a later run could mistake for a good one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from shield_middleware.ml.errors import (
    ModelDownloadError,
    ModelIntegrityError,
    ModelNotFoundError,
    RegistryError,
)
from shield_middleware.ml.spec import FileSpec, ModelSpec, parse_registry

logger = logging.getLogger("shield_middleware.ml")

MODELS_ENV: Final = "SHIELD_MIDDLEWARE_MODELS"
CACHE_ENV: Final = "SHIELD_MIDDLEWARE_CACHE"
REGISTRY_FILE: Final = "registry.json"
_CHUNK = 1 << 20

# (resolved path, size, mtime_ns) -> sha256 of files already hashed in this process.
_verified: dict[tuple[str, int, int], str] = {}
_verified_lock = threading.Lock()
_download_lock = threading.Lock()


def default_registry_path() -> Path:
    """Where the registry is looked for when no path is given.

    ``$SHIELD_MIDDLEWARE_MODELS`` (a folder holding ``registry.json``, or the file itself) wins;
    otherwise ``<repo>/models/registry.json``, the folder next to the ``shield_middleware`` package.
    """
    env = os.environ.get(MODELS_ENV)
    if env:
        return _as_registry_file(Path(env).expanduser())
    package_dir = Path(__file__).resolve().parent.parent
    return package_dir.parent / "models" / REGISTRY_FILE


def default_cache_dir() -> Path:
    """Download cache: ``$SHIELD_MIDDLEWARE_CACHE`` or ``~/.cache/shield-middleware``."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "shield-middleware"


def _as_registry_file(path: Path) -> Path:
    return path / REGISTRY_FILE if path.is_dir() else path


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_file(path: Path, expected: str) -> None:
    """Raise `ModelIntegrityError` unless ``path`` hashes to ``expected``.

    The hash is computed once per process for a given (path, size, mtime): a model file is
    large and resolved on every load, and it does not change under a running server.
    """
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    with _verified_lock:
        actual = _verified.get(key)
    if actual is None:
        actual = sha256_file(path)
        with _verified_lock:
            _verified[key] = actual
    if actual != expected:
        raise ModelIntegrityError(str(path), expected, actual)


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """A registry entry whose files are present locally and verified."""

    spec: ModelSpec
    model_path: Path
    tokenizer_path: Path

    @property
    def model_version(self) -> str:
        return self.spec.model_version


class ModelRegistry:
    """The parsed ``registry.json`` plus file resolution.

    ``path`` is the registry file or its folder (default: `default_registry_path()`);
    ``cache_dir`` is where missing files are downloaded (default: `default_cache_dir()`).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        timeout_s: float = 60.0,
    ) -> None:
        self.path = _as_registry_file(Path(path)) if path is not None else default_registry_path()
        self.base_dir = self.path.parent
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.timeout_s = timeout_s
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelNotFoundError(
                f"model registry not found at {self.path} (set ${MODELS_ENV} or pass a path)"
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RegistryError(f"{self.path}: cannot read registry: {exc}") from exc
        try:
            self.default, self._models = parse_registry(raw)
        except RegistryError as exc:
            raise RegistryError(f"{self.path}: {exc}") from None

    def __repr__(self) -> str:
        return f"ModelRegistry({str(self.path)!r}, models={list(self._models)})"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._models)

    def get(self, name: str | None = None) -> ModelSpec:
        """The entry called ``name`` (the registry's default when ``None``)."""
        key = self.default if name is None else name
        try:
            return self._models[key]
        except KeyError:
            raise ModelNotFoundError(f"model {key!r} is not in {self.path} (known: {sorted(self._models)})") from None

    def by_task(self, task: str) -> list[ModelSpec]:
        """Entries whose ``tasks`` include ``task``, default model first."""
        return self._ordered(m for m in self._models.values() if task in m.tasks)

    def by_variant(self, variant: str) -> list[ModelSpec]:
        """Entries of one variant (``fp32``, ``fp16``, ``int8``), default model first."""
        return self._ordered(m for m in self._models.values() if m.variant == variant)

    def _ordered(self, specs: Iterable[ModelSpec]) -> list[ModelSpec]:
        return sorted(specs, key=lambda m: (m.name != self.default, m.name))

    def resolve(self, name: str | None = None) -> ResolvedModel:
        """Local, verified paths of a model's files, downloading the missing ones."""
        spec = self.get(name)
        return ResolvedModel(
            spec=spec,
            model_path=self.resolve_file(spec.model_file),
            tokenizer_path=self.resolve_file(spec.tokenizer_file),
        )

    def resolve_file(self, file: FileSpec) -> Path:
        """One file: the local copy if present, else the cached download, else download it."""
        local = self.base_dir / file.path
        if local.is_file():
            verify_file(local, file.sha256)
            return local
        if file.url is None:
            raise ModelNotFoundError(f"model file {local} is missing and the registry gives no url to fetch it from")
        # Content-addressed: two versions of "model.onnx" never overwrite each other.
        cached = self.cache_dir / file.sha256[:16] / Path(file.path).name
        with _download_lock:
            if not cached.is_file():
                self._download(file.url, cached, file.sha256)
        verify_file(cached, file.sha256)
        return cached

    def _download(self, url: str, dest: Path, expected: str) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        logger.info("downloading model file %s -> %s", url, dest)
        try:
            with os.fdopen(fd, "wb") as out:
                try:
                    # The scheme is checked by the registry parser: http(s) only.
                    with urllib.request.urlopen(url, timeout=self.timeout_s) as resp:
                        while chunk := resp.read(_CHUNK):
                            digest.update(chunk)
                            out.write(chunk)
                except urllib.error.HTTPError as exc:
                    exc.close()  # it holds the response socket
                    raise ModelDownloadError(f"download of {url} failed: HTTP {exc.code}") from exc
                except (urllib.error.URLError, OSError) as exc:
                    raise ModelDownloadError(f"download of {url} failed: {exc}") from exc
            actual = digest.hexdigest()
            if actual != expected:
                raise ModelIntegrityError(f"{dest} (from {url})", expected, actual)
            os.replace(tmp, dest)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
