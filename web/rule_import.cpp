#include "web/rule_import.hpp"

#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "ingest/rule_check.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "web/validate.hpp"

namespace pw::web {
namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const auto tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

// The line's fields as an ImportLine, or why not.
std::optional<ImportLine> read_line(std::size_t number, std::string_view text,
                                    std::vector<ImportProblem>& problems) {
  const auto fields = split_tabs(text);
  const auto problem = [&](std::string message) {
    problems.push_back({number, std::move(message)});
    return std::nullopt;
  };
  if (fields.size() < 2 || fields.size() > 4) {
    return problem(fmt::format(
        "{} fields; expected ADDRESS, QUERY and optionally CHANNEL and FREQUENCY, TAB-separated",
        fields.size()));
  }
  ImportLine l;
  l.line = number;
  l.email = std::string(fields[0]);
  l.query = std::string(fields[1]);
  if (auto ok = validate_email(l.email); !ok) return problem(ok.error().message);
  if (l.query.find_first_not_of(' ') == std::string::npos) return problem("the query is empty");
  if (fields.size() >= 3 && !fields[2].empty()) {
    if (fields[2] == "email") {
      l.channel = storage::Channel::kEmail;
    } else if (fields[2] == "webhook") {
      l.channel = storage::Channel::kWebhook;
    } else {
      return problem(fmt::format("channel \"{}\": use email or webhook", fields[2]));
    }
  }
  if (fields.size() == 4 && !fields[3].empty()) {
    if (fields[3] != "immediate" && fields[3] != "daily") {
      return problem(fmt::format("frequency \"{}\": use immediate or daily", fields[3]));
    }
    l.daily = fields[3] == "daily";
    if (*l.daily && l.channel == storage::Channel::kWebhook) {
      return problem("daily is for email alerts; webhooks are sent as items match");
    }
  }
  return l;
}

// What the import knows of one address.
struct Address {
  std::optional<storage::UserRecord> user;  // none: a new user
  std::int64_t rules = 0;                   // stored and to be stored
};

// A checked line, ready to store.
struct Planned {
  std::string email;
  storage::NewSubscription subscription;
};

class Importer {
 public:
  Importer(storage::Database& db, ImportReport& report) : db_(db), report_(report) {}

  // Checks one line; a problem goes to the report, the database's errors
  // are returned.
  Status check(const ImportLine& l) {
    PW_TRY_ASSIGN(auto* address, address_of(l.email));
    auto q = ingest::check_rule(db_, l.query);
    if (!q) {
      if (q.error().kind != ErrorKind::kInvalidInput) return fail(q.error());
      return problem(l, "bad rule: " + q.error().message);
    }
    for (const auto& note : q->notes) report_.notes.push_back({l.line, note});
    const bool has_webhook = address->user && !address->user->webhook_url.empty();
    const auto channel =
        l.channel.value_or(has_webhook ? storage::Channel::kWebhook : storage::Channel::kEmail);
    if (channel == storage::Channel::kWebhook && !has_webhook) {
      return problem(l,
                     fmt::format("{} has no webhook endpoint (parlwatch user add {} --webhook URL)",
                                 l.email, l.email));
    }
    if (!seen_.insert({l.email, q->text, channel}).second) return repeated();
    if (address->user) {
      PW_TRY_ASSIGN(auto same, storage::SubscriptionRepository(db_).find_same(address->user->id,
                                                                              q->text, channel));
      if (same) return repeated();
    }
    if (++address->rules > storage::kMaxSubscriptionsPerUser) {
      return problem(l, fmt::format("{} would have more than {} rules", l.email,
                                    storage::kMaxSubscriptionsPerUser));
    }
    storage::NewSubscription s;
    s.query = q->text;
    s.channel = channel;
    s.daily = l.daily.value_or(address->user && address->user->daily);
    s.confirmed = true;
    planned_.push_back({l.email, std::move(s)});
    return {};
  }

  // Stores every planned rule, new users first, in one transaction.
  Status save(std::int64_t now) {
    PW_TRY_ASSIGN(auto tx, storage::Transaction::begin(db_));
    storage::UserRepository users(db_);
    storage::SubscriptionRepository subscriptions(db_);
    std::map<std::string, std::int64_t> ids;
    for (const auto& [email, address] : addresses_) {
      if (address.user) {
        ids[email] = address.user->id;
      } else if (address.rules > 0) {
        PW_TRY_ASSIGN(ids[email], users.add_user(email, "", now, true));
      }
    }
    for (auto& p : planned_) {
      p.subscription.user_id = ids.at(p.email);
      PW_TRY(subscriptions.add(p.subscription, now));
    }
    return tx.commit();
  }

  std::size_t planned() const { return planned_.size(); }
  std::size_t new_users() const {
    std::size_t n = 0;
    for (const auto& [email, address] : addresses_) n += !address.user && address.rules > 0;
    return n;
  }

 private:
  Result<Address*> address_of(const std::string& email) {
    auto it = addresses_.find(email);
    if (it != addresses_.end()) return &it->second;
    Address a;
    PW_TRY_ASSIGN(a.user, storage::UserRepository(db_).find_user(email));
    if (a.user) {
      PW_TRY_ASSIGN(a.rules, storage::SubscriptionRepository(db_).count_of_user(a.user->id));
    }
    return &addresses_.emplace(email, std::move(a)).first->second;
  }

  Status problem(const ImportLine& l, std::string message) {
    report_.problems.push_back({l.line, std::move(message)});
    return {};
  }

  Status repeated() {
    ++report_.already;
    return {};
  }

  storage::Database& db_;
  ImportReport& report_;
  std::map<std::string, Address> addresses_;
  std::set<std::tuple<std::string, std::string, storage::Channel>> seen_;
  std::vector<Planned> planned_;
};

}  // namespace

std::vector<ImportLine> read_rule_import(std::string_view text,
                                         std::vector<ImportProblem>& problems) {
  std::vector<ImportLine> lines;
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') continue;
    if (auto l = read_line(number, line, problems)) lines.push_back(std::move(*l));
  }
  return lines;
}

Result<ImportReport> import_rules(storage::Database& db, const std::vector<ImportLine>& lines,
                                  std::int64_t now, bool save) {
  ImportReport report;
  Importer importer(db, report);
  for (const auto& l : lines) PW_TRY(importer.check(l));
  report.new_users = importer.new_users();
  if (!report.problems.empty()) return report;
  if (save) PW_TRY(importer.save(now));
  report.added = importer.planned();
  return report;
}

}  // namespace pw::web
