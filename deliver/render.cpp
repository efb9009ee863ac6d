#include "deliver/render.hpp"

#include <array>
#include <chrono>
#include <ctime>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/gid.hpp"
#include "deliver/extract.hpp"

namespace pw::deliver {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonths{"January",   "February", "March",    "April",
                                                   "May",       "June",     "July",     "August",
                                                   "September", "October",  "November", "December"};

std::string rfc5322_date(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr std::array<std::string_view, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                         "Thu", "Fri", "Sat"};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
                     kDays.at(static_cast<std::size_t>(tm.tm_wday)), tm.tm_mday,
                     kMonths.at(static_cast<std::size_t>(tm.tm_mon)).substr(0, 3),
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string domain_of(const std::string& from) {
  const auto at = from.rfind('@');
  if (at == std::string::npos) return "localhost";
  std::string d = from.substr(at + 1);
  while (!d.empty() && (d.back() == '>' || d.back() == ' ')) d.pop_back();
  return d.empty() ? "localhost" : d;
}

std::string speaker_line(const AlertItem& a) {
  std::string line = a.speaker_name;
  if (!a.speaker_party.empty()) line += fmt::format(" ({})", a.speaker_party);
  if (!a.speaker_office.empty()) line += fmt::format(", {}", a.speaker_office);
  if (!a.time.empty()) line += (line.empty() ? "" : " at ") + a.time.substr(0, 5);
  return line;
}

std::string heading_line(const AlertItem& a) {
  std::string out;
  for (const auto& h : a.headings) out += (out.empty() ? "" : " > ") + h;
  if (is_heading(a.kind)) out += (out.empty() ? "" : " > ") + a.text;
  return out.empty() ? std::string(section_title(a.section)) : out;
}

void render_item(std::string& out, const AlertItem& a) {
  out += fmt::format("* {}\n", heading_line(a));
  const std::string who = speaker_line(a);
  if (!who.empty()) out += fmt::format("  {}\n", who);
  if (!is_heading(a.kind)) out += fmt::format("  \"{}\"\n", extract(a.text, a.highlight));
  out += fmt::format("  {}\n", twfy_link(a.section, a.gid));
  if (a.more_in_debate > 0) {
    out += fmt::format("  ...and {} more in this debate\n", a.more_in_debate);
  }
  out += '\n';
}

std::string subject_of(const AlertBatch& b) {
  return fmt::format("parlwatch: {} new {} in {}, {}", b.alerts.size(),
                     b.alerts.size() == 1 ? "match" : "matches", section_title(b.section),
                     long_date(b.date));
}

std::string email_head(std::int64_t outbox_id, const std::string& recipient,
                       const std::string& subject, std::int64_t created_at,
                       const EmailSettings& settings) {
  std::string out;
  out += fmt::format("From: {}\r\n", settings.from);
  out += fmt::format("To: {}\r\n", recipient);
  out += fmt::format("Subject: {}\r\n", subject);
  out += fmt::format("Date: {}\r\n", rfc5322_date(created_at));
  out += fmt::format("Message-ID: <outbox-{}@{}>\r\n", outbox_id, domain_of(settings.from));
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: 8bit\r\n\r\n";
  return out;
}

void append_crlf(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
}

}  // namespace

std::string long_date(const std::string& iso_date) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (std::sscanf(iso_date.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return iso_date;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) return iso_date;
  const std::chrono::weekday wd{std::chrono::sys_days{ymd}};
  return fmt::format("{} {} {} {}", kWeekdays.at(wd.c_encoding()), d, kMonths.at(m - 1), y);
}

RenderedMessage render_email(const AlertBatch& b, const EmailSettings& settings) {
  RenderedMessage msg;
  msg.subject = subject_of(b);
  std::string& out = msg.body;
  out = email_head(b.outbox_id, b.recipient, msg.subject, b.created_at, settings);
  std::string text = fmt::format("{} new {} in {} for {} ({}).\n\n", b.alerts.size(),
                                 b.alerts.size() == 1 ? "item matches" : "items match",
                                 section_title(b.section), long_date(b.date), b.file_name);
  std::map<std::int64_t, std::vector<const AlertItem*>> by_rule;
  for (const auto& a : b.alerts) by_rule[a.rule_id].push_back(&a);
  for (const auto& [rule_id, items] : by_rule) {
    text += fmt::format("Your alert: {}\n\n", items.front()->query);
    for (const auto* a : items) render_item(text, *a);
  }
  text += fmt::format("-- \nYou get this because alerts were set up for {} with parlwatch.\n",
                      b.recipient);
  append_crlf(out, text);
  return msg;
}

RenderedMessage render_notice(std::int64_t outbox_id, const std::string& recipient,
                              const std::string& subject, const std::string& text,
                              std::int64_t created_at, const EmailSettings& settings) {
  RenderedMessage msg{subject, email_head(outbox_id, recipient, subject, created_at, settings)};
  append_crlf(msg.body, text);
  return msg;
}

RenderedMessage render_webhook(const AlertBatch& b) {
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& a : b.alerts) {
    alerts.push_back({{"rule_id", a.rule_id},
                      {"query", a.query},
                      {"gid", a.gid},
                      {"kind", item_kind_name(a.kind)},
                      {"section", section_name(a.section)},
                      {"date", a.date},
                      {"headings", a.headings},
                      {"speaker",
                       {{"name", a.speaker_name},
                        {"person_id", a.person_id},
                        {"party", a.speaker_party},
                        {"office", a.speaker_office}}},
                      {"time", a.time},
                      {"extract", extract(a.text, a.highlight)},
                      {"url", twfy_link(a.section, a.gid)},
                      {"hansard_url", a.hansard_url},
                      {"more_in_debate", a.more_in_debate}});
  }
  nlohmann::json doc{
      {"type", "parlwatch.alert"},          {"id", fmt::format("outbox-{}", b.outbox_id)},
      {"recipient", b.recipient},           {"file", b.file_name},
      {"section", section_name(b.section)}, {"date", b.date},
      {"created_at", b.created_at},         {"alerts", std::move(alerts)}};
  return RenderedMessage{subject_of(b),
                         doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"};
}

}  // namespace pw::deliver
