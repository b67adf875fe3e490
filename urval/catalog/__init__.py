"""Load and validate a catalogue folder: YAML loading, discovery, layout, schemas, rules, problems."""
