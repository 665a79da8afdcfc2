"""Use cases: what the GUI and the CLI can do, one transaction each."""
