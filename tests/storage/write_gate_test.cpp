#include "storage/write_gate.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::storage {
namespace {

using namespace std::chrono_literals;

void wait_until_queued(const WriteGate& gate, std::size_t n) {
  while (gate.waiting() < n) std::this_thread::sleep_for(1ms);
}

TEST(WriteGate, WritersGetTheirTurnsInTheOrderTheyAsked) {
  WriteGate gate;
  ASSERT_TRUE(gate.acquire(1s));
  std::mutex mutex;
  std::vector<int> order;
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&, i] {
      ASSERT_TRUE(gate.acquire(10s));
      {
        const std::lock_guard lock(mutex);
        order.push_back(i);
      }
      gate.release();
    });
    wait_until_queued(gate, static_cast<std::size_t>(i) + 1);
  }
  gate.release();
  for (auto& t : writers) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(WriteGate, AWriterThatGivesUpLeavesTheQueue) {
  WriteGate gate;
  ASSERT_TRUE(gate.acquire(1s));
  std::atomic<bool> second_got_it = false;
  std::thread impatient([&] { EXPECT_FALSE(gate.acquire(50ms)); });
  wait_until_queued(gate, 1);
  std::thread patient([&] {
    second_got_it = gate.acquire(10s);
    if (second_got_it) gate.release();
  });
  impatient.join();
  wait_until_queued(gate, 1);
  gate.release();
  patient.join();
  EXPECT_TRUE(second_got_it);
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(WriteGate, ConnectionsToOneFileShareAGateAndAnInMemoryOneHasItsOwn) {
  test::TempDir dir;
  auto a = Database::open((dir / "pw.db").string());
  auto b = Database::open((dir / "pw.db").string());
  auto other = Database::open((dir / "other.db").string());
  auto m1 = Database::open(":memory:");
  auto m2 = Database::open(":memory:");
  ASSERT_TRUE(a && b && other && m1 && m2);
  EXPECT_EQ(a->write_gate(), b->write_gate());
  EXPECT_NE(a->write_gate(), other->write_gate());
  EXPECT_NE(m1->write_gate(), m2->write_gate());
}

// Issue 22: a writer that commits and begins again at once (the daemon's
// loop recording deliveries) used to keep the lock from another connection
// of the process (the web face's sign-ups) for seconds, because SQLite's
// busy handler sleeps between tries. Queued, the other gets the next turn.
TEST(WriteGate, ABusyWriterCannotKeepAnotherConnectionWaiting) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  auto busy = Database::open(path);
  auto patient = Database::open(path);
  ASSERT_TRUE(busy && patient);
  ASSERT_TRUE(busy->exec("CREATE TABLE t (x INTEGER)"));
  std::atomic<int> commits = 0;
  std::jthread loop([&](const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      auto tx = Transaction::begin(*busy);
      ASSERT_TRUE(tx) << tx.error().message;
      ASSERT_TRUE(busy->run("INSERT INTO t VALUES (1)"));
      std::this_thread::sleep_for(2ms);
      ASSERT_TRUE(tx->commit());
      ++commits;
    }
  });
  while (commits < 3) std::this_thread::sleep_for(1ms);
  for (int round = 0; round < 5; ++round) {
    const int before = commits;
    auto tx = Transaction::begin(*patient);
    ASSERT_TRUE(tx) << tx.error().message;
    EXPECT_LE(commits - before, 1) << "round " << round;
    ASSERT_TRUE(patient->run("INSERT INTO t VALUES (2)"));
    ASSERT_TRUE(tx->commit());
  }
  loop.request_stop();
  loop.join();
  EXPECT_EQ(*patient->scalar("SELECT COUNT(*) FROM t WHERE x = 2"), 5);
}

TEST(WriteGate, AWriterWaitsForTheGateNoLongerThanTheBusyTimeout) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  auto holder = Database::open(path);
  auto waiter = Database::open(path);
  ASSERT_TRUE(holder && waiter);
  auto held = Transaction::begin(*holder);
  ASSERT_TRUE(held);
  const auto start = std::chrono::steady_clock::now();
  auto tx = Transaction::begin(*waiter);
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().kind, ErrorKind::kTransient);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 7s);
  EXPECT_EQ(waiter->write_gate()->waiting(), 0u);
}

}  // namespace
}  // namespace pw::storage
