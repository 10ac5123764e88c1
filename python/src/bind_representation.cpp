// bind_representation.cpp — the representation queries for Python; results leave C++ as columns
// that govgraph/results.py wraps (the power functions are in bind_power.cpp).
#include <cmath>

#include <algorithm>

#include <govgraph/power.hpp>
#include <govgraph/representation.hpp>

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
         py::object with_ss_arg, py::object vacant_arg, py::object rule_arg) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "representation: as_of");
    const std::string board = to_text(board_arg, "representation", "board");
    const std::string weight = to_text(weight_arg, "representation", "weight");
    const std::string rule = rule_arg.is_none() ? std::string() : to_text(rule_arg, "representation", "rule");
    const std::string vacant = to_text(vacant_arg, "representation", "vacant");
    if (vacant != "exclude" && vacant != "count")
      throw ModelError("bad_value", "representation: vacant '" + vacant + "' is not one of: exclude, count");
    RepresentationOptions o;
    o.weight = weight;
    o.by = by_from(to_text(by_arg, "representation", "by"));
    o.as_of = day;
    o.with_shapley_shubik = to_bool(with_ss_arg, "representation", "shapley_shubik");
    o.vacant = vacant == "count" ? Vacant::count : Vacant::exclude;
    o.rule = rule;
    Representation r;
    {
      py::gil_scoped_release nogil;
      r = representation(self, board, o);
    }
    py::list member, seats, vacant_seats, votes, vshare, w, wshare, bz, babs, ss, veto, dummy, constituency;
    const auto absolute = r.banzhaf_absolute_exact.numerators.empty()
                              ? std::vector<double>(r.members.size(), 0.0)
                              : r.banzhaf_absolute_exact.indices();
    for (std::size_t i = 0; i < r.members.size(); ++i) {
      const auto& mp = r.members[i];
      member.append(id_or_none(self, mp.member));
      seats.append(id_list(self, mp.seats));
      vacant_seats.append(id_list(self, mp.vacant));
      constituency.append(id_list(self, mp.constituency));
      votes.append(mp.votes);
      vshare.append(mp.vote_share);
      w.append(float_or_none(mp.weight));
      wshare.append(float_or_none(mp.weight_share));
      bz.append(mp.banzhaf);
      babs.append(absolute[i]);
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
    cols["vacant_seats"] = vacant_seats;
    cols["banzhaf_absolute"] = babs;
    // One row per seat, with its dates and its holder on the day (rows carry their dates).
    py::list seat_id, seat_member, seat_holder, seat_vacant, seat_start, seat_end;
    for (const auto& mp : r.members)
      for (NodeIndex st : mp.seats) {
        const Node& node = self.nodes()[st];
        seat_id.append(py::str(node.id));
        seat_member.append(id_or_none(self, mp.member));
        py::list holders;
        for (RelIndex ri : self.out_relations(st)) {
          const Relation& rel = self.relations()[ri];
          const Node& h = self.nodes()[rel.target];
          if (rel.kind == RelKind::held_by && in_force(rel.start, rel.end, day) &&
              in_force(h.start, h.end, day))
            holders.append(py::str(h.id));
        }
        seat_holder.append(holders);
        seat_vacant.append(std::find(mp.vacant.begin(), mp.vacant.end(), st) != mp.vacant.end());
        seat_start.append(node.start ? py::object(py::str(node.start.iso())) : py::object(py::none()));
        seat_end.append(node.end ? py::object(py::str(node.end.iso())) : py::object(py::none()));
      }
    py::dict seat_cols;
    seat_cols["seat"] = seat_id;
    seat_cols["member"] = seat_member;
    seat_cols["held_by"] = seat_holder;
    seat_cols["vacant"] = seat_vacant;
    seat_cols["start"] = seat_start;
    seat_cols["end"] = seat_end;
    py::dict out;
    out["columns"] = cols;
    out["seats"] = seat_cols;
    out["rule"] = r.rule.name;
    out["quota"] = r.quota;
    out["and_quota"] = r.rule.has_and() ? py::object(py::float_(r.and_quota)) : py::object(py::none());
    out["total_votes"] = r.total_votes;
    out["unrepresented"] = id_list(self, r.unrepresented);
    out["vacant"] = id_list(self, r.vacant);
    out["weight_unknown"] = id_list(self, r.weight_unknown);
    out["quorate"] = r.quorate;
    out["can_decide"] = r.can_decide;
    out["disproportionality"] = float_or_none(r.disproportionality);
    out["banzhaf_exact"] = r.banzhaf_exact.numerators.empty() ? py::object(py::none())
                                                              : fractions(r.banzhaf_exact);
    out["shapley_shubik_exact"] = r.shapley_shubik_exact.numerators.empty()
                                      ? py::object(py::none())
                                      : fractions(r.shapley_shubik_exact);
    return out;
      },
      py::arg("board"), py::arg("weight"), py::arg("by"), py::arg("as_of"), py::arg("with_ss"),
      py::arg("vacant"), py::arg("rule"));

  cls.def(
      "_decision_rules",
      [](const Model& self, py::object board_arg) {
    const std::string board = to_text(board_arg, "decision_rules", "board");
    py::list out;
    for (const auto& r : decision_rules(self, board)) {
      py::dict d;
      d["name"] = r.name;
      d["quota"] = r.quota;
      d["quota_rule"] = r.quota_rule == QuotaRule::at_least ? "at_least" : "more_than";
      if (r.has_and()) {
        py::dict a;
        a["weight"] = r.and_weight;
        a["quota"] = r.and_quota;
        a["quota_rule"] = r.and_quota_rule == QuotaRule::at_least ? "at_least" : "more_than";
        d["and"] = a;
      }
      out.append(d);
    }
    return out;
      },
      py::arg("board"));

  cls.def(
      "_power_through",
      [](const Model& self, py::object board_arg, py::object population, py::object rule_arg,
         py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "power_through: as_of");
    const std::string board = to_text(board_arg, "power_through", "board");
    const std::string rule = rule_arg.is_none() ? std::string() : to_text(rule_arg, "power_through", "rule");
    const auto pop = population.is_none() ? std::vector<std::string>{}
                                          : to_ids(population, "power_through: population");
    std::vector<TierPower> rows;
    {
      py::gil_scoped_release nogil;
      rows = power_through(self, board, pop, rule, day);
    }
    py::list org, routes, bz, exact, method;
    py::object Fraction = py::module_::import("fractions").attr("Fraction");
    py::object to_int = py::module_::import("builtins").attr("int");
    for (const auto& t : rows) {
      org.append(id_or_none(self, t.org));
      routes.append(t.routes);
      bz.append(float_or_none(t.banzhaf));
      exact.append(t.exact.numerators.empty() ? (std::isnan(t.banzhaf) ? py::object(py::none()) : Fraction(0))
                                              : Fraction(to_int(py::str(t.exact.numerators.front())),
                                                         to_int(py::str(t.exact.denominator))));
      method.append(t.method);
    }
    py::dict cols;
    cols["org"] = org;
    cols["routes"] = routes;
    cols["banzhaf"] = bz;
    cols["exact"] = exact;
    cols["method"] = method;
    return cols;
      },
      py::arg("board"), py::arg("population"), py::arg("rule"), py::arg("as_of"));

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
    py::list org, direct, indirect, via, w, powered;
    for (const auto& v : c.orgs) {
      org.append(id_or_none(self, v.org));
      powered.append(v.with_power);
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
    cols["with_power"] = powered;
    py::dict out;
    out["columns"] = cols;
    out["share_covered"] = float_or_none(c.share_covered);
    out["share_with_power"] = float_or_none(c.share_with_power);
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
