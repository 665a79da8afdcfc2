"""The command-line interface (trochtrack-cli)."""
