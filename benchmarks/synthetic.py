"""Deterministic synthetic fact packs of any size, for measuring the engine at scale.

Each fact is about one made-up product of a made-up company and one attribute of it (release
date, range, price, factory, ...), with a question, alternate phrasings from several templates
and a source sentence; products, companies, places and numbers vary, so no two facts are
copies. The same `size` and `seed` always give the same packs.
"""

from __future__ import annotations

import random
from pathlib import Path

from bot.knowledge import Fact, Pack
from bot.knowledge.models import AnswerKind, PackInfo, Subject

SYLLABLES = (
    "ka ri to mu ne sa lo vi pe da zu xo fi ga be no tu la mi ro ke ja wu sy qua dre ple "
    "thon vor gal mir sen bal tek nor pra vel dun kos"
).split()
PLACES = (
    "Osaka Lyon Austin Gdansk Pune Busan Leeds Tampere Porto Quito Perth Durban Cork Brno "
    "Malmo Izmir Kazan Hilo Graz Split Tartu Bergen Kobe Turin"
).split()
MONTHS = "January February March April May June July August September October November December"

# (attribute, kind, question templates, answer template, sentence template)
ATTRIBUTES: list[tuple[str, str, list[str], str, str]] = [
    (
        "release",
        "date",
        [
            "When will the {p} be released?",
            "when does the {p} come out",
            "{p} launch date",
            "when can I buy the {p}",
        ],
        "In {month} {year}.",
        "{c} plans to release the {p} in {month} {year}, according to its latest update.",
    ),
    (
        "range",
        "range",
        [
            "What range will the {p} have?",
            "how far can the {p} go on a charge",
            "{p} range",
            "how many km does the {p} do",
        ],
        "About {km:,} km.",
        "The {p} is expected to cover about {km:,} km on a single charge.",
    ),
    (
        "price",
        "amount",
        [
            "How much will the {p} cost?",
            "what is the price of the {p}",
            "{p} price",
            "how expensive is the {p}",
        ],
        "Around ${price:,}.",
        "{c} says the {p} will sell for around ${price:,} in most markets.",
    ),
    (
        "factory",
        "place",
        [
            "Where will the {p} be made?",
            "which factory builds the {p}",
            "where is the {p} produced",
            "{p} factory location",
        ],
        "In {place}.",
        "Production of the {p} will take place at the {c} plant in {place}.",
    ),
    (
        "charging",
        "charging-time",
        [
            "How fast does the {p} charge?",
            "{p} charging time",
            "how long to charge the {p}",
            "how quick is {p} fast charging",
        ],
        "In about {minutes} minutes.",
        "The {p} can be charged from 10 to 80 percent in about {minutes} minutes.",
    ),
    (
        "maker",
        "name",
        [
            "Who makes the {p}?",
            "which company is behind the {p}",
            "who builds the {p}",
            "{p} manufacturer",
        ],
        "{c}.",
        "The {p} is developed and built by {c}, which announced it this year.",
    ),
]
# Question cues of the kind any pack has (a subset of the shipped pack's), so that loading
# synthetic packs does not change how the shipped pack's questions are read.
KINDS = {
    "date": ["when", "what year", "release date", "launch date"],
    "range": ["how far", "range"],
    "amount": ["how much"],
    "place": ["where", "which factory"],
    "charging-time": ["how fast", "how long to charge", "charging time"],
    "name": ["who", "which company"],
}


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def synthetic_packs(size: int, seed: int = 7, facts_per_pack: int = 5000) -> list[Pack]:
    """`size` facts (six per product) in packs of at most `facts_per_pack`."""
    rng = random.Random(seed)
    facts: list[tuple[Fact, str, str, Subject]] = []
    used: set[str] = set()
    while len(facts) < size:
        name = _word(rng, 3)
        while name.lower() in used:
            name = _word(rng, 3)
        used.add(name.lower())
        product = f"{name} {rng.choice(['X', 'S', 'Pro', 'One', 'Max', 'Lite', 'GT'])}"
        company = f"{_word(rng, 2)} {rng.choice(['Motors', 'Energy', 'Cells', 'Mobility'])}"
        slug = f"p{len(used)}"
        subject = Subject(name=product, aliases=[product.lower(), name.lower()])
        values = {
            "p": product,
            "c": company,
            "month": rng.choice(MONTHS.split()),
            "year": rng.randint(2026, 2035),
            "km": rng.randrange(300, 1300, 10),
            "price": rng.randrange(18_000, 120_000, 500),
            "place": rng.choice(PLACES),
            "minutes": rng.randrange(8, 45),
        }
        for attribute, kind, questions, answer, sentence in ATTRIBUTES[: size - len(facts)]:
            text = sentence.format(**values)
            chosen = rng.sample(questions, 3)
            fact = Fact(
                id=f"{slug}-{attribute}",
                question=chosen[0].format(**values),
                answer=answer.format(**values),
                kind=kind,
                subjects=[slug],
                sources=[text],
                phrasings=[q.format(**values) for q in chosen[1:]],
            )
            facts.append((fact, text, slug, subject))
    return [
        _pack(number, facts[start : start + facts_per_pack])
        for number, start in enumerate(range(0, len(facts), facts_per_pack))
    ]


def _pack(number: int, facts: list[tuple[Fact, str, str, Subject]]) -> Pack:
    return Pack(
        pack=PackInfo(id=f"synthetic-{number}", title=f"Synthetic pack {number}", article="-"),
        subjects={slug: subject for _, _, slug, subject in facts},
        kinds={kind: AnswerKind(cues=cues) for kind, cues in KINDS.items()},
        facts=[fact for fact, _, _, _ in facts],
        file=Path(f"<synthetic {number}>"),
        article_text="\n".join(text for _, text, _, _ in facts),
    )
