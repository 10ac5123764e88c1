# The libraries govgraph builds on, each from the system (Debian: libboost-graph-dev,
# libspdlog-dev, nlohmann-json3-dev). Boost.Graph (adjacency_list, compressed_sparse_row_graph) is
# header-only. Threads: large topology snapshots are built on two threads.
find_package(Boost 1.74 REQUIRED CONFIG)
find_package(spdlog 1.10 REQUIRED CONFIG)
find_package(nlohmann_json 3.11 REQUIRED CONFIG)
find_package(Threads REQUIRED)
