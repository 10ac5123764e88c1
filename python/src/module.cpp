// module.cpp — PYBIND11_MODULE(_core): calls each area's init in order.
#include <govgraph/version.hpp>

#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "govgraph's compiled core (use the govgraph package, not this module directly)";
  m.attr("__version__") = govgraph::kVersion;
  govgraph::python::init_errors(m);
  govgraph::python::init_convert(m);
  govgraph::python::init_log(m);
  govgraph::python::init_model(m);
  govgraph::python::init_scenario(m);
}
