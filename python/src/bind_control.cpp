// bind_control.cpp — controllers and circular_ownership for Python (src/control.cpp computes
// them; govgraph.Model formats). Results leave C++ as dicts of columns.
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
    std::vector<Controller> rows;
    {
      py::gil_scoped_release nogil;
      rows = controllers(self, entity, *threshold, day, measure);
    }
    py::list holder, share, direct, paths, ultimate, controls;
    for (const auto& c : rows) {
      holder.append(py::str(self.nodes()[c.holder].id));
      share.append(c.share);
      direct.append(c.direct);
      paths.append(c.cyclic ? py::object(py::none()) : py::object(py::int_(c.paths)));
      ultimate.append(c.ultimate);
      controls.append(c.controls);
    }
    py::dict cols;
    cols["controller"] = holder;
    cols["share"] = share;
    cols["direct"] = direct;
    cols["paths"] = paths;
    cols["ultimate"] = ultimate;
    cols["controls"] = controls;
    return cols;
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
    return cols;
      },
      py::arg("as_of"));
}

}  // namespace govgraph::python
