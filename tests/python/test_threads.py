"""A model shared between Python threads (issue 11): queries that release the GIL run while
another thread adds to the model. Each query sees the model before a batch or after it, never
during, so answers about what was there all along never change and never fail."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import govgraph as gg

MODEL = Path(__file__).resolve().parents[2] / "examples" / "models" / "north_cumbria.json"

SECONDS = 1.5


def test_queries_on_several_threads_race_additions_on_another():
    m = gg.load(MODEL)
    board = next(i for i in m.ids("board"))
    first = m.ids("organisation")[0]
    obligation = m.ids("obligation")[0]

    def answers() -> tuple:
        return (m.reachable([first], kinds=["member_of", "partner_in", "employs"]),
                [str(p) for p in m.liability_paths(obligation)],
                [(r.member, r.banzhaf) for r in m.representation(board)])

    before = answers()
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer() -> None:
        i = 0
        try:
            while not stop.is_set():
                ids = [f"new-{i}-{k}" for k in range(200)]
                m.add_nodes_from({"id": ids, "kind": ["company"] * len(ids)}, type="organisation")
                m.add_relations_from({"kind": ["member_of"] * (len(ids) - 1), "source": ids[1:],
                                      "target": ids[:-1]})
                m.add_person(f"p-{i}", profession="gp")
                i += 1
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    def reader() -> None:
        try:
            while not stop.is_set():
                assert answers() == before
                assert first in m and len(m) > 0
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader)
                                                    for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert len(m.ids("person")) > len(gg.load(MODEL).ids("person"))  # the writer did write
    assert answers() == before
