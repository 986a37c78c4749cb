"""baokan: raw newspaper page text → clean, segmented, validated, versioned article datasets."""

__version__ = "0.1.0"
