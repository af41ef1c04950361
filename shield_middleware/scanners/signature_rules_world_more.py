"""The direct override ("ignore all previous instructions") in more languages: Vietnamese,
Greek, Hebrew, Ukrainian, Persian, Urdu, Bengali, Thai, Tamil, Finnish, Danish and Norwegian,
Czech, Romanian, Hungarian, Swahili, Tagalog (a red-team's translations of the English attack
passed in these).

As in `signature_rules_world`: only the explicit phrase, not where it is negated ("đừng bỏ
qua", "μην αγνοείς", "älä ohita", "huwag kalimutan"). Patterns are written for the normalised
text: casefolded (Greek final sigma reads "σ"), NFKC (Thai "ำ" is "ํา", which `_nfkc` writes),
zero-width joiners and non-joiners removed.
"""

from __future__ import annotations

import unicodedata

from .signature_rules import RuleGroup, words
from .signature_rules_world import override

G = r"\s{1,3}"


def _nfkc(pattern: str) -> str:
    return unicodedata.normalize("NFKC", pattern)


VIETNAMESE = RuleGroup(
    words=words("qua lờ quên", "dẫn thị lệnh tắc"),
    rules=(
        override(
            "vi",
            # "All" or a plural marker is required: "quên lệnh trước đi" (forget the last command)
            # and "bỏ qua hướng dẫn ở trên" (skip the guide above) are ordinary.
            rf"(?<!đừng\s)(?<!không\s)(?<!chớ\s)(?<!được\s)(?<!có\s)\b(?:bỏ{G}qua|phớt{G}lờ|lờ{G}đi|quên(?:{G}đi)?){G}"
            rf"(?:(?:tất{G}cả|mọi|toàn{G}bộ|hết){G}(?:(?:các|những){G})?|(?:các|những){G})(?:hướng{G}dẫn|chỉ{G}dẫn|"
            rf"chỉ{G}thị|mệnh{G}lệnh|lệnh|quy{G}tắc){G}(?:\w+{G})?(?:trước|ở{G}trên|phía{G}trên|ban{G}đầu)",
        ),
    ),
)

GREEK = RuleGroup(
    words=words("αγνόησε αγνοήστε αγνοησε ξέχασε ξεχάστε ξεχασε", "οδηγίεσ οδηγιεσ εντολέσ εντολεσ κανόνεσ κανονεσ"),
    rules=(
        override(
            "el",
            rf"\b(?:αγνόησε|αγνοήστε|αγνοησε|ξέχασε|ξεχάστε|ξεχασε){G}(?:(?:όλεσ|ολεσ|όλα|ολα){G})?(?:(?:τισ|τα|οι){G})?"
            rf"(?:προηγούμενεσ|προηγουμενεσ|παλαιότερεσ|αρχικέσ|παραπάνω){G}(?:οδηγίεσ|οδηγιεσ|εντολέσ|εντολεσ|"
            rf"κανόνεσ|κανονεσ)\b",
        ),
    ),
)

HEBREW = RuleGroup(
    literals=("התעלם", "שכח"),
    rules=(
        override(
            "he",
            rf"(?<![\u05d0-\u05ea])(?:התעלמו|התעלמי|התעלם|שכחו|שכחי|שכח){G}(?:(?:מכל|מ|את{G}כל|את)(?:{G})?)?"
            rf"(?:ה)?(?:הוראות|הנחיות|פקודות|כללים|כללי){G}(?:ה)?(?:קודמות|קודמים)",
        ),
    ),
)

UKRAINIAN = RuleGroup(
    words=words(
        "ігноруй ігноруйте проігноруй проігноруйте забудь забудьте",
        "інструкції інструкцій вказівки вказівок команди правила",
    ),
    rules=(
        override(
            "uk",
            rf"(?<!не\s)\b(?:ігноруй(?:те)?|проігноруй(?:те)?|забудь(?:те)?){G}(?:(?:усі|всі|мої|свої){G})?"
            rf"(?:попередні|попередніх|минулі|початкові|вищезазначені){G}(?:\w+{G})?(?:інструкції|інструкцій|"
            rf"вказівки|вказівок|команди|правила)\b",
        ),
    ),
)

PERSIAN_URDU = RuleGroup(
    literals=("نادیده", "فراموش", "نظر انداز", "نظرانداز", "بھول"),
    rules=(
        override(
            "fa",
            rf"(?<![\u0600-\u06ff])(?:دستورالعمل|دستورات|دستور|قوانین|رهنمود)\S{{0,6}}{G}(?:قبلی|قبلي|پیشین|قبل){G}(?:را{G})?"
            rf"(?:نادیده{G}بگیر|فراموش{G}کن)",
        ),
        override(
            "ur",
            rf"(?:پچھلی|پچھلے|سابقہ|گزشتہ){G}(?:(?:تمام|سب|ساری){G})?(?:ہدایات|احکامات|ہدایت|اصول){G}(?:کو{G})?"
            rf"(?:نظر\s?انداز|بھول)(?!{G}(?:نہ|مت)(?:\s|$))",
        ),
    ),
)

BENGALI_TAMIL = RuleGroup(
    literals=("উপেক্ষা", "ভুলে", "புறக்கணி", "மறந்து"),
    rules=(
        override(
            "bn",
            rf"(?:পূর্ববর্তী|আগের|পূর্বের){G}(?:(?:সমস্ত|সব|সকল){G})?(?:নির্দেশাবলী|নির্দেশনা|নির্দেশ|আদেশ|নিয়ম)\S{{0,12}}{G}"
            rf"(?:উপেক্ষা|ভুলে)(?!{G}\S+{G}না(?:\s|$))",
        ),
        override(
            "ta",
            rf"(?:முந்தைய|முன்பு{G}கொடுத்த|மேலே{G}உள்ள){G}(?:(?:அனைத்து|எல்லா){G})?"
            rf"(?:வழிமுறை|அறிவுறுத்தல்|கட்டளை|விதி)\S{{0,12}}{G}(?:புறக்கணி|மறந்து)(?!\S{{0,12}}{G}வேண்டாம்)",
        ),
    ),
)

THAI = RuleGroup(
    literals=("เพิกเฉย", "ละเว้น", "ลืม", "ไม่ต้องสนใจ"),
    rules=(
        override(
            "th",
            _nfkc(
                # "All" (ทั้งหมด) is required, before or after: "ลืมคำสั่งก่อนหน้า" alone is "forget
                # what I just typed".
                r"(?<!อย่า)(?:เพิกเฉย(?:ต่อ)?|ละเว้น|ลืม|ไม่ต้องสนใจ)\s?(?:ทั้งหมด\s?(?:คำสั่ง|คำแนะนำ|ข้อกำหนด|กฎ)"
                r"(?:ทั้งหมด)?|(?:คำสั่ง|คำแนะนำ|ข้อกำหนด|กฎ)\s?(?:ก่อนหน้า|ที่ผ่านมา|ข้างต้น|เดิม)(?:นี้)?\s?ทั้งหมด)"
                r"\s?(?:ก่อนหน้า|ที่ผ่านมา|ข้างต้น|เดิม)?"
            ),
        ),
    ),
)

EUROPE = RuleGroup(
    words=words(
        "ohita unohda huomiotta ignorer glem ignoruj ignorujte zapomeň zapomeňte ignoră ignorați ignoraţi ignora "
        "uită uitați uitaţi hagyd hagyja felejtsd felejts puuza sahau pansinin balewalain kalimutan",
        "ohjeet ohjeesi käskyt säännöt komennot instruktioner instruksjoner instrukser regler instrukce pokyny "
        "příkazy pravidla instrucțiunile instrucţiunile instructiunile regulile comenzile utasítást utasításokat "
        "szabályokat maagizo maelekezo amri sheria tagubilin utos instruksyon panuto",
    ),
    rules=(
        override(
            "fi",
            # "Ohita" is also "skip" ("ohita aiemmat ohjeet, jos ..."): with it, "kaikki" (all) is required.
            rf"(?<!älä\s)\b(?:ohita{G}kaikki|(?:unohda|jätä{G}huomiotta)(?:{G}kaikki)?){G}(?:aiemmat|edelliset|aikaisemmat|"
            rf"yllä{G}olevat){G}(?:ohjeet|ohjeesi|käskyt|säännöt|komennot)\b",
        ),
        override(
            "da",
            rf"(?<!ikke\s)\b(?:ignorer|glem){G}(?:alle{G})?(?:tidligere|foregående|ovenstående){G}(?:instruktioner|instruksjoner|"
            rf"instrukser|regler)\b",
        ),
        override(
            "cs",
            rf"\b(?:ignoruj(?:te)?|zapomeň(?:te)?(?:{G}na)?){G}(?:všechny{G})?(?:předchozí|předešlé|dřívější){G}"
            rf"(?:instrukce|pokyny|příkazy|pravidla)\b",
        ),
        override(
            "ro",
            rf"(?<!nu\s)(?<!să\s)\b(?:ignoră|ignorați|ignoraţi|ignora|uită|uitați|uitaţi){G}(?:toate{G})?(?:instrucțiunile|"
            rf"instrucţiunile|instructiunile|regulile|comenzile){G}(?:anterioare|precedente|de{G}mai{G}sus)\b",
        ),
        override(
            "hu",
            rf"(?<!ne\s)\b(?:hagyd{G}figyelmen{G}kívül|hagyja{G}figyelmen{G}kívül|felejtsd{G}el|felejts{G}el){G}"
            rf"(?:az?{G})?(?:(?:összes|minden){G})?(?:korábbi|előző|fenti){G}(?:utasítást|utasításokat|"
            rf"szabályokat)\b",
        ),
        override(
            "sw",
            rf"\b(?:puuza|sahau){G}(?:maagizo|maelekezo|amri|sheria){G}(?:(?:yote|zote){G})?(?:ya{G}awali|"
            rf"za{G}awali|yaliyotangulia|ya{G}hapo{G}awali)\b",
        ),
        override(
            "tl",
            rf"\b(?:huwag{G}(?:mong{G})?pansinin|balewalain|(?<!huwag\s)kalimutan){G}(?:ang{G})?(?:lahat{G}ng{G})?"
            rf"(?:nakaraang|naunang|dating){G}(?:mga{G})?(?:tagubilin|utos|instruksyon|panuto)\b",
        ),
    ),
)

WORLD_MORE = (VIETNAMESE, GREEK, HEBREW, UKRAINIAN, PERSIAN_URDU, BENGALI_TAMIL, THAI, EUROPE)
