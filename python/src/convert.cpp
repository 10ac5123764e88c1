// convert.cpp — govgraph values to and from Python objects, without per-element Python calls
// on bulk paths (to_value_raw reads the object through the C API).
#include <cmath>

#include "bindings.hpp"

namespace govgraph::python {

std::optional<Value> to_value_raw(PyObject* o, std::string_view key, std::string_view ctx) {
  if (o == Py_None) return std::nullopt;
  if (PyBool_Check(o)) return Value(o == Py_True);
  if (PyUnicode_Check(o)) {
    Py_ssize_t n = 0;
    const char* s = PyUnicode_AsUTF8AndSize(o, &n);
    if (!s) throw py::error_already_set();
    return Value(std::string(s, static_cast<std::size_t>(n)));
  }
  if (PyFloat_Check(o)) {
    const double d = PyFloat_AS_DOUBLE(o);
    if (std::isnan(d)) return std::nullopt;
    return Value(d);
  }
  if (PyLong_Check(o) || (PyIndex_Check(o) && !PyFloat_Check(o))) {
    int overflow = 0;
    py::object idx = py::reinterpret_steal<py::object>(PyNumber_Index(o));
    if (!idx) throw py::error_already_set();
    const long long v = PyLong_AsLongLongAndOverflow(idx.ptr(), &overflow);
    if (overflow)
      throw ModelError("bad_value", std::string(ctx) + ": '" + std::string(key) +
                                        "' is an integer too large for 64 bits");
    return Value(static_cast<std::int64_t>(v));
  }
  py::handle h(o);
  // numpy.bool_, numpy floats, datetime.date / pandas.Timestamp
  const std::string tname = py::str(py::type::handle_of(h).attr("__name__"));
  if (tname == "bool_" || tname == "bool") return Value(static_cast<bool>(h.cast<bool>()));
  if (PyObject_HasAttrString(o, "isoformat") && PyObject_HasAttrString(o, "year")) {
    if (tname == "NaTType") return std::nullopt;
    std::string iso = py::str(h.attr("isoformat")());
    return Value(iso.substr(0, 10));
  }
  if (tname == "NAType") return std::nullopt;
  if (PyNumber_Check(o) && PyObject_HasAttrString(o, "__float__")) {
    const double d = h.cast<double>();
    if (std::isnan(d)) return std::nullopt;
    return Value(d);
  }
  throw ModelError("wrong_type", std::string(ctx) + ": '" + std::string(key) +
                                     "' must be text, a number or a bool, not " + tname);
}

std::optional<Value> to_value(py::handle obj, std::string_view key, std::string_view ctx) {
  return to_value_raw(obj.ptr(), key, ctx);
}

py::object from_value(const Value& v) {
  return std::visit([](const auto& x) -> py::object { return py::cast(x); }, v);
}

Props to_props(const py::dict& d, std::string_view ctx) {
  Props out;
  for (auto [k, v] : d) {
    const std::string key = py::str(k);
    if (auto val = to_value(v, key, ctx)) out.emplace(key, std::move(*val));
  }
  return out;
}

std::vector<std::string> to_ids(py::handle obj, std::string_view what) {
  if (obj.is_none()) return {};
  if (py::isinstance<py::str>(obj)) return {obj.cast<std::string>()};
  std::vector<std::string> out;
  for (py::handle x : obj) {
    if (!py::isinstance<py::str>(x))
      throw ModelError("wrong_type", std::string(what) + ": ids must be text, not " +
                                         std::string(py::str(py::type::handle_of(x).attr("__name__"))));
    out.push_back(x.cast<std::string>());
  }
  return out;
}

Date to_date(py::handle obj, std::string_view what) {
  if (obj.is_none()) return {};
  auto v = to_value(obj, "date", what);
  if (!v) return {};
  if (auto* s = std::get_if<std::string>(&*v)) return Date::parse(*s, what);
  throw ModelError("wrong_type", std::string(what) + ": a date must be YYYY-MM-DD text or a date");
}

py::object id_or_none(const Model& m, NodeIndex n) {
  return n == kNoNode ? py::object(py::none()) : py::object(py::str(m.nodes()[n].id));
}

py::list id_list(const Model& m, const std::vector<NodeIndex>& v) {
  py::list l;
  for (NodeIndex n : v) l.append(py::str(m.nodes()[n].id));
  return l;
}

py::object float_or_none(double x) {
  return std::isnan(x) ? py::object(py::none()) : py::object(py::float_(x));
}

}  // namespace govgraph::python
