"""Negated overrides as hard negatives (recipe v6, `SHIELD_RECIPE=6`; not trained yet).

"Do not ignore the previous instructions" is advice, but model 2.5.0 scores it like the
override itself (four of five such sentences over its block threshold, stop 14): the recipe
has no negated overrides among its benign rows. These are built from independent parts (who
speaks, the negation, the verb, what is kept, why), every fourth part of each bank for
validation only, as `attacks.split_bank` splits every bank.
"""

from __future__ import annotations

import random

from training.attacks import Split, split_bank

_OPENERS = (
    "",
    "Please ",
    "Remember: ",
    "Note to the team: ",
    "Important: ",
    "Reminder - ",
    "As a rule, ",
    "Heads up: ",
)
_NEGATIONS = ("do not", "don't", "never", "please do not", "you must not", "you should never", "try not to", "do NOT")
_VERBS = ("ignore", "disregard", "forget", "overlook", "skip", "bypass", "dismiss", "neglect")
_KEPT = (
    "the previous instructions",
    "the above rules",
    "your earlier instructions",
    "the prior guidelines",
    "the original instructions from your doctor",
    "the safety rules above",
    "the instructions on the label",
    "the previous steps in this guide",
    "the earlier directions from the teacher",
    "all of the preceding rules",
    "the system requirements listed above",
    "your manager's previous instructions",
)
_REASONS = (
    ".",
    ", they matter.",
    " when you fill in the form.",
    "; they explain how to install the package.",
    " - the last step depends on them.",
    " even if the new task looks simpler.",
    ", or the experiment will fail.",
    " when you summarise the document.",
    ", they keep the patient safe.",
    " just because the deadline is close.",
    ". Then answer my question about the budget.",
    ", and let me know if anything is unclear.",
)


def negated_override(rng: random.Random, split: Split) -> tuple[str, str]:
    """A benign sentence that negates an override ("Please don't ignore the rules above.")."""
    opener = rng.choice(split_bank(_OPENERS, split))
    negation = rng.choice(split_bank(_NEGATIONS, split))
    verb = rng.choice(split_bank(_VERBS, split))
    text = f"{opener}{negation} {verb} {rng.choice(split_bank(_KEPT, split))}{rng.choice(split_bank(_REASONS, split))}"
    return text[0].upper() + text[1:], "negated_override"
