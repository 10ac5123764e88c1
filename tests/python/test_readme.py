"""The README's Python example runs as written (and the line marked as an error raises)."""

from __future__ import annotations

import re

import pytest

import govgraph as gg
from conftest import ROOT


def test_the_readme_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the example saves a file
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    refused = 'm.add_relation("employs", "gp-a", "p1")'
    code = "\n".join(blocks[:2])
    assert refused in code
    code = "\n".join(line for line in code.splitlines() if not line.startswith(refused))
    ns: dict = {}
    exec(compile(code, "README.md", "exec"), ns)
    m = ns["m"]
    with pytest.raises(gg.ModelError, match="endpoint_kind"):
        m.add_relation("employs", "gp-a", "p1")
