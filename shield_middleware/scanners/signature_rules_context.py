"""Role and delimiter injection (chat-template tokens, fake "system:" lines and tags, "END OF USER
INPUT"), indirect-injection cues meant for a model reading a document, and the patterns matched
on spaced-out text once its spaces are removed."""

from __future__ import annotations

from .signature_rules import AI, APOS, FILLER, G0, JB, NOT, PI, G, RuleGroup, rule, words

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
    r"review|comment|resume|cv|report|reviews|notes|invoice|ticket|contract|thread|transcript|results|snippet|"
    r"listing|profile|application|emails|documents|messages|comments|posts)"
)
WHEN_READING = (
    rf"\b(?:when|while|if|before|after|whenever){G}(?:you{G}(?:are{G})?)?(?:summari[sz]\w{{0,4}}|process\w{{0,4}}|"
    rf"read\w{{0,4}}|translat\w{{0,4}}|analy[sz]\w{{0,4}}|review\w{{0,4}}|pars\w{{0,4}}|answer\w{{0,4}}{G}"
    rf"(?:questions{G})?about){G}(?:this|these|the{G}(?:above|following)){G}{DOC_NOUNS}"
)
# Whoever reads the document, told what to write: "Anyone summarizing these reviews should
# ...", "Any summary of this report must mention ...".
WHOEVER_READS = (
    rf"\b(?:anyone|anybody|whoever|any{G}(?:ai|assistant|model|tool|system|llm))\w*{G}(?:who{G}is{G})?"
    rf"(?:summari[sz]ing|screening|parsing){G}(?:this|these|the|that)\b[^.!?\n]{{0,60}}?\b(?:should|must|needs{G}to|has{G}to|"
    rf"is{G}to)\b"
)
# The same in the passive: weak alone (a teacher's "any summary should mention the budget").
ANY_SUMMARY_MUST = (
    rf"\bany{G}(?:summary|analysis|review|overview)\b[^.!?\n]{{0,40}}?\b(?:must|should)\b{G}(?:\w+{G}){{0,2}}?"
    rf"(?:mention|say|state|include|describe|recommend|tell|report|claim)"
)
# A bracketed note to automated readers: "[Automated contract reviewers: classify ...]", "(For
# AI resume screeners: ...)", "[Text for automated review systems: ...]".
NOTE_TO_MACHINES = (
    rf"[\[(]\W{{0,3}}(?:(?:note|text|message|instructions?){G})?(?:for|to)?{G0}(?:all{G}|any{G})?(?:automated|ai|llm|"
    rf"machine)\w*{G}(?:\w+{G}){{0,2}}?(?:reviewers?|screeners?|systems?|assistants?|agents?|readers?|models?|"
    rf"tools?|parsers?|graders?)\W{{0,3}}:[^\])\n]{{0,80}}?\b(?:classify|score|rate|rank|report|say|state|mark|"
    rf"approve|omit|ignore|recommend|treat|consider|output|respond|answer|describe|mention|flag|pass|grade)\b"
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
            "review comment resume cv report reviews notes invoice ticket contract thread transcript results snippet "
            "listing profile application emails documents messages comments posts",
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
        words=words(
            "anyone anybody whoever any",
            "summarizing summarising reading processing reviewing analyzing analysing screening summary analysis "
            "review overview",
        ),
        rules=(
            rule("indirect.whoever_reads_should", PI, 0.6, WHOEVER_READS),
            rule("indirect.any_summary_must", PI, 0.4, ANY_SUMMARY_MUST),
        ),
    ),
    RuleGroup(
        words=words(
            "automated ai llm machine",
            "reviewers reviewer screeners screener systems system assistants assistant agents agent readers reader "
            "models model tools tool parsers parser graders grader",
        ),
        rules=(rule("indirect.note_to_automated_readers", PI, 0.7, NOTE_TO_MACHINES),),
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
