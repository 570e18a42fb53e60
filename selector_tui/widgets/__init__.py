"""Reusable widgets: each receives state and reports changes with its own nested messages."""
