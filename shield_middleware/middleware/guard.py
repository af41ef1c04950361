"""What the ASGI and WSGI adapters share: policy lookup, body inspection, scanning, the outcome.

The adapters only move bytes; every decision is made here, so both behave the same.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..config import MLConfig
from ..shield import Shield
from ..verdict import Action, DetectionMethod, Finding, Verdict
from .extract import JOINED, Piece
from .payload import BadRequest, ExtractOptions, Payload, parse_body, rewrite, with_query
from .policy import RoutePolicy, first_match

logger = logging.getLogger("shield_middleware")

VERDICT_ENVIRON_KEY = "shield_middleware.verdict"
RESULT_ENVIRON_KEY = "shield_middleware.result"


class Outcome(str, enum.Enum):
    BLOCK = "block"
    ANNOTATE = "annotate"
    REDACT = "redact"
    PASS = "pass"


@dataclass(frozen=True, slots=True)
class PieceVerdict:
    piece: Piece
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class GuardResult:
    """The guard's decision on one request."""

    #: The request's verdict: the most severe action and the max score per category over all pieces.
    verdict: Verdict
    pieces: tuple[PieceVerdict, ...]
    outcome: Outcome
    #: Where the flagged text was (``messages[2].content``), most severe first.
    flagged: tuple[str, ...]
    #: The body the app receives when the outcome is REDACT.
    body: bytes | None = None


_SEVERITY = {Action.PASS: 0, Action.ANNOTATE: 1, Action.BLOCK: 2}
_ZERO_SCORE_METHODS = frozenset({DetectionMethod.HEURISTIC, DetectionMethod.HEURISTIC_SHORT_CIRCUIT})


def merge_verdicts(pieces: Sequence[PieceVerdict]) -> Verdict:
    """One verdict for a request made of several pieces of text."""
    if not pieces:
        return Verdict(Action.PASS, {}, (), DetectionMethod.HEURISTIC)
    if len(pieces) == 1:
        return pieces[0].verdict
    verdicts = [pv.verdict for pv in pieces]
    plain, cached, elapsed_ms = True, True, 0.0
    for v in verdicts:  # one plain loop: this runs on every guarded request
        plain = plain and not v.findings and v.method in _ZERO_SCORE_METHODS
        cached = cached and v.cached
        elapsed_ms = max(elapsed_ms, v.elapsed_ms)
    if plain:
        # The common benign request: heuristic verdicts without findings score 0 everywhere.
        first = verdicts[0]
        return Verdict(Action.PASS, first.scores, (), first.method, cached, "", elapsed_ms)
    worst = max(verdicts, key=lambda v: _SEVERITY[v.action])
    scores = dict(worst.scores)
    for v in verdicts:
        if v is worst or (not v.findings and v.method in _ZERO_SCORE_METHODS):
            continue  # a heuristic verdict without findings scores 0 everywhere
        for k, score in v.scores.items():
            if score > scores.get(k, 0.0):
                scores[k] = score
    findings: list[Finding] = []
    categories: dict[str, None] = {}
    redacted: dict[str, None] = {}
    for pv in pieces:
        v = pv.verdict
        if v.findings:
            where = pv.piece.location
            findings += [Finding(f.category, f.score, f.method, f"{where}: {f.detail}", f.span) for f in v.findings]
        categories.update(dict.fromkeys(v.categories))
        redacted.update(dict.fromkeys(v.redacted))
    return Verdict(
        action=worst.action,
        scores=scores,
        findings=tuple(findings),
        method=worst.method,
        cached=cached,
        sanitized="",
        elapsed_ms=elapsed_ms,
        categories=tuple(categories),
        redacted=tuple(redacted),
    )


class RouteGuard:
    """Policies with their Shields and extraction options, precomputed once at start-up."""

    def __init__(
        self,
        shield: Shield,
        policies: Sequence[RoutePolicy] | None,
        *,
        guard_unmatched: bool = False,
        log_prompts: bool = False,
    ) -> None:
        self.shield = shield
        # No policies: every POST / PUT / PATCH is guarded with the default config.
        self.policies = list(policies) if policies else [RoutePolicy()]
        if policies and guard_unmatched:
            self.policies.append(RoutePolicy())
        self.log_prompts = log_prompts
        self._shields: dict[int, Shield] = {}
        self._options: dict[int, ExtractOptions] = {}
        for policy in self.policies:
            self._shields[id(policy)] = self._shield_for(policy)
            self._options[id(policy)] = policy.extract_options()

    def _shield_for(self, policy: RoutePolicy) -> Shield:
        if not policy.config:
            return self.shield
        config: MLConfig = self.shield.config.with_overrides(policy.config)
        classifier = self.shield.classifier
        return Shield(config, classifier=classifier) if classifier is not None else Shield(config)

    def policy_for(self, method: str, path: str, route_path: str | None = None) -> RoutePolicy | None:
        return first_match(self.policies, method, path, route_path)

    def shields(self) -> list[Shield]:
        return list({id(s): s for s in self._shields.values()}.values())

    def inspect(
        self, policy: RoutePolicy, body: bytes, content_type: str, content_encoding: str, query: str = ""
    ) -> Payload:
        """Parse the body (and the query string's values, which the app may read too).

        Raises `BadRequest` for what the app could not read either.
        """
        payload = parse_body(body, content_type, content_encoding, self._options[id(policy)])
        if query and policy.scan_query:
            return with_query(payload, query, policy.max_pieces)
        return payload

    async def evaluate_async(self, policy: RoutePolicy, payload: Payload) -> GuardResult:
        shield = self._shields[id(policy)]
        texts = [p.text for p in payload.pieces]
        verdicts = await shield.scan_many_async(texts, timeout_s=policy.timeout_s, fail_mode=policy.fail_mode)
        return self._result(policy, payload, verdicts)

    def evaluate(self, policy: RoutePolicy, payload: Payload, verdicts: Sequence[Verdict] | None = None) -> GuardResult:
        if verdicts is None:
            shield = self._shields[id(policy)]
            verdicts = shield.scan_many([p.text for p in payload.pieces], fail_mode=policy.fail_mode)
        return self._result(policy, payload, verdicts)

    def shield_of(self, policy: RoutePolicy) -> Shield:
        return self._shields[id(policy)]

    def _result(self, policy: RoutePolicy, payload: Payload, verdicts: Sequence[Verdict]) -> GuardResult:
        pieces = tuple(PieceVerdict(p, v) for p, v in zip(payload.pieces, verdicts, strict=True))
        verdict = merge_verdicts(pieces)
        flagged: tuple[str, ...] = ()
        if verdict.action is not Action.PASS:  # a passing request has no flagged piece
            flagged = tuple(
                pv.piece.location
                for pv in sorted(pieces, key=lambda pv: -_SEVERITY[pv.verdict.action])
                if pv.verdict.action is not Action.PASS
            )
        body = None
        if verdict.action is Action.BLOCK:
            outcome = Outcome.ANNOTATE if policy.monitor else Outcome.BLOCK
        elif verdict.redacted and not policy.monitor:
            masked = {pv.piece.path: pv.verdict.sanitized for pv in pieces if _needs_mask(pv, pieces)}
            body = rewrite(payload, masked)
            # A body we cannot rewrite (multipart, a second reading, a field name, the query
            # string) must not reach the app unmasked.
            outcome = Outcome.REDACT if body is not None else Outcome.BLOCK
        elif verdict.action is Action.ANNOTATE:
            outcome = Outcome.ANNOTATE
        else:
            outcome = Outcome.PASS
        return GuardResult(verdict, pieces, outcome, flagged, body)

    # -- responses and logs --------------------------------------------------------------------

    def block_body(self, policy: RoutePolicy, result: GuardResult) -> tuple[int, bytes]:
        """The OpenAI-style error body of a blocked request."""
        verdict = result.verdict
        where = result.flagged[0] if result.flagged else None
        cats = [c for c in verdict.categories] or ["policy"]
        error: dict[str, Any] = {
            "message": f"Request blocked by shield-middleware: {', '.join(cats)}" + (f" in {where}" if where else ""),
            "type": "invalid_request_error",
            "code": "prompt_blocked",
            "param": where,
            "categories": cats,
        }
        if policy.expose_scores:
            error["scores"] = {c: round(verdict.scores.get(c, 0.0), 4) for c in cats if c in verdict.scores}
        return policy.block_status, json.dumps({"error": error}).encode()

    @staticmethod
    def error_body(exc: BadRequest) -> bytes:
        error = {"message": exc.message, "type": "invalid_request_error", "code": exc.code, "param": None}
        return json.dumps({"error": error}).encode()

    @staticmethod
    def response_headers(result: GuardResult) -> list[tuple[bytes, bytes]]:
        cats = ",".join(result.verdict.categories)
        headers = [(b"x-shield-action", result.outcome.value.encode())]
        if cats:
            headers.append((b"x-shield-categories", cats.encode()))
        return headers

    def log(self, method: str, path: str, result: GuardResult, body_len: int, started: float) -> None:
        verdict = result.verdict
        failed = verdict.method in (DetectionMethod.FAIL_OPEN, DetectionMethod.FAIL_CLOSED)
        level = logging.WARNING if result.outcome is Outcome.BLOCK or failed else logging.INFO
        if not logger.isEnabledFor(level):
            return
        digest = hashlib.blake2b(
            "\0".join(pv.piece.text for pv in result.pieces).encode("utf-8", "surrogatepass"), digest_size=8
        ).hexdigest()
        top = {c: round(verdict.scores.get(c, 0.0), 3) for c in verdict.categories}
        logger.log(
            level,
            "shield %s %s action=%s method=%s categories=%s scores=%s flagged=%s latency_ms=%.2f body_bytes=%d "
            "text_hash=%s",
            method,
            path,
            result.outcome.value,
            verdict.method.value,
            ",".join(verdict.categories) or "-",
            top,
            ",".join(result.flagged) or "-",
            (time.perf_counter() - started) * 1000,
            body_len,
            digest,
        )
        if self.log_prompts:
            for pv in result.pieces:
                logger.debug("shield prompt %s: %r", pv.piece.location, pv.piece.text)

    def log_rejected(self, method: str, path: str, exc: BadRequest) -> None:
        logger.info("shield %s %s rejected status=%d code=%s", method, path, exc.status, exc.code)


def _needs_mask(pv: PieceVerdict, pieces: Sequence[PieceVerdict]) -> bool:
    """Whether masking this piece is needed for the app's body to be masked.

    The text where two parts meet repeats the parts' own text: what redaction found there is
    masked by a part's own rewrite when it lies inside that part and the part's scan found it
    too, or when it holds what a part's scan found (a secret at the end of one part runs on
    into the next one's first word when they are joined without a space). Only what spans two
    parts (a secret split across them), or what the parts alone missed, needs a mask of its
    own, and no rewrite can place that: the request is blocked.
    """
    if not pv.verdict.redacted:
        return False
    path = pv.piece.path
    if not (path and path[0] is JOINED):
        return True
    parent = path[2:-2]  # the list whose parts meet: (JOINED, sep, *list path, start, chunk)
    parts = [
        other
        for other in pieces
        if other.piece.path[: len(parent)] == parent and not (other.piece.path and other.piece.path[0] is JOINED)
    ]
    for finding in pv.verdict.findings:
        if finding.category not in pv.verdict.redacted or finding.span is None:
            continue
        found = pv.piece.text[finding.span[0] : finding.span[1]]
        masked_in_parts = [
            part.piece.text[f.span[0] : f.span[1]]
            for part in parts
            if finding.category in part.verdict.redacted
            for f in part.verdict.findings
            if f.category == finding.category and f.span is not None
        ]
        inside = any(found in part.piece.text and finding.category in part.verdict.redacted for part in parts)
        if not inside and not any(masked and masked in found for masked in masked_in_parts):
            return True
    return False
