// log.hpp — govgraph's logger: spdlog, named "govgraph".
//
// The library logs what it loads and builds at debug/info level; it never prints on its own.
// Hosts (the Python module) may add sinks to logger().
#pragma once

#include <memory>
#include <string_view>

namespace spdlog {
class logger;
}

namespace govgraph {

/// The "govgraph" spdlog logger (created on first use, registered with spdlog).
[[nodiscard]] std::shared_ptr<spdlog::logger> logger();
/// Sets the level: "trace", "debug", "info", "warning"/"warn", "error", "critical", "off".
/// Throws ModelError for anything else.
void set_log_level(std::string_view level);

}  // namespace govgraph
