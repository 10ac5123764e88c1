// fuzz_json.cpp — libFuzzer target: arbitrary bytes to the JSON reader, govgraph::loads.
//
// The reader must refuse bad input with a govgraph::Error (FormatError, ModelError,
// UnknownIdError) whose message starts with "[govgraph.<id>]"; any other exception escapes and
// libFuzzer reports it, as it does a crash or a sanitizer report. A document it accepts must
// round-trip: loads(dumps(m)) succeeds, and dumps of that is byte for byte dumps(m) (docs/
// format.md, "Round trip"); otherwise the target aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <govgraph/error.hpp>
#include <govgraph/io/json.hpp>
#include <govgraph/model.hpp>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_json: %s\n%s\n", what, detail.c_str());
  std::abort();
}

void check_message(const govgraph::Error& e) {
  const std::string prefix = "[govgraph." + e.id() + "] ";
  if (std::string_view(e.what()).substr(0, prefix.size()) != prefix)
    fail("an error message does not start with its id", e.what());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<govgraph::Model> model;
  try {
    model.emplace(govgraph::loads(text, "fuzz"));
  } catch (const govgraph::Error& e) {
    check_message(e);
    return 0;  // refused: fine, as long as it was refused properly
  }
  // Accepted: what is written must read back, and the second writing must be the first.
  const std::string first = govgraph::dumps(*model);
  std::optional<govgraph::Model> again;
  try {
    again.emplace(govgraph::loads(first, "round trip"));
  } catch (const govgraph::Error& e) {
    fail("dumps(loads(text)) is refused by loads", std::string(e.what()) + "\n--- written:\n" + first);
  }
  const std::string second = govgraph::dumps(*again);
  if (second != first)
    fail("dumps(loads(dumps(m))) != dumps(m)", "--- first:\n" + first + "\n--- second:\n" + second);
  if (again->size() != model->size() || again->relation_count() != model->relation_count())
    fail("the round trip changed the number of nodes or relations", first);
  const std::string line = govgraph::dumps(*model, -1);  // one-line form reads back the same
  try {
    if (govgraph::dumps(govgraph::loads(line, "one line")) != first)
      fail("the one-line form does not read back as the indented one", line);
  } catch (const govgraph::Error& e) {
    fail("the one-line form is refused by loads", std::string(e.what()) + "\n" + line);
  }
  return 0;
}
