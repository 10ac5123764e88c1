# The libraries govgraph builds on, each from the system (Debian: libboost-graph-dev,
# libspdlog-dev, nlohmann-json3-dev). Boost.Graph's adjacency_list is header-only.
find_package(Boost 1.74 REQUIRED CONFIG)
find_package(spdlog 1.10 REQUIRED CONFIG)
find_package(nlohmann_json 3.11 REQUIRED CONFIG)
