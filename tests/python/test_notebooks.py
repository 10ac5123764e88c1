"""Case-study notebooks execute top to bottom in a real Jupyter kernel, show their tables and a
diagram, and move when an assumption is edited."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = ROOT / "examples" / "notebooks"
DATA = ROOT.parent / "shared" / "data" / "nhs"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"NHS data not found at {DATA}")


def run(path: Path, edit=None):
    nb = nbformat.read(path, as_version=4)
    if edit:
        edit(nb)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def edit_assumptions(*changes: tuple[str, str]):
    """An `edit` for run(): in the cell starting "# Assumptions", each `old` text (which must be
    there) becomes `new`."""
    def edit(nb) -> None:
        cell = next(c for c in nb.cells if c.source.startswith("# Assumptions"))
        for old, new in changes:
            assert old in cell.source, f"{old!r} is not in the assumptions cell"
            cell.source = cell.source.replace(old, new)
    return edit


def outputs(nb, mime: str) -> list[str]:
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if mime == "text" and out.get("output_type") == "stream":
                found.append(out["text"])
            elif mime in out.get("data", {}):
                found.append(out["data"][mime])
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_each_notebook_runs_and_shows_tables_and_a_diagram(name):
    nb = run(NOTEBOOKS / name)
    assert outputs(nb, "text/html"), "no table shown"
    assert any("<svg" in s for s in outputs(nb, "image/svg+xml")), "no diagram shown"
    assert any("Finding:" in s for s in outputs(nb, "text")), "no finding stated in words"


def test_changing_an_assumption_moves_a_result():
    def share(nb) -> str:
        return next(s for s in outputs(nb, "text") if "have any voice there" in s)

    base = run(NOTEBOOKS / "north_cumbria.ipynb")

    more = run(NOTEBOOKS / "north_cumbria.ipynb",
               edit_assumptions(('"signed_up": 13', '"signed_up": 20')))
    assert "13 signed up" in "".join(outputs(base, "text"))
    assert "20 signed up" in "".join(outputs(more, "text"))
    assert share(base) != share(more)
