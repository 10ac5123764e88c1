// bind_power.cpp — the power functions for Python: gg.banzhaf, gg.shapley_shubik,
// gg.absolute_quota, and `fractions` (exact power as fractions.Fraction, also used by
// bind_representation.cpp).
#include <cmath>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

/// A whole number of votes (an int, or a float, Decimal or Fraction with no fraction part).
std::int64_t whole_votes(py::handle x, std::string_view fn, const std::string& key) {
  const auto d = to_number(x, fn, key);  // NaN, infinity, text, bool, complex: errors
  if (!d)
    throw ModelError("wrong_type", std::string(fn) + ": '" + key + "' must be a whole number, not None");
  if (std::trunc(*d) != *d || std::abs(*d) > 9e18)
    throw ModelError("bad_value", std::string(fn) + ": '" + key + "' is " + std::string(py::str(x)) +
                                      ": weights and quota must be whole numbers of votes");
  return static_cast<std::int64_t>(*d);
}

std::vector<std::int64_t> integer_weights(py::handle weights, std::string_view fn) {
  PyObject* o = weights.ptr();
  if (PyUnicode_Check(o) || PyBytes_Check(o) || PyDict_Check(o) || !PyObject_HasAttrString(o, "__iter__"))
    throw ModelError("wrong_type",
                     std::string(fn) + ": 'weights' must be a list of numbers, not " + Py_TYPE(o)->tp_name);
  std::vector<std::int64_t> out;
  for (py::handle x : weights)
    out.push_back(whole_votes(x, fn, "weights[" + std::to_string(out.size()) + "]"));
  return out;
}

}  // namespace

py::object fractions(const ExactPower& p) {
  py::object Fraction = py::module_::import("fractions").attr("Fraction");
  py::object to_int = py::module_::import("builtins").attr("int");  // big integers from text
  py::list out;
  py::object den = to_int(py::str(p.denominator));
  for (const auto& n : p.numerators) out.append(Fraction(to_int(py::str(n)), den));
  return out;
}

void init_power(py::module_& m) {
  auto index = [](const char* name, ExactPower (*fn)(const std::vector<std::int64_t>&, std::int64_t),
                  const char* doc, py::module_& mod) {
    mod.def(
        name,
        [fn, name](py::object weights, py::object quota, py::object exact_arg) -> py::object {
          const auto w = integer_weights(weights, name);
          const std::int64_t q = whole_votes(quota, name, "quota");
          const bool exact = to_bool(exact_arg, name, "exact");
          ExactPower p;
          {
            py::gil_scoped_release nogil;
            p = fn(w, q);
          }
          if (exact) return fractions(p);
          return py::cast(p.indices());
        },
        py::arg("weights"), py::arg("quota"), py::kw_only(), py::arg("exact") = py::bool_(false), doc);
  };
  index("banzhaf", &banzhaf_exact,
        "Normalised Banzhaf index of each player of the weighted voting game (weights, quota): a "
        "coalition wins with at least `quota`. Floats, or fractions.Fraction with exact=True, "
        "from exact integer swing counts. O(n*q).",
        m);
  index("shapley_shubik", &shapley_shubik_exact,
        "Shapley-Shubik index of each player of the weighted voting game (weights, quota): a "
        "coalition wins with at least `quota`. Floats, or fractions.Fraction with exact=True, "
        "from exact integer counts. O(n^2*q).",
        m);
  m.def(
      "absolute_quota",
      [](py::object quota, py::object total) {
    const auto q = to_number(quota, "absolute_quota", "quota");
    if (!q) throw ModelError("wrong_type", "absolute_quota: 'quota' must be a number, not None");
    return absolute_quota(*q, to_integer(total, "absolute_quota", "total", 0));
      },
      py::arg("quota"), py::arg("total"),
      "A board quota as votes: whole numbers as given; a fraction f < 1 as floor(f*total)+1.");
}

}  // namespace govgraph::python
