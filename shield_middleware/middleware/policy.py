"""RoutePolicy: which requests are guarded, and how.

Policies are tried in order and the first match wins. A policy's `path` is matched exactly,
as a prefix, as a glob (``/v1/*/completions``), as a route template (``/chat/{id}``, Starlette's
and FastAPI's, or ``/chat/<int:id>``, Flask's) or as a regular expression (full match); with
``match="auto"`` a path containing ``*``, ``?`` or ``[`` is a glob, one with a ``{name}`` or
``<name>`` placeholder a template, and anything else is exact. Exact, glob and template paths
match with or without one trailing slash: frameworks serve or redirect both (Flask's
``strict_slashes=False``, Starlette's ``redirect_slashes``), and the form a policy did not
spell out must not pass unguarded.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..config import FailMode, MLConfig, _read_toml
from .extract import EXTRACTORS, Limits
from .payload import ExtractOptions

_MATCH_KINDS = ("auto", "exact", "prefix", "glob", "template", "regex")
# A route template's placeholder: Starlette's "{name}" / "{name:converter}", Flask's "<name>" /
# "<converter:name>" / "<converter(args):name>". Linear: each part is one bounded class.
_PLACEHOLDER_RE = re.compile(r"\{[A-Za-z_]\w*(?::(\w+))?\}|<(?:(\w+)(?:\([^()<>]*\))?:)?[A-Za-z_]\w*>")
_BOOL_FIELDS = ("scan_other_fields", "scan_query", "decompress", "expose_scores", "response_headers")
_EXTRACTOR_NAMES = ("auto", "all_strings", "json_paths", *EXTRACTORS)
GUARDED_METHODS = frozenset({"POST", "PUT", "PATCH"})
# HTTP methods a server passes on (RFC 9110, PATCH, QUERY, WebDAV): another name is a typo
# ("PSOT") that would leave the route unguarded.
KNOWN_METHODS = frozenset(
    [
        "GET",
        "HEAD",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
        "OPTIONS",
        "TRACE",
        "CONNECT",
        "QUERY",
        "PROPFIND",
        "PROPPATCH",
        "MKCOL",
        "COPY",
        "MOVE",
        "LOCK",
        "UNLOCK",
        "REPORT",
        "SEARCH",
    ]
)


@dataclass(frozen=True)
class RoutePolicy:
    """How one group of routes is guarded. Every field has a default that protects a chatbot."""

    #: Path pattern. Default: ``"*"`` (every path).
    path: str = "*"
    #: ``auto``, ``exact``, ``prefix``, ``glob`` or ``regex``. Default: ``auto``.
    match: str = "auto"
    #: HTTP methods guarded (GET brings HEAD, which frameworks serve with the GET endpoint).
    #: Default: POST, PUT, PATCH.
    methods: frozenset[str] = GUARDED_METHODS
    #: Payload format: ``auto``, ``openai_chat``, ``completions``, ``responses``, ``anthropic``,
    #: ``json_paths`` or ``all_strings``. Default: ``auto`` (detected from the body's shape).
    extractor: str = "auto"
    #: Dotted JSON paths scanned in addition (``"data.question"``). Default: none.
    json_paths: tuple[str, ...] = ()
    #: Message roles scanned. Default: None = every role except ``assistant``.
    roles: frozenset[str] | None = None
    #: Roles whose messages the app itself writes (its system prompt): there the model's
    #: prompt-injection score annotates instead of blocking, while signature evidence and every
    #: other category decide as anywhere. Default: none (README: "System prompts").
    trusted_roles: frozenset[str] = frozenset()
    #: Also scan string fields the format extractor did not claim. Default: True.
    scan_other_fields: bool = True
    #: Also scan the query string's values (the app may read them). Default: True.
    scan_query: bool = True
    #: MLConfig overrides for this route (same keys as `MLConfig.from_dict`). Default: none.
    config: Mapping[str, Any] = field(default_factory=dict)
    #: ``enforce`` blocks; ``monitor`` only annotates and logs. Default: ``enforce``.
    mode: str = "enforce"
    #: What a timeout or internal error becomes. Default: None = the config's `fail_mode`.
    fail_mode: FailMode | None = None
    #: Seconds to wait for a verdict. Default: None = the config's `timeout_s`.
    timeout_s: float | None = None
    #: Largest body accepted, in bytes (413 above it). Default: 1 MiB.
    max_body_bytes: int = 1024 * 1024
    #: Largest body after gzip / deflate decoding. Default: 4 MiB.
    max_decompressed_bytes: int = 4 * 1024 * 1024
    #: Accept compressed bodies (decoded before scanning); False answers 415. Default: True.
    decompress: bool = True
    #: Content types other than JSON, forms and text: ``scan`` as text or ``reject`` (415).
    unknown_content_type: str = "scan"
    #: JSON nesting and field-count limits (400 above them). Default: 64 and 2,048.
    max_depth: int = 64
    max_pieces: int = 2048
    #: Status code of a blocked request. Default: 400.
    block_status: int = 400
    #: Put the scores into block responses. Default: False (categories only).
    expose_scores: bool = False
    #: Add ``X-Shield-Action`` / ``X-Shield-Categories`` to responses. Default: True.
    response_headers: bool = True
    _matcher: Any = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if not isinstance(self.path, str) or not self.path:
            raise ValueError(f"route path must be a non-empty string, got {self.path!r}")
        if self.match != "regex" and (not self.path.startswith(("/", "*")) or self.path != self.path.strip()):
            # A request path starts with "/" and holds no blanks: such a pattern never matches,
            # and the route it meant to guard would pass unguarded.
            raise ValueError(
                f"route {self.path!r}: a path pattern starts with '/' (or '*') and has no surrounding blanks"
            )
        if self.match not in _MATCH_KINDS:
            raise ValueError(f"route {self.path!r}: match must be one of {list(_MATCH_KINDS)}, got {self.match!r}")
        if self.extractor not in _EXTRACTOR_NAMES:
            raise ValueError(
                f"route {self.path!r}: extractor must be one of {list(_EXTRACTOR_NAMES)}, got {self.extractor!r}"
            )
        if self.mode not in ("enforce", "monitor"):
            raise ValueError(f"route {self.path!r}: mode must be 'enforce' or 'monitor', got {self.mode!r}")
        if self.unknown_content_type not in ("scan", "reject"):
            raise ValueError(f"route {self.path!r}: unknown_content_type must be 'scan' or 'reject'")
        if self.fail_mode is not None and not isinstance(self.fail_mode, FailMode):
            object.__setattr__(self, "fail_mode", _enum(FailMode, self.fail_mode, "fail_mode", self.path))
        methods = frozenset(m.upper() for m in _strings(self.methods, "methods", self.path))
        if unknown := sorted(methods - KNOWN_METHODS):
            raise ValueError(f"route {self.path!r}: methods: unknown HTTP method {unknown[0]!r}")
        # Starlette and Flask run a GET endpoint for HEAD too (the response body is dropped, not
        # the work): a policy that guards GET guards HEAD.
        object.__setattr__(self, "methods", methods | {"HEAD"} if "GET" in methods else methods)
        if self.roles is not None:
            object.__setattr__(self, "roles", frozenset(_strings(self.roles, "roles", self.path)))
        object.__setattr__(self, "trusted_roles", frozenset(_strings(self.trusted_roles, "trusted_roles", self.path)))
        object.__setattr__(self, "json_paths", tuple(_strings(self.json_paths, "json_paths", self.path)))
        for key in _BOOL_FIELDS:
            if not isinstance(getattr(self, key), bool):
                # "false" is truthy: a string here would switch the option on.
                raise ValueError(f"route {self.path!r}: {key} must be true or false, got {getattr(self, key)!r}")
        for key in ("max_body_bytes", "max_decompressed_bytes", "max_depth", "max_pieces"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"route {self.path!r}: {key} must be a positive integer, got {value!r}")
        if isinstance(self.block_status, bool) or not isinstance(self.block_status, int):
            raise ValueError(f"route {self.path!r}: block_status must be an integer, got {self.block_status!r}")
        if not 400 <= self.block_status <= 599:
            raise ValueError(f"route {self.path!r}: block_status must be a 4xx or 5xx code")
        if self.timeout_s is not None and (
            isinstance(self.timeout_s, bool) or not isinstance(self.timeout_s, (int, float))
        ):
            raise ValueError(f"route {self.path!r}: timeout_s must be a number, got {self.timeout_s!r}")
        if self.timeout_s is not None and self.timeout_s <= 0:
            raise ValueError(f"route {self.path!r}: timeout_s must be > 0")
        if not isinstance(self.config, Mapping):
            raise ValueError(f"route {self.path!r}: config must be a table of MLConfig keys, got {self.config!r}")
        try:  # keys and types now, as every other key (thresholds are checked against the base later)
            MLConfig().with_overrides({k: v for k, v in self.config.items() if k != "thresholds"})
        except ValueError as exc:
            raise ValueError(f"route {self.path!r}: config: {exc}") from None
        kind = self.match_kind
        if self.match in ("auto", "glob") and kind == "glob" and _PLACEHOLDER_RE.search(self.path):
            # "/v1/{model}/*": neither a glob (the placeholder is literal there) nor a template.
            raise ValueError(f"route {self.path!r}: a route template cannot hold glob characters; use match='regex'")
        if (
            kind == "template"
            and sum(m.group(1) == "path" or m.group(2) == "path" for m in _PLACEHOLDER_RE.finditer(self.path)) > 1
        ):
            # Two "any rest of the path" parts backtrack over each other: quadratic on a long path.
            raise ValueError(f"route {self.path!r}: a route template may hold one path converter")
        if kind == "regex":
            try:
                re.compile(self.path)
            except re.error as exc:
                raise ValueError(f"route {self.path!r}: invalid regex: {exc}") from None
        object.__setattr__(self, "_matcher", _compile(self.path, kind))

    @property
    def match_kind(self) -> str:
        if self.match != "auto":
            return self.match
        if any(c in self.path for c in "*?["):
            return "glob"
        return "template" if _PLACEHOLDER_RE.search(self.path) else "exact"

    def matches(self, method: str, path: str) -> bool:
        return method in self.methods and bool(self._matcher(path))

    @property
    def monitor(self) -> bool:
        return self.mode == "monitor"

    def extract_options(self) -> ExtractOptions:
        return ExtractOptions(
            extractor=self.extractor,
            json_paths=self.json_paths,
            roles=self.roles,
            scan_other_fields=self.scan_other_fields,
            unknown_content_type=self.unknown_content_type,
            decompress=self.decompress,
            max_decompressed_bytes=self.max_decompressed_bytes,
            limits=Limits(max_depth=self.max_depth, max_pieces=self.max_pieces),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RoutePolicy:
        known = {f.name for f in fields(cls) if not f.name.startswith("_")}
        where = data.get("path", "?")
        for key in data:
            if key not in known:
                raise ValueError(f"route {where!r}: unknown key {key!r}; expected one of {sorted(known)}")
        # Lists become frozensets and tuples in __post_init__, which refuses a lone string.
        return cls(**data)


def _enum(enum_type: type[FailMode], value: object, key: str, where: str) -> FailMode:
    try:
        return enum_type(value)
    except ValueError:
        raise ValueError(
            f"route {where!r}: {key} must be one of {[m.value for m in enum_type]}, got {value!r}"
        ) from None


def _strings(value: object, key: str, where: str) -> tuple[str, ...]:
    """A list of strings; a lone string is refused: iterated, "POST" would become P, O, S, T."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(f"route {where!r}: {key} must be a list of strings, got {value!r}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"route {where!r}: {key} must be a list of strings, got an item {item!r}")
    return items


def _compile(path: str, kind: str) -> Any:
    if kind == "prefix":
        return lambda p: p.startswith(path)
    if kind == "regex":
        return re.compile(path).fullmatch
    base = _without_trailing_slash(path)
    if kind == "exact":
        forms = frozenset({base, base + "/"})
        return forms.__contains__
    pattern = re.compile(fnmatch.translate(base) if kind == "glob" else _template_regex(base))
    # The request path as it is, and without one trailing slash.
    return lambda p: bool(pattern.match(p) or (p.endswith("/") and pattern.match(_without_trailing_slash(p))))


def _without_trailing_slash(path: str) -> str:
    return path[:-1] if len(path) > 1 and path.endswith("/") else path


def _template_regex(template: str) -> str:
    """A full-match regex for a route template: a placeholder is one path segment, or any
    rest of the path for the ``path`` converter (as Starlette and Werkzeug route them)."""
    parts: list[str] = []
    end = 0
    for m in _PLACEHOLDER_RE.finditer(template):
        parts.append(re.escape(template[end : m.start()]))
        # Starlette's "{rest:path}" matches an empty rest too ("/proxy/"), Werkzeug's
        # "<path:rest>" does not.
        if m.group(1) == "path":
            parts.append(".*")
        elif m.group(2) == "path":
            parts.append(".+")
        else:
            parts.append("[^/]+")
        end = m.end()
    parts.append(re.escape(template[end:]))
    return f"(?s:{''.join(parts)})\\Z"


# A value each converter accepts, in Starlette and Werkzeug alike (a float needs its dot in
# Werkzeug); any other converter (str, string, default) takes "1" too.
_CONVERTER_EXAMPLES = {
    "float": "1.5",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "a/b",
}


def template_example(template: str) -> str:
    """A concrete path the route template matches ("/chat/{id}" -> "/chat/1"): what a policy
    check asks the app's router about."""
    return _PLACEHOLDER_RE.sub(lambda m: _CONVERTER_EXAMPLES.get(m.group(1) or m.group(2) or "", "1"), template)


def first_match(
    policies: Sequence[RoutePolicy], method: str, path: str, *route_paths: str | None
) -> RoutePolicy | None:
    """The first policy that matches `path` or one of `route_paths` (other readings of the path
    that reach the same endpoint: without the root path, as the framework decodes it)."""
    for policy in policies:
        if policy.matches(method, path):
            return policy
        for other in route_paths:  # usually (None, None): no list built, no generator
            if other is not None and policy.matches(method, other):
                return policy
    return None


def load_policies(path: str | Path) -> tuple[MLConfig, list[RoutePolicy]]:
    """Read ``[shield]`` (an MLConfig table) and ``[[route]]`` entries from a TOML file."""
    config, policies = _read_policy_file(path)
    return config or MLConfig(), policies


def check_switches(**switches: object) -> None:
    """A middleware's own on/off options: true or false ("no" is truthy, and would switch on)."""
    for name, value in switches.items():
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false, got {value!r}")


def adapter_config(
    policies: Sequence[RoutePolicy] | str | Path | None,
    config: MLConfig | Mapping[str, Any] | None,
    shield_given: bool,
) -> tuple[MLConfig | Mapping[str, Any] | None, Sequence[RoutePolicy] | None]:
    """The config and policies a middleware starts from, read from a policy file if named.

    Two sources for one setting fail: a `Shield` carries its own config, and a file's
    ``[shield]`` table next to ``config=`` or ``shield=`` would be dropped without a word
    (its thresholds, fail mode and banned substrings with it).
    """
    if shield_given and config is not None:
        raise ValueError("give shield= or config=, not both: a Shield carries its own config")
    if not isinstance(policies, (str, Path)):
        return config, policies
    file_config, loaded = _read_policy_file(policies)
    if file_config is not None and (config is not None or shield_given):
        given = "shield=" if shield_given else "config="
        raise ValueError(f"{policies}: its [shield] table and {given} both set the config; keep one")
    return config or file_config, loaded


def _read_policy_file(path: str | Path) -> tuple[MLConfig | None, list[RoutePolicy]]:
    data = _read_toml(path)
    unknown = set(data) - {"shield", "route"}
    if unknown:
        raise ValueError(f"{path}: unknown top-level key {sorted(unknown)[0]!r}; expected 'shield' and 'route'")
    try:
        config = MLConfig.from_dict(data["shield"]) if "shield" in data else None
    except ValueError as exc:
        raise ValueError(f"{path}: [shield]: {exc}") from None
    routes = data.get("route", [])
    if not isinstance(routes, list):
        raise ValueError(f"{path}: 'route' must be an array of tables ([[route]])")
    try:
        policies = [RoutePolicy.from_dict(r) for r in routes]
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    for policy in policies:
        try:
            (config or MLConfig()).with_overrides(policy.config)  # fail at start-up, not on the first request
        except ValueError as exc:
            raise ValueError(f"{path}: route {policy.path!r}: config: {exc}") from None
    return config, policies
