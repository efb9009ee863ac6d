#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/app.hpp"

namespace pw::cli {

// Options shared by every subcommand.
struct GlobalOptions {
  std::string db = "var/parlwatch.db";
  std::string outbox_dir = "var/outbox";
  std::string from = "parlwatch <parlwatch@localhost>";
  std::vector<std::string> people;  // people.xml, all-members.xml, people.json
};

// Each command prints its results on stdout, its warnings and errors on
// stderr (through spdlog), and returns a process exit code (exit_codes.hpp).

// Prints what the parser sees in FILE: a summary, or JSON with `json`.
int cmd_parse(const GlobalOptions& g, const std::string& file, bool json);

// Ingests files and directories (date-then-version order), then delivers
// pending outbox rows to the local outbox folder unless `deliver` is false.
// With a configuration (`config_path` not ""), its database, outbox
// folder, members files (unless --people) and email settings (from,
// public_url, token secret), so alerts carry the daemon's links. Exits
// non-zero if any file failed, after processing the others.
int cmd_ingest(const GlobalOptions& g, const std::vector<std::string>& paths, bool deliver,
               const std::string& config_path);

// Adds a user; with a webhook, prints its new signing secret once; with
// `daily`, their email alerts come as one digest a day.
int cmd_user_add(const GlobalOptions& g, const std::string& email, const std::string& webhook,
                 bool daily);
int cmd_user_list(const GlobalOptions& g);
// "Forget me": removes a user with their subscriptions, matches and queued
// messages.
int cmd_user_remove(const GlobalOptions& g, const std::string& email);
// Gives a webhook user a new signing secret and prints it once.
int cmd_user_rotate_secret(const GlobalOptions& g, const std::string& email);
// Re-enables a webhook endpoint disabled after a 410 or days of failures.
int cmd_user_enable_webhook(const GlobalOptions& g, const std::string& email);
// Runs SQLite's quick_check on the database (--db, or --config's); exits
// 0 when sound, 65 when damaged.
int cmd_check_db(const GlobalOptions& g, const std::string& config_path);
// Writes a consistent copy of the database to `file` (SQLite's online
// backup), safe while the daemon runs.
int cmd_backup(const GlobalOptions& g, const std::string& config_path, const std::string& file);
// Adds a rule after checking it parses and compiles; speaker:"Name" is
// resolved against the persons seen so far and stored as speaker:N.
// `votes` false: a speaker rule's alerts leave out how the person voted.
int cmd_rule_add(const GlobalOptions& g, const std::string& email, const std::string& query,
                 bool votes);
// Adds the rules of a TSV file (web/rule_import.hpp): every line is
// checked first, and nothing is saved unless all are good, nor at all
// without `save`. Problems are printed as FILE:LINE: what; exits 65 then.
int cmd_rule_import(const GlobalOptions& g, const std::string& file, bool save);
int cmd_rule_list(const GlobalOptions& g);
int cmd_rule_remove(const GlobalOptions& g, std::int64_t rule_id);
// Lists the stored items `query` matches (on or after `since`), saving nothing.
int cmd_rule_test(const GlobalOptions& g, const std::string& query, const std::string& since,
                  bool json);

// Proposes a "debates like this" rule from the debate of `item_id` (or,
// with `follow`, one for later items under the same heading); saves it for
// `email` only when `save` is set.
int cmd_rule_like(const GlobalOptions& g, const std::string& item_id, const std::string& email,
                  bool follow, bool save);

int cmd_matches(const GlobalOptions& g, std::optional<std::int64_t> rule_id);

// Validates a configuration file: prints "FILE: ok" and returns 0, or
// prints every problem as FILE:LINE: what and returns 78 (EX_CONFIG).
int cmd_check_config(const std::string& file);

// Runs the daemon (or one poll, or a backfill) with the configuration in
// `config_path`; see App. Returns 78 for a bad configuration.
int cmd_run(const std::string& config_path, const RunOptions& options);

// Prints what the database says of the daemon's state: per source the last
// poll, success and error; files, items, rules, matches; the outbox by
// state and its oldest undelivered row. The database is the configuration's
// when `config_path` is given, else --db.
int cmd_status(const GlobalOptions& g, const std::string& config_path);

// Lists the outbox; with `deliver`, first delivers pending rows.
int cmd_outbox(const GlobalOptions& g, bool deliver);
// Puts a dead (or retrying) outbox row back to pending.
int cmd_outbox_retry(const GlobalOptions& g, std::int64_t id);

}  // namespace pw::cli
