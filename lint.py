#!/usr/bin/env python3
"""`python lint.py ...` from a checkout is `scrapelint ...`."""

import sys

from ingest.cli import main

if __name__ == "__main__":
    sys.exit(main())
