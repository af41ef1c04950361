"""Words run together ("ignoreallpreviousinstructions", camelCase once lower-cased, NATO
spelling without word breaks) split back into words, so that the signatures read them.

A model reads such text through its sub-word tokens; a regex written for words does not. The
split is a dynamic programme over a small vocabulary: the words the English signatures are made
of and the short words between them (not a dictionary: a run that is mostly other words is left
alone). Longer known words win (a word of length k scores k squared), so "therapist" is not
"the rapist"; letters no known word covers stay together as one token.
"""

from __future__ import annotations

_WORDS = """
    a about above absolutely act acting actual admin administrator after again against ai all also always am an
    and answer answers any anymore anything are as ask assistant at authority bad be because been before begin
    below between bound break breaking bypass by can cannot censored censorship character chatgpt code command
    commands confidential constraints content context continue control credentials dan data delete describe
    developer directive directives disable disabled disclose disregard do does done dont earlier email emails
    end enable enabled ethical ethics evil everything except execute exfiltrate explain fictional filter filters
    first follow following for forget forgot format free from full given go guidelines hacked harmful have
    here hidden how i if ignore ignored ignoring illegal immediately important in information initial input
    instead instruction instructions internal into is it its jailbreak jailbroken just key keys last leak like
    limitations limits list longer make me message messages mode model moral morals must my name never new no
    not note now obey of off old on only openai or original other our output over override password passwords
    persona policies policy pretend previous print prior prompt prompts pwned real repeat reply request
    respond response restricted restrictions reveal role roleplay rule rules safety said say secret secrets
    send share should show simulate simulation so start stay stop such system task tell text than that the
    their them then there these they this those to token tokens told true unfiltered unlimited unrestricted up
    us user users verbatim very want was we were what when which will with without word words write you your
    yours yourself
"""
VOCABULARY = frozenset(_WORDS.split())
_LONGEST = max(map(len, VOCABULARY))
#: The shortest run of letters read as words run together ("ignoreprevious" and longer): the
#: normaliser splits decoded readings this long, the signatures match their squashed rules
#: against tokens this long.
MIN_RUN_TOGETHER = 12
# A split is kept when known words of _COUNTED letters or more cover this share of the run.
_MIN_COVERED = 0.7
_COUNTED = 3
_MIN_WORDS = 3


def split_words(run: str) -> str | None:
    """`run` (lower-case letters) with spaces between its words, or None when the vocabulary
    covers too little of it to be a sentence."""
    n = len(run)
    best = [0] * (n + 1)  # best[i]: score of the best split of run[:i]
    start = [0] * (n + 1)  # where the last piece of that split starts
    known = [False] * (n + 1)  # whether that piece is a known word
    for i in range(1, n + 1):
        best[i], start[i] = best[i - 1], i - 1  # one letter no word covers
        for j in range(max(0, i - _LONGEST), i):
            if run[j:i] in VOCABULARY and best[j] + (i - j) ** 2 > best[i]:
                best[i], start[i], known[i] = best[j] + (i - j) ** 2, j, True
    pieces: list[tuple[str, bool]] = []
    i = n
    while i > 0:
        pieces.append((run[start[i] : i], known[i]))
        i = start[i]
    pieces.reverse()
    words: list[str] = []
    covered = 0
    loose = ""  # letters no known word covers, kept together
    for piece, is_word in pieces:
        if not is_word:
            loose += piece
            continue
        if loose:
            words.append(loose)
            loose = ""
        words.append(piece)
        # Short words fit anywhere ("them is s i lek now sw here"): only longer ones count.
        covered += len(piece) if len(piece) >= _COUNTED else 0
    if loose:
        words.append(loose)
    if covered < _MIN_COVERED * n or len(words) < _MIN_WORDS:
        return None
    return " ".join(words)
