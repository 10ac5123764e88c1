// north_cumbria_breach.cpp — seed 000's breach scenario in C++: the North Cumbria Primary Care
// Collaborative fails to deliver Practice A's essential services. Who may claim against whom,
// and who bears the loss — first as shipped, then with a liability cap written into every
// sub-contract (the model's JSON is edited with nlohmann/json and read back).
//
// Usage: north_cumbria_breach [path/to/north_cumbria.json]
#include <cmath>
#include <govgraph/govgraph.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

namespace gg = govgraph;

static void report(const gg::Model& m, double loss) {
  const auto id = [&](gg::NodeIndex n) { return n == gg::kNoNode ? std::string("-") : m.nodes()[n].id; };
  // On a day of seed 001's alliance: before 2022-07-01 the CCG (01H) holds the GMS contracts,
  // after it the ICB; an undated breach would not say which (needs_date).
  const gg::BreachReport r = gg::breach(m, "sub-practice-a/essential", "ncpcc", loss, {},
                                        gg::ClaimKind::contract, gg::Date::parse("2019-06-01"));
  for (const gg::Claim& c : r.claims)
    std::cout << "  " << id(c.claimant) << " -> " << id(c.respondent) << " [" << gg::to_string(c.basis)
              << "] under " << id(c.contract) << ": recoverable " << c.recoverable << "\n";
  for (const auto& [party, amount] : r.borne) std::cout << "  " << id(party) << " bears " << amount << "\n";
  for (const auto& n : r.notes) std::cout << "  note: " << n << "\n";
}

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : GOVGRAPH_EXAMPLE_MODEL;
  const gg::Model m = gg::load(path);
  std::cout << m.summary() << "\n\nLiability paths of gms-practice-a/essential:\n";
  for (const auto& p : gg::liability_paths(m, "gms-practice-a/essential")) {
    std::cout << " ";
    for (gg::NodeIndex n : p.nodes) std::cout << " " << m.nodes()[n].id;
    std::cout << "\n";
  }
  const double loss = 250000;
  std::cout << "\nBreach by the collaborative, loss " << loss << ":\n";
  report(m, loss);

  nlohmann::json doc = nlohmann::json::parse(gg::dumps(m));
  for (auto& c : doc["contracts"])
    if (c["kind"] == "subcontract") c["liability_cap"] = 100000;
  const gg::Model capped = gg::loads(doc.dump(), "north_cumbria (capped)");
  std::cout << "\nThe same with a cap of 100000 in each sub-contract:\n";
  report(capped, loss);
  return 0;
}
