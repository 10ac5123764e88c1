// test_date.cpp — govgraph::Date: ISO 8601 parsing and printing, rejection of non-dates, and the
// half-open validity intervals of in_force().
#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>

#include <string>

using govgraph::Date;
using govgraph::in_force;
using govgraph::ModelError;

namespace {
Date d(const char* iso) { return Date::parse(iso); }
}  // namespace

TEST_CASE("a Date parses ISO 8601 days and prints them back", "[date]") {
  SECTION("the epoch is day 0") {
    CHECK(d("1970-01-01").days() == 0);
    CHECK(Date::from_days(0).iso() == "1970-01-01");
  }
  SECTION("days count from the epoch, negative before it") {
    CHECK(d("1970-01-02").days() == 1);
    CHECK(d("1969-12-31").days() == -1);
    CHECK(d("2000-03-01").days() - d("2000-02-28").days() == 2);  // 2000 is a leap year
    CHECK(d("1900-03-01").days() - d("1900-02-28").days() == 1);  // 1900 is not
    CHECK(d("2018-06-01").days() == 17683);
  }
  SECTION("printing pads years, months and days with zeros") {
    CHECK(Date::from_days(-1).iso() == "1969-12-31");
    CHECK(d("0999-01-05").iso() == "0999-01-05");
    CHECK(d("2022-07-01").iso() == "2022-07-01");
  }
  SECTION("parse and print round-trip over a range of days") {
    for (std::int32_t day = -800; day <= 20000; day += 37) {
      const Date x = Date::from_days(day);
      INFO(x.iso());
      CHECK(Date::parse(x.iso()) == x);
    }
  }
  SECTION("a leap day exists in leap years only") {
    CHECK(Date::try_parse("2020-02-29").has_value());
    CHECK(Date::try_parse("2000-02-29").has_value());
    CHECK_FALSE(Date::try_parse("2019-02-29").has_value());
    CHECK_FALSE(Date::try_parse("1900-02-29").has_value());
  }
  SECTION("dates order by day") {
    CHECK(d("2018-06-01") < d("2018-06-02"));
    CHECK(d("2019-01-01") > d("2018-12-31"));
    CHECK(d("2022-07-01") == d("2022-07-01"));
  }
}

TEST_CASE("a default Date is none: an open end", "[date]") {
  const Date none;
  CHECK(none.is_none());
  CHECK_FALSE(static_cast<bool>(none));
  CHECK(none.iso().empty());
  SECTION("a real date is not none, not even the epoch") {
    CHECK_FALSE(Date::from_days(0).is_none());
    CHECK(static_cast<bool>(Date::from_days(0)));
    CHECK(none != Date::from_days(0));
  }
}

TEST_CASE("text that is not a real date is rejected with [govgraph.bad_date]", "[date]") {
  const char* bad = GENERATE("2019-02-30", "2019-13-01", "2019-1-1", "", "2019-00-10", "2019-04-31",
                             "2019-01-32", "2019-01-00", "2019/01/01", "19-01-01", "2019-01-01T00:00",
                             " 2019-01-01", "2019-01-0a", "+019-01-01", "2019-01-1 ", "abcd-ef-gh");
  INFO("text: '" << bad << "'");
  SECTION("try_parse returns nothing") { CHECK_FALSE(Date::try_parse(bad).has_value()); }
  SECTION("parse throws a ModelError with the stable id and the offending text") {
    try {
      (void)Date::parse(bad);
      FAIL("parse accepted '" << bad << "'");
    } catch (const ModelError& e) {
      CHECK(e.id() == "bad_date");
      const std::string what = e.what();
      CHECK(what.rfind("[govgraph.bad_date]", 0) == 0);
      CHECK_THAT(what, Catch::Contains("'" + std::string(bad) + "'"));
    }
  }
}

TEST_CASE("Date::parse names where the bad date came from", "[date]") {
  try {
    (void)Date::parse("2019-02-30", "/organisations/3/start");
    FAIL("accepted 2019-02-30");
  } catch (const ModelError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith("[govgraph.bad_date] /organisations/3/start: "));
    CHECK_THAT(e.what(), Catch::Contains("'2019-02-30'"));
  }
  SECTION("a valid date is returned, not refused") {
    CHECK(Date::parse("2019-02-28", "here") == Date::from_days(17955));
  }
}

TEST_CASE("in_force treats start and end as a half-open interval: start in, end out", "[date]") {
  const Date start = d("2018-06-01"), end = d("2022-07-01"), none;
  SECTION("the start day is in force") { CHECK(in_force(start, end, start)); }
  SECTION("the day before the start is not") { CHECK_FALSE(in_force(start, end, d("2018-05-31"))); }
  SECTION("a day inside is in force") { CHECK(in_force(start, end, d("2020-01-01"))); }
  SECTION("the last day before the end is in force") { CHECK(in_force(start, end, d("2022-06-30"))); }
  SECTION("the end day itself is not in force") { CHECK_FALSE(in_force(start, end, end)); }
  SECTION("an open start reaches back forever") {
    CHECK(in_force(none, end, d("1900-01-01")));
    CHECK_FALSE(in_force(none, end, end));
  }
  SECTION("an open end reaches forward forever") {
    CHECK(in_force(start, none, d("2999-12-31")));
    CHECK_FALSE(in_force(start, none, d("2018-05-31")));
  }
  SECTION("no date at all is in force every day") {
    CHECK(in_force(none, none, d("1970-01-01")));
    CHECK(in_force(none, none, d("2100-01-01")));
  }
  SECTION("a none day means any time, even outside the interval") {
    CHECK(in_force(start, end, none));
    CHECK(in_force(end, end, none));
  }
  SECTION("an empty interval (start == end) is never in force on a day") {
    CHECK_FALSE(in_force(start, start, start));
  }
  SECTION("in_force is usable at compile time") {
    constexpr bool inside = in_force(Date::from_days(1), Date::from_days(3), Date::from_days(2));
    constexpr bool at_end = in_force(Date::from_days(1), Date::from_days(3), Date::from_days(3));
    CHECK(inside);
    CHECK_FALSE(at_end);
  }
}
