"""ResultCache: a thread-safe LRU + TTL cache of verdicts, keyed by a digest.

cachetools' caches are not thread-safe, so every access goes through one lock. Keys are BLAKE2b
digests: the cache never holds a prompt as a key.

The TTL is a timestamp stored with each value and checked on lookup, on top of cachetools'
LRUCache: same semantics as its TTLCache (an entry lives `ttl_s` after it was stored), whose
eager expiry on every access cost ~7 us more per lookup + store (measured, 10,000 entries).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cachetools import LRUCache

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class CacheSettings:
    """Size and lifetime of the result cache."""

    #: Whether verdicts are cached at all. Default: True.
    enabled: bool = True
    #: Most entries kept; the least recently used is evicted first. Default: 10,000.
    max_size: int = 10_000
    #: Seconds an entry stays valid. Default: 3,600.
    ttl_s: float = 3600.0

    def __post_init__(self) -> None:
        if not isinstance(self.enabled, bool):  # "no" is truthy: the cache would stay on
            raise ValueError(f"cache.enabled must be true or false, got {self.enabled!r}")
        if isinstance(self.max_size, bool) or not isinstance(self.max_size, int) or self.max_size < 1:
            raise ValueError(f"cache.max_size must be an integer >= 1, got {self.max_size!r}")
        if isinstance(self.ttl_s, bool) or not isinstance(self.ttl_s, (int, float)) or self.ttl_s <= 0:
            raise ValueError(f"cache.ttl_s must be a number > 0, got {self.ttl_s!r}")

    @classmethod
    def production(cls) -> CacheSettings:
        return cls(enabled=True, max_size=10_000, ttl_s=3600.0)

    @classmethod
    def edge(cls) -> CacheSettings:
        """Small memory footprint for constrained hosts."""
        return cls(enabled=True, max_size=1_000, ttl_s=600.0)

    @classmethod
    def aggressive(cls) -> CacheSettings:
        """Large and long-lived, for workloads with many repeated prompts."""
        return cls(enabled=True, max_size=100_000, ttl_s=86_400.0)

    @classmethod
    def disabled(cls) -> CacheSettings:
        return cls(enabled=False)

    @classmethod
    def preset(cls, name: str) -> CacheSettings:
        presets = {
            "production": cls.production,
            "edge": cls.edge,
            "aggressive": cls.aggressive,
            "disabled": cls.disabled,
        }
        try:
            return presets[name]()
        except KeyError:
            raise ValueError(f"cache.preset must be one of {sorted(presets)}, got {name!r}") from None


def make_key(*parts: str) -> bytes:
    """Digest of `parts`; NUL-separated so that ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        _feed(h, part)
    return h.digest()


def _feed(h: hashlib.blake2b, part: str) -> None:
    # One encoding rule for both key makers, so KeyMaker's keys stay equal to make_key's.
    h.update(part.encode("utf-8", "surrogatepass"))
    h.update(b"\0")


class KeyMaker:
    """`make_key(prefix, text)` for a fixed prefix, with the prefix hashed once: copying a
    BLAKE2b state costs less than hashing the prefix again on every lookup."""

    def __init__(self, prefix: str) -> None:
        self._base = hashlib.blake2b(digest_size=16)
        _feed(self._base, prefix)

    def __call__(self, text: str) -> bytes:
        h = self._base.copy()
        _feed(h, text)
        return h.digest()


class _ExpiringLRUCache(LRUCache[bytes, tuple[float, Any]]):
    """An LRUCache of (expiry time, value); counts evictions of entries that were still live."""

    evictions = 0

    def popitem(self) -> tuple[bytes, tuple[float, Any]]:
        item = super().popitem()
        if item[1][0] > time.monotonic():  # an expired entry leaving is not an eviction
            self.evictions += 1
        return item


class ResultCache(Generic[V]):
    """LRU + TTL cache with hit / miss / eviction statistics."""

    def __init__(self, settings: CacheSettings | None = None) -> None:
        self.settings = settings or CacheSettings.production()
        self._lock = threading.Lock()
        self._cache = _ExpiringLRUCache(maxsize=self.settings.max_size)
        self._hits = 0
        self._misses = 0

    @property
    def enabled(self) -> bool:
        return self.settings.enabled

    def get(self, key: bytes) -> V | None:
        if not self.settings.enabled:
            return None
        with self._lock:
            entry = self._cache.get(key)
            if entry is not None and entry[0] <= time.monotonic():
                del self._cache[key]
                entry = None
            if entry is None:
                self._misses += 1
                return None
            self._hits += 1
            value: V = entry[1]
            return value

    def put(self, key: bytes, value: V) -> None:
        if not self.settings.enabled:
            return
        expires = time.monotonic() + self.settings.ttl_s
        with self._lock:
            self._cache[key] = (expires, value)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def stats(self) -> dict[str, float | int | bool]:
        with self._lock:
            lookups = self._hits + self._misses
            return {
                "enabled": self.settings.enabled,
                "hits": self._hits,
                "misses": self._misses,
                "hit_rate": self._hits / lookups if lookups else 0.0,
                "evictions": self._cache.evictions,
                # Expired entries count until a lookup or an eviction removes them.
                "size": len(self._cache),
                "max_size": self.settings.max_size,
            }
