"""Rebuilding the recorded page: the DOM engine (pure Python) and the web view."""
