"""The rules: one module each (a small family that shares its logic may share one).

The registry lists this package to find them; data files (word and phrase lists) live in
``data/`` beside them, named after the rule id.
"""
