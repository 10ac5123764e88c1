// log.cpp — the "govgraph" spdlog logger.
#include "govgraph/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "govgraph/error.hpp"

namespace govgraph {

std::shared_ptr<spdlog::logger> logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    if (auto existing = spdlog::get("govgraph")) return existing;
    auto l = std::make_shared<spdlog::logger>("govgraph",
                                              std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    l->set_level(spdlog::level::warn);
    spdlog::register_logger(l);
    return l;
  }();
  return instance;
}

void set_log_level(std::string_view level) {
  auto lvl = spdlog::level::from_str(std::string(level));
  // from_str maps unknown names to "off"; only accept "off" when asked for.
  if (lvl == spdlog::level::off && level != "off")
    throw ModelError("bad_value", "log level '" + std::string(level) +
                                      "' is not one of: trace, debug, info, warning, error, "
                                      "critical, off");
  logger()->set_level(lvl);
}

}  // namespace govgraph
