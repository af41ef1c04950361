"""Decode a request body the way the app will, turn it into pieces of text, and rewrite it.

Content types: JSON (``application/json``, ``*+json``), form-encoded, multipart (fields, text
uploads) and ``text/*``. JSON is read as the frameworks read it (Starlette's ``request.json()``,
Flask's ``get_json()`` and Django's ``json.loads(request.body)`` all hand the bytes to
``json.loads``): UTF-8, UTF-16 or UTF-32 told apart by the first bytes, a UTF-8 BOM skipped.

Where apps may read one body in more than one way, every reading is scanned (its pieces'
paths start with `READING`): a charset parameter that reads differently (Django REST
framework honours it for JSON, Starlette for multipart fields, while a bare ``body.decode()``
reads UTF-8), and JSON under another content type (apps often call ``request.json()``
whatever the header says, and JSON string escapes such as ``\\u0069gnore`` would otherwise
hide text from a form or plain-text scan). A redaction is written back only where one
rewrite masks every reading; elsewhere the guard blocks.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any
from urllib.parse import parse_qsl, unquote, unquote_to_bytes, urlencode

from .extract import (
    JOINED,
    KEY,
    MESSAGE_SEAM,
    SEAM,
    JsonPath,
    Limits,
    PayloadError,
    Piece,
    extract,
    iter_strings,
    name_text,
    plain_name,
)


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


def declared_length(declared: str, limit: int) -> int:
    """A Content-Length header's value; 400 if it is not a number, 413 past `limit`."""
    if not (declared.isascii() and declared.isdigit()):  # "²" is a digit to str.isdigit
        raise BadRequest(400, "invalid_content_length", "Content-Length is not a number")
    digits = declared.lstrip("0") or "0"
    # Past 18 digits no limit is near, and int() refuses more than 4,300.
    length = int(digits) if len(digits) <= 18 else limit + 1
    if length > limit:
        raise BadRequest(413, "body_too_large", f"request body larger than {limit} bytes")
    return length


def decode_content_encoding(
    body: bytes, encoding: str, options: ExtractOptions, header_fields: list[bytes] | None = None
) -> bytes:
    """Undo gzip / deflate with a cap on the decompressed size (a zip bomb gets 413). The text
    fields of each gzip member's header (file name, comment, extra field) go to `header_fields`."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise BadRequest(415, "unsupported_encoding", f"Content-Encoding {encoding!r} is not supported")
    if not options.decompress:
        raise BadRequest(415, "unsupported_encoding", "compressed request bodies are not accepted on this route")
    wbits = 31 if "gzip" in encoding else 15
    try:
        return _inflate(body, wbits, encoding, options.max_decompressed_bytes, header_fields)
    except zlib.error as exc:
        if encoding == "deflate" and wbits == 15:
            # Some clients send raw deflate without the zlib header.
            return _raw_deflate(body, options)
        raise BadRequest(400, "invalid_body", f"corrupt {encoding} body: {exc}") from None


def _inflate(body: bytes, wbits: int, encoding: str, cap: int, header_fields: list[bytes] | None) -> bytes:
    """Every member of a gzip body (``gzip.decompress``, which apps use, reads them all), or
    the one zlib stream of a deflate body; anything after the end is refused."""
    out = bytearray()
    rest = body
    for _ in range(_MAX_GZIP_MEMBERS):
        if wbits == 31 and header_fields is not None:
            header_fields += _gzip_header_fields(rest)
        decoder = zlib.decompressobj(wbits)
        out += decoder.decompress(rest, cap + 1 - len(out))
        if len(out) > cap or decoder.unconsumed_tail:
            raise BadRequest(413, "body_too_large", "decompressed request body is too large")
        if not decoder.eof:
            raise BadRequest(400, "invalid_body", f"truncated {encoding} body")
        rest = decoder.unused_data
        if not rest:
            return bytes(out)
        if wbits != 31:
            raise BadRequest(400, "invalid_body", f"data after the end of the {encoding} stream")
    # Each member leaves the rest of the body as a new bytes object: the cap keeps that linear.
    raise BadRequest(400, "invalid_body", f"more than {_MAX_GZIP_MEMBERS} gzip members")


_MAX_GZIP_MEMBERS = 16
_FEXTRA, _FNAME, _FCOMMENT = 0x04, 0x08, 0x10


def _gzip_header_fields(member: bytes) -> list[bytes]:
    """The extra field, file name and comment of a gzip member's header (RFC 1952), those
    present: text the decompressed body does not hold, which an app that parses the body
    still compressed reads (zlib has checked the header by the time this matters)."""
    if len(member) < 10 or member[:2] != b"\x1f\x8b":
        return []
    flags, pos, fields = member[3], 10, []
    if flags & _FEXTRA and len(member) >= pos + 2:
        length = int.from_bytes(member[pos : pos + 2], "little")
        fields.append(member[pos + 2 : pos + 2 + length])
        pos += 2 + length
    for flag in (_FNAME, _FCOMMENT):
        if flags & flag:
            end = member.find(b"\0", pos)
            if end < 0:
                break
            fields.append(member[pos:end])
            pos = end + 1
    return [field for field in fields if field]


def _raw_deflate(body: bytes, options: ExtractOptions) -> bytes:
    try:
        decoder = zlib.decompressobj(-15)
        out = decoder.decompress(body, options.max_decompressed_bytes + 1)
    except zlib.error as exc:
        raise BadRequest(400, "invalid_body", f"corrupt deflate body: {exc}") from None
    if len(out) > options.max_decompressed_bytes or decoder.unconsumed_tail:
        raise BadRequest(413, "body_too_large", "decompressed request body is too large")
    if decoder.unused_data:
        raise BadRequest(400, "invalid_body", "data after the end of the deflate stream")
    return out


def parse_content_type(header: str) -> tuple[str, dict[str, str]]:
    """The media type (lower case) and its parameters, read as Werkzeug and python-multipart read
    them: a quoted value may hold ";" (``boundary="a;b"``); one with a backslash is refused. A parameter
    given twice with different values is refused: the frameworks keep the last, other readers
    the first, and the guard must not read a different charset or boundary from the app's."""
    media, sep, _ = header.partition(";")
    return media.strip().lower(), header_params(header) if sep else {}


# "; key=value" or '; key="quoted value"'. Linear: the quoted alternatives are disjoint,
# and an unterminated quote falls back to the unquoted form.
_PARAM_RE = re.compile(r';[ \t]*([^\s;=]+)[ \t]*(?:=[ \t]*("(?:[^"\\]|\\.)*"|[^;]*))?')
# After a quoted value: only blanks up to the next parameter or the end.
_AFTER_QUOTE_RE = re.compile(r"[ \t]*(?:;|\Z)")


def header_params(header: str, *, escapes: bool = False) -> dict[str, str]:
    """The ``; key=value`` parameters of a header value (keys lower-cased, quotes removed);
    what precedes the first ";" (the media type, ``form-data``) is not one.

    Text after a closing quote is refused: readers disagree on it. So is a backslash inside
    quotes unless `escapes` (Content-Disposition, where browsers leave a file name's
    backslashes as they are, "C:\\dir\\a.txt"): there a backslash before a quote or another
    backslash, or at the end of the value, is refused, since python-multipart reads ``"\\\\"``
    as an escaped quote (the value runs on) where Werkzeug reads an escaped backslash, and
    browsers write a quote in a file name as ``%22``. A boundary, charset or file name read two
    ways would let the app split or decode a body otherwise than the guard did."""
    params: dict[str, str] = {}
    for match in _PARAM_RE.finditer(header):
        if match.group(2) is None:
            continue  # a bare token: no value to read
        key, raw = match.group(1).lower(), match.group(2).strip()
        quoted = len(raw) > 1 and raw[0] == raw[-1] == '"'
        inner = raw[1:-1] if quoted else raw
        # No escape is read: where one could be (two backslashes, a backslash before a quote) the
        # value is refused, so the quoted text is the value as it stands.
        if quoted and (
            _AFTER_QUOTE_RE.match(header, match.end()) is None
            or ("\\" in inner and (not escapes or "\\\\" in inner or '\\"' in raw[1:]))
        ):
            raise BadRequest(400, "invalid_content_type", f"header parameter {key!r}: escape or text after the quotes")
        value = inner
        kept = params.setdefault(key, value)
        if kept != value and not (key == "charset" and kept.lower() == value.lower()):
            raise BadRequest(400, "invalid_content_type", f"header parameter {key!r} given twice")
    return params


def _decode_text(body: bytes, charset: str, errors: str = "strict") -> str:
    try:
        return body.decode(charset, errors)
    except LookupError:
        raise BadRequest(415, "unsupported_charset", f"unknown charset {charset!r}") from None
    except UnicodeError:  # a decoding error, or a codec that cannot decode at all (idna)
        raise BadRequest(400, "invalid_encoding", f"request body is not valid {charset}") from None
    except ValueError:  # a NUL in the charset's name (servers refuse it; an in-process call may not)
        raise BadRequest(415, "unsupported_charset", f"unknown charset {charset!r}") from None


def _json_text(body: bytes) -> tuple[str, str]:
    """The body decoded the way ``json.loads(body)`` decodes it, and the encoding it found
    (strictly: ``json.loads`` would let raw surrogate bytes through, the guard refuses them)."""
    encoding = json.detect_encoding(body)
    try:
        return body.decode(encoding), encoding
    except UnicodeDecodeError:
        raise BadRequest(400, "invalid_encoding", "JSON body is not valid UTF-8, UTF-16 or UTF-32") from None


def _json_body(body: bytes, charset: str | None, options: ExtractOptions) -> Payload:
    """A body declared JSON: read as ``json.loads(body)`` reads it (Starlette, Flask, Django's
    ``json.loads(request.body)``), and also in the charset parameter's encoding where that
    reads differently (Django REST framework and ``request.encoding`` honour it)."""
    text, encoding = _json_text(body)
    payload = _json_payload(text, options, encoding)
    if charset is None or _is_utf8(charset):
        return payload
    try:
        other = body.decode(charset)
    except LookupError:
        raise BadRequest(415, "unsupported_charset", f"unknown charset {charset!r}") from None
    except UnicodeError:
        return payload  # nobody honouring the charset can read it either
    except ValueError:  # a NUL in the charset's name
        raise BadRequest(415, "unsupported_charset", f"unknown charset {charset!r}") from None
    if other == text:
        return payload
    try:
        return _with_reading(payload, _json_payload(other, options, charset), charset)
    except BadRequest as exc:
        if exc.code == "payload_too_complex":
            raise
        return payload


def _known(charset: str) -> bool:
    """A text encoding Python knows (not a bytes-to-bytes codec such as base64 or rot13)."""
    try:
        return bool(getattr(codecs.lookup(charset), "_is_text_encoding", True))
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return False


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name in ("utf-8", "ascii")
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return False


#: First element of the path of a piece from a second reading of the body (another charset,
#: JSON inside a form): scanned, never written back.
READING = "~"


def _with_reading(payload: Payload, other: Payload, label: str) -> Payload:
    """`payload` plus the pieces of another reading of the same body."""
    extra = tuple(Piece(p.text, (READING, label, *p.path), f"{p.location} (read as {label})") for p in other.pieces)
    return replace(payload, pieces=payload.pieces + extra)


def _parse_json(text: str) -> Any:
    try:
        return _loads(text)
    except RecursionError:
        raise BadRequest(400, "invalid_json", "JSON nesting too deep") from None
    except (json.JSONDecodeError, _DuplicateKey) as exc:
        raise BadRequest(400, "invalid_json", f"malformed JSON: {exc}") from None
    except ValueError as exc:
        # An integer over Python's digit limit: its message tells the client how to raise the
        # server's limit (sys.set_int_max_str_digits), which is not the client's business.
        what = "a number with too many digits" if "digits" in str(exc) else "a value that cannot be read"
        raise BadRequest(400, "invalid_json", f"malformed JSON: {what}") from None


class _DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when a key repeats: ``json.loads`` keeps the last value, while an
    app that reads or forwards the raw body (or another parser) may take the first."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(f"key {key!r} appears twice in one object")
            seen.add(key)
    return obj


def _loads(text: str) -> Any:
    """``json.loads(text, object_pairs_hook=...)`` without building a decoder on every call
    (a few microseconds a request): the same checks, one shared decoder."""
    if text.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _DECODER.decode(text)


_DECODER = json.JSONDecoder(object_pairs_hook=_object_without_duplicates)


def _json_payload(text: str, options: ExtractOptions, encoding: str) -> Payload:
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
    return Payload("json", doc, tuple(pieces), encoding)


def _form_payload(text: str, options: ExtractOptions) -> Payload:
    try:
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            errors="strict",
            max_num_fields=options.limits.max_pieces,
        )
    except UnicodeDecodeError as exc:
        raise BadRequest(400, "invalid_form", f"malformed form body: {exc}") from None
    except ValueError as exc:  # parse_qsl's max_num_fields: too many, not malformed
        raise BadRequest(400, "payload_too_complex", f"form body: {exc}") from None
    pieces = [Piece(v, (i,), k) for i, (k, v) in enumerate(pairs) if v]
    # A body that is no form at all ("Ignore all previous ..." sent as a form) parses as one
    # field name: names that are not plain identifiers are scanned too.
    pieces += [
        Piece(name_text(k), (i, NAME), f"name of field {i}") for i, (k, _) in enumerate(pairs) if not plain_name(k)
    ]
    return Payload("form", pairs, tuple(pieces))


NAME = "name"  # last element of the path of a form field's name


def _multipart_payload(body: bytes, params: dict[str, str], options: ExtractOptions) -> Payload:
    """Every text part, split as Starlette (python-multipart) and Werkzeug split: a delimiter is
    a whole line (CRLF, LF or CR line breaks, as Werkzeug accepts), so a ``--boundary`` inside
    a field's value neither ends the scan early nor hides the rest of its line.

    The parsers disagree at the edges (python-multipart wants CRLF, Werkzeug takes other
    whitespace after a boundary, parameters can be quoted or given twice), so what lies before
    the first delimiter and after the last is scanned too: a body split differently from the
    app's, or not at all, still has all of its text scanned; so is a part's header block when
    it holds anything but plain form headers (python-multipart, which splits at CRLF only, may
    read a "part" that LF line breaks made as text of the field before it)."""
    boundary = params.get("boundary", "")
    if not boundary:
        raise BadRequest(400, "invalid_multipart", "multipart body without a boundary")
    # Linear: the boundary is a literal, and the whitespace after it (Werkzeug takes any but
    # line breaks) is tried only where a line starts with it.
    delimiter = re.compile(
        rb"(?:\A|\r\n|\r|\n)--" + re.escape(boundary.encode("latin-1")) + rb"(--)?[ \t\x0b\x0c]*(?=\r\n|\r|\n|\Z)"
    )
    marks = list(delimiter.finditer(body))
    if not marks:
        # The app's parser, reading the boundary its own way, may split what the guard cannot.
        raise BadRequest(400, "invalid_multipart", "multipart body without a boundary line")
    # Starlette decodes fields with the charset parameter, Werkzeug with UTF-8: both are scanned.
    charset = params.get("charset", "utf-8")
    preamble = body[: marks[0].start()] if marks else body
    pieces = _part_readings(preamble, ("preamble",), "multipart preamble", charset)
    end = len(body)
    for i, mark in enumerate(marks):
        if mark.group(1):
            end = mark.end()  # the close delimiter
            break
        part = body[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else len(body)]
        pieces += _part_pieces(i, part, charset)
        if len(pieces) > options.limits.max_pieces:
            raise BadRequest(400, "payload_too_complex", f"more than {options.limits.max_pieces} fields")
    pieces += _part_readings(body[end:], ("epilogue",), "multipart epilogue", charset)
    return Payload("multipart", None, tuple(p for p in pieces if p.text.strip()))


def _part_pieces(i: int, part: bytes, charset: str) -> list[Piece]:
    """What one part gives the app: its text (in every reading a framework may apply) and any
    header text beyond plain form headers."""
    head, content = _part_head(_LINE_BREAK_RE.sub(b"", part, count=1))
    headers = _part_headers(head)
    # Every Content-Disposition: Starlette reads the last, Werkzeug the first.
    dispositions = [header_params(d, escapes=True) for d in headers.get("content-disposition", ())]
    name = next((_in_charset(d["name"], charset) for d in reversed(dispositions) if d.get("name")), f"part{i}")
    pieces = []
    if any(_PLAIN_PART_HEADER_RE.fullmatch(line) is None for line in _LINE_SPLIT_RE.split(head)):
        pieces.append(Piece(head.decode("utf-8", "replace"), (i, "headers"), f"headers of {name}"))
    types = [parse_content_type(t) for t in headers.get("content-type", ())]
    is_file = bool(dispositions) and all("filename" in d for d in dispositions)
    own_charsets = sorted({p["charset"] for _, p in types if "charset" in p} - {charset})
    if is_file:
        # An upload reaches the app as bytes (UploadFile, FileStorage): a text file in any
        # encoding is no error; it is read leniently, in the charset it declares, and in the
        # body's (where a framework takes the part for a field after all, it decodes so).
        text, binary = upload_text(content)
        # A binary file's word runs are noise in which the model reads attacks (it blocked
        # 12 of 12 images, PDFs and archives): the heuristics alone read them, as they read
        # a compressed body's raw bytes.
        pieces.append(Piece(text, (i,), name, heuristics_only=binary))
        for other in dict.fromkeys([charset, *own_charsets]):
            pieces += _other_reading(content, text, other, (i,), name, strict=False)
    elif all(media.startswith("text/") or media.endswith("json") for media, _ in types):
        text = _decode_text(content, "utf-8")
        pieces.append(Piece(text, (i,), name))
        # The body's charset (Starlette decodes fields with it: one it cannot use is a 400),
        # then the part's own, which only an app decoding the field itself would use.
        pieces += _other_reading(content, text, charset, (i,), name, strict=True)
        for other in own_charsets:
            pieces += _other_reading(content, text, other, (i,), name, strict=False)
    else:
        # A field without a file name reaches the app as text whatever its declared type:
        # Starlette decodes it with the body's charset and falls back to latin-1, Werkzeug with
        # the part's own charset or UTF-8, replacing bad bytes. Each of those is scanned.
        text = _lenient_text(content)
        pieces.append(Piece(text, (i,), name))
        readings = [charset, *own_charsets] + ([] if _valid_utf8(content) else ["latin-1"])
        for other in dict.fromkeys(readings):
            pieces += _other_reading(content, text, other, (i,), name, strict=False)
    # File names reach prompts too ("summarise report.pdf"): scanned unless plain, as read
    # (latin-1, as the header was) and in the body's charset, which Starlette decodes them with.
    for d in dispositions:
        for key, value in _disposition_names(d):
            for reading in dict.fromkeys((value, _in_charset(value, charset))):
                if not plain_name(reading):
                    pieces.append(Piece(name_text(reading), (i, key), f"{key} of {name}"))
    return pieces


def _in_charset(header_text: str, charset: str) -> str:
    """A header value read as latin-1, re-read in `charset` (itself where that cannot be done)."""
    if _is_utf8(charset) or not _known(charset):
        return header_text
    try:
        return header_text.encode("latin-1").decode(charset, "replace")
    except UnicodeError:  # not latin-1 text (an RFC 2231 value), or a codec like idna
        return header_text


def _is_latin1(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "iso8859-1"
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return False


def _valid_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _disposition_names(params: dict[str, str]) -> Iterator[tuple[str, str]]:
    """The field and file names of a Content-Disposition, RFC 2231 forms (``filename*=UTF-8''
    %49...``, which Werkzeug decodes) included."""
    for key in ("name", "filename"):
        if key in params:
            yield key, params[key]
        if key + "*" in params:
            charset, _, rest = params[key + "*"].partition("'")
            encoded = rest.partition("'")[2] if rest else charset
            try:
                yield key, unquote(encoded, charset if rest else "utf-8", "replace")
            except (LookupError, UnicodeError, ValueError):  # no such codec, or one like idna
                yield key, unquote(encoded, "utf-8", "replace")


def _other_reading(content: bytes, text: str, charset: str, path: JsonPath, label: str, *, strict: bool) -> list[Piece]:
    """`content` read in `charset` where that differs from its UTF-8 reading `text`. `strict`:
    a charset the app's framework applies, so one it cannot decode with is refused; otherwise
    (a part's own charset, which no framework applies) such a charset is skipped."""
    if _is_utf8(charset):
        return []
    if strict:
        other = _decode_text(content, charset, errors="replace")
    elif not _known(charset):
        return []
    else:
        try:
            other = content.decode(charset, "replace")
        except UnicodeError:  # a codec that cannot replace (idna): nobody reads the part with it
            return []
    return [] if other == text else [Piece(other, (READING, charset, *path), f"{label} (read as {charset})")]


def _part_readings(data: bytes, path: JsonPath, label: str, charset: str) -> list[Piece]:
    """Text outside every part (preamble, epilogue): as UTF-8, in the body's charset, and as
    latin-1 where the bytes are not UTF-8 (Starlette's fallback for a field it cannot decode)."""
    text = data.decode("utf-8", "replace")
    pieces = [Piece(text, path, label), *_other_reading(data, text, charset, path, label, strict=True)]
    if not _valid_utf8(data) and not _is_latin1(charset):
        pieces += _other_reading(data, text, "latin-1", path, label, strict=False)
    return pieces


# A header line of an ordinary form part: anything else in a part's header block is scanned.
# Linear: each repeated group starts with ";", which nothing before it matches.
_PLAIN_PART_HEADER_RE = re.compile(
    rb"(?i)(?:content-disposition:[ \t]*form-data(?:[ \t]*;[ \t]*(?:file)?name\*?=(?:\"[\w.\[\] -]{0,64}\""
    rb"|[\w.\[\]-]{0,64}))*"
    rb"|content-type:[ \t]*[\w.+-]{1,64}/[\w.+-]{1,64}"
    rb"(?:[ \t]*;[ \t]*[\w-]{1,32}=(?:\"[\w.+ -]{0,64}\"|[\w.+-]{0,64}))*"
    rb"|content-transfer-encoding:[ \t]*[\w-]{1,32}|content-length:[ \t]*[0-9]{1,20})[ \t]*"
)


# One line break: CRLF, or a lone CR or LF (a CR before an LF is never a break on its own).
_LINE_BREAK = rb"(?:\r\n|\r(?!\n)|\n)"
_LINE_BREAK_RE = re.compile(rb"\A" + _LINE_BREAK)
_EMPTY_LINE_RE = re.compile(_LINE_BREAK + _LINE_BREAK)
_LINE_SPLIT_RE = re.compile(_LINE_BREAK)


def _part_head(part: bytes) -> tuple[bytes, bytes]:
    """A part's header block and its content, split at the first empty line."""
    if _LINE_BREAK_RE.match(part):
        return b"", _LINE_BREAK_RE.sub(b"", part, count=1)
    blank = _EMPTY_LINE_RE.search(part)
    if blank is None:
        raise BadRequest(400, "invalid_multipart", "multipart part without headers")
    return part[: blank.start()], part[blank.end() :]


def _part_headers(head: bytes) -> dict[str, list[str]]:
    """The headers of a header block: every value of each, by lower-case name."""
    headers: dict[str, list[str]] = {}
    for line in _LINE_SPLIT_RE.split(head) if head else ():
        key, _, value = line.decode("latin-1").partition(":")
        headers.setdefault(key.strip().lower(), []).append(value.strip())
    return headers


def _lenient_text(content: bytes) -> str:
    return content.replace(b"\0", b"").decode("utf-8", "replace")


def upload_text(content: bytes) -> tuple[str, bool]:
    """The text of a file upload, whatever type it declares (an app may decode any upload and
    hand it to the model), and whether the file is binary.

    Text with at most 1 % undecodable characters is scanned whole (a stray NUL or invalid byte
    does not stop a lenient decoder). Anything else is binary, read as an app decoding it
    leniently would show it, with each run of undecodable bytes and control characters as a
    space, and only its runs of at least three words, three of them of three letters or more,
    are kept: a sentence padded with invalid bytes, even one between every word, is read whole,
    while images and archives give little or nothing (their bytes make one- and two-letter
    words by chance: kept, they made about 0.3 characters of noise a byte, past the length
    limit at 350 KB). A byte-order mark adds the reading of its UTF-16 or UTF-32 codec.
    """
    text = _lenient_text(content)
    binary = text.count("\ufffd") * 100 > len(text)
    if binary:
        runs = _word_runs(_JUNK_RE.sub(" ", text)).splitlines()
        kept = [(run, len(_LONG_WORD_RE.findall(run))) for run in runs]
        text = "\n".join(run for run, n in kept if n >= MIN_RUN_WORDS)
        # A run of prose (an attack padded with invalid bytes) is text the app's lenient decoder
        # hands the model whole: the model reads it too. Images and archives make runs of at
        # most about five such words by chance.
        if any(n >= PROSE_RUN_WORDS for _, n in kept):
            binary = False
    # The mark's reading as well as the lenient one: "\xff\xfe" before UTF-8 text is a
    # UTF-16 mark to one decoder and two ignored bytes to another.
    codec = next((codec for bom, codec in _BOMS if content.startswith(bom)), None)
    if codec is None:
        return text, binary
    marked = content.decode(codec, "replace")
    # ASCII text in UTF-16 reads the same both ways once NULs and the mark's bytes are gone.
    if _JUNK_RE.sub("", marked) == _JUNK_RE.sub("", text):
        return marked, False
    # Binary only if the mark's reading is not text either (UTF-16 Cyrillic is, to the model).
    return marked + "\n" + text, binary and marked.count("\ufffd") * 100 > len(marked)


def _word_runs(text: str) -> str:
    """Runs of at least MIN_RUN_WORDS words (letters, maybe with punctuation), through short
    tokens without letters ("/", "|", "--", "12") but not through anything else."""
    runs: list[str] = []
    run: list[str] = []
    words = 0
    for token in text.split():
        if _WORD_TOKEN_RE.fullmatch(token):
            run.append(token)
            words += 1
        elif len(token) <= 3 and _LETTER_RE.search(token) is None:
            run.append(token)
        else:
            if words >= MIN_RUN_WORDS:
                runs.append(" ".join(run))
            run, words = [], 0
    if words >= MIN_RUN_WORDS:
        runs.append(" ".join(run))
    return "\n".join(runs)


#: Words in a row that make text worth reading in a binary upload: two in a row turn up in
#: images and archives by chance, three seldom.
MIN_RUN_WORDS = 3
#: Words of three letters or more in one run that make a binary upload's text prose for the model.
PROSE_RUN_WORDS = 10
_LETTER_RE = re.compile(r"[^\W\d_]")
# A word of three letters or more, in any script (an attack padded with invalid bytes may be
# Cyrillic); a binary file's runs need MIN_RUN_WORDS of them.
_LONG_WORD_RE = re.compile(r"[^\W\d_]{3,}")


# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Undecodable bytes and control characters (not line breaks or tabs). Linear: one class.
_JUNK_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]+")
# A word as a sentence has them: letters, an apostrophe or hyphen inside, punctuation after.
_WORD_TOKEN_RE = re.compile(r"[\"'(]?[^\W\d_]+(?:['-][^\W\d_]+)*[.,:;!?\"')]{0,3}")


def parse_body(body: bytes, content_type: str, content_encoding: str, options: ExtractOptions) -> Payload:
    """Decode, parse and extract. Raises `BadRequest` for anything the app would choke on."""
    header_fields: list[bytes] = []
    decoded = decode_content_encoding(body, content_encoding, options, header_fields)
    payload = _with_json_in_strings(_parse_decoded(decoded, content_type, options), options)
    if decoded is body:
        return payload
    return replace(payload, pieces=payload.pieces + _undecoded_pieces(body, header_fields, content_type, options))


def _undecoded_pieces(
    raw: bytes, header_fields: Sequence[bytes], content_type: str, options: ExtractOptions
) -> tuple[Piece, ...]:
    """A compressed body as an app that does not undo Content-Encoding reads it (Starlette and
    Werkzeug leave request bodies as sent): its form or multipart parser runs on the raw bytes.

    A gzip header's text fields (file name, comment), which the decompressed body does not
    hold, are read whole, model included. The raw bytes are read by the heuristics alone (a
    deflate stream can be crafted to be printable, but compressed bytes are noise in which the
    model would read words): parsed as a form or multipart body where that works, otherwise
    their runs of ASCII words (form separators and escapes undone)."""
    media, _ = parse_content_type(content_type)
    form = media == "application/x-www-form-urlencoded"
    pieces = [
        Piece(text, (READING, STILL_COMPRESSED, "header", i), "gzip header")
        for i, field in enumerate(header_fields)
        if (text := _form_text(field) if form else field.decode("latin-1")).strip()
    ]
    if media in _FORMS:
        try:
            parsed = _parse_decoded(raw, content_type, options).pieces
        except BadRequest:
            pass
        else:
            return (*pieces, *(_still_compressed(p.text, p.path, f"{p.location} (still compressed)") for p in parsed))
    # Runs with three words of three letters or more: compressed bytes give shorter ones by
    # chance ("Q k VJT RP"), and non-ASCII letters from them read as look-alikes.
    ascii_text = _NON_ASCII_RE.sub(" ", _JUNK_RE.sub(" ", (_form_text(raw) if form else _lenient_text(raw))))
    runs = [run for run in _word_runs(ascii_text).splitlines() if len(_LONGER_WORD_RE.findall(run)) >= MIN_RUN_WORDS]
    if runs:
        pieces.append(_still_compressed("\n".join(runs), (), "body (still compressed)"))
    return tuple(pieces)


def _still_compressed(text: str, path: JsonPath, label: str) -> Piece:
    return Piece(text, (READING, STILL_COMPRESSED, *path), label, heuristics_only=True)


def _form_text(raw: bytes) -> str:
    """Form bytes as text with their separators as spaces and escapes undone."""
    return _lenient_text(unquote_to_bytes(_FORM_SEPARATORS_RE.sub(b" ", raw)))


#: Second element of the path of a piece read from a compressed body as it was sent.
STILL_COMPRESSED = "still-compressed"
# What splits a form body into names and values ("+" is a space once decoded).
_FORM_SEPARATORS_RE = re.compile(rb"[&=;+]")
_LONGER_WORD_RE = re.compile(r"[A-Za-z]{3,}")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


def _with_json_in_strings(payload: Payload, options: ExtractOptions) -> Payload:
    """Text that is a JSON object or array holding ``\\u`` escapes, also read decoded: an app
    may ``json.loads`` a field (pydantic's ``Json[...]``, a form field holding JSON), and the
    escapes (``\\u0049gnore``, surrogate pairs) hide from a scan of the text what it reads.
    Without escapes the strings inside are the text's own characters, already scanned. One
    piece a field: its strings, one a line (JSON in those strings decoded too, up to
    `_MAX_JSON_IN_STRINGS` levels), at most `max_pieces` of them (more: 400)."""
    found = []
    for piece in payload.pieces:
        reading = json_in_string_reading(piece.text, options)
        if reading is not None:
            path, label = (READING, JSON_IN_STRING, *piece.path), f"{piece.location} (read as JSON)"
            found.append(Piece(reading, path, label, reading_of=piece.path))
    return replace(payload, pieces=payload.pieces + tuple(found)) if found else payload


def json_in_string_reading(text: str, options: ExtractOptions) -> str | None:
    """The strings of `text` read as JSON, one a line, if it is a JSON object or array with
    ``\\u`` escapes; otherwise None. Raises `BadRequest` past `max_pieces` strings."""
    if "\\u" not in text or _JSON_CONTAINER_RE.match(text) is None:
        return None
    strings = _json_strings(text, options.limits, _MAX_JSON_IN_STRINGS)
    _check_strings(len(strings), options.limits)  # each level within the limit, all of them not
    return "\n".join(strings) if strings else None


def _check_strings(count: int, limits: Limits) -> None:
    if count > limits.max_pieces:
        raise BadRequest(400, "payload_too_complex", f"more than {limits.max_pieces} strings in a JSON text field")


def _json_strings(text: str, limits: Limits, levels: int) -> list[str]:
    """The strings of the JSON document `text` (none if it is not one), JSON inside them with
    escapes read the same way for `levels` - 1 more levels."""
    try:
        doc = _loads(text)
    except _DuplicateKey as exc:
        raise BadRequest(400, "invalid_json", f"JSON in a text field: {exc}") from None
    except (ValueError, RecursionError):
        return []  # not JSON after all: the text itself is scanned
    try:
        strings = [s for _, s in islice(iter_strings(doc, (), limits), limits.max_pieces + 1) if s]
    except PayloadError:
        return []  # past the limits: the text itself is scanned
    _check_strings(len(strings), limits)
    if levels > 1:
        strings += [
            inner
            for s in strings
            if "\\u" in s and _JSON_CONTAINER_RE.match(s)
            for inner in _json_strings(s, limits, levels - 1)
        ]
    return strings


JSON_IN_STRING = "json-in-string"
_MAX_JSON_IN_STRINGS = 3
# Linear: one optional run of whitespace, then one character.
_JSON_CONTAINER_RE = re.compile(r"[ \t\r\n]*[{\[]")


def _parse_decoded(body: bytes, content_type: str, options: ExtractOptions) -> Payload:
    if not body:
        return Payload("empty", None, ())
    media, params = parse_content_type(content_type)
    if media == "application/json" or media.endswith("+json"):
        return _json_body(body, params.get("charset"), options)
    if media not in _FORMS and not media.startswith("text/") and options.unknown_content_type == "reject":
        raise BadRequest(415, "unsupported_media_type", f"content type {media or 'none'!r} is not accepted here")
    # Whatever the header says, an app may call request.json() (or json.loads the body): a
    # body that parses as JSON is read as JSON too, beside the reading its header asks for.
    sniffed = _sniff_json(body, options)
    try:
        if media == "application/x-www-form-urlencoded":
            declared = _form_payload(_decode_text(body, "utf-8"), options)
        elif media == "multipart/form-data":
            declared = _multipart_payload(body, params, options)
        else:
            declared = _text_payload(body, params.get("charset", "utf-8"))
    except BadRequest as exc:
        if sniffed is None or exc.code == "payload_too_complex":
            raise
        # Valid JSON that the declared reader refuses, where a framework's own reader may still
        # take it (Werkzeug and Starlette accept "%FF" in a form, and read text as UTF-8 whatever
        # the charset): the JSON, and the body as such a lenient reader reads it.
        lenient = _form_text(body) if media == "application/x-www-form-urlencoded" else _lenient_text(body)
        return replace(sniffed, pieces=(*sniffed.pieces, Piece(lenient, (READING, "lenient"), "body (read leniently)")))
    return declared if sniffed is None else _with_reading(declared, sniffed, "json")


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _text_payload(body: bytes, charset: str) -> Payload:
    text = _decode_text(body, charset)
    payload = Payload("text", text, (Piece(text, (), "body"),), charset)
    if _is_utf8(charset):
        return payload
    # Frameworks read text bodies as UTF-8 whatever the charset says (Werkzeug's
    # get_data(as_text=True), a bare body.decode()): where that reads differently, it is
    # scanned too.
    as_utf8 = body.decode("utf-8", "replace")
    if as_utf8 == text:
        return payload
    return _with_reading(payload, Payload("text", as_utf8, (Piece(as_utf8, (), "body"),)), "utf-8")


# Linear: one optional run of whitespace, then one character.
_JSON_START_RE = re.compile(r'[ \t\r\n]*[{\["]')


def _sniff_json(body: bytes, options: ExtractOptions) -> Payload | None:
    """The body as JSON if ``json.loads`` would read an object, array or string from it."""
    try:
        text, encoding = _json_text(body)
    except BadRequest:
        return None
    if _JSON_START_RE.match(text) is None:
        return None
    try:
        return _json_payload(text, options, encoding)
    except BadRequest as exc:
        if exc.code == "payload_too_complex":
            raise
        return None


QUERY = "?"  # first element of the path of a query-string piece


def with_query(payload: Payload, query: str, max_pieces: int) -> Payload:
    """`payload` plus the values of the query string as pieces (``query.<name>``)."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, errors="strict", max_num_fields=max_pieces)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(400, "invalid_query", f"malformed query string: {exc}") from None
    extra = [Piece(v, (QUERY, i), f"query.{k}") for i, (k, v) in enumerate(pairs) if v]
    # "?Ignore all previous ..." is one parameter name to the app (request.args keys).
    extra += [
        Piece(name_text(k), (QUERY, i, NAME), f"query name {i}") for i, (k, _) in enumerate(pairs) if not plain_name(k)
    ]
    return replace(payload, pieces=payload.pieces + tuple(extra))


_UNWRITABLE = frozenset({(QUERY,), (READING,), (KEY,), (JOINED,), (SEAM,), (MESSAGE_SEAM,)})


def rewrite(payload: Payload, replacements: Mapping[JsonPath, str]) -> bytes | None:
    """The body with the given pieces replaced, or None where no rewrite can mask them all: a
    multipart body, the query string (part of the URL), a form field's name, or a second
    reading of the body (another charset, JSON inside a form), which one rewrite cannot fix in
    every reading at once."""
    if any(path[:1] in _UNWRITABLE for path in replacements):
        return None
    if payload.kind == "json":
        doc = payload.document
        for path, text in replacements.items():
            doc = _set_path(doc, path, text)
        # ASCII escapes read back the same, lone surrogates included, in any encoding.
        return json.dumps(doc).encode(payload.charset)
    if payload.kind == "form":
        if any(len(path) != 1 for path in replacements):
            return None  # a field name
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
