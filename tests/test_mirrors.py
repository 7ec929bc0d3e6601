"""ingest/mirrors.py: the digest a mirror of a library's code is checked by."""

import hashlib
import inspect

from ingest.mirrors import digest


def _example(text: str) -> str:
    return text.strip()


def test_the_digest_is_of_the_sources_and_strings_joined() -> None:
    source = inspect.getsource(_example) + "pattern"
    assert digest(_example, "pattern") == hashlib.sha256(source.encode()).hexdigest()[:16]
    assert digest(_example, "pattern") != digest(_example, "other pattern")


def test_a_source_that_cannot_be_read_gives_no_digest() -> None:
    assert digest(len) is None  # a builtin: no Python source
    assert digest(None) is None  # a function the library no longer has
