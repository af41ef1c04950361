from __future__ import annotations

import threading
import time

from shield_middleware import CacheSettings, ResultCache
from shield_middleware.cache import KeyMaker, make_key


def test_hits_misses_and_hit_rate() -> None:
    cache: ResultCache[str] = ResultCache(CacheSettings(max_size=10, ttl_s=60))
    key = make_key("cfg", "hello")
    assert cache.get(key) is None
    cache.put(key, "verdict")
    assert cache.get(key) == "verdict"
    stats = cache.stats()
    assert (stats["hits"], stats["misses"], stats["size"]) == (1, 1, 1)
    assert stats["hit_rate"] == 0.5


def test_lru_eviction_is_counted_and_recent_entries_survive() -> None:
    cache: ResultCache[int] = ResultCache(CacheSettings(max_size=2, ttl_s=60))
    a, b, c = (make_key(x) for x in "abc")
    cache.put(a, 1)
    cache.put(b, 2)
    assert cache.get(a) == 1  # a is now the most recently used
    cache.put(c, 3)
    assert cache.get(b) is None
    assert cache.get(a) == 1 and cache.get(c) == 3
    assert cache.stats()["evictions"] == 1


def test_entries_expire_after_ttl() -> None:
    cache: ResultCache[int] = ResultCache(CacheSettings(max_size=10, ttl_s=0.05))
    key = make_key("x")
    cache.put(key, 1)
    time.sleep(0.08)
    assert cache.get(key) is None


def test_disabled_cache_stores_nothing() -> None:
    cache: ResultCache[int] = ResultCache(CacheSettings.disabled())
    cache.put(make_key("x"), 1)
    assert cache.get(make_key("x")) is None
    assert cache.stats()["size"] == 0


def test_keys_are_digests_not_text() -> None:
    key = make_key("cfg", "my secret prompt")
    assert isinstance(key, bytes) and len(key) == 16
    assert b"secret" not in key
    assert make_key("ab", "c") != make_key("a", "bc")


def test_concurrent_access_keeps_counts_consistent() -> None:
    cache: ResultCache[int] = ResultCache(CacheSettings(max_size=50, ttl_s=60))

    def work(n: int) -> None:
        for i in range(500):
            key = make_key(str((n * 7 + i) % 80))
            if cache.get(key) is None:
                cache.put(key, i)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats = cache.stats()
    assert stats["hits"] + stats["misses"] == 8 * 500
    assert stats["size"] <= 50


def test_presets() -> None:
    assert CacheSettings.preset("edge").max_size < CacheSettings.preset("aggressive").max_size
    assert not CacheSettings.preset("disabled").enabled


def test_an_expired_entry_leaving_is_not_counted_as_an_eviction() -> None:
    cache: ResultCache[int] = ResultCache(CacheSettings(max_size=1, ttl_s=0.05))
    cache.put(make_key("old"), 1)
    time.sleep(0.08)
    cache.put(make_key("new"), 2)  # pushes out the expired entry
    assert cache.stats()["evictions"] == 0
    assert cache.get(make_key("new")) == 2
    cache.put(make_key("newer"), 3)  # pushes out a live one
    assert cache.stats()["evictions"] == 1


def test_key_maker_matches_make_key_with_its_prefix() -> None:
    keys = KeyMaker("cfg|model")
    assert keys("hello") == make_key("cfg|model", "hello")
    assert keys("hello") == keys("hello") != keys("hello!")
    assert KeyMaker("cfg|model2")("hello") != keys("hello")


def test_key_maker_handles_empty_and_unpaired_surrogate_texts() -> None:
    keys = KeyMaker("cfg")
    assert keys("") == make_key("cfg", "") != make_key("cfg")
    assert keys("\ud800") == make_key("cfg", "\ud800") != keys("")
