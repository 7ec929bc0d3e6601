"""The hooks of .pre-commit-hooks.yaml, driven by the real pre-commit in a throw-away corpus repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from support import RAW, REPO

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None, reason="needs git and pre-commit")


def test_the_hooks_declare_what_pre_commit_needs() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"scrapelint-fix", "scrapelint-check"}
    assert hooks["scrapelint-fix"]["require_serial"] is True
    assert "--exit-non-zero-on-fix" in hooks["scrapelint-fix"]["entry"]
    assert hooks["scrapelint-check"]["entry"].endswith("fix --check")
    own = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert {hook["id"] for repo in own["repos"] for hook in repo["hooks"]} == set(hooks)


def test_fix_stops_the_first_commit_and_passes_the_second(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    for name in sorted(p.name for p in RAW.iterdir())[:2]:
        shutil.copy(RAW / name, corpus / "raw" / name)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=corpus, env=env, capture_output=True, text=True, timeout=600)

    run("git", "init", "-q")
    run("git", "add", "raw")

    def hook(hook_id: str) -> subprocess.CompletedProcess[str]:
        return run("pre-commit", "try-repo", str(REPO), hook_id, "--all-files")

    first = hook("scrapelint-fix")
    assert first.returncode == 1, first.stdout
    assert sorted(p.name for p in (corpus / "clean").iterdir()) == sorted(
        [p.name for p in (corpus / "raw").iterdir()] + ["manifest.jsonl"]
    )
    run("git", "add", "clean")
    second = hook("scrapelint-fix")
    assert second.returncode == 0, second.stdout
    assert hook("scrapelint-check").returncode == 0

    raw = next((corpus / "raw").iterdir())
    raw.write_text(raw.read_text() + "\n\nA paragraph the scraper added later, long enough to be kept as prose.")
    stale = hook("scrapelint-check")
    assert stale.returncode == 1 and f"clean/{raw.name}: would change (raw document changed)" in stale.stdout
