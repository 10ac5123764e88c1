// bind_columns.cpp — bulk additions from columns (a dict of 1-d numpy arrays prepared by
// govgraph/frames.py: object, int64, float64 or bool). One pass in C++ over the buffers; no
// Python call per row; the batch is validated and committed without the GIL.
#include <pybind11/numpy.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <govgraph/io/json.hpp>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

/// A missing cell: None, NaN, pandas NA or NaT.
bool is_blank(PyObject* o) {
  if (o == Py_None) return true;
  if (PyFloat_Check(o)) return std::isnan(PyFloat_AS_DOUBLE(o));
  const std::string_view t = Py_TYPE(o)->tp_name;
  return t.ends_with("NAType") || t.ends_with("NaTType") ||
         (t.ends_with("datetime64") && std::string(py::str(o)) == "NaT");
}

/// One column: its name and a typed view of its buffer. Errors name a cell as `rows` (e.g.
/// "row ", "contracts row ") followed by its row number, then the column.
class Column {
 public:
  Column(std::string name, py::array arr, std::string rows)
      : name_(std::move(name)), rows_(std::move(rows)), arr_(std::move(arr)) {
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
  /// How errors name row i ("contracts row 3").
  [[nodiscard]] std::string row(std::size_t i) const { return rows_ + std::to_string(i); }
  [[nodiscard]] PyObject* object(std::size_t i) const {
    return *reinterpret_cast<PyObject* const*>(data_ + i * stride_);
  }
  [[nodiscard]] bool is_float() const { return kind_ == 'f'; }
  [[nodiscard]] bool is_object() const { return kind_ == 'O'; }
  /// Row i of a float64 column.
  [[nodiscard]] double number(std::size_t i) const {
    return *reinterpret_cast<const double*>(data_ + i * stride_);
  }
  /// Whether row i is missing (None, NaN, pandas NA, NaT).
  [[nodiscard]] bool blank(std::size_t i) const {
    return kind_ == 'O' ? is_blank(object(i)) : kind_ == 'f' && std::isnan(number(i));
  }
  /// The value in row i of an optional column, or nullopt when missing (None, NaN, pandas NA,
  /// NaT); infinity and values of other types are errors naming the row and column.
  [[nodiscard]] std::optional<Value> value(std::size_t i) const {
    const char* p = data_ + i * stride_;
    switch (kind_) {
      case 'O': return to_value_raw(object(i), name_, row(i), Blank::not_given);
      case 'i': return Value(*reinterpret_cast<const std::int64_t*>(p));
      case 'b': return Value(*reinterpret_cast<const bool*>(p));
      default: {
        const double d = number(i);
        if (std::isnan(d)) return std::nullopt;
        if (std::isinf(d))
          throw ModelError("bad_value", row(i) + ": '" + name_ +
                                            "' is not a finite "
                                            "number (infinity; NaN is none)");
        return Value(d);
      }
    }
  }
  /// Text in row i of a required column (ids, kinds), as a view of the str's UTF-8 (valid
  /// while the GIL is held); throws naming the row when it is missing or not text.
  [[nodiscard]] std::string_view text(std::size_t i) const {
    if (kind_ == 'O') {
      PyObject* o = object(i);
      if (PyUnicode_Check(o)) {
        Py_ssize_t n = 0;
        if (const char* s = PyUnicode_AsUTF8AndSize(o, &n)) return {s, static_cast<std::size_t>(n)};
        PyErr_Clear();
        to_text(o, row(i), name_);  // throws, naming the surrogate
      }
      if (is_blank(o))
        throw ModelError("missing_field", row(i) + ": '" + name_ + "' is missing (a required column)");
      to_text(o, row(i), name_);  // throws, naming the type
    }
    if (kind_ == 'f' && std::isnan(number(i)))
      throw ModelError("missing_field", row(i) + ": '" + name_ + "' is missing (a required column)");
    throw ModelError("wrong_type", row(i) + ": '" + name_ + "' must be text, not " + what());
  }
  /// Text in row i of an optional column of ids: empty when missing.
  [[nodiscard]] std::string opt_text(std::size_t i) const {
    return blank(i) ? std::string() : std::string(text(i));
  }
  /// An id or a list of ids in row i (nullopt when missing); each id must be text.
  [[nodiscard]] std::optional<std::vector<std::string>> ids(std::size_t i) const {
    if (blank(i)) return std::nullopt;
    if (kind_ != 'O')
      throw ModelError("wrong_type",
                       row(i) + ": '" + name_ + "' must be an id or a list of ids, not " + what());
    return to_ids(object(i), row(i) + ": " + name_);
  }

 private:
  [[nodiscard]] const char* what() const {
    return kind_ == 'f' ? "a number" : kind_ == 'i' ? "an integer" : "a bool";
  }
  std::string name_;
  std::string rows_;
  py::array arr_;
  char kind_;
  const char* data_;
  py::ssize_t stride_;
};

/// The columns of one frame (`ctx` names it in errors, `rows` its rows), all of one length.
std::vector<Column> columns_of(const py::dict& cols, std::size_t& rows, std::string_view ctx,
                               const std::string& row_names = "row ") {
  std::vector<Column> out;
  for (auto [k, v] : cols) {
    out.emplace_back(to_text(k, ctx, "a column name"), py::reinterpret_borrow<py::array>(v), row_names);
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

/// The column `name`, which a frame must have.
const Column& required(std::vector<Column>& cols, std::string_view name, std::string_view ctx) {
  if (const Column* c = take(cols, name)) return *c;
  throw ModelError("missing_field", std::string(ctx) + ": no '" + std::string(name) + "' column");
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

/// Throws unless every name of `attrs` is a column of one of `frames`.
void check_attrs(const std::vector<std::string>& attrs,
                 std::initializer_list<const std::vector<Column>*> frames) {
  for (const auto& a : attrs)
    if (std::none_of(frames.begin(), frames.end(), [&](const std::vector<Column>* cols) {
          return std::any_of(cols->begin(), cols->end(), [&](const Column& c) { return c.name() == a; });
        }))
      throw ModelError("missing_field", "attrs names column '" + a + "', which is not in the data");
}

/// The values of the other columns, one Props per row (empty when no such column): the
/// columns named in `attrs` into `attributes`, the rest (fields) into `props`.
void other_values(const std::vector<Column>& cols, const std::vector<const Column*>& skip, std::size_t rows,
                  const std::vector<std::string>& attrs, std::vector<Props>& props,
                  std::vector<Props>& attributes) {
  std::vector<const Column*> fields, free;
  for (const auto& c : cols) {
    if (std::find(skip.begin(), skip.end(), &c) != skip.end()) continue;
    (std::find(attrs.begin(), attrs.end(), c.name()) != attrs.end() ? free : fields).push_back(&c);
  }
  for (auto [which, out] : {std::pair{&fields, &props}, std::pair{&free, &attributes}}) {
    if (which->empty()) continue;
    out->resize(rows);
    for (std::size_t i = 0; i < rows; ++i)
      for (const Column* c : *which)
        if (auto v = c->value(i)) (*out)[i].emplace(c->name(), std::move(*v));
  }
}

/// The column names given as `attrs=` (None: none).
std::vector<std::string> attr_names(py::handle attrs, std::string_view ctx) {
  if (attrs.is_none()) return {};
  if (py::isinstance<py::str>(attrs))
    throw ModelError("wrong_type", std::string(ctx) + ": attrs: give a list of column names, not one string");
  return to_ids(attrs, std::string(ctx) + ": attrs");
}

/// The party roles of the kinds table (docs/format.md), then `party` (the kinds without roles).
std::vector<std::string_view> role_names() {
  std::vector<std::string_view> out;
  for (const auto& r : contract_roles())
    for (std::string_view n : {r.obligee_role, r.obligor_role})
      if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  out.emplace_back("party");
  return out;
}

/// One frame of contracts, obligations, boards or seats: its columns, the structural columns
/// (ids, links) the binding reads itself, and the rows' fields and free attributes. A column
/// that is neither a structural column nor a field of `type` (name, start, end included) is
/// an error naming the nearest, unless `attrs` names it as a free attribute.
struct Frame {
  std::size_t rows = 0;  ///< before `cols`, which sets it
  std::vector<Column> cols;
  std::vector<std::string_view> known;  ///< the columns the frame takes, structural first
  std::vector<Props> props, attributes;

  Frame(const py::dict& columns, std::string_view frame, std::string_view ctx, NodeType type,
        std::vector<std::string_view> structural)
      : cols(columns_of(columns, rows, ctx, std::string(frame) + " row ")),
        known(std::move(structural)),
        frame_(frame) {
    for (std::string_view n : {"name", "start", "end"}) known.push_back(n);
    for (const auto& f : node_fields(type))
      if (std::find(known.begin(), known.end(), f.name) == known.end()) known.push_back(f.name);
  }
  /// Checks the column names against `attrs`, then reads every column not in `skip`.
  void read(const std::vector<std::string>& attrs, const std::vector<const Column*>& skip) {
    for (const auto& c : cols) {
      const bool is_known = std::find(known.begin(), known.end(), c.name()) != known.end();
      const bool is_attr = std::find(attrs.begin(), attrs.end(), c.name()) != attrs.end();
      if (is_known && is_attr)
        throw ModelError("bad_value", "attrs names '" + c.name() + "', a column of " + frame_ +
                                          " frames, not a free attribute");
      if (!is_known && !is_attr)
        throw ModelError("unknown_field", frame_ + ": column '" + c.name() + "' is not a column of " +
                                              frame_ + " frames" + did_you_mean(c.name(), known) +
                                              "; the columns are " + joined() +
                                              " (name free attribute columns in attrs=)");
    }
    other_values(cols, skip, rows, attrs, props, attributes);
  }
  /// Row i's fields and free attributes, moved out.
  Props take_props(std::size_t i) { return props.empty() ? Props{} : std::move(props[i]); }
  Props take_attributes(std::size_t i) { return attributes.empty() ? Props{} : std::move(attributes[i]); }
  /// The column `name`, or null when the frame has none (an optional column).
  const Column* opt(std::string_view name) { return take(cols, name); }

 private:
  std::string joined() const {
    std::string out;
    for (auto n : known) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
  }
  std::string frame_;
};

/// Row i of an optional id column, or "" (no column, or missing).
std::string opt_id(const Column* c, std::size_t i) { return c ? c->opt_text(i) : std::string(); }

/// A board's decision rules in row i: JSON text as it is, or a list of dicts as JSON text (as
/// add_board does); nullopt when missing.
std::optional<Value> rules_cell(const Column& c, std::size_t i) {
  if (c.blank(i)) return std::nullopt;
  PyObject* o = c.is_object() ? c.object(i) : nullptr;
  if (o && PyUnicode_Check(o)) return Value(std::string(c.text(i)));
  if (!o || !(PyList_Check(o) || PyTuple_Check(o)))
    throw ModelError("wrong_type",
                     c.row(i) + ": 'rules' must be a list of dicts (or their JSON text), not " +
                         (o ? std::string(Py_TYPE(o)->tp_name) : std::string("a number or bool")));
  static PyObject* dumps = py::object(py::module_::import("json").attr("dumps")).release().ptr();
  try {
    const auto items = py::reinterpret_steal<py::list>(PySequence_List(o));
    if (!items) throw py::error_already_set();
    const py::object text = py::reinterpret_borrow<py::object>(dumps)(items, py::arg("allow_nan") = false);
    return Value(text.cast<std::string>());
  } catch (py::error_already_set& e) {
    throw ModelError("wrong_type", c.row(i) +
                                       ": 'rules' must be a list of dicts of names, numbers and text (" +
                                       std::string(py::str(e.value())) + ")");
  }
}

/// Applies the batch with the GIL released (its values were copied out of the Python objects).
void apply_released(Model& m, Batch b) {
  py::gil_scoped_release nogil;
  m.apply(std::move(b));
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
    const auto free = attr_names(attrs, "add_nodes_from");
    check_attrs(free, {&cols});
    other_values(cols, {id, type_col}, rows, free, nc.props, nc.attributes);
    Batch b;
    b.add(std::move(nc));  // checks the types
    apply_released(self, std::move(b));
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
          throw ModelError("bad_value",
                           share->row(i) + ": 'share' is not a finite number (infinity; NaN is none)");
      }
    } else {
      share = nullptr;
    }
    const auto free = attr_names(attrs, "add_relations_from");
    check_attrs(free, {&cols});
    other_values(cols, {kind, source, target, share}, rows, free, rc.props, rc.attributes);
    Batch b;
    b.add(std::move(rc));
    apply_released(self, std::move(b));
      },
      py::arg("columns"), py::arg("attrs") = py::none());

  cls.def(
      "_add_contracts_columns",
      [](Model& self, const py::dict& columns, py::object obligations, py::object attrs) {
    const char* ctx = "add_contracts_from";
    const std::vector<std::string_view> roles = role_names();
    std::vector<std::string_view> structural = {"id", "kind", "head"};
    structural.insert(structural.end(), roles.begin(), roles.end());
    structural.emplace_back("parties");
    Frame f(columns, "contracts", ctx, NodeType::contract, structural);
    const Column& id = required(f.cols, "id", ctx);
    const Column& kind = required(f.cols, "kind", ctx);
    const Column* head = f.opt("head");
    const Column* parties = f.opt("parties");
    std::vector<const Column*> skip = {&id, &kind, head, parties};
    std::vector<const Column*> role_cols;  // in the frame's column order
    for (const auto& c : f.cols)
      if (std::find(roles.begin(), roles.end(), c.name()) != roles.end()) role_cols.push_back(&c);
    skip.insert(skip.end(), role_cols.begin(), role_cols.end());

    std::optional<Frame> o;
    if (!obligations.is_none())
      o.emplace(obligations.cast<py::dict>(), "obligations", "add_contracts_from: obligations",
                NodeType::obligation,
                std::vector<std::string_view>{"contract", "id", "flows_from", "obligor", "obligee"});
    const auto free = attr_names(attrs, ctx);
    if (o) check_attrs(free, {&f.cols, &o->cols});
    else check_attrs(free, {&f.cols});
    f.read(free, skip);

    std::vector<ContractSpec> specs(f.rows);
    for (std::size_t i = 0; i < f.rows; ++i) {
      ContractSpec& c = specs[i];
      c.id = id.text(i);
      c.where = id.row(i);
      c.props = f.take_props(i);
      c.props.insert_or_assign("kind", std::string(kind.text(i)));
      c.attributes = f.take_attributes(i);
      c.head = opt_id(head, i);
      for (const Column* r : role_cols)
        if (auto ids = r->ids(i)) c.parties.emplace_back(r->name(), std::move(*ids));
      if (!parties || parties->blank(i)) continue;
      PyObject* d = parties->is_object() ? parties->object(i) : nullptr;
      if (!d || !PyDict_Check(d))
        throw ModelError("wrong_type",
                         parties->row(i) + ": 'parties' must be a dict of role to id or ids, not " +
                             (d ? std::string(Py_TYPE(d)->tp_name) : std::string("a number or bool")));
      for (auto [k, v] : py::reinterpret_borrow<py::dict>(d)) {
        std::string role = to_text(k, parties->row(i) + ": 'parties'", "a role");
        if (std::any_of(c.parties.begin(), c.parties.end(), [&](const auto& p) { return p.first == role; }))
          throw ModelError("duplicate_key", parties->row(i) + ": role '" + role +
                                                "' is given twice (as a column and in 'parties')");
        auto ids = to_ids(v, parties->row(i) + " 'parties' role '" + role + "'");
        c.parties.emplace_back(std::move(role), std::move(ids));
      }
    }
    if (o) {  // each obligation joins its contract, in row order
      const Column& of = required(o->cols, "contract", "add_contracts_from: obligations");
      const Column& oid = required(o->cols, "id", "add_contracts_from: obligations");
      const Column* flows = o->opt("flows_from");
      const Column* obligor = o->opt("obligor");
      const Column* obligee = o->opt("obligee");
      o->read(free, {&of, &oid, flows, obligor, obligee});
      std::unordered_map<std::string_view, std::size_t> index;
      for (std::size_t i = 0; i < specs.size(); ++i) index.emplace(specs[i].id, i);
      for (std::size_t i = 0; i < o->rows; ++i) {
        const auto it = index.find(of.text(i));
        if (it == index.end())
          throw ModelError("bad_value", of.row(i) + ": 'contract' is '" + std::string(of.text(i)) +
                                            "', which is not a contract of the contracts frame (obligations "
                                            "are added with their contract, in the same call)");
        ObligationSpec ob;
        ob.id = oid.text(i);
        ob.where = oid.row(i);
        ob.flows_from = opt_id(flows, i);
        ob.obligor = opt_id(obligor, i);
        ob.obligee = opt_id(obligee, i);
        ob.props = o->take_props(i);
        ob.attributes = o->take_attributes(i);
        specs[it->second].obligations.push_back(std::move(ob));
      }
    }
    Batch b;
    for (auto& c : specs) b.add(std::move(c));
    apply_released(self, std::move(b));
      },
      py::arg("columns"), py::arg("obligations") = py::none(), py::arg("attrs") = py::none());

  cls.def(
      "_add_boards_columns",
      [](Model& self, const py::dict& columns, py::object attrs) {
    const char* ctx = "add_boards_from";
    Frame f(columns, "boards", ctx, NodeType::board, {"id", "of"});
    const Column& id = required(f.cols, "id", ctx);
    const Column& of = required(f.cols, "of", ctx);
    const Column* rules = f.opt("rules");  // a list of dicts per cell: read apart
    const auto free = attr_names(attrs, ctx);
    check_attrs(free, {&f.cols});
    f.read(free, {&id, &of, rules});
    Batch b;
    for (std::size_t i = 0; i < f.rows; ++i) {
      BoardSpec board{std::string(id.text(i)), std::string(of.text(i)), f.take_props(i), id.row(i),
                      f.take_attributes(i)};
      if (rules)
        if (auto r = rules_cell(*rules, i)) board.props.insert_or_assign("rules", std::move(*r));
      b.add(std::move(board));
    }
    apply_released(self, std::move(b));
      },
      py::arg("columns"), py::arg("attrs") = py::none());

  cls.def(
      "_add_seats_columns",
      [](Model& self, const py::dict& columns, py::object attrs) {
    const char* ctx = "add_seats_from";
    Frame f(columns, "seats", ctx, NodeType::seat, {"id", "board", "appointed_by", "represents", "held_by"});
    const Column& id = required(f.cols, "id", ctx);
    const Column& board = required(f.cols, "board", ctx);
    const Column* appointed_by = f.opt("appointed_by");
    const Column* represents = f.opt("represents");
    const Column* held_by = f.opt("held_by");
    const auto free = attr_names(attrs, ctx);
    check_attrs(free, {&f.cols});
    f.read(free, {&id, &board, appointed_by, represents, held_by});
    Batch b;
    for (std::size_t i = 0; i < f.rows; ++i) {
      std::vector<std::string> constituency;
      if (represents)
        if (auto ids = represents->ids(i)) constituency = std::move(*ids);
      b.add(SeatSpec{std::string(id.text(i)), std::string(board.text(i)), opt_id(appointed_by, i),
                     std::move(constituency), opt_id(held_by, i), f.take_props(i), id.row(i),
                     f.take_attributes(i)});
    }
    apply_released(self, std::move(b));
      },
      py::arg("columns"), py::arg("attrs") = py::none());
}

}  // namespace govgraph::python
