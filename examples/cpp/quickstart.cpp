// quickstart.cpp — the smallest useful govgraph program: build a practice holding a GMS contract,
// sub-contract its delivery, save the model as JSON, read it back and walk ownership.
#include <govgraph/govgraph.hpp>
#include <iostream>

int main() {
  using namespace govgraph;
  Model m("Quickstart");
  m.add_organisation("ccg", {{"name", "NHS North Cumbria CCG"},
                             {"kind", "commissioner"},
                             {"legal_form", "statutory_body"}});
  m.add_organisation("p1", {{"name", "Practice One"},
                            {"kind", "practice"},
                            {"legal_form", "partnership"},
                            {"list_size", std::int64_t{8000}}});
  m.add_organisation("ncpcc", {{"name", "North Cumbria Primary Care Collaborative"},
                               {"kind", "company"},
                               {"legal_form", "company_limited_by_guarantee"},
                               {"not_for_profit", true}});
  m.add_person("gp-a", {{"name", "Dr A"}, {"profession", "gp"}});
  m.add_relation(RelKind::partner_in, "gp-a", "p1");
  m.add_contract({.id = "gms-1",
                  .props = {{"kind", "gms"}, {"start", "2004-04-01"}},
                  .parties = {{"commissioner", {"ccg"}}, {"holder", {"p1"}}},
                  .obligations = {{.id = "gms-1/essential", .props = {{"name", "Essential services"}}}}});
  m.add_contract({.id = "sub-1",
                  .props = {{"kind", "subcontract"}, {"liability_cap", 1e6}},
                  .parties = {{"contractor", {"p1"}}, {"subcontractor", {"ncpcc"}}},
                  .obligations = {{.id = "sub-1/essential", .flows_from = "gms-1/essential"}},
                  .head = "gms-1"});
  m.add_relation(RelKind::employs, "ncpcc", "gp-a", {{"start", "2018-06-01"}});

  const Model back = loads(dumps(m));
  std::cout << back.summary() << "\n";
  std::cout << "gp-a reaches (partner_in, employs, both ways):";
  for (const auto& id :
       reachable(back, {"gp-a"},
                 {.kinds = {RelKind::partner_in, RelKind::employs}, .direction = Direction::both}))
    std::cout << " " << id;
  std::cout << "\n";
  try {
    m.add_relation(RelKind::employs, "gp-a", "p1");  // a person does not employ a practice
  } catch (const Error& e) {
    std::cout << "refused: " << e.what() << "\n";
  }
  return 0;
}
