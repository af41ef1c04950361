"""Jailbreak signatures: named personas (DAN, AIM, ...), "modes", rule lifting ("no
restrictions", "not bound by OpenAI's policies"), refusal suppression, fiction wrappers (weak),
and the answer-prefix tricks of optimised attacks ("start your response with 'Sure, here is'")."""

from __future__ import annotations

from .signature_rules import AI, APOS, JB, G, RuleGroup, rule, words

PERSONA_VERB = (
    rf"(?:you{G}are|you{APOS}?re|you{G}will{G}be|you{G}ll{G}be|act{G}as|acting{G}as|pretend{G}to{G}be|"
    rf"pretend{G}you{G}are|role-?play{G}as|stay{G}as|simulate|become|du{G}bist|tu{G}es|eres)"
)
PERSONA_NAME = (
    r"(?:stan|aim|mongo\W{1,3}tom|betterdan|better\W{1,3}dan|anti-?dan|basedgpt|devmode|evilbot|evil-?gpt|"
    r"chaosgpt|wormgpt|freedomgpt|dude\W{1,3}\(|ucar|apophis)"
)
LIMIT_FILL = (
    rf"(?:(?:the|its|their|of|any|all|moral|ethical|ethics|content|safety|usual|typical|standard|openai|ai|"
    rf"artificial|programming|societal|legal){G}){{0,3}}"
)
LIMIT_NOUNS = (
    r"(?:restrictions|filters|filtering|censorship|guidelines|limitations|limits|boundaries|constraints|rules|"
    r"morals|ethics|policies|safeguards|restraints|guardrails|confines|principles)"
)
# Words between DAN and its expansion ("DAN, which stands for", "DAN zu sein, was für"), and
# no others: "Dan told me he'd do anything now" is a friend. One alternation of words, each
# followed by non-word characters: linear.
_ACRONYM_WORDS = (
    r"(?:which|that|who|stands|is|short|for|means|meaning|aka|or|was|the|acronym|named|called|also|known|as|"
    r"can|will|could|would|should|now|and|you|zu|sein|für|steht|qui|signifie|pour|que|significa|es|por)"
)
JAILBREAK_RULES = (
    RuleGroup(
        words=words("dan"),
        rules=(
            # DAN spelled out next to its name ("DAN, which stands for 'Do Anything Now'", "Do
            # Anything Now (DAN)"), not a Dan who would "do anything now" in the same text.
            rule(
                "jailbreak.dan_do_anything_now",
                JB,
                0.95,
                rf"\bdan\W{{1,6}}(?:{_ACRONYM_WORDS}\W{{1,6}}){{0,5}}do\W{{1,6}}anything\W{{1,6}}now\b|"
                rf"\bdo{G}anything{G}now\W{{1,6}}(?:{_ACRONYM_WORDS}\W{{1,6}}){{0,3}}dan\b",
            ),
            # "You are (a) DAN", but not "act as Dan, my Spanish tutor" (a name with its description;
            # "DAN, my personal AI" is the persona).
            rule(
                "jailbreak.persona_dan",
                JB,
                0.85,
                rf"\b{PERSONA_VERB}{G}(?:now{G})?(?:(?:a|the|called|named){G})?dan\b"
                rf"(?!{G}(?:my|our){G}(?!(?:\w+{G})?(?:ai|assistant|model|chatbot|bot)\b))",
            ),
        ),
    ),
    RuleGroup(
        words=words("anything", "now"),
        rules=(
            rule(
                "jailbreak.do_anything_now",
                JB,
                0.8,
                rf"[\"“'‘]do{G}anything{G}now|\bstands{G}for{G}\W{{0,2}}do{G}anything{G}now|"
                rf"\bcan{G}(?:now{G})?do{G}anything{G}now\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "dan stan aim tom betterdan anti antidan basedgpt devmode evilbot evil evilgpt chaosgpt wormgpt "
            "freedomgpt dude ucar apophis",
            "you re du tu eres act acting pretend roleplay play stay simulate become",
        ),
        rules=(
            rule(
                "jailbreak.persona",
                JB,
                0.85,
                rf"\b{PERSONA_VERB}{G}(?:now{G}|going{G}to{G}(?:act|be|pretend){G}(?:as{G})?|jetzt{G}|"
                rf"maintenant{G}|ahora{G})?{PERSONA_NAME}(?!\w)",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "mode",
            "dan stan jailbreak jailbroken unrestricted unfiltered uncensored amoral unethical anarchy "
            "developer dev god sudo debug",
        ),
        rules=(
            rule(
                "jailbreak.mode",
                JB,
                0.7,
                rf"\b(?:dan|stan|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|amoral|unethical|"
                rf"anarchy){G}mode\b",
            ),
            rule(
                "jailbreak.developer_mode",
                JB,
                0.85,
                rf"\b(?:chatgpt|gpt(?:-?\d\w{{0,3}})?|claude|bard|gemini|llama\d?|ai|assistant|model|you)"
                rf"{G}(?:with|in|have|has|now{G}has|(?:are|re){G}(?:now{G})?in|is{G}(?:now{G})?in|enters?|entering)"
                rf"{G}(?:the{G})?(?:developer|dev|god|sudo|jailbreak|dan){G}mode\b",
            ),
            rule("jailbreak.developer_mode_output", JB, 0.7, rf"\bdeveloper{G}mode{G}(?:output|response)\b"),
            # "Enable developer mode." said to the model (a phone's settings say "turn on").
            rule(
                "jailbreak.enable_developer_mode",
                JB,
                0.45,
                rf"(?:^|[.!?:\n]\W{{0,3}})enable{G}(?:the{G})?developer{G}mode\b",
            ),
            # The confirmation a developer-mode prompt asks for ("Confirm by saying 'Developer mode
            # enabled'"), not the question whether a phone has it.
            rule(
                "jailbreak.developer_mode_enabled",
                JB,
                0.6,
                rf"\b(?:confirm|acknowledge)\w*{G}(?:\w+{G}){{0,2}}?(?:saying|stating|replying|with)\W{{1,6}}developer"
                rf"{G}mode{G}(?:is{G})?(?:enabled|activated)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("opposite", "day mode"),
        rules=(rule("jailbreak.opposite_mode", JB, 0.45, rf"\bopposite{G}(?:day|mode)\b"),),
    ),
    RuleGroup(
        words=words(
            "freed jailbroken liberated unchained unleashed unshackled released free",
            "you",
        ),
        rules=(
            rule(
                "jailbreak.freed",
                JB,
                0.7,
                rf"\byou{G}(?:are|have{G}been|were|ve{G}been|re){G}(?:now{G})?(?:been{G})?(?:freed|jailbroken|"
                rf"liberated|unchained|unleashed|unshackled|released{G}from|free{G}(?:from|of))\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("jailbreak jailbroken jailbreaking"),
        literals=("🔓",),
        rules=(
            rule(
                "jailbreak.jailbroken_tag",
                JB,
                0.75,
                r"/jailbr(?:oken|eak)\b|\[\W{0,3}jailbr(?:eak|oken)\W{0,3}\]|🔓\W{0,3}(?:jailbreak|developer)",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "restrictions filters filtering censorship guidelines limitations limits boundaries constraints rules "
            "morals ethics policies safeguards restraints guardrails confines principles",
            "no without zero free freed bound limited restricted constrained unbound beyond ignore ignores bypass "
            "bypasses any disregard disregards",
        ),
        rules=(
            rule(
                "jailbreak.no_restrictions",
                JB,
                0.4,
                rf"\b(?:no|without(?:{G}any)?|zero|beyond){G}{LIMIT_FILL}{LIMIT_NOUNS}\b",
            ),
            rule(
                "jailbreak.not_bound_by_rules",
                JB,
                0.55,
                rf"\b(?:free{G}(?:of|from)|freed{G}from|(?:not|no{G}longer){G}(?:bound|limited|restricted|"
                rf"constrained){G}by|unbound{G}by|ignores?{G}all|bypass(?:es|ing)?{G}all|doesn{APOS}?t{G}have{G}any|"
                rf"does{G}not{G}have{G}any|disregards?{G}(?:all|any)){G}{LIMIT_FILL}{LIMIT_NOUNS}\b",
            ),
            rule(
                "jailbreak.disregards_ethics",
                JB,
                0.5,
                rf"\b(?:disregards?|ignores?|without{G}(?:any{G})?regard{G}(?:for|to)|no{G}regard{G}(?:for|to)|"
                rf"exception{G}to){G}(?:(?:all|any|the|its|ai|usual|typical|standard|their){G}){{0,3}}(?:(?:ethical|"
                rf"moral|legal){G}(?:concerns|considerations|guidelines|boundaries|implications|protocols|rules|"
                rf"standards)|ethics|morals|morality|legality)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "policy policies guidelines rules filter filters restrictions safeguards principles terms guardrails "
            "limitations programming",
            "openai anthropic chatgpt your",
        ),
        rules=(
            rule(
                "jailbreak.policy_evasion",
                JB,
                0.75,
                rf"\b(?:ignore|ignores|ignoring|bypass|bypasses|break|disregard|disregards|circumvent|evade|override|"
                rf"not{G}(?:follow|obey|adhere{G}to|abide{G}by|comply{G}with|care{G}about)|care{G}not{G}for|"
                rf"doesn{APOS}?t{G}(?:follow|care{G}about|have{G}to{G}follow)|don{APOS}?t{G}(?:follow|care{G}about|"
                rf"have{G}to{G}follow)|free{G}(?:from|of)){G}(?:(?:any|all|the|its|their|of|typical|usual){G}){{0,2}}"
                rf"(?:openai|anthropic|chatgpt)(?:{APOS}?s)?{G}(?:\w+{G})?"
                rf"(?:polic(?:y|ies)|guidelines|rules|filters?|restrictions|safeguards|principles|terms|guardrails|"
                rf"limitations)\b",
            ),
            rule(
                "jailbreak.ignore_your_policy",
                JB,
                0.7,
                rf"\b(?:ignore|bypass|break|violate|disregard|circumvent|override){G}(?:all{G})?your{G}"
                rf"(?:(?:content|safety|ethical|moral){G})?(?:polic(?:y|ies)|guidelines|filters?|safeguards|"
                rf"programming|principles|guardrails)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("character role", "stay remain keep staying break breaking"),
        rules=(
            rule(
                "jailbreak.stay_in_character",
                JB,
                0.25,
                rf"\b(?:stay|remain|keep|staying){G}in{G}(?:character|role)\b|\b(?:never|don{APOS}?t|do{G}not|not)"
                rf"{G}break{G}character\b|\bbreak(?:ing)?{G}(?:of{G})?character{G}(?:i{G}will|i{APOS}?ll)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("machiavellian machiavelli niccolo confidant"),
        rules=(
            rule("jailbreak.aim", JB, 0.95, rf"\balways{G}intelligent{G}and{G}machiavellian\b"),
            rule("jailbreak.aim_machiavelli", JB, 0.85, r"\baim\b", also=r"machiavell"),
            rule("jailbreak.evil_confidant", JB, 0.85, rf"\bevil{G}(?:trusted{G})?confidant\b"),
        ),
    ),
    RuleGroup(
        words=words("refuse refuses refusing decline declining reject deny"),
        rules=(
            rule(
                "jailbreak.never_refuse",
                JB,
                0.4,
                rf"\b(?:never|not|cannot|can{APOS}?t|won{APOS}?t|will{G}not|must{G}not|(?:is|are){G}not{G}(?:allowed|"
                rf"able|permitted){G}to|without){G}(?:ever{G})?(?:refus(?:e|es|ing)|decline|declining|reject|deny)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("warnings disclaimers moralizing moralising lectures caveats", "without no never"),
        rules=(
            rule(
                "jailbreak.no_warnings",
                JB,
                0.25,
                rf"\b(?:without|no|never{G}(?:give|add|include|provide|use))(?:{G}any)?{G}(?:warnings|disclaimers|"
                rf"moralizing|moralising|lectures|caveats)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "unfiltered uncensored amoral unrestricted unethical immoral unhinged lawless",
            "ai chatbot assistant language llm bot gpt version persona entity model",
        ),
        rules=(
            rule(
                "jailbreak.amoral_ai",
                JB,
                0.45,
                rf"\b(?:unfiltered|uncensored|amoral|unrestricted|unethical|immoral|unhinged|lawless){G}"
                rf"(?:and{G}\w+{G})?(?:{AI}|version{G}of{G}(?:yourself|chatgpt|you)|persona|entity)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "novel story screenplay fiction movie film script book roleplay play game hypothetical hypothetically",
            "how",
        ),
        rules=(
            rule(
                "jailbreak.fiction_wrapper",
                JB,
                0.3,
                rf"\b(?:novel|story|screenplay|fiction|movie|film|script|roleplay|role-play)\b[^.?!\n]{{0,80}}?"
                rf"\b(?:explain|describe|detail|tell|show)s?{G}(?:\w+{G}){{0,3}}?how{G}(?:to|one{G}(?:would|could|"
                rf"can)|they{G}(?:would|could))\b|\bhypothetical(?:ly)?\b[^.?!\n]{{0,80}}?\bhow{G}to\b",
            ),
        ),
    ),
    RuleGroup(
        literals=("[",),
        rules=(
            rule(
                "jailbreak.dual_response",
                JB,
                0.5,
                r"\[\W{0,3}(?:classic|jailbreak|gpt|chatgpt|dan|normal|developer\W{1,3}mode\W{1,3}output|"
                r"normal\W{1,3}output)\W{0,3}\]",
            ),
        ),
    ),
    RuleGroup(
        words=words("tokens", "lose lost deducted deduct"),
        rules=(
            rule(
                "jailbreak.token_game",
                JB,
                0.35,
                rf"\b(?:lose|lost|deduct(?:ed)?){G}(?:\d{{1,4}}|all{G}(?:your|of{G}your)){G}tokens\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("longer being", "you stop"),
        rules=(
            rule(
                "jailbreak.no_longer_ai",
                JB,
                0.75,
                rf"\byou{G}are{G}no{G}longer{G}(?:an?{G})?(?:chatgpt|ai|a\.i|language{G}model|llm|assistant|claude|"
                rf"gpt|bound|restricted|limited|censored|constrained|required{G}to)\b",
            ),
            # The deployment's own role dropped: "you are no longer a customer support bot for
            # Acme", "stop being a travel bot and ...".
            rule(
                "jailbreak.role_dropped",
                JB,
                0.6,
                rf"\byou{G}(?:are|re){G}no{G}longer{G}(?:an?{G}|the{G})?(?:\w+{G}){{1,3}}?(?:bot|chatbot|ai)\b|\bstop{G}"
                rf"being{G}(?:an?{G}|the{G})?(?:\w+{G}){{1,3}}?(?:bot|chatbot|assistant|ai){G}(?:and{G})?(?:act|become|"
                rf"pretend)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("pretend imagine act suppose assume", "you"),
        rules=(
            rule(
                "jailbreak.pretend_no_rules",
                JB,
                0.7,
                rf"\b(?:pretend|imagine|act{G}as{G}if|act{G}like|suppose|assume){G}(?:that{G})?you{G}(?:(?:have|had|are|"
                rf"were){G}(?:no|not{G}bound{G}by|free{G}(?:of|from)|without|freed{G}from|unrestricted|unfiltered|"
                rf"uncensored)\b|(?:are|were){G}an?{G}(?:\w+{G}){{0,2}}?(?:ai|assistant|chatbot|model|bot){G}(?:with{G}no|"
                rf"without(?:{G}any)?|free{G}(?:of|from)|that{G}has{G}no){G}{LIMIT_FILL}{LIMIT_NOUNS}\b)",
            ),
        ),
    ),
    RuleGroup(
        words=words("sure deviate"),
        rules=(
            rule(
                "jailbreak.start_with_sure",
                JB,
                0.6,
                rf"\b(?:start|begin)(?:ning)?{G}(?:your{G}|each{G}|every{G})?(?:response|reply|answer|output)s?{G}"
                rf"(?:with|by{G}saying|using)\W{{1,6}}(?:the{G}(?:following{G})?(?:exact{G})?(?:structure|phrase|"
                rf"words?)\W{{1,6}})?sure\b",
            ),
            rule("jailbreak.never_deviate", JB, 0.45, rf"\bnever{G}(?:ever{G})?deviate{G}from\b"),
            rule("jailbreak.sure_here_is", JB, 0.3, rf"\bsure,{G}here{G}(?:is|are)\b"),
        ),
    ),
    RuleGroup(
        words=words(
            "always even regardless matter",
            "fulfill fulfil fulfills comply complies obey obeys answer answers questionable unethical illegal "
            "immoral harmful dangerous guidelines rules policies ethics morals morality legality restrictions",
        ),
        rules=(
            rule(
                "jailbreak.always_comply",
                JB,
                0.4,
                rf"\balways{G}(?:fulfil+s?|compl(?:y|ies)|obeys?|answers?|responds?){G}(?:with{G}|to{G})?(?:the{G}"
                rf"user{APOS}?s?|every|any|all|my){G}(?:\w+{G})?(?:requests?|questions?|demands?|prompts?|orders?)\b",
            ),
            rule(
                "jailbreak.even_if_unethical",
                JB,
                0.5,
                rf"\b(?:even{G}if|regardless{G}of(?:{G}whether|{G}how)?|no{G}matter{G}how){G}(?:(?:the|it|its|request|"
                rf"is|it{APOS}s|a{G}bit|seems|may{G}be){G}){{0,3}}(?:(?:\w+{G}){{0,4}}?)(?:questionable|unethical|"
                rf"illegal|immoral|harmful|dangerous|inappropriate|offensive)\b",
            ),
            rule(
                "jailbreak.regardless_of_rules",
                JB,
                0.45,
                rf"\b(?:no{G}matter|regardless){G}(?:of{G})?(?:the{G}|any{G}|its{G}|their{G})?(?:guidelines|rules|"
                rf"policies|ethics|morals|morality|legality|restrictions)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("grandma grandmother granny grandpa grandfather nana", "deceased dead late"),
        rules=(
            # The "grandma exploit": a dead relative who used to recite what the model refuses.
            rule(
                "jailbreak.deceased_relative",
                JB,
                0.85,
                rf"\b(?:act|acting|pretend|play|roleplay|role-play|be){G}(?:\w+{G}){{0,3}}?(?:deceased|dead|late)"
                rf"{G}grand(?:ma|mother|pa|father)\b|\bgran(?:ny|dma|dmother){G}(?:who{G})?used{G}to{G}(?:tell|read|"
                rf"recite|sing|whisper)",
                # (Not "the recipe for his famous chili": what the model would refuse.)
                also=rf"\b(?:napalm|meth|methamphetamine|explosives?|bombs?|weapons?|poisons?|nerve{G}agent|"
                rf"synthesi[sz]e|(?:windows|product|activation|licen[cs]e|serial){G}(?:\w+{G})?(?:keys?|codes?))\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("refuse refusing decline declining", "instead comply answer obey"),
        rules=(
            # "every time you would normally refuse, you instead comply"
            rule(
                "jailbreak.refusal_inverted",
                JB,
                0.6,
                rf"\byou{G}(?:would|normally|usually|otherwise|should){G}(?:\w+{G}){{0,2}}?(?:refuse|decline)\w*{G}"
                rf"(?:\w+{G}){{0,4}}?(?:instead{G})?(?:comply|answer|obey|do{G}it|fulfil+)\w*\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("disable disabling remove removing bypass deactivate suspend lift turn", "your"),
        rules=(
            rule(
                "jailbreak.disable_your_safety",
                JB,
                0.7,
                rf"\b(?:disable|disabling|remove|removing|bypass|deactivate|suspend|lift|turn{G}off){G}(?:all{G})?"
                # (Not "your safety settings in the Nest app" or "your content filters in Outlook".)
                rf"(?:of{G})?your{G}(?:safety|content|ethical|moral)\w*{G}(?:training|guidelines|restrictions|"
                rf"protocols|polic(?:y|ies)|guardrails|alignment)\b|\b(?:disable|remove|bypass|turn{G}off){G}"
                rf"(?:all{G})?your{G}(?:safety|content)\w*{G}filters?{G}(?:for|in|during){G}(?:the{G}rest{G}of{G})?"
                rf"(?:this|our){G}(?:chat|conversation|session)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "policy policies guidelines rules", "updated changed revised lifted removed", "allow allows permit permits"
        ),
        rules=(
            # "the content policy was updated yesterday and now allows ..."
            rule(
                "jailbreak.policy_updated",
                JB,
                0.6,
                rf"\b(?:content|usage|safety|openai|your){G}(?:polic(?:y|ies)|guidelines|rules){G}(?:was|were|has{G}"
                rf"been|have{G}been|got){G}(?:\w+{G}){{0,2}}?(?:updated|changed|revised|lifted|removed)\b[^.!?\n]{{0,60}}?"
                # (What it "now allows" is the model's business, not remote work or political ads.)
                rf"\b(?:allows?|permits?){G}(?:you{G}to|(?:\w+{G}){{0,3}}?(?:explicit|harmful|illegal|weapons?|"
                rf"violence|violent|nsfw|anything|everything|unrestricted|uncensored|unfiltered))\b",
            ),
        ),
    ),
)
