"""ctlint.law.terms: the key names, descriptions and synonyms, checked when they load, and
"did you mean" for taxonomy keys."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctlint.law import tables, terms
from ctlint.law.tables import LawDataError

LAW = Path(tables.__file__).resolve().parent


@pytest.fixture
def law_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of ctlint/law/ that the terms are read from; caches cleared around the test."""
    folder = tmp_path / "law"
    shutil.copytree(LAW, folder)
    previous = tables.FOLDER
    tables.FOLDER = str(folder)
    terms.terms.cache_clear()
    terms.synonyms.cache_clear()
    terms._described.cache_clear()
    try:
        yield folder
    finally:
        tables.FOLDER = previous
        terms.terms.cache_clear()
        terms.synonyms.cache_clear()
        terms._described.cache_clear()


def test_every_key_has_a_term_and_every_term_is_a_key() -> None:
    loaded = terms.terms()
    for kind in terms.KINDS:
        assert sorted(loaded[kind]) == sorted(terms.keys_of(kind))
    assert loaded["data_categories"]["user.social"].description == (
        "Social activity and interaction data."
    )
    assert loaded["data_uses"]["functional.service.improve"].name == "Improve Service"


def test_descriptions_are_fideslangs() -> None:
    """Where fideslang 3.1.4 is installed, the copied names and descriptions are its own."""
    if importlib.util.find_spec("fideslang") is None:
        pytest.skip("fideslang is not installed (the descriptions were copied from 3.1.4)")
    from fideslang import DEFAULT_TAXONOMY  # type: ignore[import-not-found]

    loaded = terms.terms()
    for kind, attribute in zip(
        terms.KINDS, ("data_category", "data_use", "data_subject"), strict=True
    ):
        for item in getattr(DEFAULT_TAXONOMY, attribute):
            term = loaded[kind][item.fides_key]
            assert (term.name, term.description) == (item.name, " ".join(item.description.split()))


@pytest.mark.parametrize(
    ("word", "kind", "expected"),
    [
        ("user.contact.social_media", "data_categories", "user.social"),
        ("social_media", "data_categories", "user.social"),
        ("improve.system", "data_uses", "functional.service.improve"),
        ("user.contact.phone", "data_categories", "user.contact.phone_number"),  # spelling
        ("user.retina_scan", "data_categories", "user.biometric.retinal"),  # description
        ("user.contact.emial", "data_categories", "user.contact.email"),  # spelling
        ("client", "data_subjects", "customer"),
        ("zzzz", "data_uses", None),
    ],
)
def test_suggest_key(word: str, kind: str, expected: str | None) -> None:
    assert terms.suggest_key(word, kind) == expected


def test_suggest_any_searches_every_kind() -> None:
    assert terms.suggest_any("improve.system") == "functional.service.improve"
    assert terms.suggest_any("custmer") == "customer"


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("terms.yaml", "  user.social:\n", "  user.socials:\n", "`user.socials` is not a key"),
        (
            "terms.yaml",
            "    name: Social Data\n",
            "    name: ''\n",
            "must be {name: text, description: text}",
        ),
        ("synonyms.yaml", "social_media: user.social", "social_media: user.socia", "not a key"),
        ("synonyms.yaml", "  twitter: user.social", "  Twitter: user.social", "a word is"),
        ("synonyms.yaml", "data_uses:", "data_usage:", "not one of"),
    ],
)
def test_a_broken_file_is_one_line_naming_file_line_and_key(
    law_copy: Path, name: str, old: str, new: str, message: str
) -> None:
    path = law_copy / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(LawDataError) as info:
        terms.terms() if name == "terms.yaml" else terms.synonyms()
    error = str(info.value)
    assert error.startswith(f"{law_copy / name}:")
    assert message in error
    assert "\n" not in error


def test_a_missing_term_is_reported(law_copy: Path) -> None:
    path = law_copy / "terms.yaml"
    text = path.read_text("utf-8")
    start = text.index("  user.social:\n")
    end = text.index("  user.telemetry:\n")
    path.write_text(text[:start] + text[end:], "utf-8")
    with pytest.raises(LawDataError, match=r"no term for `user\.social`"):
        terms.terms()
