// bind_representation.cpp — the representation queries for Python; results leave C++ as columns
// that govgraph/results.py wraps (the power functions are in bind_power.cpp).
#include "bindings.hpp"

namespace govgraph::python {
namespace {

By by_from(const std::string& s) {
  if (s == "appointer") return By::appointer;
  if (s == "seat") return By::seat;
  throw ModelError("bad_value", "by '" + s + "' is not one of: appointer, seat");
}

std::vector<std::string> opt_ids(py::handle h) {
  if (h.is_none()) return {};
  return to_ids(h, "coverage: population");
}

}  // namespace

void init_representation(py::module_& m, py::class_<Model>& cls) {
  cls.def(
      "_representation",
      [](const Model& self, py::object board_arg, py::object weight_arg, py::object by_arg, py::object as_of,
         py::object with_ss_arg) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "representation: as_of");
    const std::string board = to_text(board_arg, "representation", "board");
    const std::string weight = to_text(weight_arg, "representation", "weight");
    const By b = by_from(to_text(by_arg, "representation", "by"));
    const bool with_ss = to_bool(with_ss_arg, "representation", "shapley_shubik");
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
    cols["member"] = member;
    cols["seats"] = seats;
    cols["votes"] = votes;
    cols["vote_share"] = vshare;
    cols["weight"] = w;
    cols["weight_share"] = wshare;
    cols["banzhaf"] = bz;
    cols["shapley_shubik"] = ss;
    cols["veto"] = veto;
    cols["dummy"] = dummy;
    cols["constituency"] = constituency;
    py::dict out;
    out["columns"] = cols;
    out["quota"] = r.quota;
    out["total_votes"] = r.total_votes;
    out["unrepresented"] = id_list(self, r.unrepresented);
    out["disproportionality"] = float_or_none(r.disproportionality);
    out["banzhaf_exact"] = r.banzhaf_exact.numerators.empty() ? py::object(py::none())
                                                              : fractions(r.banzhaf_exact);
    out["shapley_shubik_exact"] = r.shapley_shubik_exact.numerators.empty()
                                      ? py::object(py::none())
                                      : fractions(r.shapley_shubik_exact);
    return out;
      },
      py::arg("board"), py::arg("weight"), py::arg("by"), py::arg("as_of"), py::arg("with_ss"));

  cls.def(
      "_representation_paths",
      [](const Model& self, py::object org_arg, py::object board_arg, py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "representation_paths: as_of");
    const std::string org = to_text(org_arg, "representation_paths", "org");
    const std::string board = to_text(board_arg, "representation_paths", "board");
    py::list out;
    for (const auto& p : representation_paths(self, org, board, day)) out.append(id_list(self, p));
    return out;
      },
      py::arg("org"), py::arg("board"), py::arg("as_of"));

  cls.def(
      "_coverage",
      [](const Model& self, py::object board_arg, py::object population, py::object weight_arg,
         py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "coverage: as_of");
    const std::string board = to_text(board_arg, "coverage", "board");
    const std::string weight = to_text(weight_arg, "coverage", "weight");
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
    cols["org"] = org;
    cols["direct"] = direct;
    cols["indirect"] = indirect;
    cols["via"] = via;
    cols["weight"] = w;
    py::dict out;
    out["columns"] = cols;
    out["share_covered"] = float_or_none(c.share_covered);
    return out;
      },
      py::arg("board"), py::arg("population"), py::arg("weight"), py::arg("as_of"));

  cls.def(
      "_conflicts_of_interest",
      [](const Model& self, py::object as_of) {
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
    cols["person"] = who;
    cols["contract"] = contract;
    cols["side_a"] = a;
    cols["side_b"] = b;
    cols["how"] = how;
    return cols;
      },
      py::arg("as_of"));

  cls.def(
      "_blocking_coalitions",
      [](const Model& self, py::object board_arg, py::object group, py::object by_arg, py::object as_of,
         py::object limit_arg) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "blocking_coalitions: as_of");
    const std::string board = to_text(board_arg, "blocking_coalitions", "board");
    const auto g = to_ids(group, "blocking_coalitions: group");
    const By by = by_from(to_text(by_arg, "blocking_coalitions", "by"));
    const auto limit = static_cast<std::size_t>(to_integer(limit_arg, "blocking_coalitions", "limit"));
    const Blocking r = blocking_coalitions(self, board, g, by, day, limit);
    py::list smallest;
    for (const auto& s : r.smallest) smallest.append(id_list(self, s));
    py::dict out;
    out["can_block"] = r.can_block;
    out["group_votes"] = r.group_votes;
    out["votes_to_block"] = r.votes_to_block;
    out["smallest"] = smallest;
    return out;
      },
      py::arg("board"), py::arg("group"), py::arg("by"), py::arg("as_of"), py::arg("limit"));
}

}  // namespace govgraph::python
