"""Plain-text, CSV and JSON faces of the result. Nothing here computes a score."""
