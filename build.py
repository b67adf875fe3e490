#!/usr/bin/env python3
"""Urvalsdata command line: `check`, `build`, `serve`, `check-pr`. All logic lives in `urval/`."""

import sys

from urval.cli import main

if __name__ == "__main__":
    sys.exit(main())
