"""Acier: exhibition-floor software for a steel interpretation centre."""
