// decision_rules.cpp — a board's decision rules from and to their JSON text.
#include "decision_rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "govgraph/error.hpp"
#include "govgraph/kinds.hpp"
#include "validate.hpp"

namespace govgraph::detail {
namespace {

using json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 4> kRuleKeys = {"name", "quota", "quota_rule", "and"};
constexpr std::array<std::string_view, 3> kAndKeys = {"weight", "quota", "quota_rule"};

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw ModelError("bad_value", where + ": " + what);
}

void check_keys(const json& o, std::span<const std::string_view> known, const std::string& where) {
  for (auto it = o.begin(); it != o.end(); ++it)
    if (std::find(known.begin(), known.end(), it.key()) == known.end())
      throw ModelError("unknown_field", where + ": '" + shown(it.key()) +
                                            "' is not a key of a decision rule" +
                                            did_you_mean(it.key(), known));
}

/// A quota: a fraction 0 < f < 1, or a whole number of votes (or of weight) of at least 1.
double quota_of(const json& o, const std::string& where) {
  if (!o.contains("quota")) bad(where, "a decision rule needs a quota");
  const json& q = o["quota"];
  if (!q.is_number()) bad(where, "quota must be a number, not " + std::string(q.type_name()));
  const double f = q.get<double>();
  if (!(std::isfinite(f) && f > 0 && (f < 1 || std::trunc(f) == f)))
    bad(where, "quota " + q.dump() + " must be a fraction below 1 or a whole number of votes");
  return f;
}

QuotaRule rule_of(const json& o, const std::string& where) {
  if (!o.contains("quota_rule")) return QuotaRule::more_than;
  const json& r = o["quota_rule"];
  if (r == "more_than") return QuotaRule::more_than;
  if (r == "at_least") return QuotaRule::at_least;
  bad(where, "quota_rule " + r.dump().substr(0, 40) + " is not one of: more_than, at_least");
}

std::string_view rule_name(QuotaRule r) { return r == QuotaRule::at_least ? "at_least" : "more_than"; }

std::vector<DecisionRule> read(const json& list, const std::string& ctx) {
  if (!list.is_array())
    bad(ctx, "rules must be a list of decision rules, not " + std::string(list.type_name()));
  if (list.empty()) bad(ctx, "rules must hold at least one decision rule (or leave it out)");
  std::vector<DecisionRule> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& o = list[i];
    std::string where = ctx + ": rules[" + std::to_string(i) + "]";
    if (!o.is_object()) bad(where, "a decision rule is an object, not " + std::string(o.type_name()));
    check_keys(o, kRuleKeys, where);
    DecisionRule r;
    if (!o.contains("name") || !o["name"].is_string() || o["name"].get<std::string>().empty())
      bad(where, "a decision rule needs a name (text)");
    r.name = o["name"].get<std::string>();
    where += " ('" + shown(r.name) + "')";
    for (const auto& other : out)
      if (other.name == r.name) bad(where, "two decision rules are named '" + shown(r.name) + "'");
    r.quota = quota_of(o, where);
    r.quota_rule = rule_of(o, where);
    if (o.contains("and")) {
      const json& a = o["and"];
      const std::string aw = where + ": and";
      if (!a.is_object())
        bad(aw, "'and' is an object {weight, quota, quota_rule}, not " + std::string(a.type_name()));
      check_keys(a, kAndKeys, aw);
      if (!a.contains("weight") || !a["weight"].is_string() || a["weight"].get<std::string>().empty())
        bad(aw, "a second majority needs the weight it counts (e.g. \"list_size\")");
      r.and_weight = a["weight"].get<std::string>();
      r.and_quota = quota_of(a, aw);
      r.and_quota_rule = rule_of(a, aw);
    }
    out.push_back(std::move(r));
  }
  return out;
}

json write(const std::vector<DecisionRule>& rules) {
  json list = json::array();
  for (const auto& r : rules) {
    json o = json::object();
    o["name"] = r.name;
    o["quota"] = r.quota;
    o["quota_rule"] = rule_name(r.quota_rule);
    if (r.has_and()) {
      json a = json::object();
      a["weight"] = r.and_weight;
      a["quota"] = r.and_quota;
      a["quota_rule"] = rule_name(r.and_quota_rule);
      o["and"] = std::move(a);
    }
    list.push_back(std::move(o));
  }
  return list;
}

}  // namespace

std::string canonical_rules(std::string_view text, const std::string& ctx) {
  // A list of objects holding one object: three levels. Deeper text is refused before parsing.
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > 3) bad(ctx, "rules nest deeper than a list of rules with one 'and' each");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  json list;
  try {
    list = json::parse(text.begin(), text.end(), nullptr, true, false);
  } catch (const json::exception&) {
    bad(ctx, "rules must be a JSON list of decision rules");
  }
  return write(read(list, ctx)).dump();
}

std::vector<DecisionRule> parse_rules(std::string_view canonical) {
  return read(json::parse(canonical.begin(), canonical.end()), "rules");
}

}  // namespace govgraph::detail
