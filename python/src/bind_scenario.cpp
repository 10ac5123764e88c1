// bind_scenario.cpp — impact and diff for Python (src/impact.cpp computes them; the Python layer,
// govgraph/scenario.py, only formats). Results leave C++ as plain lists and dicts of columns.
#include <govgraph/scenario.hpp>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

py::list texts(const std::vector<std::string>& v) {
  py::list out;
  for (const auto& s : v) out.append(s);
  return out;
}

}  // namespace

void init_scenario(py::module_& m) {
  m.def(
      "_impact",
      [](const Model& model, py::object removed_arg, py::object weight_arg, py::object as_of_arg) {
    const auto lock = lock_read(model);
    const auto removed = to_ids(removed_arg, "impact: removed");
    const std::string weight = to_text(weight_arg, "impact", "weight");
    ImpactOptions o;
    o.weight = weight;
    o.as_of = to_date(as_of_arg, "impact: as_of");
    Impact r;
    {
      py::gil_scoped_release nogil;
      r = impact(model, removed, o);
    }
    py::list obligation, contract, holder, received_by, delivered_by, patients;
    for (const auto& row : r.without_performer) {
      obligation.append(row.obligation);
      contract.append(row.contract);
      holder.append(row.holder);
      received_by.append(texts(row.received_by));
      delivered_by.append(texts(row.delivered_by));
      patients.append(float_or_none(row.patients));
    }
    py::dict performer;
    performer["obligation"] = obligation;
    performer["contract"] = contract;
    performer["holder"] = holder;
    performer["received_by"] = received_by;
    performer["delivered_by"] = delivered_by;
    performer["patients"] = patients;
    py::list b_obligation, b_contract, b_delivered, b_received;
    for (const auto& row : r.without_beneficiary) {
      b_obligation.append(row.obligation);
      b_contract.append(row.contract);
      b_delivered.append(texts(row.delivered_by));
      b_received.append(texts(row.received_by));
    }
    py::dict beneficiary;
    beneficiary["obligation"] = b_obligation;
    beneficiary["contract"] = b_contract;
    beneficiary["delivered_by"] = b_delivered;
    beneficiary["received_by"] = b_received;
    py::list no_quorum, cannot_decide, reasons;
    for (const auto& b : r.boards) {
      if (b.quorate_before && !b.quorate_after) no_quorum.append(b.board);
      if (b.can_decide_before && !b.can_decide_after) {
        cannot_decide.append(b.board);
        reasons.append(b.reason.empty() ? py::object(py::none()) : py::object(py::str(b.reason)));
      }
    }
    py::dict out;
    out["removed"] = texts(r.removed);
    out["without_performer"] = performer;
    out["without_beneficiary"] = beneficiary;
    out["practices_affected"] = texts(r.practices_affected);
    out["patients_affected"] = r.patients_affected;
    out["weight_unknown"] = texts(r.weight_unknown);
    out["seats_vacated"] = texts(r.seats_vacated);
    out["seats_removed"] = texts(r.seats_removed);
    out["boards_without_quorum"] = no_quorum;
    out["boards_unable_to_decide"] = cannot_decide;
    out["unable_to_decide_reasons"] = reasons;
    out["paths_changed"] = texts(r.paths_changed);
    out["after"] = py::cast(std::move(r.after));
    return out;
      },
      py::arg("model"), py::arg("removed"), py::arg("weight"), py::arg("as_of"));

  m.def(
      "_diff",
      [](const Model& a, const Model& b) {
    const auto la = lock_read(a);
    const auto lb = lock_read(b);
    std::vector<DiffRow> rows;
    {
      py::gil_scoped_release nogil;
      rows = diff(a, b);
    }
    py::list change, what, id, type, detail;
    for (const auto& r : rows) {
      change.append(r.change);
      what.append(r.what);
      id.append(r.id);
      type.append(r.type);
      detail.append(r.detail);
    }
    py::dict cols;
    cols["change"] = change;
    cols["what"] = what;
    cols["id"] = id;
    cols["type"] = type;
    cols["detail"] = detail;
    return cols;
      },
      py::arg("a"), py::arg("b"));
}

}  // namespace govgraph::python
