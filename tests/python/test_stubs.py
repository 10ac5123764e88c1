"""The typed stubs (_core.pyi) match the built module: mypy.stubtest fails on any drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import govgraph


def test_stubs_ship_with_the_package():
    pkg = Path(govgraph.__file__).parent
    assert (pkg / "_core.pyi").exists() and (pkg / "py.typed").exists()


def test_stubtest_finds_no_drift():
    pytest.importorskip("mypy")
    allow = Path(__file__).with_name("stubtest_allowlist.txt")
    r = subprocess.run([sys.executable, "-m", "mypy.stubtest", "govgraph._core",
                        "--allowlist", str(allow)], check=False, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def _runtime_params(obj) -> list[str]:
    """Parameter names from pybind11's signature line (pybind11 builtins have no
    inspect.signature, so stubtest cannot compare them)."""
    first = (obj.__doc__ or "").lstrip().splitlines()[0]
    inside = first[first.index("(") + 1:first.rindex(")")]
    names, depth, cur = [], 0, ""
    for ch in inside + ",":
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            if cur.strip():
                names.append(cur.split(":")[0].strip())
            cur = ""
        else:
            cur += ch
    return [n for n in names if n not in ("*", "/")]


def test_stub_parameter_names_match_the_built_module():
    import ast

    from govgraph import _core

    tree = ast.parse((Path(govgraph.__file__).parent / "_core.pyi").read_text())
    checked = 0

    def check(fn: ast.FunctionDef, runtime) -> None:
        nonlocal checked
        if any(isinstance(d, ast.Attribute) and d.attr == "setter" or
               isinstance(d, ast.Name) and d.id == "property" for d in fn.decorator_list):
            return
        stub = [a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]
        assert _runtime_params(runtime) == stub, fn.name
        checked += 1

    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            check(node, getattr(_core, node.name))
        elif isinstance(node, ast.ClassDef) and node.name == "Model":
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name != "__init__":
                    check(item, getattr(_core.Model, item.name))
    assert checked > 20
