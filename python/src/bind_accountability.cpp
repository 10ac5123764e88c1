// bind_accountability.cpp — the accountability engine for Python: results leave C++ as columns
// (dicts of lists) that govgraph/results.py turns into rows, frames and notebook tables.
#include <cmath>
#include <optional>
#include <unordered_map>
#include <utility>

#include <govgraph/accountability.hpp>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

/// Paths as hop columns (one entry per hop) plus each path's nodes: Python builds Path objects
/// only when they are looked at. A debtor's partners and shielded members are the same on every
/// hop it owes, so each hop's `jointly_liable` and `shielded` are the one pair of lists of its
/// debtor (also in `lists`, by debtor); guarantors (rare) per hop.
py::object date_or_none(Date d) {
  return d.is_none() ? py::object(py::none()) : py::object(py::str(d.iso()));
}

ClaimKind to_claim(const std::string& s, std::string_view what) {
  auto k = claim_kind_from(s);
  if (!k)
    throw ModelError("bad_value",
                     std::string(what) + ": claim must be 'contract' or 'negligence', not '" + s + "'");
  return *k;
}

/// Python strings of node ids, each made once per call and shared (a path result names the
/// same few thousand parties hundreds of thousands of times).
class IdCache {
 public:
  explicit IdCache(const Model& m) : m_(m), ids_(m.size()) {}
  py::object operator()(NodeIndex n) {
    if (n == kNoNode) return py::none();
    py::object& s = ids_[n];
    if (!s) s = py::str(m_.nodes()[n].id);
    return s;
  }
  py::list list(const std::vector<NodeIndex>& v) {
    py::list l(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) l[i] = (*this)(v[i]);
    return l;
  }

 private:
  const Model& m_;
  std::vector<py::object> ids_;
};

py::dict paths_columns(const Model& m, const std::vector<LiabilityPath>& paths) {
  std::size_t n_hops = 0;
  for (const auto& p : paths) n_hops += p.hops.size();
  IdCache id(m);
  py::list first(paths.size()), nodes(paths.size()), offsets(paths.size() + 1);
  py::list path(n_hops), step(n_hops), debtor(n_hops), creditor(n_hops), basis(n_hops), contract(n_hops),
      obligation(n_hops), enforceable(n_hops), guarantors(n_hops), managed(n_hops), jointly(n_hops),
      shielded(n_hops), hop_start(n_hops), hop_end(n_hops);
  py::dict lists;  // debtor id -> (jointly_liable, shielded), shared by the debtor's hops
  std::unordered_map<NodeIndex, std::pair<py::object, py::object>> pairs;  // the same, by index
  const py::object empty = py::list();
  py::list no_guarantors;
  std::vector<py::object> bases;
  std::size_t k = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto& p = paths[i];
    first[i] = id(p.nodes.front());
    py::list ns(p.nodes.size());
    for (std::size_t j = 0; j < p.nodes.size(); ++j) ns[j] = id(p.nodes[j]);
    nodes[i] = ns;
    offsets[i] = py::int_(k);
    for (std::size_t j = 0; j < p.hops.size(); ++j, ++k) {
      const Hop& h = p.hops[j];
      path[k] = py::int_(i);
      step[k] = py::int_(j);
      py::object d = id(h.debtor);
      debtor[k] = d;
      creditor[k] = id(h.creditor);
      const auto b = static_cast<std::size_t>(h.basis);
      if (b >= bases.size()) bases.resize(b + 1);
      if (!bases[b]) bases[b] = py::str(std::string(to_string(h.basis)));
      basis[k] = bases[b];
      contract[k] = id(h.contract);
      obligation[k] = id(h.obligation);
      enforceable[k] = py::bool_(h.enforceable);
      guarantors[k] = h.guarantors.empty() ? py::object(no_guarantors) : py::object(id.list(h.guarantors));
      managed[k] = id(h.managed_by);
      hop_start[k] = date_or_none(h.start);
      hop_end[k] = date_or_none(h.end);
      auto [at, fresh] = pairs.try_emplace(h.debtor);
      if (fresh) {
        at->second = h.jointly_liable.empty() && h.shielded.empty()
                         ? std::pair{empty, empty}
                         : std::pair{py::object(id.list(h.jointly_liable)), py::object(id.list(h.shielded))};
        if (!d.is_none()) lists[d] = py::make_tuple(at->second.first, at->second.second);
      }
      jointly[k] = at->second.first;
      shielded[k] = at->second.second;
    }
  }
  offsets[paths.size()] = py::int_(k);
  py::dict hops;
  hops["path"] = path;
  hops["step"] = step;
  hops["debtor"] = debtor;
  hops["creditor"] = creditor;
  hops["basis"] = basis;
  hops["contract"] = contract;
  hops["obligation"] = obligation;
  hops["enforceable"] = enforceable;
  hops["guarantors"] = guarantors;
  hops["managed_by"] = managed;
  hops["jointly_liable"] = jointly;
  hops["shielded"] = shielded;
  hops["start"] = hop_start;
  hops["end"] = hop_end;
  py::dict out;
  out["first"] = first;
  out["nodes"] = nodes;      // each path's nodes, performer first
  out["offsets"] = offsets;  // path i's hops are hops[offsets[i]:offsets[i + 1]]
  out["hops"] = hops;
  out["lists"] = lists;
  return out;
}

}  // namespace

void init_accountability(py::class_<Model>& cls) {
  cls.def(
      "_accountability",
      [](const Model& self, py::object party, py::object as_of, py::object claim) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "accountability: as_of");
    std::optional<ClaimKind> only;
    if (!claim.is_none()) only = to_claim(to_text(claim, "accountability", "claim"), "accountability");
    std::vector<Accountability> edges;
    {
      const std::string p = opt_text(party, "accountability", "party");
      py::gil_scoped_release nogil;
      edges = p.empty() ? accountability_edges(self, day) : accountability(self, p, day);
    }
    py::list a, to, ob, c, basis, enf, kinds, via, managed, start, end, chain;
    for (const auto& e : edges) {
      if (only && e.claim != *only) continue;
      a.append(id_or_none(self, e.party));
      to.append(id_or_none(self, e.to));
      ob.append(id_or_none(self, e.obligation));
      c.append(id_or_none(self, e.contract));
      basis.append(std::string(to_string(e.basis)));
      enf.append(e.enforceable);
      kinds.append(std::string(to_string(e.claim)));
      via.append(id_or_none(self, e.via));
      managed.append(id_or_none(self, e.managed_by));
      start.append(date_or_none(e.start));
      end.append(date_or_none(e.end));
      chain.append(is_chain(e.basis));
    }
    py::dict d;
    d["party"] = a;
    d["to"] = to;
    d["obligation"] = ob;
    d["contract"] = c;
    d["basis"] = basis;
    d["enforceable"] = enf;
    d["claim"] = kinds;
    d["via"] = via;
    d["managed_by"] = managed;
    d["start"] = start;
    d["end"] = end;
    d["chain"] = chain;  // a contract-chain edge (what liability paths are made of)
    return d;
      },
      py::arg("party"), py::arg("as_of"), py::arg("claim"));

  cls.def(
      "_liability_paths",
      [](const Model& self, py::object obligation, py::object as_of, py::object max_paths_arg) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "liability_paths: as_of");
    const auto max_paths = static_cast<std::uint64_t>(
        to_integer(max_paths_arg, "liability_paths", "max_paths"));
    std::vector<LiabilityPath> paths;
    {
      const std::string o = opt_text(obligation, "liability_paths", "obligation");
      py::gil_scoped_release nogil;
      paths = o.empty() ? all_liability_paths(self, day, max_paths)
                        : liability_paths(self, o, day, max_paths);
    }
    return paths_columns(self, paths);
      },
      py::arg("obligation"), py::arg("as_of"), py::arg("max_paths"));

  cls.def(
      "_count_liability_paths",
      [](const Model& self, py::object obligation_arg, py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "count_liability_paths: as_of");
    const std::string obligation = to_text(obligation_arg, "count_liability_paths", "obligation");
    py::gil_scoped_release nogil;
    return count_liability_paths(self, obligation, day);
      },
      py::arg("obligation"), py::arg("as_of"));

  cls.def(
      "_liability_graph",
      [](const Model& self, py::object obligation_arg, py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "liability_graph: as_of");
    const std::string obligation = to_text(obligation_arg, "liability_graph", "obligation");
    std::vector<WeightedHop> hops;
    {
      py::gil_scoped_release nogil;
      hops = liability_graph(self, obligation, day);
    }
    py::list debtor, creditor, basis, contract, ob, enf, joint, guar, paths, start, end;
    for (const auto& w : hops) {
      start.append(date_or_none(w.hop.start));
      end.append(date_or_none(w.hop.end));
      debtor.append(id_or_none(self, w.hop.debtor));
      creditor.append(id_or_none(self, w.hop.creditor));
      basis.append(std::string(to_string(w.hop.basis)));
      contract.append(id_or_none(self, w.hop.contract));
      ob.append(id_or_none(self, w.hop.obligation));
      enf.append(w.hop.enforceable);
      joint.append(id_list(self, w.hop.jointly_liable));
      guar.append(id_list(self, w.hop.guarantors));
      paths.append(w.paths);
    }
    py::dict d;
    d["debtor"] = debtor;
    d["creditor"] = creditor;
    d["basis"] = basis;
    d["contract"] = contract;
    d["obligation"] = ob;
    d["enforceable"] = enf;
    d["jointly_liable"] = joint;
    d["guarantors"] = guar;
    d["paths"] = paths;
    d["start"] = start;
    d["end"] = end;
    return d;
      },
      py::arg("obligation"), py::arg("as_of"));

  cls.def(
      "_lint",
      [](const Model& self, py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "lint: as_of");
    std::vector<Finding> found;
    {
      py::gil_scoped_release nogil;
      found = lint(self, day);
    }
    py::list k, s, o, d, b;
    for (const auto& f : found) {
      k.append(f.kind);
      s.append(id_or_none(self, f.subject));
      o.append(id_or_none(self, f.other));
      d.append(f.detail);
      b.append(f.basis);
    }
    py::dict out;
    out["kind"] = k;
    out["subject"] = s;
    out["other"] = o;
    out["detail"] = d;
    out["basis"] = b;
    return out;
      },
      py::arg("as_of"));

  cls.def(
      "_breach",
      [](const Model& self, py::object obligations_arg, py::object by_arg, py::object losses_arg,
         py::object as_of, py::object claim_arg, py::object on, py::object to_owners_arg) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "breach: as_of");
    const Date on_day = to_date(on, "breach: on");
    const std::vector<std::string> obligations = to_ids(obligations_arg, "breach: obligation");
    const std::string by = to_text(by_arg, "breach", "by");
    const std::string claim = to_text(claim_arg, "breach", "claim");
    const ClaimKind kind = to_claim(claim, "breach");
    const bool to_owners = to_bool(to_owners_arg, "breach", "to_owners");
    std::vector<std::optional<double>> losses;
    if (!losses_arg.is_none()) {
      if (PyUnicode_Check(losses_arg.ptr()) || !PyObject_HasAttrString(losses_arg.ptr(), "__iter__"))
        throw ModelError("wrong_type", "breach: 'loss' must be a list of numbers, one for each obligation");
      for (py::handle x : losses_arg) {
        const bool one = obligations.size() == 1;
        const std::string key = one ? "loss" : "loss[" + std::to_string(losses.size()) + "]";
        losses.push_back(to_number(x, "breach", key));
      }
    }
    std::vector<BreachItem> items;
    for (std::size_t i = 0; i < obligations.size(); ++i)
      items.push_back({obligations[i], i < losses.size() && losses[i] ? *losses[i] : std::nan("")});
    BreachReport r;
    {
      py::gil_scoped_release nogil;
      r = breach(self, items, by, day, kind, on_day, to_owners);
    }
    py::dict claims;
    py::list cl, rs, ba, co, ob, en, rec, cap, cstart, cend;
    for (const auto& c : r.claims) {
      cstart.append(date_or_none(c.start));
      cend.append(date_or_none(c.end));
      cl.append(id_or_none(self, c.claimant));
      rs.append(id_or_none(self, c.respondent));
      ba.append(std::string(to_string(c.basis)));
      co.append(id_or_none(self, c.contract));
      ob.append(id_or_none(self, c.obligation));
      en.append(c.enforceable);
      rec.append(float_or_none(c.recoverable));
      cap.append(float_or_none(c.cap));
    }
    claims["claimant"] = cl;
    claims["respondent"] = rs;
    claims["basis"] = ba;
    claims["contract"] = co;
    claims["obligation"] = ob;
    claims["enforceable"] = en;
    claims["recoverable"] = rec;
    claims["cap"] = cap;
    claims["start"] = cstart;
    claims["end"] = cend;
    py::dict borne, exposure, passed;
    for (const auto& [n, x] : r.passed_to_owners) passed[py::str(self.nodes()[n].id)] = x;
    for (const auto& [n, x] : r.borne) borne[py::str(self.nodes()[n].id)] = x;
    for (const auto& [n, x] : r.exposure) exposure[py::str(self.nodes()[n].id)] = x;
    py::dict out;
    out["obligation"] = obligations.size() == 1 ? py::object(py::str(obligations[0]))
                                                : py::object(py::cast(obligations));
    out["by"] = by;
    out["claim"] = claim;
    out["on"] = date_or_none(r.on);
    out["loss"] = float_or_none(r.loss);
    out["claims"] = claims;
    out["borne"] = borne;
    out["exposure"] = exposure;
    out["passed_to_owners"] = passed;
    out["shielded"] = id_list(self, r.shielded);
    out["notes"] = r.notes;
    return out;
      },
      py::arg("obligations"), py::arg("by"), py::arg("losses"), py::arg("as_of"), py::arg("claim"),
      py::arg("on"), py::arg("to_owners"));

  cls.def(
      "_flow_down_gaps",
      [](const Model& self, py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "flow_down_gaps: as_of");
    std::vector<Gap> gaps;
    {
      py::gil_scoped_release nogil;
      gaps = flow_down_gaps(self, day);
    }
    py::list c, o, h, s, k, d;
    for (const auto& g : gaps) {
      c.append(id_or_none(self, g.contract));
      o.append(id_or_none(self, g.obligation));
      h.append(id_or_none(self, g.holder));
      s.append(id_or_none(self, g.subcontract));
      k.append(std::string(to_string(g.kind)));
      d.append(g.detail);
    }
    py::dict out;
    out["contract"] = c;
    out["obligation"] = o;
    out["holder"] = h;
    out["subcontract"] = s;
    out["kind"] = k;
    out["detail"] = d;
    return out;
      },
      py::arg("as_of"));
}

}  // namespace govgraph::python
