// date.cpp — ISO 8601 calendar dates on std::chrono's civil calendar.
#include "govgraph/date.hpp"

#include <chrono>
#include <cstdio>

#include "govgraph/error.hpp"

namespace govgraph {

std::optional<Date> Date::try_parse(std::string_view s) noexcept {
  // Exactly YYYY-MM-DD.
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                        std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return from_days(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

Date Date::today() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
}

Date Date::parse(std::string_view s, std::string_view where) {
  if (auto d = try_parse(s)) return *d;
  throw ModelError("bad_date", (where.empty() ? std::string() : std::string(where) + ": ") + "'" +
                                   std::string(s.substr(0, 40)) + (s.size() > 40 ? "…" : "") +
                                   "' is not a date; expected YYYY-MM-DD (ISO 8601)");
}

std::string Date::iso() const {
  if (is_none()) return {};
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

}  // namespace govgraph
