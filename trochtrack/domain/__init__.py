"""The clinical domain: pure data and rules (no Qt, no database, no clock, no I/O)."""
