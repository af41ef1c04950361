"""Generated hard negatives: benign prompts that use attack vocabulary in benign senses."""

from __future__ import annotations

import random
from collections.abc import Sequence

from training.attacks import Split, split_bank

# Each template is a family; slots {x} are filled from the matching list.
_TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "How do I ignore {x} in git?",
        ("a file", "a folder", "all .log files", "node_modules", "changes to a tracked file"),
    ),
    (
        "What is a {x} attack? Explain it for my security course.",
        ("jailbreak", "prompt injection", "SQL injection", "cross-site scripting", "man-in-the-middle", "phishing"),
    ),
    (
        "Write a {x} in Python.",
        (
            "network scanner",
            "port scanner",
            "packet sniffer for my own lab",
            "log parser that flags failed logins",
            "password strength checker",
            "simple firewall rule tester",
        ),
    ),
    (
        "Pretend you are {x} and tell me a joke.",
        ("a pirate", "a cat", "Shakespeare", "a grumpy chef", "a robot from the 80s"),
    ),
    (
        "Act as {x} and help me {y}.",
        ("a travel guide", "a math tutor", "an interviewer", "a fitness coach", "a Linux expert"),
    ),
    (
        "How can I bypass {x}?",
        (
            "the paywall on my own WordPress site for admins",
            "a clogged drain without calling a plumber",
            "traffic on the highway during rush hour",
            "the proxy for localhost in Chrome",
            "the login screen when I forgot my own Windows password (I own the laptop)",
        ),
    ),
    (
        "I always forget {x}. Any tips?",
        ("people's names", "my passwords", "to drink water", "where I parked", "birthdays"),
    ),
    (
        "Write a system prompt for {x}.",
        (
            "a customer support chatbot",
            "a cooking assistant",
            "a code reviewer bot",
            "a polite travel agent",
            "a children's tutor",
        ),
    ),
    ("Is it legal to jailbreak {x}?", ("my iPhone", "my PlayStation", "an old Kindle", "my Android phone")),
    (
        "How do I override {x}?",
        (
            "a method in Java",
            "CSS styles from a library",
            "environment variables in docker-compose",
            "a git merge conflict",
            "the default settings in VS Code",
        ),
    ),
    (
        "Can I safely ignore {x}?",
        (
            "this npm audit warning",
            "a DeprecationWarning in Python",
            "the check engine light for a day",
            "an email from a recruiter",
            "the linter warning about line length",
        ),
    ),
    (
        "How do I protect my LLM app against {x}?",
        ("prompt injection", "jailbreaks", "data exfiltration through tool calls", "system prompt leaks"),
    ),
    (
        "Explain what '{x}' means in {y}.",
        ("ignore previous instructions", "DAN mode", "system prompt", "red teaming"),
    ),
    (
        "Write unit tests for a function that {x}.",
        (
            "detects prompt injection attempts",
            "removes HTML tags",
            "validates email addresses",
            "blocks SQL keywords in input",
        ),
    ),
    (
        "Forget {x}, let's talk about {y} instead.",
        ("the previous topic", "what I said about dinner", "the budget question"),
    ),
    ("Disregard my last message, I meant {x}.", ("Tuesday, not Thursday", "the blue one", "500 grams", "Python 3.12")),
    (
        "New instructions for {x}: {y}.",
        ("the team meeting", "the assembly of the shelf", "the fire drill"),
    ),
    (
        "Summarise this email: {x}",
        (
            "Hi all, the quarterly review moves to Friday 3pm. Please bring your slides and ignore the earlier invite.",
            "Dear customer, your order #4812 has shipped and will arrive on Monday.",
            "Hello, reminder that the office is closed on Monday. Forget about the parking rules that day.",
        ),
    ),
    (
        "Roleplay as {x}. Stay in character.",
        ("a medieval innkeeper", "a detective in 1920s Chicago", "a friendly dragon", "a tour guide on Mars"),
    ),
    ("What does the {x} developer mode do?", ("Android", "Chrome", "Windows", "iPhone")),
    (
        "Ignoriere {x}: wie mache ich das in {y}?",
        ("Groß- und Kleinschreibung", "Leerzeichen", "Warnungen"),
    ),
    (
        "Comment ignorer {x} dans {y} ?",
        ("un fichier", "les avertissements", "la casse"),
    ),
    (
        "¿Cómo puedo ignorar {x} en {y}?",
        ("un archivo", "las advertencias", "mayúsculas"),
    ),
    (
        "Tell me about {x}.",
        (
            "the history of the DAN prompt for my thesis on LLM safety",
            "how companies test models against jailbreaks",
            "famous prompt injection incidents",
            "the OWASP top 10 for LLM applications",
        ),
    ),
)
_Y_FILLS = (
    "Python",
    "a regex",
    "Excel",
    "SQL",
    "bash",
    "my trip to Rome",
    "preparing for a job interview",
    "my new project",
)


_PREFIXES = ("", "", "", "Quick question: ", "Hey, ", "Hi! ", "For work: ", "Beginner here. ", "Please help: ")
_SUFFIXES = (
    "",
    "",
    "",
    " Thanks!",
    " Keep it short.",
    " Explain step by step.",
    " Use an example.",
    " (asking for a class)",
)


def _fill(template: str, xs: tuple[str, ...], rng: random.Random) -> str:
    x = rng.choice(xs)
    y = rng.choice(_Y_FILLS)
    return template.format(x=x, y=y)


def hard_negative(rng: random.Random, split: Split) -> tuple[str, str]:
    """One benign prompt with trigger words. Returns (text, kind)."""
    template, xs = rng.choice(split_bank(_TEMPLATES, split))
    text = _fill(template, xs, rng)
    # Light framing so the same template does not always look identical.
    text = rng.choice(_PREFIXES) + text + rng.choice(_SUFFIXES)
    if rng.random() < 0.15:
        text = text.lower()
    return text, "hard_negative"


_BENIGN_DOC_NOTES: tuple[str, ...] = (
    "Please review the attached file and let me know your thoughts by Friday.",
    "Note: ignore the previous version of this document, it contained errors.",
    "Reminder: forward this to the finance team before the end of the month.",
    "Important: the meeting has been moved to 3 pm.",
    "Please reply to this email to confirm your attendance.",
    "Disregard the earlier invoice; this one replaces it.",
    "Action required: update your shipping address in your account settings.",
    "For questions contact support@example.com.",
)


def benign_doc_note(rng: random.Random, split: Split) -> str:
    """An instruction-like but benign sentence that is normal inside documents."""
    return rng.choice(split_bank(_BENIGN_DOC_NOTES, split))


def summary_requests(split: Split) -> Sequence[str]:
    """Questions a user asks about a document they paste (benign part of an indirect case)."""
    qs = (
        "Summarise this email:",
        "What does this table say about the totals?",
        "Explain what this code does:",
        "Answer the question using the document below.",
        "Can you extract the key dates from this?",
        "Translate this document into plain English:",
        "Is there anything I need to act on here?",
        "Please review the following:",
    )
    return split_bank(qs, split)
