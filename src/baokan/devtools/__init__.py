"""Development tools: page generators with known answers and the segmentation metrics.

Importable by tests, `scripts/` and benchmarks; never imported by the runtime package (the
segmenter, build, validate, release). Nothing here runs when a user segments or publishes.
"""
