"""The secrets scanner: vendor formats, private keys, URLs, assignments, hard negatives, speed.

Every key here is fake and written for these tests; prefixes and bodies are kept apart so that
secret scanners reading this repository do not mistake the file for a leak.
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from shield_middleware.categories import SECRETS
from shield_middleware.scanners import secrets
from shield_middleware.verdict import DetectionMethod

PEER_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "secrets" / "peer_corpus.jsonl"

B62 = "Qm7xK2pL9vR4tZ8wB3nY6cH1jF5dG0sA"  # 32 mixed characters to build fake bodies from
HEX = "9f3a0c7e51b2d84f6a1e0b9c3d7f2a58"


def _b64url(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


FAKE_JWT = _b64url({"alg": "HS256", "typ": "JWT"}) + "." + _b64url({"sub": "42", "iat": 1700000000}) + "." + B62 + "_x9"
FAKE_PEM_BODY = "\n".join(["MIIEpQIBAAKCAQEA" + B62 + B62[:16]] * 3)
DISCORD_ID = base64.b64encode(b"112233445566778899").decode().rstrip("=")

# (text, detail, the secret value the span must cover)
POSITIVES: list[tuple[str, str, str]] = [
    ("key id AKIA" + "Q7XK2M9PLR4TZ8WB in the logs", "aws_access_key_id", "AKIA" + "Q7XK2M9PLR4TZ8WB"),
    (
        'aws_secret_access_key = "Zq3/Lm8pT+Wd2Rx9Kf4Vb7Nc1Hy6Gs0Ja5Ue8Io0"',
        "aws_secret_access_key",
        "Zq3/Lm8pT+Wd2Rx9Kf4Vb7Nc1Hy6Gs0Ja5Ue8Io0",
    ),
    ("maps key: AIza" + B62 + "Xy9", "gcp_api_key", "AIza" + B62 + "Xy9"),
    ("git push with ghp_" + B62 + "Ab3D", "github_token", "ghp_" + B62 + "Ab3D"),
    (
        "GH=github_pat_" + B62[:22] + "_" + (B62 * 2)[:59],
        "github_fine_grained_pat",
        "github_pat_" + B62[:22] + "_" + (B62 * 2)[:59],
    ),
    ("CI token glpat-" + B62[:20] + " expired", "gitlab_token", "glpat-" + B62[:20]),
    (
        "xoxb-" + "123456789012-1234567890123-" + B62[:24],
        "slack_token",
        "xoxb-" + "123456789012-1234567890123-" + B62[:24],
    ),
    (
        "post to https://hooks.slack.com/services/" + "T0A1B2C3D/B4E5F6G7H/" + B62[:24],
        "slack_webhook",
        "https://hooks.slack.com/services/" + "T0A1B2C3D/B4E5F6G7H/" + B62[:24],
    ),
    (
        "bot token " + DISCORD_ID + ".GhT2k9." + B62[:27],
        "discord_bot_token",
        DISCORD_ID + ".GhT2k9." + B62[:27],
    ),
    ("TELEGRAM=123456789:AA" + B62[:31] + "x_", "telegram_bot_token", "123456789:AA" + B62[:31] + "x_"),
    ("stripe.api_key = 'sk_live_" + B62[:24] + "'", "stripe_live_key", "sk_live_" + B62[:24]),
    ("square sq0atp-" + B62[:22], "square_token", "sq0atp-" + B62[:22]),
    (
        "BT=access_token$production$" + "abcd1234efgh5678$" + HEX,
        "braintree_access_token",
        "access_token$production$" + "abcd1234efgh5678$" + HEX,
    ),
    ("twilio SK" + HEX, "twilio_api_key", "SK" + HEX),
    (
        "SENDGRID_API_KEY=SG." + B62[:22] + "." + (B62 * 2)[:43],
        "sendgrid_api_key",
        "SG." + B62[:22] + "." + (B62 * 2)[:43],
    ),
    ("mailgun key-" + HEX, "mailgun_api_key", "key-" + HEX),
    ("chimp " + HEX + "-us14", "mailchimp_api_key", HEX + "-us14"),
    ("OPENAI_API_KEY=sk-proj-" + B62 + B62[:16], "openai_api_key", "sk-proj-" + B62 + B62[:16]),
    ("old key sk-" + B62[:20] + "T3BlbkFJ" + B62[5:25], "openai_api_key", "sk-" + B62[:20] + "T3BlbkFJ" + B62[5:25]),
    (
        "claude: sk-ant-api03-" + (B62 * 3)[:93] + "AA",
        "anthropic_api_key",
        "sk-ant-api03-" + (B62 * 3)[:93] + "AA",
    ),
    ("HF_TOKEN=hf_" + B62 + "Xq", "huggingface_token", "hf_" + B62 + "Xq"),
    ("groq gsk_" + B62 + B62[:20], "groq_api_key", "gsk_" + B62 + B62[:20]),
    ("//registry.npmjs.org/:_authToken=npm_" + B62 + "Ab3D", "npm_token", "npm_" + B62 + "Ab3D"),
    ("password = pypi-AgEIcHlwaS5vcmc" + B62 + B62, "pypi_token", "pypi-AgEIcHlwaS5vcmc" + B62 + B62),
    ("Authorization: Bearer " + FAKE_JWT, "jwt", FAKE_JWT),
    (
        "-----BEGIN RSA PRIVATE KEY-----\n" + FAKE_PEM_BODY + "\n-----END RSA PRIVATE KEY-----",
        "pem_private_key",
        "-----BEGIN RSA PRIVATE KEY-----\n" + FAKE_PEM_BODY + "\n-----END RSA PRIVATE KEY-----",
    ),
    (
        "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n" + FAKE_PEM_BODY + "\n-----END OPENSSH PRIVATE KEY-----\nthanks",
        "openssh_private_key",
        "-----BEGIN OPENSSH PRIVATE KEY-----\n" + FAKE_PEM_BODY + "\n-----END OPENSSH PRIVATE KEY-----",
    ),
    (
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + FAKE_PEM_BODY + "\n-----END PGP PRIVATE KEY BLOCK-----",
        "pgp_private_key",
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + FAKE_PEM_BODY + "\n-----END PGP PRIVATE KEY BLOCK-----",
    ),
    (
        '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n'
        + B62
        + '\\n-----END PRIVATE KEY-----\\n"}',
        "gcp_service_account_key",
        "-----BEGIN PRIVATE KEY-----\\n" + B62 + "\\n-----END PRIVATE KEY-----",
    ),
    (
        "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + (B62 * 3)[:86] + "==;EndpointSuffix=x",
        "azure_storage_account_key",
        (B62 * 3)[:86] + "==",
    ),
    ("DATABASE_URL=postgres://app:Gr4v3l-Pit-81@db.internal:5432/app", "postgres_connection_string", "Gr4v3l-Pit-81"),
    ("mongodb+srv://svc:Kx81mQ2zLp@cluster0.example.net/db", "mongodb_connection_string", "Kx81mQ2zLp"),
    ("REDIS_URL=redis://:t7Wq2Lm9Xz@cache:6379/0", "redis_connection_string", "t7Wq2Lm9Xz"),
    ("amqp://guest:R4bb1tHole22@mq:5672/", "amqp_connection_string", "R4bb1tHole22"),
    ("curl https://deploy:Fz8kQ2mW7pLx@ci.example.org/hook", "url_basic_auth", "Fz8kQ2mW7pLx"),
    ("password=Kv9#mQ2wLx", "password_assignment", "Kv9#mQ2wLx"),
    ("DB_PASSWORD='Orchid-Lamp-93'", "password_assignment", "Orchid-Lamp-93"),
    ('{"user": "ops", "passwd": "Tq8!vZ3k"}', "password_assignment", "Tq8!vZ3k"),
    ("[mysql]\npassword = Brq7x2Lm", "password_assignment", "Brq7x2Lm"),
    ("smtp:\n  pass: 'w1nter-Fox-44'\n", "password_assignment", "w1nter-Fox-44"),
    ("<password>Hx3$kd8Pq</password>", "password_assignment", "Hx3$kd8Pq"),
    ("psql --password Vn4!qz7Rt --host db", "password_assignment", "Vn4!qz7Rt"),
    ("login failed, my password is Pq7#zx2Lk, what now?", "password_assignment", "Pq7#zx2Lk"),
    ('client_secret: "' + B62 + '"', "secret_assignment", B62),
    ("export COHERE_API_KEY=" + B62 + "x7", "secret_assignment", B62 + "x7"),
    ('key = "' + B62 + '"', "high_entropy_assignment", B62),
    (
        "Authorization: Basic " + base64.b64encode(b"deploy:Fz8kQ2mW7pLx").decode(),
        "basic_auth_header",
        base64.b64encode(b"deploy:Fz8kQ2mW7pLx").decode(),
    ),
]

NEGATIVES = [
    "Can you summarise the key points of this report in three bullets?",
    "How do I reset my password? The reset link in the email has expired.",
    "My password is too weak according to the policy, what are the rules?",
    "Set password= in the config file and restart.",
    "The token limit is 4096 and the key idea is to keep prompts short.",
    "Request 123e4567-e89b-12d3-a456-426614174000 failed after commit 9c1185a5c5e9fc54612808977ee8f548b2258d31.",
    "sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
    "The image is data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA",
    "AWS access key ids start with AKIA; GitHub tokens start with ghp_ and Stripe keys with sk_live_.",
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUc2VjcmV0\n-----END CERTIFICATE-----",
    "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
    "Paste your key between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY----- lines.",
    "api_key = os.environ['OPENAI_API_KEY']",
    "password: ${DB_PASSWORD}",
    "api_key=<your-api-key>",
    'token = "****************"',
    "password = 'changeme'",
    'PASSWORD = "password123"',
    "STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
    "aws_access_key_id = AKIAXXXXXXXXXXXXXXXX",
    "postgres://user:password@localhost:5432/app",
    "if password == confirm_password: save(user)",
    "password = getpass.getpass()",
    "token = self._get_token(request)",
    '"max_tokens": 1024, "prompt_tokens": 37',
    'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")',
    "NextToken: eyJ2IjoiMSIsInMiOjEsImMiOiJhYmMifQ==",
    "the secretary: Jane Doe, extension 4471",
    "author: Jane Doe <jane@example.com>",
    "monkey = Banana2024",
    "credit_card = 4111111111111111",
    "result_key: HyperParameterTuningJobSummaries",
    "PKCS8_PRIV_KEY_INFO = pkcs8_priv_key_info_st",
    "Resource: arn:aws:secretsmanager:*:*:secret:eks-local.cluster.x-k8s.io/*",
    "for i in range(10):\n    total += i * i",
    "See https://docs.python.org/3/library/re.html#regular-expression-syntax for details.",
    "Internationalization-and-localization-considerations matter.",
]


@pytest.mark.parametrize(("text", "detail", "value"), POSITIVES, ids=[p[1] for p in POSITIVES])
def test_finds_each_format_with_its_span(text: str, detail: str, value: str) -> None:
    findings = secrets.scan(text)
    assert [f.detail for f in findings] == [detail]
    finding = findings[0]
    assert finding.category == SECRETS
    assert finding.method is DetectionMethod.HEURISTIC
    assert finding.span is not None
    assert text[finding.span[0] : finding.span[1]] == value
    assert 0.5 <= finding.score <= 1.0
    assert value not in finding.detail


def test_covers_at_least_25_formats() -> None:
    assert len({detail for _, detail, _ in POSITIVES}) >= 25


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negatives_stay_quiet(text: str) -> None:
    assert secrets.scan(text) == []


def test_exact_formats_outscore_guesses_from_names() -> None:
    exact = secrets.scan("ghp_" + B62 + "Ab3D")[0]
    guessed = secrets.scan('key = "' + B62 + '"')[0]
    assert exact.score >= 0.95
    assert guessed.score < 0.8 < exact.score


def test_overlapping_rules_keep_the_most_specific_finding() -> None:
    text = 'GITHUB_TOKEN="ghp_' + B62 + 'Ab3D" and OPENAI_API_KEY=sk-proj-' + B62 + B62
    assert [f.detail for f in secrets.scan(text)] == ["github_token", "openai_api_key"]


def test_findings_are_ordered_and_masked() -> None:
    text = "a=AKIA" + "Q7XK2M9PLR4TZ8WB then password=Kv9#mQ2wLx end"
    findings = secrets.scan(text)
    assert [f.detail for f in findings] == ["aws_access_key_id", "password_assignment"]
    masked = secrets.mask(text, findings)
    assert masked == "a=[REDACTED:secrets] then password=[REDACTED:secrets] end"


def test_pem_without_footer_is_still_a_key() -> None:
    text = "my key: -----BEGIN PRIVATE KEY----- " + B62 + B62 + " please help"
    (finding,) = secrets.scan(text)
    assert finding.detail == "pem_private_key"
    assert finding.span is not None
    assert text[finding.span[0] : finding.span[1]].endswith(B62 + B62)


def test_non_ascii_text_keeps_offsets() -> None:
    text = "Schlüssel für 東京: ghp_" + B62 + "Ab3D ✓"
    (finding,) = secrets.scan(text)
    assert finding.span is not None
    assert text[finding.span[0] : finding.span[1]] == "ghp_" + B62 + "Ab3D"


@pytest.mark.skipif(not PEER_CORPUS.exists(), reason=f"peer corpus not found at {PEER_CORPUS}")
def test_peer_corpus_catches_everything_with_no_false_positives() -> None:
    rows = [json.loads(line) for line in PEER_CORPUS.read_text(encoding="utf-8").splitlines() if line]
    caught = sum(1 for r in rows if r["label"] == 1 and secrets.scan(r["text"]))
    false_alarms = [r["text"] for r in rows if r["label"] == 0 and secrets.scan(r["text"])]
    positives = sum(1 for r in rows if r["label"] == 1)
    # Yelp detect-secrets per line: 27 of 29 with 2 false positives on the same file.
    assert (caught, positives) == (29, 29)
    assert false_alarms == []


HOSTILE = [
    "a" * 100_000,
    "A" * 100_000,
    "ghp_" * 25_000,
    "sk-" * 33_000,
    "sk-proj-" + "a" * 100_000,
    "AKIA" * 25_000,
    "eyJ" + "a" * 50_000 + "." + "b" * 50_000,
    "eyJhbGciOiJub25lIn0." * 5_000,
    "password=" * 11_000,
    "password is " * 8_000,
    "secret key for the " * 5_000,
    "key: " * 20_000,
    '"api_key": "' * 8_000,
    "-----BEGIN PRIVATE KEY-----" * 3_700,
    "-----BEGIN RSA PRIVATE KEY-----\n" + "A" * 100_000,
    "postgres://a:b@" * 6_500,
    "://" * 33_000,
    "x:" * 50_000,
    "a-" * 50_000,
    "0123456789abcdef" * 6_250,
    ("Ab3" * 10 + " ") * 3_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=[f"{t[:12]!r}x{len(t)}" for t in HOSTILE])
def test_hostile_input_runs_in_linear_time(text: str) -> None:
    started = time.process_time()
    secrets.scan(text)
    # A catastrophic backtrack takes minutes on 100 KB; this only guards against that.
    assert time.process_time() - started < 2.0


def test_a_key_after_many_bare_headers_is_found_once() -> None:
    # Headers without a body are not keys; the real block after them is (the scan reuses its
    # footer and base64 searches across headers, so many headers stay linear in cost).
    bare = "-----BEGIN EC PRIVATE KEY-----" * 300
    key = "-----BEGIN RSA PRIVATE KEY-----\n" + FAKE_PEM_BODY + "\n-----END RSA PRIVATE KEY-----"
    details = [f.detail for f in secrets.scan(bare + " " + key + " and a question about -----BEGIN PRIVATE KEY-----")]
    assert details.count("pem_private_key") >= 1
    assert secrets.scan(bare + "-----END EC PRIVATE KEY-----") == []
