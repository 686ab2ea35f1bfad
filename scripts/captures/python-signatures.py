"""Static capture of the public call signatures of the Python QStash SDK (upstash/qstash-py).

Reads the SDK's source with Python's own parser (ast), never imports or runs it. Reports the client
class (QStash) with the API object behind each of its attributes (`client.message` -> MessageApi), and
for every public method of those classes its parameters: name, kind (positional, keyword-only, *args,
**kwargs) and whether it has a default, each with its source line. The docs miner checks the Python
example snippets against these facts.

usage: python3 python-signatures.py <checkout> [<package dir, default qstash>]
Prints JSON to stdout: {"client": {...}, "classes": {...}}.
"""

import ast
import json
import os
import sys


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print("usage: python3 python-signatures.py <checkout> [<package dir>]", file=sys.stderr)
        return 2
    root = sys.argv[1]
    package = sys.argv[2] if len(sys.argv) == 3 else "qstash"
    base = os.path.join(root, package)
    if not os.path.isdir(base):
        print(f"error: {base} is not a directory; fix: pass a checkout of upstash/qstash-py", file=sys.stderr)
        return 2
    classes = {}
    for name in sorted(os.listdir(base)):
        if name.endswith(".py"):
            path = os.path.join(base, name)
            with open(path, encoding="utf-8") as handle:
                tree = ast.parse(handle.read(), filename=path)
            for node in tree.body:
                if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                    methods = {m.name: signature(m) for m in node.body
                               if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and not m.name.startswith("_")}
                    if methods:
                        classes[node.name] = {"file": os.path.relpath(path, root), "line": node.lineno, "methods": methods}
    client = client_class(os.path.join(base, "client.py"), root)
    print(json.dumps({"client": client, "classes": classes}, indent=1, sort_keys=True))
    return 0


def signature(function):
    """Parameters after self, each with its kind and whether it may be left out."""
    args = function.args
    params = []
    positional = args.posonlyargs + args.args
    first_default = len(positional) - len(args.defaults)
    for index, arg in enumerate(positional):
        if index == 0 and arg.arg in ("self", "cls"):
            continue
        params.append({"name": arg.arg, "kind": "positional", "optional": index >= first_default, "line": arg.lineno})
    if args.vararg:
        params.append({"name": args.vararg.arg, "kind": "var-positional", "optional": True, "line": args.vararg.lineno})
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        params.append({"name": arg.arg, "kind": "keyword", "optional": default is not None, "line": arg.lineno})
    if args.kwarg:
        params.append({"name": args.kwarg.arg, "kind": "var-keyword", "optional": True, "line": args.kwarg.lineno})
    return {"line": function.lineno, "params": params}


def client_class(path, root):
    """The client class and the API class behind each attribute its __init__ sets."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), filename=path)
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for member in node.body:
            if isinstance(member, ast.FunctionDef) and member.name == "__init__":
                attributes = {}
                for statement in ast.walk(member):
                    if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                            and isinstance(statement.targets[0], ast.Attribute)
                            and isinstance(statement.targets[0].value, ast.Name)
                            and statement.targets[0].value.id == "self"
                            and isinstance(statement.value, ast.Call)
                            and isinstance(statement.value.func, ast.Name)):
                        attributes[statement.targets[0].attr] = {"class": statement.value.func.id,
                                                                 "line": statement.lineno}
                return {"class": node.name, "file": os.path.relpath(path, root), "line": node.lineno,
                        "init": signature(member), "attributes": attributes}
    return None


if __name__ == "__main__":
    sys.exit(main())
