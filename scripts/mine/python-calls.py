"""The SDK calls of Python example snippets, read with Python's own parser (ast); nothing is run.

Reads a JSON list of snippet texts on stdin. For each snippet it reports the calls made on a QStash
client: a name bound to QStash(...) or AsyncQStash(...), a name bound to one of its attributes
(`messages = client.message`), or `client` itself when the snippet leaves its creation out. Each call
gives its line, the attribute chain (`["message", "publish_json"]`), how many positional arguments it
passes, the keyword names, whether it unpacks *args or **kwargs, and whether it elides its arguments
(`publish_json(...)`). A snippet that does not parse
reports the syntax error instead.

usage: python3 python-calls.py < snippets.json     (prints JSON to stdout)
"""

import ast
import json
import sys

CLIENT_CLASSES = {"QStash", "AsyncQStash"}
LEFT_OUT_CLIENT = "client"


def main() -> int:
    texts = json.load(sys.stdin)
    print(json.dumps([calls_of(text) for text in texts]))
    return 0


def calls_of(text):
    try:
        tree = compile(text, "<snippet>", "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    except SyntaxError as error:
        return {"syntax": {"line": error.lineno or 1, "message": error.msg}}
    bound = bindings(tree)
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        chain = attribute_chain(node.func)
        if not chain or len(chain) < 2:
            continue
        root, rest = chain[0], chain[1:]
        if root in bound:
            rest = bound[root] + rest
        elif root != LEFT_OUT_CLIENT:
            continue
        calls.append({
            "line": node.lineno,
            "chain": rest,
            "positional": sum(1 for a in node.args if not isinstance(a, ast.Starred)),
            "keywords": [k.arg for k in node.keywords if k.arg is not None],
            "unpacks": any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords),
            # `publish_json(...)`: the page elides the arguments.
            "elided": any(isinstance(a, ast.Constant) and a.value is Ellipsis for a in node.args),
        })
    calls.sort(key=lambda c: c["line"])
    return {"calls": calls, "leftOutClient": LEFT_OUT_CLIENT not in bound and any(
        isinstance(n, ast.Name) and n.id == LEFT_OUT_CLIENT for n in ast.walk(tree))}


def bindings(tree):
    """Names bound to a client (chain []) or to an attribute of one (chain ["message"])."""
    bound = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            continue
        value = node.value.value if isinstance(node.value, ast.Await) else node.value
        name = node.targets[0].id
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in CLIENT_CLASSES:
            bound[name] = []
        else:
            chain = attribute_chain(value)
            if chain and (chain[0] in bound or chain[0] == LEFT_OUT_CLIENT):
                bound[name] = bound.get(chain[0], []) + chain[1:]
    return bound


def attribute_chain(node):
    """`client.message.publish_json` -> ["client", "message", "publish_json"]; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return list(reversed(parts))


if __name__ == "__main__":
    sys.exit(main())
