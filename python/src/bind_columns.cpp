// bind_columns.cpp — bulk additions from columns (a dict of 1-d numpy arrays prepared by
// govgraph/frames.py: object, int64, float64 or bool). One pass in C++ over the buffers; no
// Python call per row; the batch is validated and committed without the GIL.
#include <pybind11/numpy.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

/// One column: its name and a typed view of its buffer.
class Column {
 public:
  Column(std::string name, py::array arr) : name_(std::move(name)), arr_(std::move(arr)) {
    if (arr_.ndim() != 1) throw ModelError("wrong_type", "column '" + name_ + "' must be one-dimensional");
    kind_ = arr_.dtype().kind();
    const auto size = arr_.dtype().itemsize();
    const bool ok = (kind_ == 'O') || (kind_ == 'i' && size == 8) || (kind_ == 'f' && size == 8) ||
                    (kind_ == 'b' && size == 1);
    if (!ok)
      throw ModelError("wrong_type", "column '" + name_ + "' has dtype " +
                                         std::string(py::str(arr_.dtype())) +
                                         "; expected object, int64, float64 or bool");
    data_ = static_cast<const char*>(arr_.data());
    stride_ = arr_.strides(0);
  }
  [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(arr_.shape(0)); }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] PyObject* object(std::size_t i) const {
    return *reinterpret_cast<PyObject* const*>(data_ + i * stride_);
  }
  [[nodiscard]] bool is_float() const { return kind_ == 'f'; }
  [[nodiscard]] bool is_object() const { return kind_ == 'O'; }
  /// Row i of a float64 column.
  [[nodiscard]] double number(std::size_t i) const {
    return *reinterpret_cast<const double*>(data_ + i * stride_);
  }
  /// The value in row i of an optional column, or nullopt when missing (None, NaN, pandas NA,
  /// NaT); infinity and values of other types are errors naming the row and column.
  [[nodiscard]] std::optional<Value> value(std::size_t i, std::string_view ctx) const {
    const char* p = data_ + i * stride_;
    switch (kind_) {
      case 'O': return to_value_raw(object(i), name_, ctx, Blank::not_given);
      case 'i': return Value(*reinterpret_cast<const std::int64_t*>(p));
      case 'b': return Value(*reinterpret_cast<const bool*>(p));
      default: {
        const double d = number(i);
        if (std::isnan(d)) return std::nullopt;
        if (std::isinf(d))
          throw ModelError("bad_value", std::string(ctx) + ": '" + name_ +
                                            "' is not a finite "
                                            "number (infinity; NaN is none)");
        return Value(d);
      }
    }
  }
  /// Text in row i of a required column (ids, kinds), as a view of the str's UTF-8 (valid
  /// while the GIL is held); throws naming the row when it is missing or not text.
  [[nodiscard]] std::string_view text(std::size_t i) const {
    const std::string row = "row " + std::to_string(i);
    if (kind_ == 'O') {
      PyObject* o = object(i);
      if (PyUnicode_Check(o)) {
        Py_ssize_t n = 0;
        if (const char* s = PyUnicode_AsUTF8AndSize(o, &n)) return {s, static_cast<std::size_t>(n)};
        PyErr_Clear();
        to_text(o, row, name_);  // throws, naming the surrogate
      }
      const std::string_view t = Py_TYPE(o)->tp_name;
      if (o == Py_None || (PyFloat_Check(o) && std::isnan(PyFloat_AS_DOUBLE(o))) || t.ends_with("NAType") ||
          t.ends_with("NaTType") || (t.ends_with("datetime64") && std::string(py::str(o)) == "NaT"))
        throw ModelError("missing_field", row + ": '" + name_ + "' is missing (a required column)");
      to_text(o, row, name_);  // throws, naming the type
    }
    if (kind_ == 'f' && std::isnan(number(i)))
      throw ModelError("missing_field", row + ": '" + name_ + "' is missing (a required column)");
    const char* what = kind_ == 'f' ? "a number" : kind_ == 'i' ? "an integer" : "a bool";
    throw ModelError("wrong_type", row + ": '" + name_ + "' must be text, not " + what);
  }

 private:
  std::string name_;
  py::array arr_;
  char kind_;
  const char* data_;
  py::ssize_t stride_;
};

std::vector<Column> columns_of(const py::dict& cols, std::size_t& rows, std::string_view ctx) {
  std::vector<Column> out;
  for (auto [k, v] : cols) {
    out.emplace_back(to_text(k, ctx, "a column name"), py::reinterpret_borrow<py::array>(v));
    if (out.size() == 1) rows = out.back().size();
    else if (out.back().size() != rows)
      throw ModelError("bad_value", std::string(ctx) + ": column '" + out.back().name() + "' has " +
                                        std::to_string(out.back().size()) + " rows, '" + out.front().name() +
                                        "' has " + std::to_string(rows));
  }
  return out;
}

const Column* take(std::vector<Column>& cols, std::string_view name) {
  for (auto& c : cols)
    if (c.name() == name) return &c;
  return nullptr;
}

/// Text columns of few distinct values (kinds, types) are resolved once per distinct object.
template <class T, class F>
T cached(std::unordered_map<PyObject*, T>& cache, const Column& c, std::size_t i, F&& parse) {
  PyObject* o = c.object(i);
  auto it = cache.find(o);
  if (it != cache.end()) return it->second;
  T t = parse(std::string(c.text(i)));
  cache.emplace(o, t);
  return t;
}

/// Copies an object column of text into a TextColumn (under the GIL: the batch is applied
/// without it, so it must not point into Python objects).
void copy_text(const Column& c, std::size_t rows, TextColumn& out) {
  out.reserve(rows, rows * 16);
  for (std::size_t i = 0; i < rows; ++i) {
    // The str objects are scattered in memory: start loading one a few rows ahead.
    if (c.is_object() && i + 16 < rows) __builtin_prefetch(c.object(i + 16));
    out.push_back(c.text(i));
  }
}

/// The values of the other columns, one Props per row (empty when no such column): the
/// columns named in `attrs` into `attributes`, the rest (fields) into `props`.
void other_values(const std::vector<Column>& cols, std::initializer_list<const Column*> skip,
                  std::size_t rows, const std::vector<std::string>& attrs, std::vector<Props>& props,
                  std::vector<Props>& attributes) {
  std::vector<const Column*> fields, free;
  for (const auto& c : cols) {
    if (std::find(skip.begin(), skip.end(), &c) != skip.end()) continue;
    (std::find(attrs.begin(), attrs.end(), c.name()) != attrs.end() ? free : fields).push_back(&c);
  }
  for (const auto& a : attrs)
    if (std::none_of(cols.begin(), cols.end(), [&](const Column& c) { return c.name() == a; }))
      throw ModelError("missing_field", "attrs names column '" + a + "', which is not in the data");
  for (auto [which, out] : {std::pair{&fields, &props}, std::pair{&free, &attributes}}) {
    if (which->empty()) continue;
    out->resize(rows);
    for (std::size_t i = 0; i < rows; ++i)
      for (const Column* c : *which)
        if (auto v = c->value(i, "row " + std::to_string(i))) (*out)[i].emplace(c->name(), std::move(*v));
  }
}

/// The column names given as `attrs=` (None: none).
std::vector<std::string> attr_names(py::handle attrs, std::string_view ctx) {
  if (attrs.is_none()) return {};
  if (py::isinstance<py::str>(attrs))
    throw ModelError("wrong_type", std::string(ctx) + ": attrs: give a list of column names, not one string");
  return to_ids(attrs, std::string(ctx) + ": attrs");
}

}  // namespace

void init_columns(py::class_<Model>& cls) {
  cls.def(
      "_add_nodes_columns",
      [](Model& self, const py::dict& columns, py::object type, py::object attrs) {
    std::size_t rows = 0;
    std::vector<Column> cols = columns_of(columns, rows, "add_nodes_from");
    const Column* id = take(cols, "id");
    const Column* type_col = take(cols, "type");
    if (!id) throw ModelError("missing_field", "add_nodes_from: no 'id' column");
    NodeColumns nc;
    if (!type.is_none()) {
      const std::string name = to_text(type, "add_nodes_from", "type");
      auto t = node_type_from(name);
      if (!t) throw ModelError("bad_value", "add_nodes_from: unknown node type '" + name + "'");
      nc.type = *t;
    } else if (!type_col) {
      throw ModelError("missing_field", "add_nodes_from: no 'type' column and no type= given");
    } else {
      std::unordered_map<PyObject*, NodeType> type_cache;
      nc.types.reserve(rows);
      for (std::size_t i = 0; i < rows; ++i)
        nc.types.push_back(cached(type_cache, *type_col, i, [&](const std::string& s) {
          auto t = node_type_from(s);
          if (!t)
            throw ModelError("bad_value", "row " + std::to_string(i) + ": node type '" + s + "' is unknown");
          return *t;
        }));
    }
    copy_text(*id, rows, nc.ids);
    other_values(cols, {id, type_col}, rows, attr_names(attrs, "add_nodes_from"), nc.props, nc.attributes);
    Batch b;
    b.add(std::move(nc));  // checks the types
    py::gil_scoped_release nogil;
    self.apply(std::move(b));
      },
      py::arg("columns"), py::arg("type") = py::none(), py::arg("attrs") = py::none());

  cls.def(
      "_add_relations_columns",
      [](Model& self, const py::dict& columns, py::object attrs) {
    std::size_t rows = 0;
    std::vector<Column> cols = columns_of(columns, rows, "add_relations_from");
    const Column* kind = take(cols, "kind");
    const Column* source = take(cols, "source");
    const Column* target = take(cols, "target");
    for (auto [c, name] : {std::pair{kind, "kind"}, std::pair{source, "source"}, std::pair{target, "target"}})
      if (!c) throw ModelError("missing_field", std::string("add_relations_from: no '") + name + "' column");
    RelationColumns rc;
    std::unordered_map<PyObject*, RelKind> kind_cache;
    rc.kinds.reserve(rows);
    for (std::size_t i = 0; i < rows; ++i)
      rc.kinds.push_back(cached(kind_cache, *kind, i, [&](const std::string& s) {
        auto k = rel_kind_from(s);
        if (!k)
          throw ModelError("bad_value",
                           "row " + std::to_string(i) + ": relation kind '" + s + "' is unknown");
        return *k;
      }));
    copy_text(*source, rows, rc.sources);
    copy_text(*target, rows, rc.targets);
    // A float64 `share` column is read straight from its buffer (NaN: not given).
    const Column* share = take(cols, "share");
    if (share && share->is_float()) {
      rc.shares.resize(rows);
      for (std::size_t i = 0; i < rows; ++i) {
        rc.shares[i] = share->number(i);  // NaN: not given
        if (std::isinf(rc.shares[i]))
          throw ModelError("bad_value", "row " + std::to_string(i) +
                                            ": 'share' is not a finite "
                                            "number (infinity; NaN is none)");
      }
    } else {
      share = nullptr;
    }
    other_values(cols, {kind, source, target, share}, rows, attr_names(attrs, "add_relations_from"), rc.props,
                 rc.attributes);
    Batch b;
    b.add(std::move(rc));
    py::gil_scoped_release nogil;
    self.apply(std::move(b));
      },
      py::arg("columns"), py::arg("attrs") = py::none());
}

}  // namespace govgraph::python
