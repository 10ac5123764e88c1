// date.hpp — calendar dates as days since 1970-01-01, parsed from and printed as ISO 8601.
//
// A Date is a plain value (4 bytes) so that every node and relation can carry two of them
// cheaply. "No date" is a distinct value: an open start or an open end. Validity intervals are
// half-open: a fact with start S and end E is in force on day d when S <= d < E.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace govgraph {

/// A calendar day, or "none" (open end of an interval).
class Date {
 public:
  constexpr Date() = default;
  /// The day `days` after 1970-01-01 (negative before it).
  static constexpr Date from_days(std::int32_t days) {
    Date d;
    d.days_ = days;
    return d;
  }
  /// Parses "YYYY-MM-DD"; throws ModelError naming `where` if the text is not a real date.
  static Date parse(std::string_view iso, std::string_view where = {});
  /// Today, by the system clock, in UTC.
  static Date today();
  /// Parses "YYYY-MM-DD", or returns nullopt if it is not a real date.
  static std::optional<Date> try_parse(std::string_view iso) noexcept;

  [[nodiscard]] constexpr bool is_none() const { return days_ == kNone; }
  [[nodiscard]] constexpr explicit operator bool() const { return !is_none(); }
  [[nodiscard]] constexpr std::int32_t days() const { return days_; }
  /// "YYYY-MM-DD", or "" for none.
  [[nodiscard]] std::string iso() const;

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  static constexpr std::int32_t kNone = std::numeric_limits<std::int32_t>::min();
  std::int32_t days_ = kNone;
};

/// True when a fact dated [start, end) is in force on `day`; a none `day` means "any time".
[[nodiscard]] constexpr bool in_force(Date start, Date end, Date day) {
  if (day.is_none()) return true;
  return (start.is_none() || start <= day) && (end.is_none() || day < end);
}

}  // namespace govgraph
