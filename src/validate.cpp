// validate.cpp — validation: Model::check_in_place, apply's checks, decides which input a Model
// accepts (docs/model.md, "Validation rules"). It appends the lowered batch to the store while
// checking it and throws at the first error: each node's and relation's values (known fields'
// types, allowed values and ranges; dates; UTF-8 text; finite numbers; names the file format
// reserves), ids new and unique, implied kinds not stated directly, relation endpoints and their
// types, every new board governing an organisation, and contracts as a whole (who owes whom,
// sub-contract heads, flow-down). apply (model.cpp) truncates what was appended if it throws and
// commits it if not. The batch-wide checks and the value checks stay together: they are one set
// of rules, and the value checks are templates on an error text built only when an error is
// thrown (`Lazy`), instantiated only by the loops here.
#include "validate.hpp"

#include "decision_rules.hpp"
#include "govgraph/power.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "govgraph/error.hpp"
#include "govgraph/model.hpp"
#include "change.hpp"
#include "store.hpp"

namespace govgraph {

using detail::canonical_rules;
using detail::describe;
using detail::join;
using detail::node_label;
using detail::shown;

// ---------------------------------------------------------------------------------------------
// Values: one node's or relation's fields, dates and text.

namespace {

std::string_view type_name(const Value& v) {
  switch (v.index()) {
    case 0: return "a bool";
    case 1: return "an integer";
    case 2: return "a number";
    default: return "text";
  }
}

std::string_view field_type_name(FieldType t) {
  switch (t) {
    case FieldType::text: return "text";
    case FieldType::integer: return "an integer";
    case FieldType::number: return "a number";
    case FieldType::boolean: return "true or false";
    case FieldType::rules: return "a list of decision rules";
  }
  return "?";
}

/// A field name of some relation kind (share, interest, scope, role) and that kind's name.
const std::pair<std::string_view, std::string>* relation_field_elsewhere(std::string_view key) {
  static const std::vector<std::pair<std::string_view, std::string>> all = [] {
    std::vector<std::pair<std::string_view, std::string>> v;
    for (std::size_t k = 0; k < kRelKindCount; ++k)
      for (const auto& f : relation_fields(static_cast<RelKind>(k)))
        v.emplace_back(f.name, std::string(to_string(static_cast<RelKind>(k))));
    return v;
  }();
  for (const auto& x : all)
    if (x.first == key) return &x;
  return nullptr;
}

/// Names the file format uses for structure; they cannot be fields or attributes.
/// The keys of a node type's structure in the file format (a contract's parties, a seat's board).
const std::vector<std::string_view>& structure_names(NodeType t) {
  static const std::vector<std::vector<std::string_view>> by_type = {{},
                                                                     {},
                                                                     {"head", "parties", "obligations"},
                                                                     {"flows_from", "obligor", "obligee"},
                                                                     {"of", "seats"},
                                                                     {"board", "appointed_by", "represents",
                                                                      "held_by"},
                                                                     {}};
  return by_type[static_cast<std::size_t>(t)];
}
bool reserved_name(NodeType t, std::string_view key) {
  if (key == "id" || key == "type" || key == "attributes" || key == "history") return true;
  const auto& v = structure_names(t);
  return std::find(v.begin(), v.end(), key) != v.end();
}

/// True when `s` is well-formed UTF-8 (files are UTF-8; anything else could not be saved).
bool valid_utf8(std::string_view s) {
  // Well-formed UTF-8 (RFC 3629, Unicode Table 3-7): the shortest encoding of a code point up to
  // U+10FFFF that is not a surrogate. Overlong forms (C0 80), surrogates (ED A0 80) and code
  // points beyond U+10FFFF (F4 90 80 80) are refused: the writer could not save them.
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n;
    char32_t cp, min;
    if ((c & 0xE0) == 0xC0) n = 1, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) n = 2, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) n = 3, cp = c & 0x07, min = 0x10000;
    else return false;
    if (i + n >= s.size()) return false;  // the sequence runs past the end
    for (std::size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

template <class C>
void check_text(std::string_view text, const C& ctx, std::string_view key) {
  if (!valid_utf8(text))
    throw ModelError("bad_value", std::string(ctx) + ": '" + std::string(key) + "' is not valid UTF-8 text");
}

template <class C>
void check_finite(const Value& v, const C& ctx, std::string_view key) {
  if (auto* t = std::get_if<std::string>(&v)) check_text(*t, ctx, key);
  if (auto* d = std::get_if<double>(&v); d && !std::isfinite(*d))
    throw ModelError("bad_value", std::string(ctx) + ": '" + std::string(key) + "' is not a finite number");
}

/// Checks (and normalises: integral number -> integer) a known field's value.
template <class C>
void check_field(const FieldSpec& f, Value& v, const C& ctx) {
  check_finite(v, ctx, f.name);
  auto wrong = [&] {
    throw ModelError("wrong_type", std::string(ctx) + ": '" + std::string(f.name) + "' must be " +
                                       std::string(field_type_name(f.type)) + ", not " +
                                       std::string(type_name(v)) + " (" + shown(to_string(v)) + ")");
  };
  double num = 0;
  switch (f.type) {
    case FieldType::text:
      if (!std::holds_alternative<std::string>(v)) wrong();
      if (!f.allowed.empty()) {
        const auto& s = std::get<std::string>(v);
        if (std::find(f.allowed.begin(), f.allowed.end(), s) == f.allowed.end())
          throw ModelError("bad_value", std::string(ctx) + ": " + std::string(f.name) + " '" + shown(s) +
                                            "' is not one of: " + join(f.allowed));
      }
      return;
    case FieldType::boolean:
      if (!std::holds_alternative<bool>(v)) wrong();
      return;
    case FieldType::rules:  // JSON text of a list of rules: checked, and kept in canonical form
      if (!std::holds_alternative<std::string>(v)) wrong();
      v = canonical_rules(std::get<std::string>(v), std::string(ctx));
      return;
    case FieldType::integer:
      if (auto* d = std::get_if<double>(&v)) {
        if (std::trunc(*d) != *d) wrong();
        if (!(*d >= -9.2e18 && *d <= 9.2e18))
          throw ModelError("bad_value", std::string(ctx) + ": '" + std::string(f.name) + "' is " +
                                            to_string(v) + ", beyond the range of an integer");
        v = static_cast<std::int64_t>(*d);
      }
      if (!std::holds_alternative<std::int64_t>(v)) wrong();
      num = static_cast<double>(std::get<std::int64_t>(v));
      break;
    case FieldType::number:
      if (auto* i = std::get_if<std::int64_t>(&v)) num = static_cast<double>(*i);
      else if (auto* d = std::get_if<double>(&v)) num = *d;
      else wrong();
      break;
  }
  if ((f.min && num < *f.min) || (f.max && num > *f.max))
    throw ModelError("bad_value", std::string(ctx) + ": '" + std::string(f.name) + "' is " + to_string(v) +
                                      ", outside " + (f.min ? to_string(Value(*f.min)) : "-inf") + " to " +
                                      (f.max ? to_string(Value(*f.max)) : "inf"));
}

template <class C>
Date take_date(const Value& v, const C& ctx, std::string_view key) {
  const auto* s = std::get_if<std::string>(&v);
  if (!s)
    throw ModelError("wrong_type", std::string(ctx) + ": '" + std::string(key) +
                                       "' must be an ISO date text (YYYY-MM-DD), not " +
                                       std::string(type_name(v)));
  if (auto d = Date::try_parse(*s)) return *d;
  return Date::parse(*s, std::string(ctx) + ": '" + std::string(key) + "'");  // throws
}

template <class C>
void check_dates(Date start, Date end, const C& ctx) {
  if (start && end && end < start)
    throw ModelError("bad_date", std::string(ctx) + ": end " + end.iso() + " is before start " + start.iso());
}

double as_number(const Value& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  return std::nan("");
}

/// Text built only when an error is thrown (bulk loads add millions of rows).
template <class F>
struct Lazy {
  F f;
  operator std::string() const { return f(); }
};
template <class F>
Lazy(F) -> Lazy<F>;

/// The names `props` may hold for a node of type `t`: name, start, end and its fields.
const std::vector<std::string_view>& node_names(NodeType t) {
  static const auto table = [] {
    std::array<std::vector<std::string_view>, kNodeTypeCount> v;
    for (std::size_t i = 0; i < kNodeTypeCount; ++i) {
      v[i] = {"name", "start", "end"};
      for (const auto& f : node_fields(static_cast<NodeType>(i))) v[i].push_back(f.name);
    }
    return v;
  }();
  return table[static_cast<std::size_t>(t)];
}
/// The same with the names of the type's structure (a seat's appointed_by...): what a typo
/// may have meant.
const std::vector<std::string_view>& node_names_and_structure(NodeType t) {
  static const auto table = [] {
    std::array<std::vector<std::string_view>, kNodeTypeCount> v;
    for (std::size_t i = 0; i < kNodeTypeCount; ++i) {
      v[i] = node_names(static_cast<NodeType>(i));
      const auto& more = structure_names(static_cast<NodeType>(i));
      v[i].insert(v[i].end(), more.begin(), more.end());
    }
    return v;
  }();
  return table[static_cast<std::size_t>(t)];
}
/// The names `props` may hold for a relation of kind `k`: start, end and its fields.
const std::vector<std::string_view>& relation_names(RelKind k) {
  static const auto table = [] {
    std::array<std::vector<std::string_view>, kRelKindCount> v;
    for (std::size_t i = 0; i < kRelKindCount; ++i) {
      v[i] = {"id", "start", "end"};
      for (const auto& f : relation_fields(static_cast<RelKind>(i))) v[i].push_back(f.name);
    }
    return v;
  }();
  return table[static_cast<std::size_t>(k)];
}

/// Strict input: a name that is not a field is refused, with the nearest field, so that a typo
/// (`listsize`, `liabilty_cap`) never becomes a free attribute.
template <class C>
[[noreturn]] void unknown_field(const C& ctx, std::string_view key, std::string_view what,
                                const std::vector<std::string_view>& names) {
  throw ModelError("unknown_field", std::string(ctx) + ": '" + shown(key) + "' is not a field of " +
                                        std::string(what) + did_you_mean(key, names) + "; its fields are " +
                                        join(names) + " (free attributes go in attributes)");
}

/// The checks across a node's fields, on `props` (a node's own, or its fields as in force on
/// some day when a field has a history: Model::set runs them on every such day).
template <class C>
void check_across_fields(NodeType type, const Props& props, const C& ctx) {
  auto get = [&](std::string_view key) -> const Value* {
    auto it = props.find(key);
    return it == props.end() ? nullptr : &it->second;
  };
  if (type == NodeType::contract && !get("kind"))
    throw ModelError("missing_field", std::string(ctx) + ": a contract needs a kind (one of: gms, pms, ...)");
  if (type == NodeType::board) {
    if (get("rules") && (get("quota") || get("quota_rule")))
      throw ModelError("bad_value",
                       std::string(ctx) +
                           ": give a board's quota either as quota (and quota_rule) or as rules, "
                           "not both (the first of its rules is its ordinary one)");
    if (const Value* q = get("quota")) {
      const double f = as_number(*q);
      if (!(f > 0 && (f < 1 || std::trunc(f) == f)))
        throw ModelError("bad_value", std::string(ctx) + ": quota " + to_string(*q) +
                                          " must be a fraction below 1 or a whole number of votes");
    }
  }
  if (type == NodeType::seat) {
    const Value* k = get("kind");
    const Value* v = get("votes");
    const SeatKind* sk = k ? find_seat_kind(std::get<std::string>(*k)) : nullptr;
    if (sk && !sk->votes && v && as_number(*v) != 0)
      throw ModelError("bad_value", std::string(ctx) + ": " + std::string(sk->name) +
                                        " seats have no vote, but votes is " + to_string(*v));
    // Power is computed exactly in whole units of votes: a share such as 1/3 has no exact form.
    if (v && !exact_decimal(as_number(*v), 6))
      throw ModelError("bad_value", std::string(ctx) + ": votes " + to_string(*v) +
                                        " cannot be counted exactly: give a whole number or at most six "
                                        "decimal places, below 2^53 (for a third of a vote, give every seat "
                                        "3 times the votes)");
  }
}

/// The node of type `type` and id `id` with fields `props` and free `attributes` (both moved
/// from), checked; `ctx` names it.
template <class C>
Node make_node(NodeType type, std::string_view id, Props& props, Props* attributes, const C& ctx) {
  if (id.empty()) throw ModelError("missing_field", std::string(ctx) + ": a node needs a non-empty id");
  check_text(id, ctx, "id");
  Node n;
  n.type = type;
  n.id = id;
  for (auto it = props.begin(); it != props.end();) {
    const std::string& key = it->first;
    Value& value = it->second;
    if (key == "name") {
      if (!std::holds_alternative<std::string>(value))
        throw ModelError("wrong_type",
                         std::string(ctx) + ": 'name' must be text, not " + std::string(type_name(value)));
      n.name = std::move(std::get<std::string>(value));
      check_text(n.name, ctx, "name");
    } else if (key == "start") {
      n.start = take_date(value, ctx, key);
    } else if (key == "end") {
      n.end = take_date(value, ctx, key);
    } else if (reserved_name(type, key)) {
      throw ModelError("bad_value", std::string(ctx) + ": '" + key +
                                        "' is part of the file format, not a field or attribute");
    } else if (const FieldSpec* f = find_field(type, key)) {
      check_field(*f, value, ctx);
      n.props.insert(props.extract(it++));  // the map node moves over: no allocation
      continue;
    } else {
      unknown_field(ctx, key, plural(type), node_names_and_structure(type));
    }
    ++it;
  }
  if (attributes) {
    for (auto it = attributes->begin(); it != attributes->end();) {
      const std::string& key = it->first;
      if (key.empty())
        throw ModelError("bad_value", std::string(ctx) + ": an attribute needs a non-empty name");
      if (reserved_name(type, key))
        throw ModelError("bad_value", std::string(ctx) + ": '" + key +
                                          "' is part of the file format, not a field or attribute");
      if (std::find(node_names(type).begin(), node_names(type).end(), key) != node_names(type).end())
        throw ModelError("bad_value", std::string(ctx) + ": '" + key + "' is a field of " +
                                          std::string(plural(type)) +
                                          ", not a free attribute; give it as a field");
      check_text(key, ctx, "attribute name");
      check_finite(it->second, ctx, key);
      n.props.insert(attributes->extract(it++));
    }
  }
  check_dates(n.start, n.end, ctx);
  check_across_fields(type, n.props, ctx);
  return n;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The batch against the model as a whole.

namespace {

/// Read-only view of the model plus the batch's new nodes and relations during validation.
/// The batch's nodes and relations are appended to the model's vectors, and its ids to the id
/// index, while they are checked (and removed again if a check fails); only the counts and the
/// topology wait for the commit.
struct Overlay {
  const detail::Store& s;
  NodeIndex base;
  std::size_t rel_base;

  [[nodiscard]] std::optional<NodeIndex> find(std::string_view id) const { return s.find(id); }
  [[nodiscard]] const Node& node(NodeIndex i) const { return s.nodes[i]; }
};

std::string text_or(const Node& n, std::string_view key) {
  if (const Value* v = n.get(key); v && std::holds_alternative<std::string>(*v))
    return std::get<std::string>(*v);
  return {};
}

std::string role_of(const Relation& r) {
  const Value* v = r.get("role");
  return v ? std::get<std::string>(*v) : std::string();
}

/// Checks that apply to contracts, their obligations and sub-contract heads as a whole.
class ContractChecker {
 public:
  explicit ContractChecker(const Overlay& o) : o_(o) {
    for (std::size_t i = o.rel_base; i < o.s.relations.size(); ++i) {
      const Relation& r = o.s.relations[i];
      switch (r.kind) {
        case RelKind::party: parties_[r.target].push_back(&r); break;
        case RelKind::head: head_[r.source] = r.target; break;
        case RelKind::obligation_of:
          contract_of_[r.source] = r.target;
          obligations_[r.target].push_back(r.source);
          break;
        case RelKind::flows_from: flows_[r.source] = r.target; break;
        case RelKind::obligor: obligor_[r.source] = r.target; break;
        case RelKind::obligee: obligee_[r.source] = r.target; break;
        default: break;
      }
    }
    // Contracts already in the model that the batch's links change (a party, an obligation, an
    // obligor or obligee, a head, a flow given on its own, as a file's dated links are): they are
    // checked as a whole like the batch's own, with their links from the model joined to the
    // batch's (found by fuzz_batch: an obligee, or a contractor, given on its own to an existing
    // sub-contract was accepted, and the model did not read back).
    for (std::size_t i = o.rel_base; i < o.s.relations.size(); ++i) {
      const Relation& r = o.s.relations[i];
      NodeIndex c = kNoNode;
      switch (r.kind) {
        case RelKind::party:
        case RelKind::obligation_of: c = r.target; break;
        case RelKind::head: c = r.source; break;
        case RelKind::obligor:
        case RelKind::obligee:
        case RelKind::flows_from: c = contract_of(r.source); break;
        default: break;
      }
      if (c != kNoNode && c < o.base && o.s.nodes[c].type == NodeType::contract) touched_.insert(c);
    }
    for (NodeIndex c : touched_) {
      o.s.for_in(c, RelKind::party, [&](RelIndex x) { parties_[c].push_back(&o.s.relations[x]); });
      o.s.for_out(c, RelKind::head, [&](RelIndex x) { head_.emplace(c, o.s.relations[x].target); });
      o.s.for_in(c, RelKind::obligation_of, [&](RelIndex x) {
        const NodeIndex ob = o.s.relations[x].source;
        obligations_[c].push_back(ob);
        contract_of_.emplace(ob, c);
        for (const auto& link :
             {std::pair{RelKind::obligor, &obligor_}, std::pair{RelKind::obligee, &obligee_},
              std::pair{RelKind::flows_from, &flows_}}) {
          auto* map = link.second;  // a structured binding cannot be captured (clang 14)
          o.s.for_out(ob, link.first, [&](RelIndex y) { map->emplace(ob, o.s.relations[y].target); });
        }
      });
    }
  }

  /// The contracts already in the model that the batch's links change, to check as a whole.
  [[nodiscard]] const std::unordered_set<NodeIndex>& touched() const { return touched_; }

  void check(NodeIndex c, const std::string& where) const {
    const Node& contract = o_.node(c);
    const std::string ctx = describe(where, node_label(NodeType::contract, contract.id));
    const std::string kind = text_or(contract, "kind");
    const ContractRoles* roles = find_contract_roles(kind);
    const auto ps = parties(c);
    auto has_role = [&](std::string_view role) {
      return std::any_of(ps.begin(), ps.end(), [&](auto& p) { return p.second == role; });
    };
    auto is_party = [&](NodeIndex n) {
      return std::any_of(ps.begin(), ps.end(), [&](auto& p) { return p.first == n; });
    };
    // Strict input: a kind with roles (gms: commissioner, holder) takes only its roles, so that
    // a typo ("holders") is never a party nobody owes or is owed by.
    if (roles && !roles->obligor_role.empty() && !roles->obligee_role.empty()) {
      const std::vector<std::string_view> known = {roles->obligee_role, roles->obligor_role};
      for (const auto& [n, role] : ps)
        if (role != roles->obligor_role && role != roles->obligee_role)
          throw ModelError("unknown_field", std::string(ctx) + ": '" + shown(role) + "' is not a role of " +
                                                kind + " contracts" + did_you_mean(role, known) +
                                                "; its roles are " + join(known) + " (party '" +
                                                shown(o_.node(n).id) + "')");
    }
    const auto obls = find_vec(obligations_, c);
    // Who owes whom must be decidable for every obligation.
    for (NodeIndex ob : obls) {
      const Node& obn = o_.node(ob);
      for (auto [map, role, label] :
           {std::tuple{&obligor_, roles ? roles->obligor_role : std::string_view{}, "obligor"},
            std::tuple{&obligee_, roles ? roles->obligee_role : std::string_view{}, "obligee"}}) {
        auto it = map->find(ob);
        if (it != map->end()) {
          if (!is_party(it->second))
            throw ModelError("bad_value", std::string(ctx) + ": obligation '" + shown(obn.id) + "' names " +
                                              label + " '" + shown(o_.node(it->second).id) +
                                              "', who is not a party to the contract");
        } else if (role.empty()) {
          throw ModelError("missing_field", std::string(ctx) + ": obligation '" + shown(obn.id) +
                                                "' must name its " + label + " (a " + kind +
                                                " contract has no " + label + " role)");
        } else if (!has_role(role)) {
          throw ModelError("missing_field", std::string(ctx) + ": a " + kind +
                                                " contract needs a party in role '" + std::string(role) +
                                                "' (the " + label + ")");
        }
      }
    }
    // Sub-contracts name their head; only they do.
    auto h = head_.find(c);
    const bool is_sub = roles && roles->subcontract;  // the kinds table says which kinds have a head
    if (is_sub && h == head_.end())
      throw ModelError("missing_field", std::string(ctx) + ": a subcontract must name its head contract");
    if (!is_sub && h != head_.end())
      throw ModelError("bad_value", std::string(ctx) + ": only a subcontract has a head, this is a " + kind);
    if (h != head_.end()) {
      // A cycle of sub-contracting can only be made inside one batch (heads must exist). The
      // walk up the heads stops at a contract already known to lead to the top of its chain
      // (acyclic_), so each is walked once: linear in the batch, however deep the tiers.
      std::vector<NodeIndex> chain{c};
      std::unordered_set<NodeIndex> on_chain{c};
      bool ends = true;  // the chain reaches its top (or a contract known to)
      for (auto it = head_.find(c); it != head_.end() && !acyclic_.count(it->first);
           it = head_.find(it->second)) {
        const NodeIndex next = it->second;
        if (next == c) {
          std::string names;
          for (std::size_t k = 0; k < chain.size(); ++k) {
            if (k == 8 && chain.size() > 10) {  // a long chain: its start and end
              names += "... (" + std::to_string(chain.size() - 9) + " more) -> ";
              k = chain.size() - 1;
            }
            names += "'" + shown(o_.node(chain[k]).id) + "' -> ";
          }
          throw ModelError("cycle", ctx + ": sub-contracting goes round in a cycle: " + names + "'" +
                                        shown(contract.id) + "'");
        }
        if (on_chain.count(next)) {  // another cycle, reported from one of its own contracts
          ends = false;
          break;
        }
        chain.push_back(next);
        on_chain.insert(next);
      }
      if (ends) acyclic_.insert(chain.begin(), chain.end());
      const NodeIndex head = h->second;
      if (head == c) throw ModelError("bad_value", std::string(ctx) + ": a contract cannot be its own head");
      const Node& hn = o_.node(head);
      if (const ContractRoles* hr = find_contract_roles(text_or(hn, "kind"));
          hr && !hr->obligor_role.empty()) {
        const auto hps = parties(head);
        for (const auto& [n, role] : ps) {
          if (role != "contractor") continue;
          const NodeIndex party = n;  // a structured binding cannot be captured (clang 14)
          const bool holds = std::any_of(hps.begin(), hps.end(), [&](auto& p) {
            return p.first == party && p.second == hr->obligor_role;
          });
          if (!holds)
            throw ModelError("bad_value", std::string(ctx) + ": contractor '" + shown(o_.node(n).id) +
                                              "' is not the " + std::string(hr->obligor_role) +
                                              " of the head contract '" + shown(hn.id) + "'");
        }
      }
    }
    for (NodeIndex ob : obls) {
      auto f = flows_.find(ob);
      if (f == flows_.end()) continue;
      const NodeIndex from_contract = contract_of(f->second);
      if (h == head_.end() || from_contract != h->second)
        throw ModelError("bad_value", std::string(ctx) + ": obligation '" + shown(o_.node(ob).id) +
                                          "' flows from '" + shown(o_.node(f->second).id) +
                                          "', which is not an obligation of this contract's head" +
                                          (h == head_.end() ? " (it has none)" : ""));
    }
  }

 private:
  template <class M>
  static std::vector<NodeIndex> find_vec(const M& m, NodeIndex k) {
    auto it = m.find(k);
    return it == m.end() ? std::vector<NodeIndex>{} : it->second;
  }
  /// (party, role) pairs of contract c, from the batch or the model.
  [[nodiscard]] std::vector<std::pair<NodeIndex, std::string>> parties(NodeIndex c) const {
    std::vector<std::pair<NodeIndex, std::string>> out;
    if (c >= o_.base || touched_.count(c)) {
      if (auto it = parties_.find(c); it != parties_.end())
        for (const Relation* r : it->second) out.emplace_back(r->source, role_of(*r));
    } else {
      o_.s.for_in(c, RelKind::party, [&](RelIndex r) {
        out.emplace_back(o_.s.relations[r].source, role_of(o_.s.relations[r]));
      });
    }
    return out;
  }
  [[nodiscard]] NodeIndex contract_of(NodeIndex obligation) const {
    if (auto it = contract_of_.find(obligation); it != contract_of_.end()) return it->second;
    NodeIndex c = obligation;  // unreachable for a valid obligation: every one has a contract
    o_.s.for_out(obligation, RelKind::obligation_of, [&](RelIndex r) { c = o_.s.relations[r].target; });
    return c;
  }

  const Overlay& o_;
  std::unordered_map<NodeIndex, std::vector<const Relation*>> parties_;
  std::unordered_map<NodeIndex, NodeIndex> head_, contract_of_, flows_, obligor_, obligee_;
  std::unordered_set<NodeIndex> touched_;
  std::unordered_map<NodeIndex, std::vector<NodeIndex>> obligations_;
  mutable std::unordered_set<NodeIndex> acyclic_;  ///< contracts whose chain of heads ends
};

}  // namespace

void Model::check_in_place(Batch& batch) {
  detail::Store& s = *store_;
  const auto base = static_cast<NodeIndex>(s.nodes.size());
  const std::size_t rel_base = s.relations.size();

  // 1. Nodes: ids new and unique, fields valid.
  const Overlay o{s, base, rel_base};
  auto add_node = [&](Node n, const auto& ctx) {
    const std::size_t h = detail::IdIndex::hash(n.id);
    if (auto old = s.find(n.id, h)) {
      if (*old >= base)
        throw ModelError("duplicate_id",
                         std::string(ctx) + ": id '" + shown(n.id) + "' is given twice in one batch");
      throw ModelError("duplicate_id", std::string(ctx) + ": id '" + shown(n.id) + "' is already used by " +
                                           node_label(s.nodes[*old].type, n.id) + " in the model");
    }
    s.index.insert(static_cast<NodeIndex>(s.nodes.size()), h);
    s.nodes.push_back(std::move(n));
  };
  for (auto& spec : batch.nodes_) {
    const Lazy ctx{[&] { return describe(spec.where, node_label(spec.type, spec.id)); }};
    add_node(make_node(spec.type, spec.id, spec.props, &spec.attributes, ctx), ctx);
  }
  Props no_props;
  for (auto& c : batch.node_columns_) {
    for (std::size_t i = 0; i < c.size(); ++i) {
      const NodeType type = c.types.empty() ? c.type : c.types[i];
      const std::string_view id = c.ids[i];
      const Lazy ctx{[&] { return describe(c.where + std::to_string(i), node_label(type, id)); }};
      add_node(make_node(type, id, c.props.empty() ? no_props : c.props[i],
                         c.attributes.empty() ? nullptr : &c.attributes[i], ctx),
               ctx);
    }
  }

  // The fields this batch gives a history (3b), by node id and field.
  std::unordered_set<std::string> pending_histories;
  for (const auto& h : batch.histories_) pending_histories.insert(h.id + '\0' + h.key);

  // 2. Relations: endpoints exist and have the right types; fields valid.
  // `from`/`to` are the endpoints' indices when already looked up (kNoNode: look them up here).
  auto add_relation = [&](RelKind kind, std::string_view source, std::string_view target, NodeIndex from,
                          NodeIndex to, Props* props, Props* attributes, double share, bool implied,
                          const auto& where) {
    const std::string_view kname = to_string(kind);
    const Lazy ctx{[&] {
      return describe(std::string(where), "relation '" + std::string(kname) + "' from '" + shown(source) +
                                              "' to '" + shown(target) + "'");
    }};
    if (!implied && is_implied(kind))
      throw ModelError("implied_kind", std::string(ctx) + ": '" + std::string(kname) +
                                           "' is implied by contracts, boards and seats; add "
                                           "those instead of stating it as a relation");
    auto resolve = [&](std::string_view id, std::string_view end) {
      if (id.empty())
        throw ModelError("missing_field", std::string(ctx) + ": the " + std::string(end) + " id is empty");
      auto i = o.find(id);
      if (!i)
        throw UnknownIdError("unknown_id", std::string(ctx) + ": " + std::string(end) + " '" + shown(id) +
                                               "' is not in the model");
      return *i;
    };
    Relation r;
    r.kind = kind;
    r.source = from != kNoNode ? from : resolve(source, "source");
    r.target = to != kNoNode ? to : resolve(target, "target");
    const EndpointRule& rule = endpoint_rule(kind);
    auto check_end = [&](NodeIndex i, const std::vector<NodeType>& allowed, std::string_view end) {
      const NodeType t = o.node(i).type;
      if (std::find(allowed.begin(), allowed.end(), t) != allowed.end()) return;
      std::vector<std::string_view> names;
      for (auto a : allowed) names.push_back(to_string(a));
      throw ModelError("endpoint_kind", std::string(ctx) + ": the " + std::string(end) + " '" + o.node(i).id +
                                            "' is " + std::string(to_string(t)) + ", but '" +
                                            std::string(kname) + "' needs " + join(names));
    };
    check_end(r.source, rule.sources, "source");
    check_end(r.target, rule.targets, "target");
    if (r.source == r.target)
      throw ModelError("bad_value",
                       std::string(ctx) + ": a relation cannot join '" + std::string(source) + "' to itself");
    Props extra;
    auto take = [&](const std::string& key, Value& value) {
      if (key == "start") r.start = take_date(value, ctx, key);
      else if (key == "end") r.end = take_date(value, ctx, key);
      else if (key == "id") {  // optional: a name to end it by (Model::end); unique with node ids
        if (implied)
          throw ModelError("bad_value", std::string(ctx) +
                                            ": only stated relations take an id (a contract's, board's "
                                            "or seat's links are named by kind, source and target)");
        const auto* t = std::get_if<std::string>(&value);
        if (!t)
          throw ModelError("wrong_type", std::string(ctx) + ": a relation's 'id' must be text, not " +
                                             std::string(type_name(value)));
        if (t->empty())
          throw ModelError("missing_field", std::string(ctx) + ": a relation's id must not be empty");
        check_text(*t, ctx, "id");
        extra.emplace(key, std::move(value));
      } else if (key == "kind" || key == "source" || key == "target" || key == "attributes")
        throw ModelError("bad_value", std::string(ctx) + ": '" + key + "' cannot be set as an attribute");
      else if (!find_field(kind, key) && relation_field_elsewhere(key))
        throw ModelError("bad_value", std::string(ctx) + ": '" + key + "' is a field of " +
                                          relation_field_elsewhere(key)->second + " relations, not of '" +
                                          std::string(kname) + "'");
      else if (const FieldSpec* f = find_field(kind, key)) {
        check_field(*f, value, ctx);
        if (key == "share") r.share = as_number(value);
        else extra.emplace(key, std::move(value));
      } else {
        unknown_field(ctx, key, "'" + std::string(kname) + "' relations", relation_names(kind));
      }
    };
    if (!std::isnan(share)) {
      static const std::string kShare = "share";
      static const FieldSpec* owns_share = find_field(RelKind::owns, kShare);
      Value v(share);
      if (kind == RelKind::owns) {  // the common case of bulk loads, without the name lookups
        check_field(*owns_share, v, ctx);
        r.share = share;
      } else {
        take(kShare, v);
      }
    }
    if (props)
      for (auto& [key, value] : *props) take(key, value);
    if (attributes)
      for (auto& [key, value] : *attributes) {
        if (key.empty())
          throw ModelError("bad_value", std::string(ctx) + ": an attribute needs a non-empty name");
        const auto& names = relation_names(kind);
        if (key == "kind" || key == "source" || key == "target" || key == "attributes" || key == "id" ||
            std::find(names.begin(), names.end(), key) != names.end())
          throw ModelError("bad_value", std::string(ctx) + ": '" + key + "' is " +
                                            (key == "kind" || key == "source" || key == "target" ||
                                                     key == "attributes" || key == "id"
                                                 ? std::string("part of the file format")
                                                 : "a field of '" + std::string(kname) + "' relations") +
                                            ", not a free attribute");
        check_text(key, ctx, "attribute name");
        check_finite(value, ctx, key);
        extra.emplace(key, std::move(value));
      }
    check_dates(r.start, r.end, ctx);
    // The endpoint rule's condition on the target, "field=value" (kinds table), on every day
    // the relation is in force when the field has a history (a history this batch brings is
    // checked with it, in 3b).
    if (const auto cond = rule.target_condition; !cond.empty()) {
      const auto eq = cond.find('=');
      const std::string field(cond.substr(0, eq)), want(cond.substr(eq + 1));
      const bool pending = !pending_histories.empty() &&
                           pending_histories.count(o.node(r.target).id + '\0' + field);
      const bool dated = !pending && s.history.count(r.target);
      if (dated && !detail::holds_throughout(detail::timeline(s, r.target, field), r.start, r.end, want))
        throw ModelError("endpoint_kind",
                         std::string(ctx) + ": the target '" + std::string(target) + "' is not a " + want +
                             " on every day the relation is in force (" + field + " changes over time); '" +
                             std::string(kname) + "' ends at a " + want);
      if (!pending && !dated && text_or(o.node(r.target), field) != want)
        throw ModelError("endpoint_kind", std::string(ctx) + ": the target '" + std::string(target) +
                                              "' is not a " + want + " (" + field + " is '" +
                                              text_or(o.node(r.target), field) + "'); '" +
                                              std::string(kname) + "' ends at a " + want);
    }
    if (!extra.empty()) r.props = std::make_shared<const Props>(std::move(extra));
    s.relations.push_back(std::move(r));
  };
  constexpr double kNoShare = std::numeric_limits<double>::quiet_NaN();
  for (auto& [spec, implied] : batch.relations_)
    add_relation(spec.kind, spec.source, spec.target, kNoNode, kNoNode, &spec.props, &spec.attributes,
                 kNoShare, implied, spec.where);
  for (auto& c : batch.relation_columns_) {
    // In blocks: the ids are looked up together (their cache misses overlap), then the block's
    // rows are checked while their nodes are still in cache. An unknown id is looked up again
    // in add_relation, which reports it.
    constexpr std::size_t kBlock = 2048;
    NodeIndex from[kBlock], to[kBlock];
    for (std::size_t b = 0; b < c.size(); b += kBlock) {
      const std::size_t m = std::min(kBlock, c.size() - b);
      s.find_many(
          m, [&](std::size_t i) { return c.sources[b + i]; }, from);
      s.find_many(
          m, [&](std::size_t i) { return c.targets[b + i]; }, to);
      for (std::size_t k = 0; k < m; ++k) {
        const std::size_t i = b + k;
        const Lazy where{[&] { return c.where + std::to_string(i); }};
        add_relation(c.kinds[i], c.sources[i], c.targets[i], from[k], to[k],
                     c.props.empty() ? nullptr : &c.props[i],
                     c.attributes.empty() ? nullptr : &c.attributes[i],
                     c.shares.empty() ? kNoShare : c.shares[i], false, where);
      }
    }
  }

  // 2b. Relation ids: one id space with the nodes (Model::end takes either), each used once.
  const auto fresh_rels = std::span<const Relation>(s.relations).subspan(rel_base);
  if (!s.relation_ids.empty())
    for (NodeIndex i = base; i < s.nodes.size(); ++i)
      if (s.relation_ids.count(s.nodes[i].id))
        throw ModelError("duplicate_id", node_label(s.nodes[i].type, s.nodes[i].id) +
                                             ": the id is already used by a relation in the model");
  {
    std::unordered_map<std::string_view, std::size_t> fresh_ids;
    for (std::size_t i = 0; i < fresh_rels.size(); ++i) {
      const Value* v = fresh_rels[i].get("id");
      if (!v) continue;
      const std::string& id = std::get<std::string>(*v);
      const Relation& r = fresh_rels[i];
      auto label = [&] {
        return "relation '" + std::string(to_string(r.kind)) + "' from '" + shown(s.nodes[r.source].id) +
               "' to '" + shown(s.nodes[r.target].id) + "'";
      };
      if (auto n = s.find(id))
        throw ModelError("duplicate_id", label() + ": id '" + shown(id) + "' is already used by " +
                                             node_label(s.nodes[*n].type, id));
      if (s.relation_ids.count(id) || !fresh_ids.emplace(id, i).second)
        throw ModelError("duplicate_id",
                         label() + ": id '" + shown(id) + "' is already used by another relation");
    }
  }

  // 3. Every new board governs an organisation.
  for (std::size_t i = 0; i < s.nodes.size() - base; ++i) {
    if (s.nodes[base + i].type != NodeType::board) continue;
    const auto idx = static_cast<NodeIndex>(base + i);
    const bool governs = std::any_of(fresh_rels.begin(), fresh_rels.end(), [&](const Relation& r) {
      return r.kind == RelKind::governs && r.source == idx;
    });
    if (!governs)
      throw ModelError("missing_field",
                       describe(batch.nodes_[i].where, node_label(NodeType::board, s.nodes[base + i].id)) +
                           ": a board needs 'of', the organisation it governs");
  }

  // 3b. Field histories (a file's "history", Batch::add_history), of this batch's nodes: each
  //     earlier value checked as Model::set checks a value, the days strictly increasing, only
  //     the first value "not given", and no value twice in a row (histories are canonical).
  if (!batch.histories_.empty()) {
    std::unordered_map<NodeIndex, std::vector<RelIndex>> conditioned;  // in-relations with a rule
    for (std::size_t i = rel_base; i < s.relations.size(); ++i)
      if (!endpoint_rule(s.relations[i].kind).target_condition.empty())
        conditioned[s.relations[i].target].push_back(static_cast<RelIndex>(i));
    static const std::vector<RelIndex> kNone;
    // A node's histories are put together: the fields' combinations are checked on every day
    // one of them changes, so a seat's kind history must meet its votes history, not the votes
    // of today (found by fuzz_batch: a saved seat, observer until a day and voting after, was
    // refused on reading as an observer with today's votes).
    struct Pending {
      std::vector<std::pair<std::string, detail::Timeline>> timelines;
      std::string ctx;
    };
    std::vector<std::pair<NodeIndex, Pending>> pending;
    std::unordered_map<NodeIndex, std::size_t> pending_at;
    for (auto& h : batch.histories_) {
      const std::string ctx = h.where.empty() ? "history of '" + shown(h.id) + "' " + h.key : h.where;
      auto n = s.find(h.id);
      if (!n || *n < base)
        throw ModelError("unknown_id", ctx + ": '" + shown(h.id) + "' is not a node of this batch");
      const Node& node = s.nodes[*n];
      const Value* now = node.get(h.key);
      if (h.earlier.empty())
        throw ModelError("bad_value", ctx + ": a history needs at least one earlier value");
      if (!now)
        throw ModelError("bad_value",
                         ctx + ": '" + shown(h.key) +
                             "' has earlier values but none now; give its value now as the field");
      detail::Timeline t;
      Date from;
      for (std::size_t i = 0; i < h.earlier.size(); ++i) {
        auto& e = h.earlier[i];
        const std::string at = ctx + " #" + std::to_string(i);
        if (!e.until) throw ModelError("bad_date", at + ": an earlier value needs the day it ended (until)");
        if (from && !(from < e.until))
          throw ModelError("bad_date",
                           at + ": until " + e.until.iso() + " is not after the previous " + from.iso());
        if (e.value) detail::check_node_field(node.type, h.key, *e.value, at);
        else if (i > 0)
          throw ModelError("bad_value",
                           at + ": only the first earlier value may be left out (not given then)");
        t.emplace_back(from, e.value);
        from = e.until;
      }
      t.emplace_back(from, *now);
      for (std::size_t i = 1; i < t.size(); ++i)
        if (t[i].second == t[i - 1].second)
          throw ModelError("bad_value", ctx + ": the value from " + t[i].first.iso() +
                                            " is the value before it; give it once");
      auto [at, fresh] = pending_at.try_emplace(*n, pending.size());
      if (fresh) pending.push_back({*n, Pending{{}, ctx}});
      auto& mine = pending[at->second].second;
      for (const auto& [key, _] : mine.timelines)
        if (key == h.key) throw ModelError("bad_value", ctx + ": a second history of the same field");
      if (!mine.timelines.empty()) {  // several fields: the error names the node's history
        const auto slash = h.where.rfind('/');
        mine.ctx = h.where.empty() || slash == std::string::npos ? "history of '" + shown(h.id) + "'"
                                                                 : h.where.substr(0, slash);
      }
      mine.timelines.emplace_back(h.key, std::move(t));
    }
    for (auto& [n, p] : pending) {
      auto c = conditioned.find(n);
      detail::put_timelines(s, n, std::move(p.timelines), c == conditioned.end() ? kNone : c->second, p.ctx);
    }
  }

  // 4. Contracts as a whole: the batch's own, and those of the model its links change.
  {
    bool any = false;
    for (std::size_t i = base; i < s.nodes.size(); ++i) any |= s.nodes[i].type == NodeType::contract;
    for (const Relation& r : fresh_rels) any |= is_implied(r.kind);
    if (any) {
      ContractChecker checker(o);
      for (std::size_t i = 0; i < s.nodes.size() - base; ++i)
        if (s.nodes[base + i].type == NodeType::contract)
          checker.check(static_cast<NodeIndex>(base + i), batch.nodes_[i].where);
      std::vector<NodeIndex> old(checker.touched().begin(), checker.touched().end());
      std::sort(old.begin(), old.end());  // the first in the model's order is reported
      for (NodeIndex c : old) checker.check(c, "");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// For Model::set (change.cpp): the same value checks, one field at a time.

namespace detail {

void check_node_field(NodeType type, std::string_view key, Value& value, const std::string& ctx) {
  if (reserved_name(type, key))
    throw ModelError("bad_value", ctx + ": '" + std::string(key) +
                                      "' is part of the node's structure, which set does not change");
  const FieldSpec* f = find_field(type, key);
  if (!f) unknown_field(ctx, key, plural(type), node_names_and_structure(type));
  check_field(*f, value, ctx);
}

void check_node_fields(NodeType type, const Props& props, const std::string& ctx) {
  check_across_fields(type, props, ctx);
}

void check_interval(Date start, Date end, const std::string& ctx) { check_dates(start, end, ctx); }

void check_text_value(std::string_view text, const std::string& ctx, std::string_view key) {
  check_text(text, ctx, key);
}

}  // namespace detail

}  // namespace govgraph
