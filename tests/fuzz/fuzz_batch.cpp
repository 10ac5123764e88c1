// fuzz_batch.cpp — libFuzzer target: the bytes, read by FuzzedDataProvider, become up to four
// batches (nodes, relations, contracts with parties and obligations, boards, seats, links, node
// and relation columns; ids from a small pool so that references hit, or random text; dates as
// text; values of every kind: bool, int64 limits, NaN, infinities, huge and tiny doubles, text
// including invalid UTF-8) applied one after another to a copy of a small valid model.
//
// It checks Model::apply's contract (model.hpp): all or nothing; and the same of the changes
// over time (end, withdraw, set, set_many) that a third of the rounds make instead of a batch.
//   - apply throws a govgraph::Error: the model is exactly as it was (size, relation_count,
//     counts by type and dumps, compared before and after);
//   - apply succeeds: every node and relation of the batch landed, loads(dumps(m)) succeeds and
//     dumps of that is byte for byte dumps(m);
// and, on each model it built, that the linear-time queries (accountability edges, liability
// paths, gaps, lint, conflicts, reachable; representation of small boards) either answer or
// throw a govgraph::Error. A failed check aborts; any exception other than govgraph::Error
// escapes; both are findings, as are crashes and sanitizer reports.
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <govgraph/accountability.hpp>
#include <govgraph/error.hpp>
#include <govgraph/io/json.hpp>
#include <govgraph/kinds.hpp>
#include <govgraph/model.hpp>
#include <govgraph/representation.hpp>
#include <govgraph/traversal.hpp>

using namespace govgraph;

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz_batch: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// ---------------------------------------------------------------------------------------------
// Decoding.

/// Ids the base model holds, and a few it does not; most references come from here.
constexpr std::array<std::string_view, 24> kIds = {"ccg",     "p1",     "p2",     "col",   "gp-a", "gp-b",
                                                   "surgery", "gms",    "gms/e",  "gms/p", "sub",  "sub/e",
                                                   "board",   "seat-1", "seat-2", "x",     "y",    "z",
                                                   "c2",      "c2/o",   "b2",     "s3",    "",     "p1 "};

constexpr std::array<std::string_view, 12> kDates = {"2018-06-01", "2004-04-01", "2022-07-01", "1970-01-01",
                                                     "0001-01-01", "9999-12-31", "2019-02-29", "2020-02-29",
                                                     "2018-6-1",   "",           "2018-13-01", "-001-01-01"};

constexpr std::array<std::string_view, 14> kKeys = {"name",      "start", "end",        "kind", "legal_form",
                                                    "list_size", "votes", "quota",      "role", "share",
                                                    "id",        "type",  "attributes", "seats"};

class Decoder {
 public:
  explicit Decoder(FuzzedDataProvider& in) : in_(in) {}

  bool more() const { return in_.remaining_bytes() > 0; }
  template <class T>
  T pick(T lo, T hi) {
    return in_.ConsumeIntegralInRange<T>(lo, hi);
  }
  bool coin() { return in_.ConsumeBool(); }

  std::string text(std::size_t max = 12) { return in_.ConsumeRandomLengthString(max); }

  std::string id() {
    if (pick<int>(0, 7) == 0) return text();
    return std::string(kIds[pick<std::size_t>(0, kIds.size() - 1)]);
  }
  std::vector<std::string> ids(std::size_t max) {
    std::vector<std::string> out(pick<std::size_t>(0, max));
    for (auto& s : out) s = id();
    return out;
  }
  std::string date() {
    if (pick<int>(0, 5) == 0) return text(11);
    return std::string(kDates[pick<std::size_t>(0, kDates.size() - 1)]);
  }

  NodeType node_type() { return static_cast<NodeType>(pick<std::size_t>(0, kNodeTypeCount - 1)); }
  NodeType bulk_type() {  // the types Batch takes as NodeSpec and NodeColumns
    static constexpr NodeType kBulk[] = {NodeType::organisation, NodeType::person, NodeType::asset};
    return kBulk[pick<int>(0, 2)];
  }
  RelKind rel_kind() { return static_cast<RelKind>(pick<std::size_t>(0, kRelKindCount - 1)); }
  RelKind stated_kind() {
    const auto kinds = stated_relation_kinds();
    return kinds[pick<std::size_t>(0, kinds.size() - 1)];
  }

  double number() {
    switch (pick<int>(0, 11)) {
      case 0: return std::numeric_limits<double>::quiet_NaN();
      case 1: return std::numeric_limits<double>::infinity();
      case 2: return -std::numeric_limits<double>::infinity();
      case 3: return std::numeric_limits<double>::max();
      case 4: return std::numeric_limits<double>::denorm_min();
      case 5: return -0.0;
      case 6: return 1e19;  // beyond int64
      case 7: return 0.5;
      case 8: return static_cast<double>(pick<int>(-3, 10));
      default: return in_.ConsumeFloatingPoint<double>();
    }
  }
  std::int64_t integer() {
    switch (pick<int>(0, 5)) {
      case 0: return std::numeric_limits<std::int64_t>::min();
      case 1: return std::numeric_limits<std::int64_t>::max();
      case 2: return pick<std::int64_t>(-2, 20);
      default: return in_.ConsumeIntegral<std::int64_t>();
    }
  }
  /// Text for a field: one of its allowed values, a date, a known word, an id, or any bytes
  /// (invalid UTF-8 included).
  std::string word(const FieldSpec* field) {
    switch (pick<int>(0, 6)) {
      case 0:
        if (field && !field->allowed.empty())
          return std::string(field->allowed[pick<std::size_t>(0, field->allowed.size() - 1)]);
        [[fallthrough]];
      case 1: {
        const auto roles = contract_roles();
        return std::string(roles[pick<std::size_t>(0, roles.size() - 1)].kind);
      }
      case 2: {
        const auto forms = legal_forms();
        return std::string(forms[pick<std::size_t>(0, forms.size() - 1)].name);
      }
      case 3: return date();
      case 4: return id();
      default: return text(16);
    }
  }
  Value value(const FieldSpec* field) {
    int choice = pick<int>(0, 7);
    if (field && choice >= 4) {  // mostly a value of the field's own type
      switch (field->type) {
        case FieldType::text: choice = 3; break;
        case FieldType::integer: choice = 1; break;
        case FieldType::number: choice = coin() ? 2 : 1; break;
        case FieldType::boolean: choice = 0; break;
      }
    }
    switch (choice) {
      case 0: return coin();
      case 1: return integer();
      case 2: return number();
      default: return word(field);
    }
  }

  /// Field names of `fields`, the common keys, and random names.
  Props props(std::span<const FieldSpec> fields, std::size_t max = 5) {
    Props out;
    const std::size_t n = pick<std::size_t>(0, max);
    for (std::size_t i = 0; i < n && more(); ++i) {
      const FieldSpec* field = nullptr;
      std::string key;
      switch (pick<int>(0, 5)) {
        case 0:
        case 1:
        case 2:
          if (!fields.empty()) {
            field = &fields[pick<std::size_t>(0, fields.size() - 1)];
            key = std::string(field->name);
            break;
          }
          [[fallthrough]];
        case 3: key = std::string(kKeys[pick<std::size_t>(0, kKeys.size() - 1)]); break;
        case 4: key = coin() ? "start" : "end"; break;
        default: key = text(8); break;
      }
      if ((key == "start" || key == "end") && coin()) out.insert_or_assign(key, date());
      else out.insert_or_assign(key, value(field));
    }
    return out;
  }
  Props attributes() { return coin() ? Props{} : props({}, 3); }

 private:
  FuzzedDataProvider& in_;
};

/// Sets the free attributes of a spec, or (for a header without `attributes`) adds them to its
/// props, so that the target builds against either form of model.hpp.
template <class S>
void set_attributes(S& spec, Props attrs) {
  if constexpr (requires { spec.attributes; }) spec.attributes = std::move(attrs);
  else spec.props.merge(attrs);
}
template <class C>
void push_attributes(C& columns, Props attrs) {
  if constexpr (requires { columns.attributes; }) columns.attributes.push_back(std::move(attrs));
}

/// One batch from the bytes. Batch::add may refuse what it cannot lower (a ModelError): the
/// decoder skips that addition, as a caller would have to.
Batch decode_batch(Decoder& d) {
  Batch b;
  const int ops = d.pick<int>(1, 12);
  for (int op = 0; op < ops && d.more(); ++op) {
    try {
      switch (d.pick<int>(0, 8)) {
        case 0: {
          NodeSpec s;
          s.type = d.pick<int>(0, 9) == 0 ? d.node_type() : d.bulk_type();
          s.id = d.id();
          s.props = d.props(node_fields(s.type));
          set_attributes(s, d.attributes());
          if (d.coin()) s.where = "/fuzz/" + std::to_string(op);
          b.add(std::move(s));
          break;
        }
        case 1:
        case 2: {
          RelationSpec s;
          s.kind = d.pick<int>(0, 9) == 0 ? d.rel_kind() : d.stated_kind();
          s.source = d.id();
          s.target = d.id();
          s.props = d.props(relation_fields(s.kind), 3);
          set_attributes(s, d.attributes());
          b.add(std::move(s));
          break;
        }
        case 3: {
          ContractSpec c;
          c.id = d.id();
          c.props = d.props(node_fields(NodeType::contract));
          if (d.pick<int>(0, 2) != 0) {  // mostly a real kind
            const auto roles = contract_roles();
            c.props.insert_or_assign("kind",
                                     std::string(roles[d.pick<std::size_t>(0, roles.size() - 1)].kind));
          }
          const std::size_t parties = d.pick<std::size_t>(0, 3);
          for (std::size_t i = 0; i < parties; ++i) {
            static constexpr std::string_view kRoles[] = {"commissioner",  "holder",    "contractor",
                                                          "subcontractor", "party",     "employer",
                                                          "employee",      "guarantor", ""};
            std::string role = d.pick<int>(0, 7) == 0
                                   ? d.text(8)
                                   : std::string(kRoles[d.pick<std::size_t>(0, std::size(kRoles) - 1)]);
            c.parties.emplace_back(std::move(role), d.ids(2));
          }
          const std::size_t obligations = d.pick<std::size_t>(0, 3);
          for (std::size_t i = 0; i < obligations; ++i) {
            ObligationSpec o;
            o.id = d.coin() ? c.id + "/" + d.text(4) : d.id();
            o.props = d.props(node_fields(NodeType::obligation), 3);
            if (d.coin()) o.flows_from = d.id();
            if (d.pick<int>(0, 3) == 0) o.obligor = d.id();
            if (d.pick<int>(0, 3) == 0) o.obligee = d.id();
            set_attributes(o, d.attributes());
            c.obligations.push_back(std::move(o));
          }
          if (d.coin()) c.head = d.id();
          set_attributes(c, d.attributes());
          b.add(std::move(c));
          break;
        }
        case 4: {
          BoardSpec s;
          s.id = d.id();
          if (d.pick<int>(0, 4) != 0) s.of = d.id();
          s.props = d.props(node_fields(NodeType::board), 3);
          set_attributes(s, d.attributes());
          b.add(std::move(s));
          break;
        }
        case 5: {
          SeatSpec s;
          s.id = d.id();
          if (d.pick<int>(0, 6) != 0) s.board = d.id();
          if (d.coin()) s.appointed_by = d.id();
          s.represents = d.ids(2);
          if (d.coin()) s.held_by = d.id();
          s.props = d.props(node_fields(NodeType::seat), 3);
          set_attributes(s, d.attributes());
          b.add(std::move(s));
          break;
        }
        case 6: {
          NodeColumns c;
          const std::size_t rows = d.pick<std::size_t>(0, 6);
          const int shape = d.pick<int>(0, 3);  // 0: one type; 1: a type per row; 2: + props
          c.type = d.pick<int>(0, 9) == 0 ? d.node_type() : d.bulk_type();
          for (std::size_t i = 0; i < rows; ++i) {
            c.ids.push_back(d.id());
            const NodeType t = shape >= 1 ? d.bulk_type() : c.type;
            if (shape >= 1) c.types.push_back(t);
            if (shape >= 2) c.props.push_back(d.props(node_fields(t), 3));
            if (shape >= 3) push_attributes(c, d.attributes());
          }
          if (d.pick<int>(0, 9) == 0) c.types.push_back(d.bulk_type());  // lengths differ
          b.add(std::move(c));
          break;
        }
        case 7: {
          RelationColumns c;
          const std::size_t rows = d.pick<std::size_t>(0, 6);
          const int shape = d.pick<int>(0, 3);  // 1: + shares; 2: + props; 3: + attributes
          for (std::size_t i = 0; i < rows; ++i) {
            const RelKind k = d.pick<int>(0, 9) == 0 ? d.rel_kind() : d.stated_kind();
            c.kinds.push_back(k);
            c.sources.push_back(d.id());
            c.targets.push_back(d.id());
            if (shape >= 1) c.shares.push_back(d.coin() ? std::nan("") : d.number());
            if (shape >= 2) c.props.push_back(d.props(relation_fields(k), 2));
            if (shape >= 3) push_attributes(c, d.attributes());
          }
          if (d.pick<int>(0, 9) == 0) c.targets.push_back(d.id());  // lengths differ
          b.add(std::move(c));
          break;
        }
        default: {
          Props props;
          if (d.coin()) props.emplace("role", d.word(nullptr));
          if (d.coin()) props.emplace(d.coin() ? "start" : "end", d.date());
          b.add_link(d.rel_kind(), d.id(), d.id(), std::move(props));
          break;
        }
      }
    } catch (const Error&) {
      // refused by Batch::add; the batch holds what was added before
    }
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// Checks.

struct Snapshot {
  std::size_t size = 0, relations = 0;
  std::array<std::size_t, kNodeTypeCount> counts{};
  std::string json;
  bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const Model& m) {
  Snapshot s;
  s.size = m.size();
  s.relations = m.relation_count();
  for (std::size_t t = 0; t < kNodeTypeCount; ++t) s.counts[t] = m.count(static_cast<NodeType>(t));
  s.json = dumps(m);
  return s;
}

/// The written form reads back, and writes the same bytes again.
void check_round_trip(const Model& m, const std::string& written) {
  std::optional<Model> back;
  try {
    back.emplace(loads(written, "round trip"));
  } catch (const Error& e) {
    fail("loads(dumps(m)) refused a model apply accepted", std::string(e.what()) + "\n" + written);
  }
  if (back->size() != m.size() || back->relation_count() != m.relation_count())
    fail("loads(dumps(m)) has other counts than m", written);
  const std::string again = dumps(*back);
  if (again != written) fail("dumps(loads(dumps(m))) != dumps(m)", written + "\n---\n" + again);
}

/// Queries that are linear in the model (or bounded) must answer or throw a govgraph::Error.
void run_queries(const Model& m) {
  auto guarded = [](auto&& f) {
    try {
      f();
    } catch (const Error&) {
    }
  };
  guarded([&] { (void)accountability_edges(m); });
  guarded([&] { (void)all_liability_paths(m, {}, 2000); });
  guarded([&] { (void)flow_down_gaps(m); });
  guarded([&] { (void)lint(m); });
  guarded([&] { (void)conflicts_of_interest(m); });
  guarded([&] { (void)accountability_edges(m, Date::parse("2020-01-01")); });
  std::vector<NodeIndex> all;
  double votes = 0;
  for (NodeIndex n = 0; n < m.size(); ++n) {
    all.push_back(n);
    const Node& node = m.nodes()[n];
    if (node.type == NodeType::seat) {
      const Value* v = node.get("votes");
      if (!v) votes += 1;
      else if (const auto* i = std::get_if<std::int64_t>(v)) votes += std::fabs(static_cast<double>(*i));
      else if (const auto* x = std::get_if<double>(v)) votes += std::fabs(*x) * 1e6;  // decimals scaled
      else votes += 1;
    }
  }
  guarded([&] { (void)reachable_indices(m, all, {.direction = Direction::both}); });
  // Representation is O(n·q) in the quota: only for boards with few votes in all.
  if (votes <= 200 && m.count(NodeType::seat) <= 24) {
    for (const Node& node : m.nodes())
      if (node.type == NodeType::board) {
        guarded([&] { (void)representation(m, node.id); });
        guarded([&] { (void)representation(m, node.id, "list_size", By::seat); });
      }
  }
  for (const Node& node : m.nodes())
    if (node.type == NodeType::obligation) guarded([&] { (void)liability_graph(m, node.id); });
}

/// A refusal names its error id first and leaves the model exactly as it was (`now`).
void check_refused(const Error& e, const Model& m, const Snapshot& now, const char* what) {
  const std::string prefix = "[govgraph." + e.id() + "] ";
  if (std::string_view(e.what()).substr(0, prefix.size()) != prefix)
    fail("an error message does not start with its id", e.what());
  if (!(snapshot(m) == now))
    fail((std::string(what) + " threw but changed the model").c_str(),
         std::string(e.what()) + "\n--- before:\n" + now.json + "\n--- after:\n" + dumps(m));
}

/// A day from the bytes (none when the text is no date).
Date day(Decoder& d) { return Date::try_parse(d.date()).value_or(Date{}); }

/// One change over time from the bytes (end a node or relation, withdraw, set one node's
/// fields or many nodes'). It checks the same contract as apply: refused, the model is exactly
/// as it was; done, the model reads back from what it writes, byte for byte.
void change(Decoder& d, Model& m, Snapshot& now) {
  try {
    switch (d.pick<int>(0, 4)) {
      case 0: m.end(d.id(), day(d)); break;
      case 1: {
        RelationRef ref;
        if (d.pick<int>(0, 3) == 0) ref.id = d.id();
        ref.kind = d.rel_kind();
        ref.source = d.id();
        ref.target = d.id();
        (void)m.end(ref, day(d));
        break;
      }
      case 2: (void)m.withdraw(d.id(), d.id(), day(d)); break;
      case 3: {
        const std::string id = d.id();
        const auto n = m.find(id);
        const NodeType t = n ? m.nodes()[*n].type : d.node_type();
        m.set(id, d.coin() ? day(d) : Date{}, d.props(node_fields(t), 3));
        break;
      }
      default: {
        std::vector<std::string> ids;
        std::vector<Props> rows;
        for (int i = d.pick<int>(1, 3); i > 0; --i) {
          ids.push_back(d.id());
          const auto n = m.find(ids.back());
          rows.push_back(d.props(node_fields(n ? m.nodes()[*n].type : d.node_type()), 2));
        }
        m.set_many(ids, day(d), std::move(rows));
        break;
      }
    }
  } catch (const Error& e) {
    check_refused(e, m, now, "a change");
    return;
  }
  now = snapshot(m);
  check_round_trip(m, now.json);
  run_queries(m);
}

/// The model every run starts from: seed 000's arrangement in small (a practice holds a GMS
/// contract and sub-contracts delivery to a collaborative that employs the GPs), with a board.
const Model& base() {
  static const Model m = [] {
    Model b("fuzz base");
    b.add_organisation("ccg", {{"kind", "commissioner"}, {"legal_form", "statutory_body"}});
    b.add_organisation("p1", {{"kind", "practice"},
                              {"legal_form", "partnership"},
                              {"list_size", std::int64_t{8000}}});
    b.add_organisation("p2", {{"kind", "practice"},
                              {"legal_form", "partnership"},
                              {"list_size", std::int64_t{4000}}});
    b.add_organisation("col", {{"kind", "company"}, {"legal_form", "company_limited_by_guarantee"}});
    b.add_person("gp-a", {{"profession", "gp"}});
    b.add_person("gp-b", {{"profession", "gp"}});
    b.add_asset("surgery", {{"kind", "premises"}});
    b.add_relation(RelKind::partner_in, "gp-a", "p1");
    b.add_relation(RelKind::partner_in, "gp-b", "p2");
    b.add_relation(RelKind::employs, "col", "gp-a", {{"start", "2018-06-01"}});
    b.add_relation(RelKind::member_of, "p1", "col");
    b.add_contract({.id = "gms",
                    .props = {{"kind", "gms"}, {"start", "2004-04-01"}},
                    .parties = {{"commissioner", {"ccg"}}, {"holder", {"p1"}}},
                    .obligations = {{.id = "gms/e", .props = {{"category", "clinical"}}},
                                    {.id = "gms/p", .props = {{"category", "premises"}}}}});
    b.add_contract({.id = "sub",
                    .props = {{"kind", "subcontract"}, {"liability_cap", 1e6}},
                    .parties = {{"contractor", {"p1"}}, {"subcontractor", {"col"}}},
                    .obligations = {{.id = "sub/e", .flows_from = "gms/e"}},
                    .head = "gms"});
    b.add_board({.id = "board", .of = "col", .props = {{"quota", 0.5}}});
    b.add_seat(
        {.id = "seat-1", .board = "board", .appointed_by = "p1", .represents = {"p1"}, .held_by = "gp-a"});
    b.add_seat({.id = "seat-2", .board = "board", .appointed_by = "p2", .represents = {"p2"}});
    return b;
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  Decoder d(in);
  // The model as it stands (one dumps per successful round); the two starting models' snapshots
  // are taken once per process, not once per input (dumps was half of the target's time).
  static const Snapshot base_snapshot = snapshot(base());
  static const Snapshot empty_snapshot = snapshot(Model("empty"));
  const bool from_base = d.coin();
  Model m = from_base ? Model(base()) : Model("empty");
  Snapshot now = from_base ? base_snapshot : empty_snapshot;
  for (int round = 0; round < 4 && d.more(); ++round) {
    if (d.pick<int>(0, 2) == 0) {  // a third of the rounds change what is there
      change(d, m, now);
      continue;
    }
    Batch batch = decode_batch(d);
    const std::size_t adds_nodes = batch.node_count(), adds_relations = batch.relation_count();
    try {
      m.apply(std::move(batch));
    } catch (const Error& e) {
      check_refused(e, m, now, "apply");
      continue;
    }
    if (m.size() != now.size + adds_nodes || m.relation_count() != now.relations + adds_relations)
      fail("apply succeeded but not every addition of the batch landed", dumps(m));
    now = snapshot(m);
    check_round_trip(m, now.json);
    run_queries(m);
  }
  return 0;
}
