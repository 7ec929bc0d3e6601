"""clean/manifest.jsonl: one record per document, sorted by id, stable from run to run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .emit import write_atomic

NAME = "manifest.jsonl"


class ManifestError(ValueError):
    """The existing manifest cannot be read."""


def read(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    records: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            records[record["id"]] = record
        except (ValueError, KeyError, TypeError):
            raise ManifestError(f"{path}:{number}: not a manifest record") from None
    return records


def lines(records: dict[str, dict[str, Any]]) -> Iterator[bytes]:
    for key in sorted(records):
        yield json.dumps(records[key], ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"


def dumps(records: dict[str, dict[str, Any]]) -> bytes:
    return b"".join(lines(records))


def write(path: Path, records: dict[str, dict[str, Any]]) -> None:
    write_atomic(path, lines(records))  # streamed: no second copy of a manifest of millions of records
