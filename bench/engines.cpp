#include "bench/engines.hpp"

#include <stdexcept>

#include <sqlite3.h>
#include <xapian.h>

#include "rules/analyzer.hpp"

namespace pw::bench {

std::vector<BatchItem> make_batch(const std::vector<Transcript>& transcripts) {
  rules::Analyzer analyzer;
  std::vector<BatchItem> batch;
  for (const auto& t : transcripts) {
    for (const auto& item : t.items) {
      BatchItem b{&item, t.section, {}, {}};
      for (const auto& tok : analyzer.tokens(item.text)) {
        if (!tok.joined) b.words += (b.words.empty() ? "" : " ") + tok.exact;
      }
      const bool spoken = item.kind == ItemKind::kSpeech || item.kind == ItemKind::kQuestion ||
                          item.kind == ItemKind::kAnswer;
      if (spoken && item.speaker.known()) {
        b.speaker = item.speaker.person_id.substr(item.speaker.person_id.rfind('/') + 1);
      }
      batch.push_back(std::move(b));
    }
  }
  return batch;
}

namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

std::string quoted(const std::string& text) {
  thread_local rules::Analyzer analyzer;  // one stemmer per thread, not per query
  std::string out = "\"";
  for (const auto& t : analyzer.tokens(text)) {
    if (!t.joined) out += (out.size() > 1 ? " " : "") + t.exact;
  }
  return out + "\"";
}

std::string join(const std::vector<rules::QueryNode>& nodes, const char* op) {
  std::string out = "(";
  for (std::size_t i = 0; i < nodes.size(); ++i) out += (i ? op : "") + to_fts5(nodes[i]);
  return out + ")";
}

}  // namespace

std::string to_fts5(const rules::QueryNode& n) {
  using K = rules::QueryNode::Kind;
  switch (n.kind) {
    case K::kWord:
    case K::kPhrase:
      return quoted(n.text);
    case K::kWildcard:
      return "\"" + n.text + "\"*";
    case K::kNear: {
      std::string out = "NEAR(";
      for (const auto& c : n.children) out += to_fts5(c) + " ";
      return out + ", " + std::to_string(n.distance) + ")";
    }
    case K::kOr:
      return join(n.children, " OR ");
    case K::kXor:
      throw std::invalid_argument("XOR has no FTS5 form; the benchmark's rules use none");
    case K::kAnd: {
      std::vector<rules::QueryNode> positive;
      std::string negative;
      for (const auto& c : n.children) {
        if (c.kind == K::kNot) {
          negative += " NOT " + to_fts5(c.children.front());
        } else {
          positive.push_back(c);
        }
      }
      return join(positive, " AND ") + negative;
    }
    case K::kNot:
      return "NOT " + to_fts5(n.children.front());  // only reached under OR, which parse refuses
    case K::kFilter:
      if (n.filter == rules::FilterKind::kSpeaker) {
        return "speaker : \"p" + n.text.substr(n.text.rfind('/') + 1) + "\"";
      }
      return "section : \"" + n.text + "\"";
  }
  return "\"\"";
}

Fts5Engine::Fts5Engine(const std::vector<BatchItem>& batch) {
  check(sqlite3_open(":memory:", &db_), db_, "open");
  check(sqlite3_exec(db_,
                     "CREATE VIRTUAL TABLE items USING fts5(words, speaker, section,"
                     " tokenize = 'unicode61 remove_diacritics 2')",
                     nullptr, nullptr, nullptr),
        db_, "create");
  sqlite3_stmt* s = nullptr;
  check(
      sqlite3_prepare_v2(db_, "INSERT INTO items (rowid, words, speaker, section) VALUES (?,?,?,?)",
                         -1, &s, nullptr),
      db_, "prepare");
  sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const std::string speaker = batch[i].speaker.empty() ? "" : "p" + batch[i].speaker;
    sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(i));
    sqlite3_bind_text(s, 2, batch[i].words.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, speaker.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, std::string(section_name(batch[i].section)).c_str(), -1,
                      SQLITE_TRANSIENT);
    check(sqlite3_step(s), db_, "insert");
    sqlite3_reset(s);
  }
  sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_finalize(s);
}

Fts5Engine::~Fts5Engine() {
  sqlite3_close(db_);
}

std::vector<std::size_t> Fts5Engine::match(const rules::Query& query) {
  const std::string expr = to_fts5(query.root);
  sqlite3_stmt* s = nullptr;
  check(sqlite3_prepare_v2(db_, "SELECT rowid FROM items WHERE items MATCH ? ORDER BY rowid", -1,
                           &s, nullptr),
        db_, "prepare match");
  sqlite3_bind_text(s, 1, expr.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::size_t> out;
  while (sqlite3_step(s) == SQLITE_ROW)
    out.push_back(static_cast<std::size_t>(sqlite3_column_int64(s, 0)));
  sqlite3_finalize(s);
  return out;
}

XapianEngine::XapianEngine(const std::vector<BatchItem>& batch)
    : db_(std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY)),
      stemmer_(std::make_unique<Xapian::Stem>("english")),
      parser_(std::make_unique<Xapian::QueryParser>()) {
  Xapian::TermGenerator indexer;
  indexer.set_stemmer(*stemmer_);
  indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  for (const auto& b : batch) {
    Xapian::Document doc;
    indexer.set_document(doc);
    indexer.index_text(b.words);
    if (!b.speaker.empty()) doc.add_boolean_term("P" + b.speaker);
    doc.add_boolean_term("S" + std::string(section_name(b.section)));
    db_->add_document(doc);  // docids are 1 + batch index
  }
  db_->commit();
  parser_->set_database(*db_);
  parser_->set_stemmer(*stemmer_);
  parser_->set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser_->set_default_op(Xapian::Query::OP_AND);
  parser_->add_boolean_prefix("speaker", "P");
  parser_->add_boolean_prefix("section", "S");
}

XapianEngine::~XapianEngine() = default;

std::vector<std::size_t> XapianEngine::match(const std::string& rule_text) {
  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT |
                              Xapian::QueryParser::FLAG_WILDCARD |
                              Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                              Xapian::QueryParser::FLAG_LOVEHATE;
  Xapian::Enquire enquire(*db_);
  enquire.set_query(parser_->parse_query(rule_text, kFlags));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet mset = enquire.get_mset(0, db_->get_doccount());
  std::vector<std::size_t> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it - 1);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace pw::bench
