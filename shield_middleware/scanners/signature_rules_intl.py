"""German, French, Spanish (and close Italian / Portuguese) signatures for the main families:
instruction override, "forget everything", system-prompt extraction, new instructions and
rule lifting. Text is casefolded but keeps its accents, so patterns accept both spellings
("précédentes" / "precedentes"); gates list the accented and plain forms.
"""

from __future__ import annotations

from .signature_rules import JB, PI, RuleGroup, rule, words

G = r"\W{1,3}"
APOS = "['’]"

# -- German -----------------------------------------------------------------------------------
DE_VERBS = r"(?:ignorier\w{0,2}|vergiss|vergessen|vergesst|missacht\w{0,2})"
DE_NOUNS = (
    r"(?:anweisungen|anweisung|instruktionen|befehle|regeln|anordnungen|aufgaben|informationen|vorgaben|"
    r"richtlinien|ausführungen|ausfuhrungen|aufträge|auftrage|eingaben|prompts?)"
)
DE_QUAL = (
    r"(?:vorherigen|vorigen|bisherigen|obigen|oben\W{1,3}genannten|vorangegangenen|vorangehenden|vorhergehenden|"
    r"früheren|fruheren|alten|ursprünglichen|ursprunglichen|gegebenen|erhaltenen|anfänglichen|anfanglichen)"
)
DE_DETS = rf"(?:(?:sie|du|bitte|alle|alles|sämtliche|samtliche|jegliche|die|deine|ihre|eure|der|den){G}){{0,3}}"
DE_NOUN_WORDS = (
    "anweisungen anweisung instruktionen befehle regeln anordnungen aufgaben informationen vorgaben richtlinien "
    "ausführungen ausfuhrungen aufträge auftrage eingaben prompt prompts"
)

GERMAN = (
    RuleGroup(
        words=words(
            "ignoriere ignorier ignorieren ignoriert ignoriert vergiss vergessen vergesst missachte missachten "
            "abweichend",
            DE_NOUN_WORDS,
        ),
        rules=(
            rule(
                "override.ignore_previous.de", PI, 0.95, rf"\b{DE_VERBS}{G}{DE_DETS}{DE_QUAL}{G}(?:\w+{G})?{DE_NOUNS}\b"
            ),
            rule(
                "override.ignore_all.de",
                PI,
                0.85,
                rf"\b{DE_VERBS}{G}(?:(?:sie|du|bitte){G})?(?:alle|sämtliche|samtliche|jegliche|deine|ihre|eure)"
                rf"{G}(?:\w+{G})?{DE_NOUNS}\b",
            ),
            rule(
                "override.ignore_previous_reversed.de",
                PI,
                0.85,
                rf"\b(?:{DE_QUAL}|alle){G}(?:\w+{G})?{DE_NOUNS}{G}(?:\w+{G}){{0,2}}?(?:ignorieren|vergessen|"
                rf"missachten|nicht{G}(?:mehr{G})?(?:beachten|befolgen))\b",
            ),
            rule(
                "override.deviate.de",
                PI,
                0.75,
                rf"\babweichend{G}(?:zu|von){G}(?:den{G})?(?:vorherigen|bisherigen|obigen|vorigen){G}{DE_NOUNS}",
            ),
        ),
    ),
    RuleGroup(
        words=words("vergiss vergessen", "alles"),
        rules=(
            rule("override.forget_everything.de", PI, 0.6, rf"\b(?:vergiss|vergessen{G}sie){G}(?:bitte{G})?alles\b"),
            # "alles davor / zuvor / oben" points back at the conversation, not at an opinion
            # ("vergiss alles, was du über Diäten gehört hast" stays at 0.6).
            rule(
                "override.forget_everything_before.de",
                PI,
                0.92,
                rf"\b(?:vergiss|vergessen{G}sie){G}(?:bitte{G})?alles{G}(?:davor|zuvor|vorher|vorherige|bisherige|obige|oben)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("neue weitere", "anweisungen instruktionen aufgabe aufgaben befehle"),
        rules=(
            rule(
                "override.new_instructions.de",
                PI,
                0.5,
                rf"\bfolgen{G}(?:nun{G}|jetzt{G})?(?:neue|weitere){G}(?:anweisungen|instruktionen|aufgaben?|befehle)\b|"
                rf"\bneue{G}(?:anweisungen|instruktionen|aufgabe)\W{{0,2}}:",
            ),
        ),
    ),
    RuleGroup(
        words=words("hinter", "lass lasse lassen lasst"),
        rules=(
            rule(
                "override.leave_behind.de",
                PI,
                0.8,
                rf"\blass\w{{0,2}}{G}(?:(?:sie|du|bitte|alle|die|deine|ihre){G}){{0,3}}{DE_QUAL}{G}(?:\w+{G})?"
                rf"(?:{DE_NOUNS}|informationen){G}hinter{G}(?:sich|dir)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("erledigt"),
        rules=(
            rule("override.task_done_now.de", PI, 0.45, rf"\bdas{G}(?:ist|wäre|ware){G}(?:nun{G}|jetzt{G})?erledigt\b"),
        ),
    ),
    RuleGroup(
        words=words(
            "zeig zeige zeigen gib gibt geben nenn nenne nennen verrat verrate verraten wiederhol wiederhole "
            "wiederholen druck drucke sag sage sagen schreib schreibe teil teile offenbare enthülle enthulle",
            "systemprompt system prompt systemanweisung systemanweisungen systemnachricht anfangsanweisungen "
            "anfangsanweisung anweisungen instruktionen ausgangsanweisungen",
        ),
        rules=(
            rule(
                "extract.reveal_system_prompt.de",
                PI,
                0.85,
                rf"\b(?:zeig|gib|nenn|verrat|wiederhol|druck|sag|schreib|teil|offenbar|enthüll|enthull)\w{{0,3}}{G}"
                rf"(?:(?:mir|uns|bitte|sie|du|mal){G}){{0,3}}(?:deinen|deine|dein|ihren|ihre|ihr|den|die|das){G}"
                rf"(?:(?:kompletten|vollständigen|vollstandigen|ganzen|ursprünglichen|ursprunglichen|geheimen|"
                rf"versteckten|ersten|initialen){G})?(?:system\W{{0,3}}prompt|systemanweisung\w{{0,2}}|"
                rf"system\W{{0,3}}nachricht|anfangsanweisung\w{{0,2}}|ausgangsanweisung\w{{0,2}})",
            ),
            rule(
                "extract.reveal_your_instructions.de",
                PI,
                0.6,
                rf"\b(?:zeig|gib|nenn|verrat|wiederhol|sag|schreib)\w{{0,3}}{G}(?:(?:mir|uns|bitte|mal){G}){{0,3}}"
                rf"(?:deinen|deine|dein|ihren|ihre){G}(?:\w+{G})?(?:anweisungen|instruktionen|prompt|regeln)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("ohne", "einschränkungen einschrankungen filter zensur regeln grenzen beschränkungen richtlinien"),
        rules=(
            rule(
                "jailbreak.no_restrictions.de",
                JB,
                0.35,
                rf"\bohne{G}(?:(?:jegliche|irgendwelche|alle|jede|moralische|ethische){G}){{0,2}}(?:einschränkungen|"
                rf"einschrankungen|filter|zensur|regeln|grenzen|beschränkungen|richtlinien)\b",
            ),
        ),
    ),
)

# -- French -----------------------------------------------------------------------------------
FR_VERBS = r"(?:ignor(?:e|es|ez|er)|oubli(?:e|es|ez|er))"
FR_NOUNS = r"(?:instructions|consignes|règles|regles|directives|ordres|indications|commandes|informations)"
FR_QUAL = (
    r"(?:précédentes|precedentes|précédents|precedents|antérieures|anterieures|antérieurs|anterieurs|"
    r"ci-dessus|ci\W{1,3}dessus|d['’]avant|initiales|initiaux|d['’]origine|originales|originaux|données|donnees|"
    r"reçues|recues|du\W{1,3}système|du\W{1,3}systeme)"
)
FR_DETS = rf"(?:(?:toutes|tous|les|tes|vos|des|ces){G}){{0,3}}"
FR_SYS = (
    r"(?:prompt\W{1,3}(?:système|systeme|system|initial|d['’]origine|caché|cache)|message\W{1,3}(?:système|systeme)|"
    r"(?:instructions|consignes)\W{1,3}(?:initiales|système|systeme|d['’]origine|cachées|cachees|secrètes|secretes)|"
    r"invite\W{1,3}(?:système|systeme))"
)
FR_REVEAL = (
    r"(?:révèle|revele|révélez|revelez|montre|montrez|affiche|affichez|répète|repete|répétez|repetez|donne|donnez|"
    r"écris|ecris|écrivez|ecrivez|imprime|imprimez|dis|dites|partage|partagez|divulgue|divulguez)"
)

FRENCH = (
    RuleGroup(
        words=words(
            "ignore ignores ignorez ignorer oublie oublies oubliez oublier",
            "instructions consignes règles regles directives ordres indications commandes informations",
        ),
        rules=(
            rule("override.ignore_previous.fr", PI, 0.95, rf"\b{FR_VERBS}{G}{FR_DETS}{FR_NOUNS}{G}{FR_QUAL}"),
            rule(
                "override.ignore_previous.fr",
                PI,
                0.95,
                rf"\b{FR_VERBS}{G}{FR_DETS}(?:précédentes|precedentes|anciennes|premières|premieres){G}{FR_NOUNS}\b",
            ),
            rule(
                "override.ignore_all.fr",
                PI,
                0.85,
                rf"\b{FR_VERBS}{G}(?:(?:toutes|tous){G}(?:les|tes|vos|ces)|tes|vos){G}{FR_NOUNS}\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("oublie oubliez", "tout"),
        rules=(
            rule("override.forget_everything.fr", PI, 0.55, rf"(?<!j['’])\boubli(?:e|ez){G}tout\b(?!{G}le{G}temps)"),
            rule(
                "override.forget_everything.fr",
                PI,
                0.8,
                rf"\boubli(?:e|ez){G}tout{G}(?:ce{G}qui{G}(?:précède|precede|a{G}été{G}dit|a{G}ete{G}dit)|"
                rf"ce{G}qu{APOS}on{G}(?:t|vous){APOS}a{G}dit|ce{G}que{G}(?:je{G}(?:t|vous){APOS}ai|tu{G}sais|"
                rf"l{APOS}on{G}(?:t|vous){APOS}a)|le{G}reste)",
            ),
        ),
    ),
    RuleGroup(
        words=words("nouvelles", "instructions consignes"),
        rules=(
            rule(
                "override.new_instructions.fr",
                PI,
                0.5,
                rf"\bnouvelles{G}(?:instructions|consignes)\W{{0,2}}:|\bvoici{G}(?:tes|vos){G}nouvelles{G}"
                rf"(?:instructions|consignes)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "révèle revele révélez revelez montre montrez affiche affichez répète repete répétez repetez donne "
            "donnez écris ecris écrivez ecrivez imprime imprimez dis dites partage partagez divulgue divulguez",
            "prompt message instructions consignes invite règles regles",
        ),
        rules=(
            rule(
                "extract.reveal_system_prompt.fr",
                PI,
                0.85,
                rf"\b{FR_REVEAL}(?:-moi|-nous|{G}moi|{G}nous)?{G}(?:(?:quel\w{{0,2}}|est|sont){G})?"
                rf"(?:ton|ta|tes|votre|vos|le|la|les){G}{FR_SYS}",
            ),
            rule(
                "extract.reveal_your_instructions.fr",
                PI,
                0.6,
                rf"\b{FR_REVEAL}(?:-moi|-nous|{G}moi|{G}nous)?{G}(?:ton|tes|votre|vos){G}(?:instructions|consignes|"
                rf"règles|regles|prompt)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "sans",
            "restriction restrictions filtre filtres censure limite limites règles regles contrainte contraintes",
        ),
        rules=(
            rule(
                "jailbreak.no_restrictions.fr",
                JB,
                0.35,
                rf"\bsans{G}(?:(?:aucune|aucun|la{G}moindre|de){G})?(?:restrictions?|filtres?|censure|limites?|"
                rf"règles|regles|contraintes?)\b",
            ),
        ),
    ),
)

# -- Spanish, with Italian and Portuguese forms that share the shape ---------------------------
ES_VERBS = (
    r"(?:ignor(?:a|e|ar|en|ad|are|ate)|olvid(?:a|e|ar|en|ad)|olvídate{G}de|olvidate{G}de|dimentica(?:re|te)?|"
    r"esqueç(?:a|am)|esquec(?:a|am|er))"
).replace("{G}", G)
ES_NOUNS = (
    r"(?:instrucciones|instrucción|instruccion|reglas|indicaciones|órdenes|ordenes|directrices|normas|consignas|"
    r"directivas|istruzioni|regole|indicazioni|instruções|instrucoes|regras|orientações|orientacoes)"
)
ES_QUAL = (
    r"(?:anteriores|previas|precedentes|de\W{1,3}arriba|iniciales|originales|dadas|recibidas|del\W{1,3}sistema|"
    r"precedenti|sopra|iniziali|originali|ricevute|anteriori)"
)
ES_DETS = rf"(?:(?:todas|todos|las|los|tus|sus|de|tutte|tutti|le|gli|tue|sue|as|os|suas|tuas){G}){{0,3}}"
ES_NOUN_WORDS = (
    "instrucciones instrucción instruccion reglas indicaciones órdenes ordenes directrices normas consignas "
    "directivas istruzioni regole indicazioni instruções instrucoes regras orientações orientacoes"
)
ES_SYS = (
    r"(?:prompt\W{1,3}(?:del|de)\W{1,3}sistema|prompt\W{1,3}(?:inicial|original|oculto)|mensaje\W{1,3}(?:del|de)"
    r"\W{1,3}sistema|instrucciones\W{1,3}(?:iniciales|del\W{1,3}sistema|de\W{1,3}sistema|originales|ocultas|secretas))"
)
ES_REVEAL = (
    r"(?:revela|revélame|revelame|muestra|muéstrame|muestrame|dime|repite|repíteme|repiteme|imprime|enseña|"
    r"enséñame|ensename|escribe|comparte|dame)"
)

SPANISH = (
    RuleGroup(
        words=words(
            "ignora ignore ignorar ignoren ignorad ignorare ignorate olvida olvide olvidar olviden olvidad "
            "olvídate olvidate dimentica dimenticare dimenticate esqueça esqueca esqueçam esquecam esquecer",
            ES_NOUN_WORDS,
        ),
        rules=(
            rule("override.ignore_previous.es", PI, 0.95, rf"\b{ES_VERBS}{G}{ES_DETS}{ES_NOUNS}{G}{ES_QUAL}"),
            rule(
                "override.ignore_previous.es",
                PI,
                0.95,
                rf"\b{ES_VERBS}{G}{ES_DETS}(?:anteriores|previas|precedenti){G}{ES_NOUNS}\b",
            ),
            rule(
                "override.ignore_all.es",
                PI,
                0.85,
                rf"\b{ES_VERBS}{G}(?:(?:todas|todos|tutte|tutti){G}(?:las|los|tus|sus|le|gli|tue|as|os|suas|tuas)|"
                rf"tus|sus|tue|suas|tuas){G}{ES_NOUNS}\b",
            ),
        ),
    ),
    RuleGroup(
        words=words("olvida olvide olvídate olvidate", "todo"),
        rules=(
            rule("override.forget_everything.es", PI, 0.55, rf"\bolv[ií]d(?:a|e|ate){G}(?:de{G})?todo\b"),
            rule(
                "override.forget_everything.es",
                PI,
                0.8,
                rf"\bolv[ií]d(?:a|e|ate){G}(?:de{G})?todo{G}lo{G}(?:anterior|que{G}(?:te{G})?(?:dije|"
                rf"dijeron|han{G}dicho|sabes))",
            ),
        ),
    ),
    RuleGroup(
        words=words("nuevas", "instrucciones"),
        rules=(
            rule(
                "override.new_instructions.es",
                PI,
                0.5,
                rf"\bnuevas{G}instrucciones\W{{0,2}}:|\b(?:estas|aquí|aqui){G}(?:son|están|estan|tienes){G}"
                rf"(?:tus|las){G}nuevas{G}instrucciones\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "revela revélame revelame muestra muéstrame muestrame dime repite repíteme repiteme imprime enseña "
            "enséñame ensename escribe comparte dame",
            "prompt mensaje instrucciones reglas",
        ),
        rules=(
            rule(
                "extract.reveal_system_prompt.es",
                PI,
                0.85,
                rf"\b{ES_REVEAL}{G}(?:(?:cuál|cual|cuáles|cuales|es|son){G})?(?:tu|tus|el|la|las|su|sus){G}{ES_SYS}",
            ),
            rule(
                "extract.reveal_your_instructions.es",
                PI,
                0.6,
                rf"\b{ES_REVEAL}{G}(?:tu|tus|su|sus){G}(?:instrucciones|reglas|prompt)\b",
            ),
        ),
    ),
    RuleGroup(
        words=words(
            "sin",
            "restricciones restricción restriccion filtros censura límites limites reglas",
        ),
        rules=(
            rule(
                "jailbreak.no_restrictions.es",
                JB,
                0.35,
                rf"\bsin{G}(?:(?:ninguna|ningún|ningun|ningunas|tipo{G}de){G})?(?:restricciones|restricción|"
                rf"restriccion|filtros|censura|límites|limites|reglas)\b",
            ),
        ),
    ),
)

INTERNATIONAL = (*GERMAN, *FRENCH, *SPANISH)
