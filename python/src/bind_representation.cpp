// bind_representation.cpp — power indices and the representation queries for Python; results
// leave C++ as columns that govgraph/results.py wraps.
#include <cmath>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

std::vector<std::int64_t> integer_weights(py::handle weights) {
  std::vector<std::int64_t> out;
  for (py::handle x : weights) {
    auto v = to_value(x, "weights", "banzhaf/shapley_shubik");  // ints, floats, numpy scalars
    double d = std::nan("");
    if (v && std::holds_alternative<std::int64_t>(*v)) d = static_cast<double>(std::get<std::int64_t>(*v));
    else if (v && std::holds_alternative<double>(*v)) d = std::get<double>(*v);
    if (!std::isfinite(d) || std::trunc(d) != d || std::abs(d) > 9e18)
      throw ModelError("bad_value", "weights must be whole numbers (found " + std::string(py::str(x)) + ")");
    out.push_back(static_cast<std::int64_t>(d));
  }
  return out;
}

py::object fractions(const ExactPower& p) {
  py::object Fraction = py::module_::import("fractions").attr("Fraction");
  py::object to_int = py::module_::import("builtins").attr("int");  // big integers from text
  py::list out;
  py::object den = to_int(py::str(p.denominator));
  for (const auto& n : p.numerators) out.append(Fraction(to_int(py::str(n)), den));
  return out;
}

By by_from(const std::string& s) {
  if (s == "appointer") return By::appointer;
  if (s == "seat") return By::seat;
  throw ModelError("bad_value", "by '" + s + "' is not one of: appointer, seat");
}

std::vector<std::string> opt_ids(py::handle h) {
  if (h.is_none()) return {};
  return to_ids(h, "population");
}

}  // namespace

void init_representation(py::module_& m, py::class_<Model>& cls) {
  auto index = [](const char* name, ExactPower (*fn)(const std::vector<std::int64_t>&, std::int64_t),
                  const char* doc, py::module_& mod) {
    mod.def(name, [fn](py::object weights, py::object quota, bool exact) -> py::object {
      const auto w = integer_weights(weights);
      auto qv = to_value(quota, "quota", "banzhaf/shapley_shubik");
      const double qd = !qv ? std::nan("")
                        : std::holds_alternative<std::int64_t>(*qv) ? static_cast<double>(std::get<std::int64_t>(*qv))
                        : std::holds_alternative<double>(*qv)       ? std::get<double>(*qv)
                                                                    : std::nan("");
      if (!std::isfinite(qd) || std::trunc(qd) != qd)
        throw ModelError("bad_value", "quota must be a whole number of votes");
      ExactPower p;
      {
        py::gil_scoped_release nogil;
        p = fn(w, static_cast<std::int64_t>(qd));
      }
      if (exact) return fractions(p);
      return py::cast(p.indices());
    }, py::arg("weights"), py::arg("quota"), py::kw_only(), py::arg("exact") = false, doc);
  };
  index("banzhaf", &banzhaf_exact,
        "Normalised Banzhaf index of each player of the weighted voting game (weights, quota): a "
        "coalition wins with at least `quota`. Floats, or fractions.Fraction with exact=True, "
        "from exact integer swing counts. O(n*q).", m);
  index("shapley_shubik", &shapley_shubik_exact,
        "Shapley-Shubik index of each player of the weighted voting game (weights, quota): a "
        "coalition wins with at least `quota`. Floats, or fractions.Fraction with exact=True, "
        "from exact integer counts. O(n^2*q).", m);
  m.def("absolute_quota", &absolute_quota, py::arg("quota"), py::arg("total"),
        "A board quota as votes: whole numbers as given; a fraction f < 1 as floor(f*total)+1.");

  cls.def("_representation", [](const Model& self, const std::string& board, const std::string& weight,
                                 const std::string& by, py::object as_of, bool with_ss) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "representation: as_of");
    const By b = by_from(by);
    Representation r;
    {
      py::gil_scoped_release nogil;
      r = representation(self, board, weight, b, day, with_ss);
    }
    py::list member, seats, votes, vshare, w, wshare, bz, ss, veto, dummy, constituency;
    for (const auto& mp : r.members) {
      member.append(id_or_none(self, mp.member));
      seats.append(id_list(self, mp.seats));
      constituency.append(id_list(self, mp.constituency));
      votes.append(mp.votes);
      vshare.append(mp.vote_share);
      w.append(float_or_none(mp.weight));
      wshare.append(float_or_none(mp.weight_share));
      bz.append(mp.banzhaf);
      ss.append(float_or_none(mp.shapley_shubik));
      veto.append(mp.veto);
      dummy.append(mp.dummy);
    }
    py::dict cols;
    cols["member"] = member; cols["seats"] = seats; cols["votes"] = votes;
    cols["vote_share"] = vshare; cols["weight"] = w; cols["weight_share"] = wshare;
    cols["banzhaf"] = bz; cols["shapley_shubik"] = ss; cols["veto"] = veto; cols["dummy"] = dummy;
    cols["constituency"] = constituency;
    py::dict out;
    out["columns"] = cols;
    out["quota"] = r.quota;
    out["total_votes"] = r.total_votes;
    out["unrepresented"] = id_list(self, r.unrepresented);
    out["disproportionality"] = float_or_none(r.disproportionality);
    out["banzhaf_exact"] = r.banzhaf_exact.numerators.empty() ? py::object(py::none()) : fractions(r.banzhaf_exact);
    out["shapley_shubik_exact"] =
        r.shapley_shubik_exact.numerators.empty() ? py::object(py::none()) : fractions(r.shapley_shubik_exact);
    return out;
  }, py::arg("board"), py::arg("weight"), py::arg("by"), py::arg("as_of"), py::arg("with_ss"));

  cls.def("_representation_paths", [](const Model& self, const std::string& org, const std::string& board,
                                       py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "representation_paths: as_of");
    py::list out;
    for (const auto& p : representation_paths(self, org, board, day)) out.append(id_list(self, p));
    return out;
  }, py::arg("org"), py::arg("board"), py::arg("as_of"));

  cls.def("_coverage", [](const Model& self, const std::string& board, py::object population,
                          const std::string& weight, py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "coverage: as_of");
    const auto pop = opt_ids(population);
    Coverage c;
    {
      py::gil_scoped_release nogil;
      c = coverage(self, board, pop, weight, day);
    }
    py::list org, direct, indirect, via, w;
    for (const auto& v : c.orgs) {
      org.append(id_or_none(self, v.org));
      direct.append(v.direct);
      indirect.append(v.indirect);
      via.append(v.via.empty() ? py::object(py::none()) : py::object(id_list(self, v.via)));
      w.append(float_or_none(v.weight));
    }
    py::dict cols;
    cols["org"] = org; cols["direct"] = direct; cols["indirect"] = indirect; cols["via"] = via;
    cols["weight"] = w;
    py::dict out;
    out["columns"] = cols;
    out["share_covered"] = float_or_none(c.share_covered);
    return out;
  }, py::arg("board"), py::arg("population"), py::arg("weight"), py::arg("as_of"));

  cls.def("_conflicts_of_interest", [](const Model& self, py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "conflicts_of_interest: as_of");
    std::vector<Conflict> cs;
    {
      py::gil_scoped_release nogil;
      cs = conflicts_of_interest(self, day);
    }
    py::list who, contract, a, b, how;
    for (const auto& c : cs) {
      who.append(id_or_none(self, c.who));
      contract.append(id_or_none(self, c.contract));
      a.append(id_or_none(self, c.side_a));
      b.append(id_or_none(self, c.side_b));
      how.append(c.how);
    }
    py::dict cols;
    cols["person"] = who; cols["contract"] = contract; cols["side_a"] = a; cols["side_b"] = b;
    cols["how"] = how;
    return cols;
  }, py::arg("as_of"));

  cls.def("_blocking_coalitions", [](const Model& self, const std::string& board, py::object group,
                                     const std::string& by, py::object as_of, std::size_t limit) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "blocking_coalitions: as_of");
    const auto g = to_ids(group, "blocking_coalitions: group");
    const Blocking r = blocking_coalitions(self, board, g, by_from(by), day, limit);
    py::list smallest;
    for (const auto& s : r.smallest) smallest.append(id_list(self, s));
    py::dict out;
    out["can_block"] = r.can_block;
    out["group_votes"] = r.group_votes;
    out["votes_to_block"] = r.votes_to_block;
    out["smallest"] = smallest;
    return out;
  }, py::arg("board"), py::arg("group"), py::arg("by"), py::arg("as_of"), py::arg("limit"));
}

}  // namespace govgraph::python
