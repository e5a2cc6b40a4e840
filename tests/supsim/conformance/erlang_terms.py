"""Writes Python values as Erlang term text, for the oracle's `file:consult/1`.

Strings become binaries (names and paths), Atom values atoms, tuples Erlang tuples,
dicts maps with atom keys, booleans the atoms true/false.
"""


class Atom(str):
    """A string to be written as an Erlang atom."""


def atom_text(name):
    if name and name[0].islower() and all(c.isalnum() or c in "_@" for c in name):
        return name
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def binary_text(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '<<"' + escaped + '"/utf8>>'


def term(value):
    if isinstance(value, Atom):
        return atom_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return binary_text(value)
    if isinstance(value, tuple):
        return "{" + ",".join(term(v) for v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(term(v) for v in value) + "]"
    if isinstance(value, dict):
        return "#{" + ",".join(atom_text(k) + "=>" + term(v) for k, v in value.items()) + "}"
    raise TypeError("no Erlang form for %r" % (value,))


def reason_term(reason):
    """An exit reason as the scenario language spells it -> the Erlang term.

    `shutdown:detail` is {shutdown, detail}; anything else is an atom.
    """
    if reason.startswith("shutdown:"):
        return (Atom("shutdown"), Atom(reason[len("shutdown:"):]))
    return Atom(reason)
