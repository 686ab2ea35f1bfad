"""Static capture of the REST requests the Python QStash SDK (upstash/qstash-py) builds.

Reads the SDK's source with Python's own parser (ast), never imports or runs it. For every public
method of the API classes that calls the shared HTTP client (self._http.request / .stream), or that
hands over to a sibling method that does, it reports the method, the path template, and the names of
the query parameters, headers and JSON body fields the call can send, each with its source line.
Names are followed through local dicts, helper functions of the same module and json.dumps.

usage: python3 python-requests.py <checkout> [<package dir, default qstash>]
Prints JSON to stdout: {"captures": [...], "unresolved": [...], "async": {...}}.
"""

import ast
import json
import os
import sys

HTTP_VERBS = {"request", "stream"}


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print("usage: python3 python-requests.py <checkout> [<package dir>]", file=sys.stderr)
        return 2
    root = sys.argv[1]
    package = sys.argv[2] if len(sys.argv) == 3 else "qstash"
    base = os.path.join(root, package)
    if not os.path.isdir(base):
        print(f"error: {base} is not a directory; fix: pass a checkout of upstash/qstash-py", file=sys.stderr)
        return 2
    sync = capture_package(root, base, package)
    attributes = client_attributes(os.path.join(base, "client.py"))
    for item in sync["captures"]:
        item["call"] = f"{attributes.get(item['class'], item['class'])}.{item['method']}"
    async_dir = os.path.join(base, "asyncio")
    mirror = capture_package(root, async_dir, f"{package}/asyncio") if os.path.isdir(async_dir) else {"captures": []}
    print(json.dumps({"captures": sync["captures"], "unresolved": sync["unresolved"], "async": compare(sync, mirror)}, indent=1))
    return 0


def capture_package(root, directory, package):
    captures, unresolved = [], []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".py"):
            continue
        path = os.path.join(directory, name)
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), filename=path)
        module = Module(tree, os.path.relpath(path, root), root)
        for cls in [node for node in tree.body if isinstance(node, ast.ClassDef)]:
            found = capture_class(module, cls)
            captures.extend(found["captures"])
            unresolved.extend(found["unresolved"])
    return {"captures": captures, "unresolved": unresolved}


class Module:
    def __init__(self, tree, file, root):
        self.file = file
        self.functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        # Helpers imported from a sibling module of the package (the asyncio classes reuse the sync helpers).
        self.imports = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                source = os.path.join(root, *node.module.split(".")) + ".py"
                if os.path.exists(source):
                    for alias in node.names:
                        self.imports[alias.asname or alias.name] = (source, alias.name)
        self.root = root
        self.constants = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.constants[target.id] = node.value.value

    def helper(self, name):
        """(module, function) for a helper defined here or imported from a sibling module; None otherwise."""
        if name in self.functions:
            return self, self.functions[name]
        if name in self.imports:
            source, original = self.imports[name]
            with open(source, encoding="utf-8") as handle:
                other = Module(ast.parse(handle.read(), filename=source), os.path.relpath(source, self.root), self.root)
            if original in other.functions:
                return other, other.functions[original]
        return None


def capture_class(module, cls):
    methods = {n.name: n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    captures, unresolved, direct = [], [], {}
    for name, fn in methods.items():
        if name.startswith("_"):
            continue
        for call in http_calls(fn):
            request, problems = describe_call(module, fn, call)
            drop_own_file(request, module.file)
            entry = {"class": cls.name, "method": name, "file": module.file, "line": call.lineno, "request": request}
            captures.append(entry)
            direct.setdefault(name, entry)
            unresolved.extend({"class": cls.name, "method": name, "file": module.file, **p} for p in problems)
    for name, fn in methods.items():
        if name.startswith("_") or name in direct:
            continue
        for call in ast.walk(fn):
            target = self_method(call)
            if target in direct:
                delegate = direct[target]
                captures.append({"class": cls.name, "method": name, "file": module.file, "line": call.lineno, "delegatesTo": target, "request": delegate["request"]})
                break
    return {"captures": captures, "unresolved": unresolved}


def drop_own_file(request, file):
    """A name keeps its file only when a helper in another module sets it."""
    body = request["body"]
    for name in request["query"] + request["headers"] + body.get("fields", []) + body.get("entryHeaders", []):
        if name.get("file") == file:
            del name["file"]


def http_calls(fn):
    calls = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in HTTP_VERBS:
            owner = node.func.value
            if isinstance(owner, ast.Attribute) and owner.attr == "_http":
                calls.append(node)
    return sorted(calls, key=lambda c: c.lineno)


def self_method(node):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
        if node.func.value.id == "self":
            return node.func.attr
    return None


def describe_call(module, fn, call):
    args = {k.arg: k.value for k in call.keywords if k.arg}
    problems = []
    method = args.get("method")
    method_name = method.value if isinstance(method, ast.Constant) else None
    if method_name is None:
        problems.append({"line": call.lineno, "what": "method is not a literal"})
    request = {
        "method": method_name,
        "path": template(args.get("path")),
        "query": names_of(module, fn, args.get("params"), problems),
        "headers": names_of(module, fn, args.get("headers"), problems),
        "body": body_of(module, fn, args.get("body"), problems),
    }
    if "base_url" in args:
        request["baseUrl"] = ast.unparse(args["base_url"])
    return request, problems


def template(node):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(value.value)
            else:
                parts.append("{" + ast.unparse(value.value) + "}")
        return "".join(parts)
    return None if node is None else "{" + ast.unparse(node) + "}"


def names_of(module, fn, node, problems, depth=0):
    """Names a dict expression can hold: [{"name", "line"}]; a family prefix ends with '*'."""
    if node is None or depth > 6:
        return []
    found = []
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values):
            if key is None:
                found += names_of(module, fn, value, problems, depth + 1)
            else:
                found += key_names(module, fn, key)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for item in node.elts:
            found += names_of(module, fn, item, problems, depth + 1)
    elif isinstance(node, ast.Constant) and node.value is None:
        pass
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            found += names_of(module, fn, value, problems, depth + 1)
    elif isinstance(node, ast.Name):
        found += names_in_scope(module, fn, node.id, problems, depth)
    elif isinstance(node, ast.Call):
        callee = node.func.id if isinstance(node.func, ast.Name) else None
        resolved = module.helper(callee) if callee else None
        if resolved:
            owner, helper = resolved
            for ret in [n for n in ast.walk(helper) if isinstance(n, ast.Return) and n.value is not None]:
                found += names_of(owner, helper, ret.value, problems, depth + 1)
        elif callee == "dict":
            found += [{"name": k.arg, "line": node.lineno, "file": module.file} for k in node.keywords if k.arg]
        else:
            problems.append({"line": node.lineno, "what": f"cannot follow {ast.unparse(node)[:60]}"})
    else:
        problems.append({"line": node.lineno, "what": f"cannot follow {ast.unparse(node)[:60]}"})
    return unique(found)


def key_names(module, fn, key):
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return [{"name": key.value, "line": key.lineno, "file": module.file}]
    if isinstance(key, ast.Name) and key.id in module.constants:
        return [{"name": module.constants[key.id], "line": key.lineno, "file": module.file}]
    if isinstance(key, ast.Name):
        # A loop variable renamed into a family before use: `k = f"Upstash-Forward-{k}"; h[k] = v`.
        found = []
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == key.id for t in node.targets):
                if isinstance(node.value, (ast.JoinedStr, ast.BinOp)):
                    found += key_names(module, fn, node.value)
        return found
    if isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant):
        return [{"name": key.values[0].value + "*", "line": key.lineno, "file": module.file}]
    if isinstance(key, ast.BinOp) and isinstance(key.op, ast.Add) and isinstance(key.left, ast.Constant):
        return [{"name": str(key.left.value) + "*", "line": key.lineno, "file": module.file}]
    # A key taken from the caller's own data (`h[k] = v`): not a name the SDK chooses.
    return []


def names_in_scope(module, fn, name, problems, depth):
    found = []
    parameters = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
    assigned = False
    for node in ast.walk(fn):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is None:
                continue
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name:
                    assigned = True
                    found += names_of(module, fn, node.value, problems, depth + 1)
                elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id == name:
                    found += key_names(module, fn, target.slice)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            if node.func.value.id == name and node.func.attr in ("update", "append") and node.args:
                found += names_of(module, fn, node.args[0], problems, depth + 1)
    if not assigned and name not in parameters:
        problems.append({"line": fn.lineno, "what": f"no assignment of {name} in {fn.name}"})
    return found


def body_of(module, fn, node, problems):
    if node is None:
        return {"kind": "none"}
    source = json_source(module, fn, node, 0)
    if source is None:
        return {"kind": "raw"}
    owner, scope, value = source
    fields = names_of(owner, scope, value, problems)
    body = {"kind": "json", "fields": [f for f in fields if not f["name"].endswith("*")]}
    entry_headers = entry_header_names(owner, scope, value, problems)
    if entry_headers:
        body["entryHeaders"] = entry_headers
    return body


def json_source(module, fn, node, depth):
    """The (module, scope, expression) handed to json.dumps for this body, or None for a raw payload."""
    if depth > 6:
        return None
    if isinstance(node, ast.Call):
        if ast.unparse(node.func) == "json.dumps" and node.args:
            return (module, fn, node.args[0])
        callee = node.func.id if isinstance(node.func, ast.Name) else None
        resolved = module.helper(callee) if callee else None
        if resolved:
            owner, helper = resolved
            for ret in [n for n in ast.walk(helper) if isinstance(n, ast.Return) and n.value is not None]:
                found = json_source(owner, helper, ret.value, depth + 1)
                if found:
                    return found
    if isinstance(node, ast.Name):
        for stmt in ast.walk(fn):
            if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets):
                found = json_source(module, fn, stmt.value, depth + 1)
                if found:
                    return found
    return None


def entry_header_names(module, fn, node, problems):
    """For a list of entries (batch), the header names of the entries' `headers` field."""
    entries = []
    if isinstance(node, ast.Name):
        for stmt in ast.walk(fn):
            if isinstance(stmt, ast.Call) and isinstance(stmt.func, ast.Attribute) and stmt.func.attr == "append":
                if isinstance(stmt.func.value, ast.Name) and stmt.func.value.id == node.id and stmt.args:
                    entries.append(stmt.args[0])
    found = []
    for entry in entries:
        if isinstance(entry, ast.Dict):
            for key, value in zip(entry.keys, entry.values):
                if isinstance(key, ast.Constant) and key.value == "headers":
                    found += names_of(module, fn, value, problems)
    return unique(found)


def unique(found):
    """Each name once, in source order (ast.walk visits breadth-first, not line by line)."""
    seen, out = set(), []
    for item in sorted(found, key=lambda f: (f.get("file", ""), f["line"])):
        if item["name"] not in seen:
            seen.add(item["name"])
            out.append(item)
    return out


def client_attributes(path):
    """Class name -> the attribute a caller reaches it by (`DlqApi` -> `dlq`), from the client's __init__."""
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                    out.setdefault(node.value.func.id, target.attr)
    return out


def compare(sync, mirror):
    """Whether the asyncio package builds the same requests as the sync one, method by method."""
    def key(item):
        return (item["class"].removeprefix("Async"), item["method"])

    def shape(item):
        r = item["request"]
        return json.dumps([r["method"], r["path"], [q["name"] for q in r["query"]], [h["name"] for h in r["headers"]],
                           r["body"].get("kind"), [f["name"] for f in r["body"].get("fields", [])]])

    sync_map = {key(i): shape(i) for i in sync["captures"]}
    async_map = {key(i): shape(i) for i in mirror["captures"]}
    differ = sorted(f"{c}.{m}" for (c, m) in sync_map.keys() & async_map.keys() if sync_map[(c, m)] != async_map[(c, m)])
    only_sync = sorted(f"{c}.{m}" for (c, m) in sync_map.keys() - async_map.keys())
    only_async = sorted(f"{c}.{m}" for (c, m) in async_map.keys() - sync_map.keys())
    return {"same": len(sync_map.keys() & async_map.keys()) - len(differ), "differ": differ, "onlySync": only_sync, "onlyAsync": only_async}


if __name__ == "__main__":
    sys.exit(main())
