"""The validated catalogue as frozen types for one as-of day, and the rules that order suppliers."""
