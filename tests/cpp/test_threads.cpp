// test_threads.cpp — one model read by many threads at once, and read while another thread adds
// to it. Hidden ([.threads]): run with `govgraph_tests "[threads]"`, and under ThreadSanitizer by
// scripts/sanitize.sh tsan (the govgraph_thread_tests target).
//
// What the writer test assumes of the core (a reader–writer lock per model):
//   - every query used here (liability_paths, all_liability_paths, representation, reachable,
//     Model::find, contains, size) holds the model's shared lock for the whole call, and
//     Model::apply holds it exclusively while it validates and commits, or refuses and
//     truncates; so a reader sees a model before or after a batch, never part of one;
//   - answers are values (node indices, ids, numbers), so they stay valid after the call; the
//     readers never touch nodes(), relations() or node(), whose references a later apply may
//     invalidate;
//   - node indices are stable for the life of the model (model.hpp);
//   - additions that do not touch the old part of the model leave the answers about it as they
//     were, and all_liability_paths lists the old obligations' paths in the same order among the
//     new ones. The test checks this on one thread once the writer is done, so a wrong
//     assumption fails it every time, not as a race.
#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace govgraph;

namespace {

constexpr int kPractices = 6;
constexpr int kReaders = 8;

/// Seed 000's arrangement, six times over: partnerships with two GP partners each hold GMS
/// contracts with the CCG and sub-contract two of three obligations to a collaborative (a CLG)
/// that employs their GPs; the practices are its members and appoint its board; the
/// collaborative and a trust sit on a system board.
Model world() {
  Model m("threads");
  m.add_organisation("ccg", {{"kind", "commissioner"}, {"legal_form", "statutory_body"}});
  m.add_organisation("col", {{"kind", "company"},
                             {"legal_form", "company_limited_by_guarantee"},
                             {"start", "2018-06-01"}});
  m.add_organisation("trust", {{"kind", "nhs_trust"}, {"legal_form", "statutory_body"}});
  m.add_organisation("system", {{"kind", "other"}, {"legal_form", "unincorporated"}});
  m.add_asset("surgery", {{"kind", "premises"}});
  m.add_board({.id = "col-board", .of = "col", .props = {{"quota", 0.5}}});
  m.add_board({.id = "sys-board", .of = "system"});
  for (int i = 0; i < kPractices; ++i) {
    const std::string p = "p" + std::to_string(i);
    m.add_organisation(p, {{"kind", "practice"},
                           {"legal_form", "partnership"},
                           {"list_size", std::int64_t{3000 + 1500 * i}}});
    m.add_relation(RelKind::member_of, p, "col");
    for (int g = 0; g < 2; ++g) {
      const std::string gp = "gp" + std::to_string(i) + "-" + std::to_string(g);
      m.add_person(gp, {{"profession", "gp"}});
      m.add_relation(RelKind::partner_in, gp, p);
      m.add_relation(RelKind::employs, "col", gp, {{"start", "2018-06-01"}});
    }
    const std::string gms = "gms-" + p, sub = "sub-" + p;
    m.add_contract({.id = gms,
                    .props = {{"kind", "gms"}, {"start", "2004-04-01"}},
                    .parties = {{"commissioner", {"ccg"}}, {"holder", {p}}},
                    .obligations = {{.id = gms + "/essential", .props = {{"category", "clinical"}}},
                                    {.id = gms + "/premises", .props = {{"category", "premises"}}},
                                    {.id = gms + "/reporting", .props = {{"category", "reporting"}}}}});
    m.add_contract({.id = sub,
                    .props = {{"kind", "subcontract"}, {"liability_cap", 1e6}},
                    .parties = {{"contractor", {p}}, {"subcontractor", {"col"}}},
                    .obligations = {{.id = sub + "/essential", .flows_from = gms + "/essential"},
                                    {.id = sub + "/premises", .flows_from = gms + "/premises"}},
                    .head = gms});
    m.add_seat({.id = "seat-" + p,
                .board = "col-board",
                .appointed_by = p,
                .represents = {p},
                .held_by = "gp" + std::to_string(i) + "-0",
                .props = {{"votes", std::int64_t{1 + i % 3}}}});
  }
  m.add_seat({.id = "sys-col", .board = "sys-board", .appointed_by = "col", .represents = {"col"}});
  m.add_seat({.id = "sys-trust", .board = "sys-board", .appointed_by = "trust", .represents = {"trust"}});
  return m;
}

// Answers as text, so that two can be compared whole and a difference shown.

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

std::string text(const std::vector<NodeIndex>& ns) {
  std::string s = "[";
  for (NodeIndex n : ns) s += std::to_string(n) + " ";
  return s + "]";
}

std::string text(const LiabilityPath& p) {
  std::string s = text(p.nodes);
  for (const Hop& h : p.hops)
    s += " {" + std::to_string(h.debtor) + ">" + std::to_string(h.creditor) + " " +
         std::string(to_string(h.basis)) + " c" + std::to_string(h.contract) + " o" +
         std::to_string(h.obligation) + (h.enforceable ? "" : " unenforceable") + " j" +
         text(h.jointly_liable) + " g" + text(h.guarantors) + " s" + text(h.shielded) + " m" +
         std::to_string(h.managed_by) + "}";
  return s;
}

/// The paths made of nodes below `old` only (all of them when `old` is kNoNode), one a line.
std::string text(const std::vector<LiabilityPath>& paths, NodeIndex old = kNoNode) {
  std::string s;
  for (const auto& p : paths)
    if (std::all_of(p.nodes.begin(), p.nodes.end(), [&](NodeIndex n) { return n < old; }))
      s += text(p) + "\n";
  return s;
}

std::string text(const Representation& r) {
  std::string s = "board " + std::to_string(r.board) + " quota " + num(r.quota) + " total " +
                  num(r.total_votes) + " unrepresented " + text(r.unrepresented) + " lh " +
                  num(r.disproportionality) + "\n";
  for (const auto& m : r.members)
    s += std::to_string(m.member) + " seats " + text(m.seats) + " for " + text(m.constituency) + " votes " +
         num(m.votes) + " " + num(m.vote_share) + " weight " + num(m.weight) + " " + num(m.weight_share) +
         " bz " + num(m.banzhaf) + " ss " + num(m.shapley_shubik) + (m.veto ? " veto" : "") +
         (m.dummy ? " dummy" : "") + "\n";
  for (const auto* e : {&r.banzhaf_exact, &r.shapley_shubik_exact}) {
    for (const auto& x : e->numerators) s += x + " ";
    s += "/ " + e->denominator + "\n";
  }
  return s;
}

std::string text(const std::vector<std::string>& ids) {
  std::string s;
  for (const auto& id : ids) s += id + " ";
  return s;
}

/// The questions every reader asks, in turn; `old` is the number of nodes before any writer.
struct Questions {
  std::vector<std::string> obligations, boards, ids;
  std::vector<std::pair<std::vector<std::string>, ReachOptions>> reach;
  NodeIndex old = 0;

  std::size_t count() const { return obligations.size() + 1 + boards.size() + reach.size() + 1; }
  /// The answer to question `q` on `m`, as text.
  std::string ask(const Model& m, std::size_t q) const {
    if (q < obligations.size()) return text(liability_paths(m, obligations[q]));
    q -= obligations.size();
    if (q == 0) return text(all_liability_paths(m), old);
    q -= 1;
    if (q < boards.size()) return text(representation(m, boards[q]));
    q -= boards.size();
    if (q < reach.size()) return text(reachable(m, reach[q].first, reach[q].second));
    std::string s;  // every old id is found at its index
    for (const auto& id : ids) {
      const auto n = m.find(id);
      s += id + "=" + (n ? std::to_string(*n) : "missing") + " ";
    }
    return s;
  }
};

Questions questions(const Model& m) {
  Questions q;
  q.old = static_cast<NodeIndex>(m.size());
  for (const Node& n : m.nodes()) {
    q.ids.push_back(n.id);
    if (n.type == NodeType::obligation) q.obligations.push_back(n.id);
    if (n.type == NodeType::board) q.boards.push_back(n.id);
  }
  q.reach.push_back({{"gp0-0"}, {}});
  q.reach.push_back({{"p1", "p2"}, {.direction = Direction::both}});
  q.reach.push_back(
      {{"col"}, {.kinds = {RelKind::employs, RelKind::partner_in}, .direction = Direction::both}});
  q.reach.push_back({{"ccg"}, {.direction = Direction::in, .as_of = Date::parse("2020-01-01")}});
  q.reach.push_back({{"sys-board"}, {.direction = Direction::in, .include_sources = false}});
  return q;
}

/// What the writer tells the readers: that it is waiting to apply a batch (readers then hold
/// back before their next question, so that the writer is not starved by a lock that prefers
/// readers, as glibc's std::shared_mutex does), and that it has finished.
struct WriterState {
  std::atomic<bool> waiting{false}, done{false};
};

/// Runs `kReaders` threads asking every question `rounds` times over (and, when `writer` is
/// given, until it is done, or two minutes have passed), each comparing its answers with
/// `expected`; returns the differences found.
std::vector<std::string> read_concurrently(const Model& m, const Questions& q,
                                           const std::vector<std::string>& expected, int rounds,
                                           const WriterState* writer = nullptr) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  std::mutex mu;
  std::vector<std::string> problems;
  auto report = [&](std::string what) {
    std::lock_guard<std::mutex> lock(mu);
    if (problems.size() < 20) problems.push_back(std::move(what));
  };
  std::vector<std::thread> readers;
  for (int t = 0; t < kReaders; ++t)
    readers.emplace_back([&, t] {
      try {
        std::size_t last_size = 0;
        for (int round = 0; round < rounds || (writer && !writer->done.load()); ++round) {
          if (writer && std::chrono::steady_clock::now() > deadline) {
            report("reader " + std::to_string(t) + ": the writer is not done after two minutes");
            return;
          }
          for (std::size_t i = 0; i < q.count(); ++i) {
            while (writer && writer->waiting.load() && !writer->done.load()) std::this_thread::yield();
            const std::size_t k = (i + static_cast<std::size_t>(t)) % q.count();  // spread out
            const std::string got = q.ask(m, k);
            if (got != expected[k])
              report("reader " + std::to_string(t) + ", question " + std::to_string(k) + ":\nexpected " +
                     expected[k] + "\ngot      " + got);
            // Nothing is removed and a refused batch leaves nothing behind: the size only grows,
            // and no id of a refused batch is ever seen.
            const std::size_t size = m.size();
            if (size < last_size)
              report("reader " + std::to_string(t) + ": size went from " + std::to_string(last_size) +
                     " down to " + std::to_string(size));
            last_size = size;
            if (m.contains("refused-" + std::to_string(round % 50)))
              report("reader " + std::to_string(t) + " saw a node of a refused batch");
          }
        }
      } catch (const std::exception& e) {
        report("reader " + std::to_string(t) + " threw: " + e.what());
      }
    });
  for (auto& r : readers) r.join();
  return problems;
}

/// Batch `i` of the writer: a new practice with a partner, its GMS contract with a new
/// commissioner, a sub-contract to a new collaborative, a board, and a relation into the old
/// part that none of the questions follows into the new part (an occupation of the surgery).
Batch addition(int i) {
  const std::string p = "w" + std::to_string(i), gp = p + "-gp", gms = p + "-gms";
  Batch b;
  if (i == 0) {
    b.add(NodeSpec{.type = NodeType::organisation,
                   .id = "w-ccg",
                   .props = {{"kind", "commissioner"}, {"legal_form", "statutory_body"}}});
    b.add(NodeSpec{.type = NodeType::organisation,
                   .id = "w-col",
                   .props = {{"kind", "company"}, {"legal_form", "company_limited_by_guarantee"}}});
  }
  b.add(NodeSpec{
      .type = NodeType::organisation,
      .id = p,
      .props = {{"kind", "practice"}, {"legal_form", "partnership"}, {"list_size", std::int64_t{1000 + i}}}});
  b.add(NodeSpec{.type = NodeType::person, .id = gp, .props = {{"profession", "gp"}}});
  b.add(RelationSpec{.kind = RelKind::partner_in, .source = gp, .target = p});
  b.add(RelationSpec{.kind = RelKind::member_of, .source = p, .target = "w-col"});
  b.add(ContractSpec{.id = gms,
                     .props = {{"kind", "gms"}},
                     .parties = {{"commissioner", {"w-ccg"}}, {"holder", {p}}},
                     .obligations = {{.id = gms + "/essential"}}});
  b.add(ContractSpec{.id = p + "-sub",
                     .props = {{"kind", "subcontract"}},
                     .parties = {{"contractor", {p}}, {"subcontractor", {"w-col"}}},
                     .obligations = {{.id = p + "-sub/essential", .flows_from = gms + "/essential"}},
                     .head = gms});
  b.add(BoardSpec{.id = p + "-board", .of = p});
  b.add(SeatSpec{.id = p + "-seat", .board = p + "-board", .appointed_by = p, .held_by = gp});
  if (i % 4 == 0) b.add(RelationSpec{.kind = RelKind::occupies, .source = p, .target = "surgery"});
  return b;
}

/// A batch apply must refuse whole: new nodes, then a relation to an id that does not exist.
Batch refused(int i) {
  Batch b;
  b.add(NodeSpec{.type = NodeType::organisation, .id = "refused-" + std::to_string(i % 50)});
  b.add(NodeSpec{.type = NodeType::person, .id = "refused-gp-" + std::to_string(i)});
  b.add(RelationSpec{.kind = RelKind::employs,
                     .source = "refused-" + std::to_string(i % 50),
                     .target = "nobody"});
  return b;
}

}  // namespace

TEST_CASE("eight threads asking at once get the answers one thread gets", "[.threads]") {
  const Model m = world();
  const Questions q = questions(m);
  std::vector<std::string> expected;
  for (std::size_t k = 0; k < q.count(); ++k) expected.push_back(q.ask(m, k));
  REQUIRE(!text(all_liability_paths(m)).empty());
  const auto problems = read_concurrently(m, q, expected, 20);
  for (const auto& p : problems) FAIL_CHECK(p);
  CHECK(problems.empty());
}

TEST_CASE(
    "eight threads asking while another adds to the model get the answers about the "
    "part that was there",
    "[.threads]") {
  Model m = world();
  const Questions q = questions(m);
  std::vector<std::string> expected;
  for (std::size_t k = 0; k < q.count(); ++k) expected.push_back(q.ask(m, k));

  constexpr int kBatches = 400;
  WriterState state;
  std::vector<std::string> writer_problems;
  std::thread writer([&] {
    try {
      for (int i = 0; i < kBatches; ++i) {
        state.waiting = true;
        m.apply(addition(i));
        try {
          m.apply(refused(i));
          writer_problems.push_back("batch refused-" + std::to_string(i) + " was accepted");
        } catch (const UnknownIdError&) {
        }
        state.waiting = false;
        std::this_thread::sleep_for(std::chrono::microseconds(200));  // let the readers in
      }
    } catch (const std::exception& e) {
      writer_problems.push_back(std::string("the writer threw: ") + e.what());
    }
    state.done = true;
  });
  const auto problems = read_concurrently(m, q, expected, 3, &state);
  writer.join();
  for (const auto& p : writer_problems) FAIL_CHECK(p);
  for (const auto& p : problems) FAIL_CHECK(p);
  CHECK(problems.empty());

  // The premise, on one thread: the additions did not change the answers about the old part,
  // and they all landed.
  for (std::size_t k = 0; k < q.count(); ++k) CHECK(q.ask(m, k) == expected[k]);
  CHECK(m.size() == q.old + 2 + static_cast<std::size_t>(kBatches) * 8);
  CHECK(m.contains("w" + std::to_string(kBatches - 1) + "-seat"));
  CHECK(!m.contains("refused-0"));
}
