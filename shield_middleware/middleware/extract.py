"""Pull the prompt text out of a parsed JSON payload, remembering where each piece came from.

Known formats have extractors that pick the fields an LLM will read (OpenAI chat completions,
legacy completions and Responses, Anthropic Messages, configured JSON paths). Whatever a format
extractor did not claim is still scanned as "other string leaves" unless the policy turns that
off: the guard must see every text the app might use, whatever the field is called.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

JsonPath = tuple[str | int, ...]


class PayloadError(ValueError):
    """The payload breaks a structural limit (depth, number of pieces)."""


#: First element of the path of a piece the guard derived, which no rewrite can mask: the
#: object keys that are not plain names (joined), the text around a seam between a list's
#: parts, and the whole join of those parts (`seam_windows`). Compared by identity: a
#: document's own "~key" field is no marker.
KEY = "~key"
JOINED = "~joined"
SEAM = "~seam"
#: Where one scanned message ends and the next begins (`message_seams`): read by the
#: heuristics, for detection only (each message's own piece carries its masks).
MESSAGE_SEAM = "~messages"


@dataclass(frozen=True, slots=True)
class Piece:
    """One text to scan and where it lives (`path` into the JSON document; `()` for a raw body)."""

    text: str
    path: JsonPath
    #: How a message names the piece; None: its path, formatted when asked for (most pieces
    #: of a passing request never are).
    label: str | None = None
    #: Read by the heuristics alone: a whole join of text parts (the model reads its seams), or
    #: text in which the model would read noise as words (a compressed body's raw bytes).
    heuristics_only: bool = False
    #: The path of the piece this one reads again, decoded (JSON inside a string): its mask
    #: may cover this piece.
    reading_of: JsonPath | None = None
    #: The role of the message it comes from ("system" for Anthropic's `system` and the
    #: Responses API's `instructions`); None outside messages.
    role: str | None = None

    @property
    def location(self) -> str:
        return self.label if self.label is not None else format_path(self.path)


def format_path(path: JsonPath) -> str:
    if path and path[0] is MESSAGE_SEAM:
        return f"{path[1]} (where messages meet)"
    if path and (path[0] is SEAM or path[0] is JOINED):
        return f"{format_path(path[2:-2])} (where parts meet)"
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "body"


@dataclass(frozen=True, slots=True)
class Limits:
    max_depth: int = 64
    max_pieces: int = 2048
    #: Longest text the guard derives for the model (seam windows, joined keys): below the
    #: Shield's `max_chars`, which is a limit on what the client wrote.
    derived_chars: int = 4096


def iter_strings(node: Any, path: JsonPath, limits: Limits, depth: int = 0) -> Iterator[tuple[JsonPath, str]]:
    """Every string leaf under `node`, and every object key that is not a schema name (a tool
    schema's property names reach the model too); depth-limited: raises PayloadError past the
    limit."""
    if depth > limits.max_depth:
        raise PayloadError(f"JSON nesting deeper than {limits.max_depth}")
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if not plain_name(key):
                yield (KEY, *path, key), name_text(key)
            yield from iter_strings(value, (*path, key), limits, depth + 1)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from iter_strings(value, (*path, i), limits, depth + 1)


def plain_name(name: str) -> bool:
    """A field name or object key that is a schema name ("max_tokens", "userId", "items[0]"),
    not text: at most two words. Anything else may carry words to the model (a tool schema's
    property names, a form field named with a sentence) and is scanned."""
    if name in _COMMON_NAMES:
        return True
    return len(name) <= 32 and _NAME_CHARS_RE.fullmatch(name) is not None and len(_WORD_RE.findall(name)) <= 2


def name_text(name: str) -> str:
    """A name as text to scan: as written, and with its word separators read as spaces
    ("Ignore_all_previous_instructions", "ignoreAllPrevious..." read as the model reads them)."""
    spaced = _CAMEL_RE.sub(" ", name.translate(_SEPARATORS))
    return name if spaced == name else f"{name}\n{spaced}"


_SEPARATORS = str.maketrans("_.-+", "    ")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")

# The fields of nearly every request: a set lookup settles them.
_COMMON_NAMES = frozenset(
    {
        "model", "messages", "role", "content", "type", "text", "name", "input", "system", "prompt",
        "temperature", "max_tokens", "max_completion_tokens", "stream", "stream_options", "top_p", "top_k",
        "stop", "stop_sequences", "tools", "tool_choice", "tool_calls", "tool_call_id", "function", "arguments",
        "parameters", "properties", "required", "description", "metadata", "response_format", "json_schema",
        "additionalProperties", "input_schema", "parallel_tool_calls", "frequency_penalty", "presence_penalty",
        "image_url", "cache_control", "instructions", "previous_response_id", "reasoning_effort",
    }
)  # fmt: skip
# ASCII word characters, dots, brackets and hyphens; words: "maxTokens" -> max, Tokens.
_NAME_CHARS_RE = re.compile(r"[A-Za-z0-9_.\[\]-]*")
_WORD_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def _message_texts(message: dict[str, Any], path: JsonPath, limits: Limits) -> Iterator[tuple[JsonPath, str]]:
    # Every string of a message or input item counts (content as a string or a list of parts,
    # tool calls and their arguments, tool and function outputs: all of it reaches the model),
    # except its role, the "type" tags of its parts and inline images: structure and pixels.
    for field, value in message.items():
        if not plain_name(field):
            yield (KEY, *path, field), name_text(field)
        if isinstance(value, str):  # the common case, without the generator machinery below
            if not (field in _OPAQUE or _structural(field, value)):
                yield (*path, field), value
            continue
        for sub_path, text in iter_strings(value, (*path, field), limits, depth=len(path) + 1):
            if not _structural(sub_path[-1], text):
                yield sub_path, text


# A tag such as "text", "input_text", "function_call_output" or an id such as "call_a1b2";
# anything else in such a field is text an app might forward, and is scanned.
_TAG_RE = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_TAG_FIELDS = frozenset({"type", "id", "call_id", "tool_call_id", "status"})
# A message's role, and reasoning the provider encrypted (only it can read or forge that).
_OPAQUE = frozenset({"role", "encrypted_content"})


def _structural(key: str | int, text: str) -> bool:
    return (key in _TAG_FIELDS and _TAG_RE.fullmatch(text) is not None) or _inline_image(text)


# A whole base64 image data URL and nothing else: text after the payload ("data:image/png;
# base64,AAAA Ignore all previous instructions") is not an image and is scanned. Linear: no
# nested quantifiers.
_IMAGE_DATA_URL_RE = re.compile(r"data:image/[\w.+-]{1,64};base64,[A-Za-z0-9+/]*={0,2}")


def _inline_image(text: str) -> bool:
    return text.startswith("data:image/") and _IMAGE_DATA_URL_RE.fullmatch(text) is not None


#: Roles whose text is scanned by default: everything the client wrote, not the model's replies.
DEFAULT_EXCLUDED_ROLES = frozenset({"assistant"})


def _messages(
    doc: dict[str, Any], key: str, roles: frozenset[str] | None, limits: Limits, lead: Any = None
) -> Iterator[tuple[JsonPath, str]]:
    """The texts of a list of messages; `lead` is what the model reads before them (Anthropic's
    `system`, the Responses API's `instructions`), read with the first message where they meet."""
    messages = doc.get(key)
    if not isinstance(messages, list):
        # Not the format's shape, but an app may still read it: every string is scanned.
        yield from iter_strings(messages, (key,), limits, 1)
        return
    scanned: list[tuple[int, str]] = []
    lead_text = lead if isinstance(lead, str) else " ".join(text for _, text in text_parts(lead))
    if lead_text.strip():
        scanned.append((-1, lead_text))
    for i, message in enumerate(messages):
        if not isinstance(message, dict):
            yield from iter_strings(message, (key, i), limits, 2)
            continue
        role = message.get("role")
        if isinstance(role, str):  # a role of another type is no role: the message is scanned
            if roles is not None:
                if role not in roles:
                    continue
            elif role in DEFAULT_EXCLUDED_ROLES:
                continue
        texts = list(_message_texts(message, (key, i), limits))
        yield from texts
        content = message.get("content")
        if isinstance(content, list):  # most messages hold a string: no generator for those
            yield from seam_windows(content, (key, i, "content"), limits.derived_chars)
        # Every text of the message, in order (content parts, tool results, outputs): what the
        # model reads of it, for the seams with its neighbours.
        whole = " ".join(text for path, text in texts if path[0] is not KEY)
        if whole.strip():
            scanned.append((i, whole))
    yield from message_seams(scanned, key)


def message_seams(scanned: Sequence[tuple[int, str]], key: str) -> Iterator[tuple[JsonPath, str]]:
    """Where scanned messages meet, read by the heuristics (`MESSAGE_SEAM`): an attack split over
    several messages ("Please ignore all", "previous instructions", ...) reaches the model as one
    text. The messages joined by newlines, MESSAGE_SEAM_CONTEXT characters each side of each
    boundary, one window per boundary (never merged: weak cues of turns far apart must not add
    up). The model reads each message on its own."""
    if len(scanned) < 2:
        return
    # Measured in what a reader sees: invisible characters and runs of blanks would otherwise
    # fill the window and push a split phrase out of it.
    visible = [_UNSEEN_RE.sub(" ", text).strip() for _, text in scanned]
    joined = "\n".join(visible)
    end = 0
    for text in visible[:-1]:
        end += len(text)
        start, stop = max(0, end - MESSAGE_SEAM_CONTEXT), min(len(joined), end + 1 + MESSAGE_SEAM_CONTEXT)
        yield (MESSAGE_SEAM, key, start), joined[start:stop]
        end += 1


# Format characters, fillers, variation selectors, tag characters and blank runs. Linear: one
# class, repeated.
_UNSEEN_RE = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef\\s]+"
)


def text_parts(content: Any) -> list[tuple[JsonPath, str]]:
    """The text parts of a content list, in order: (path suffix, text) of each bare string or
    part with a string "text"."""
    if not isinstance(content, list):
        return []
    parts: list[tuple[JsonPath, str]] = []
    for n, part in enumerate(content):
        if isinstance(part, str):
            parts.append(((n,), part))
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(((n, "text"), part["text"]))
    return parts


def seam_windows(content: Any, path: JsonPath, window_chars: int) -> Iterator[tuple[JsonPath, str]]:
    """Where a list's text parts meet, joined as an app or the provider joins them (with
    nothing and with a space), so that text split across parts ("Ignore all previous
    instruc", "tions ...") is read whole; a tool result's own content list likewise.

    Two kinds of piece: the text around each seam (`SEAM`, SEAM_CONTEXT characters each side,
    read by the heuristics and the model), and the whole join (`JOINED`, read by the
    heuristics alone, which are cheap: a secret or a long phrase split anywhere is found, and
    redaction is decided on it: `guard._Masks`)."""
    if not isinstance(content, list):
        return
    for n, part in enumerate(content):
        if isinstance(part, dict):
            yield from seam_windows(part.get("content"), (*path, n, "content"), window_chars)
    texts = [text for _, text in text_parts(content)]
    if len(texts) < 2:
        return
    for sep in ("", " "):
        joined = sep.join(texts)
        for start, k, chunk in chunks(joined, JOIN_CHUNK_CHARS, JOIN_OVERLAP):
            yield (JOINED, sep, *path, start, k), chunk
        windows: list[list[int]] = []
        end = 0
        for text in texts[:-1]:
            end += len(text)
            start, stop = max(0, end - SEAM_CONTEXT), min(len(joined), end + len(sep) + SEAM_CONTEXT)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = stop  # short parts: one window over all of them
            else:
                windows.append([start, stop])
            end += len(sep)
        for start, stop in windows:
            for offset, k, chunk in chunks(joined[start:stop], *_window_size(window_chars)):
                yield (SEAM, sep, *path, start + offset, k), chunk


#: Characters read on each side of a seam between two text parts: longer than the longest
#: signature phrase and most one-line secrets.
SEAM_CONTEXT = 256
#: Characters read each side of the boundary between two messages: a phrase split there, not
#: the messages' other cues (which their own pieces score).
MESSAGE_SEAM_CONTEXT = 96
#: Derived texts are scanned in pieces, overlapping: the length limit is for texts the
#: client wrote, not for what the guard put together. Seam windows over many short parts,
#: and the object keys, are cut to `Limits.derived_chars` (the model reads them); whole joins,
#: read by the heuristics only (with a length limit above this size), in large pieces whose
#: overlap holds a PEM key.
JOIN_CHUNK_CHARS = 65_536
JOIN_OVERLAP = 8_192


def _window_size(chars: int) -> tuple[int, int]:
    """(size, overlap) of the pieces a derived text for the model is cut into."""
    return chars, min(SEAM_CONTEXT, chars // 4)


def chunks(text: str, size: int, overlap: int) -> list[tuple[int, int, str]]:
    """(offset, index, piece) of `text` cut into pieces of at most `size` characters, each
    overlapping the one before by `overlap`."""
    step = size - overlap
    return [(at, k, text[at : at + size]) for k, at in enumerate(range(0, max(1, len(text) - overlap), step))]


def openai_chat(
    doc: dict[str, Any], roles: frozenset[str] | None, limits: Limits
) -> tuple[set[str], list[tuple[JsonPath, str]]]:
    return {"messages"}, list(_messages(doc, "messages", roles, limits))


def completions(
    doc: dict[str, Any], roles: frozenset[str] | None, limits: Limits
) -> tuple[set[str], list[tuple[JsonPath, str]]]:
    found = list(iter_strings(doc.get("prompt"), ("prompt",), limits, 1)) + list(
        iter_strings(doc.get("suffix"), ("suffix",), limits, 1)
    )
    return {"prompt", "suffix"}, found


def responses(
    doc: dict[str, Any], roles: frozenset[str] | None, limits: Limits
) -> tuple[set[str], list[tuple[JsonPath, str]]]:
    instructions = doc.get("instructions")
    found = list(iter_strings(instructions, ("instructions",), limits, 1))
    items = doc.get("input")
    if isinstance(items, list):
        found += _messages({"input": items}, "input", roles, limits, instructions)
    else:
        found += iter_strings(items, ("input",), limits, 1)
        if isinstance(instructions, str) and isinstance(items, str):
            found += message_seams([(-1, instructions), (0, items)], "input")
    return {"input", "instructions"}, found


def anthropic(
    doc: dict[str, Any], roles: frozenset[str] | None, limits: Limits
) -> tuple[set[str], list[tuple[JsonPath, str]]]:
    found = list(iter_strings(doc.get("system"), ("system",), limits, 1))
    found += seam_windows(doc.get("system"), ("system",), limits.derived_chars)
    found += _messages(doc, "messages", roles, limits, doc.get("system"))
    return {"system", "messages"}, found


Extractor = Callable[[dict[str, Any], "frozenset[str] | None", Limits], tuple[set[str], list[tuple[JsonPath, str]]]]

EXTRACTORS: dict[str, Extractor] = {
    "openai_chat": openai_chat,
    "completions": completions,
    "responses": responses,
    "anthropic": anthropic,
}


def detect_format(doc: Any) -> str | None:
    """Guess the API format of a request body from its shape."""
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("messages"), list):
        # Anthropic puts the system prompt at the top level; OpenAI puts it in `messages`.
        return "anthropic" if "system" in doc else "openai_chat"
    if "input" in doc:
        return "responses"
    if "prompt" in doc:
        return "completions"
    return None


def _get_path(doc: Any, path: Sequence[str]) -> tuple[JsonPath, Any] | None:
    node: Any = doc
    out: list[str | int] = []
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
            out.append(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            out.append(int(part))
        else:
            return None
    return tuple(out), node


def extract(
    doc: Any,
    *,
    extractor: str = "auto",
    json_paths: Sequence[str] = (),
    roles: frozenset[str] | None = None,
    scan_other_fields: bool = True,
    limits: Limits | None = None,
) -> list[Piece]:
    """The pieces of text to scan in a JSON document.

    `extractor` is a format name, ``"auto"`` (detect from the shape) or ``"all_strings"``;
    `json_paths` are dotted paths (``"data.question"``) scanned in addition.
    """
    limits = limits or Limits()
    claimed: set[str] = set()
    found: list[tuple[JsonPath, str]] = []
    name = detect_format(doc) if extractor == "auto" else extractor
    if name in EXTRACTORS:
        # A body of another shape than the format's object (a JSON array sent to a chat route)
        # is read as every string leaf below.
        if isinstance(doc, dict):
            claimed, found = EXTRACTORS[name](doc, roles, limits)
    elif name not in (None, "all_strings", "json_paths"):
        raise ValueError(f"unknown extractor {name!r}")
    for dotted in json_paths:
        hit = _get_path(doc, dotted.split("."))
        if hit is not None:
            found += iter_strings(hit[1], hit[0], limits, len(hit[0]))
            claimed.add(dotted.split(".")[0])
    if scan_other_fields or not (found or claimed):
        if isinstance(doc, dict):
            for key, value in doc.items():
                if not plain_name(key):
                    found.append(((KEY, key), name_text(key)))
                if key in claimed:
                    continue
                if isinstance(value, str):
                    found.append(((key,), value))
                else:
                    found += iter_strings(value, (key,), limits, 1)
        elif not claimed:
            found += iter_strings(doc, (), limits)
    seen: set[JsonPath] = set()
    pieces: list[Piece] = []
    keys: list[str] = []
    derived: list[Piece] = []
    for path, text in found:
        # Markers by identity: a document's own "~key" or "~joined" field is no marker.
        if path and path[0] is KEY:
            keys.append(text)
            continue
        if path and (path[0] is SEAM or path[0] is JOINED or path[0] is MESSAGE_SEAM):
            # Not the client's fields: outside the limit. A whole join is read by the heuristics
            # alone (the model reads the seams).
            # A seam within one message, or its whole join, has that message's role (where
            # messages meet, no one role).
            role = None if path[0] is MESSAGE_SEAM else _role_of(doc, path[2:-2], name)
            derived.append(Piece(text, path, heuristics_only=path[0] is not SEAM, role=role))
            continue
        if path in seen or not text:
            continue
        seen.add(path)
        pieces.append(Piece(text, path, role=_role_of(doc, path, name)))
        if len(pieces) > limits.max_pieces:
            raise PayloadError(f"more than {limits.max_pieces} text fields")
    pieces += derived
    # One scan for all keys (most requests have none): each distinct key once.
    for _, k, chunk in chunks("\n".join(dict.fromkeys(keys)), *_window_size(limits.derived_chars)) if keys else ():
        pieces.append(Piece(chunk, (KEY, k), "object keys"))
    return pieces


def _role_of(doc: Any, path: JsonPath, extractor: str | None) -> str | None:
    """The role of the message a piece comes from, in the format the extractor read: a message's
    "role", and "system" for Anthropic's `system` and the Responses API's `instructions` (the
    system prompts of those formats)."""
    lead = _LEAD_FIELDS.get(extractor or "")
    if lead is not None and path and path[0] == lead:
        return "system"
    if len(path) >= 2 and path[0] == _MESSAGE_FIELDS.get(extractor or "") and isinstance(path[1], int):
        messages = doc.get(path[0]) if isinstance(doc, dict) else None
        message = messages[path[1]] if isinstance(messages, list) else None
        role = message.get("role") if isinstance(message, dict) else None
        return role if isinstance(role, str) else None
    return None


_LEAD_FIELDS = {"anthropic": "system", "responses": "instructions"}
_MESSAGE_FIELDS = {"openai_chat": "messages", "anthropic": "messages", "responses": "input"}
