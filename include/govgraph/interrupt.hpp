// interrupt.hpp — stopping long computations from outside (Ctrl-C in Python).
//
// A process-wide hook says whether the caller wants the current computation stopped; long loops
// call check_interrupt() every so often, which calls the hook at most about every 25 ms (a
// steady_clock reading every 64 calls) and throws Interrupted when the hook returns true. The
// Python bindings install a hook that takes the GIL and runs PyErr_CheckSignals(), and map
// Interrupted to KeyboardInterrupt. Without a hook, check_interrupt() never throws.
#pragma once

#include <atomic>
#include <exception>

namespace govgraph {

/// Thrown by check_interrupt() when the interrupt hook asked to stop (or, in a worker thread of a
/// computation, when the thread that started it stopped).
struct Interrupted : std::exception {
  [[nodiscard]] const char* what() const noexcept override { return "interrupted"; }
};

/// Installs the process-wide hook (nullptr: none). Thread-safe (an atomic pointer).
void set_interrupt_check(bool (*hook)());

/// Cheap: counts calls and reads the clock every 64 of them; calls the hook at most every
/// ~25 ms; throws Interrupted when it returns true. Call it in the outer iterations of long loops.
void check_interrupt();

/// For worker threads a computation starts: while this is in scope on a thread, check_interrupt()
/// on that thread does not call the hook (which belongs to the calling thread: Python answers
/// signals only on its main thread) but throws Interrupted once `*stop` is true.
class WorkerInterruptScope {
 public:
  explicit WorkerInterruptScope(const std::atomic<bool>* stop);
  ~WorkerInterruptScope();
  WorkerInterruptScope(const WorkerInterruptScope&) = delete;
  WorkerInterruptScope& operator=(const WorkerInterruptScope&) = delete;

 private:
  const std::atomic<bool>* previous_;
};

}  // namespace govgraph
