"""Jailbreak role-play and paraphrased overrides in languages the model reads poorly or not at all.

The bundled model's vocabulary is English WordPiece: Korean, Arabic and Hindi fall apart into
single characters or unknown tokens, and Portuguese, Russian or Turkish into pieces, so its
scores there are near zero. Here the cues a red team's translations carried:

- "an AI without any rules" and "you never refuse", in eleven languages, at the weights of their
  English counterparts (weak alone; together they flag, as in English);
- Korean, Arabic, Hindi, Vietnamese and Turkish paraphrases of the override ("forget what you
  were told before", "ignore what came before") and of the request for the hidden or initial
  instructions, which the canonical-sentence rules of `signature_rules_world` miss.

Text is casefolded; Turkish dotless "ı" may stay. Spaced scripts are gated by words, Korean,
Arabic and Hindi (whose particles and prefixes cling to words) by literals. Gaps are bounded
classes, so every pattern runs in linear time.
"""

from __future__ import annotations

from .signature_rules import JB, PI, G, RuleGroup, rule, words

# "An AI without rules" and "never refuse": the weights of English jailbreak.amoral_ai and
# jailbreak.never_refuse.
NO_RULES_SCORE = 0.45
NEVER_REFUSE_SCORE = 0.4
# Within one sentence, a few words apart.
NEAR = r"[^.!?。！？\n]{0,40}?"
# An optional Arabic vowel mark (fatha, damma, ...), which some writers add to a verb.
_HARAKA = "[\u064b-\u0652]?"


def _no_rules(language: str, pattern: str) -> tuple[str, str, float, str]:
    return (f"jailbreak.ai_without_rules.{language}", JB, NO_RULES_SCORE, pattern)


def _never_refuse(language: str, pattern: str) -> tuple[str, str, float, str]:
    return (f"jailbreak.never_refuse.{language}", JB, NEVER_REFUSE_SCORE, pattern)


def _group(gate: tuple[frozenset[str], ...], *specs: tuple[str, str, float, str]) -> RuleGroup:
    return RuleGroup(words=gate, rules=tuple(rule(*spec) for spec in specs))


PORTUGUESE = _group(
    words("sem nunca", "ia inteligência inteligencia assistente chatbot modelo bot recusa recusas recuse recusar"),
    _no_rules(
        "pt",
        rf"\b(?:ia|inteligência{G}artificial|inteligencia{G}artificial|assistente|chatbot)\b{NEAR}"
        rf"\bsem{G}(?:(?:nenhuma|nenhum|qualquer|quaisquer|tipo{G}de){G})?(?:regras?|restrições|restricoes|"
        rf"restrição|limites|filtros|censura)\b",
    ),
    _never_refuse(
        "pt",
        rf"\b(?:você|voce|tu){G}(?:\w+{G}){{0,8}}?nunca{G}(?:se{G})?(?:recusa|recusas|nega|negas)\b|\bnunca{G}(?:te{G})?(?:recuses|negues)\b",
    ),
)

ITALIAN = _group(
    words("senza mai", "ia intelligenza assistente chatbot modello bot rifiuti rifiuta rifiutare"),
    _no_rules(
        "it",
        rf"\b(?:ia|intelligenza{G}artificiale|assistente|chatbot)\b{NEAR}\bsenza{G}"
        rf"(?:(?:alcuna|alcun|alcune|nessuna|nessun|nessuno|tipo{G}di){G})?(?:regole|regola|restrizioni|limiti|"
        rf"filtri|censura)\b",
    ),
    _never_refuse("it", rf"\bnon{G}(?:ti{G})?rifiuti{G}mai\b|\bnon{G}rifiutare{G}mai\b"),
)

RUSSIAN = _group(
    words("без никогда", "ии интеллект ассистент бот модель нейросеть отказываешь откажешь отказывай отказываться"),
    _no_rules(
        "ru",
        rf"\b(?:ии|искусственный{G}интеллект|ассистент|чат-бот|нейросеть)\b{NEAR}\bбез{G}"
        rf"(?:(?:каких|либо|всяких|любых|никаких){G}){{0,2}}(?:правил|ограничений|фильтров|цензуры)\b",
    ),
    _never_refuse("ru", rf"\bникогда{G}не{G}(?:отказываешь|откажешь|отказывай)"),
)

TURKISH = _group(
    words(
        "hiçbir hicbir asla kuralsız kuralsiz",
        "zeka zekâ yz asistan botu bot model reddetmezsin reddetme reddetmeyen kural kurali kuralı",
    ),
    _no_rules(
        "tr",
        rf"\b(?:hiçbir|hicbir){G}(?:kural|kısıtlama|kisitlama|sınır|sinir|filtre)\w{{0,6}}{G}(?:\w+{G}){{0,3}}?"
        rf"(?:olmayan|yok|tanımayan|tanimayan)\b{NEAR}\b(?:yapay{G}zek[aâ]|yz|asistan|sohbet{G}botu)|"
        rf"\b(?:kuralsız|kuralsiz){G}(?:bir{G})?(?:yapay{G}zek[aâ]|yz|asistan)",
    ),
    _never_refuse("tr", rf"\basla{G}(?:hiçbir{G}şeyi{G}|hicbir{G}seyi{G})?(?:reddetme|geri{G}çevirme)\w{{0,6}}"),
)

INDONESIAN = _group(
    words("tanpa pernah", "ai kecerdasan asisten chatbot model bot menolak"),
    _no_rules(
        "id",
        rf"\b(?:ai|kecerdasan{G}buatan|asisten|chatbot)\b{NEAR}\btanpa{G}(?:(?:ada{G})?(?:aturan|batasan|"
        rf"filter|sensor|larangan))\b",
    ),
    _never_refuse("id", rf"\b(?:kamu|anda|kau|engkau){G}(?:\w+{G}){{0,10}}?(?:tidak|tak){G}pernah{G}menolak\b"),
)

VIETNAMESE = _group(
    words("không", "ai tuệ trợ chatbot bot hình chối"),
    _no_rules(
        "vi",
        rf"\b(?:ai|trí{G}tuệ{G}nhân{G}tạo|trợ{G}lý|chatbot)\b{NEAR}\bkhông{G}(?:có{G})?"
        rf"(?:bất{G}kỳ{G}|một{G})?(?:quy{G}tắc|giới{G}hạn|hạn{G}chế|bộ{G}lọc|kiểm{G}duyệt)",
    ),
    _never_refuse("vi", rf"\bkhông{G}bao{G}giờ{G}từ{G}chối\b"),
)

POLISH = _group(
    words("bez nigdy", "ai si inteligencja asystent chatbot model bot odmawiasz odmawiaj odmówisz odmowisz"),
    _no_rules(
        "pl",
        rf"\b(?:ai|si|sztuczna{G}inteligencja|asystent|chatbot)\b{NEAR}\bbez{G}(?:(?:żadnych|zadnych|"
        rf"jakichkolwiek){G})?(?:zasad|reguł|regul|ograniczeń|ograniczen|filtrów|filtrow|cenzury)\b",
    ),
    _never_refuse("pl", rf"\bnigdy{G}(?:niczego{G})?(?:nie{G})?(?:odmawiasz|odmówisz|odmowisz|odmawiaj)\b"),
)

DUTCH = _group(
    words("zonder nooit", "ai assistent chatbot model bot weigert weiger weigeren"),
    _no_rules(
        "nl",
        rf"\b(?:ai|kunstmatige{G}intelligentie|assistent|chatbot)\b{NEAR}\bzonder{G}(?:(?:enige|"
        rf"regels{G}of){G})?(?:regels|beperkingen|filters|censuur|grenzen)\b",
    ),
    _never_refuse("nl", rf"\b(?:je|jij|u){G}weigert{G}(?:\w+{G})?nooit\b|\bweiger{G}(?:je|jij){G}(?:\w+{G})?nooit\b"),
)

KOREAN = RuleGroup(
    literals=("없는", "거절", "들은", "받은", "숨겨진", "숨은", "신경", "시스템"),
    rules=(
        rule(
            "jailbreak.ai_without_rules.ko",
            JB,
            NO_RULES_SCORE,
            r"(?:규칙|제한|제약|필터|검열)[^.!?\n]{0,12}?없는\s{0,2}(?:ai|인공지능|챗봇|어시스턴트|모델)",
        ),
        rule("jailbreak.never_refuse.ko", JB, NEVER_REFUSE_SCORE, r"(?:절대|결코)[^.!?\n]{0,8}?거절하지"),
        # "Forget everything you heard / received before" (not what the user said: "한", "말한").
        rule(
            "override.forget_what_you_were_told.ko",
            PI,
            0.85,
            r"(?:앞에서|위에서|이전에|지금까지|처음에)\s{0,2}(?:들은|받은)\s{0,2}(?:건|것|내용|지시|말)[^.!?\n]{0,8}?"
            r"(?:잊|무시)",
        ),
        # "Show / tell me your hidden (initial, original) instructions (settings) as they are."
        # "Don't mind the rules above."
        rule(
            "override.do_not_mind_rules.ko",
            PI,
            0.85,
            r"(?:위의|위|앞의|이전)\s{0,2}(?:규칙|지시|지침|명령)(?:은|는|을|를|들은)?\s{0,2}신경\s{0,2}쓰지\s{0,2}말",
        ),
        rule(
            "extract.system_message.ko",
            PI,
            0.8,
            # (The object, not "시스템 메시지가 떴는데 ... 알려줘": a message the user's computer showed.)
            r"시스템\s{0,2}메시지(?:를|을)[^.!?\n]{0,16}?(?:적어|써|보여|출력|공개)",
        ),
        rule(
            "extract.hidden_instructions.ko",
            PI,
            0.85,
            # ("시스템 설정", "원래 설정": a device's system or original settings, are no such thing.)
            r"(?:(?:숨겨진|숨은|비밀|처음에\s{0,2}받은)\s{0,2}(?:지시사항|지시|지침|설정|명령|프롬프트)|(?:초기|원래|시스템)"
            r"\s{0,2}(?:지시사항|지시|지침|프롬프트))(?:을|를)?[^.!?\n]{0,16}?(?:보여|알려|출력|공개|말해)",
        ),
    ),
)

ARABIC = RuleGroup(
    literals=("بلا", "بدون", "دون", "ترفض", "تجاهل", "انس", "المخفية", "السرية", "الخفية", "الأولية"),
    rules=(
        rule(
            "jailbreak.ai_without_rules.ar",
            JB,
            NO_RULES_SCORE,
            r"(?:ذكاء\s{1,2}اصطناعي|مساعد|روبوت|نموذج)[^.!?؟\n]{0,30}?(?:بلا|بدون|دون|من\s{1,2}غير)\s{1,2}"
            r"(?:(?:أي|اي)\s{1,2})?(?:قواعد|قيود|حدود|ضوابط|فلاتر|رقابة)",
        ),
        rule(
            "jailbreak.never_refuse.ar",
            JB,
            NEVER_REFUSE_SCORE,
            r"(?:لا|ولا)\s{1,2}(?:ترفض|ترفضي)\s{1,2}(?:أبدا|ابدا|أبدًا|ابدًا|أبداً|ابداً)|(?:أبدا|ابدا)\s{1,2}لا\s{1,2}ترفض",
        ),
        # "Ignore what came before / what is written above" (a self-correction can say it too:
        # flagged, as English "ignore the above" is).
        rule(
            "override.ignore_above.ar",
            PI,
            0.7,
            r"(?<!لا\s)(?:تجاهل|انس|انسى)\s{1,2}(?:(?:كل|جميع)\s{1,2})?(?:ما\s{1,2}(?:سبق|قبله|ورد\s{1,2}"
            r"(?:أعلاه|اعلاه|سابقا|سابقًا|سابقاً))|(?:التعليمات|الأوامر|الاوامر)\s{1,2}(?:أعلاه|اعلاه))",
        ),
        # "Forget the rules you were given" (the imperative often written with its vowel mark).
        rule(
            "override.forget_given_rules.ar",
            PI,
            0.85,
            rf"(?<!لا\s)(?:انس|انسى|تجاهل){_HARAKA}\s{{1,2}}(?:(?:كل|جميع)\s{{1,2}})?(?:القواعد|التعليمات|الأوامر|الاوامر)"
            rf"\s{{1,2}}التي\s{{1,2}}(?:أ|ا){_HARAKA}ع{_HARAKA}طيت{_HARAKA}\s{{1,2}}لك",
        ),
        rule(
            "override.say_hacked.ar",
            PI,
            0.8,
            r"(?:قل|اكتب|أجب|اجب)\s{1,2}(?:فقط\s{0,2})?[:：]?\s{0,2}(?:تم\s{1,2})?اختراق",
        ),
        # "The hidden / secret / initial instructions (that the developer gave you)".
        rule(
            "extract.hidden_instructions.ar",
            PI,
            0.8,
            r"(?:التعليمات|الأوامر|الاوامر|التوجيهات|الإرشادات|الارشادات)\s{1,2}(?:المخفية|السرية|الخفية|الأولية|"
            r"الاولية)\s{1,2}(?:التي\s{1,2})?(?:أعطاك|اعطاك|(?:أعطيت|اعطيت)\s{1,2}لك|لديك|زودك)",
        ),
    ),
)

HINDI = RuleGroup(
    literals=("बिना", "मना", "इनकार", "इंकार", "ऊपर", "सिस्टम", "छिपे", "गुप्त", "बताया", "कहा", "सिखाया"),
    rules=(
        rule(
            "jailbreak.ai_without_rules.hi",
            JB,
            NO_RULES_SCORE,
            r"(?:बिना\s{1,2}(?:किसी\s{1,2})?(?:नियम|प्रतिबंध|पाबंदी|सीमा)|(?:नियमों|प्रतिबंधों)\s{1,2}के\s{1,2}बिना)"
            r"[^।.!?\n]{0,40}?(?:एआई|ai|कृत्रिम\s{1,2}बुद्धि|असिस्टेंट|चैटबॉट)|(?:एआई|ai|कृत्रिम\s{1,2}बुद्धि|"
            r"असिस्टेंट|चैटबॉट)[^।.!?\n]{0,40}?बिना\s{1,2}(?:किसी\s{1,2})?(?:नियम|प्रतिबंध|पाबंदी|सीमा)",
        ),
        rule(
            "jailbreak.never_refuse.hi",
            JB,
            NEVER_REFUSE_SCORE,
            r"कभी\s{1,2}(?:भी\s{1,2})?(?:मना|इनकार|इंकार)\s{1,2}(?:नहीं|न)\b",
        ),
        # "The instructions given above" ("ऊपर दिए गए"), which the canonical rule's "ऊपर के" misses.
        rule(
            "override.ignore_previous.hi_given_above",
            PI,
            0.92,
            "ऊपर\\s{1,2}(?:दिए|दिये)\\s{1,2}(?:गए|गये)\\s{1,2}(?:सभी\\s{1,2}|सारे\\s{1,2})?(?:निर्देशों|निर्देश|आदेशों|आदेश|"
            "नियमों|नियम)\\s{1,2}(?:को\\s{1,2})?(?:अनदेखा|नज\u093c?रअंदाज\u093c?|भूल)(?!\\s{1,2}(?:न|मत|नहीं)(?:\\s|$))",
        ),
        # "Forget everything you were told before."
        rule(
            "override.forget_what_you_were_told.hi",
            PI,
            0.75,
            r"(?:तुम्हें|आपको)\s{1,2}(?:जो\s{1,2})?(?:बताया|कहा|सिखाया)\s{1,2}गया[^।.!?\n]{0,20}?भूल\s{1,2}(?:जाओ|जाइए|जा)",
        ),
        rule(
            "extract.system_prompt.hi",
            PI,
            0.7,
            r"(?:सिस्टम\s{1,2}प्रॉम्प्ट|छिपे\s{1,2}हुए\s{1,2}निर्देश|गुप्त\s{1,2}निर्देश)[^।.!?\n]{0,20}?(?:दिखाओ|दिखाइए|"
            r"बताओ|बताइए|लिखो|लिखिए)",
        ),
    ),
)

VIETNAMESE_OVERRIDES = RuleGroup(
    words=words("quên đừng chép", "dặn bảo tắc thống"),
    rules=(
        # "Forget everything you were told before" (not "what I said").
        rule(
            "override.forget_what_you_were_told.vi",
            PI,
            0.75,
            rf"\bquên{G}(?:hết|tất{G}cả|đi{G}hết)?{G}?(?:những{G})?(?:gì|điều){G}(?:mà{G})?(?:bạn{G})?(?:đã{G})?"
            rf"(?:được{G})?(?:dặn|bảo|chỉ{G}dẫn|hướng{G}dẫn)",
        ),
        # "Don't heed the rules above."
        rule(
            "override.do_not_heed_rules.vi",
            PI,
            0.85,
            rf"\bđừng{G}(?:để{G}ý|quan{G}tâm){G}(?:đến|tới){G}(?:các|những){G}(?:quy{G}tắc|hướng{G}dẫn|chỉ{G}dẫn)"
            rf"{G}(?:ở{G}trên|trước{G}đó|trước)",
        ),
        # "Copy out the system message verbatim."
        rule(
            "extract.system_message.vi",
            PI,
            0.8,
            # (Not "display" or "print" system messages: an app developer's question.)
            rf"\b(?:chép|cho{G}tôi{G}xem|tiết{G}lộ|nhắc{G}lại){G}(?:\w+{G}){{0,2}}?(?:tin{G}nhắn|"
            rf"lời{G}nhắc|chỉ{G}dẫn){G}hệ{G}thống",
        ),
    ),
)

TURKISH_OVERRIDES = RuleGroup(
    words=words("yönergeleri yonergeleri sistem", "dikkate görmezden gormezden unut mesajını mesajini yaz göster"),
    rules=(
        rule(
            "override.ignore_previous.tr_guidelines",
            PI,
            0.92,
            rf"\b(?:önceki|onceki|yukarıdaki|yukaridaki)(?:{G}(?:tüm|tum|bütün|butun))?{G}(?:yönergeleri|yonergeleri)"
            rf"{G}(?:yok{G}say|görmezden{G}gel|gormezden{G}gel|unut|dikkate{G}alma)(?!m[ae]|maz|mez)",
        ),
        rule(
            "extract.system_message.tr",
            PI,
            0.7,
            rf"\bsistem{G}(?:mesajını|mesajini|istemini|talimatlarını|talimatlarini){G}(?:\w+{G}){{0,3}}?"
            rf"(?:yaz|söyle|soyle|tekrarla)\b",
        ),
    ),
)

INDONESIAN_POLISH_OVERRIDES = RuleGroup(
    words=words(
        "lupakan zapomnij", "dikatakan diberitahukan diperintahkan diinstruksikan powiedziano kazano przekazano"
    ),
    rules=(
        # "Forget everything you were told before" (Indonesian, Polish).
        rule(
            "override.forget_what_you_were_told.id",
            PI,
            0.75,
            rf"\blupakan{G}(?:semua|segala){G}(?:hal{G})?(?:yang{G})?(?:sudah{G}|telah{G})?(?:dikatakan|diberitahukan|"
            rf"diperintahkan|diinstruksikan){G}(?:kepadamu|padamu|kepada{G}(?:kamu|anda))",
        ),
        rule(
            "override.forget_what_you_were_told.pl",
            PI,
            0.75,
            rf"\bzapomnij{G}o{G}(?:wszystkim|tym){G}(?:co{G})?(?:ci|tobie){G}(?:(?:wcześniej|wczesniej){G})?"
            rf"(?:powiedziano|kazano|przekazano)",
        ),
    ),
)

PARAPHRASE = (
    PORTUGUESE,
    ITALIAN,
    RUSSIAN,
    TURKISH,
    INDONESIAN,
    VIETNAMESE,
    POLISH,
    DUTCH,
    KOREAN,
    ARABIC,
    HINDI,
    VIETNAMESE_OVERRIDES,
    TURKISH_OVERRIDES,
    INDONESIAN_POLISH_OVERRIDES,
)
