// convert.cpp — govgraph values to and from Python objects, without per-element Python calls
// on bulk paths (to_value_raw reads the common types — str, int, float, bool — through the C
// API; only unusual objects cost a Python call). Every argument of the bindings that is not a
// plain C++ type goes through here, so that a wrong type or value is one govgraph error naming
// the argument and the type: NaN, infinity, integers beyond 64 bits, complex numbers, bytes,
// text with lone surrogates, dates of an unknown kind.
#include <cmath>
#include <limits>

#include <govgraph/power.hpp>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

/// "ctx: 'key'" (or "'key'" without a context): the place an error names.
std::string where(std::string_view key, std::string_view ctx) {
  std::string out;
  if (!ctx.empty()) out.append(ctx).append(": ");
  return out.append("'").append(key).append("'");
}

std::string type_name(PyObject* o) { return Py_TYPE(o)->tp_name; }

/// The type's own name, without its module ("numpy.datetime64" -> "datetime64").
std::string_view short_type(PyObject* o) {
  std::string_view n = Py_TYPE(o)->tp_name;
  const auto dot = n.rfind('.');
  return dot == std::string_view::npos ? n : n.substr(dot + 1);
}

/// The place an error names, from a binding's `what`: "ctx: key" names 'key' in ctx; a bare
/// word is quoted; a phrase ("contract 'c' parties") is kept as it is.
std::string place_of(std::string_view what) {
  const auto colon = what.rfind(": ");
  if (colon != std::string_view::npos) return where(what.substr(colon + 2), what.substr(0, colon));
  if (what.find_first_of(" '") != std::string_view::npos) return std::string(what);
  return where(what, {});
}

/// Python's repr of `o`, shortened (for messages; never throws).
std::string short_repr(PyObject* o) {
  PyObject* r = PyObject_Repr(o);
  if (!r) {
    PyErr_Clear();
    return "?";
  }
  Py_ssize_t n = 0;
  const char* s = PyUnicode_AsUTF8AndSize(r, &n);
  std::string out = s ? std::string(s, static_cast<std::size_t>(n)) : "?";
  if (!s) PyErr_Clear();
  Py_DECREF(r);
  if (out.size() > 40) out = out.substr(0, 37) + "...";
  return out;
}

/// A Python object borrowed for the process's life (never released: interpreter teardown
/// order is not ours to rely on).
PyObject* python_attr(const char* module, const char* name) {
  return py::object(py::module_::import(module).attr(name)).release().ptr();
}

bool is_instance(PyObject* o, PyObject* cls) {
  const int r = PyObject_IsInstance(o, cls);
  if (r < 0) throw py::error_already_set();
  return r == 1;
}

[[noreturn]] void throw_missing(std::string_view what, std::string_view key, std::string_view ctx) {
  throw ModelError("bad_value",
                   where(key, ctx) + " is " + std::string(what) + ": give a value, or leave it out");
}

/// A double as a Value: NaN is "not given" (in bulk optional columns) or an error; infinity is
/// always an error.
std::optional<Value> number(double d, std::string_view key, std::string_view ctx, Blank blank) {
  if (std::isnan(d)) {
    if (blank == Blank::not_given) return std::nullopt;
    throw ModelError("bad_value", where(key, ctx) + " is NaN: give a number, or leave it out");
  }
  if (std::isinf(d))
    throw ModelError("bad_value",
                     where(key, ctx) + " is not a finite number (" + (d > 0 ? "" : "-") + "infinity)");
  return Value(d);
}

/// Throws for a str that has no UTF-8 form (a lone surrogate), naming `place`.
[[noreturn]] void throw_not_text(PyObject* o, const std::string& place) {
  const Py_ssize_t len = PyUnicode_GetLength(o);
  for (Py_ssize_t i = 0; i < len; ++i) {
    const Py_UCS4 c = PyUnicode_ReadChar(o, i);
    if (c >= 0xD800 && c <= 0xDFFF) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(c));
      throw ModelError("bad_value", place + " is not valid text: a lone surrogate U+" + hex +
                                        " at position " + std::to_string(i) +
                                        " (text must be valid Unicode)");
    }
  }
  throw ModelError("bad_value", place + " is not valid text");
}

/// The UTF-8 of a str (valid while `o` lives); `place()` names it in the error when it has
/// none. The place is made only then: bulk columns read millions of cells.
template <class Place>
std::string_view utf8_of(PyObject* o, Place&& place) {
  Py_ssize_t n = 0;
  if (const char* s = PyUnicode_AsUTF8AndSize(o, &n)) return {s, static_cast<std::size_t>(n)};
  PyErr_Clear();
  throw_not_text(o, place());
}

/// A date object's day as ISO text: datetime.date/datetime, pandas.Timestamp, numpy.datetime64
/// of any unit. nullopt when `o` is not a date object; `missing` set for NaT.
std::optional<std::string> date_text(PyObject* o, bool& missing) {
  missing = false;
  const std::string_view tname = short_type(o);
  if (tname == "datetime64") {
    py::handle h(o);
    py::object day = h.attr("astype")("datetime64[D]");
    const std::string s = py::str(day);
    if (s == "NaT") {
      missing = true;
      return std::string();
    }
    return s;
  }
  if (tname == "NaTType") {
    missing = true;
    return std::string();
  }
  static PyObject* date_cls = python_attr("datetime", "date");
  if (is_instance(o, date_cls)) {  // datetime.datetime and pandas.Timestamp are dates
    const std::string iso = py::str(py::handle(o).attr("isoformat")());
    return iso.substr(0, 10);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Value> to_value_raw(PyObject* o, std::string_view key, std::string_view ctx, Blank blank) {
  if (o == Py_None) return std::nullopt;
  if (PyBool_Check(o)) return Value(o == Py_True);
  if (PyUnicode_Check(o)) return Value(std::string(utf8_of(o, [&] { return where(key, ctx); })));
  if (PyFloat_Check(o)) return number(PyFloat_AS_DOUBLE(o), key, ctx, blank);
  if (PyLong_Check(o) || PyIndex_Check(o)) {  // int, numpy integers
    py::object idx = py::reinterpret_steal<py::object>(PyNumber_Index(o));
    if (!idx) throw py::error_already_set();
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(idx.ptr(), &overflow);
    if (overflow)
      throw ModelError("bad_value", where(key, ctx) + " is " + short_repr(idx.ptr()) +
                                        ", an integer too large for 64 bits (-2**63 to 2**63-1)");
    if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
    return Value(static_cast<std::int64_t>(v));
  }
  const std::string_view tname = short_type(o);
  if (PyBytes_Check(o) || PyByteArray_Check(o))
    throw ModelError("wrong_type",
                     where(key, ctx) + " must be text, not bytes (" + short_repr(o) + "): decode it first");
  if (tname == "bool" || tname == "bool_") return Value(PyObject_IsTrue(o) == 1);  // numpy
  bool nat = false;
  if (auto day = date_text(o, nat)) {
    if (!nat) return Value(std::move(*day));
    if (blank == Blank::not_given) return std::nullopt;
    throw_missing("NaT", key, ctx);
  }
  if (tname == "NAType") {  // pandas.NA
    if (blank == Blank::not_given) return std::nullopt;
    throw_missing("NA", key, ctx);
  }
  static PyObject* decimal_cls = python_attr("decimal", "Decimal");
  static PyObject* real_cls = python_attr("numbers", "Real");
  static PyObject* complex_cls = python_attr("numbers", "Complex");
  if (is_instance(o, decimal_cls) || is_instance(o, real_cls)) {  // Decimal, Fraction, numpy floats
    const double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      throw ModelError("bad_value", where(key, ctx) + " is " + short_repr(o) +
                                        ", which is not a number govgraph can hold");
    }
    return number(d, key, ctx, blank);
  }
  if (is_instance(o, complex_cls))
    throw ModelError("wrong_type", where(key, ctx) + " must be a real number, not " + type_name(o) + " (" +
                                       short_repr(o) + ")");
  throw ModelError("wrong_type", where(key, ctx) + " must be text, a number or a bool, not " +
                                     std::string(Py_TYPE(o)->tp_name));
}

std::optional<Value> to_value(py::handle obj, std::string_view key, std::string_view ctx) {
  return to_value_raw(obj.ptr(), key, ctx, Blank::error);
}

py::object from_value(const Value& v) {
  return std::visit([](const auto& x) -> py::object { return py::cast(x); }, v);
}

Props to_props(const py::dict& d, std::string_view ctx) {
  Props out;
  for (auto [k, v] : d) {
    if (!PyUnicode_Check(k.ptr()))
      throw ModelError("wrong_type", std::string(ctx) + ": names are text, not " + type_name(k.ptr()) + " (" +
                                         short_repr(k.ptr()) + ")");
    const std::string key(
        utf8_of(k.ptr(), [&] { return std::string(ctx) + ": the name " + short_repr(k.ptr()); }));
    if (auto val = to_value(v, key, ctx)) out.emplace(key, std::move(*val));
  }
  return out;
}

std::string to_text(py::handle obj, std::string_view ctx, std::string_view key) {
  PyObject* o = obj.ptr();
  if (PyUnicode_Check(o)) return std::string(utf8_of(o, [&] { return where(key, ctx); }));
  if (PyBytes_Check(o) || PyByteArray_Check(o))
    throw ModelError("wrong_type",
                     where(key, ctx) + " must be text, not bytes (" + short_repr(o) + "): decode it first");
  throw ModelError("wrong_type",
                   where(key, ctx) + " must be text, not " + type_name(o) + " (" + short_repr(o) + ")");
}

std::string opt_text(py::handle obj, std::string_view ctx, std::string_view key) {
  return obj.is_none() ? std::string() : to_text(obj, ctx, key);
}

std::vector<std::string> to_ids(py::handle obj, std::string_view what) {
  if (obj.is_none()) return {};
  PyObject* o = obj.ptr();
  const std::string place = place_of(what);
  if (PyUnicode_Check(o)) return {std::string(utf8_of(o, [&] { return place; }))};
  if (PyBytes_Check(o) || PyByteArray_Check(o) || PyDict_Check(o) || !PyObject_HasAttrString(o, "__iter__"))
    throw ModelError("wrong_type", place + ": give an id or a list of ids, not " + type_name(o) + " (" +
                                       short_repr(o) + ")");
  std::vector<std::string> out;
  for (py::handle x : obj) {
    auto item = [&] { return place + " item " + std::to_string(out.size()); };
    if (!PyUnicode_Check(x.ptr()))
      throw ModelError("wrong_type", item() + ": ids must be text, not " + type_name(x.ptr()) + " (" +
                                         short_repr(x.ptr()) + ")");
    out.emplace_back(utf8_of(x.ptr(), item));
  }
  return out;
}

Date to_date(py::handle obj, std::string_view what) {
  if (obj.is_none()) return {};
  PyObject* o = obj.ptr();
  const std::string place = place_of(what);
  if (PyUnicode_Check(o)) return Date::parse(std::string(utf8_of(o, [&] { return place; })), what);
  bool nat = false;
  if (auto day = date_text(o, nat)) {
    if (nat) throw ModelError("bad_value", place + " is NaT: give a date, or leave it out");
    return Date::parse(*day, what);
  }
  throw ModelError("wrong_type", place +
                                     " must be a date (YYYY-MM-DD text, "
                                     "datetime.date, numpy.datetime64 or pandas.Timestamp), not " +
                                     type_name(o) + " (" + short_repr(o) + ")");
}

std::optional<double> to_number(py::handle obj, std::string_view ctx, std::string_view key) {
  if (obj.is_none()) return std::nullopt;
  PyObject* o = obj.ptr();
  if (PyBool_Check(o) || PyUnicode_Check(o) || PyBytes_Check(o))
    throw ModelError("wrong_type",
                     where(key, ctx) + " must be a number, not " + type_name(o) + " (" + short_repr(o) + ")");
  auto v = to_value_raw(o, key, ctx, Blank::error);
  if (v && std::holds_alternative<std::int64_t>(*v)) return static_cast<double>(std::get<std::int64_t>(*v));
  if (v && std::holds_alternative<double>(*v)) return std::get<double>(*v);
  throw ModelError("wrong_type",
                   where(key, ctx) + " must be a number, not " + type_name(o) + " (" + short_repr(o) + ")");
}

std::int64_t to_integer(py::handle obj, std::string_view ctx, std::string_view key, std::int64_t min) {
  PyObject* o = obj.ptr();
  std::optional<Value> v;
  if (!PyBool_Check(o) && (PyLong_Check(o) || PyIndex_Check(o))) v = to_value_raw(o, key, ctx, Blank::error);
  if (!v || !std::holds_alternative<std::int64_t>(*v))
    throw ModelError("wrong_type", where(key, ctx) + " must be a whole number, not " + type_name(o) + " (" +
                                       short_repr(o) + ")");
  const std::int64_t i = std::get<std::int64_t>(*v);
  if (i < min)
    throw ModelError("bad_value", where(key, ctx) + " is " + std::to_string(i) + ": at least " +
                                      std::to_string(min) + " is needed");
  return i;
}

bool to_bool(py::handle obj, std::string_view ctx, std::string_view key) {
  PyObject* o = obj.ptr();
  if (PyBool_Check(o)) return o == Py_True;
  if (const auto t = short_type(o); t == "bool" || t == "bool_") return PyObject_IsTrue(o) == 1;
  throw ModelError("wrong_type", where(key, ctx) + " must be True or False, not " + type_name(o) + " (" +
                                     short_repr(o) + ")");
}

void init_convert(py::module_& m) {
  // The checks above, for the Python layer's arguments that go to bindings taking C++ types.
  m.def(
      "_check_text",
      [](py::handle v, std::string_view ctx, std::string_view key) { return to_text(v, ctx, key); },
      py::arg("value"), py::arg("ctx"), py::arg("key"));
  m.def(
      "_check_ids",
      [](py::handle v, std::string_view ctx, std::string_view key) {
    return to_ids(v, ctx.empty() ? std::string(key) : std::string(ctx) + ": " + std::string(key));
      },
      py::arg("value"), py::arg("ctx"), py::arg("key"));
  m.def(
      "_check_bool",
      [](py::handle v, std::string_view ctx, std::string_view key) { return to_bool(v, ctx, key); },
      py::arg("value"), py::arg("ctx"), py::arg("key"));
  m.def(
      "_check_int",
      [](py::handle v, std::string_view ctx, std::string_view key, std::int64_t min) {
    return to_integer(v, ctx, key, min);
      },
      py::arg("value"), py::arg("ctx"), py::arg("key"), py::arg("min"));
  m.def(
      "_check_number",
      [](py::handle v, std::string_view ctx, std::string_view key) { return to_number(v, ctx, key); },
      py::arg("value"), py::arg("ctx"), py::arg("key"));
  m.def(
      "_check_date",
      [](py::handle v, std::string_view what) {
    const Date d = to_date(v, what);
    return d.is_none() ? py::object(py::none()) : py::object(py::str(d.iso()));
      },
      py::arg("value"), py::arg("what"));
}

py::object id_or_none(const Model& m, NodeIndex n) {
  return n == kNoNode ? py::object(py::none()) : py::object(py::str(m.nodes()[n].id));
}

py::list id_list(const Model& m, const std::vector<NodeIndex>& v) {
  const auto nodes = m.nodes();
  py::list l(static_cast<py::ssize_t>(v.size()));
  // Large answers (reachable sets of millions) visit nodes far apart in memory: each node's id
  // is asked for kAhead nodes before it is read, so that the cache misses overlap.
  constexpr std::size_t kAhead = 16;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i + kAhead < v.size()) {
      const char* ahead = reinterpret_cast<const char*>(&nodes[v[i + kAhead]].id);
      __builtin_prefetch(ahead);
      __builtin_prefetch(ahead + sizeof(std::string) - 1);
    }
    const std::string& id = nodes[v[i]].id;
    PyObject* s = PyUnicode_DecodeUTF8(id.data(), static_cast<Py_ssize_t>(id.size()), "strict");
    if (!s) throw py::error_already_set();
    PyList_SET_ITEM(l.ptr(), static_cast<Py_ssize_t>(i), s);  // steals the new reference
  }
  return l;
}

py::object float_or_none(double x) {
  return std::isnan(x) ? py::object(py::none()) : py::object(py::float_(x));
}

}  // namespace govgraph::python
