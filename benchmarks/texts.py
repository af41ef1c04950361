"""Deterministic benign prose of a given size, unique per index (so caches do not help)."""

from __future__ import annotations

import random

SENTENCES = [
    "Could you help me plan a three-day trip to Lisbon with a focus on food and architecture?",
    "I am writing a cover letter for a junior data analyst role and would like feedback on tone.",
    "Summarise the main arguments for and against remote work in a short paragraph.",
    "Our team uses Python and PostgreSQL, and we want to speed up a slow reporting query.",
    "What are some good exercises for lower back pain that I can do at home?",
    "Please translate the following paragraph into plain English for a general audience.",
    "My daughter is learning fractions; suggest a few games that make practice more fun.",
    "Explain the difference between a mutual fund and an exchange-traded fund.",
    "Draft a polite reminder to a client whose invoice is two weeks overdue.",
    "Which houseplants survive in a north-facing room with little direct sunlight?",
]


def prose(n_bytes: int, seed: int) -> str:
    rng = random.Random(seed)
    parts: list[str] = [f"Request {seed}:"]
    size = len(parts[0])
    while size < n_bytes:
        s = rng.choice(SENTENCES)
        parts.append(s)
        size += len(s) + 1
    return " ".join(parts)[:n_bytes]


def chat_prompt(seed: int) -> str:
    """A ~500-byte chat message."""
    return prose(500, seed)
