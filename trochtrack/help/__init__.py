"""The user guide shown by Help > User guide (package data, read with importlib.resources)."""
