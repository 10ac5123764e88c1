// main.cpp — the Catch2 runner (compiled once).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
