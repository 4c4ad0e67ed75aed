"""No import cycles between the project's modules (issue 7, item 13).

Reads every module of the ``reintegra`` package with ``ast`` (imports inside functions
count too: a cycle hidden in a function is still a cycle, only a later one) and looks for
strongly connected groups. Tests and migrations are left out; so is each app's ``apps.py``,
whose ``ready()`` is where an app registers itself with others (panels, erasure, home
blocks), by design.
"""

import ast
from pathlib import Path

import reintegra

ROOT = Path(reintegra.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts or parts[-1] == "apps":
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, known) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            candidates = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        else:
            continue
        targets |= {c for c in candidates if c in known and c != name}
    return targets


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iteratively)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(start):
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_itself_back():
    found = cycles(import_graph())
    assert found == [], "import cycles between modules: " + "; ".join(
        " <-> ".join(group) for group in found)


def test_clients_never_imports_privacy():
    """privacy builds on clients (erasure, consent, files); clients stands alone."""
    graph = import_graph()
    reaching = sorted(f"{a} -> {b}" for a, targets in graph.items() for b in targets
                      if a.startswith("reintegra.clients") and b.startswith("reintegra.privacy"))
    assert reaching == []


def test_programme_selectors_and_services_do_not_import_each_other():
    graph = import_graph()
    assert "reintegra.programme.services" not in graph["reintegra.programme.selectors"]


# Views speak HTTP: who may do what is decided in the access modules (issue 7, item 10).
# core/views.py's landing redirect (a trainer lands on their sessions) shows no client data.
VIEWS_ALLOWED_TO_READ_ROLES = {"reintegra.core.views"}


def test_views_leave_role_checks_to_the_access_modules():
    offenders = []
    for name, path in _modules().items():
        last = name.rpartition(".")[2]
        if last not in ("views", "attachments") or name in VIEWS_ALLOWED_TO_READ_ROLES:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "role":
                offenders.append(f"{name}:{node.lineno} reads .role")
            if isinstance(node, ast.Name) and node.id == "Role":
                offenders.append(f"{name}:{node.lineno} uses Role")
    assert offenders == [], "move these checks into the app's access.py: " + "; ".join(offenders)
