"""`python scripts/bench ...`: run the benchmark (see bench/__init__.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # scripts/: `bench` is a package there

from bench.main import main

raise SystemExit(main())
