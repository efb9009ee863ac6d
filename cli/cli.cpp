#include "cli/cli.hpp"

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "core/crypto.hpp"
#include "daemon/exit_codes.hpp"

namespace pw::cli {
namespace {

using Action = std::function<int()>;

// Values of every subcommand's arguments; lives for the whole run.
struct Args {
  std::string file;
  bool json = false;
  std::vector<std::string> paths;
  bool no_deliver = false;
  std::int64_t match_rule = 0;
  bool deliver = false;
  std::string email;
  std::string webhook;
  std::string owner;
  std::string query;
  std::int64_t rule_id = 0;
  std::string since;
  std::string item_id;
  bool follow = false;
  bool yes = false;
  bool daily = false;
  bool no_votes = false;
  bool dry_run = false;
  bool wants_query = false;  // rule add or rule test: a QUERY may start with '-'
  std::string config;
  RunOptions run;
  std::string backfill_since;
};

// Registers `run` to be the action when subcommand `cmd` is chosen.
void on_choose(CLI::App* cmd, Action& action, Action run) {
  cmd->callback([&action, run = std::move(run)] { action = run; });
}

void add_items_commands(CLI::App& app, const GlobalOptions& g, Args& a, Action& action) {
  auto* parse = app.add_subcommand("parse", "Show what the parser reads from a transcript file");
  parse->add_option("FILE", a.file, "ParlParse XML file, e.g. debates2009-10-27d.xml")->required();
  parse->add_flag("--json", a.json, "Print JSON instead of a summary");
  on_choose(parse, action, [&g, &a] { return cmd_parse(g, a.file, a.json); });

  auto* ingest = app.add_subcommand("ingest", "Ingest transcript files or directories");
  ingest->add_option("PATH", a.paths, "Transcript files or directories")->required();
  ingest->add_flag("--no-deliver", a.no_deliver, "Queue alerts but do not write the outbox folder");
  ingest->add_option("--config", a.config,
                     "Use this configuration's database, outbox, people files and email settings");
  on_choose(ingest, action, [&g, &a] { return cmd_ingest(g, a.paths, !a.no_deliver, a.config); });

  auto* matches = app.add_subcommand("matches", "List recorded matches");
  matches->add_option("--rule", a.match_rule, "Only this rule's matches");
  on_choose(matches, action, [&g, &a] {
    return cmd_matches(g, a.match_rule > 0 ? std::optional(a.match_rule) : std::nullopt);
  });

  auto* outbox = app.add_subcommand("outbox", "List queued and sent alerts");
  outbox->add_flag("--deliver", a.deliver, "Deliver pending alerts to the outbox folder first");
  outbox->require_subcommand(0, 1);
  auto* retry = outbox->add_subcommand("retry", "Queue a dead outbox row again");
  retry->add_option("ID", a.rule_id, "Outbox row id")->required();
  outbox->callback([&g, &a, &action, retry] {
    if (retry->parsed()) {
      action = [&g, &a] { return cmd_outbox_retry(g, a.rule_id); };
    } else {
      action = [&g, &a] { return cmd_outbox(g, a.deliver); };
    }
  });
}

void add_user_commands(CLI::App& app, const GlobalOptions& g, Args& a, Action& action) {
  auto* user = app.add_subcommand("user", "Manage users")->require_subcommand(1);
  auto* add = user->add_subcommand("add", "Add a user");
  add->add_option("EMAIL", a.email, "Email address")->required();
  add->add_option("--webhook", a.webhook, "Deliver this user's alerts as webhooks to URL");
  add->add_flag("--daily", a.daily, "Email one digest a day instead of an email per transcript");
  on_choose(add, action, [&g, &a] { return cmd_user_add(g, a.email, a.webhook, a.daily); });
  on_choose(user->add_subcommand("list", "List users"), action, [&g] { return cmd_user_list(g); });
  auto* user_remove =
      user->add_subcommand("remove", "Forget a user: their subscriptions, matches and messages");
  user_remove->add_option("EMAIL", a.email, "Email address")->required();
  on_choose(user_remove, action, [&g, &a] { return cmd_user_remove(g, a.email); });
  auto* rotate = user->add_subcommand("rotate-secret", "Give a webhook user a new signing secret");
  rotate->add_option("EMAIL", a.email, "Email address")->required();
  on_choose(rotate, action, [&g, &a] { return cmd_user_rotate_secret(g, a.email); });
  auto* enable = user->add_subcommand(
      "enable-webhook",
      "Send a user's alerts to their webhook endpoint again after it was disabled");
  enable->add_option("EMAIL", a.email, "Email address")->required();
  on_choose(enable, action, [&g, &a] { return cmd_user_enable_webhook(g, a.email); });

  auto* check = app.add_subcommand("check-config", "Validate a configuration file");
  check->add_option("FILE", a.file, "TOML configuration file")->required();
  on_choose(check, action, [&a] { return cmd_check_config(a.file); });

  auto* rule = app.add_subcommand("rule", "Manage alert rules")->require_subcommand(1);
  auto* rule_add = rule->add_subcommand("add", "Add a rule for a user");
  rule_add->add_option("--user", a.owner, "Owner's email address")->required();
  rule_add->add_option("QUERY", a.query, "Words, \"phrases\", speaker:N (may start with -)");
  rule_add->add_flag("--no-votes", a.no_votes,
                     "For a speaker rule: leave out how the person voted in the sitting");
  rule_add->callback([&g, &a, &action] {
    a.wants_query = true;
    action = [&g, &a] { return cmd_rule_add(g, a.owner, a.query, !a.no_votes); };
  });
  on_choose(rule->add_subcommand("list", "List rules"), action, [&g] { return cmd_rule_list(g); });
  auto* remove =
      rule->add_subcommand("remove", "Remove a rule (with the matches held for its digest)");
  remove->add_option("ID", a.rule_id, "Rule id")->required();
  on_choose(remove, action, [&g, &a] { return cmd_rule_remove(g, a.rule_id); });

  auto* import = rule->add_subcommand("import", "Add many rules from a TSV file, all or none");
  import->add_option("FILE", a.file, "ADDRESS<TAB>QUERY[<TAB>email|webhook[<TAB>immediate|daily]]")
      ->required();
  import->add_flag("--dry-run", a.dry_run, "Check every line and report; save nothing");
  on_choose(import, action, [&g, &a] { return cmd_rule_import(g, a.file, !a.dry_run); });

  auto* test = rule->add_subcommand("test", "List stored items a query matches; saves nothing");
  test->add_option("QUERY", a.query, "Query, as for rule add");
  test->add_option("--since", a.since, "Only sittings on or after this date (YYYY-MM-DD)");
  test->add_flag("--json", a.json, "Print JSON");
  test->callback([&g, &a, &action] {
    a.wants_query = true;
    action = [&g, &a] { return cmd_rule_test(g, a.query, a.since, a.json); };
  });

  auto* like = rule->add_subcommand("like", "Propose a rule for debates like this one");
  like->add_option("ITEM_ID", a.item_id, "gid, key or TheyWorkForYou id of any item of the debate")
      ->required();
  like->add_option("--user", a.owner, "Owner's email address (needed with --yes)");
  like->add_flag("--follow", a.follow, "Follow this debate: new items under the same heading");
  like->add_flag("--yes", a.yes, "Save the proposed rule");
  like->callback([&g, &a, &action] {
    if (a.yes && a.owner.empty()) throw CLI::RequiredError("--user (with --yes)");
    action = [&g, &a] { return cmd_rule_like(g, a.item_id, a.owner, a.follow, a.yes); };
  });
}

void add_daemon_commands(CLI::App& app, const GlobalOptions& g, Args& a, Action& action) {
  auto* run = app.add_subcommand("run", "Run the daemon: poll the configured sources");
  run->add_option("--config", a.config, "TOML configuration file")->required();
  run->add_flag("--once", a.run.once, "Poll every source once, then exit");
  on_choose(run, action, [&a] { return cmd_run(a.config, a.run); });

  auto* backfill = app.add_subcommand(
      "backfill", "Ingest sittings older than the start date, without alerting unless --alert");
  backfill->add_option("--config", a.config, "TOML configuration file")->required();
  backfill->add_option("--since", a.backfill_since, "First sitting date (YYYY-MM-DD)")
      ->required()
      ->check([](const std::string& v) {
        return v.size() == 10 && v[4] == '-' && v[7] == '-' ? "" : "expected YYYY-MM-DD";
      });
  backfill->add_flag("--alert", a.run.alert, "Queue alerts for what matches, too");
  backfill->callback([&a, &action, backfill] {
    a.run.alert = backfill->count("--alert") > 0;
    a.run.backfill_since = a.backfill_since;
    action = [&a] { return cmd_run(a.config, a.run); };
  });

  auto* check_db = app.add_subcommand("check-db", "Check the database file for damage");
  check_db->add_option("--config", a.config, "Read the database path from this configuration");
  on_choose(check_db, action, [&g, &a] { return cmd_check_db(g, a.config); });

  auto* backup = app.add_subcommand(
      "backup", "Copy the database to FILE, consistently, while the daemon runs (SQLite backup)");
  backup->add_option("FILE", a.file, "Where to write the copy (replaced atomically)")->required();
  backup->add_option("--config", a.config, "Read the database path from this configuration");
  on_choose(backup, action, [&g, &a] { return cmd_backup(g, a.config, a.file); });

  auto* status = app.add_subcommand("status", "Show sources, stored counts and the outbox");
  status->add_option("--config", a.config, "Read the database path from this configuration");
  on_choose(status, action, [&g, &a] { return cmd_status(g, a.config); });
}

}  // namespace

// A query such as "-dentist nhs" looks like an option to CLI11 and lands
// among the extras: take it as the QUERY; refuse any other extra.
int take_extras(const CLI::App& app, Args& a) {
  std::vector<std::string> extras;
  for (const auto& e : app.remaining()) {
    if (e != "--") extras.push_back(e);
  }
  if (a.wants_query && a.query.empty() && extras.size() == 1) {
    a.query = extras.front();
    extras.clear();
  }
  if (!extras.empty()) {
    std::cerr << "The following argument was not expected: " << extras.front()
              << "\nRun with --help for more information.\n";
    return kExitUsage;
  }
  if (a.wants_query && a.query.empty()) {
    std::cerr << "QUERY is required\nRun with --help for more information.\n";
    return kExitUsage;
  }
  return kExitOk;
}

int run_cli(int argc, char** argv) {
  CLI::App app{"parlwatch: alerts from parliamentary transcripts", "parlwatch"};
  app.require_subcommand(1);
  app.fallthrough();   // global options may follow the subcommand
  app.allow_extras();  // take_extras decides
  app.set_version_flag("--version", std::string("parlwatch ") + PARLWATCH_VERSION);
  GlobalOptions g;
  app.add_option("--db", g.db, "SQLite database path")->capture_default_str();
  app.add_option("--outbox-dir", g.outbox_dir, "Folder the local outbox writes alerts to")
      ->capture_default_str();
  app.add_option("--from", g.from, "From: address of alert emails")->capture_default_str();
  app.add_option("--people", g.people,
                 "Members data: people.xml, a members list (all-members.xml, peers-ucl.xml, "
                 "sp-members.xml, ni-members.xml) or people.json (repeatable)")
      ->allow_extra_args(false);
  Args a;
  Action action;
  add_items_commands(app, g, a, action);
  add_user_commands(app, g, a, action);
  add_daemon_commands(app, g, a, action);
  if (argc <= 1) {  // an overview of the commands
    std::cout << app.help();
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (const int rc = take_extras(app, a); rc != kExitOk) return rc;
  if (!app.got_subcommand("parse")) {  // every other command hashes, signs or makes tokens
    if (auto ok = load_crypto(); !ok) return report_error(ok.error());
  }
  return action ? action() : kExitUsage;
}

}  // namespace pw::cli
