"""Acier: exhibition-floor software for a steel interpretation centre."""

__version__ = "0.1.0"
