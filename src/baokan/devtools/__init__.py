"""Development tools: page generators with known answers, the segmentation metrics, and a headless
Chromium driver for the browser tests (`chromium.py`).

Importable by tests, `scripts/` and benchmarks; never imported by the runtime package (the
segmenter, build, validate, release). Nothing here runs when a user segments or publishes.
"""
