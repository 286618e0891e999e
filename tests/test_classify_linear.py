"""Hostile mail: a reply of one long unpunctuated line (the classifier reads up to MAX_TEXT
characters) is classified in time linear in its length, never quadratic."""

import random
import re
import time
from datetime import datetime

from foia_tracker.intake import classify as C
from foia_tracker.intake.reply_questions import _questions


def test_questions_are_the_clauses_the_old_pattern_found():
    rng = random.Random(3)
    for _ in range(2000):
        line = "".join(rng.choice("ab ?.!x") for _ in range(rng.randint(0, 40)))
        assert _questions(line) == re.findall(r"[^.?!]*\?", line)


def test_an_abbreviation_ends_no_question():
    line = "Quick one. Do you want the apps too (Clever, reading apps, etc.) or just the contracts?"
    assert _questions(line) == [
        " Do you want the apps too (Clever, reading apps, etc.) or just the contracts?"
    ]


def _seconds(words: int) -> float:
    reply = C.ReplyText("Re: x", "you which " * words, (), False, datetime(2026, 11, 5))
    start = time.perf_counter()
    C.classify(reply)
    return time.perf_counter() - start


def test_a_long_unpunctuated_reply_costs_linear_time():
    small, large = min(_seconds(250) for _ in range(3)), min(_seconds(2000) for _ in range(3))
    # 8 times the text: linear is ~8 times the time, quadratic ~64 times
    assert large < small * 24 + 0.05
