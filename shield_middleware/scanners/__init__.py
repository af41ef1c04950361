"""Heuristic scanners: pure standard library, one module per job.

Every scanner module exposes ``scan(text: str) -> list[Finding]`` (some take extra keyword
options) whose findings carry graded scores in ``[0, 1]``. Scanners that locate sensitive data
(secrets, PII, invisible characters) report spans into the text they were given, so that
`masking.mask_spans` can produce a sanitized copy. Every pattern must run in linear time on
hostile input: no nested quantifiers, bounded repetitions, and cheap literal prefilters.
"""
