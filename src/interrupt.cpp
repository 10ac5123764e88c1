// interrupt.cpp — the interrupt hook and its rate-limited check.
#include "govgraph/interrupt.hpp"

#include <chrono>
#include <cstdint>

namespace govgraph {
namespace {

std::atomic<bool (*)()> g_hook{nullptr};

struct ThreadState {
  std::uint32_t calls = 0;
  std::chrono::steady_clock::time_point last{};
  const std::atomic<bool>* stop = nullptr;  // set in worker threads
};
thread_local ThreadState t_state;

constexpr auto kPeriod = std::chrono::milliseconds(25);

}  // namespace

void set_interrupt_check(bool (*hook)()) { g_hook.store(hook, std::memory_order_release); }

void check_interrupt() {
  ThreadState& s = t_state;
  if (s.stop != nullptr) {
    if (s.stop->load(std::memory_order_relaxed)) throw Interrupted{};
    return;
  }
  if ((++s.calls & 63u) != 1u) return;  // the first call, then every 64th reads the clock
  bool (*hook)() = g_hook.load(std::memory_order_acquire);
  if (hook == nullptr) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - s.last < kPeriod) return;
  s.last = now;
  if (hook()) throw Interrupted{};
}

WorkerInterruptScope::WorkerInterruptScope(const std::atomic<bool>* stop) : previous_(t_state.stop) {
  t_state.stop = stop;
}

WorkerInterruptScope::~WorkerInterruptScope() { t_state.stop = previous_; }

}  // namespace govgraph
