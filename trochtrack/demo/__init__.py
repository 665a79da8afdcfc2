"""Package data: the demo patients (the seed case among them)."""
