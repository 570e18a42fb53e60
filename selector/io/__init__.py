"""The border: YAML in (safe, limited, located), validation into models, paths, atomic writes."""
