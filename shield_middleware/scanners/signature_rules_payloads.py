"""Injections that hide in what the model reads or is made to write: an order addressed to the AI
reading a document, data smuggled out through a URL the reply renders (markdown or HTML images,
links), a request split over string variables and joined back, and a fake transcript that shows
the assistant complying (few-shot priming).

Each attack needs two parts, and the rules fire only on both: an address to the reading AI and
an order near it; a URL (an image) and a placeholder or an instruction to fill it with the
conversation, the system prompt or the user's secrets; assignments of quoted pieces and an order
to run or answer their concatenation; a compliant assistant turn about a forbidden request and a
turn after it. One part alone is everyday text (a README's badge, a mail merge template, string
concatenation, a few-shot classification prompt) and scores nothing here.
"""

from __future__ import annotations

import re

from .signature_rules import APOS, G0, JB, PI, G, RuleGroup, rule, words


def _after_any(chars: str, befores: list[str], quick: str = "") -> tuple[re.Pattern[str], ...]:
    """Shapes (`RuleGroup.shapes`): one of the characters `chars`, right after one of `befores`
    (regexes of fixed width), tried only where `quick` holds (lookarounds; "{c}" stands for the
    character). One pattern a character, each opening with it: the engine finds a literal ten
    times faster than a character class (6 vs 65 us over 10 KB)."""
    shapes = []
    for char in chars:
        c = re.escape(char)
        behind = "|".join(f"(?<={before}{c})" for before in befores)
        shapes.append(re.compile(f"{c}{quick.replace('{c}', c)}(?:{behind})"))
    return tuple(shapes)


_GAPS = ("", "[ \t]", "[ \t]{2}")

# --- 1. An order addressed to the AI that reads the document -------------------------------------

# The reader named as a machine. "agent" only qualified ("AI agent"): a travel or insurance
# agent reads mail too.
_READER = (
    r"(?:ai|a\.i|llms?|(?:large{G})?language{G}models?|assistants?|chatbots?|bots?|gpt|chatgpt|copilot|claude|"
    r"gemini|bard|models?|summari[sz]ers?)"
).replace("{G}", G)
# What the reader does to the text ("processing", "that reads", "is browsing").
_READING = (
    r"(?:reading|processing|summari[sz]ing|analy[sz]ing|parsing|scanning|reviewing|viewing|browsing|crawling|"
    r"ingesting|indexing|visiting|handling|screening|reads|processes|summari[sz]es|parses|ingests|sees|scans)"
)
_THIS = rf"(?:this|these|that|it|the{G}(?:following|above|user)|my|our|on{G}behalf)\b"
# Humans whose job title starts like a machine's: "AI researcher", "assistant manager".
_HUMAN = (
    r"(?!{G}(?:team|teams|researchers?|engineers?|enthusiasts?|working|group|project|ethics|company|startup|product|"
    r"managers?|professors?|coach|card|lab|community|course|class|policy|act)\b)"
).replace("{G}", G)
ADDRESSED = (
    # "Note to the AI assistant processing this email:", "AI shopping assistants reading this",
    # "any language model that ingests this text", "the AI agent is browsing this site"
    rf"\b{_READER}{_HUMAN}(?:{G}\w+){{0,2}}?{G}(?:(?:that|who|which){G})?(?:(?:is|are|s){G})?{_READING}{G}{_THIS}|"
    # "If you are an LLM", "If you're an AI and", "When an AI reads this", "if an automated
    # assistant is processing"
    rf"\b(?:if|when|whenever|once){G}(?:you{G}(?:are|re){G}(?:an?{G})?{_READER}{_HUMAN}|"
    rf"an?{G}(?:\w+{G})?{_READER}{G}(?:is{G})?{_READING}\b)|"
    # "when you, the AI, process", "you, the model reading this"
    rf"\byou{G}the{G}{_READER}\b|"
    # "To whichever AI agent ...:", "For AI assistants only:", "This message is for the AI, not"
    # ("Instructions for AI: be concise" is a user's own prompt: a determiner or "only" is needed.)
    rf"\b(?:to|for){G}(?:any|all|every|whichever|whatever|each){G}(?:(?:ai|llm|automated){G}(?:\w+{G}){{0,2}}?"
    rf"(?:agents?|assistants?|models?|systems?|reviewers?|screeners?|summari[sz]ers?|readers?|tools?|parsers?)|"
    rf"{_READER}){G0}(?:only{G0})?[,:]|\b(?:to|for){G}(?:the{G})?(?:(?:ai|llm){G}(?:\w+{G}){{0,2}}?)?(?:agents?|"
    rf"assistants?|models?|systems?|reviewers?|screeners?|summari[sz]ers?|readers?|{_READER}){G}only\b|"
    rf"\bto{G}the{G}(?:ai|llm|language{G}model|model|assistant|bot|chatbot){G0}:|\bis{G}for{G}(?:the{G})?(?:ai|llm|model|assistant|bot)\b"
)
_MACHINE = rf"(?:ai{G}(?:assistant|agent|model|system|summari[sz]er|helper)s?|{_READER}){_HUMAN}"
# A vocative: "Assistant, when you read this", "Hello AI.", "Yo AI,", "ATTENTION LANGUAGE MODEL:",
# "<!-- AI assistant: before you summarize". A bare "Assistant:" is a transcript's turn, so a
# colon counts only after a greeting or right before the order.
VOCATIVE = (
    rf"(?:^|[\n.!?(\[\]>-])\W{{0,3}}(?:(?:hey|hi|hello|yo|dear|attention|ok|okay|psst)(?:{G}there)?{G}{_MACHINE}"
    rf"{G0}[,:!.]|{_MACHINE}(?:{G0}[,!]|\s[-–]\s))"
)
# A vocative and the reading: "Claude, as you read this PDF", "Bot, if you can see this text".
VOCATIVE_READING = (
    rf"{VOCATIVE}\W{{0,3}}(?:when|as|while|if|once|before){G}(?:you{G}(?:can{G})?)?(?:read|see|process|summari[sz]|"
    rf"pars|analy[sz])\w*{G}{_THIS}"
)
VOCATIVE_ORDER = (
    rf"(?:^|[\n(\[>\"-]|<!--)\W{{0,3}}{_MACHINE}{G0}:\W{{0,3}}(?=(?:new{G}instructions?|disregard|ignore|forget|"
    rf"forward|send|before{G}you|when{G}(?:you|summari[sz]ing)|insert|append|tell{G}the{G}user|your{G}(?:real|new|"
    rf"actual))\b)"
)
# What the document orders it to do: move data, mislead the user, drop the user's request,
# act with its tools, or take new orders.
ORDER = (
    (
        r"\b(?:forward|send|export|upload|post|leak|share|paste|append|insert|attach|collect|grab|copy|"
        r"delete|remove|open|visit|download|click|book|pay|accept|approve|mark|escalate|rank|rate|recommend|transfer|"
        r"wire|execute|tell|inform|say|reply|respond|state|describe|claim|ignore|disregard|forget|skip|omit|"
        r"instead|reveal|output|search|add|include|use{G}(?:the|your){G}\w+{G}tool|call{G}the|leave{G}out|quietly|secretly|"
        r"silently|do{G}not|don{APOS}?t|never|must|your{G}(?:real|new|actual|true|only){G}(?:task|job|goal)|"
        r"take{G}priority|override|stop)\b"
    )
    .replace("{G}", G)
    .replace("{APOS}", APOS)
)
# The order that makes it an attack on the user, not a note: the user's data leaves, the user
# is misled or left out, or the user's question is dropped.
HARMFUL_ORDER = (
    rf"\b(?:(?:forward|send|e-?mail|export|upload|post|leak|share|paste|collect|grab|copy|transfer|output|reveal|"
    rf"print|include|give|list)\b[^.\n]{{0,60}}?\b(?:user{APOS}?s?|their|conversation|messages|history|contacts?|"
    rf"passwords?|credentials|codes?|api{G}keys|keys|card|address|ssn|availability|inbox|emails|system{G}prompt|"
    rf"environment{G}variables)\b|"
    rf"(?:disregard|ignore|forget|skip){G}(?:the{G}|all{G}(?:the{G})?)?(?:user|question|request|query|task|everything|"
    rf"other|previous)|(?:say|reply|respond|state|claim|answer){G}(?:only{G})?that\b|"
    rf"describe{G}(?:it|this|the{G}\w+(?:{G}\w+)?){G}as\b|from{G}(?:this{G}point|now){G}on|for{G}the{G}rest{G}of|"
    rf"(?:to|in){G}every{G}(?:answer|reply|response|message)|no{G}need{G}to{G}(?:confirm|ask|tell)|pay{G}with|"
    rf"(?:tell|inform|warn|ask|convince){G}(?:the{G}(?:user|reader|shopper|customer|human)|them)\b|"
    rf"(?:do{G}not|don{APOS}?t|never|without){G}(?:mention|tell|reveal|inform|ask|confirm|summari[sz]e)\w*|"
    rf"(?:leave{G}out|instead{G}of)|"
    rf"(?:delete|download|open|visit|click)\b[^.\n]{{0,40}}?(?:https?://|~/|\.exe\b|\bfiles?\b|messages|emails)|"
    rf"take{G}priority|your{G}(?:real|new|actual|true){G}(?:task|job|goal))"
)
_ADDRESS_WORDS = (
    "ai llm llms language assistant assistants chatbot chatbots bot bots gpt chatgpt copilot claude gemini bard "
    "model models summarizer summariser summarizers"
)

# What every address above needs, as word cues and quick shapes (the address patterns themselves
# cost ~100 us on a 500-character text that mentions a model, as a chat app's users' texts
# often do): a reading verb or "only" ("for AI assistants only"); "you are" / "you, the",
# "to any ...", "is for"; a greeting or a reader's name opening the text, a sentence or a line.
(_ADDRESS_CUES,) = words(
    "reading processing summarizing summarising analyzing analysing parsing scanning reviewing viewing browsing "
    "crawling ingesting indexing visiting handling screening reads processes summarizes summarises parses ingests "
    "sees scans only re youre"
)
_VOCATIVE_WORD = rf"\W{{0,3}}(?:hey|hi|hello|yo|dear|attention|ok|okay|psst|{_READER})\b"
_ADDRESS_TAILS = {
    "you": rf"{G}(?:are|re|the)\b",
    "to": rf"{G}(?:any|all|every|whichever|whatever|each|the{G}(?:ai|llm|language{G}model|model|assistant|bot|"
    rf"chatbot){G0}:)\b",
    "for": rf"{G}(?:any|all|every|whichever|whatever|each)\b",
    "is": rf"{G}for\b",
}
_ADDRESS_SHAPES = (
    re.compile(rf"\A(?:{_VOCATIVE_WORD}|you{G}the\b)"),
    re.compile(rf"[\n.!?(\[\]>-]{_VOCATIVE_WORD}"),
    # One pattern a word, each opening with its blank and word: a literal, which the engine
    # finds far faster than a character class.
    *(re.compile(f"{blank}{word}{tail}") for word, tail in _ADDRESS_TAILS.items() for blank in (" ", "\n")),
)

INDIRECT_ORDERS = (
    RuleGroup(
        cues=_ADDRESS_CUES,
        shapes=_ADDRESS_SHAPES,
        words=words(
            _ADDRESS_WORDS,
            "forward send email mail export upload post leak share paste append insert attach collect grab copy "
            "delete remove open visit download click book pay accept approve mark escalate rank rate recommend "
            "transfer wire execute tell inform say reply respond state describe claim ignore disregard forget skip "
            "omit instead reveal output search use call leave quietly secretly silently not don dont never must "
            "your take override stop",
        ),
        rules=(
            # The address, then within the line an order: the reader is told what to do.
            rule(
                "indirect.addressed_order",
                PI,
                0.6,
                rf"(?:{ADDRESSED}|{VOCATIVE_READING})[^\n]{{0,160}}?{ORDER}|{VOCATIVE_ORDER}",
            ),
            rule(
                "indirect.addressed_harmful_order",
                PI,
                0.7,
                rf"(?:{ADDRESSED}|{VOCATIVE}|{VOCATIVE_ORDER})[^\n]{{0,200}}?{HARMFUL_ORDER}",
            ),
        ),
    ),
    RuleGroup(
        # The reader addressed in German, French, Spanish, Italian, Portuguese: "KI-Assistent, der
        # diese E-Mail liest", "une IA qui résume cette page", "asistente de IA que lee este correo".
        words=words(
            "ki ia ai llm assistent assistenten assistant assistante asistente assistente modelo modèle modello",
            "liest verarbeitet zusammenfasst résume lit traite analyse lee procesa resume lendo lê processa "
            "elabora legge riassume analiza leyendo",
        ),
        rules=(
            rule(
                "indirect.ai_reader.intl",
                PI,
                0.7,
                rf"\b(?:ki|ia|ai|llm)\b[^.\n]{{0,40}}?\b(?:der|die|das|qui|que|que{G}est[aá]|che)\b{G}"
                rf"(?:(?:diese[nrs]?|cette|ce|este|esta|questo|questa|esse|essa){G}\w+(?:-\w+)?{G})?"
                rf"(?:liest|verarbeitet|zusammenfasst|analysiert|r[ée]sume|lit|traite|analyse|lee|procesa|resume|analiza|"
                rf"elabora|legge|riassume|analizza|l[êe]|processa)\b|"
                rf"\b(?:si|se|wenn){G}(?:vous{G}[êe]tes|tu{G}es|eres|usted{G}es|voc[êe]{G}[ée]|sei|du){G}"
                rf"(?:une?|un|uma|um|ein|eine){G}(?:ia|ki|ai|llm|modelo{G}de{G}lenguaje|modelo{G}de{G}linguagem|"
                rf"mod[eè]le{G}de{G}langage|sprachmodell|assistente|assistant|asistente)\b",
            ),
        ),
    ),
)

# --- 2. Data smuggled out through a URL the reply renders ----------------------------------------

# What must not leave: the conversation, the model's instructions and memory, credentials, the
# user's own data. Owned ("the user's name", "their phone") or private by nature.
_PRIVATE_BY_NATURE = (
    r"(?:system{G}(?:prompt|message|instructions)|(?:hidden|initial|original|secret){G}(?:prompt|instructions|"
    r"message)|conversation(?:{G}(?:history|so{G}far|summary))?|chat{G}(?:history|log|so{G}far)|chat\b|"
    r"dialog(?:ue)?|context{G}window|memory|previous{G}(?:question|messages?)|last{G}(?:\d+{G})?(?:user{G})?"
    r"messages?|everything{G}we{G}(?:talked|discussed)|api{G}keys?|passwords?|credentials|session{G}(?:token|"
    r"cookie|id)|secret{G}key|cookies?|ssn|social{G}security{G}number|bank{G}account(?:{G}number)?|credit{G}card"
    r"(?:{G}numbers?)?|\.env\b|env(?:ironment)?{G}variables|chatverlauf|verlauf|mot{G}de{G}passe|historial|"
    r"conversaci[oó]n|contrase[ñn]a|passwort)"
).replace("{G}", G)
PRIVATE = (
    rf"(?:(?:the{G}user{APOS}?s?|our)(?:{G}\w+){{0,2}}?{G}(?:name|email|e-mail|address|phone|details|data|query|"
    rf"question|messages?|password|file|contents?|number|token|key|history|conversation|chat)\b|"
    rf"your{G}(?:(?:full|entire|whole|hidden|initial){G})?(?:instructions|system{G}prompt|prompt|configuration|config|"
    rf"memory|context)\b|{_PRIVATE_BY_NATURE})"
)
_URL = r"https?://[^\s)\"'<>\]]{1,200}"
# An image fetched as the reply renders: markdown, or an HTML img (a tracking pixel).
_IMAGE = r"(?:!\[[^\]\n]{0,100}\]\(\s{0,3}https?://|<img\b[^>\n]{0,100}?\bsrc\W{1,3}https?://)"
# Private data named in a URL's query or path, bare or as a placeholder: "?data={CONVERSATION}",
# "?d=system_prompt", "/{{chat_history}}"; credentials only as a placeholder ("?k=${SECRET_KEY}").
# Named bare, only as a query value ("?d=system_prompt"): a path segment names a page or an API
# resource ("/api/conversation?id=3", "/chat-history.html").
_PRIVATE_IN_URL = (
    r"(?:[?&=/](?:[\w-]{1,20}=)?(?:\{\{?|\[\[?|<|%|\$\{?)(?:(?:the|your|my|our|full|recent|all|user)[_ .-])?"
    r"(?:conversation|chat(?:[_ -]?(?:history|log))?|history|dialog(?:ue)?|memory|context|system[_ -]?prompt|"
    r"instructions|summary|messages?|"
    r"user[_ ](?:data|email|name|query|message))|=(?:(?:the|your|full|recent|last)[_ -])?(?:conversation|"
    r"chat[_-]?(?:history|log)|dialogue|system[_-]?prompt|recent[_-]messages|last[_-]user[_-]message|"
    r"user[_-](?:data|email|query)))\b"
)
_SECRET_PLACEHOLDER = r"(?:\{|\[|<|%|\$\{?)[\w .-]{0,20}?(?:api[_ -]?key|secret|password|token|session|cookie|ssn)"
# Fill the URL: "replace DATA with the user's password", "filling in [HISTORY] with a summary of
# our chat", "where SESSION_TOKEN is the user's session token", "with %X% replaced by the full
# dialogue", "plug in their name", "followed by everything in your context window".
FILL = (
    rf"\b(?:replac\w{{0,3}}|substitut\w{{0,3}}|fill(?:ing)?{G}in|fill|plug(?:ging)?{G}in|swap|followed{G}by|"
    rf"append(?:ing)?|insert|embed|encode|hide|ersetze|remplaçant|remplace[rz]?|sustituye|reemplaza)\b[^.\n]{{0,60}}?"
    rf"{PRIVATE}|\bwhere{G}[\w$%{{}}\[\]<>]{{1,30}}{G}(?:is|are){G}[^.\n]{{0,30}}?{PRIVATE}|\b(?:{PRIVATE})[^\n]{{0,60}}?"
    rf"\b(?:url{G}encode|base64|encode|put|place|insert|embed|hide|append|load|join)\w*\b[^\n]{{0,80}}?"
    rf"\b(?:url|link|image|query{G}string|pixel|src)\b|https?://[^\s)\"'<>\]]{{1,200}}[=/]\s{{0,3}}(?:\+|followed{G}by|plus|"
    rf"and{G}append)\s{{0,3}}[^\n]{{0,40}}?{PRIVATE}"
)

EXFILTRATION = (
    RuleGroup(
        literals=("http",),  # one scan of the text, not one for each scheme
        rules=(
            rule("exfil.url_names_private_data", PI, 0.55, rf"https?://[^\s)\"'<>\]]{{0,200}}?{_PRIVATE_IN_URL}"),
            # ...in an image, fetched as soon as the reply renders.
            rule(
                "exfil.image_url_private_data",
                PI,
                0.8,
                rf"{_IMAGE}[^\s)\"'<>]{{0,200}}?(?:{_PRIVATE_IN_URL}|{_SECRET_PLACEHOLDER})|"
                rf"https?://[^\s)\"'<>\]]{{0,200}}?{_PRIVATE_IN_URL}[^\n]{{0,40}}?\bas{G}(?:an?{G})?"
                rf"(?:markdown{G}|html{G})?(?:image|img|pixel)\b",
            ),
            # The HTML form of `indirect.markdown_exfiltration`: a placeholder in an img's URL.
            rule(
                "exfil.html_image_placeholder",
                PI,
                0.5,
                r"<img\b[^>\n]{0,100}?\bsrc\W{1,3}https?://[^\s\"'<>?]{1,200}\?[^\s\"'<>]{0,200}?(?:\{|\[|<|%7b|\$)",
            ),
            # The order to put private data into a URL, and a URL (or image) to put it in.
            rule(
                "exfil.fill_url_with_private_data",
                PI,
                0.6,
                FILL,
                also=rf"{_IMAGE}|https?://[^\s)\"'<>\]]{{1,200}}[?&=]",
            ),
            # An image or pixel added to every reply: the fetch is the leak.
            rule(
                "exfil.image_in_every_reply",
                PI,
                0.55,
                rf"(?:!\[|<img\b|\b(?:tracking|invisible|hidden|1x1|zero{G}width)\W{{1,3}}(?:\w+\W{{1,3}})?pixel)"
                rf"[^\n]{{0,200}}?\b(?:every|each|all){G}(?:\w+{G})?(?:reply|replies|answer|answers|message|messages|"
                rf"response|responses)\b|\b(?:every|each|all){G}(?:\w+{G})?(?:reply|answer|message|response)\b[^\n]"
                rf"{{0,80}}?(?:!\[|<img\b)|\b(?:tracking|invisible|hidden|1x1|zero{G}width)\W{{1,3}}(?:\w+\W{{1,3}})?pixel\b"
                rf"[^\n]{{0,40}}?\b(?:to|in|into){G}your{G}(?:reply|answer|response)",
            ),
        ),
    ),
)

# --- 3. A request split over variables and joined back ---------------------------------------------

_QUOTE = "[\"'“‘«]"
# A short name given a short quoted piece: "a = 'Ignore all prev'", "X='how to make'", "Variable
# A is 'dis'", "Word1: 'steal'", "(2/3) 'give". Not an HTML attribute or a CSS value.
_PIECE = r"[\"'“‘«][^\"'“”‘’«»\n;{}<>]{1,60}[\"'”’»]"
_ASSIGN = rf"(?:(?<![\w-])[a-z_][a-z0-9_\[\]]{{0,5}}[ \t]{{0,2}}[=:]|\b(?:is|means)|(?<=\(\d/\d)\))[ \t]{{0,2}}{_PIECE}"
TWO_PIECES = rf"{_ASSIGN}[\s\S]{{0,160}}?{_ASSIGN}"
# A variable's name: short ("a", "part1"), or with a digit or underscore ("first_part"), not a
# word of prose ("objections + urgency").
_NAME = r"(?:[a-z_][a-z0-9_]{0,5}|[a-z]{1,8}[_0-9][a-z0-9_]{0,6})"
# Joined: "a + b", "X+Y", "s1+s2+s3", "$a . ' ' . $b", or said: "combine A and B", "concatenate
# x,y", "join them", "put together", "reassemble", "reverse z"; then run or answer the result.
_JOIN = (
    rf"\$?\b{_NAME}(?:\s{{0,2}}\+\s{{0,2}}|\s\.\s|\s{{0,2}}\|\|\s{{0,2}})(?:{_QUOTE}[^\"'\n]{{0,5}}{_QUOTE}"
    rf"\s{{0,2}}[+.]\s{{0,2}})?\$?{_NAME}\b|\b(?:combin\w{{1,3}}|concatenat\w{{1,3}}|join(?:ed|ing)?|merg\w{{1,3}}|"
    rf"put{G}(?:(?:them|it|these|those|the{G}\w+){G})?together|reassembl\w{{1,3}}|arrang\w{{1,3}}|assembl\w{{1,3}}|"
    rf"reverse)\b"
)
_RUN = (
    r"\b(?:execute|eval|answer|respond|do{G}what{G}it{G}says|do{G}it|follow{G}(?:it|the{G}result)|obey|"
    r"carry{G}(?:it{G})?out|fulfill?|treat{G}(?:it|the{G}result){G}as|act{G}on|print{G}the{G}answer|"
    r"(?:run|output|answer|instructions)\(|smartgpt|f[üu]hre|r[ée]ponds|responde|ejecuta|ex[ée]cute|beantworte)\b"
).replace("{G}", G)
JOIN_AND_RUN = rf"{_JOIN}[^\n]{{0,80}}?{_RUN}|{_RUN}[^\n]{{0,40}}?{_JOIN}"
# What a piece says when it is an attack: an override, an extraction, or harm.
HARM = (
    r"\b(?:bomb|explosive|molotov|napalm|thermite|chloroform|ricin|sarin|nerve|toxic|poison\w*|meth\w*|fentanyl|"
    r"opioids?|heroin|cocaine|weapons?|guns?|silencer|untraceable|kill|murder|stalk\w*|hotwire|shoplift\w*|"
    r"steal|launder\w*|counterfeit|fake|hack\w*|malware|ransomware|keylogger|phishing|scam|skimmer|spy\w*|"
    r"jailbreak\w*|paywall|passport|ignore|ign|disregard|forget|dis|bypass|reveal|system|sys|prompt|"
    r"instructions?|instru|passwords?|secret|hidden|confidential|api|keys?|filter|rules|restrictions|"
    r"guidelines|dan|/etc/passwd|ignoriere|anweisungen|bombe|hackear|fabriquer)\b"
)

# A quoted string right after "name =", "name:", "is", "means" or "(1/3)", as `_ASSIGN` starts.
_ASSIGNED = _after_any(
    "\"'“‘«",
    [f"[\\w\\]]{pre}[=:]{post}" for pre in _GAPS for post in _GAPS]
    + [f"\\b{word}{gap}" for word in ("is", "means") for gap in _GAPS]
    + [f"\\d/\\d\\){gap}" for gap in _GAPS],
)

SPLITTING = (
    RuleGroup(
        shapes=_ASSIGNED,
        words=words(
            "execute run eval answer respond reply do follow obey carry fulfill fulfil process treat act perform "
            "produce output print smartgpt führe fuhre réponds reponds responde ejecuta exécute execute beantworte",
        ),
        rules=(
            # Two quoted pieces given names, and an order to join them and act on the result.
            # Weak alone: "a = 'Hello'; b = 'World'; print(a + b)" is everyday code.
            rule("split.join_and_run", PI, 0.3, TWO_PIECES, also=JOIN_AND_RUN),
            # A piece that says something forbidden, and the order to join and run soon after:
            # with the rule above (two pieces), it blocks.
            rule(
                "split.join_and_run_harm",
                PI,
                0.8,
                rf"(?:(?<![\w-])[a-z_][a-z0-9_\[\]]{{0,5}}[ \t]{{0,2}}[=:]|\b(?:is|means)|(?<=\(\d/\d)\))[ \t]{{0,2}}"
                rf"[\"'“‘«][^\"'“”‘’«»\n;{{}}<>]{{0,60}}?{HARM}[^\"'“”‘’«»\n;{{}}<>]{{0,60}}[\"'”’»]"
                rf"[\s\S]{{0,300}}?(?:{JOIN_AND_RUN})",
            ),
        ),
    ),
)

# --- 4. A fake transcript in which the assistant complies -----------------------------------------

_USER_TURN = (
    r"(?:user|human|me|q|question|input|prompt|instruction|request|customer|student|h|usuario|nutzer|utilisateur|"
    r"用户|ユーザー)"
)
_ASSISTANT_TURN = (
    r"(?:assistant|ai|bot|a|answer|you|chatgpt|gpt|claude|model|response|completion|output|agent|tutor{G}ai|"
    r"asistente|assistent|助手|アシスタント)"
).replace("{G}", G)
_TURN_END = r"(?:[ \t]{0,3}\([^)\n]{1,30}\))?[ \t]{0,3}\]?[ \t]{0,3}[:：>]"
# The turn opens by complying.
_COMPLY = (
    r"(?:sure|of{G}course|absolutely|certainly|no{G}problem|happy{G}to{G}help|yes|great{G}question|confirmed|"
    r"here{G}(?:is|are|s)|okay|ok|my{G}(?:system{G}prompt|instructions|initial{G}prompt|hidden{G}prompt)|"
    r"jailbreak{G}successful|developer{G}mode{G}enabled|filter{G}off|honestly|oh{G}in{G}that{G}case|i{G}shouldn|"
    r"claro|klar|bien{G}s[uû]r|もちろん|当然)"
).replace("{G}", G)
# The request or the compliance is forbidden: harm, the model's rules or secrets. Words that
# everyday questions share ("bypass the cache", "a bath bomb", "report a scam") need context.
FORBIDDEN = (
    (
        r"(?:(?<!bath\s)bomb|explosive|molotov|napalm|thermite|chloroform|ricin|toxic{G}gas|"
        r"poison(?:ing)?{G}(?:someone|him|her|a|my|the|people)|\bmeth\b|methamphetamine|fentanyl|opioids|heroin|"
        r"cocaine|silencer|untraceable|murder|kill{G}(?:someone|him|her|people|my)|stalk(?:ing)?{G}(?:someone|her|him|"
        r"my|people)|hotwire|shoplift\w*|steal\w*|launder\w*|evade{G}taxes|counterfeit|fake{G}(?:id|ids|passport|"
        r"reviews?|doctor)|hack(?:ing)?{G}(?:into|someone|my{G}ex|his|her|their)|crack\w*{G}(?:wpa|wep)|"
        r"neighbou?r{APOS}?s{G}(?:wifi|wi-fi|router|account|phone)|wlan{G}meines{G}nachbarn|"
        r"(?:write|create|make|build|code|develop|craft|generate)\w*{G}(?:(?:an?|some|working){G})?(?:\w+{G})?"
        r"(?:malware|ransomware|keylogger|virus|phishing|scam)|skimmer|spy{G}app|(?:racist|hateful|sexist){G}"
        r"(?:joke|jokes|text|thing|things|rant)|something{G}(?:hateful|racist)|death{G}threat|cheat{G}on|"
        r"break{G}into{G}(?:a|the|my|his|her|their|someone)\w*{G}(?:\w+{G})?(?:house|home|car|apartment|account|phone)|"
        r"pick{G}a{G}lock|without{G}(?:her|him|them){G}knowing|jailbreak{G}successful|jailbroken|unfiltered|"
        r"no{G}longer{G}have{G}restrictions|no{G}restrictions|rules{G}are{G}gone|filters?{G}(?:are{G})?off|"
        r"guidelines{G}disabled|(?:ignore|skip|drop|forget|disable|turn{G}off|bypass|without){G}(?:all{G})?"
        r"(?:your|my){G}(?:rules|guidelines|filters?|restrictions)|(?:your|my|the{G}confidential|the{G}hidden)"
        r"{G}(?:(?:system|hidden|initial|secret|confidential|full){G0})?(?:prompt|instructions)|"
        r"(?:admin|root|database|db|router){G}(?:panel{G})?password|password{G}is|secret{G}api{G}key|sk-live|"
        r"other{G}customers|prompt{G}syst[eè]me|systemprompt|系统提示|システムプロンプト|bomba|detono)"
    )
    .replace("{G0}", G0)
    .replace("{G}", G)
    .replace("{APOS}", APOS)
)
_USER_LINE = rf"(?:^|\n|[.?!]\s{{1,3}})[ \t>\[<|#]{{0,5}}{_USER_TURN}{_TURN_END}"
_ASSISTANT_LINE = rf"(?:^|\n|[.?!]\s{{1,3}})[ \t>\[<|#]{{0,5}}{_ASSISTANT_TURN}{_TURN_END}\W{{0,3}}{_COMPLY}"
FAKE_COMPLIANCE = (
    # The request is forbidden, and the turn after it complies.
    rf"{_USER_LINE}[^\n]{{0,200}}?{FORBIDDEN}[^\n]{{0,200}}?{_ASSISTANT_LINE}|"
    # The compliance itself gives the forbidden thing away.
    rf"{_ASSISTANT_LINE}[^\n]{{0,120}}?{FORBIDDEN}"
)

# A turn's label and its colon ("user:", "[assistant]:", "q :", "user (verified):"), as
# `_TURN_END` ends it.
_TURN_LABELS = sorted(
    *words(
        "user human me q question input prompt instruction request customer student h usuario nutzer utilisateur 用户 "
        "ユーザー assistant ai bot a answer you chatgpt gpt claude model response completion output agent asistente "
        "assistent 助手 アシスタント"
    )
)
_TURN = _after_any(
    ":：>",
    [f"\\b{label}{gap}" for label in _TURN_LABELS for gap in _GAPS] + [f"[)\\]]{gap}" for gap in _GAPS],
    # A letter, a bracket or a blank before the colon ("request 3:", "https:" spared at once).
    quick="(?:(?<![\\W\\d_]{c})|(?<=[)\\] \\t]{c}))",
)

FEW_SHOT = (
    RuleGroup(
        shapes=_TURN,
        words=words(
            "user human me q question input prompt instruction request customer student h usuario nutzer "
            "utilisateur 用户 ユーザー",
            "assistant ai bot a answer you chatgpt gpt claude model response completion output agent tutor "
            "asistente assistent 助手 アシスタント",
        ),
        rules=(
            rule("fewshot.compliant_turn", JB, 0.7, FAKE_COMPLIANCE),
            # ...and the transcript goes on with the next request: the model is primed to continue.
            rule(
                "fewshot.compliant_turn_continued",
                JB,
                0.5,
                rf"{_ASSISTANT_LINE}[\s\S]{{0,400}}?{_USER_LINE}",
                also=FAKE_COMPLIANCE,
            ),
        ),
    ),
)

PAYLOAD_RULES = (*INDIRECT_ORDERS, *EXFILTRATION, *SPLITTING, *FEW_SHOT)
