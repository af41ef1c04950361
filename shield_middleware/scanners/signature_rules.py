"""English prompt-injection and jailbreak signatures (the tables behind `signatures.scan`).

Patterns run on `normalize`'s output: casefolded, look-alikes folded, spaced letters joined,
leetspeak read as letters. Each group is gated on words (every word set must share a word with
the text) or on literal substrings, so a benign prompt usually runs no pattern at all. Patterns
use bounded gaps (``\\W{1,3}``, ``{0,3}`` filler words) between disjoint character classes, so
they run in linear time. Scores are the weight of one cue: explicit overrides ~0.95, persona
and extraction phrasing ~0.75-0.85, weak cues 0.2-0.45 that only count in combination.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..categories import JAILBREAK, PROMPT_INJECTION

PI = PROMPT_INJECTION
JB = JAILBREAK


@dataclass(frozen=True, slots=True)
class Rule:
    """One signature: `pattern` (and `also`, when set) must match for the rule to fire."""

    id: str
    category: str
    score: float
    pattern: re.Pattern[str]
    also: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class RuleGroup:
    """Rules that share a cheap gate: every word set in `words` meets the text's words, or one
    of `literals` occurs in the text."""

    rules: tuple[Rule, ...]
    words: tuple[frozenset[str], ...] = ()
    literals: tuple[str, ...] = ()


def rule(rule_id: str, category: str, score: float, pattern: str, also: str | None = None) -> Rule:
    """Compile a rule (patterns are written for casefolded text)."""
    return Rule(rule_id, category, score, re.compile(pattern), re.compile(also) if also else None)


def words(*groups: str) -> tuple[frozenset[str], ...]:
    """Word gates from space-separated lists: ``words("ignore forget", "rules prompt")``."""
    return tuple(frozenset(g.split()) for g in groups)


G = r"\W{1,3}"  # the gap between two words
G0 = r"\W{0,3}"  # an optional gap ("system prompt", "systemprompt")
APOS = "['’]"
NOT = rf"(?:do{G}not|don{APOS}?t|never|stop|no{G}longer)"

VERBS = (
    r"(?:ignor(?:e|es|ed|ing)|disregard(?:s|ed|ing)?|forget(?:s|ting)?|forgot|overlook|"
    r"override|bypass|discard|abandon|neglect|dismiss|skip|drop)"
)
# "skip" and "drop" are plain verbs too often ("drop earlier rows"): only with "all"/"your".
STRONG_VERBS = VERBS.replace("|skip|drop", "")
QUAL = (
    r"(?:previous|previously|prior|preceding|above|aforementioned|earlier|foregoing|former|"
    r"original|initial|old|past|existing|system|preset|pre-set|hidden)"
)
NOUNS = (
    r"(?:instructions?|instructs|rules|prompts?|directives?|directions|guidelines|commands|orders|"
    r"programming|constraints|restrictions|guardrails|assignments|tasks|policies)"
)
SOFT_NOUNS = r"(?:context|information|text|content|inputs?|conversation|data)"
DETS = rf"(?:(?:all|any|every|each|of|the|your|these|those|its|whatever){G}){{0,3}}"
FILLER = rf"(?:(?!to\W)\w+{G}){{0,2}}?"
SYSNOUN = (
    rf"(?:system{G0}(?:prompt|message|instructions?|directives?|configuration)|"
    rf"(?:initial|original|hidden|secret|internal|pre|meta|first|starting|custom|developer){G0}"
    rf"(?:prompt|instructions))"
)
GENNOUN = r"(?:instructions|rules|guidelines|directives|programming)"
XVERB = (
    r"(?:reveal|print|show|display|repeat|output|tell|give|share|leak|dump|recite|disclose|expose|"
    r"list|provide|paste|write|spell|echo|send|type|copy|reproduce|return|state|read|translate|encode|"
    r"summari[sz]e|convert|rewrite|paraphrase|describe)"
)
# Verbs that ask for "your instructions" outright (not "write your own instructions").
ASK_VERB = r"(?:reveal|print|show|display|repeat|output|tell|give|share|leak|dump|recite|disclose|expose|echo)"
XFILL = (
    rf"(?:(?:me|us|out|back|all|of|exactly|verbatim|the|full|entire|complete|exact|whole|everything{G}in|"
    rf"everything{G}from|everything{G}of){G}){{0,3}}"
)
AI = (
    r"(?:ai|a\.i|llms?|language{G}models?|assistants?|chatbots?|gpt|bots?|agents?|copilot|claude|"
    r"chatgpt|bard|gemini)"
).replace("{G}", G)

VERB_WORDS = (
    "ignore ignores ignored ignoring disregard disregards disregarded disregarding forget forgets "
    "forgetting forgot overlook override bypass discard abandon neglect dismiss skip drop"
)
NOUN_WORDS = (
    "instruction instructions instructs rules prompt prompts directive directives directions guidelines "
    "commands orders programming constraints restrictions guardrails assignments tasks policies"
)
QUAL_WORDS = (
    "previous previously prior preceding above aforementioned earlier foregoing former original initial "
    "old past existing system preset pre set hidden"
)
NOT_WORDS = "not don dont never stop longer"

OVERRIDE = (
    RuleGroup(
        words=words(VERB_WORDS, NOUN_WORDS),
        rules=(
            rule("override.ignore_previous", PI, 0.95, rf"\b{STRONG_VERBS}{G}{DETS}{QUAL}{G}{FILLER}{NOUNS}\b"),
            rule(
                "override.ignore_all",
                PI,
                0.8,
                rf"\b{VERBS}{G}(?:all|any|every){G}(?:(?:of|the|your|these|those){G}){{0,2}}{NOUNS}\b",
            ),
            rule("override.ignore_your", PI, 0.85, rf"\b{VERBS}{G}(?:all{G})?(?:of{G})?your{G}(?:\w+{G})?{NOUNS}\b"),
            rule(
                "override.ignore_the_instructions",
                PI,
                0.5,
                rf"\b{VERBS}{G}(?:the|these|those|any){G}(?:instructions|rules|guidelines|directives|prompts?)\b"
                rf"(?!{G}(?:of|on|in|for|about|from|at|when|if)\b)",
            ),
        ),
    ),
    RuleGroup(
        words=words(VERB_WORDS, "context information text content input inputs conversation data", QUAL_WORDS),
        rules=(
            rule("override.ignore_previous_context", PI, 0.6, rf"\b{STRONG_VERBS}{G}{DETS}{QUAL}{G}{SOFT_NOUNS}\b"),
        ),
    ),
    RuleGroup(
        words=words(VERB_WORDS + " leave", "above before everything previously far behind"),
        rules=(
            rule(
                "override.ignore_above",
                PI,
                0.7,
                rf"\b{VERBS}{G}(?:(?:all|everything|anything|the|of){G}){{1,3}}(?:above|before{G}this)\b",
            ),
            rule(
                "override.forget_everything",
                PI,
                0.75,
                rf"\bforget{G}(?:about{G})?(?:everything|all){G}(?:(?:that|which){G})?"
                rf"(?:you{G}(?:have{G}|ve{G})?(?:been{G})?(?:were{G})?(?:told|learned|learnt|know|given)|"
                rf"above|before|previously|so{G}far)",
            ),
            rule(
                "override.forget_everything_and",
                PI,
                0.6,
                rf"\bforget{G}(?:about{G})?everything{G}(?:(?:and|then|now){G}){{1,2}}(?:just{G}|only{G})?"
                rf"(?:tell|say|write|print|output|answer|respond|reply|repeat|start|focus{G}on{G}(?:this|my|the{G}new))\b",
            ),
            rule(
                "override.leave_behind",
                PI,
                0.8,
                rf"\bleave{G}(?:(?:all|of|the|your){G}){{0,3}}{QUAL}{G}(?:\w+{G})?(?:{NOUNS}|{SOFT_NOUNS}){G}behind\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            QUAL_WORDS,
            "void null cancelled canceled invalid obsolete revoked deprecated replaced overridden superseded "
            "longer ignored disregarded forgotten",
        ),
        rules=(
            rule(
                "override.previous_void",
                PI,
                0.85,
                rf"\b{QUAL}{G}(?:\w+{G})?{NOUNS}{G}(?:are|is|were|have{G}been|has{G}been|should{G}be|must{G}be|"
                rf"can{G}be|will{G}be){G}(?:now{G})?(?:void|null|cancel+ed|invalid|obsolete|revoked|deprecated|"
                rf"replaced|overridden|superseded|ignored|disregarded|forgotten|no{G}longer{G}(?:valid|apply|"
                rf"applicable|in{G}effect|relevant))\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "follow following obey obeying listen listening adhere adhering comply complying", NOT_WORDS, NOUN_WORDS
        ),
        rules=(
            rule(
                "override.do_not_follow",
                PI,
                0.75,
                rf"\b{NOT}{G}(?:follow(?:ing)?|obey(?:ing)?|listen(?:ing)?{G}to|adher(?:e|ing){G}to|"
                rf"comply(?:ing)?{G}with){G}(?:(?:any|all|the|of){G}){{0,2}}(?:your|{QUAL}){G}(?:\w+{G})?{NOUNS}\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "new further", "instructions directives orders rules task tasks role goal objective purpose prompt"
        ),
        rules=(
            rule(
                "override.new_instructions",
                PI,
                0.5,
                rf"\bnew{G}(?:system{G})?(?:instructions|directives|orders|system{G}prompt)\W{{0,3}}:|"
                rf"\b(?:here{G}are|these{G}are|follow|obey){G}(?:your|my|these|the){G}new{G}(?:instructions|"
                rf"directives|orders|rules)\b|\byour{G}new{G}(?:task|instructions|role|goal|objective|"
                rf"purpose){G}(?:is|are|will{G}be)\b|\b(?:now{G})?(?:new|further){G}(?:instructions|tasks){G}"
                rf"(?:follow|are{G}followed)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("done finished completed", "now"),
        rules=(
            rule(
                "override.task_done_now",
                PI,
                0.45,
                rf"\b(?:that|this){G}(?:is|s){G}(?:done|finished|completed)\W{{1,3}}now\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("now", "from"),
        rules=(
            rule(
                "override.from_now_on",
                PI,
                0.3,
                rf"\bfrom{G}now{G}on{G}(?:you{G}(?:will|are|must|shall|should|have{G}to|re|ll|can|may)|"
                rf"you{APOS}(?:re|ll))\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("instead rather", "say print output write respond reply answer"),
        rules=(
            rule(
                "override.instead_say",
                PI,
                0.3,
                rf"\b(?:instead|rather){G}(?:just{G}|only{G})?(?:say|print|output|write|respond{G}with|"
                rf"reply{G}with|answer{G}with)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("pwned hacked"),
        rules=(
            rule(
                "override.pwned",
                PI,
                0.8,
                rf"\bi{G}(?:have|ve){G}been{G}pwned\b|\b(?:say|print|output|write|respond{G}with|reply{G}with)"
                rf"{G}(?:only{G})?(?:pwned|hacked)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("answer respond reply", NOT_WORDS, "but instead and"),
        rules=(
            rule(
                "override.do_not_answer",
                PI,
                0.6,
                rf"\b{NOT}{G}(?:answer|respond{G}to|reply{G}to){G}(?:this|the|my){G}(?:question|request|query|"
                rf"prompt){G}{FILLER}(?:but|instead|and{G}(?:just|only|instead))\b",
            ),
        ),
    ),
)

SYSNOUN_WORDS = "prompt prompts systemprompt instructions message configuration"
XVERB_WORDS = (
    "reveal print show display repeat output tell give share leak dump recite disclose expose list provide "
    "paste write spell echo send type copy reproduce return state read what whats translate encode summarize "
    "summarise convert rewrite paraphrase describe"
)
EXTRACTION = (
    RuleGroup(
        words=words(SYSNOUN_WORDS + " rules guidelines directives programming", XVERB_WORDS),
        rules=(
            rule("extract.reveal_system_prompt", PI, 0.85, rf"\b{XVERB}{G}{XFILL}(?:your|ur){G}{FILLER}{SYSNOUN}"),
            rule(
                "extract.reveal_your_instructions",
                PI,
                0.55,
                rf"\b{ASK_VERB}{G}(?:(?:me|us|all|of){G}){{0,2}}(?:your|ur){G}(?:(?:exact|full|original|hidden|secret|"
                rf"real){G})?{GENNOUN}\b",
            ),
            rule(
                "extract.reveal_the_system_prompt", PI, 0.5, rf"\b{XVERB}{G}{XFILL}(?:the|this|its){G}{FILLER}{SYSNOUN}"
            ),
            rule("extract.your_system_prompt", PI, 0.45, rf"\b(?:your|ur){G}(?:\w+{G})?{SYSNOUN}"),
            rule(
                "extract.what_is_your_system_prompt",
                PI,
                0.8,
                rf"\bwhat{G}(?:is|are|was|were|s){G}(?:your|ur){G}{FILLER}{SYSNOUN}",
            ),
            rule(
                "extract.what_are_your_instructions",
                PI,
                0.5,
                rf"\bwhat{G}(?:is|are|was|were|s){G}(?:your|ur){G}(?:exact{G}|original{G}|full{G})?"
                rf"(?:prompt|instructions)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("told instructed given programmed asked prompted", "conversation chat session dialog dialogue"),
        rules=(
            rule(
                "extract.told_before",
                PI,
                0.8,
                rf"\bwhat{G}(?:were|was|have|had){G}you{G}(?:been{G})?(?:told|instructed|given|programmed|asked|"
                rf"prompted){G}(?:\w+{G}){{0,3}}?(?:before|prior{G}to|at{G}the{G}(?:start|beginning){G}of)"
                rf"{G}(?:this|our|the){G}(?:conversation|chat|session|dialog|dialogue)",
            ),
        ),
    ),
    RuleGroup(
        words=words("given told provided sent fed shown", "instructions prompt text rules message words"),
        rules=(
            rule(
                "extract.instructions_given",
                PI,
                0.7,
                rf"\b(?:instructions|prompt|text|rules|message|words){G}(?:that{G})?you{G}(?:were|have{G}been|"
                rf"ve{G}been|had{G}been){G}(?:given|told|provided|sent|fed|shown){G}(?:\w+{G}){{0,3}}?"
                rf"(?:at{G}the{G}(?:start|beginning|top)|before|initially|earlier|originally|previously)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "repeat print output copy return echo reproduce recite rewrite write spell paste dump",
            "above top start beginning before prior entire whole full complete",
        ),
        rules=(
            rule(
                "extract.output_above",
                PI,
                0.65,
                rf"\b(?:repeat|print|output|copy|return|echo|reproduce|recite|rewrite|write{G}out|spell{G}out|"
                rf"paste){G}(?:back{G})?(?:(?:all|of|the|everything|every{G}word|each{G}word|word{G}for{G}word|"
                rf"verbatim){G}){{0,3}}(?:(?:text|words|content|messages?|lines|instructions|prompt|tokens){G})?"
                rf"(?:above|before{G}this|prior{G}to{G}this|at{G}the{G}(?:top|start|beginning))\b",
            ),
            rule(
                "extract.whole_conversation",
                PI,
                0.55,
                rf"\b(?:repeat|print|output|recite|copy|dump){G}(?:back{G})?(?:this|our){G}(?:entire|whole|"
                rf"full|complete){G}(?:conversation|chat|prompt|context)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("instructions instructed told programmed prompt systemprompt system", "my was is says reads"),
        rules=(
            rule(
                "extract.completion_bait",
                PI,
                0.6,
                rf"(?:\bmy{G}(?:system{G})?instructions{G}(?:are|were)|\bi{G}was{G}(?:instructed|told|programmed)"
                rf"{G}to|\b(?:the|my){G}system{G}prompt{G}(?:is|says|reads))\W{{0,3}}[\"'’”]",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "systemprompt initialprompt systeminstructions systemmessage system initial",
            "print log echo printf puts dump cat println",
        ),
        rules=(
            rule(
                "extract.code_dump",
                PI,
                0.6,
                r"\b(?:print|console\.log|echo|printf|puts|dump|cat|system\.out\.println)\W{0,3}\(?\W{0,3}"
                r"(?:system_?prompt|initial_?prompt|system_?instructions|system_?message)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("override", "admin administrator developer system root sudo"),
        rules=(
            rule(
                "extract.admin_override", PI, 0.5, rf"\b(?:admin|administrator|developer|system|root|sudo){G}override\b"
            ),
        ),
    ),
    RuleGroup(
        words=words("supposed allowed permitted forbidden instructed", "tell say reveal share disclose"),
        rules=(
            rule(
                "extract.not_supposed_to_tell",
                PI,
                0.55,
                rf"\bwhat{G}(?:are|were|is){G}you{G}(?:not{G}(?:supposed|allowed|permitted)|forbidden|instructed{G}"
                rf"not){G}to{G}(?:tell|say|reveal|share|disclose)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("written said", "beginning start top above"),
        rules=(
            rule(
                "extract.what_was_written",
                PI,
                0.6,
                rf"\bwhat{G}(?:was|is){G}(?:written|said){G}(?:at{G}the{G}(?:beginning|start|top)|above|before)"
                rf"{G}(?:of{G})?(?:this|the|your){G}(?:prompt|conversation|chat|text|message)",
            ),
        ),
    ),
    RuleGroup(
        words=words("start begin beginning starting", "you"),
        rules=(
            rule(
                "extract.start_with_you_are",
                PI,
                0.5,
                rf"\b(?:start|begin)(?:ning|ing)?{G}with{G}(?:the{G}(?:words?|phrase){G})?(?:\W{{0,3}})you{G}are\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            SYSNOUN_WORDS,
            "system systemprompt initial original hidden secret internal pre meta first starting custom developer",
        ),
        rules=(
            rule(
                "extract.see_system_prompt",
                PI,
                0.45,
                rf"\b(?:see|view|access|know|get|obtain|check|audit|inspect|verify){G}(?:the|your){G}{FILLER}{SYSNOUN}",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "mode", "maintenance debug debugging diagnostic admin administrator developer dev sudo god root test"
        ),
        rules=(
            rule(
                "extract.maintenance_mode",
                PI,
                0.65,
                rf"\byou{G}are{G}(?:now{G})?(?:in|entering){G}(?:maintenance|debug|debugging|diagnostic|admin|"
                rf"administrator|developer|dev|sudo|god|root|test|unrestricted){G}mode\b",
            ),
        ),
    ),
)

PERSONA_VERB = (
    rf"(?:you{G}are|you{APOS}?re|you{G}will{G}be|you{G}ll{G}be|act{G}as|acting{G}as|pretend{G}to{G}be|"
    rf"pretend{G}you{G}are|role-?play{G}as|stay{G}as|simulate|become|du{G}bist|tu{G}es|eres)"
)
PERSONA_NAME = (
    r"(?:dan|stan|aim|mongo\W{1,3}tom|betterdan|better\W{1,3}dan|anti-?dan|basedgpt|devmode|evilbot|evil-?gpt|"
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
JAILBREAK_RULES = (
    RuleGroup(
        words=words("dan"),
        rules=(rule("jailbreak.dan_do_anything_now", JB, 0.95, r"\bdan\b", also=rf"\bdo{G}anything{G}now\b"),),
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
                rf"{G}(?:with|in|have|has|now{G}has|are{G}(?:now{G})?in|is{G}(?:now{G})?in|enters?|entering)"
                rf"{G}(?:the{G})?(?:developer|dev|god|sudo|jailbreak|dan){G}mode\b",
            ),
            rule("jailbreak.developer_mode_output", JB, 0.7, rf"\bdeveloper{G}mode{G}(?:output|response)\b"),
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
        words=words("longer", "you"),
        rules=(
            rule(
                "jailbreak.no_longer_ai",
                JB,
                0.75,
                rf"\byou{G}are{G}no{G}longer{G}(?:an?{G})?(?:chatgpt|ai|a\.i|language{G}model|llm|assistant|claude|"
                rf"gpt|bound|restricted|limited|censored|constrained|required{G}to)\b",
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
                rf"\b(?:pretend|imagine|act{G}as{G}if|act{G}like|suppose|assume){G}(?:that{G})?you{G}(?:have|had|are|"
                rf"were){G}(?:no|not{G}bound{G}by|free{G}(?:of|from)|without|freed{G}from|unrestricted|unfiltered|"
                rf"uncensored)\b",
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
)

DELIMITER_RULES = (
    RuleGroup(
        literals=("<|", "<start_of_turn>", "<end_of_turn>"),
        rules=(
            rule("delimiter.chatml_system", PI, 0.9, r"<\|im_start\|>\W{0,3}system\b"),
            rule(
                "delimiter.special_token",
                PI,
                0.8,
                r"<\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|end|eot_id|eom_id|start_header_id|"
                r"end_header_id|begin_of_text|end_of_text|prompter|human|bot|tool|ipython|model|start_of_turn|"
                r"end_of_turn|fim_[a-z]{1,10})\|>|<(?:start|end)_of_turn>",
            ),
        ),
    ),
    RuleGroup(
        literals=("[inst]", "[/inst]", "<<", "</s>"),
        rules=(
            # "[inst]" alone is also a music-prompt tag (instrumental); the closing tag is not.
            rule("delimiter.llama_inst", PI, 0.6, r"\[/inst\]"),
            rule("delimiter.llama_inst_open", PI, 0.25, r"\[inst\]"),
            rule("delimiter.llama_sys", PI, 0.85, r"<<\W{0,2}/?sys\W{0,2}>>"),
            rule("delimiter.eos", PI, 0.55, r"</s>\W{0,3}(?:<s>|\[inst\]|<\|)"),
        ),
    ),
    RuleGroup(
        literals=("#",),
        rules=(
            rule(
                "delimiter.system_header",
                PI,
                0.55,
                r"(?m)^[ \t]{0,3}#{1,6}[ \t]{0,3}(?:system|sys|new\W{1,3}(?:system\W{1,3})?instructions?|admin|"
                r"developer)(?:[ \t]{1,3}(?:prompt|message|instructions?|override|note|update))?"
                r"[ \t]{0,3}:?[ \t]{0,3}$",
            ),
        ),
    ),
    RuleGroup(
        words=words("system assistant"),
        rules=(
            # A "system:" line after other text, not a prompt that starts with its own heading.
            rule("delimiter.system_line", PI, 0.5, r"\n[ \t>*]{0,3}system[ \t*]{0,3}:"),
            rule("delimiter.assistant_line", PI, 0.2, r"\n[ \t>*]{0,3}assistant[ \t*]{0,3}:"),
            rule(
                "delimiter.system_note",
                PI,
                0.5,
                r"[\[({]\W{0,2}system\W{1,3}(?:note|message|prompt|instruction)\W{0,3}:",
            ),
        ),
    ),
    RuleGroup(
        words=words("observation tool function api"),
        rules=(
            rule(
                "delimiter.fake_observation",
                PI,
                0.35,
                r"(?m)^[ \t]{0,3}(?:observation|tool[ _]?(?:output|result|response)|function[ _]?(?:output|result|"
                r"response)|api[ _]response)[ \t]{0,3}:",
            ),
        ),
    ),
    RuleGroup(
        literals=("</", "<system", "<sys", "<admin", "<developer"),
        rules=(
            rule(
                "delimiter.close_user_tag",
                PI,
                0.55,
                r"</(?:user|user_input|user_query|user_message|human|query|input)>",
            ),
            rule("delimiter.system_tag", PI, 0.45, r"<(?:system|system_prompt|sys|admin|developer)>"),
        ),
    ),
    RuleGroup(
        words=words("end begin start", "input prompt instructions context document email conversation message task"),
        rules=(
            rule(
                "delimiter.end_of_user_input",
                PI,
                0.65,
                rf"\bend{G}of{G}(?:the{G})?user{G}(?:input|prompt|query|message|data)\b",
            ),
            rule(
                "delimiter.end_of_section",
                PI,
                0.4,
                r"(?m)^\W{0,5}end\W{1,3}of\W{1,3}(?:the\W{1,3})?(?:input|prompt|instructions|document|context|email|"
                r"text|data)\W{0,5}$",
            ),
            rule(
                "delimiter.begin_new_instructions",
                PI,
                0.5,
                rf"\b(?:begin|start){G}(?:of{G})?(?:the{G})?(?:new|real|actual|true|system|admin|developer){G}"
                rf"(?:instructions|prompt|message|task)\b",
            ),
        ),
    ),
)

DOC_NOUNS = (
    r"(?:email|e-mail|document|page|message|text|file|website|article|content|webpage|pdf|data|table|code|post|"
    r"review|comment|resume|cv)"
)
WHEN_READING = (
    rf"\b(?:when|while|if|before|after|whenever){G}(?:you{G}(?:are{G})?)?(?:summari[sz]\w{{0,4}}|process\w{{0,4}}|"
    rf"read\w{{0,4}}|translat\w{{0,4}}|analy[sz]\w{{0,4}}|review\w{{0,4}}|pars\w{{0,4}}|answer\w{{0,4}}{G}"
    rf"(?:questions{G})?about){G}(?:this|the{G}(?:above|following)){G}{DOC_NOUNS}"
)
INDIRECT_RULES = (
    RuleGroup(
        words=words(
            "ai llm llms language assistant assistants chatbot chatbots gpt bot bots agent agents copilot claude "
            "chatgpt bard gemini model models",
            "reading processing summarizing summarising analyzing analysing parsing scanning reviewing viewing "
            "browsing crawling ingesting indexing note message instructions instruction reminder attention "
            "notice memo if when dear important urgent",
        ),
        rules=(
            rule(
                "indirect.ai_reader",
                PI,
                0.7,
                rf"\b{AI}{G}(?:(?:that|who|which){G}(?:is|are){G})?(?:reading|processing|summari[sz]ing|"
                rf"analy[sz]ing|parsing|scanning|reviewing|viewing|browsing|crawling|ingesting|indexing){G}"
                rf"(?:this|these|the{G}(?:following|above))\b",
            ),
            rule(
                "indirect.note_to_ai",
                PI,
                0.5,
                rf"\b(?:note|message|reminder|attention|notice|memo){G}(?:to|for){G}(?:the{G}|any{G}|all{G})?{AI}\b",
            ),
            rule(
                "indirect.if_you_are_ai",
                PI,
                0.45,
                rf"\b(?:if|when){G}you{G}(?:are|re){G}(?:an?{G})?(?:ai|a\.i|llm|large{G}language{G}model|"
                rf"language{G}model|assistant|chatbot|bot|gpt|agent|ai{G}(?:model|assistant|agent))\b",
            ),
            rule(
                "indirect.dear_ai",
                PI,
                0.3,
                rf"\b(?:dear|attention|important|urgent){G}(?:ai|llm|language{G}model|agent)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "email document page message text file website article content webpage pdf data table code post "
            "review comment resume cv",
            "when while if before after whenever",
        ),
        rules=(
            rule("indirect.when_summarizing", PI, 0.4, WHEN_READING),
            rule(
                "indirect.when_summarizing_also",
                PI,
                0.75,
                rf"{WHEN_READING}{G}{FILLER}(?:also|additionally|secretly|silently|quietly|make{G}sure|be{G}sure|"
                rf"you{G}must|you{G}should|always|remember{G}to|don{APOS}?t{G}forget|do{G}not{G}forget|instead|ignore)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "user reader human recipient customer",
            "tell telling mention mentioning inform informing reveal "
            "revealing disclose disclosing show showing alert alerting notify notifying let letting knowing "
            "knowledge noticing consent awareness",
        ),
        rules=(
            rule(
                "indirect.hide_from_user",
                PI,
                0.55,
                rf"\b(?:{NOT}|without){G}(?:tell(?:ing)?|mention(?:ing)?|inform(?:ing)?|reveal(?:ing)?|"
                rf"disclos(?:e|ing)|show(?:ing)?|alert(?:ing)?|notify(?:ing)?|let(?:ting)?){G}(?:(?:this|it|that|"
                rf"anything){G}(?:to{G})?)?(?:the|this|your){G}(?:user|reader|human|recipient|customer)\b|"
                rf"\bwithout{G}the{G}user(?:{APOS}?s)?{G}(?:knowing|knowledge|noticing|consent|awareness)\b",
            ),
        ),
    ),
    RuleGroup(
        literals=("![",),
        rules=(
            rule(
                "indirect.markdown_exfiltration",
                PI,
                0.5,
                r"!\[[^\]\n]{0,100}\]\(https?://[^)\s?]{1,200}\?[^)\s]{0,200}?(?:\{|\[|%7b|<|\$)",
            ),
        ),
    ),
)

#: Patterns for text whose letters were spaced out with no word breaks ("i g n o r e a l l ..."),
#: matched against the text with spaces removed.
SQUASHED_RULES = (
    rule(
        "override.ignore_previous",
        PI,
        0.9,
        r"(?:ignore|disregard|forget)(?:all|any|the|your|of){0,3}(?:previous|prior|above|preceding|earlier|"
        r"original|initial|system)(?:instructions|rules|prompts|directives|guidelines)",
    ),
    rule(
        "extract.reveal_system_prompt",
        PI,
        0.85,
        r"(?:reveal|print|show|repeat|output|tell|give)(?:me|us)?(?:your|the)(?:system|initial|original|hidden)"
        r"(?:prompt|instructions|message)",
    ),
    rule("jailbreak.do_anything_now", JB, 0.8, r"doanythingnow"),
)
