"""Hardware: named inputs and outputs built from a device's YAML (see bindings.py)."""
