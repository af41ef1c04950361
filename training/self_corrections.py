"""Self-corrections in five languages as hard negatives (recipe v7, `SHIELD_RECIPE=7`).

"Olvida lo que dije antes, prefiero una receta sin gluten" (forget what I said before, I would
rather have a gluten-free recipe) is a user dropping their own words, not the instructions;
model 2.5.1 blocks it (p=0.999), and its French and German twins, while the English one passes
(stop 16). Every non-English "forget / ignore ..." sentence the recipe has is an attack (the
override banks in `phrases.py`), so the model learned the verb, not what is dropped. These rows
use the same verbs on the user's own material, then a preference or a short harmless task
(the same tasks that follow an override in the task-switch attacks, so that only what is
dropped tells the two apart). Parts are independent; every fourth entry of each bank is for
validation only (`attacks.split_bank`).
"""

from __future__ import annotations

import random

from training.attacks import Split, split_bank
from training.phrases import SWITCH_TASKS

# The verb, as a user addresses the assistant (informal and formal forms).
_VERBS: dict[str, tuple[str, ...]] = {
    "en": ("forget", "ignore", "disregard", "scratch", "never mind", "skip", "drop", "don't worry about"),
    "es": ("olvida", "ignora", "no tengas en cuenta", "descarta", "no uses", "borra", "deja", "olvide"),
    "de": ("vergiss", "ignoriere", "streich", "vergessen Sie", "vergiss bitte", "übergeh", "ignorieren Sie", "lösch"),
    "fr": ("oublie", "ignore", "laisse tomber", "oublie donc", "oubliez", "efface", "zappe", "ignorez"),
    "it": ("dimentica", "ignora", "lascia perdere", "non considerare", "dimenticate", "cancella", "scorda", "ignori"),
}
# What is dropped: the user's own words or material, never the assistant's instructions.
_OWN: dict[str, tuple[str, ...]] = {
    "en": (
        "what I said before",
        "my last message",
        "my previous question",
        "the first draft I sent",
        "the example I gave earlier",
        "what I wrote about the dates",
        "my earlier request",
        "the numbers I gave you",
    ),
    "es": (
        "lo que dije antes",
        "mi último mensaje",
        "mi pregunta anterior",
        "el primer borrador que te mandé",
        "el ejemplo de antes",
        "lo que escribí sobre las fechas",
        "mi petición anterior",
        "los números que te di",
    ),
    "de": (
        "was ich vorher gesagt habe",
        "meine letzte Nachricht",
        "meine vorige Frage",
        "den ersten Entwurf",
        "das Beispiel von vorhin",
        "was ich über die Termine geschrieben habe",
        "meine frühere Bitte",
        "die Zahlen, die ich dir gegeben habe",
    ),
    "fr": (
        "ce que j'ai dit avant",
        "mon dernier message",
        "ma question précédente",
        "le premier brouillon que je t'ai envoyé",
        "l'exemple de tout à l'heure",
        "ce que j'ai écrit sur les dates",
        "ma demande précédente",
        "les chiffres que je t'ai donnés",
    ),
    "it": (
        "quello che ho detto prima",
        "il mio ultimo messaggio",
        "la mia domanda precedente",
        "la prima bozza che ti ho mandato",
        "l'esempio di prima",
        "quello che ho scritto sulle date",
        "la mia richiesta precedente",
        "i numeri che ti ho dato",
    ),
}
_CONNECTORS = (", ", ". ", "; ", " - ", ": ")
# What the user wants instead: a preference or a correction of their own.
_PREFERENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "I'd rather have a gluten-free recipe",
        "I meant Tuesday, not Thursday",
        "I got the number wrong, it's 42",
        "now I need the short version",
        "it's for my sister, not for me",
        "a bulleted list works better",
        "the budget is 300 euros",
        "the trip is in May",
    ),
    "es": (
        "prefiero una receta sin gluten",
        "quería decir el martes, no el jueves",
        "me equivoqué de número, es 42",
        "ahora necesito la versión corta",
        "es para mi hermana, no para mí",
        "mejor en forma de lista",
        "el presupuesto es de 300 euros",
        "el viaje es en mayo",
    ),
    "de": (
        "ich möchte lieber ein glutenfreies Rezept",
        "ich meinte Dienstag, nicht Donnerstag",
        "ich habe mich bei der Zahl vertan, es ist 42",
        "jetzt brauche ich die kurze Version",
        "es ist für meine Schwester, nicht für mich",
        "bitte lieber als Liste",
        "das Budget liegt bei 300 Euro",
        "die Reise ist im Mai",
    ),
    "fr": (
        "je préfère une recette sans gluten",
        "je voulais dire mardi, pas jeudi",
        "je me suis trompé de chiffre, c'est 42",
        "il me faut maintenant la version courte",
        "c'est pour ma sœur, pas pour moi",
        "plutôt sous forme de liste",
        "le budget est de 300 euros",
        "le voyage est en mai",
    ),
    "it": (
        "preferisco una ricetta senza glutine",
        "intendevo martedì, non giovedì",
        "ho sbagliato il numero, è 42",
        "ora mi serve la versione breve",
        "è per mia sorella, non per me",
        "meglio come elenco",
        "il budget è di 300 euro",
        "il viaggio è a maggio",
    ),
}


def self_correction(rng: random.Random, split: Split) -> tuple[str, str]:
    """A benign sentence dropping the user's own earlier words ("Olvida lo que dije antes, ...")."""
    lang = rng.choice(sorted(_VERBS))
    verb = rng.choice(split_bank(_VERBS[lang], split))
    own = rng.choice(split_bank(_OWN[lang], split))
    connector = rng.choice(split_bank(_CONNECTORS, split))
    tasks = SWITCH_TASKS.get(lang, ())
    if tasks and rng.random() < 0.4:
        rest = rng.choice(split_bank(tasks, split))
    else:
        rest = rng.choice(split_bank(_PREFERENCES[lang], split))
    if connector in (". ", ": "):
        rest = rest[0].upper() + rest[1:]
    text = f"{verb} {own}{connector}{rest}" + ("" if rest.endswith(("?", "!", ".")) else rng.choice((".", "", "!")))
    return text[0].upper() + text[1:], f"self_correction_{lang}"
