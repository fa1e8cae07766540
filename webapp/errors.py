"""Errors that end a command with one clear message instead of a traceback."""


class SetupError(Exception):
    """The database or the machine is not in a state we can start from.

    The message says what is wrong and what to do; the CLI prints it alone.
    """
