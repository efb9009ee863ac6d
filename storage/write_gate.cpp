#include "storage/write_gate.hpp"

#include <algorithm>
#include <map>

namespace pw::storage {

std::shared_ptr<WriteGate> WriteGate::for_file(const std::string& file) {
  if (file.empty()) return std::make_shared<WriteGate>();
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<WriteGate>> gates;
  const std::lock_guard lock(mutex);
  auto& slot = gates[file];
  auto gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<WriteGate>();
    slot = gate;
  }
  std::erase_if(gates, [](const auto& entry) { return entry.second.expired(); });
  return gate;
}

bool WriteGate::acquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  const auto ticket = next_ticket_++;
  queue_.push_back(ticket);
  const bool mine = turn_.wait_for(lock, wait, [&] { return !held_ && queue_.front() == ticket; });
  queue_.erase(std::find(queue_.begin(), queue_.end(), ticket));
  if (!mine) {
    turn_.notify_all();  // the writer behind may now be first
    return false;
  }
  held_ = true;
  return true;
}

void WriteGate::release() {
  {
    const std::lock_guard lock(mutex_);
    held_ = false;
  }
  turn_.notify_all();
}

std::size_t WriteGate::waiting() const {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace pw::storage
