#include "storage/migrations.hpp"

#include <array>
#include <string_view>

#include <fmt/format.h>

#include "storage/database.hpp"

namespace pw::storage {
namespace {

// Migration N (1-based) takes the schema from version N-1 to N. Never edit
// one that has shipped; append a new one. doc/schema.md describes the tables.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations{R"sql(
CREATE TABLE files (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  section      TEXT NOT NULL,
  date         TEXT NOT NULL,
  version      TEXT NOT NULL,
  version_rank INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  items        INTEGER NOT NULL,
  ingested_at  INTEGER NOT NULL,
  UNIQUE (name, sha256)
);
CREATE INDEX files_sitting ON files (section, date, version_rank);

CREATE TABLE persons (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE items (
  id             INTEGER PRIMARY KEY,
  key            TEXT NOT NULL UNIQUE,
  gid            TEXT NOT NULL,
  section        TEXT NOT NULL,
  date           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  headings       TEXT NOT NULL,
  member_id      TEXT,
  person_id      TEXT,
  speaker_name   TEXT,
  speaker_office TEXT,
  party          TEXT,
  time           TEXT,
  colnum         INTEGER NOT NULL,
  url            TEXT NOT NULL,
  text           TEXT NOT NULL,
  file_id        INTEGER NOT NULL REFERENCES files (id),
  updated_at     INTEGER NOT NULL
);
CREATE INDEX items_sitting ON items (section, date);
CREATE INDEX items_person ON items (person_id);

CREATE TABLE votes (
  item_id   INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  member_id TEXT NOT NULL,
  person_id TEXT,
  name      TEXT NOT NULL,
  vote      TEXT NOT NULL,
  teller    INTEGER NOT NULL
);
CREATE INDEX votes_item ON votes (item_id);

CREATE TABLE redirects (
  old_key    TEXT PRIMARY KEY,
  new_key    TEXT NOT NULL,
  match_type TEXT NOT NULL
);

CREATE TABLE users (
  id          INTEGER PRIMARY KEY,
  email       TEXT NOT NULL UNIQUE,
  webhook_url TEXT,
  created_at  INTEGER NOT NULL
);

CREATE TABLE rules (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  query      TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX rules_user ON rules (user_id);

CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  channel     TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
  destination TEXT NOT NULL,
  file_id     INTEGER NOT NULL REFERENCES files (id),
  subject     TEXT NOT NULL DEFAULT '',
  body        BLOB NOT NULL DEFAULT '',
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent')),
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER
);
CREATE INDEX outbox_pending ON outbox (state, id);

CREATE TABLE matches (
  id         INTEGER PRIMARY KEY,
  rule_id    INTEGER NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
  item_id    INTEGER NOT NULL REFERENCES items (id),
  file_id    INTEGER NOT NULL REFERENCES files (id),
  outbox_id  INTEGER REFERENCES outbox (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (rule_id, item_id)
);
CREATE INDEX matches_item ON matches (item_id);
)sql",
                                                                   R"sql(
CREATE TABLE source_files (
  source        TEXT NOT NULL,
  path          TEXT NOT NULL,
  etag          TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  changed_at    INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  fetched_at    INTEGER NOT NULL,
  PRIMARY KEY (source, path)
);

CREATE TABLE source_polls (
  source          TEXT PRIMARY KEY,
  last_poll_at    INTEGER NOT NULL DEFAULT 0,
  last_success_at INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  last_error_at   INTEGER NOT NULL DEFAULT 0,
  files_fetched   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
                                                                   R"sql(
CREATE TEMP TABLE outbox_links AS SELECT id, outbox_id FROM matches WHERE outbox_id IS NOT NULL;
CREATE TABLE outbox_v3 (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
  destination     TEXT NOT NULL,
  file_id         INTEGER REFERENCES files (id),
  subject         TEXT NOT NULL DEFAULT '',
  body            BLOB NOT NULL DEFAULT '',
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'sending', 'sent', 'retry', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  lease_until     INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
INSERT INTO outbox_v3 (id, user_id, channel, destination, file_id, subject, body, state,
                       created_at, sent_at)
  SELECT id, user_id, channel, destination, file_id, subject, body, state, created_at, sent_at
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v3 RENAME TO outbox;
UPDATE matches SET outbox_id = (SELECT l.outbox_id FROM outbox_links l WHERE l.id = matches.id)
  WHERE id IN (SELECT id FROM outbox_links);
DROP TABLE outbox_links;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);

ALTER TABLE users ADD COLUMN webhook_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN webhook_disabled_at INTEGER NOT NULL DEFAULT 0;
)sql",
                                                                   R"sql(
ALTER TABLE users ADD COLUMN frequency TEXT NOT NULL DEFAULT 'immediate'
  CHECK (frequency IN ('immediate', 'daily'));
ALTER TABLE matches ADD COLUMN digest_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX matches_digest ON matches (rule_id) WHERE digest_pending = 1;
)sql",
                                                                   R"sql(
ALTER TABLE rules ADD COLUMN channel TEXT NOT NULL DEFAULT 'email'
  CHECK (channel IN ('email', 'webhook'));
ALTER TABLE rules ADD COLUMN frequency TEXT NOT NULL DEFAULT 'immediate'
  CHECK (frequency IN ('immediate', 'daily'));
ALTER TABLE rules ADD COLUMN confirmed_at INTEGER;
ALTER TABLE rules ADD COLUMN suspended_at INTEGER NOT NULL DEFAULT 0;
UPDATE rules SET confirmed_at = created_at,
  channel = (SELECT CASE WHEN COALESCE(u.webhook_url, '') <> '' THEN 'webhook' ELSE 'email' END
             FROM users u WHERE u.id = rules.user_id),
  frequency = (SELECT u.frequency FROM users u WHERE u.id = rules.user_id);
CREATE INDEX rules_user_query ON rules (user_id, query);
CREATE INDEX rules_unconfirmed ON rules (created_at) WHERE confirmed_at IS NULL;
)sql",
                                                                   R"sql(
CREATE TEMP TABLE highest AS SELECT 'users' AS name, COALESCE(MAX(id), 0) AS seq FROM users
  UNION ALL SELECT 'rules', COALESCE(MAX(id), 0) FROM rules;
UPDATE rules SET user_id = (SELECT MIN(u.id) FROM users u JOIN users o
                            ON LOWER(u.email) = LOWER(o.email) WHERE o.id = rules.user_id);
UPDATE outbox SET user_id = (SELECT MIN(u.id) FROM users u JOIN users o
                             ON LOWER(u.email) = LOWER(o.email) WHERE o.id = outbox.user_id);
DELETE FROM users WHERE id > (SELECT MIN(u.id) FROM users u WHERE LOWER(u.email) = LOWER(users.email));
CREATE TABLE users_v6 (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  email               TEXT NOT NULL UNIQUE COLLATE NOCASE,
  webhook_url         TEXT,
  created_at          INTEGER NOT NULL,
  webhook_secret      TEXT NOT NULL DEFAULT '',
  webhook_disabled_at INTEGER NOT NULL DEFAULT 0,
  frequency           TEXT NOT NULL DEFAULT 'immediate' CHECK (frequency IN ('immediate', 'daily')),
  link_key            TEXT NOT NULL DEFAULT (LOWER(HEX(RANDOMBLOB(16)))),
  confirmed_at        INTEGER
);
INSERT INTO users_v6 (id, email, webhook_url, created_at, webhook_secret, webhook_disabled_at,
                      frequency, link_key, confirmed_at)
  SELECT id, email, webhook_url, created_at, webhook_secret, webhook_disabled_at, frequency, '',
         CASE WHEN EXISTS (SELECT 1 FROM rules r WHERE r.user_id = users.id
                           AND r.confirmed_at IS NOT NULL)
                OR NOT EXISTS (SELECT 1 FROM rules r WHERE r.user_id = users.id)
              THEN created_at END
  FROM users;
DROP TABLE users;
ALTER TABLE users_v6 RENAME TO users;
CREATE TABLE rules_v6 (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  query          TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  channel        TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'webhook')),
  frequency      TEXT NOT NULL DEFAULT 'immediate' CHECK (frequency IN ('immediate', 'daily')),
  confirmed_at   INTEGER,
  suspended_at   INTEGER NOT NULL DEFAULT 0,
  webhook_url    TEXT NOT NULL DEFAULT '',
  webhook_secret TEXT NOT NULL DEFAULT '',
  link_key       TEXT NOT NULL DEFAULT (LOWER(HEX(RANDOMBLOB(16))))
);
INSERT INTO rules_v6 (id, user_id, query, created_at, channel, frequency, confirmed_at,
                      suspended_at, link_key)
  SELECT id, user_id, query, created_at, channel, frequency, confirmed_at, suspended_at, ''
  FROM rules;
DROP TABLE rules;
ALTER TABLE rules_v6 RENAME TO rules;
CREATE INDEX rules_user ON rules (user_id);
CREATE INDEX rules_user_query ON rules (user_id, query);
CREATE INDEX rules_unconfirmed ON rules (created_at) WHERE confirmed_at IS NULL;
DELETE FROM sqlite_sequence WHERE name IN ('users', 'rules');
INSERT INTO sqlite_sequence (name, seq) SELECT name, seq FROM highest;
DROP TABLE highest;
)sql",
                                                                   R"sql(
ALTER TABLE files ADD COLUMN past_people_data INTEGER NOT NULL DEFAULT 0;
ALTER TABLE votes ADD COLUMN proxy TEXT NOT NULL DEFAULT '';
ALTER TABLE rules ADD COLUMN votes INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN webhook_secret_previous TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN webhook_secret_previous_until INTEGER NOT NULL DEFAULT 0;
)sql",
                                                                   R"sql(
CREATE TABLE ingest_attempts (
  source         TEXT NOT NULL,
  path           TEXT NOT NULL,
  sha256         TEXT NOT NULL,
  attempts       INTEGER NOT NULL DEFAULT 0,
  quarantined_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, path, sha256)
) WITHOUT ROWID;
)sql",
                                                                   R"sql(
CREATE TABLE outbox_v9 (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
  destination     TEXT NOT NULL,
  file_id         INTEGER REFERENCES files (id),
  subject         TEXT NOT NULL DEFAULT '',
  body            BLOB NOT NULL DEFAULT '',
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'sending', 'sent', 'retry', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  lease_until     INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
INSERT INTO outbox_v9 SELECT id, user_id, channel, destination, file_id, subject, body, state,
  attempts, next_attempt_at, lease_until, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v9 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
)sql",
                                                                   R"sql(
CREATE TABLE matches_v10 (
  rule_id        INTEGER NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
  item_id        INTEGER NOT NULL REFERENCES items (id),
  file_id        INTEGER NOT NULL REFERENCES files (id),
  outbox_id      INTEGER,
  created_at     INTEGER NOT NULL,
  digest_pending INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (rule_id, item_id)
) WITHOUT ROWID;
INSERT INTO matches_v10 SELECT rule_id, item_id, file_id, outbox_id, created_at, digest_pending
  FROM matches;
DROP TABLE matches;
ALTER TABLE matches_v10 RENAME TO matches;
CREATE INDEX matches_item ON matches (item_id);
CREATE INDEX matches_digest ON matches (rule_id) WHERE digest_pending = 1;
)sql",
                                                                   R"sql(
CREATE INDEX outbox_user ON outbox (user_id);
)sql",
                                                                   R"sql(
CREATE TABLE outbox_pieces (
  id    INTEGER PRIMARY KEY AUTOINCREMENT,
  bytes BLOB NOT NULL
);
ALTER TABLE outbox ADD COLUMN pieces TEXT NOT NULL DEFAULT '';
)sql",
                                                                   R"sql(
CREATE TABLE matches_v13 (
  rule_id        INTEGER NOT NULL,
  item_id        INTEGER NOT NULL,
  file_id        INTEGER NOT NULL,
  outbox_id      INTEGER,
  created_at     INTEGER NOT NULL,
  digest_pending INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (rule_id, item_id)
) WITHOUT ROWID;
INSERT INTO matches_v13 SELECT rule_id, item_id, file_id, outbox_id, created_at, digest_pending
  FROM matches;
DROP TABLE matches;
ALTER TABLE matches_v13 RENAME TO matches;
CREATE INDEX matches_item ON matches (item_id);
CREATE INDEX matches_digest ON matches (rule_id) WHERE digest_pending = 1;
CREATE TRIGGER matches_go_with_their_rule AFTER DELETE ON rules
BEGIN
  DELETE FROM matches WHERE rule_id = OLD.id;
END;
)sql",
                                                                   R"sql(
CREATE TABLE rules_changes (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  count INTEGER NOT NULL
);
INSERT INTO rules_changes (id, count) VALUES (1, 0);
CREATE TRIGGER rules_changes_update
  AFTER UPDATE OF user_id, query, channel, frequency, confirmed_at, suspended_at, votes ON rules
BEGIN
  UPDATE rules_changes SET count = count + 1 WHERE id = 1;
END;
CREATE TRIGGER rules_changes_delete AFTER DELETE ON rules
BEGIN
  UPDATE rules_changes SET count = count + 1 WHERE id = 1;
END;
)sql",
                                                                   R"sql(
CREATE TABLE rules_snapshot (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL,
  bytes       BLOB NOT NULL
);
)sql",
                                                                   R"sql(
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (state IN (''pending'', ''sending'', ''sent'', ''retry'', ''dead''))',
    'CHECK (state = ''pending'' OR state = ''sending'' OR state = ''sent'' OR'
    || ' state = ''retry'' OR state = ''dead'')')
  WHERE type = 'table' AND name = 'outbox';
)sql",
                                                                   R"sql(
CREATE TABLE matches_v17 (
  item_id        INTEGER NOT NULL,
  rule_id        INTEGER NOT NULL,
  file_id        INTEGER NOT NULL,
  outbox_id      INTEGER,
  created_at     INTEGER NOT NULL,
  digest_pending INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, rule_id)
) WITHOUT ROWID;
INSERT INTO matches_v17 (item_id, rule_id, file_id, outbox_id, created_at, digest_pending)
  SELECT item_id, rule_id, file_id, outbox_id, created_at, digest_pending FROM matches;
DROP TRIGGER matches_go_with_their_rule;
DROP TABLE matches;
ALTER TABLE matches_v17 RENAME TO matches;
CREATE INDEX matches_digest ON matches (rule_id) WHERE digest_pending = 1;
CREATE TABLE rules_removed (
  rule_id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL
);
CREATE INDEX rules_removed_user ON rules_removed (user_id);
CREATE TRIGGER rules_removed_keep_their_sent_matches AFTER DELETE ON rules
BEGIN
  DELETE FROM matches WHERE rule_id = OLD.id AND digest_pending = 1;
  INSERT OR IGNORE INTO rules_removed (rule_id, user_id)
    SELECT OLD.id, OLD.user_id WHERE COALESCE(OLD.confirmed_at, 0) != 0;
END;
)sql"};

// A migration that rewrites a table's definition in place rather than
// rebuilding the table (the outbox can be gigabytes), by SQLite's procedure
// for changing a constraint (lang_altertable.html, "other kinds of table
// schema changes"): with writable_schema on, and schema_version raised
// after, so every connection reads the schema again. `done` must then
// count 1, or the text was not the one expected and the migration fails.
struct SchemaTextEdit {
  int version;
  std::string_view done;
};

// 16: the outbox's state check as comparisons. "IN (five values)" made
// SQLite build a temporary b-tree for every insert and every change of
// state (1.25 us each); the values allowed are the same.
constexpr std::array<SchemaTextEdit, 1> kSchemaTextEdits{
    {{16,
      "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'outbox'"
      " AND instr(sql, 'state = ''pending'' OR state = ''sending''') > 0"}}};

Result<int> user_version(Database& db) {
  PW_TRY_ASSIGN(auto v, db.scalar("PRAGMA user_version"));
  return static_cast<int>(v);
}

const SchemaTextEdit* schema_text_edit(int version) {
  for (const auto& e : kSchemaTextEdits) {
    if (e.version == version) return &e;
  }
  return nullptr;
}

// Runs migration `edit` (inside the migration's transaction).
Status edit_schema_text(Database& db, const SchemaTextEdit& edit) {
  PW_TRY_ASSIGN(const auto schema_version, db.scalar("PRAGMA schema_version"));
  PW_TRY(db.exec("PRAGMA writable_schema = ON"));
  auto ok = db.exec(kMigrations.at(static_cast<std::size_t>(edit.version - 1)));
  if (ok) ok = db.exec(fmt::format("PRAGMA schema_version = {}", schema_version + 1));
  auto off = db.exec("PRAGMA writable_schema = OFF");
  PW_TRY(ok);
  PW_TRY(off);
  PW_TRY_ASSIGN(const auto done, db.scalar(edit.done));
  if (done != 1) return fail(Error::permanent("a table's definition is not the one expected"));
  return {};
}

Status apply(Database& db, int version) {
  PW_TRY_ASSIGN(auto tx, Transaction::begin(db));
  const SchemaTextEdit* edit = schema_text_edit(version);
  auto ok = edit != nullptr ? edit_schema_text(db, *edit)
                            : db.exec(kMigrations.at(static_cast<std::size_t>(version - 1)));
  if (!ok) return fail(ok.error().with_context(fmt::format("migration {}", version)));
  ok = db.exec(fmt::format("PRAGMA user_version = {}", version));
  if (!ok) return fail(ok.error());
  return tx.commit();
}

}  // namespace

Status migrate(Database& db, int target) {
  PW_TRY_ASSIGN(auto current, user_version(db));
  if (current > kSchemaVersion) {
    return fail(Error::permanent(
        fmt::format("database schema version {} is newer than this parlwatch understands ({}); "
                    "upgrade parlwatch or restore a backup",
                    current, kSchemaVersion)));
  }
  if (current >= target) return {};
  // Rebuilding a table drops the old one, which with foreign keys on would
  // cascade into the rows that point at it; the links are checked after.
  PW_TRY(db.exec("PRAGMA foreign_keys=OFF"));
  for (int v = current + 1; v <= target; ++v) {
    if (auto ok = apply(db, v); !ok) {
      (void)db.exec("PRAGMA foreign_keys=ON");
      return ok;
    }
  }
  auto dangling = db.scalar("SELECT COUNT(*) FROM pragma_foreign_key_check");
  PW_TRY(db.exec("PRAGMA foreign_keys=ON"));
  if (!dangling) return fail(dangling.error());
  if (*dangling != 0) {
    return fail(Error::permanent(
        fmt::format("after migrating, {} rows point at rows that do not exist", *dangling)));
  }
  return {};
}

}  // namespace pw::storage
