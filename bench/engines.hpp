#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/transcript.hpp"
#include "rules/query.hpp"

struct sqlite3;

namespace Xapian {
class WritableDatabase;
class QueryParser;
class Stem;
}  // namespace Xapian

namespace pw::bench {

// One item of the batch every engine indexes. `words` is the item's text
// as parlwatch's analyzer splits it (exact forms, space-separated), so all
// engines see the same words and differ only in how they match.
struct BatchItem {
  const Item* item = nullptr;
  Section section = Section::kDebates;
  std::string words;
  std::string speaker;  // person id number, or ""
};

// Builds the batch for a set of transcripts.
std::vector<BatchItem> make_batch(const std::vector<Transcript>& transcripts);

// SQLite FTS5 over the batch, one MATCH query per rule (no stemming: the
// unicode61 tokenizer). Queries are translated from parlwatch's syntax.
class Fts5Engine {
 public:
  explicit Fts5Engine(const std::vector<BatchItem>& batch);
  ~Fts5Engine();
  Fts5Engine(const Fts5Engine&) = delete;
  Fts5Engine& operator=(const Fts5Engine&) = delete;

  // Indices into the batch of the items the rule matches, ascending.
  std::vector<std::size_t> match(const rules::Query& query);

 private:
  sqlite3* db_ = nullptr;
};

// Returns the FTS5 MATCH expression for a parsed rule.
std::string to_fts5(const rules::QueryNode& node);

// Xapian over the batch (in-memory database, English stemmer, positions),
// one QueryParser query per rule, the way TheyWorkForYou's mailer runs
// its alerts.
class XapianEngine {
 public:
  explicit XapianEngine(const std::vector<BatchItem>& batch);
  ~XapianEngine();
  XapianEngine(const XapianEngine&) = delete;
  XapianEngine& operator=(const XapianEngine&) = delete;

  // Indices into the batch of the items the rule text matches, ascending.
  std::vector<std::size_t> match(const std::string& rule_text);

 private:
  std::unique_ptr<Xapian::WritableDatabase> db_;
  std::unique_ptr<Xapian::Stem> stemmer_;
  std::unique_ptr<Xapian::QueryParser> parser_;
};

}  // namespace pw::bench
