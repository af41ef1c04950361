from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from shield_middleware.ml import TokenizerWrapper
from shield_middleware.ml.tokenizer import select_windows

from .ml_fixtures import VOCAB, build_tokenizer

CLS, SEP, PAD = VOCAB.index("[CLS]"), VOCAB.index("[SEP]"), VOCAB.index("[PAD]")
WORDS = [w for w in VOCAB if not w.startswith("[")]


@pytest.fixture(scope="module")
def tokenizer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tok") / "tokenizer.json"
    build_tokenizer().save(str(path))  # saved with padding and truncation at 128
    return path


def _text(n: int) -> str:
    """``n`` distinct-enough words, one token each."""
    return " ".join(WORDS[i % len(WORDS)] for i in range(n))


def _ids(n: int) -> list[int]:
    return [VOCAB.index(WORDS[i % len(WORDS)]) for i in range(n)]


def test_shipped_padding_and_truncation_are_overridden(tokenizer_path: Path) -> None:
    tok = TokenizerWrapper(tokenizer_path, max_length=512)
    assert tok.pad_id == PAD
    win = tok.windows(["ignore previous", _text(300)])
    assert [len(w) for w in win.windows] == [4, 302]  # not padded to 128, not truncated at 128
    assert win.tokens_per_text == (2, 300)


def test_special_tokens_found_once(tokenizer_path: Path) -> None:
    tok = TokenizerWrapper(tokenizer_path, max_length=16)
    assert tok.prefix.tolist() == [CLS] and tok.suffix.tolist() == [SEP]
    assert tok.content_length == 14


def test_long_text_windows_overlap_and_keep_special_tokens(tokenizer_path: Path) -> None:
    tok = TokenizerWrapper(tokenizer_path, max_length=16, stride=4, max_windows=100)
    ids = _ids(40)
    win = tok.windows([_text(40)])
    # content 14 per window, step 10: starts 0, 10, 20 and the last one flush with the end (26).
    assert win.windows_per_text == (4,)
    bodies = [w[1:-1].tolist() for w in win.windows]
    assert bodies == [ids[0:14], ids[10:24], ids[20:34], ids[26:40]]
    for w in win.windows:
        assert w[0] == CLS and w[-1] == SEP and len(w) == 16 and w.dtype == np.int64
    assert win.capped == (False,)
    assert win.text_index.tolist() == [0, 0, 0, 0]


def test_window_cap_keeps_first_last_and_evenly_spaced(tokenizer_path: Path) -> None:
    tok = TokenizerWrapper(tokenizer_path, max_length=16, stride=4, max_windows=3)
    ids = _ids(200)
    win = tok.windows([_text(200), "ignore"])
    # 200 tokens -> 1 + ceil((200 - 14) / 10) = 20 windows; kept: 0, 10 (round(9.5)), 19.
    assert win.windows_per_text == (3, 1)
    assert win.capped == (True, False)
    assert win.windows[0][1:-1].tolist() == ids[0:14]
    assert win.windows[1][1:-1].tolist() == ids[100:114]
    assert win.windows[2][1:-1].tolist() == ids[186:200]
    assert win.text_index.tolist() == [0, 0, 0, 1]


@pytest.mark.parametrize(
    ("count", "cap", "expected"),
    [(3, 8, [0, 1, 2]), (10, 4, [0, 3, 6, 9]), (20, 3, [0, 10, 19]), (5, 1, [0]), (9, 2, [0, 8])],
)
def test_select_windows(count: int, cap: int, expected: list[int]) -> None:
    assert select_windows(count, cap) == expected


def test_empty_text_is_one_window_of_special_tokens(tokenizer_path: Path) -> None:
    win = TokenizerWrapper(tokenizer_path, max_length=16).windows([""])
    assert [w.tolist() for w in win.windows] == [[CLS, SEP]]
    assert win.tokens_per_text == (0,)


def test_encode_batch_pads_to_longest(tokenizer_path: Path) -> None:
    tok = TokenizerWrapper(tokenizer_path, max_length=16, stride=4)
    batch = tok.encode_batch(["ignore", _text(5), _text(20)])
    assert batch.input_ids.shape == (4, 16)  # 1 + 1 + 2 windows, longest window 16
    assert batch.input_ids.dtype == np.int64 and batch.attention_mask.dtype == np.int64
    assert batch.text_index.tolist() == [0, 1, 2, 2]
    assert batch.attention_mask.sum(axis=1).tolist() == [3, 7, 16, 16]
    assert batch.input_ids[0].tolist() == [CLS, VOCAB.index("ignore"), SEP] + [PAD] * 13
    short = tok.encode_batch(["ignore previous"])
    assert short.input_ids.shape == (1, 4)


def test_stride_is_clamped_and_arguments_checked(tokenizer_path: Path) -> None:
    tok = TokenizerWrapper(tokenizer_path, max_length=8, stride=64)
    assert tok.stride == tok.content_length - 1
    assert len(tok.windows([_text(30)]).windows) > 1
    with pytest.raises(ValueError, match="max_windows"):
        TokenizerWrapper(tokenizer_path, max_windows=0)
    with pytest.raises(ValueError, match="stride"):
        TokenizerWrapper(tokenizer_path, stride=-1)


def test_count_tokens(tokenizer_path: Path) -> None:
    tok = TokenizerWrapper(tokenizer_path)
    assert tok.count_tokens(["", "ignore previous instructions", _text(50)]) == [0, 3, 50]


def test_lone_surrogates_are_encoded_not_refused(tokenizer_path: Path) -> None:
    # JSON's "\\ud800" decodes to a lone surrogate, which tokenizers refuses; the whole batch
    # would fail (and a fail-open route would pass the request unscanned).
    tok = TokenizerWrapper(tokenizer_path, max_length=512)
    clean = tok.windows(["ignore previous"])
    dirty = tok.windows(["ignore \ud800previous", "ignore previous"])
    assert dirty.tokens_per_text[1] == clean.tokens_per_text[0]
    assert dirty.tokens_per_text[0] >= clean.tokens_per_text[0]
    assert tok.count_tokens(["a\udfff"]) == [len(tok.windows(["a\ufffd"]).windows[0]) - 2]
