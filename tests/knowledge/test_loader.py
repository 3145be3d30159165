"""Loading packs: the shipped pack is complete, and every kind of breakage is named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import Pack, PackError, load_pack, load_packs, loader
from bot.knowledge.article import sentences
from tests.conftest import TOYOTA_PACK

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_1de6ebd66466674f.txt"


def test_every_sentence_of_the_article_is_the_source_of_a_fact(toyota_pack: Pack) -> None:
    quoted = {quote for fact in toyota_pack.facts for quote in fact.sources}
    article_sentences = sentences(toyota_pack.article_text)
    assert len(article_sentences) == 25
    assert [s for s in article_sentences if s not in quoted] == []


def test_both_headlines_are_covered(toyota_pack: Pack) -> None:
    quoted = {quote for fact in toyota_pack.facts for quote in fact.sources}
    assert any(q.startswith("Toyota Gains Approval to Develop") for q in quoted)
    assert any(q.startswith("Toyota Plans 2028 Launch") for q in quoted)


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed, the article as received")
def test_article_is_the_seed_body_verbatim_without_the_unrelated_headlines(
    toyota_pack: Pack,
) -> None:
    seed = SEED.read_text(encoding="utf-8")
    assert seed.startswith(toyota_pack.article_text)
    assert "Firelight" not in toyota_pack.article_text
    assert toyota_pack.article_text.rstrip().endswith("which currently dominates the market.")


def test_the_charging_conflict_is_recorded(toyota_pack: Pack) -> None:
    notes = toyota_pack.notes_for("high-performance-charging")
    assert notes
    assert "10-Minute Charging" in notes[0]
    assert "20 minutes" in notes[0]


def _edit(pack_dir: Path, old: str, new: str, after: str = "") -> None:
    """Replace the first `old` that follows `after` in the pack file."""
    file = pack_dir / "pack.toml"
    text = file.read_text(encoding="utf-8")
    start = text.index(after)
    assert old in text[start:]
    file.write_text(text[:start] + text[start:].replace(old, new, 1), encoding="utf-8")


def _problems(pack_dir: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(pack_dir)
    return [str(problem) for problem in caught.value.problems]


def test_one_changed_word_in_a_quote_names_file_fact_and_field(pack_copy: Path) -> None:
    _edit(
        pack_copy,
        "Around 2028, the company anticipates the release",
        "Around 2029, the company anticipates the release",
        after='id = "solid-state-release"',
    )
    problems = _problems(pack_copy)
    assert any(
        "pack.toml" in p
        and "fact 'solid-state-release'" in p
        and "field 'sources[0]'" in p
        and "not verbatim" in p
        for p in problems
    ), problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'id = "solid-state-range"',
            'id = "solid-state-release"',
            ["fact 'solid-state-release'", "field 'id'", "duplicate"],
        ),
        (
            'kind = "range"\nsubjects = ["solid-state"]',
            'kind = "range"\nsubjects = ["solid-stat"]',
            ["fact 'solid-state-range'", "field 'subjects[0]'", "unknown subject 'solid-stat'"],
        ),
        (
            'answer = "Around 2028."',
            "answer = 2028",
            ["fact 'solid-state-release'", "field 'answer'", "valid string"],
        ),
        (
            'answer = "Around 2028."\n',
            "",
            ["fact 'solid-state-release'", "field 'answer'", "required field is missing"],
        ),
        (
            'kind = "date"\nsubjects = ["solid-state"]',
            'kind = "era"\nsubjects = ["solid-state"]',
            ["fact 'solid-state-release'", "field 'kind'", "unknown kind 'era'"],
        ),
        (
            '"When is solid-state due?",',
            '"   ",',
            ["fact 'solid-state-release'", "field 'phrasings[0]'", "at least 1 character"],
        ),
        (
            'id = "solid-state-release"',
            'id = "solid-state-release"\ncolour = "red"',
            ["fact 'solid-state-release'", "field 'colour'", "unknown field"],
        ),
        (
            '\\"10-Minute Charging\\" for',
            '\\"11-Minute Charging\\" for',
            ["field 'conflicts[0].note'", "not verbatim"],
        ),
    ],
)
def test_malformed_entries_name_the_place(
    pack_copy: Path, old: str, new: str, expected: list[str]
) -> None:
    _edit(pack_copy, old, new)
    problems = _problems(pack_copy)
    assert any(all(part in p for part in expected) for p in problems), problems
    assert all(str(pack_copy / "pack.toml") in p for p in problems)


def test_broken_toml_names_the_file_and_line(pack_copy: Path) -> None:
    _edit(pack_copy, 'answer = "Around 2028."', 'answer = "Around 2028.')
    problems = _problems(pack_copy)
    assert len(problems) == 1
    assert "pack.toml" in problems[0]
    assert "not valid TOML" in problems[0]
    assert "line" in problems[0]


def test_missing_article_file_is_named(pack_copy: Path) -> None:
    (pack_copy / "article.txt").unlink()
    problems = _problems(pack_copy)
    assert any("field 'pack.article'" in p and "article.txt" in p for p in problems)


def test_missing_pack_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"no such file or folder"):
        load_packs([tmp_path / "nowhere"])


def test_the_same_pack_twice_clashes(pack_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"is also used by"):
        load_packs([pack_copy, TOYOTA_PACK])


def test_all_problems_are_reported_at_once(pack_copy: Path) -> None:
    _edit(pack_copy, 'kind = "date"\nsubjects = ["solid-state"]', 'kind = "era"\nsubjects = ["x"]')
    _edit(pack_copy, "Around 2028, the company", "Around 2030, the company")
    assert len(_problems(pack_copy)) >= 3


def test_sentences_keep_closing_quotes() -> None:
    text = 'He said "yes." Then he left. Headline Without Stop\nNext line.'
    assert sentences(text) == [
        'He said "yes."',
        "Then he left.",
        "Headline Without Stop",
        "Next line.",
    ]


@pytest.mark.parametrize("name", ["pack.toml", "article.txt"])
def test_a_huge_file_is_refused_without_reading_it(
    pack_copy: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    limit = max(file.stat().st_size for file in pack_copy.iterdir()) + 1000
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", limit)  # the real limit is 100 MB
    target = pack_copy / name
    target.write_text(target.read_text(encoding="utf-8") + "\n#" * limit, encoding="utf-8")
    problems = _problems(pack_copy)
    assert len(problems) == 1
    assert name in problems[0]
    assert "MB is read" in problems[0]
