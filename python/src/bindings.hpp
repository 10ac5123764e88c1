// bindings.hpp — shared declarations of the pybind11 module: one init_<area> per binding file,
// and the conversions between govgraph values and Python objects.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <govgraph/govgraph.hpp>
#include <vector>

namespace py = pybind11;

namespace govgraph::python {

void init_errors(py::module_& m);
void init_log(py::module_& m);
void init_model(py::module_& m);
void init_columns(py::class_<Model>& cls);
void init_accountability(py::class_<Model>& cls);
void init_representation(py::module_& m, py::class_<Model>& cls);

/// A Python scalar as a Value (str, int, float, bool, numpy scalars, datetime.date -> ISO
/// text); nullopt for None and NaN ("not given"). Raises ModelError for anything else, naming
/// `key` and `ctx`.
std::optional<Value> to_value(py::handle obj, std::string_view key, std::string_view ctx);
/// Same for a borrowed PyObject* inside a column (no reference counting).
std::optional<Value> to_value_raw(PyObject* obj, std::string_view key, std::string_view ctx);
py::object from_value(const Value& v);
/// A dict of keyword values as Props, skipping None.
Props to_props(const py::dict& d, std::string_view ctx);
/// An id or a list of ids.
std::vector<std::string> to_ids(py::handle obj, std::string_view what);
/// "YYYY-MM-DD" text, datetime.date, or None (no date).
Date to_date(py::handle obj, std::string_view what);
/// A node's id, or None for kNoNode.
/// The model's read lock for a whole binding call (the query and the conversion of its answer),
/// acquired with the GIL released: a thread holding the GIL never waits for a model, so a query
/// that released the GIL to compute can always take it back to convert.
inline Model::ReadLock lock_read(const Model& m) {
  py::gil_scoped_release nogil;
  return m.read_lock();
}

py::object id_or_none(const Model& m, NodeIndex n);
/// The ids of nodes, as a list.
py::list id_list(const Model& m, const std::vector<NodeIndex>& v);
/// A float, or None for NaN (an amount or weight not known).
py::object float_or_none(double x);

}  // namespace govgraph::python
