"""Name handling (placeholder)."""
