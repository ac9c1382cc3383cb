"""The lint rules, one module each (``RULE`` in every module not starting with an underscore).

Ids: RL0xx references, RL1xx exact reasoning against the parent, RL2xx wording, RL3xx numbering and
punctuation, RL4xx a measure's own text. ``rongcuo lint --explain ID`` shows a rule's page.
"""
