"""``python -m papercheck …`` is ``papercheck …`` (for a venv whose scripts folder is not on PATH)."""

from cli import main

main(prog_name="papercheck")
