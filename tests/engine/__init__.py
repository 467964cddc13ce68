"""Engine tests (pure Python, no Qt)."""
