"""The opt-in facts cache: off unless configured, exact, and harmless when broken."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from ctlint.cli import run_cli
from ctlint.engine import cache

BASE = (Path(__file__).resolve().parents[2] / "policies" / "base-manifest.yaml").read_text()
# 20,000 consumers: below both thresholds, so sensitive data or a sale anywhere decides scope
CONFIG = "organization: {type: private_business, ct_consumers_per_year: 20000}\nas_of: 2026-12-01\n"
HEALTH = """    - key: user.health_and_medical
      purpose: Symptoms that customers describe in their tickets.
      necessity: Needed to route medical questions to the right team.
      retention_days: 365
"""
OLD = time.time() - 3600  # older than cache.RACY_SECONDS


def _manifest(ident: str, *, health: bool = False) -> str:
    text = BASE.replace("id: zendesk", f"id: {ident}", 1)
    if health:
        text = text.replace("  categories:\n", "  categories:\n" + HEALTH, 1)
    return text


def _write(path: Path, text: str) -> None:
    path.write_text(text)
    os.utime(path, (OLD, OLD))


@pytest.fixture
def repo(repo, monkeypatch):
    """The shared repository (conftest.py) with six manifests and a ``cache_dir``."""
    vendors = repo / "vendors"
    for index in range(5):
        _write(vendors / f"tool-{index}.yaml", _manifest(f"tool-{index}"))
    _write(vendors / "clinic.yaml", _manifest("clinic", health=True))
    repo.config(CONFIG + "cache_dir: .ctlint-cache\n")
    monkeypatch.chdir(repo.path)
    return repo.path


def _check(capsys, *args: str) -> dict:
    code = run_cli(["check", "--format", "json", *args])
    assert code in (0, 1), capsys.readouterr().err
    document = json.loads(capsys.readouterr().out)
    document.pop("duration_ms", None)
    return document


def _facts(repo: Path) -> dict:
    return json.loads((repo / ".ctlint-cache" / cache.FILE_NAME).read_text())["files"]


def test_base_manifest_has_the_id_the_fixture_replaces():
    assert "\nid: zendesk\n" in BASE
    assert "\n  categories:\n" in BASE


def test_nothing_is_written_without_cache_dir(repo, capsys):
    (repo / ".ctlint.yaml").write_text(CONFIG)
    before = sorted(p.relative_to(repo) for p in repo.rglob("*"))
    _check(capsys, "vendors/tool-0.yaml")
    _check(capsys)
    assert sorted(p.relative_to(repo) for p in repo.rglob("*")) == before


def test_a_run_fills_the_cache_and_a_one_file_run_agrees_with_no_cache(repo, capsys):
    uncached = _check(capsys, "--no-cache", "vendors/tool-0.yaml")
    assert not (repo / ".ctlint-cache").exists()
    assert uncached["organization"]["ctdpa_scope"]["in_scope"] is True
    first = _check(capsys, "vendors/tool-0.yaml")
    assert first == uncached
    assert (repo / ".ctlint-cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    entries = _facts(repo)
    assert sorted(entries) == sorted(f"vendors/{p.name}" for p in (repo / "vendors").iterdir())
    assert "user.health_and_medical" in entries["vendors/clinic.yaml"][7]
    assert _check(capsys, "vendors/tool-0.yaml") == uncached  # now from the cache


def test_the_cache_is_what_the_run_uses(repo, capsys, monkeypatch):
    _check(capsys, "vendors/tool-0.yaml")
    calls: list[str] = []
    from ctlint.engine import pipeline as api

    original = api.context_result

    def counting(target, settings):
        calls.append(target.rel)
        return original(target, settings)

    monkeypatch.setattr(api, "context_result", counting)
    _check(capsys, "vendors/tool-0.yaml")
    assert calls == []
    _check(capsys, "--no-cache", "vendors/tool-0.yaml")
    assert len(calls) == 5


@pytest.mark.parametrize("same_size", [False, True])
def test_a_changed_manifest_is_read_again(repo, capsys, same_size):
    assert _check(capsys, "vendors/tool-0.yaml")["organization"]["ctdpa_scope"]["in_scope"] is True
    clinic = repo / "vendors" / "clinic.yaml"
    text = _manifest("clinic")
    if same_size:  # same length, different content, so only the times tell
        text = _manifest("clinic", health=True).replace(
            "user.health_and_medical", "user.name" + " " * 14
        )
        assert len(text) == len(_manifest("clinic", health=True))
    clinic.write_text(text)
    os.utime(clinic, (OLD + 60, OLD + 60))
    document = _check(capsys, "vendors/tool-0.yaml")
    assert document == _check(capsys, "--no-cache", "vendors/tool-0.yaml")


def test_cached_facts_decide_scope_like_fresh_ones(repo, capsys):
    _check(capsys, "vendors/tool-0.yaml")
    _write(repo / "vendors" / "clinic.yaml", _manifest("clinic"))
    out_of_scope = _check(capsys, "vendors/tool-0.yaml")["organization"]["ctdpa_scope"]
    assert out_of_scope["in_scope"] is False
    _write(repo / "vendors" / "clinic.yaml", _manifest("clinic", health=True) + "# again\n")
    assert _check(capsys, "vendors/tool-0.yaml")["organization"]["ctdpa_scope"]["in_scope"] is True


def test_a_file_changed_within_the_racy_window_is_not_stored(repo, capsys):
    (repo / "vendors" / "tool-1.yaml").write_text(_manifest("tool-1") + "# edited now\n")
    _check(capsys, "vendors/tool-0.yaml")
    entries = _facts(repo)
    assert "vendors/tool-1.yaml" not in entries
    assert "vendors/tool-2.yaml" in entries


def test_removed_manifests_leave_the_cache(repo, capsys):
    _check(capsys)
    assert "vendors/tool-4.yaml" in _facts(repo)
    (repo / "vendors" / "tool-4.yaml").unlink()
    _check(capsys, "vendors/tool-0.yaml")
    assert "vendors/tool-4.yaml" not in _facts(repo)


def test_duplicate_ids_are_found_through_the_cache(repo, capsys):
    _write(repo / "vendors" / "tool-3.yaml", _manifest("tool-0"))
    _check(capsys)
    document = _check(capsys, "vendors/tool-3.yaml")
    assert [f["rule"] for f in document["findings"] if f["rule"] == "CTL201"] == ["CTL201"]
    assert document == _check(capsys, "--no-cache", "vendors/tool-3.yaml")


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"key": "other", "files": {}}',
        "{}",
        None,  # the right key, entries of the wrong shape
    ],
)
def test_a_broken_cache_is_ignored_and_replaced(repo, capsys, content):
    expected = _check(capsys, "--no-cache", "vendors/tool-0.yaml")
    folder = repo / ".ctlint-cache"
    folder.mkdir()
    from ctlint.document.read import Limits

    if content is None:
        bad = {
            f"vendors/{p.name}": [1, 2, 3, 4, 5, "yes", None, "x", 0]
            for p in (repo / "vendors").iterdir()
        }
        for rel, path in ((r, repo / r) for r in bad):
            stamp = cache.stamp(str(path))
            assert stamp is not None
            bad[rel] = [*stamp, 7, "yes", None, "x", 0]
        content = json.dumps({"key": cache.fingerprint(Limits()), "files": bad})
    (folder / cache.FILE_NAME).write_text(content)
    assert _check(capsys, "vendors/tool-0.yaml") == expected
    assert len(_facts(repo)) == 6


def test_no_cache_neither_reads_nor_writes(repo, capsys):
    _check(capsys)
    path = repo / ".ctlint-cache" / cache.FILE_NAME
    document = json.loads(path.read_text())
    clinic = document["files"]["vendors/clinic.yaml"]
    clinic[7] = []  # a poisoned entry with a valid stamp: the cache trusts it
    path.write_text(json.dumps(document))
    written = path.read_text()
    assert _check(capsys, "vendors/tool-0.yaml")["organization"]["ctdpa_scope"]["in_scope"] is False
    fresh = _check(capsys, "--no-cache", "vendors/tool-0.yaml")
    assert fresh["organization"]["ctdpa_scope"]["in_scope"] is True
    assert path.read_text() == written


def test_limits_are_part_of_the_key(repo, capsys):
    _check(capsys)
    key = json.loads((repo / ".ctlint-cache" / cache.FILE_NAME).read_text())["key"]
    (repo / ".ctlint.yaml").write_text(
        CONFIG + "cache_dir: .ctlint-cache\nlimits: {max_nodes: 5000}\n"
    )
    _check(capsys, "vendors/tool-0.yaml")
    assert json.loads((repo / ".ctlint-cache" / cache.FILE_NAME).read_text())["key"] != key


def test_cache_dir_option_overrides_the_configuration(repo, capsys, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("ci-cache")
    _check(capsys, "--cache-dir", str(elsewhere), "vendors/tool-0.yaml")
    assert (elsewhere / cache.FILE_NAME).is_file()
    assert not (repo / ".ctlint-cache").exists()


@pytest.mark.parametrize("value", ["../outside", "/tmp/ctlint-cache", "link/sub"])
def test_a_configured_cache_dir_must_stay_inside_the_root(repo, capsys, value, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (repo / "link").symlink_to(outside, target_is_directory=True)
    (repo / ".ctlint.yaml").write_text(CONFIG + f"cache_dir: {value}\n")
    assert run_cli(["check", "vendors/tool-0.yaml"]) == 2
    err = capsys.readouterr().err
    assert f"cache_dir: `{value}` leads outside the repository root" in err
    assert len(err.strip().splitlines()) == 1
    assert list(outside.iterdir()) == []


def test_a_planted_gitignore_link_is_not_followed(repo, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "victim"
    folder = repo / ".ctlint-cache"
    folder.mkdir()
    (folder / ".gitignore").symlink_to(outside)
    _check(capsys, "vendors/tool-0.yaml")
    assert not outside.exists()
    assert (folder / cache.FILE_NAME).is_file()


def test_an_unwritable_cache_costs_nothing_but_time(repo, capsys):
    (repo / ".ctlint-cache").write_text("a file where the folder should be\n")
    expected = _check(capsys, "--no-cache", "vendors/tool-0.yaml")
    assert _check(capsys, "vendors/tool-0.yaml") == expected
    assert (repo / ".ctlint-cache").read_text() == "a file where the folder should be\n"


def test_parallel_runs_use_the_light_analysis_too(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()
    (tmp_path / "vendors").mkdir()
    for index in range(70):
        _write(
            tmp_path / "vendors" / f"tool-{index}.yaml",
            _manifest(f"tool-{index}", health=index == 69),
        )
    (tmp_path / ".ctlint.yaml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)
    one = _check(capsys, "--jobs", "1", "vendors/tool-0.yaml")
    two = _check(capsys, "--jobs", "2", "vendors/tool-0.yaml")
    assert one == two
    assert one["organization"]["ctdpa_scope"]["in_scope"] is True


def test_a_planted_cache_file_link_is_not_followed(repo, capsys, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "facts.json"
    _check(capsys)
    real = repo / ".ctlint-cache" / cache.FILE_NAME
    secret.write_text(real.read_text())  # a valid cache, but outside the repository
    real.unlink()
    real.symlink_to(secret)
    opened: list[str] = []
    original = os.open

    def spy(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return original(path, *args, **kwargs)

    from unittest import mock

    with mock.patch.object(cache.os, "open", spy):
        expected = _check(capsys, "vendors/tool-0.yaml")
    assert str(real) in opened
    assert not real.is_symlink()  # replaced by a real file, not written through
    assert real.is_file()
    assert json.loads(secret.read_text())["files"]  # the outside file is untouched
    assert expected == _check(capsys, "--no-cache", "vendors/tool-0.yaml")
