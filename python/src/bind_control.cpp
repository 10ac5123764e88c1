// bind_control.cpp — controllers and circular_ownership for Python (src/control.cpp computes
// them; govgraph.Model formats). Results leave C++ as dicts of columns.
#include <govgraph/control.hpp>

#include "bindings.hpp"

namespace govgraph::python {

void init_control(py::class_<Model>& cls) {
  cls.def(
      "_controllers",
      [](const Model& self, py::object entity_arg, py::object threshold_arg, py::object as_of,
         py::object measure_arg) {
    const auto lock = lock_read(self);
    const std::string entity = to_text(entity_arg, "controllers", "entity");
    const auto threshold = to_number(threshold_arg, "controllers", "threshold");
    if (!threshold) throw ModelError("bad_value", "controllers: threshold is needed (0.25: more than 25%)");
    const Date day = to_date(as_of, "controllers: as_of");
    const ControlMeasure measure = control_measure_from(to_text(measure_arg, "controllers", "measure"));
    Controllers found;
    {
      py::gil_scoped_release nogil;
      found = controllers(self, entity, *threshold, day, measure);
    }
    const bool control = measure == ControlMeasure::control;
    py::list holder, share, share_min, share_max, direct, votes, paths, conditions, controls, certain,
        ultimate;
    for (const auto& c : found.rows) {
      holder.append(py::str(self.nodes()[c.holder].id));
      share.append(c.share);
      share_min.append(c.share_min);
      share_max.append(c.share_max);
      direct.append(c.direct);
      votes.append(c.votes);
      paths.append(c.cyclic ? py::object(py::none()) : py::object(py::int_(c.paths)));
      std::string met;
      for (auto [bit, name] : {std::pair{kShares, "shares"},
                               {kVotes, "votes"},
                               {kAppointBoard, "appoint_board"},
                               {kSignificantInfluence, "significant_influence"}})
        if (c.conditions & bit) met += (met.empty() ? "" : ", ") + std::string(name);
      conditions.append(py::str(met));
      controls.append(c.controls);
      certain.append(c.certain);
      ultimate.append(c.ultimate);
    }
    py::dict cols;
    cols["controller"] = holder;
    cols["share"] = share;
    cols["share_min"] = share_min;
    cols["share_max"] = share_max;
    cols["direct"] = direct;
    if (control) cols["votes"] = votes;
    cols["paths"] = paths;
    if (control) cols["conditions"] = conditions;
    cols["controls"] = controls;
    cols["certain"] = certain;
    cols["ultimate"] = ultimate;
    py::dict out;
    out["columns"] = cols;
    out["as_of"] = found.as_of.iso();
    out["unknown_share"] = id_list(self, found.unknown_share);
    return out;
      },
      py::arg("entity"), py::arg("threshold"), py::arg("as_of"), py::arg("measure"));
  cls.def(
      "_circular_ownership",
      [](const Model& self, py::object as_of) {
    const auto lock = lock_read(self);
    const Date day = to_date(as_of, "circular_ownership: as_of");
    std::vector<OwnershipCycle> found;
    {
      py::gil_scoped_release nogil;
      found = circular_ownership(self, day);
    }
    py::list members, cycle, size;
    for (const auto& c : found) {
      members.append(id_list(self, c.members));
      cycle.append(id_list(self, c.cycle));
      size.append(c.members.size());
    }
    py::dict cols;
    cols["members"] = members;
    cols["size"] = size;
    cols["cycle"] = cycle;
    py::dict out;
    out["columns"] = cols;
    out["as_of"] = ownership_day(day).iso();
    return out;
      },
      py::arg("as_of"));
}

}  // namespace govgraph::python
