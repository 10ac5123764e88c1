// govgraph.hpp — umbrella header: include this to get the whole public API.
#pragma once

#include "govgraph/accountability.hpp"
#include "govgraph/control.hpp"
#include "govgraph/date.hpp"
#include "govgraph/error.hpp"
#include "govgraph/io/json.hpp"
#include "govgraph/kinds.hpp"
#include "govgraph/log.hpp"
#include "govgraph/model.hpp"
#include "govgraph/power.hpp"
#include "govgraph/representation.hpp"
#include "govgraph/scenario.hpp"
#include "govgraph/traversal.hpp"
#include "govgraph/version.hpp"
