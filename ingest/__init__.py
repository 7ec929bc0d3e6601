"""scrapelint: clean scraped documents with YAML-configured rules.

A document flows one way: bytes -> decode -> (extract) -> rules -> validate -> emit.
"""

__version__ = "0.1.0"
