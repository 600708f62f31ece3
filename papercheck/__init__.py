"""papercheck as installed: ``python -m papercheck`` and the built-in rule packs (``papercheck.rules``).

The code lives in ``pipeline`` (the stages a document goes through) and ``cli``
(the command line). ``papercheck.rules`` is the repository's ``rules/`` folder,
mapped into this package by setup.py, so a wheel carries every pack and
``importlib.resources`` finds them wherever the package was installed.
"""
