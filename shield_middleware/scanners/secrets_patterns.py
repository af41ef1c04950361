"""The fixed-format credential rules of the secrets scanner.

Each `TokenRule` recognises one vendor format by its prefix, length and alphabet. The rules are
only ever run over the *long runs* of token characters that `secrets.scan` cuts out of a text
(20 or more characters of ``[A-Za-z0-9_-+/=.~$:@%]``), so most prose never reaches them.

Linear time: every repetition is bounded, repetitions over one class are possessive (``{m,n}+``)
so that a failed boundary check never backtracks through them, and a boundary lookbehind sits
*after* the first literal character (``g(?<![A-Za-z0-9_]g)h…``): a leading lookbehind would stop
``re`` from skipping ahead to the literal prefix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass

from .secrets_values import b64decode, looks_placeholder

#: Characters that make up a "long run"; runs are cut at everything else.
RUN_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.~$:@%")
#: The shortest run a fixed-format credential can live in.
MIN_RUN = 20


def _random_body(body: str) -> bool:
    """A generated key body: not a placeholder, and not a run of one repeated character."""
    return not looks_placeholder(body) and len(set(body)) >= min(8, len(body) // 2)


def _jwt_ok(token: str) -> bool:
    """The header of a JWT is base64url JSON with an ``alg`` member."""
    raw = b64decode(token.split(".", 1)[0])
    if raw is None:
        return False
    try:
        header = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(header, dict) and "alg" in header


def _discord_ok(token: str) -> bool:
    """The first part of a Discord bot token is the bot's numeric user id in base64."""
    raw = b64decode(token.split(".", 1)[0])
    return raw is not None and raw.isdigit() and 15 <= len(raw) <= 21


def _has_digit_and_letter(token: str) -> bool:
    return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)


@dataclass(frozen=True, slots=True)
class TokenRule:
    """One fixed-format credential: `detail` names it, `anchors` are literals it must contain.

    A rule without anchors runs on every text that has a long run.
    """

    detail: str
    pattern: re.Pattern[str]
    score: float
    anchors: tuple[str, ...] = ()
    _: KW_ONLY
    #: Extra check on the matched text (the ``v`` group where the pattern has one).
    check: Callable[[str], bool] | None = None
    #: Characters after the prefix that must look random (placeholder screen); 0 skips it.
    prefix_len: int = 0


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# Boundary classes: what may not touch a token on either side.
_AN = "A-Za-z0-9"
_W = "A-Za-z0-9_"
_WD = r"A-Za-z0-9_\-"

TOKEN_RULES: tuple[TokenRule, ...] = (
    TokenRule(
        "aws_access_key_id",
        # AKIA long-term, ASIA temporary, ABIA/ACCA service credentials. AIDA, AROA and friends are
        # user and role ids, not credentials, and fill AWS documentation.
        _r(rf"A(?<![{_AN}]A)(?:KIA|SIA|BIA|CCA|3T[A-Z0-9])[A-Z0-9]{{16}}(?![{_AN}])"),
        0.95,
        ("AKIA", "ASIA", "ABIA", "ACCA", "A3T"),
        prefix_len=4,
    ),
    TokenRule("gcp_api_key", _r(rf"A(?<![{_WD}]A)Iza[{_WD}]{{35}}(?![{_WD}])"), 0.97, ("AIza",), prefix_len=4),
    TokenRule("gcp_oauth_client_secret", _r(rf"GOCSPX-[{_WD}]{{28}}(?![{_WD}])"), 0.97, ("GOCSPX-",)),
    TokenRule("gcp_oauth_access_token", _r(rf"y(?<![{_AN}]y)a29\.[{_WD}]{{30,400}}+(?![{_WD}])"), 0.85, ("ya29.",)),
    TokenRule("github_token", _r(rf"g(?<![{_W}]g)h[pousr]_[{_AN}]{{36,251}}+(?![{_W}])"), 0.97, ("gh",), prefix_len=4),
    TokenRule(
        "github_fine_grained_pat",
        _r(rf"g(?<![{_W}]g)ithub_pat_[{_W}]{{70,255}}+(?![{_W}])"),
        0.97,
        ("github_pat_",),
        prefix_len=11,
    ),
    TokenRule(
        "gitlab_token",
        _r(rf"g(?<![{_WD}]g)l(?:pat|dt|rt|ptt|cbt|ft|soat|imt|oas)-[{_WD}.]{{20,120}}+(?![{_WD}.])"),
        0.97,
        ("gl",),
        prefix_len=6,
    ),
    TokenRule("gitlab_runner_token", _r(rf"GR1348941[{_WD}]{{20,40}}+(?![{_WD}])"), 0.95, ("GR1348941",)),
    TokenRule("bitbucket_app_password", _r(rf"A(?<![{_AN}]A)TBB[{_WD}=.]{{32,100}}+"), 0.95, ("ATBB",), prefix_len=4),
    TokenRule("atlassian_api_token", _r(rf"A(?<![{_AN}]A)TATT3[{_WD}=]{{100,300}}+"), 0.95, ("ATATT3",)),
    TokenRule(
        "slack_token",
        _r(rf"x(?<![{_AN}]x)ox[abposre](?:\.xox[bp])?-[0-9]{{1,14}}-[{_AN}-]{{16,250}}+(?![{_AN}-])"),
        0.95,
        ("xox",),
    ),
    TokenRule("slack_app_token", _r(r"xapp-[0-9]-[A-Z0-9]{8,12}-[0-9]{10,14}-[A-Za-z0-9]{32,80}+"), 0.97, ("xapp-",)),
    TokenRule(
        "slack_webhook",
        _r(r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,150}+"),
        0.95,
        ("hooks.slack.com/",),
    ),
    TokenRule(
        "discord_bot_token",
        _r(rf"[MNO](?<![{_WD}.][MNO])[{_WD}]{{23,27}}\.[{_WD}]{{6,7}}\.[{_WD}]{{27,40}}+(?![{_WD}.])"),
        0.95,
        check=_discord_ok,
    ),
    TokenRule(
        "discord_webhook",
        _r(rf"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{{17,20}}/[{_WD}]{{60,70}}+"),
        0.97,
        ("/api/webhooks/",),
    ),
    TokenRule(
        "telegram_bot_token", _r(rf"[0-9](?<![{_W}:][0-9])[0-9]{{7,9}}:AA[{_WD}]{{33}}(?![{_WD}])"), 0.95, (":AA",)
    ),
    TokenRule(
        "stripe_live_key",
        _r(rf"[sr](?<![{_W}][sr])k_live_[{_AN}]{{20,247}}+(?![{_W}])"),
        0.97,
        ("k_live_",),
        prefix_len=8,
    ),
    TokenRule(
        "stripe_test_key",
        _r(rf"[sr](?<![{_W}][sr])k_test_[{_AN}]{{20,247}}+(?![{_W}])"),
        0.6,
        ("k_test_",),
        prefix_len=8,
    ),
    TokenRule("stripe_webhook_secret", _r(rf"w(?<![{_W}]w)hsec_[{_AN}+/]{{32,64}}+"), 0.9, ("whsec_",), prefix_len=6),
    TokenRule("square_token", _r(rf"s(?<![{_AN}]s)q0(?:atp|csp|idp)-[{_WD}]{{22,43}}+(?![{_WD}])"), 0.95, ("sq0",)),
    TokenRule(
        "square_access_token", _r(rf"E(?<![{_AN}]E)AAA[{_WD}+=]{{60}}(?![{_WD}+=])"), 0.85, ("EAAA",), prefix_len=4
    ),
    TokenRule(
        "braintree_access_token",
        _r(r"access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}"),
        0.97,
        ("$production$",),
    ),
    TokenRule(
        "twilio_api_key",
        _r(rf"S(?<![{_AN}]S)K[0-9a-fA-F]{{32}}(?![{_AN}])"),
        0.8,
        ("SK",),
        check=_has_digit_and_letter,
        prefix_len=2,
    ),
    TokenRule(
        "twilio_account_sid",
        _r(rf"A(?<![{_AN}]A)C[0-9a-f]{{32}}(?![{_AN}])"),
        0.5,
        ("AC",),
        check=_has_digit_and_letter,
        prefix_len=2,
    ),
    TokenRule("sendgrid_api_key", _r(rf"S(?<![{_AN}]S)G\.[{_WD}]{{22}}\.[{_WD}]{{43}}(?![{_WD}])"), 0.99, ("SG.",)),
    TokenRule("mailgun_api_key", _r(rf"k(?<![{_AN}]k)ey-[0-9a-f]{{32}}(?![{_AN}])"), 0.85, ("key-",), prefix_len=4),
    TokenRule(
        "mailchimp_api_key", _r(rf"[0-9a-f](?<![{_AN}][0-9a-f])[0-9a-f]{{31}}-us[0-9]{{1,2}}(?![0-9])"), 0.9, ("-us",)
    ),
    TokenRule(
        "openai_api_key", _r(rf"s(?<![{_W}]s)k-[{_AN}]{{20}}T3BlbkFJ[{_AN}]{{20}}(?![{_WD}])"), 0.99, ("T3BlbkFJ",)
    ),
    TokenRule(
        "openai_api_key",
        _r(rf"s(?<![{_W}]s)k-(?:proj|svcacct|admin)-[{_WD}]{{40,250}}+(?![{_WD}])"),
        0.97,
        ("sk-",),
        prefix_len=8,
    ),
    TokenRule(
        "anthropic_api_key",
        _r(rf"s(?<![{_W}]s)k-ant-(?:api|admin|sid|oat)[0-9]{{2}}-[{_WD}]{{32,150}}+(?![{_WD}])"),
        0.99,
        ("sk-ant-",),
    ),
    TokenRule(
        "anthropic_api_key", _r(rf"s(?<![{_W}]s)k-ant-[{_WD}]{{32,150}}+(?![{_WD}])"), 0.9, ("sk-ant-",), prefix_len=7
    ),
    TokenRule("openrouter_api_key", _r(rf"s(?<![{_W}]s)k-or-v1-[0-9a-f]{{64}}(?![{_AN}])"), 0.97, ("sk-or-",)),
    TokenRule(
        "sk_api_key",
        _r(rf"s(?<![{_W}]s)k-[{_AN}]{{32,100}}+(?![{_WD}])"),
        0.8,
        ("sk-",),
        check=_has_digit_and_letter,
        prefix_len=3,
    ),
    TokenRule("huggingface_token", _r(rf"h(?<![{_W}]h)f_[{_AN}]{{30,40}}+(?![{_W}])"), 0.9, ("hf_",), prefix_len=3),
    TokenRule("huggingface_org_token", _r(rf"a(?<![{_W}]a)pi_org_[{_AN}]{{30,40}}+(?![{_W}])"), 0.9, ("api_org_",)),
    TokenRule("groq_api_key", _r(rf"g(?<![{_W}]g)sk_[{_AN}]{{48,56}}+(?![{_W}])"), 0.95, ("gsk_",), prefix_len=4),
    TokenRule("replicate_api_token", _r(rf"r(?<![{_W}]r)8_[{_AN}]{{37}}(?![{_W}])"), 0.9, ("r8_",), prefix_len=3),
    TokenRule("perplexity_api_key", _r(rf"p(?<![{_W}]p)plx-[{_AN}]{{48}}(?![{_W}])"), 0.95, ("pplx-",), prefix_len=5),
    TokenRule("xai_api_key", _r(rf"x(?<![{_W}]x)ai-[{_AN}]{{70,90}}+(?![{_W}])"), 0.95, ("xai-",), prefix_len=4),
    TokenRule("nvidia_api_key", _r(rf"n(?<![{_W}]n)vapi-[{_WD}]{{64}}(?![{_WD}])"), 0.95, ("nvapi-",), prefix_len=6),
    TokenRule("langsmith_api_key", _r(r"lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}"), 0.97, ("lsv2_",)),
    TokenRule("pinecone_api_key", _r(rf"p(?<![{_W}]p)csk_[{_W}]{{40,100}}+(?![{_W}])"), 0.9, ("pcsk_",), prefix_len=5),
    TokenRule("npm_token", _r(rf"n(?<![{_W}]n)pm_[{_AN}]{{36}}(?![{_W}])"), 0.97, ("npm_",), prefix_len=4),
    TokenRule("pypi_token", _r(r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300}+"), 0.99, ("pypi-",)),
    TokenRule("pypi_token", _r(r"pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,300}+"), 0.9, ("pypi-",)),
    TokenRule(
        "jwt",
        _r(rf"e(?<![{_WD}.]e)yJ[{_WD}]{{10,2000}}+\.[{_WD}]{{2,8000}}+\.[{_WD}]{{16,2000}}+"),
        0.9,
        ("eyJ",),
        check=_jwt_ok,
    ),
    TokenRule(
        "jwt",
        _r(rf"e(?<![{_WD}.]e)yJ[{_WD}]{{10,2000}}+\.eyJ[{_WD}]{{2,8000}}+\.(?![{_WD}])"),
        0.6,
        ("eyJ",),
        check=_jwt_ok,
    ),
    TokenRule("shopify_token", _r(r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"), 0.97, ("shp",)),
    TokenRule("digitalocean_token", _r(r"do[opr]_v1_[a-f0-9]{64}"), 0.97, ("_v1_",)),
    TokenRule(
        "vault_token", _r(rf"h(?<![{_AN}]h)v[sb]\.[{_WD}]{{24,200}}+(?![{_WD}])"), 0.9, ("hvs.", "hvb."), prefix_len=4
    ),
    TokenRule("terraform_cloud_token", _r(r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}+"), 0.95, (".atlasv1.",)),
    TokenRule("azure_ad_client_secret", _r(r"[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}+"), 0.9, ("Q~",)),
    TokenRule("azure_storage_account_key", _r(r"AccountKey=(?P<v>[A-Za-z0-9+/]{86}==)"), 0.97, ("AccountKey=",)),
    TokenRule(
        "azure_shared_access_key", _r(r"SharedAccessKey=(?P<v>[A-Za-z0-9+/]{42,44}=)"), 0.95, ("SharedAccessKey=",)
    ),
    TokenRule("azure_sas_token", _r(r"[?&]?sig=(?P<v>[A-Za-z0-9%+/]{40,120}+)"), 0.85, ("sig=",)),
    TokenRule("age_secret_key", _r(r"AGE-SECRET-KEY-1[0-9A-Z]{58}"), 0.99, ("AGE-SECRET-KEY-",)),
    TokenRule("postman_api_key", _r(r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}"), 0.97, ("PMAK-",)),
    TokenRule("grafana_service_account_token", _r(r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"), 0.97, ("glsa_",)),
    TokenRule("grafana_cloud_token", _r(r"glc_[A-Za-z0-9+/]{32,400}+={0,2}"), 0.9, ("glc_",), prefix_len=4),
    TokenRule("newrelic_api_key", _r(r"NRAK-[A-Z0-9]{27}"), 0.95, ("NRAK-",)),
    TokenRule("linear_api_key", _r(r"lin_api_[A-Za-z0-9]{40}"), 0.95, ("lin_api_",), prefix_len=8),
    TokenRule("notion_token", _r(r"ntn_[0-9]{11}[A-Za-z0-9]{35}"), 0.95, ("ntn_",)),
    TokenRule("databricks_token", _r(rf"d(?<![{_AN}]d)api[a-f0-9]{{32}}(?:-[0-9])?(?![{_AN}])"), 0.9, ("dapi",)),
    TokenRule("doppler_token", _r(r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}+"), 0.95, ("dp.",)),
    TokenRule("supabase_token", _r(r"sbp_[a-f0-9]{40}"), 0.95, ("sbp_",)),
    TokenRule("tailscale_key", _r(r"tskey-[a-z]{3,8}-[A-Za-z0-9]{8,24}-[A-Za-z0-9]{20,40}+"), 0.97, ("tskey-",)),
    TokenRule("dockerhub_token", _r(r"dckr_pat_[A-Za-z0-9_-]{27}"), 0.97, ("dckr_pat_",)),
    TokenRule("sentry_token", _r(r"sntry[su]_[A-Za-z0-9+/=_-]{60,300}+"), 0.95, ("sntry",)),
)


def rule_accepts(rule: TokenRule, value: str) -> bool:
    """Run a rule's validator and its placeholder screen on one matched value."""
    if rule.check is not None and not rule.check(value):
        return False
    return not rule.prefix_len or _random_body(value[rule.prefix_len :])


def _anchor_index() -> tuple[re.Pattern[str], dict[str, tuple[TokenRule, ...]], tuple[TokenRule, ...]]:
    """One regex for every anchor, and for each anchor the rules it (or an anchor inside it) wakes."""
    anchors = sorted({a for rule in TOKEN_RULES for a in rule.anchors}, key=len, reverse=True)
    by_anchor = {a: tuple(rule for rule in TOKEN_RULES if any(b in a for b in rule.anchors)) for a in anchors}
    always = tuple(rule for rule in TOKEN_RULES if not rule.anchors)
    # Longest first, so that "sk-ant-" wins over "sk-" at the same place (and wakes both).
    return re.compile("|".join(map(re.escape, anchors))), by_anchor, always


ANCHOR_RE, RULES_BY_ANCHOR, UNANCHORED_RULES = _anchor_index()
