"""The command line: the declaration of every command, the typer app and the fast path built from it, and the process.

``declaration`` declares the commands; ``argv`` parses normal command lines without typer and
``app`` is the typer app (help, completion, usage errors); ``entry`` is the console script;
``bodies`` runs each command; ``completion`` answers Tab; ``process``, ``streams`` and
``exit_codes`` are how a command ends.
"""
