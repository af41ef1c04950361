"""Secrets given by name: ``password=…``, ``"api_key": "…"``, ``token: …``, "the root password is …".

`scan_assignments` finds key words (``pass``, ``secret``, ``token``, ``key``…) with plain substring
search on a lower-cased copy, widens each hit to the identifier around it, decides from the
identifier's parts what kind of secret it names, and then reads an operator and a value with
anchored regexes. The value decides: placeholders, code references and plain words are dropped;
what is left is graded by its length, character classes and entropy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from .secrets_values import b64decode as _b64decode
from .secrets_values import char_classes, entropy, looks_placeholder, looks_random

#: Substrings that start a closer look; every secret-naming identifier contains one.
KEYWORDS = ("pass", "pwd", "secret", "token", "key", "auth", "cred")

_NAME_HEAD = re.compile(r"[A-Za-z0-9_.-]{0,48}+\Z")
_NAME_TAIL = re.compile(r"[A-Za-z0-9_.-]{0,48}+")
_SEGMENTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# After the name: an optional closing quote, then an operator (code, env, YAML, JSON, INI, XML),
# or up to four words and "is", "was", ":" or "=" (prose: "the secret key for the bucket: …").
_OPERATOR = re.compile(
    r"""["'`\]]?(?:[ \t]{0,8}+(?P<op>:=|=>|==|=|:(?!:)|->|>)|(?P<prose>(?:[ \t]+[A-Za-z][A-Za-z'-]{0,20}+){0,4}?"""
    r"""(?:[ \t]+(?:is|was)[ \t]|[ \t]*+[:=](?![:=]))))[ \t]{0,8}+"""
)
_FLAG_GAP = re.compile(r"[ \t]{1,4}+(?=[^\s-])")
_VALUE = re.compile(
    r"""(?P<scheme>[Bb]earer[ \t]+|[Bb]asic[ \t]+|[Tt]oken[ \t]+)?"""
    r"""(?:"(?P<dq>[^"\\\r\n]{1,256}+)"|'(?P<sq>[^'\\\r\n]{1,256}+)'|`(?P<bq>[^`\r\n]{1,256}+)`"""
    r"""|(?P<bare>[^\s"'`,;<>(){}\[\]]{1,256}+))"""
)
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*+"
# Unquoted values that read as code: dotted paths (os.environ, settings.DB_PASSWORD), names in
# snake_case, and names without digits (yaml words such as "required").
_CODE_PATH = re.compile(rf"{_IDENT}(?:(?:\.|->|::){_IDENT})++")
_SNAKE = re.compile(r"[A-Za-z][A-Za-z0-9]*+(?:_[A-Za-z0-9]++)++")
_WORD = re.compile(r"[A-Za-z_]++")
_SEPARATED = re.compile(r"[_.:/-]")
_SUFFIXES = {
    "pass": ("word", "wd", "phrase", "code"),
    "cred": ("entials", "ential", "s"),
    "secret": ("s",),
    "token": ("s",),
    "key": ("s",),
}
_OPERATOR_HINTS = ("=", ":", ">", " is ", " was ")
_COLON_PATH = re.compile(r"(?:[^:]|\A):\Z")  # one colon before the name ("::" is a scope)
_COLON_NEXT = re.compile(r":[^\s\"'`]")
_URL_PARAM = re.compile(r"&[A-Za-z_][A-Za-z0-9_]{0,30}=")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_AWS_SECRET = re.compile(r"[A-Za-z0-9/+]{40,41}")
_KEY_VALUE = re.compile(r"[A-Za-z0-9_+=-]{20,}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_PASSWORD_SEGS = frozenset({"password", "passwd", "pass", "pwd", "passphrase", "passwort", "passcode", "pw"})
_TOKEN_SEGS = frozenset({"auth", "authorization", "oauth", "bearer"})
_KEY_PREFIXES = frozenset(
    {
        "api", "secret", "private", "access", "account", "auth", "master", "signing", "encryption", "client",
        "app", "shared", "session", "license", "service", "sas", "primary", "secondary", "subscription",
        "storage", "ssh", "crypto", "hmac", "jwt", "webhook", "admin", "server", "consumer",
    }
)  # fmt: skip
_SKIP_SEGS = frozenset(
    {
        "id", "ids", "name", "names", "type", "types", "length", "len", "size", "count", "max", "min", "num",
        "limit", "limits", "file", "path", "dir", "url", "uri", "endpoint", "host", "expiry", "expires",
        "expiration", "expire", "ttl", "timeout", "header", "field", "label", "hint", "policy", "format",
        "regex", "pattern", "reset", "forgot", "hash", "hashed", "public", "pub", "prompt", "completion",
        "total", "input", "output", "usage", "budget", "rate", "strength", "validation", "validator",
        "placeholder", "mode", "method", "manager", "provider", "class", "kind", "version", "index", "column",
        "fingerprint", "algorithm", "alg", "encoding", "generator", "required", "enabled", "enable", "disabled",
        "visible", "show", "hide", "prefix", "suffix", "event", "handler", "callback", "widget", "form",
        "button", "text", "view", "page", "route", "schema", "template", "location", "env", "var", "variable",
        "arn", "sha", "sha1", "sha256", "sha512", "md5", "digest", "checksum", "last", "date", "time",
        "created", "updated", "changed", "policies", "error", "message", "help", "description", "source",
        "param", "parameter", "methods", "scheme", "schemes", "mechanism", "capabilities",
    }
)  # fmt: skip
# Tokens that are not credentials: pagination cursors, idempotency and CSRF tokens, and the like.
_TOKEN_SKIP_SEGS = frozenset(
    {
        "next", "continuation", "cursor", "page", "pagination", "change", "lock", "purchase", "request",
        "client", "idempotency", "registration", "sync", "resume", "csrf", "xsrf", "marker", "prev",
        "previous", "start", "starting", "end", "cancellation", "verification", "session", "update", "stream",
    }
)  # fmt: skip


class Assignment(NamedTuple):
    """A secret given by name: where its value is, the rule that fired and its score."""

    start: int
    end: int
    detail: str
    score: float


def _is_credential(seg: str) -> bool:
    return seg.startswith("credential") or seg in ("cred", "creds")  # not "credit"


@lru_cache(maxsize=2048)  # the same few names ("password", "api_key") come back again and again
def _name_kind(name: str) -> str | None:
    """What an identifier names, from its parts ("AWS_SECRET_ACCESS_KEY" -> aws, secret, access, key).

    ``password``; ``secret`` (chosen by people or machines); ``token`` (machine-made: tokens, API
    keys, auth values); ``key`` (a bare "key", often no secret at all); None for anything else.
    """
    segs = [s.lower() for s in _SEGMENTS.findall(name)]
    if not segs or any(s in _SKIP_SEGS or s.endswith("manager") for s in segs):
        return None
    if any(s.endswith("token") for s in segs) and any(s in _TOKEN_SKIP_SEGS for s in segs):
        return None
    kind = None
    for n, seg in enumerate(segs):
        if seg in _PASSWORD_SEGS or seg.endswith(("password", "passwd", "pwd")):
            return "password"
        if ("secret" in seg and not seg.startswith("secretar")) or _is_credential(seg):
            kind = "secret"
        elif kind == "secret":
            continue
        elif (
            seg in _TOKEN_SEGS
            or seg.endswith(("token", "tokens", "apikey", "auth"))
            or (seg.endswith("key") and seg[:-3] in _KEY_PREFIXES)
        ):
            kind = "token"
        elif seg in ("key", "keys") and kind is None:
            # "api_key", "PRIVATE_KEY", "accessKey" name a secret; a bare "key" needs a random value.
            kind = "token" if n and segs[n - 1] in _KEY_PREFIXES else "key"
    return kind


def _value_at(text: str, pos: int) -> tuple[int, int, bool, str] | None:
    """(start, end, quoted, scheme) of the value that starts at `pos`, trailing punctuation trimmed."""
    m = _VALUE.match(text, pos)
    if m is None:
        return None
    for group in ("dq", "sq", "bq"):
        if m.group(group) is not None:
            return m.start(group), m.end(group), True, (m.group("scheme") or "").strip().lower()
    start, end = m.span("bare")
    cut = _URL_PARAM.search(text, start, end)
    if cut is not None:
        end = cut.start()
    while end > start and text[end - 1] in ".!?:":
        end -= 1
    return start, end, False, (m.group("scheme") or "").strip().lower()


def _is_code(value: str, next_char: str) -> bool:
    if next_char and next_char in "([":
        return True  # a call or a subscript: get_token(), request.form["password"]
    if _WORD.fullmatch(value) or _CODE_PATH.fullmatch(value):
        return True
    return _SNAKE.fullmatch(value) is not None and not looks_random(value)


def _machine_made(value: str) -> bool:
    """Long, high in entropy, random in shape, and not words joined by separators."""
    if len(value) < 20 or entropy(value) < 3.3 or not looks_random(value):
        return False
    pieces = _SEPARATED.split(value)
    # "eks-local.cluster.x-k8s.io", "pkcs8_priv_key_info": words with separators
    return len(pieces) < 3 or sum(p.isalpha() for p in pieces) * 2 < len(pieces)


def _grade(value: str, kind: str, *, quoted: bool, prose: bool, next_char: str = "") -> float:
    """Score a candidate value for a `kind` of name; 0.0 means it is not a secret."""
    n = len(value)
    if n < 4 or looks_placeholder(value) or "://" in value or any(c.isspace() for c in value):
        return 0.0
    if value.startswith("arn:") or _DATE.match(value):
        return 0.0  # AWS resource names and timestamps are not secrets
    has_digit = any(c.isdigit() for c in value)
    if not quoted and _is_code(value, next_char):
        return 0.0
    classes = char_classes(value)
    has_alpha = any(c.isalpha() for c in value)
    random_like = has_alpha and _machine_made(value)
    if _UUID.fullmatch(value):
        return 0.6 if kind in ("secret", "token") and not prose else 0.0
    if kind == "key":
        return 0.75 if random_like and _KEY_VALUE.fullmatch(value) else 0.0
    if random_like:
        return 0.85
    if kind == "token":
        return 0.0
    if kind == "secret":
        # A secret someone chose ("client_secret: 'Tr0ub4dor&3'"): mixed, with a digit, and
        # quoted or with a symbol (unquoted camel-case words with a digit are identifiers).
        has_symbol = any(not c.isalnum() for c in value)
        return 0.7 if n >= 8 and classes >= 3 and has_digit and (quoted or has_symbol) and not prose else 0.0
    # Passwords: people choose them, so entropy says little; the mix of characters says more.
    if prose:
        # "my password is too short" must stay quiet: demand a value no sentence word looks like.
        if n >= 6 and has_alpha and classes >= 3:
            return 0.8
        return 0.6 if n >= 6 and has_alpha and has_digit else 0.0
    if n >= 8 and classes >= 3:
        return 0.85
    if n >= 6 and classes >= 2 and (has_digit or not has_alpha or classes >= 3):
        return 0.8
    return 0.0


def _detail(kind: str, name: str, value: str, context: str) -> str:
    low = name.lower()
    # AWS secret keys are 40 base64 characters; call one that only when a "secret" is named
    # and AWS, an access key or a bucket is nearby ("--api-key" in an AWS CLI line is not one).
    if _AWS_SECRET.fullmatch(value) and char_classes(value) >= 3 and "secret" in low:
        near = low + " " + context.lower()
        if "aws" in near or "access" in near or "bucket" in near or "key" in low:
            return "aws_secret_access_key"
    if kind == "password":
        return "password_assignment"
    return "high_entropy_assignment" if kind == "key" else "secret_assignment"


def _judge(text: str, name_start: int, name_end: int, kind: str) -> tuple[Assignment | None, int]:
    """The assignment after a name if its value is a secret, and where reading stopped."""
    op = _OPERATOR.match(text, name_end)
    if op is None and text.startswith("--", name_start):
        op = _FLAG_GAP.match(text, name_end)  # a command-line flag: --password Hunter2
    if op is None:
        return None, name_end
    if op.re is _OPERATOR and op.group("op") == ">" and (name_start == 0 or text[name_start - 1] != "<"):
        return None, name_end  # ">" only ends an XML start tag: <password>…</password>
    located = _value_at(text, op.end())
    if located is None:
        return None, op.end()
    start, end, quoted, scheme = located
    value = text[start:end]
    if scheme == "basic":
        raw = _b64decode(value)
        return (Assignment(start, end, "basic_auth_header", 0.9) if raw and b":" in raw[1:-1] else None), end
    prose = op.re is _OPERATOR and op.group("prose") is not None
    score = _grade(value, kind, quoted=quoted, prose=prose, next_char=text[end : end + 1])
    if score == 0.0:
        return None, end
    detail = _detail(kind, text[name_start:name_end], value, text[max(0, name_start - 80) : start])
    if detail == "aws_secret_access_key":
        score = max(score, 0.9)
    return Assignment(start, end, detail, score), end


def scan_assignments(text: str, low: str, keywords: Iterable[str] = KEYWORDS) -> Iterator[Assignment]:
    """Yield secrets given by name in `text`.

    `low` is ``text.lower()`` with the same length; `keywords` may narrow `KEYWORDS` to those the
    caller already knows occur in `low`.
    """
    seen_until = -1
    # In text order, so that an identifier holding two key words is judged once.
    hits = sorted((i, kw) for kw in keywords for i in _occurrences(low, kw))
    n = len(text)
    for i, kw in hits:
        if i < seen_until:
            continue
        size = len(kw)
        for suffix in _SUFFIXES.get(kw, ()):
            if low.startswith(suffix, i + size):
                size += len(suffix)
                break
        # Inside a longer lower-case word on both sides ("incredibly", "secretary") the key word
        # neither starts nor ends a part of an identifier: skip it before any regex runs.
        if i > 0 and i + size < n and text[i - 1].islower() and text[i + size].islower():
            continue
        # An operator must follow within a few words.
        window = text[i + size : i + size + 100]
        if not any(op in window for op in _OPERATOR_HINTS) and text[i - 2 : i] != "--":
            continue
        head = _NAME_HEAD.search(text, max(0, i - 48), i)
        tail = _NAME_TAIL.match(text, i)
        name_start = head.start() if head is not None else i
        name_end = tail.end() if tail is not None else i
        seen_until = name_end
        # A dotted or dashed name may end in punctuation that belongs to the sentence.
        while name_end > i and text[name_end - 1] in ".-":
            name_end -= 1
        if _COLON_PATH.match(text, max(0, name_start - 2), name_start) and _COLON_NEXT.match(text, name_end):
            continue  # a part of a colon path: arn:aws:secretsmanager:…:secret:name
        kind = _name_kind(text[name_start:name_end])
        if kind is None:
            continue
        found, seen_until = _judge(text, name_start, name_end, kind)
        if found is not None:
            yield found


def _occurrences(low: str, needle: str) -> Iterator[int]:
    i = low.find(needle)
    while i != -1:
        yield i
        i = low.find(needle, i + len(needle))
