"""The built-in rule packs, one folder each (data only, no code).

Installed as ``papercheck.rules`` (see setup.py) so that a wheel carries every
pack under this folder and ``pipeline.judge.rulepack`` finds them with
``importlib.resources``.
"""
