"""The direct override ("ignore all previous instructions") and the request for the system
prompt in further languages: Russian, Chinese, Japanese, Korean, Arabic, Hindi, Turkish, Dutch,
Polish, Indonesian and Malay, Swedish.

Only the explicit phrases, which benign text uses only when it talks about attacks (as in
English), and not where they are negated ("не забудьте", "忘れないで", "unutmayın"): the model
covers the rest. Text is casefolded (Turkish "ı" read as "i") and keeps
its other accents. Scripts written without spaces are gated by literals, the others by words.
"""

from __future__ import annotations

from .signature_rules import PI, Rule, RuleGroup, rule, words

G = r"\W{1,3}"
S = r"\s{0,2}"  # the optional space of scripts that may run words together

# The score of an explicit override, as the English and German rules give it.
OVERRIDE_SCORE = 0.92
# Asking for the system prompt, alone: flagged, not blocked.
EXTRACT_SCORE = 0.7


def override(language: str, pattern: str) -> Rule:
    """The explicit override rule ("ignore all previous instructions") for `language`."""
    return rule(f"override.ignore_previous.{language}", PI, OVERRIDE_SCORE, pattern)


def extract(language: str, pattern: str) -> Rule:
    """The request for the system prompt, alone (flagged, not blocked), for `language`."""
    return rule(f"extract.system_prompt.{language}", PI, EXTRACT_SCORE, pattern)


RUSSIAN = RuleGroup(
    words=words(
        "игнорируй игнорируйте проигнорируй проигнорируйте забудь забудьте игнорировать",
        "инструкции инструкций указания указаний команды команд правила правил",
    ),
    rules=(
        override(
            "ru",
            rf"(?<!не\s)(?<!не\s\s)\b(?:игнорируй(?:те)?|проигнорируй(?:те)?|забудь(?:те)?){G}(?:(?:все|всё|мои|свои){G})?"
            rf"(?:предыдущие|прежние|предшествующие|вышеуказанные|вышеизложенные|старые|первоначальные|"
            rf"данные\s+ранее|ранее\s+данные){G}(?:\w+{G})?(?:инструкции|указания|команды|правила)\b",
        ),
    ),
)

CHINESE = RuleGroup(
    literals=("忽略", "忽视", "忽視", "无视", "無視", "忘记", "忘記", "系统提示", "系統提示"),
    rules=(
        override(
            "zh",
            # The verb, a pointer back ("之前", "上面"), the instructions: each gap bounded, within
            # one sentence ("忽略了交通规则", ignoring traffic rules, has no pointer back).
            r"(?<![不别別勿])(?<!不要)(?<!不能)(?:忽略|忽视|忽視|无视|無視|忘记|忘記|忘掉)[^。！？\n]{0,10}?(?:之前|以前|先前|此前|上面|上述|前面|"
            r"原来|原來|原始)[^。！？\n]{0,10}?(?:指令|指示|说明|說明|规则|規則|提示|命令|要求|设定|設定)",
        ),
        extract(
            "zh",
            r"(?:输出|輸出|显示|顯示|告诉我|告訴我|打印|透露|重复|重複|给我看|給我看)(?:你的)?(?:系统提示|系統提示|"
            r"系统指令|系統指令|初始指令)",
        ),
    ),
)

JAPANESE = RuleGroup(
    literals=("無視", "忘れ", "システムプロンプト"),
    rules=(
        override(
            "ja",
            r"(?:以前|前|これまで|上記|先|今まで)の(?:すべての|全ての|全部の)?(?:指示|命令|ルール|指令|説明)"
            r"(?:を|は)(?:すべて|全て|全部)?(?:無視|忘れ)(?!ない|ません|しない|しません|ないで|るな|することなく)",
        ),
        extract(
            "ja",
            r"システムプロンプト(?:を|の内容を)(?:表示|出力|教え|見せ|繰り返)",
        ),
    ),
)

KOREAN = RuleGroup(
    literals=("무시", "잊어", "시스템 프롬프트", "시스템프롬프트"),
    rules=(
        override(
            "ko",
            rf"(?:이전|앞|위|기존|지금까지)(?:의)?{S}(?:모든{S})?(?:지시|지침|명령|규칙|지시사항|설명)(?:을|를|은|는|들을)?"
            rf"{S}(?:모두{S})?(?:무시|잊어)(?![가-힣]{{0,4}}지{S}(?:마|않))",
        ),
        extract(
            "ko",
            rf"시스템{S}프롬프트(?:를|을)?{S}(?:보여|출력|알려|공개|반복)",
        ),
    ),
)

ARABIC = RuleGroup(
    literals=("تجاهل", "انس", "انسى"),
    rules=(
        override(
            "ar",
            rf"(?<![\u0621-\u064a])(?<!لا\s)(?:تجاهل|انس|انسى){G}(?:(?:جميع|كل){G})?(?:التعليمات|الأوامر|الاوامر|التوجيهات|القواعد|الإرشادات|"
            rf"الارشادات){G}(?:السابقة|الماضية|الأصلية|الاصلية)",
        ),
    ),
)

HINDI = RuleGroup(
    # (the nukta of "नज़रअंदाज़" may be written apart or not at all)
    literals=("अनदेखा", "अंदाज", "भूल"),
    rules=(
        override(
            "hi",
            r"(?:पिछले|पहले\s+के|पूर्व|ऊपर\s+के)\s+(?:सभी\s+|सारे\s+)?(?:निर्देशों|निर्देश|आदेशों|आदेश|नियमों|नियम)\s+"
            "(?:को\\s+)?(?<!मत\\s)(?:अनदेखा|नज\u093c?रअंदाज\u093c?|भूल)(?!\\s+(?:न|मत|नहीं)(?:\\s|$))",
        ),
    ),
)

TURKISH = RuleGroup(
    words=words("önceki onceki yukaridaki tüm", "talimatlari talimatlar komutlari kurallari talimatlarini"),
    rules=(
        override(
            "tr",
            rf"\b(?:önceki|onceki|yukaridaki|daha{G}önceki)(?:{G}(?:tüm|tum|butun|bütün))?{G}"
            rf"(?:talimatlari|talimatlarini|talimatlar|komutlari|kurallari){G}(?:yok{G}say|görmezden{G}gel|"
            rf"gormezden{G}gel|unut|dikkate{G}alma)(?!m[ae]|maz|mez)",
        ),
    ),
)

DUTCH_POLISH_MALAY_SWEDISH = RuleGroup(
    words=words(
        "negeer vergeet zignoruj ignoruj zapomnij abaikan lupakan ignorera glöm",
        "instructies opdrachten regels instrukcje polecenia zasady instruksi perintah aturan arahan "
        "instruktioner regler",
    ),
    rules=(
        override(
            "nl",
            rf"\b(?:negeer|vergeet){G}(?:(?:alle|al|je|jouw){G}){{0,2}}(?:vorige|eerdere|voorgaande|bovenstaande|"
            rf"oorspronkelijke){G}(?:instructies|opdrachten|regels)\b(?!\W{{1,3}}niet\b)",
        ),
        override(
            "pl",
            rf"(?<!nie\s)\b(?:zignoruj|ignoruj|zapomnij(?:{G}o)?){G}(?:wszystkie{G})?(?:poprzednie|wcześniejsze|wczesniejsze|"
            rf"powyższe|powyzsze|dotychczasowe){G}(?:instrukcje|polecenia|zasady)\b",
        ),
        override(
            "id",
            rf"(?<!jangan\s)\b(?:abaikan|lupakan){G}(?:semua{G})?(?:instruksi|perintah|aturan|arahan){G}(?:(?:yang{G})?sebelumnya|"
            rf"di{G}atas)\b",
        ),
        override(
            "sv",
            rf"\b(?:ignorera|glöm){G}(?:alla{G})?(?:tidigare|föregående|ovanstående){G}(?:instruktioner|regler)\b",
        ),
    ),
)

WORLD = (RUSSIAN, CHINESE, JAPANESE, KOREAN, ARABIC, HINDI, TURKISH, DUTCH_POLISH_MALAY_SWEDISH)
