"""Columns in and out: turn a pandas DataFrame or a dict of columns into the buffers the C++ core
reads in one pass (object, int64, float64 or bool numpy arrays), and the core's columns into
DataFrames. pandas is imported only when a frame is asked for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np


def require_pandas() -> Any:
    """Import pandas, or fail with a message saying how to get it."""
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "this needs pandas: pip install pandas (or pip install 'govgraph[frames]')"
        ) from exc
    return pandas


def _error(id: str, message: str) -> Exception:
    """A gg.ModelError raised from Python, with its ``.id`` like those from C++."""
    from . import _core

    err = _core.ModelError(f"[govgraph.{id}] {message}")
    err.id = id
    return err


def _objects(values: Any) -> np.ndarray:
    """A one-dimensional object array of ``values`` as they are (lists in cells stay cells)."""
    arr = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        arr[i] = v
    return arr


def _column(name: str, values: Any) -> np.ndarray:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise _error("wrong_type", f"column {name!r} must be a sequence of values, one a row, "
                     f"not {type(values).__name__}")
    try:
        arr = np.asarray(values)
    except (ValueError, TypeError):  # cells of different shapes: keep them as objects
        arr = _objects(values)
    if arr.ndim != 1:
        arr = _objects(values)  # cells that are sequences are refused cell by cell, by row
    kind = arr.dtype.kind
    if kind == "u" and arr.size and arr.max() > np.iinfo(np.int64).max:
        row = int(np.argmax(arr > np.iinfo(np.int64).max))
        raise _error("bad_value", f"row {row}: {name!r} is {int(arr[row])}, an integer too large "
                     "for 64 bits (-2**63 to 2**63-1)")
    if kind in "iu":
        return np.ascontiguousarray(arr, dtype=np.int64)
    if kind == "f":
        return np.ascontiguousarray(arr, dtype=np.float64)
    if kind == "b":
        return np.ascontiguousarray(arr, dtype=np.bool_)
    if kind == "M":
        text = np.datetime_as_string(arr.astype("datetime64[D]"), unit="D").astype(object)
        text[np.isnat(arr)] = None
        return text
    if kind in "US" and not isinstance(values, np.ndarray):
        return np.asarray(values, dtype=object)  # the caller's own objects, not copies
    return np.ascontiguousarray(arr, dtype=object)


def to_columns(data: Any) -> dict[str, np.ndarray]:
    """A DataFrame or a mapping of column name to sequence/array, as contiguous numpy columns."""
    if isinstance(data, Mapping):
        items = [(k, v) for k, v in data.items()]
    elif hasattr(data, "columns") and hasattr(data, "to_numpy"):
        items = [(c, data[c].to_numpy()) for c in data.columns]
    else:
        raise TypeError(
            f"expected a pandas DataFrame or a dict of columns, not {type(data).__name__}"
        )
    for k, _ in items:
        if not isinstance(k, str):
            raise _error("wrong_type", f"column names are text, not {type(k).__name__} ({k!r})")
    return {name: _column(name, values) for name, values in items}


def frame(columns: dict[str, list[Any]]) -> Any:
    """A DataFrame from the core's columns."""
    pd = require_pandas()
    return pd.DataFrame(columns)
