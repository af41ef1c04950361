"""The PII scanner: e-mail, phones, cards, IBANs, SSNs, IPs; checksums, hard negatives, speed."""

from __future__ import annotations

import time

import pytest

from shield_middleware.categories import PII
from shield_middleware.scanners import pii
from shield_middleware.scanners.pii_numbers import card_issuer_ok, country_code_ok, luhn_ok
from shield_middleware.verdict import DetectionMethod

# (text, detail, the value the span must cover)
POSITIVES: list[tuple[str, str, str]] = [
    ("Write to me at marta.kovac+billing@mail.example.org please.", "email", "marta.kovac+billing@mail.example.org"),
    ("contact: ops_team@sub.example.co.uk.", "email", "ops_team@sub.example.co.uk"),
    ("Our London desk is +44 20 7946 0958 on weekdays", "phone", "+44 20 7946 0958"),
    ("Call (555) 123-4567 after six", "phone", "(555) 123-4567"),
    ("reach the shop on 415-555-0132 ext. 12 today", "phone", "415-555-0132 ext. 12"),
    ("fax 212.555.0187, not email", "phone", "212.555.0187"),
    ("Mobil: +49 (0)30 901820 44", "phone", "+49 (0)30 901820 44"),
    ("Phone: 0612 34 56 78", "phone", "0612 34 56 78"),
    ("please call me on 06.12.34.56.78 tonight", "phone", "06.12.34.56.78"),
    ("My card 4111 1111 1111 1111 expires soon", "credit_card", "4111 1111 1111 1111"),
    ("number 5555-5555-5555-4444, exp 04/29", "credit_card", "5555-5555-5555-4444"),
    ("amex 3782 822463 10005 on file", "credit_card", "3782 822463 10005"),
    ("charge card 6011111111111117 for the order", "credit_card", "6011111111111117"),
    ("IBAN: GB82 WEST 1234 5698 7654 32 (Westminster)", "iban", "GB82 WEST 1234 5698 7654 32"),
    ("pay to DE89370400440532013000 by Friday", "iban", "DE89370400440532013000"),
    ("my iban is nl91abna0417164300", "iban", "nl91abna0417164300"),
    ("SSN 536-22-8726 on the form", "us_ssn", "536-22-8726"),
    ("social security number: 536 22 8726", "us_ssn", "536 22 8726"),
    ("the server at 203.0.113.45 refused us", "ipv4", "203.0.113.45"),
    ("ssh admin@10.20.30.40", "ipv4", "10.20.30.40"),
    ("client 2a00:1450:4009:81f::200e connected", "ipv6", "2a00:1450:4009:81f::200e"),
    ("link fe80::1ff:fe23:4567:890a%eth0", "ipv6", "fe80::1ff:fe23:4567:890a"),
]

NEGATIVES = [
    "The meeting is on 2024-03-15 at 14:30:00, room 12.",
    "Released 15.03.2024 as version 1.2.3 (build 4.5.6.7.8).",
    "It costs $1,299.99, or 1 299,99 € in Paris.",
    "Order number 4111-2222-3333 shipped to 221B Baker Street.",
    "The population was 123456789012345 in the model run.",
    "seed = 4111111111111111  # a Luhn-valid number with no card context",
    "Card 4111 1111 1111 1112 was declined.",  # fails Luhn
    "IBAN GB82 WEST 1234 5698 7654 33",  # fails mod 97
    "SSNs like 000-12-3456, 666-12-3456, 912-34-5678, 536-00-8726 and 536-22-0000 were never issued.",
    "The textbook SSN 123-45-6789 is not a real one.",
    "Use 127.0.0.1 or 0.0.0.0 for local testing; 999.1.1.1 is not an address.",
    "ISBN 978-3-16-148410-0 and DOI 10.1000/182",
    "x = arr[1::2]; std::vector<int> v; Foo::Bar",
    "MAC 00:1A:2B:3C:4D:5E at 12:30:45",
    "Returns +1.4142135623731 and -2147483648 to +2147483647",
    "size: int = 1000000, Callable[..., int]",
    "Meeting Record 10, 218-219 (1968)",
    "Our offices are located at 6556 106 Rue Ettatawer",
    "the icon is logo@2x.png and the decorator @app.route('/')",
]


@pytest.mark.parametrize(("text", "detail", "value"), POSITIVES, ids=[f"{p[1]}-{i}" for i, p in enumerate(POSITIVES)])
def test_finds_each_kind_with_its_span(text: str, detail: str, value: str) -> None:
    findings = pii.scan(text)
    assert [f.detail for f in findings] == [detail]
    finding = findings[0]
    assert finding.category == PII
    assert finding.method is DetectionMethod.HEURISTIC
    assert finding.span is not None
    assert text[finding.span[0] : finding.span[1]] == value
    assert 0.5 <= finding.score <= 1.0


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negatives_stay_quiet(text: str) -> None:
    assert pii.scan(text) == []


def test_checksums() -> None:
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
    assert card_issuer_ok("378282246310005")  # Amex, 15 digits
    assert not card_issuer_ok("3782822463100050")  # Amex prefix, wrong length
    assert not card_issuer_ok("9111111111111111")
    assert country_code_ok("447700900123") and country_code_ok("12025550123")
    assert not country_code_ok("2147483647")  # +214 is not assigned


def test_scores_follow_the_evidence() -> None:
    card = pii.scan("card 4111 1111 1111 1111")[0]
    iban = pii.scan("GB82 WEST 1234 5698 7654 32")[0]
    public, private = pii.scan("from 203.0.113.45 via 192.168.1.20")
    loose_phone = pii.scan("Phone: 0612 34 56 78")[0]
    assert card.score >= 0.95 and iban.score >= 0.95
    assert public.score > private.score >= 0.5
    assert loose_phone.score < card.score


def test_mixed_text_is_masked_in_order() -> None:
    text = "Jo (jo@example.com, +44 20 7946 0958) paid with 4111 1111 1111 1111 from 203.0.113.45."
    findings = pii.scan(text)
    assert [f.detail for f in findings] == ["email", "phone", "credit_card", "ipv4"]
    assert pii.mask(text, findings) == (
        "Jo ([REDACTED:pii], [REDACTED:pii]) paid with [REDACTED:pii] from [REDACTED:pii]."
    )


def test_non_ascii_text_keeps_offsets() -> None:
    text = "Adresse: café ☕ jürgen@example.de, Tél 📞 +33 1 42 68 53 00"
    values = [text[f.span[0] : f.span[1]] for f in pii.scan(text) if f.span]
    assert values == ["jürgen@example.de", "+33 1 42 68 53 00"]


HOSTILE = [
    "1" * 100_000,
    "1 " * 50_000,
    "1-" * 50_000,
    "+1 " * 33_000,
    "(1)" * 33_000,
    "4111 " * 20_000,
    "1.1.1.1." * 12_500,
    "a@" * 50_000,
    "a." * 50_000 + "@",
    "a@b." * 25_000,
    "GB82" * 25_000,
    "GB82 " * 20_000,
    ":" * 100_000,
    "1:" * 50_000,
    "ab:" * 33_000,
    "0123456789abcdef" * 6_250,
    "call 555 " * 11_000,
    "1 " * 50_000,  # one numeric run of 100 KB (runs are not cut at a length limit)
]


@pytest.mark.parametrize("text", HOSTILE, ids=[f"{t[:10]!r}x{len(t)}" for t in HOSTILE])
def test_hostile_input_runs_in_linear_time(text: str) -> None:
    started = time.process_time()
    pii.scan(text)
    # A catastrophic backtrack takes minutes on 100 KB; this only guards against that.
    assert time.process_time() - started < 2.0


@pytest.mark.parametrize("padding", [30, 31, 35, 36, 38, 80])
def test_a_phone_number_behind_a_long_run_of_separators_is_found(padding: int) -> None:
    # Runs used to be cut at 41 characters: a number straddling the cut was missed.
    text = "1234" + " " * padding + "555-123-4567 is it"
    start = text.index("555")
    assert [(f.detail, f.span) for f in pii.scan(text)] == [("phone", (start, start + 12))]
