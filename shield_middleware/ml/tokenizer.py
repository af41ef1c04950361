"""`TokenizerWrapper`: a `tokenizers.Tokenizer` with our own windowing of long inputs.

At load, padding and truncation are switched off (the ``tokenizer.json`` shipped with
all-MiniLM-L6-v2 pads every encode to 128 and truncates there); the special tokens the
post-processor adds around one sequence (``[CLS] … [SEP]`` for BERT) are found once with a probe.
Texts are then encoded without special tokens through ``encode_batch`` (which releases the GIL),
cut into windows of ``max_length`` tokens that overlap by ``stride`` tokens, and each window gets
its own prefix and suffix special tokens. Padding happens per run group, to the longest window of
the group, never to a fixed 512.

Window cap: a text with more than ``max_windows`` windows keeps the first, the last and
evenly spaced ones in between (``round(i * (n - 1) / (max_windows - 1))``); the text is flagged
``capped`` so the caller knows parts of it were not scored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from tokenizers import Encoding, Tokenizer

IntArray = npt.NDArray[np.int64]
_PROBE = "hello world"
# tokenizers takes only valid Unicode: a lone surrogate (JSON allows "\\ud800") would fail the
# whole batch, and on a fail-open route the request would pass unscanned.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_PAD_TOKENS = ("[PAD]", "<pad>", "<PAD>")


@dataclass(frozen=True, slots=True)
class WindowedTexts:
    """Token windows of a batch of texts, unpadded."""

    #: One int64 array per window, special tokens included.
    windows: tuple[IntArray, ...]
    #: For each window, the index of the text it came from.
    text_index: IntArray
    #: For each text, how many windows were kept.
    windows_per_text: tuple[int, ...]
    #: For each text, its token count without special tokens.
    tokens_per_text: tuple[int, ...]
    #: For each text, whether windows were dropped by the ``max_windows`` cap.
    capped: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class EncodedBatch:
    """Padded model inputs: ``input_ids`` and ``attention_mask`` are int64 ``[windows, seq]``."""

    input_ids: IntArray
    attention_mask: IntArray
    #: For each row, the index of the text it came from.
    text_index: IntArray
    capped: tuple[bool, ...]


def select_windows(count: int, max_windows: int) -> list[int]:
    """Indices of the windows kept out of ``count``: all, or first, last and evenly spaced ones."""
    if count <= max_windows:
        return list(range(count))
    if max_windows == 1:
        return [0]
    return [round(i * (count - 1) / (max_windows - 1)) for i in range(max_windows)]


class TokenizerWrapper:
    """Tokenizer for one model.

    ``max_length`` is the window size in tokens, special tokens included; ``stride`` is the
    overlap between consecutive windows (clamped below the window's content size);
    ``max_windows`` caps the windows scored per text.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_length: int = 256,
        stride: int = 64,
        max_windows: int = 8,
    ) -> None:
        if max_length < 4:
            raise ValueError(f"max_length must be >= 4, got {max_length}")
        if stride < 0:
            raise ValueError(f"stride must be >= 0, got {stride}")
        if max_windows < 1:
            raise ValueError(f"max_windows must be >= 1, got {max_windows}")
        tok = Tokenizer.from_file(os.fspath(path))
        padding = tok.padding
        self.pad_id = int(padding["pad_id"]) if padding else self._find_pad_id(tok)
        # Set once, never touched again: Tokenizer settings are shared by every thread.
        tok.no_padding()
        tok.no_truncation()
        self._tok = tok
        probe = tok.encode(_PROBE, add_special_tokens=True)
        mask = probe.special_tokens_mask
        head = next((i for i, m in enumerate(mask) if not m), len(mask))
        tail = next((i for i, m in enumerate(reversed(mask)) if not m), 0)
        self.prefix: IntArray = np.asarray(probe.ids[:head], dtype=np.int64)
        self.suffix: IntArray = np.asarray(probe.ids[len(mask) - tail :], dtype=np.int64)
        self.max_length = max_length
        self.content_length = max_length - len(self.prefix) - len(self.suffix)
        if self.content_length < 1:
            raise ValueError(f"max_length {max_length} leaves no room besides the special tokens")
        self.stride = min(stride, self.content_length - 1)
        self.max_windows = max_windows

    def _encode(self, texts: Sequence[str]) -> list[Encoding]:
        valid = [t if t.isascii() else _SURROGATE_RE.sub("\ufffd", t) for t in texts]
        return self._tok.encode_batch(valid, add_special_tokens=False)

    @staticmethod
    def _find_pad_id(tok: Tokenizer) -> int:
        for token in _PAD_TOKENS:
            token_id = tok.token_to_id(token)
            if token_id is not None:
                return int(token_id)
        return 0

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Token count of each text, special tokens excluded."""
        return [len(e.ids) for e in self._encode(texts)]

    def windows(self, texts: Sequence[str]) -> WindowedTexts:
        """Encode ``texts`` and cut each into windows (see the module docstring)."""
        encodings = self._encode(texts)
        room, step = self.content_length, self.content_length - self.stride
        windows: list[IntArray] = []
        index: list[int] = []
        counts: list[int] = []
        tokens: list[int] = []
        capped: list[bool] = []
        for text_no, enc in enumerate(encodings):
            ids = np.asarray(enc.ids, dtype=np.int64)
            total = len(ids)
            count = 1 if total <= room else 1 + -(-(total - room) // step)
            # The last window ends exactly at the end of the text, so it is always full.
            starts = [min(i * step, max(total - room, 0)) for i in range(count)]
            kept = select_windows(count, self.max_windows)
            for w in kept:
                body = ids[starts[w] : starts[w] + room]
                windows.append(np.concatenate((self.prefix, body, self.suffix)))
                index.append(text_no)
            counts.append(len(kept))
            tokens.append(total)
            capped.append(len(kept) < count)
        return WindowedTexts(
            windows=tuple(windows),
            text_index=np.asarray(index, dtype=np.int64),
            windows_per_text=tuple(counts),
            tokens_per_text=tuple(tokens),
            capped=tuple(capped),
        )

    def pad(self, windows: Sequence[IntArray]) -> tuple[IntArray, IntArray]:
        """Stack windows into ``(input_ids, attention_mask)`` padded to the longest one."""
        width = max((len(w) for w in windows), default=0)
        input_ids = np.full((len(windows), width), self.pad_id, dtype=np.int64)
        attention_mask = np.zeros((len(windows), width), dtype=np.int64)
        for row, window in enumerate(windows):
            input_ids[row, : len(window)] = window
            attention_mask[row, : len(window)] = 1
        return input_ids, attention_mask

    def encode_batch(self, texts: Sequence[str]) -> EncodedBatch:
        """All windows of ``texts`` as one padded batch, with the window -> text mapping."""
        win = self.windows(texts)
        input_ids, attention_mask = self.pad(win.windows)
        return EncodedBatch(input_ids, attention_mask, win.text_index, win.capped)
