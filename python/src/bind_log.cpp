// bind_log.cpp — sends the "govgraph" spdlog logger's records to Python's logging module
// (logger "govgraph") and exposes set_log_level.
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <govgraph/log.hpp>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

// The GIL serialises calls into Python, so the sink itself needs no mutex (a mutex held while
// waiting for the GIL could deadlock against a thread holding the GIL and logging).
class PythonSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (!Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    try {
      static const int levels[] = {5, 10, 20, 30, 40, 50, 0};
      py::module_::import("logging")
          .attr("getLogger")("govgraph")
          .attr("log")(levels[msg.level], std::string(msg.payload.data(), msg.payload.size()));
    } catch (py::error_already_set& e) {
      e.discard_as_unraisable("govgraph log sink");
    }
  }
  void flush_() override {}
};

}  // namespace

void init_log(py::module_& m) {
  auto log = govgraph::logger();
  log->sinks().clear();
  log->sinks().push_back(std::make_shared<PythonSink>());
  // Stop forwarding before the interpreter goes away.
  py::module_::import("atexit").attr("register")(
      py::cpp_function([] { govgraph::logger()->sinks().clear(); }));
  m.def(
      "set_log_level",
      [](const std::string& level) {
    std::string lvl = level;
    for (auto& c : lvl) c = static_cast<char>(std::tolower(c));
    govgraph::set_log_level(lvl == "warning" ? "warn" : lvl);
      },
      py::arg("level"),
      "Sets the level of govgraph's C++ logger: trace, debug, info, warning, error, critical, "
      "off. Records reach Python's logging under the 'govgraph' logger.");
  m.def("_log", [](const std::string& level, const std::string& msg) {
    govgraph::logger()->log(spdlog::level::from_str(level), msg);
  });
}

}  // namespace govgraph::python
