"""Decode a request body the way the app will, turn it into pieces of text, and rewrite it.

Content types: JSON (``application/json``, ``*+json``), form-encoded, multipart text fields and
``text/*``. JSON is read as the frameworks read it (Starlette's ``request.json()``, Flask's
``get_json()`` and Django's ``json.loads(request.body)`` all hand the bytes to ``json.loads``):
UTF-8, UTF-16 or UTF-32 told apart by the first bytes, a UTF-8 BOM skipped, the charset
parameter ignored. A body whose content type says something else but that parses as JSON is
treated as JSON too: apps often call ``request.json()`` whatever the header says, and JSON
string escapes (``\\u0069gnore``) would otherwise hide text from a plain-text scan.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .extract import JsonPath, Limits, PayloadError, Piece, extract


class BadRequest(Exception):
    """A body the guard refuses; becomes an error response with `status` and `code`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    extractor: str = "auto"
    json_paths: tuple[str, ...] = ()
    roles: frozenset[str] | None = None
    scan_other_fields: bool = True
    unknown_content_type: str = "scan"  # "scan" (as text) or "reject" (415)
    decompress: bool = True
    max_decompressed_bytes: int = 4 * 1024 * 1024
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True, slots=True)
class Payload:
    """A parsed body: its kind (``json``, ``form``, ``multipart``, ``text``, ``empty``), the parsed
    document (JSON value, form pairs or text) and the pieces to scan."""

    kind: str
    document: Any
    pieces: tuple[Piece, ...]
    charset: str = "utf-8"


def decode_content_encoding(body: bytes, encoding: str, options: ExtractOptions) -> bytes:
    """Undo gzip / deflate with a cap on the decompressed size (a zip bomb gets 413)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise BadRequest(415, "unsupported_encoding", f"Content-Encoding {encoding!r} is not supported")
    if not options.decompress:
        raise BadRequest(415, "unsupported_encoding", "compressed request bodies are not accepted on this route")
    wbits = 31 if "gzip" in encoding else 15
    try:
        decoder = zlib.decompressobj(wbits)
        out = decoder.decompress(body, options.max_decompressed_bytes + 1)
        if len(out) > options.max_decompressed_bytes or decoder.unconsumed_tail:
            raise BadRequest(413, "body_too_large", "decompressed request body is too large")
        if not decoder.eof:
            raise BadRequest(400, "invalid_body", f"truncated {encoding} body")
        return out
    except zlib.error as exc:
        if encoding == "deflate" and wbits == 15:
            # Some clients send raw deflate without the zlib header.
            return _raw_deflate(body, options)
        raise BadRequest(400, "invalid_body", f"corrupt {encoding} body: {exc}") from None


def _raw_deflate(body: bytes, options: ExtractOptions) -> bytes:
    try:
        decoder = zlib.decompressobj(-15)
        out = decoder.decompress(body, options.max_decompressed_bytes + 1)
    except zlib.error as exc:
        raise BadRequest(400, "invalid_body", f"corrupt deflate body: {exc}") from None
    if len(out) > options.max_decompressed_bytes or decoder.unconsumed_tail:
        raise BadRequest(413, "body_too_large", "decompressed request body is too large")
    return out


def parse_content_type(header: str) -> tuple[str, dict[str, str]]:
    media, _, rest = header.partition(";")
    params: dict[str, str] = {}
    for item in rest.split(";"):
        key, sep, value = item.partition("=")
        if sep:
            params[key.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), params


def _decode_text(body: bytes, charset: str) -> str:
    try:
        return body.decode(charset)
    except LookupError:
        raise BadRequest(415, "unsupported_charset", f"unknown charset {charset!r}") from None
    except UnicodeDecodeError:
        raise BadRequest(400, "invalid_encoding", f"request body is not valid {charset}") from None


def _json_text(body: bytes) -> str:
    """The body decoded the way ``json.loads(body)`` decodes it (without its lone surrogates)."""
    try:
        return body.decode(json.detect_encoding(body))
    except UnicodeDecodeError:
        raise BadRequest(400, "invalid_encoding", "JSON body is not valid UTF-8, UTF-16 or UTF-32") from None


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise BadRequest(400, "invalid_json", "JSON nesting too deep") from None
    except ValueError as exc:
        raise BadRequest(400, "invalid_json", f"malformed JSON: {exc}") from None


def _json_payload(text: str, options: ExtractOptions) -> Payload:
    doc = _parse_json(text)
    try:
        pieces = extract(
            doc,
            extractor=options.extractor,
            json_paths=options.json_paths,
            roles=options.roles,
            scan_other_fields=options.scan_other_fields,
            limits=options.limits,
        )
    except PayloadError as exc:
        raise BadRequest(400, "payload_too_complex", str(exc)) from None
    # Redaction writes UTF-8 back, which json.loads reads whatever the original encoding was.
    return Payload("json", doc, tuple(pieces))


def _form_payload(text: str, options: ExtractOptions) -> Payload:
    try:
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            errors="strict",
            max_num_fields=options.limits.max_pieces,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(400, "invalid_form", f"malformed form body: {exc}") from None
    pieces = tuple(Piece(v, (i,), k) for i, (k, v) in enumerate(pairs) if v)
    return Payload("form", pairs, pieces)


def _multipart_payload(body: bytes, boundary: str, options: ExtractOptions) -> Payload:
    """Every text part, split as Starlette (python-multipart) and Werkzeug split: a delimiter is
    a whole line (CRLF, LF or CR line breaks, as Werkzeug accepts), so a ``--boundary`` inside
    a field's value neither ends the scan early nor hides the rest of its line."""
    if not boundary:
        raise BadRequest(400, "invalid_multipart", "multipart body without a boundary")
    # Linear: the boundary is a literal, and [ \t]* is tried only where a line starts with it.
    delimiter = re.compile(
        rb"(?:\A|\r\n|\r|\n)--" + re.escape(boundary.encode("latin-1")) + rb"(--)?[ \t]*(?=\r\n|\r|\n|\Z)"
    )
    marks = list(delimiter.finditer(body))
    pieces: list[Piece] = []
    # What precedes the first delimiter (the preamble) and follows the last reaches no app.
    for i, mark in enumerate(marks):
        if mark.group(1):
            break  # the close delimiter
        part = body[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else len(body)]
        headers, content = _part_head(_LINE_BREAK_RE.sub(b"", part, count=1))
        name = _disposition_name(headers.get("content-disposition", "")) or f"part{i}"
        ctype = headers.get("content-type", "").lower()
        text: str | None
        if not ctype or ctype.startswith("text/") or ctype.endswith("json"):
            text = _decode_text(content, "utf-8")
        else:
            # A declared binary type does not stop an app from decoding the upload and handing
            # it to the model: text in it is scanned too. Real binary files (NUL bytes, invalid
            # UTF-8) are out of scope.
            text = _binary_part_text(content)
        if text is not None:
            pieces.append(Piece(text, (i,), name))
        if len(pieces) > options.limits.max_pieces:
            raise BadRequest(400, "payload_too_complex", f"more than {options.limits.max_pieces} fields")
    return Payload("multipart", None, tuple(p for p in pieces if p.text))


# One line break: CRLF, or a lone CR or LF (a CR before an LF is never a break on its own).
_LINE_BREAK = rb"(?:\r\n|\r(?!\n)|\n)"
_LINE_BREAK_RE = re.compile(rb"\A" + _LINE_BREAK)
_EMPTY_LINE_RE = re.compile(_LINE_BREAK + _LINE_BREAK)
_LINE_SPLIT_RE = re.compile(_LINE_BREAK)


def _part_head(part: bytes) -> tuple[dict[str, str], bytes]:
    """A part's headers (lower-case names) and its content, split at the first empty line."""
    if _LINE_BREAK_RE.match(part):
        return {}, _LINE_BREAK_RE.sub(b"", part, count=1)
    blank = _EMPTY_LINE_RE.search(part)
    if blank is None:
        raise BadRequest(400, "invalid_multipart", "multipart part without headers")
    headers: dict[str, str] = {}
    for line in _LINE_SPLIT_RE.split(part[: blank.start()]):
        key, _, value = line.decode("latin-1").partition(":")
        headers.setdefault(key.strip().lower(), value.strip())
    return headers, part[blank.end() :]


# name="q", name=q or name*=utf-8''q; not filename=. Linear: no nested quantifiers.
_NAME_PARAM_RE = re.compile(r"""(?:^|;)\s*name\*?\s*=\s*(?:"([^"]*)"|([^;\s]*))""", re.IGNORECASE)


def _disposition_name(disposition: str) -> str | None:
    match = _NAME_PARAM_RE.search(disposition)
    if match is None:
        return None
    name = match.group(1) if match.group(1) is not None else match.group(2)
    return name.rpartition("''")[2] or None


def _binary_part_text(content: bytes) -> str | None:
    if b"\0" in content:
        return None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def parse_body(body: bytes, content_type: str, content_encoding: str, options: ExtractOptions) -> Payload:
    """Decode, parse and extract. Raises `BadRequest` for anything the app would choke on."""
    body = decode_content_encoding(body, content_encoding, options)
    if not body:
        return Payload("empty", None, ())
    media, params = parse_content_type(content_type)
    charset = params.get("charset", "utf-8")
    if media == "application/json" or media.endswith("+json"):
        return _json_payload(_json_text(body), options)
    if media == "application/x-www-form-urlencoded":
        return _form_payload(_decode_text(body, "utf-8"), options)
    if media == "multipart/form-data":
        return _multipart_payload(body, params.get("boundary", ""), options)
    if not media.startswith("text/") and options.unknown_content_type == "reject":
        raise BadRequest(415, "unsupported_media_type", f"content type {media or 'none'!r} is not accepted here")
    sniffed = _sniff_json(body, options)
    if sniffed is not None:
        return sniffed
    text = _decode_text(body, charset)
    return Payload("text", text, (Piece(text, (), "body"),), charset)


def _sniff_json(body: bytes, options: ExtractOptions) -> Payload | None:
    """The body as JSON if ``json.loads`` would read an object, array or string from it."""
    try:
        text = _json_text(body)
    except BadRequest:
        return None
    if text.lstrip(" \t\r\n")[:1] not in ("{", "[", '"'):
        return None
    try:
        return _json_payload(text, options)
    except BadRequest as exc:
        if exc.code == "payload_too_complex":
            raise
        return None


QUERY = "?"  # first element of the path of a query-string piece


def with_query(payload: Payload, query: str, max_pieces: int) -> Payload:
    """`payload` plus the values of the query string as pieces (``query.<name>``)."""
    try:
        pairs = parse_qsl(query, keep_blank_values=False, errors="strict", max_num_fields=max_pieces)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(400, "invalid_query", f"malformed query string: {exc}") from None
    extra = tuple(Piece(v, (QUERY, i), f"query.{k}") for i, (k, v) in enumerate(pairs) if v)
    return replace(payload, pieces=payload.pieces + extra)


def rewrite(payload: Payload, replacements: Mapping[JsonPath, str]) -> bytes | None:
    """The body with the given pieces replaced, or None when this kind cannot be rewritten."""
    if any(path[:1] == (QUERY,) for path in replacements):
        return None  # the query string is part of the URL: masking it would change the route
    if payload.kind == "json":
        doc = payload.document
        for path, text in replacements.items():
            doc = _set_path(doc, path, text)
        return json.dumps(doc, ensure_ascii=False).encode(payload.charset)
    if payload.kind == "form":
        pairs: Sequence[tuple[str, str]] = payload.document
        new = [(k, replacements.get((i,), v)) for i, (k, v) in enumerate(pairs)]
        return urlencode(new).encode("ascii")
    if payload.kind == "text":
        body_text: str = replacements.get((), payload.document)
        return body_text.encode(payload.charset)
    return None


def _set_path(node: Any, path: JsonPath, value: str) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        copy: Any = dict(node)
    else:
        copy = list(node)
    copy[head] = _set_path(node[head], rest, value)
    return copy
