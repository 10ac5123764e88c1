// bindings.hpp — shared declarations of the pybind11 module: one init_<area> per binding file,
// and the conversions between govgraph values and Python objects. It includes only the model;
// each binding file includes the public headers of the area it binds.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <govgraph/error.hpp>
#include <govgraph/model.hpp>
#include <vector>

namespace py = pybind11;

namespace govgraph {
struct ExactPower;  // power.hpp
}  // namespace govgraph

namespace govgraph::python {

void init_errors(py::module_& m);
void init_log(py::module_& m);
void init_model(py::module_& m);
void init_columns(py::class_<Model>& cls);
void init_accountability(py::class_<Model>& cls);
void init_representation(py::module_& m, py::class_<Model>& cls);
void init_power(py::module_& m);
void init_scenario(py::module_& m);
void init_control(py::class_<Model>& cls);

void init_convert(py::module_& m);

/// What a missing value (NaN, pandas NA, NaT) means: an error (an argument: leave it out
/// instead), or "not given" (a cell of an optional bulk column). None is always "not given".
enum class Blank { error, not_given };

/// A Python scalar as a Value (str, int, float, bool, numpy scalars, Decimal, Fraction;
/// datetime.date, pandas.Timestamp, numpy.datetime64 -> ISO day text); nullopt for None ("not
/// given"). Raises ModelError naming `key` and `ctx` for NaN, pandas NA and NaT, infinity,
/// integers beyond 64 bits, complex numbers, bytes, text with lone surrogates, anything else.
std::optional<Value> to_value(py::handle obj, std::string_view key, std::string_view ctx);
/// Same for a borrowed PyObject* (a cell of a column: no reference counting); `blank` says
/// whether NaN, NA and NaT are errors or "not given".
std::optional<Value> to_value_raw(PyObject* obj, std::string_view key, std::string_view ctx,
                                  Blank blank = Blank::error);
/// A str argument as UTF-8; bytes, other types and lone surrogates are ModelErrors naming it.
std::string to_text(py::handle obj, std::string_view ctx, std::string_view key);
/// The same, with None as "" (not given).
std::string opt_text(py::handle obj, std::string_view ctx, std::string_view key);
/// A real number argument (None: nullopt); text, bool, NaN, infinity are errors naming it.
std::optional<double> to_number(py::handle obj, std::string_view ctx, std::string_view key);
/// A whole-number argument of at least `min` (a Python or numpy integer; not bool).
std::int64_t to_integer(py::handle obj, std::string_view ctx, std::string_view key, std::int64_t min = 0);
/// True or False (Python or numpy bool; nothing else).
bool to_bool(py::handle obj, std::string_view ctx, std::string_view key);
py::object from_value(const Value& v);
/// A dict of keyword values as Props, skipping None.
Props to_props(const py::dict& d, std::string_view ctx);
/// An id or a list of ids (`what`: "ctx: key").
std::vector<std::string> to_ids(py::handle obj, std::string_view what);
/// "YYYY-MM-DD" text, datetime.date/datetime, pandas.Timestamp, numpy.datetime64 of any unit,
/// or None (no date); NaT and any other type are errors naming `what` ("ctx: key").
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
/// Exact power as a list of fractions.Fraction (bind_power.cpp).
py::object fractions(const ExactPower& p);

}  // namespace govgraph::python
