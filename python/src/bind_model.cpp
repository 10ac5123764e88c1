// bind_model.cpp — govgraph::Model as _core.Model: building (single additions take keyword dicts
// prepared by the Python layer), reading, JSON, reachable. The pure-Python subclass
// govgraph.Model adds the documented signatures, frames and display on top.
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include <govgraph/io/json.hpp>
#include <govgraph/scenario.hpp>
#include <govgraph/traversal.hpp>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

py::object json_to_py(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::object: {
      py::dict d;
      for (auto it = j.begin(); it != j.end(); ++it) d[py::str(it.key())] = json_to_py(*it);
      return d;
    }
    case nlohmann::ordered_json::value_t::array: {
      py::list l;
      for (const auto& x : j) l.append(json_to_py(x));
      return l;
    }
    case nlohmann::ordered_json::value_t::string: return py::str(j.get<std::string>());
    case nlohmann::ordered_json::value_t::boolean: return py::bool_(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer:
    case nlohmann::ordered_json::value_t::number_unsigned: return py::int_(j.get<std::int64_t>());
    case nlohmann::ordered_json::value_t::number_float: return py::float_(j.get<double>());
    default: return py::none();
  }
}

NodeType node_type(const std::string& s) {
  if (auto t = node_type_from(s)) return *t;
  throw ModelError("bad_value", "node type '" + s +
                                    "' is not one of: organisation, person, "
                                    "contract, obligation, board, seat, asset");
}

RelKind rel_kind(const std::string& s) {
  if (auto k = rel_kind_from(s)) return *k;
  throw ModelError("bad_value", "relation kind '" + s + "' is not one of: " + stated_relation_kind_names());
}

std::string opt_str(py::handle h) { return h.is_none() ? std::string() : h.cast<std::string>(); }

/// A node written in the file format's shape (and its seats or obligations), with each field
/// that has a history replaced by its value in force on `day`.
void in_force_on(const Model& m, nlohmann::ordered_json& j, Date day) {
  if (j.contains("history")) {
    const NodeIndex n = *m.find(j["id"].get<std::string>());
    const NodeType t = m.nodes()[n].type;
    std::vector<std::string> keys;  // copied: j changes below
    for (auto it = j["history"].begin(); it != j["history"].end(); ++it) keys.push_back(it.key());
    j.erase("history");
    for (const auto& key : keys) {
      const Value* v = m.value(n, key, day);
      const FieldSpec* f = find_field(t, key);
      if (!v) j.erase(key);
      else if (f && f->type == FieldType::rules)
        j[key] = nlohmann::ordered_json::parse(std::get<std::string>(*v));
      else j[key] = std::visit([](const auto& x) { return nlohmann::ordered_json(x); }, *v);
    }
  }
  for (const char* part : {"seats", "obligations"})
    if (j.contains(part))
      for (auto& child : j[part]) in_force_on(m, child, day);
}

/// Columns of nodes_frame(): id, type, name, start, end, each type's fields, then attributes;
/// with a day, only the nodes in force then, each field as in force then; with a type, only
/// nodes of that type.
py::dict nodes_columns(const Model& m, py::object as_of, py::object type) {
  const auto lock = lock_read(m);
  const Date day = to_date(as_of, "nodes_frame: as_of");
  std::optional<NodeType> only;
  if (!type.is_none()) only = node_type(type.cast<std::string>());
  const auto all = m.nodes();
  std::vector<NodeIndex> pick;
  for (NodeIndex i = 0; i < all.size(); ++i)
    if ((!only || all[i].type == *only) && in_force(all[i].start, all[i].end, day)) pick.push_back(i);
  const std::size_t n = pick.size();
  std::vector<std::string> keys;  // fields in table order, then attributes sorted
  for (std::size_t t = 0; t < kNodeTypeCount; ++t)
    for (const auto& f : node_fields(static_cast<NodeType>(t)))
      if (std::find(keys.begin(), keys.end(), f.name) == keys.end()) keys.emplace_back(f.name);
  std::set<std::string> attrs;
  for (NodeIndex i : pick)
    for (const auto& [k, v] : all[i].props)
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) attrs.insert(k);
  keys.insert(keys.end(), attrs.begin(), attrs.end());
  py::list id(n), types(n), name(n), start(n), end(n);
  std::vector<py::list> cols(keys.size(), py::list());
  for (auto& c : cols) c = py::list(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Node& x = all[pick[i]];
    id[i] = py::str(x.id);
    types[i] = py::str(std::string(to_string(x.type)));
    name[i] = py::str(x.name);
    start[i] = x.start ? py::object(py::str(x.start.iso())) : py::none();
    end[i] = x.end ? py::object(py::str(x.end.iso())) : py::none();
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const Value* v = m.value(pick[i], keys[k], day);  // the value in force on the day
      cols[k][i] = v ? from_value(*v) : py::none();
    }
  }
  py::dict out;
  out["id"] = id;
  out["type"] = types;
  out["name"] = name;
  out["start"] = start;
  out["end"] = end;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    // Drop field columns no node uses, keep the frame narrow.
    bool any = false;
    for (std::size_t i = 0; i < n && !any; ++i) any = !cols[k][i].is_none();
    if (any) out[py::str(keys[k])] = cols[k];
  }
  return out;
}

/// Columns of relations_frame(): kind, source, target, start, end, share, fields, attributes.
/// With a day, only the relations in force then between nodes in force then; with kinds, only
/// relations of those kinds.
py::dict relations_columns(const Model& m, bool implied, py::object as_of, py::object kinds) {
  const auto lock = lock_read(m);
  const Date day = to_date(as_of, "relations_frame: as_of");
  std::vector<RelKind> only;
  if (!kinds.is_none())
    for (const auto& k : to_ids(kinds, "relations_frame: kind")) only.push_back(rel_kind(k));
  const auto rels = m.relations();
  const auto nodes = m.nodes();
  auto live = [&](NodeIndex x) { return in_force(nodes[x].start, nodes[x].end, day); };
  std::vector<const Relation*> pick;
  for (const auto& r : rels)
    if ((implied || !is_implied(r.kind) || !only.empty()) &&
        (only.empty() || std::find(only.begin(), only.end(), r.kind) != only.end()) &&
        in_force(r.start, r.end, day) && live(r.source) && live(r.target))
      pick.push_back(&r);
  const std::size_t n = pick.size();
  std::set<std::string> attr_names;
  for (const Relation* r : pick)
    if (r->props)
      for (const auto& [k, v] : *r->props) attr_names.insert(k);
  std::vector<std::string> keys(attr_names.begin(), attr_names.end());
  py::list kind(n), source(n), target(n), start(n), end(n), share(n);
  std::vector<py::list> cols;
  for (std::size_t k = 0; k < keys.size(); ++k) cols.emplace_back(n);
  bool any_share = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Relation& r = *pick[i];
    kind[i] = py::str(std::string(to_string(r.kind)));
    source[i] = py::str(nodes[r.source].id);
    target[i] = py::str(nodes[r.target].id);
    start[i] = r.start ? py::object(py::str(r.start.iso())) : py::none();
    end[i] = r.end ? py::object(py::str(r.end.iso())) : py::none();
    any_share |= !std::isnan(r.share);
    share[i] = std::isnan(r.share) ? py::none() : py::object(py::float_(r.share));
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const Value* v = r.get(keys[k]);
      cols[k][i] = v ? from_value(*v) : py::none();
    }
  }
  py::dict out;
  out["kind"] = kind;
  out["source"] = source;
  out["target"] = target;
  out["start"] = start;
  out["end"] = end;
  if (any_share) out["share"] = share;
  for (std::size_t k = 0; k < keys.size(); ++k) out[py::str(keys[k])] = cols[k];
  return out;
}

}  // namespace

void init_model(py::module_& m) {
  py::class_<Model> cls(m, "Model", "The typed, dated graph (see govgraph.Model).");
  cls.def(py::init<std::string>(), py::arg("name") = "")
      .def_property(
          "name",
          [](const Model& self) {
    const auto lock = lock_read(self);
    return self.name();
          },
          [](Model& self, std::string name) {
    py::gil_scoped_release nogil;
    self.set_name(std::move(name));
      },
      "The model's name.")
      .def_property(
          "sources",
          [](const Model& self) {
    const auto lock = lock_read(self);
    return self.sources();
          },
          [](Model& self, std::vector<std::string> sources) {
    py::gil_scoped_release nogil;
    self.set_sources(std::move(sources));
      },
      "Where the model's facts come from.")
      .def(
          "__len__",
          [](const Model& self) {
    const auto lock = lock_read(self);
    return self.size();
          },
          "Number of nodes.")
      .def(
          "__contains__",
          [](const Model& self, py::object id) {
    const auto lock = lock_read(self);
    return py::isinstance<py::str>(id) && self.contains(id.cast<std::string>());
          })
      .def(
          "__repr__",
          [](const Model& self) {
    const auto lock = lock_read(self);
    return self.summary();
          })
      .def(
          "relation_count",
          [](const Model& self, bool implied) {
    const auto lock = lock_read(self);
    if (implied) return self.relation_count();
    std::size_t n = 0;
    for (const auto& r : self.relations()) n += !is_implied(r.kind);
    return n;
          },
          py::arg("implied") = true,
          "Number of relations; with implied=False only stated ones (not those implied by "
          "contracts, boards and seats).")
      .def(
          "count",
          [](const Model& self, const std::string& type) {
    const auto lock = lock_read(self);
    return self.count(node_type(type));
          },
          py::arg("type"), "Number of nodes of one type ('organisation', 'person', ...).")
      .def(
          "ids",
          [](const Model& self, py::object type) {
    const auto lock = lock_read(self);
    py::list out;
    std::optional<NodeType> t;
    if (!type.is_none()) t = node_type(type.cast<std::string>());
    for (const auto& n : self.nodes())
      if (!t || n.type == *t) out.append(py::str(n.id));
    return out;
          },
          py::arg("type") = py::none(), "Ids of all nodes (of one type), in the order added.")
      .def(
          "get",
          [](const Model& self, const std::string& id, py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "get: as_of");
    auto j = nlohmann::ordered_json::parse(node_json(self, id));
    if (day) in_force_on(self, j, day);
    return json_to_py(j);
          },
          py::arg("id"), py::kw_only(), py::arg("as_of") = py::none(),
          "The node `id` as a dict in the file format's shape (see type_of for its type); with "
          "as_of, each field as in force that day and no history.")
      .def(
          "type_of",
          [](const Model& self, const std::string& id) {
    const auto lock = lock_read(self);
    return std::string(to_string(self.node(id).type));
          },
          py::arg("id"), "The node type of `id`.")
      .def(
          "_add_node",
          [](Model& self, const std::string& type, const std::string& id, const py::dict& props,
             const py::dict& attrs) {
    const NodeType t = node_type(type);
    const std::string ctx = std::string(to_string(t)) + " '" + id + "'";
    Props p = to_props(props, ctx), a = to_props(attrs, ctx);
    py::gil_scoped_release nogil;  // the model is locked without the GIL (bindings.hpp)
    self.add_node(t, id, std::move(p), std::move(a));
          })
      .def(
          "_add_relation",
          [](Model& self, const std::string& kind, const std::string& source, const std::string& target,
             const py::dict& props, const py::dict& attrs) {
    const std::string ctx = "relation '" + kind + "' from '" + source + "'";
    const RelKind k = rel_kind(kind);
    Props p = to_props(props, ctx), a = to_props(attrs, ctx);
    py::gil_scoped_release nogil;
    self.add_relation(k, source, target, std::move(p), std::move(a));
          })
      .def(
          "_add_contract",
          [](Model& self, const std::string& id, const py::dict& props, py::object parties,
             py::object obligations, py::object head, const py::dict& attrs) {
    ContractSpec c;
    c.id = id;
    const std::string ctx = "contract '" + id + "'";
    c.props = to_props(props, ctx);
    c.attributes = to_props(attrs, ctx);
    c.head = opt_str(head);
    if (!parties.is_none())
      for (auto [role, ids] : parties.cast<py::dict>())
        c.parties.emplace_back(py::str(role), to_ids(ids, ctx + " parties"));
    if (!obligations.is_none())
      for (py::handle o : obligations) {
        if (!py::isinstance<py::dict>(o))
          throw ModelError("wrong_type", ctx + ": each obligation is a dict with an 'id'");
        py::dict d = py::reinterpret_borrow<py::dict>(o);
        ObligationSpec ob;
        py::dict rest, free;
        for (auto [k, v] : d) {
          const std::string key = py::str(k);
          if (key == "id") ob.id = opt_str(v);
          else if (key == "flows_from") ob.flows_from = opt_str(v);
          else if (key == "obligor") ob.obligor = opt_str(v);
          else if (key == "obligee") ob.obligee = opt_str(v);
          else if (key == "attributes" || key == "attrs") {
            if (!py::isinstance<py::dict>(v))
              throw ModelError("wrong_type",
                               ctx + " obligation '" + ob.id + "': " + key + " is a dict of free attributes");
            for (auto [ak, av] : v.cast<py::dict>()) free[ak] = av;
          } else rest[k] = v;  // a field, or an unknown name the model refuses
        }
        ob.props = to_props(rest, ctx + " obligation '" + ob.id + "'");
        ob.attributes = to_props(free, ctx + " obligation '" + ob.id + "'");
        c.obligations.push_back(std::move(ob));
      }
    py::gil_scoped_release nogil;
    self.add_contract(std::move(c));
          })
      .def(
          "_add_board",
          [](Model& self, const std::string& id, const std::string& of, const py::dict& props,
             const py::dict& attrs) {
    const std::string ctx = "board '" + id + "'";
    BoardSpec b{id, of, to_props(props, ctx), {}, to_props(attrs, ctx)};
    py::gil_scoped_release nogil;
    self.add_board(std::move(b));
          })
      .def(
          "_add_seat",
          [](Model& self, const std::string& id, const std::string& board, py::object appointed_by,
             py::object represents, py::object held_by, const py::dict& props, const py::dict& attrs) {
    const std::string ctx = "seat '" + id + "'";
    SeatSpec seat{id,
                  board,
                  opt_str(appointed_by),
                  to_ids(represents, ctx),
                  opt_str(held_by),
                  to_props(props, ctx),
                  {},
                  to_props(attrs, ctx)};
    py::gil_scoped_release nogil;
    self.add_seat(std::move(seat));
          })
      .def(
          "_assign",
          [](Model& self, Model& other) {
    py::gil_scoped_release nogil;
    self = std::move(other);
          })
      .def(
          "_as_of",
          [](const Model& self, py::object day) {
    const auto lock = lock_read(self);
    const Date d = to_date(day, "as_of");
    if (d.is_none()) throw ModelError("bad_date", "as_of: a date is needed");
    py::gil_scoped_release nogil;
    return as_of(self, d);
          },
          py::arg("day"))
      .def(
          "_without",
          [](const Model& self, py::object ids) {
    const auto lock = lock_read(self);
    const auto v = to_ids(ids, "without");
    py::gil_scoped_release nogil;
    return without(self, v);
          },
          py::arg("ids"))
      .def(
          "_removed_by",
          [](const Model& self, py::object ids) {
    const auto lock = lock_read(self);
    return removed_by(self, to_ids(ids, "without"));
          },
          py::arg("ids"))
      .def(
          "_replace",
          [](const Model& self, const std::string& old, const std::string& replacement, py::object on) {
    const auto lock = lock_read(self);
    const Date d = to_date(on, "replace: on");
    py::gil_scoped_release nogil;
    return replace(self, old, replacement, d);
          },
          py::arg("old"), py::arg("new"), py::arg("on"))
      .def(
          "_copy",
          [](const Model& self) {
    const auto lock = lock_read(self);
    return Model(self);
          })
      .def("_nodes_columns", &nodes_columns, py::arg("as_of") = py::none(), py::arg("type") = py::none())
      .def("_relations_columns", &relations_columns, py::arg("implied") = false,
           py::arg("as_of") = py::none(), py::arg("kind") = py::none())
      .def(
          "_end",
          [](Model& self, py::object target, py::object on) {
    const Date d = to_date(on, "end: on");
    if (py::isinstance<py::str>(target)) {
      const std::string id = target.cast<std::string>();
      py::gil_scoped_release nogil;
      self.end(id, d);
      return;
    }
    const auto parts = to_ids(target, "end: target");
    if (parts.size() != 3)
      throw ModelError("wrong_type",
                       "end: target is a node's or relation's id, or (kind, source, target), not " +
                           std::to_string(parts.size()) + " values");
    RelationRef ref{{}, rel_kind(parts[0]), parts[1], parts[2]};
    py::gil_scoped_release nogil;
    (void)self.end(ref, d);
          },
          py::arg("target"), py::arg("on"))
      .def(
          "_withdraw",
          [](Model& self, const std::string& org, const std::string& arrangement, py::object on,
             const std::string& seats) {
    const Date d = to_date(on, "withdraw: on");
    if (seats != "vacate" && seats != "keep")
      throw ModelError("bad_value", "withdraw: seats '" + seats + "' is not one of: vacate, keep");
    std::vector<Ended> ended;
    {
      py::gil_scoped_release nogil;
      ended = self.withdraw(org, arrangement, d, seats == "vacate");
    }
    py::dict out;
    py::list what, id, day;
    for (const auto& e : ended) {
      what.append(py::str(e.what));
      id.append(py::str(e.id));
      day.append(py::str(e.on.iso()));
    }
    out["ended"] = what;
    out["id"] = id;
    out["on"] = day;
    return out;
          },
          py::arg("org"), py::arg("arrangement"), py::arg("on"), py::arg("seats") = "vacate")
      .def(
          "_end_each",
          [](Model& self, const py::list& ids, const py::list& days) {
    // Ends node ids[i] on days[i], one after another: each end is checked whole, but a refusal
    // leaves the earlier ones made, so callers run it on a working copy (gg.nhs importers do).
    if (ids.size() != days.size())
      throw ModelError("bad_value", "end: " + std::to_string(ids.size()) + " ids but " +
                                        std::to_string(days.size()) + " days");
    std::vector<std::string> names;
    std::vector<Date> on;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      names.push_back(to_text(ids[i], "end row " + std::to_string(i), "id"));
      on.push_back(to_date(days[i], "end row " + std::to_string(i) + ": on"));
    }
    py::gil_scoped_release nogil;
    for (std::size_t i = 0; i < names.size(); ++i) self.end(names[i], on[i]);
          },
          py::arg("ids"), py::arg("days"))
      .def(
          "_set_columns",
          [](Model& self, const py::dict& columns, py::object on) {
    const Date d = to_date(on, "set_from: on");
    if (!columns.contains("id")) throw ModelError("missing_field", "set_from: an 'id' column is needed");
    std::vector<std::string> ids;
    std::vector<Props> rows;
    py::list id_col = columns["id"].attr("tolist")();
    const std::size_t n = id_col.size();
    rows.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      ids.push_back(to_text(id_col[i], "set_from row " + std::to_string(i), "id"));
    for (auto [k, v] : columns) {
      const std::string key = py::str(k);
      if (key == "id") continue;
      py::list col = v.attr("tolist")();
      if (col.size() != n)
        throw ModelError("bad_value", "set_from: column '" + key + "' has " + std::to_string(col.size()) +
                                          " rows, 'id' has " + std::to_string(n));
      for (std::size_t i = 0; i < n; ++i)  // NaN / None: this row leaves the field as it is
        if (auto x = to_value_raw(col[i].ptr(), key, "set_from row " + std::to_string(i), Blank::not_given))
          rows[i].emplace(key, std::move(*x));
    }
    py::gil_scoped_release nogil;
    self.set_many(ids, d, std::move(rows), "set_from row ");
          },
          py::arg("columns"), py::arg("on"))
      .def(
          "_set",
          [](Model& self, const std::string& id, py::object on, const py::dict& fields) {
    const Date d = to_date(on, "set: on");
    Props p = to_props(fields, "set('" + id + "')");
    py::gil_scoped_release nogil;
    self.set(id, d, std::move(p));
          },
          py::arg("id"), py::arg("on"), py::arg("fields"))
      .def(
          "_dumps",
          [](const Model& self, int indent) {
    const auto lock = lock_read(self);
    std::string s;
    {
      py::gil_scoped_release nogil;
      s = dumps(self, indent);
    }
    return s;
          },
          py::arg("indent") = 2)
      .def(
          "_save",
          [](const Model& self, const std::string& path, int indent) {
    const auto lock = lock_read(self);
    py::gil_scoped_release nogil;
    save(self, path, indent);
          },
          py::arg("path"), py::arg("indent") = 2)
      .def(
          "reachable",
          [](const Model& self, py::object sources, py::object kinds, const std::string& direction,
             py::object as_of, bool include_sources) {
    const auto lock = lock_read(self);
    ReachOptions opt;
    opt.direction = direction_from(direction);
    opt.as_of = to_date(as_of, "reachable: as_of");
    opt.include_sources = include_sources;
    if (!kinds.is_none())
      for (const auto& k : to_ids(kinds, "reachable: kinds")) {
        auto rk = rel_kind_from(k);
        if (!rk) throw ModelError("bad_value", "reachable: relation kind '" + k + "' is unknown");
        opt.kinds.push_back(*rk);
      }
    std::vector<NodeIndex> src;
    for (const auto& id : to_ids(sources, "reachable: sources")) {
      auto i = self.find(id);
      if (!i) throw UnknownIdError("unknown_id", "reachable: source '" + id + "' is not in the model");
      src.push_back(*i);
    }
    std::vector<NodeIndex> out;
    {
      py::gil_scoped_release nogil;
      out = reachable_indices(self, src, opt);
    }
    return id_list(self, out);
          },
          py::arg("sources"), py::kw_only(), py::arg("kinds") = py::none(), py::arg("direction") = "out",
          py::arg("as_of") = py::none(), py::arg("include_sources") = true,
          "Ids of the nodes reachable from `sources` following only relations of `kinds` (all "
          "kinds if None) in `direction` ('out', 'in', 'both'), only what is in force on "
          "`as_of` if given. Breadth-first, O(V+E) over the part reached; runs without the GIL.");

  m.def(
      "_loads",
      [](const std::string& text, const std::string& source) {
    py::gil_scoped_release nogil;
    return loads(text, source);
      },
      py::arg("text"), py::arg("source") = "<string>");
  m.def(
      "_load",
      [](const std::string& path) {
    py::gil_scoped_release nogil;
    return load(path);
      },
      py::arg("path"));
  m.def("_schema_tables", [] {
    // The kind tables, for docs and the Python layer's validation messages.
    py::dict nodes, rels, contracts;
    auto field_dict = [](const FieldSpec& f) {
      py::dict d;
      static const char* types[] = {"text", "integer", "number", "boolean", "rules"};
      d["type"] = types[static_cast<int>(f.type)];
      py::list allowed;
      for (auto a : f.allowed) allowed.append(py::str(std::string(a)));
      d["allowed"] = allowed;
      d["min"] = f.min ? py::object(py::float_(*f.min)) : py::none();
      d["max"] = f.max ? py::object(py::float_(*f.max)) : py::none();
      d["doc"] = std::string(f.doc);
      return d;
    };
    for (std::size_t t = 0; t < kNodeTypeCount; ++t) {
      py::dict fields;
      for (const auto& f : node_fields(static_cast<NodeType>(t)))
        fields[py::str(std::string(f.name))] = field_dict(f);
      nodes[py::str(std::string(to_string(static_cast<NodeType>(t))))] = fields;
    }
    for (std::size_t k = 0; k < kRelKindCount; ++k) {
      const auto kind = static_cast<RelKind>(k);
      const EndpointRule& r = endpoint_rule(kind);
      py::dict d;
      py::list s, t;
      for (auto x : r.sources) s.append(py::str(std::string(to_string(x))));
      for (auto x : r.targets) t.append(py::str(std::string(to_string(x))));
      d["sources"] = s;
      d["targets"] = t;
      d["target_condition"] = std::string(r.target_condition);
      d["implied"] = is_implied(kind);
      d["doc"] = std::string(r.doc);
      py::dict fields;
      for (const auto& f : relation_fields(kind)) fields[py::str(std::string(f.name))] = field_dict(f);
      d["fields"] = fields;
      rels[py::str(std::string(to_string(kind)))] = d;
    }
    for (const auto& c : contract_roles())
      contracts[py::str(std::string(c.kind))] = py::make_tuple(std::string(c.obligee_role),
                                                               std::string(c.obligor_role));
    // The semantics the rules read (kinds.hpp), for display and documentation only: Python
    // decides no rule with them.
    py::dict kinds, forms, scopes, seat_kind_table, org_kind_table;
    for (const auto& k : seat_kinds()) {
      py::dict d;
      d["votes"] = k.votes;
      d["default"] = k.name == kDefaultSeatKind;
      d["doc"] = std::string(k.doc);
      seat_kind_table[py::str(std::string(k.name))] = d;
    }
    for (const auto& k : organisation_kinds()) {
      py::dict d;
      d["constituent"] = k.constituent;
      d["doc"] = std::string(k.doc);
      org_kind_table[py::str(std::string(k.name))] = d;
    }
    for (const auto& c : contract_roles()) {
      py::dict d;
      d["obligee_role"] = std::string(c.obligee_role);
      d["obligor_role"] = std::string(c.obligor_role);
      d["binding"] = c.binding;
      d["service"] = c.service;
      d["subcontract"] = c.subcontract;
      d["clinical_onward_needs_consent"] = c.clinical_onward_needs_consent;
      d["basis"] = std::string(c.basis);
      d["holder_forms"] = std::string(c.holder_forms);  // empty: any legal form may hold it
      kinds[py::str(std::string(c.kind))] = d;
    }
    for (const auto& f : legal_forms()) {
      py::dict d;
      d["regime"] = std::string(to_string(f.regime));
      d["label"] = std::string(f.label);
      d["basis"] = std::string(f.basis);
      forms[py::str(std::string(f.name))] = d;
    }
    for (const auto& sc : indemnity_scopes()) {
      py::dict d;
      py::list claims;
      for (ClaimKind k : {ClaimKind::contract, ClaimKind::negligence})
        if (sc.claims & static_cast<std::uint8_t>(k)) claims.append(std::string(to_string(k)));
      d["claims"] = claims;
      d["category"] = std::string(sc.category);
      d["from"] = std::string(sc.from);
      d["basis"] = std::string(sc.basis);
      scopes[py::str(std::string(sc.name))] = d;
    }
    py::dict out;
    out["nodes"] = nodes;
    out["relations"] = rels;
    out["contracts"] = contracts;
    out["contract_kinds"] = kinds;
    out["legal_forms"] = forms;
    out["indemnity_scopes"] = scopes;
    out["seat_kinds"] = seat_kind_table;
    out["organisation_kinds"] = org_kind_table;
    return out;
  });
  init_columns(cls);
  init_accountability(cls);
  init_representation(m, cls);
  init_control(cls);
  init_power(m);
}

}  // namespace govgraph::python
