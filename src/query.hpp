// query.hpp — PRIVATE: the dated view — the model as in force on one day, read-only, walked by
// relation kind. It decides no rule: the accountability rules live in rules.{hpp,cpp}, and what
// a kind means comes from the kinds table (kinds.hpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "govgraph/accountability.hpp"
#include "govgraph/error.hpp"
#include "store.hpp"

namespace govgraph::detail {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Read-only queries over the model as in force on `day`.
struct Q {
  const detail::Store& s;
  Date day;

  [[nodiscard]] bool live(NodeIndex n) const { return in_force(s.nodes[n].start, s.nodes[n].end, day); }
  [[nodiscard]] bool live_rel(RelIndex r) const {
    return in_force(s.relations[r].start, s.relations[r].end, day);
  }
  template <class F>
  void out(NodeIndex n, RelKind k, F&& f) const {
    s.for_out(n, k, [&](RelIndex r) {
      if (live_rel(r) && live(s.relations[r].target)) f(s.relations[r].target, r);
    });
  }
  template <class F>
  void in(NodeIndex n, RelKind k, F&& f) const {
    s.for_in(n, k, [&](RelIndex r) {
      if (live_rel(r) && live(s.relations[r].source)) f(s.relations[r].source, r);
    });
  }
  [[nodiscard]] std::vector<NodeIndex> outs(NodeIndex n, RelKind k) const {
    std::vector<NodeIndex> v;
    out(n, k, [&](NodeIndex t, RelIndex) { v.push_back(t); });
    return v;
  }
  [[nodiscard]] std::vector<NodeIndex> ins(NodeIndex n, RelKind k) const {
    std::vector<NodeIndex> v;
    in(n, k, [&](NodeIndex t, RelIndex) {
      if (std::find(v.begin(), v.end(), t) == v.end()) v.push_back(t);
    });
    return v;
  }
  [[nodiscard]] NodeIndex first_out(NodeIndex n, RelKind k) const {
    NodeIndex x = kNoNode;
    out(n, k, [&](NodeIndex t, RelIndex) {
      if (x == kNoNode) x = t;
    });
    return x;
  }
  /// The value of field `key` of node `n` in force on the day (Model::set keeps the earlier
  /// values), or null. Every query reads node fields through this (or text/number below).
  [[nodiscard]] const Value* field(NodeIndex n, std::string_view key) const {
    return s.value_in_force(n, key, day);
  }
  [[nodiscard]] std::string_view text(NodeIndex n, std::string_view key) const {
    const Value* v = field(n, key);
    return v && std::holds_alternative<std::string>(*v) ? std::string_view(std::get<std::string>(*v))
                                                        : std::string_view();
  }
  [[nodiscard]] double number(NodeIndex n, std::string_view key) const {
    const Value* v = field(n, key);
    if (!v) return kNaN;
    if (auto* i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
    if (auto* d = std::get_if<double>(v)) return *d;
    return kNaN;
  }
  [[nodiscard]] NodeType type(NodeIndex n) const { return s.nodes[n].type; }

  // -- contracts and obligations
  [[nodiscard]] NodeIndex contract_of(NodeIndex o) const { return first_out(o, RelKind::obligation_of); }
  [[nodiscard]] NodeIndex parent(NodeIndex o) const { return first_out(o, RelKind::flows_from); }
  /// Calls f(c) for each obligation flowing from o whose contract is live.
  template <class F>
  void each_child(NodeIndex o, F&& f) const {
    in(o, RelKind::flows_from, [&](NodeIndex c, RelIndex) {
      if (contract_of(c) != kNoNode) f(c);
    });
  }
  [[nodiscard]] std::vector<NodeIndex> children(NodeIndex o) const {
    std::vector<NodeIndex> v;
    each_child(o, [&](NodeIndex c) { v.push_back(c); });
    return v;
  }
  [[nodiscard]] std::vector<NodeIndex> obligations(NodeIndex c) const {
    return ins(c, RelKind::obligation_of);
  }
  [[nodiscard]] std::vector<NodeIndex> parties(NodeIndex c, std::string_view role) const {
    std::vector<NodeIndex> v;
    if (role.empty()) return v;
    in(c, RelKind::party, [&](NodeIndex p, RelIndex r) {
      const Value* x = s.relations[r].get("role");
      if (x && std::get<std::string>(*x) == role) v.push_back(p);
    });
    return v;
  }
  [[nodiscard]] const ContractRoles* roles(NodeIndex c) const { return find_contract_roles(text(c, "kind")); }
  [[nodiscard]] std::vector<NodeIndex> obligors(NodeIndex o) const {
    auto v = outs(o, RelKind::obligor);
    if (!v.empty()) return v;
    const NodeIndex c = contract_of(o);
    const ContractRoles* r = c == kNoNode ? nullptr : roles(c);
    return r ? parties(c, r->obligor_role) : v;
  }
  [[nodiscard]] std::vector<NodeIndex> obligees(NodeIndex o) const {
    auto v = outs(o, RelKind::obligee);
    if (!v.empty()) return v;
    const NodeIndex c = contract_of(o);
    const ContractRoles* r = c == kNoNode ? nullptr : roles(c);
    return r ? parties(c, r->obligee_role) : v;
  }
  /// Binding unless the contract says otherwise; the kind's default from the kinds table.
  [[nodiscard]] bool binding(NodeIndex c) const {
    if (const Value* v = field(c, "binding")) return std::get<bool>(*v);
    const ContractRoles* r = roles(c);
    return r ? r->binding : true;
  }
  [[nodiscard]] Basis basis(NodeIndex c) const {
    if (!binding(c)) return Basis::non_binding;
    const ContractRoles* r = roles(c);
    return r && r->subcontract ? Basis::subcontract : Basis::contract;
  }
  /// The top of a sub-contract's chain of heads (itself if it has no head; the Model refuses
  /// cycles of heads).
  [[nodiscard]] NodeIndex root_contract(NodeIndex c) const {
    for (NodeIndex h = first_out(c, RelKind::head); h != kNoNode; h = first_out(c, RelKind::head)) c = h;
    return c;
  }
  [[nodiscard]] NodeIndex holder(NodeIndex c) const {
    const ContractRoles* r = roles(c);
    if (!r) return kNoNode;
    auto v = parties(c, r->obligor_role);
    return v.empty() ? kNoNode : v.front();
  }
  [[nodiscard]] bool employs(NodeIndex employer, NodeIndex person) const {
    bool yes = false;
    out(employer, RelKind::employs, [&](NodeIndex t, RelIndex) { yes |= t == person; });
    return yes;
  }
  [[nodiscard]] const std::string& id(NodeIndex n) const { return s.nodes[n].id; }
};

/// The node `id`, which must be of type `t`; errors name the query (`what`).
inline NodeIndex require(const Model& m, std::string_view id, NodeType t, std::string_view what) {
  auto i = m.find(id);
  if (!i)
    throw UnknownIdError("unknown_id", std::string(what) + ": '" + std::string(id) + "' is not in the model");
  if (m.nodes()[*i].type != t)
    throw ModelError("bad_value", std::string(what) + ": '" + std::string(id) + "' is " +
                                      std::string(to_string(m.nodes()[*i].type)) + ", not " +
                                      std::string(to_string(t)));
  return *i;
}

}  // namespace govgraph::detail
