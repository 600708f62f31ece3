"""Which packages go into the wheel; everything else is in pyproject.toml.

The rule packs live in ``rules/`` at the top of the repository (where people
edit them) and are installed as the package ``papercheck.rules``, with every
file under it as package data, so ``pip install .`` and a wheel carry all packs.
``pyproject.toml`` cannot map a folder to a sub-package and still find the
``pipeline`` packages automatically, hence these lines.
"""

from setuptools import find_namespace_packages, setup

setup(
    # namespace discovery: data folders (report templates, the model) are packages too, so their files ship
    packages=[*find_namespace_packages(include=["pipeline", "pipeline.*", "papercheck"],
                                       exclude=["*.__pycache__"]), "papercheck.rules"],
    package_dir={"papercheck.rules": "rules"},
)
