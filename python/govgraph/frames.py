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


def _column(values: Any) -> np.ndarray:
    arr = np.asarray(values)
    kind = arr.dtype.kind
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
        return np.asarray(values, dtype=object)  # the caller's own str objects, not copies
    return np.ascontiguousarray(arr, dtype=object)


def to_columns(data: Any) -> dict[str, np.ndarray]:
    """A DataFrame or a mapping of column name to sequence/array, as contiguous numpy columns."""
    if isinstance(data, Mapping):
        items = [(str(k), v) for k, v in data.items()]
    elif hasattr(data, "columns") and hasattr(data, "to_numpy"):
        items = [(str(c), data[c].to_numpy()) for c in data.columns]
    else:
        raise TypeError(
            f"expected a pandas DataFrame or a dict of columns, not {type(data).__name__}"
        )
    return {name: _column(values) for name, values in items}


def frame(columns: dict[str, list[Any]]) -> Any:
    """A DataFrame from the core's columns."""
    pd = require_pandas()
    return pd.DataFrame(columns)
