// bind_errors.cpp — govgraph's exception hierarchy as Python classes:
// gg.Error; gg.UnknownIdError (also KeyError); gg.ModelError (also ValueError);
// gg.FormatError (a ModelError). Each instance carries `.id`, the stable identifier.
#include <govgraph/interrupt.hpp>

#include "bindings.hpp"

namespace govgraph::python {
namespace {

py::object make_class(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  py::dict ns;
  ns["__doc__"] = doc;
  ns["__module__"] = "govgraph";
  ns["id"] = py::none();
  // KeyError quotes its message in str(); keep messages readable.
  ns["__str__"] = py::module_::import("builtins").attr("BaseException").attr("__str__");
  py::object cls = py::reinterpret_borrow<py::object>((PyObject*)&PyType_Type)(name, bases, ns);
  m.attr(name) = cls;
  return cls;
}

}  // namespace

void init_errors(py::module_& m) {
  static py::object error, unknown, model, format;
  error = make_class(m, "Error", py::make_tuple(py::handle(PyExc_Exception)),
                     "Base of every govgraph error; `.id` is the stable identifier.");
  unknown = make_class(m, "UnknownIdError", py::make_tuple(error, py::handle(PyExc_KeyError)),
                       "An id that names nothing in the model.");
  model = make_class(m, "ModelError", py::make_tuple(error, py::handle(PyExc_ValueError)),
                     "Input the model refuses: duplicate id, wrong endpoint kind, bad date, "
                     "wrong type, bad value.");
  format = make_class(m, "FormatError", py::make_tuple(model), "A document that is not valid govgraph JSON.");
  py::register_exception_translator([](std::exception_ptr p) {
    auto raise = [](const py::object& cls, const govgraph::Error& e) {
      py::object inst = cls(e.what());
      inst.attr("id") = e.id();
      PyErr_SetObject(cls.ptr(), inst.ptr());
    };
    try {
      if (p) std::rethrow_exception(p);
    } catch (const FormatError& e) {
      raise(format, e);
    } catch (const UnknownIdError& e) {
      raise(unknown, e);
    } catch (const ModelError& e) {
      raise(model, e);
    } catch (const govgraph::Error& e) {
      raise(error, e);
    } catch (const govgraph::Interrupted&) {  // a long computation stopped by Ctrl-C
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });
  // The last resort, for arguments no binding converted itself (convert.cpp converts them
  // naming the argument): a pybind11 cast_error becomes a TypeError naming the Python function
  // that made the call. Registered after the translator above, so tried before it; it lets
  // everything else through.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const py::cast_error&) {
      std::string name = "a govgraph call";
      if (PyFrameObject* f = PyEval_GetFrame()) {
        py::object code = py::reinterpret_steal<py::object>((PyObject*)PyFrame_GetCode(f));
        name = std::string(py::str(code.attr("co_name"))) + "()";
      }
      const std::string msg = name +
                              ": an argument has a type govgraph cannot take (give text, "
                              "numbers, bools, dates, or lists of ids)";
      PyErr_SetString(PyExc_TypeError, msg.c_str());
    }
  });
}

}  // namespace govgraph::python
