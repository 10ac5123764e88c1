// version.hpp — the library version.
#pragma once

#define GOVGRAPH_VERSION_MAJOR 0
#define GOVGRAPH_VERSION_MINOR 1
#define GOVGRAPH_VERSION_PATCH 0

namespace govgraph {
/// "major.minor.patch"
inline constexpr const char* kVersion = "0.1.0";
}  // namespace govgraph
