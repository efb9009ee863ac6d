// Times parlwatch's matcher against a naive loop, SQLite FTS5 and Xapian
// on the same corpus and rule sets. Prints figures; never fails on timing.
// Usage: match_bench DATA_DIR [MAX_RULES]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <sys/resource.h>

#include "bench/agreement.hpp"
#include "bench/engines.hpp"
#include "bench/rule_generator.hpp"
#include "parse/members.hpp"
#include "parse/transcript_parser.hpp"
#include "parse/xml.hpp"
#include "rules/rule_set.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"

namespace pw::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double rss_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0;
  long resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024;
}

struct Corpus {
  std::string name;
  std::vector<const Transcript*> transcripts;
  std::size_t items = 0;
};

struct MatchResult {
  double seconds = 0;
  rules::MatchCounters counters;
};

MatchResult match_once(const rules::RuleSet& set, const Corpus& corpus, int threads,
                       std::vector<rules::MatchContext>& contexts) {
  std::vector<std::pair<const Item*, Section>> items;
  for (const auto* t : corpus.transcripts) {
    for (const auto& item : t->items) items.emplace_back(&item, t->section);
  }
  std::vector<rules::MatchCounters> counters(static_cast<std::size_t>(threads));
  const auto start = Clock::now();
  auto work = [&](std::size_t k) {
    std::vector<rules::RuleIds> out;
    for (std::size_t i = k; i < items.size(); i += static_cast<std::size_t>(threads)) {
      out.clear();
      set.match(*items[i].first, items[i].second, contexts[k], out, &counters[k]);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t k = 1; k < counters.size(); ++k) pool.emplace_back(work, k);
  work(0);
  for (auto& t : pool) t.join();
  MatchResult r{seconds_since(start), {}};
  for (const auto& c : counters) {
    r.counters.items += c.items;
    r.counters.candidates += c.candidates;
    r.counters.verified += c.verified;
    r.counters.matches += c.matches;
  }
  return r;
}

// Every engine's time is the best of this many runs: the machine is
// shared, and the minimum is the figure least disturbed by others.
constexpr int kRuns = 30;

// The best of kRuns runs. The contexts (stem and word caches)
// live across the runs, as they do in the daemon.
MatchResult match_corpus(const rules::RuleSet& set, const Corpus& corpus, int threads) {
  std::vector<rules::MatchContext> contexts(static_cast<std::size_t>(threads));
  MatchResult best = match_once(set, corpus, threads, contexts);
  for (int i = 1; i < kRuns; ++i) {
    const MatchResult r = match_once(set, corpus, threads, contexts);
    if (r.seconds < best.seconds) best = r;
  }
  return best;
}

// Rules per user in the benchmark's database: the real cap is
// storage::kMaxSubscriptionsPerUser; a thousand is a busy campaign group.
constexpr std::size_t kRulesPerUser = 1000;

// Stores the rules in a fresh SQLite database, then times reading them back.
double load_from_sqlite(const std::vector<std::string>& texts,
                        std::vector<storage::RuleRecord>& out) {
  const auto path = std::filesystem::temp_directory_path() / "parlwatch-bench.db";
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  auto db = storage::Database::open(path.string());
  if (!db) throw std::runtime_error(db.error().message);
  storage::UserRepository users(*db);
  {
    auto tx = storage::Transaction::begin(*db);
    std::int64_t user = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (i % kRulesPerUser == 0)
        user = *users.add_user(fmt::format("bench{}@example.org", i), "", 0);
      auto added = storage::SubscriptionRepository(*db).add_for_user(user, texts[i], 0);
      if (!added) throw std::runtime_error(added.error().message);
    }
    (void)tx->commit();
  }
  const auto start = Clock::now();
  out = std::move(*storage::SubscriptionRepository(*db).all());
  const double took = seconds_since(start);
  if (out.size() != texts.size()) {
    throw std::runtime_error(
        fmt::format("stored {} rules but {} came back", texts.size(), out.size()));
  }
  std::filesystem::remove(path);
  return took;
}

struct Row {
  std::size_t rules = 0;
  double load = 0;
  double compile = 0;
  MatchResult day1, day2, week1, week2;
  double rss = 0;
  std::size_t catch_all = 0;
  std::size_t queries = 0;
  std::size_t index_bytes = 0;
  std::size_t distinct = 0;  // distinct rule texts: the queries a per-text engine runs
};

Row run_parlwatch(const std::vector<std::string>& texts, const Corpus& day, const Corpus& week) {
  Row row;
  row.rules = texts.size();
  row.distinct = std::set<std::string>(texts.begin(), texts.end()).size();
  const double rss_before = rss_mib();
  rules::RuleSet set;
  {
    std::vector<storage::RuleRecord> records;
    row.load = load_from_sqlite(texts, records);
    rules::Analyzer analyzer;
    const auto start = Clock::now();
    for (const auto& r : records) {
      auto q = rules::parse_query(r.query);
      if (q) (void)set.add(r.id, *q, analyzer);
    }
    row.compile = seconds_since(start);
  }
  row.rss = rss_mib() - rss_before;
  row.index_bytes = set.memory_bytes();
  row.catch_all = set.catch_all_size();
  row.queries = set.query_count();
  row.day1 = match_corpus(set, day, 1);
  row.day2 = match_corpus(set, day, 2);
  row.week1 = match_corpus(set, week, 1);
  row.week2 = match_corpus(set, week, 2);
  return row;
}

// Seconds per rule of engine `f` over a sample of rules, best of kRuns.
template <typename F>
double per_rule(const std::vector<std::string>& sample, F f) {
  double best = 1e9;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = Clock::now();
    for (const auto& text : sample) f(text);
    best = std::min(best, seconds_since(start) / static_cast<double>(sample.size()));
  }
  return best;
}

struct Others {
  double naive = 0;  // seconds per rule over the day
  double fts5 = 0;
  double xapian = 0;
  double fts5_index = 0;
  double xapian_index = 0;
  std::size_t sample = 0;
};

Others run_others(const std::vector<std::string>& sample,
                  const std::vector<Transcript>& day_transcripts, const Corpus& day) {
  Others o;
  o.sample = sample.size();
  rules::Analyzer analyzer;
  rules::RuleSet set;
  std::vector<rules::Query> queries;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    auto q = rules::parse_query(sample[i]);
    if (!q) continue;
    (void)set.add(static_cast<std::int64_t>(i), *q, analyzer);
    queries.push_back(std::move(*q));
  }
  rules::MatchContext ctx;
  std::vector<std::int64_t> out;
  o.naive = 1e9;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = Clock::now();
    for (const auto* t : day.transcripts) {
      for (const auto& item : t->items) {
        out.clear();
        set.match_all_rules(item, t->section, ctx, out);
      }
    }
    o.naive = std::min(o.naive, seconds_since(start) / static_cast<double>(sample.size()));
  }
  const auto batch = make_batch(day_transcripts);
  auto t0 = Clock::now();
  Fts5Engine fts5(batch);
  o.fts5_index = seconds_since(t0);
  t0 = Clock::now();
  XapianEngine xapian(batch);
  o.xapian_index = seconds_since(t0);
  std::size_t next = 0;
  o.fts5 =
      per_rule(sample, [&](const std::string&) { fts5.match(queries[next++ % queries.size()]); });
  o.xapian = per_rule(sample, [&](const std::string& text) { xapian.match(text); });
  return o;
}

// parlwatch at 100k rules and the other engines' samples, timed in
// alternation so that a slow spell of the machine falls on all of them.
// Each round runs each engine kInARow times in a row, so that its best run
// has warm caches, as in the other tables.
constexpr int kInARow = 3;

struct HeadToHead {
  double parlwatch = 1e9;       // seconds for the day
  double parlwatch_cold = 1e9;  // the same with a fresh word cache each run
  double xapian = 1e9;          // seconds per rule
  double fts5 = 1e9;
};

HeadToHead head_to_head(const std::vector<std::string>& texts,
                        const std::vector<std::string>& sample,
                        const std::vector<Transcript>& day_transcripts, const Corpus& day) {
  rules::Analyzer analyzer;
  rules::RuleSet set;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto q = rules::parse_query(texts[i]);
    if (q) (void)set.add(static_cast<std::int64_t>(i), *q, analyzer);
  }
  std::vector<rules::Query> queries;
  for (const auto& text : sample) {
    auto q = rules::parse_query(text);
    if (q) queries.push_back(std::move(*q));
  }
  const auto batch = make_batch(day_transcripts);
  Fts5Engine fts5(batch);
  XapianEngine xapian(batch);
  std::vector<rules::MatchContext> contexts(1);
  HeadToHead best;
  const auto per_rule = [&](Clock::time_point start, std::size_t rules) {
    return seconds_since(start) / static_cast<double>(rules);
  };
  for (int round = 0; round < kRuns; ++round) {
    for (int i = 0; i < kInARow; ++i) {
      best.parlwatch = std::min(best.parlwatch, match_once(set, day, 1, contexts).seconds);
    }
    for (int i = 0; i < kInARow; ++i) {
      std::vector<rules::MatchContext> cold(1);
      best.parlwatch_cold = std::min(best.parlwatch_cold, match_once(set, day, 1, cold).seconds);
    }
    for (int i = 0; i < kInARow; ++i) {
      const auto start = Clock::now();
      for (const auto& text : sample) xapian.match(text);
      best.xapian = std::min(best.xapian, per_rule(start, sample.size()));
    }
    for (int i = 0; i < kInARow; ++i) {
      const auto start = Clock::now();
      for (const auto& q : queries) fts5.match(q);
      best.fts5 = std::min(best.fts5, per_rule(start, queries.size()));
    }
  }
  return best;
}

void print_row(const Row& r) {
  fmt::print(
      "parlwatch {:>8} rules ({} distinct queries): load {:.3f} s, compile {:.3f} s, rss +{:.0f} "
      "MiB (index ~{:.0f} MiB), catch-all {}\n",
      r.rules, r.queries, r.load, r.compile, r.rss, static_cast<double>(r.index_bytes) / (1 << 20),
      r.catch_all);
  auto line = [](const char* what, const MatchResult& m) {
    fmt::print(
        "    {:<16} {:.4f} s  items {:>5}  candidates {:>9} (verified {:>9})  matches {:>9}\n",
        what, m.seconds, m.counters.items, m.counters.candidates, m.counters.verified,
        m.counters.matches);
  };
  line("day, 1 thread", r.day1);
  line("day, 2 threads", r.day2);
  line("week, 1 thread", r.week1);
  line("week, 2 threads", r.week2);
}

int run(const std::filesystem::path& data, std::size_t max_rules) {
  const std::vector<Transcript> all = load_week(data);
  Corpus day{"day (answers2009-10-28c, the largest)", {&all[0]}, all[0].items.size()};
  Corpus week{"week (all five 2009 files)", {}, 0};
  for (const auto& t : all) {
    week.transcripts.push_back(&t);
    week.items += t.items.size();
  }
  const auto vocabulary = vocabulary_of(all);
  fmt::print("corpus: {} = {} items; {} = {} items; vocabulary {} words, {} phrases, {} speakers\n",
             day.name, day.items, week.name, week.items, vocabulary.words.size(),
             vocabulary.phrases.size(), vocabulary.people.size());
  fmt::print(
      "rule mix: 50% words, 20% phrases, 10% boolean, 10% speaker (half with words), 5% NEAR, 5% "
      "wildcard\n\n");

  std::vector<Row> rows;
  for (std::size_t n : {std::size_t{10'000}, std::size_t{100'000}, std::size_t{1'000'000}}) {
    if (n > max_rules) break;
    RuleGenerator gen(vocabulary, 20091028);
    std::vector<std::string> texts;
    texts.reserve(n);
    for (std::size_t i = 0; i < n; ++i) texts.push_back(gen.next());
    rows.push_back(run_parlwatch(texts, day, week));
    print_row(rows.back());
  }
  RuleGenerator sample_gen(vocabulary, 20091028);
  std::vector<std::string> sample;
  for (int i = 0; i < 2000; ++i) sample.push_back(sample_gen.next());
  const Others o = run_others(sample, {all[0]}, day);
  fmt::print(
      "\nother engines on the day, timed on a sample of {} rules and extrapolated"
      " (all times are the best of {} runs):\n",
      o.sample, kRuns);
  fmt::print("    naive loop  {:>8.1f} us/rule\n", o.naive * 1e6);
  fmt::print("    SQLite FTS5 {:>8.1f} us/rule (index built in {:.3f} s, not counted)\n",
             o.fts5 * 1e6, o.fts5_index);
  fmt::print("    Xapian      {:>8.1f} us/rule (index built in {:.3f} s, not counted)\n",
             o.xapian * 1e6, o.xapian_index);
  fmt::print(
      "\n{:>9} {:>9} {:>12} {:>12} {:>12} {:>12} {:>14}   (seconds to match the day, 1 "
      "thread)\n",
      "rules", "distinct", "parlwatch", "naive", "FTS5", "Xapian", "Xapian/text");
  for (const auto& r : rows) {
    const double n = static_cast<double>(r.rules);
    fmt::print("{:>9} {:>9} {:>12.4f} {:>12.2f} {:>12.2f} {:>12.2f} {:>14.2f}\n", r.rules,
               r.distinct, r.day1.seconds, o.naive * n, o.fts5 * n, o.xapian * n,
               o.xapian * static_cast<double>(r.distinct));
  }
  fmt::print(
      "(Xapian/text: one Xapian query per distinct rule text, its answer shared by every rule "
      "with that text: the fair baseline when rules repeat)\n");
  fmt::print("peak rss {:.0f} MiB\n\n", peak_rss_mib());
  const Row* r100k = rows.size() > 1 ? &rows[1] : nullptr;
  const Row* r1m = rows.size() > 2 ? &rows[2] : nullptr;
  HeadToHead h;
  if (r100k) {
    RuleGenerator gen(vocabulary, 20091028);
    std::vector<std::string> texts(r100k->rules);
    for (auto& text : texts) text = gen.next();
    h = head_to_head(texts, sample, {all[0]}, day);
    fmt::print(
        "head to head at 100k rules, engines alternating (best of {}): parlwatch {:.4f} s, Xapian "
        "{:.2f} s ({:.1f} us/rule), FTS5 {:.2f} s ({:.1f} us/rule)\n\n",
        kRuns * kInARow, h.parlwatch, h.xapian * 1e5, h.xapian * 1e6, h.fts5 * 1e5, h.fts5 * 1e6);
    fmt::print(
        "  parlwatch with a cold word cache (a fresh match context each run): {:.4f} s; Xapian "
        "with one query per distinct text ({} of 100k): {:.2f} s\n\n",
        h.parlwatch_cold, r100k->distinct, h.xapian * static_cast<double>(r100k->distinct));
  }
  const std::vector<Transcript> day_only{all[0]};  // the batch points into it
  const auto batch = make_batch(day_only);
  XapianEngine xapian(batch);
  const auto agree = compare_with_xapian(sample, batch, xapian);
  fmt::print("Xapian and parlwatch on the full rule mix ({} rules over the day): {} agree\n",
             agree.rules, agree.agreeing);
  for (const auto& [construct, tally] : agree.by_construct) {
    fmt::print("    {:<10} {:>5} of {:>5} agree\n", construct, tally.first, tally.second);
  }
  for (const auto& e : agree.examples) fmt::print("    differs: {}\n", e);
  fmt::print("\n");
  if (r1m) fmt::print("match_1m_rules_day_seconds: {:.4f}\n", r1m->day1.seconds);
  fmt::print("xapian_agreement_full_mix_rules: {}\n", agree.agreeing);
  fmt::print("xapian_agreement_full_mix_of: {}\n", agree.rules);
  if (r100k) {
    fmt::print("speedup_vs_xapian_100k: {:.0f}\n", h.xapian * 1e5 / h.parlwatch);
    fmt::print("speedup_vs_xapian_distinct_texts_100k: {:.0f}\n",
               h.xapian * static_cast<double>(r100k->distinct) / h.parlwatch);
    fmt::print("speedup_vs_xapian_cold_word_cache_100k: {:.0f}\n",
               h.xapian * 1e5 / h.parlwatch_cold);
    fmt::print("speedup_vs_fts5_100k: {:.0f}\n", h.fts5 * 1e5 / h.parlwatch);
  }
  if (r1m) fmt::print("rss_1m_rules_mib: {:.0f}\n", r1m->rss);
  return 0;
}

}  // namespace
}  // namespace pw::bench

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: match_bench DATA_DIR [MAX_RULES]\n");
    return 64;
  }
  pw::parse::XmlLibrary xml;
  const std::size_t max_rules = argc > 2 ? std::stoul(argv[2]) : 1'000'000;
  try {
    return pw::bench::run(argv[1], max_rules);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "match_bench: %s\n", e.what());
    return 70;
  }
}
