"""Pydantic models for everything read from YAML: the border of the engine."""
