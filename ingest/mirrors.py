"""Whether an installed library's code is the code a module here mirrors (author, decode, jsonld,
pagedate, prune): the sha256 of its source, first 16 hex digits, against the digest of the code the
mirror was written from. A mirror runs only while they agree; else the library runs its own code."""

from __future__ import annotations

from typing import Any


def digest(*parts: Any) -> str | None:
    """sha256 (first 16 hex digits) of the parts joined: a string as it is, anything else as its
    source (inspect.getsource); None when a source cannot be read."""
    import hashlib
    import inspect

    try:
        source = "".join(part if isinstance(part, str) else inspect.getsource(part) for part in parts)
    except (OSError, TypeError):
        return None
    return hashlib.sha256(source.encode()).hexdigest()[:16]
