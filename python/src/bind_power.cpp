// bind_power.cpp — the power functions for Python: gg.banzhaf, gg.shapley_shubik,
// gg.absolute_quota, and `fractions` (exact power as fractions.Fraction, also used by
// bind_representation.cpp).
#include <cmath>

#include <govgraph/power.hpp>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

/// A Python int (or numpy integer) as int64, exactly; beyond 64 bits is an error naming `key`.
std::int64_t exact_int(PyObject* o, std::string_view fn, const std::string& key) {
  py::object idx = py::reinterpret_steal<py::object>(PyNumber_Index(o));
  if (!idx) throw py::error_already_set();
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(idx.ptr(), &overflow);
  if (overflow != 0)
    throw ModelError("too_large", std::string(fn) + ": '" + key + "' is " + std::string(py::str(o)) +
                                      ": beyond 64 bits (weights and quotas are whole numbers of at most "
                                      "9223372036854775807)");
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  return v;
}

/// A whole number of votes, exactly: a Python or numpy int as it is (64 bits); a float only when
/// whole and at most 2^53 in size (beyond, it no longer says which whole number it means); a
/// Decimal or Fraction when whole.
std::int64_t whole_votes(py::handle x, std::string_view fn, const std::string& key) {
  PyObject* o = x.ptr();
  if (x.is_none())
    throw ModelError("wrong_type", std::string(fn) + ": '" + key + "' must be a whole number, not None");
  if (!PyBool_Check(o) && (PyLong_Check(o) || PyIndex_Check(o))) return exact_int(o, fn, key);
  const auto d = to_number(x, fn, key);  // NaN, infinity, text, bool, complex: errors
  const auto not_whole = [&] {
    return ModelError("bad_value", std::string(fn) + ": '" + key + "' is " + std::string(py::str(x)) +
                                       ": weights and quota must be whole numbers of votes");
  };
  if (!d || std::trunc(*d) != *d) throw not_whole();
  if (PyFloat_Check(o) ||
      (!PyObject_HasAttrString(o, "denominator") && !PyObject_HasAttrString(o, "quantize"))) {
    if (std::abs(*d) > 9007199254740992.0)
      throw ModelError("bad_value",
                       std::string(fn) + ": '" + key + "' is the float " + std::string(py::str(x)) +
                           ": above 2^53 a float does not say which whole number it is; give an int");
    return static_cast<std::int64_t>(*d);
  }
  // Decimal, Fraction: whole exactly?
  py::object as_int = py::module_::import("builtins").attr("int")(x);
  if (!as_int.equal(x)) throw not_whole();
  return exact_int(as_int.ptr(), fn, key);
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

namespace {

/// The interrupt hook: takes the GIL, runs the Python signal handlers (on the main thread; a
/// no-op elsewhere); a pending KeyboardInterrupt is cleared here and raised again by the
/// translator of govgraph::Interrupted (bind_errors.cpp).
bool python_interrupted() {
  if (Py_IsInitialized() == 0) return false;
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) {
    PyErr_Clear();
    return true;
  }
  return false;
}

/// The second weight of a double majority: both or neither.
struct AndGame {
  bool given = false;
  std::vector<std::int64_t> weights;
  std::int64_t quota = 0;
};

AndGame and_game(py::handle weights, py::handle quota, std::string_view fn, std::size_t n) {
  AndGame g;
  if (weights.is_none() && quota.is_none()) return g;
  if (weights.is_none() || quota.is_none())
    throw ModelError("bad_value", std::string(fn) +
                                      ": a double majority needs both 'and_weights' and "
                                      "'and_quota' (" +
                                      (weights.is_none() ? "'and_weights'" : "'and_quota'") + " is missing)");
  g.given = true;
  g.weights = integer_weights(weights, fn);
  if (g.weights.size() != n)
    throw ModelError("bad_value", std::string(fn) + ": 'and_weights' has " +
                                      std::to_string(g.weights.size()) + " weights for " + std::to_string(n) +
                                      " players");
  g.quota = whole_votes(quota, fn, "and_quota");
  return g;
}

py::object power_result(const ExactPower& p, bool exact) {
  if (exact) return fractions(p);
  return py::cast(p.indices());
}

}  // namespace

void init_power(py::module_& m) {
  set_interrupt_check(&python_interrupted);
  m.def(
      "banzhaf",
      [](py::object weights, py::object quota, py::object exact_arg, py::object normalised_arg,
         py::object and_weights, py::object and_quota) -> py::object {
        const auto w = integer_weights(weights, "banzhaf");
        const std::int64_t q = whole_votes(quota, "banzhaf", "quota");
        const bool exact = to_bool(exact_arg, "banzhaf", "exact");
        const bool normalised = to_bool(normalised_arg, "banzhaf", "normalised");
        const AndGame g2 = and_game(and_weights, and_quota, "banzhaf", w.size());
        ExactPower p;
        {
          py::gil_scoped_release nogil;
          if (g2.given) {
            p = normalised ? banzhaf_exact(w, q, g2.weights, g2.quota)
                           : banzhaf_absolute_exact(w, q, g2.weights, g2.quota);
          } else {
            p = normalised ? banzhaf_exact(w, q) : banzhaf_absolute_exact(w, q);
          }
        }
        return power_result(p, exact);
      },
      py::arg("weights"), py::arg("quota"), py::kw_only(), py::arg("exact") = py::bool_(false),
      py::arg("normalised") = py::bool_(true), py::arg("and_weights") = py::none(),
      py::arg("and_quota") = py::none(),
      "Banzhaf power of each player of the weighted voting game (weights, quota): a coalition wins "
      "with at least `quota` (whole numbers: ints exactly, up to 64 bits). normalised=True: each "
      "player's swings over all swings; normalised=False: the absolute measure, swings / 2**(n-1). "
      "A double majority: and_weights (a second weight per player) and and_quota (its quota); a "
      "coalition wins when it reaches both quotas. Floats, or fractions.Fraction with exact=True, from "
      "exact integer counts. O(n*q); refused (ModelError too_large) beyond the documented bounds; "
      "Ctrl-C stops it (KeyboardInterrupt).");
  m.def(
      "shapley_shubik",
      [](py::object weights, py::object quota, py::object exact_arg, py::object and_weights,
         py::object and_quota) -> py::object {
        const auto w = integer_weights(weights, "shapley_shubik");
        const std::int64_t q = whole_votes(quota, "shapley_shubik", "quota");
        const bool exact = to_bool(exact_arg, "shapley_shubik", "exact");
        const AndGame g2 = and_game(and_weights, and_quota, "shapley_shubik", w.size());
        ExactPower p;
        {
          py::gil_scoped_release nogil;
          p = g2.given ? shapley_shubik_exact(w, q, g2.weights, g2.quota) : shapley_shubik_exact(w, q);
        }
        return power_result(p, exact);
      },
      py::arg("weights"), py::arg("quota"), py::kw_only(), py::arg("exact") = py::bool_(false),
      py::arg("and_weights") = py::none(), py::arg("and_quota") = py::none(),
      "Shapley-Shubik index of each player of the weighted voting game (weights, quota): a coalition "
      "wins with at least `quota`. A double majority: and_weights and and_quota, as for banzhaf. "
      "Floats, or fractions.Fraction with exact=True, from exact integer counts. O(n^2*q); refused "
      "beyond the documented bounds; Ctrl-C stops it.");
  m.def(
      "absolute_quota",
      [](py::object quota, py::object total, py::object rule_arg) {
    const auto q = to_number(quota, "absolute_quota", "quota");
    if (!q) throw ModelError("wrong_type", "absolute_quota: 'quota' must be a number, not None");
    const std::string rule = to_text(rule_arg, "absolute_quota", "quota_rule");
    QuotaRule r = QuotaRule::more_than;
    if (rule == "at_least") {
      r = QuotaRule::at_least;
    } else if (rule != "more_than") {
      throw ModelError("bad_value",
                       "absolute_quota: quota_rule '" + rule + "' is not one of: more_than, at_least");
    }
    return absolute_quota(*q, to_integer(total, "absolute_quota", "total", 0), r);
      },
      py::arg("quota"), py::arg("total"), py::arg("quota_rule") = "more_than",
      "A board quota as votes: whole numbers as given; a fraction f < 1 of `total`, read as written "
      "(0.7 is 7/10), as more than f (floor(f*total)+1, quota_rule='more_than') or at least f "
      "(ceil(f*total), quota_rule='at_least').");
}

}  // namespace govgraph::python
