#include "deliver/render.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <ctime>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/gid.hpp"
#include "deliver/email_body.hpp"
#include "deliver/extract.hpp"
#include "deliver/link_tokens.hpp"
#include "deliver/mime.hpp"
#include "deliver/smtp_sender.hpp"

namespace pw::deliver {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonths{"January",   "February", "March",    "April",
                                                   "May",       "June",     "July",     "August",
                                                   "September", "October",  "November", "December"};

// Reads "YYYY-MM-DD", digits only (what a transcript's date is), without
// sscanf's cost; false for anything else.
bool plain_iso_date(std::string_view s, int& y, unsigned& m, unsigned& d) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  const auto number = [&s](std::size_t from, std::size_t n, auto& out) {
    return std::from_chars(s.data() + from, s.data() + from + n, out).ptr == s.data() + from + n;
  };
  return std::isdigit(static_cast<unsigned char>(s[0])) != 0 && number(0, 4, y) &&
         std::isdigit(static_cast<unsigned char>(s[5])) != 0 && number(5, 2, m) &&
         std::isdigit(static_cast<unsigned char>(s[8])) != 0 && number(8, 2, d);
}

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

std::string iso8601(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string domain_of(const std::string& from) {
  const auto at = from.rfind('@');
  if (at == std::string::npos) return "localhost";
  std::string d = from.substr(at + 1);
  while (!d.empty() && (d.back() == '>' || d.back() == ' ')) d.pop_back();
  return d.empty() ? "localhost" : d;
}

std::string subject_of(const AlertBatch& b) {
  if (b.digest) {
    return fmt::format("parlwatch daily digest: {} new {}, {}", b.alerts.size(),
                       b.alerts.size() == 1 ? "match" : "matches", long_date(b.date));
  }
  return fmt::format("parlwatch: {} new {} in {}, {}", b.alerts.size(),
                     b.alerts.size() == 1 ? "match" : "matches", section_title(b.section),
                     long_date(b.date));
}

// The headers every message from parlwatch has that are its own: To and
// Message-ID.
std::string own_head(std::int64_t outbox_id, const std::string& recipient,
                     const EmailSettings& settings) {
  std::string out = "To: " + recipient + "\r\nMessage-ID: <outbox-";
  return out.append(std::to_string(outbox_id))
      .append("@")
      .append(domain_of(settings.from))
      .append(">\r\n");
}

// The headers every message from parlwatch has that messages of one
// subject written at one time share: From, Subject, Date, Auto-Submitted.
// (RFC 5322 lets header fields come in any order.)
std::string shared_head(const std::string& subject, std::int64_t created_at,
                        const EmailSettings& settings) {
  std::string out;
  out += "From: " + encode_address(settings.from) + "\r\n";
  out += header_line("Subject", subject);
  out += "Date: " + rfc5322_date(created_at) + "\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  return out;
}

constexpr std::string_view kTextPartHead =
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n\r\n";

// The List-Unsubscribe header for unsubscribe `token`: the one-click https
// link (with public_url) and a mailto: one.
std::string list_unsubscribe(const EmailSettings& s, std::string_view token) {
  const auto https = link_url(s.public_url, LinkPurpose::kUnsubscribe, token);
  const auto mailto =
      "mailto:" + bare_address(s.from) + "?subject=unsubscribe%20" + std::string(token);
  if (https.empty()) return "List-Unsubscribe: <" + mailto + ">\r\n";
  return "List-Unsubscribe: <" + https + ">,\r\n <" + mailto + ">\r\n";
}

// One boundary for every alert: "=_" never occurs in quoted-printable,
// which both parts are.
constexpr std::string_view kBoundary = "=_parlwatch";

// What follows List-Unsubscribe up to the text part's body, the same in
// every alert (`one_click`: with List-Unsubscribe-Post, as with public_url).
const std::string& frame_head(bool one_click) {
  static const auto head = [](std::string_view post) {
    return fmt::format(
        "{}MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"{}\"\r\n\r\n"
        "--{}\r\n{}",
        post, kBoundary, kBoundary, kTextPartHead);
  };
  static const std::string with = head("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
  static const std::string without = head("");
  return one_click ? with : without;
}

// From the end of the text part to the HTML part's body.
const std::string& frame_middle() {
  static const std::string middle = fmt::format(
      "\r\n--{}\r\nContent-Type: text/html; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
      kBoundary);
  return middle;
}

// After the HTML part: the closing boundary.
const std::string& frame_end() {
  static const std::string end = fmt::format("\r\n--{}--\r\n", kBoundary);
  return end;
}

// Adds bytes that many alerts have alike: as a piece from `cache` when there
// is one.
void add_frame(PiecedText& out, ItemCache* cache, std::string_view bytes) {
  if (cache == nullptr) {
    out.own += bytes;
  } else {
    out.pieces.push_back(PieceAt{out.own.size(), cache->piece(bytes)});
  }
}

// Adds the headers and frame that messages of one subject share, up to
// the text part's body: as a piece from `cache` when there is one.
void add_head(PiecedText& out, ItemCache* cache, const std::string& subject,
              std::int64_t created_at, const EmailSettings& settings) {
  const auto make = [&] {
    return shared_head(subject, created_at, settings) + frame_head(!settings.public_url.empty());
  };
  if (cache == nullptr) {
    out.own += make();
    return;
  }
  std::string key = subject;
  key.append("\n").append(std::to_string(created_at)).append("\n").append(settings.from);
  key.append(settings.public_url.empty() ? "\n" : "\n1");
  out.pieces.push_back(PieceAt{out.own.size(), cache->piece_as(key, make)});
}

std::string text_part(const std::string& text) {
  return std::string(kTextPartHead) + quoted_printable(text);
}

// "Wednesday 28 October 2009" for "2009-10-28"; anything else as it is.
std::string spelled_date(const std::string& iso_date) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (!plain_iso_date(iso_date, y, m, d) &&
      std::sscanf(iso_date.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) {
    return iso_date;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) return iso_date;
  const std::chrono::weekday wd{std::chrono::sys_days{ymd}};
  return fmt::format("{} {} {} {}", kWeekdays.at(wd.c_encoding()), d, kMonths.at(m - 1), y);
}

}  // namespace

std::string long_date(const std::string& iso_date) {
  // A transcript's messages each show its date more than once.
  thread_local std::string last_date;
  thread_local std::string last_long;
  if (!iso_date.empty() && iso_date == last_date) return last_long;
  last_long = spelled_date(iso_date);
  last_date = iso_date;
  return last_long;
}

Result<RenderedMessage> render_email(const AlertBatch& b, const EmailSettings& settings,
                                     ItemCache* cache) {
  if (has_line_break(b.recipient) || has_line_break(settings.from)) {
    return fail(Error::invalid("refusing to render an email: a line break in an address"));
  }
  const auto subject = subject_of(b);
  PiecedText out;
  out.own = own_head(b.outbox_id, b.recipient, settings);
  const auto token = unsubscribe_token(settings, b);
  out.own += list_unsubscribe(settings, token);
  const auto parts = encoded_parts(b, settings, cache, token);
  add_head(out, cache, subject, b.created_at, settings);
  out.append(parts.text);
  add_frame(out, cache, frame_middle());
  out.append(parts.html);
  add_frame(out, cache, frame_end());
  return RenderedMessage{subject, std::move(out.own), std::move(out.pieces)};
}

RenderedMessage render_notice(std::int64_t outbox_id, const std::string& recipient,
                              const std::string& subject, const std::string& text,
                              std::int64_t created_at, const EmailSettings& settings) {
  RenderedMessage msg{
      subject,
      own_head(outbox_id, recipient, settings) + shared_head(subject, created_at, settings),
      {}};
  msg.body += "MIME-Version: 1.0\r\n" + text_part(wrap(text, 72));
  return msg;
}

RenderedMessage render_webhook(const AlertBatch& b) {
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::int64_t, std::size_t> rule_index;
  for (const auto& a : b.alerts) {
    const auto [it, added] = rule_index.try_emplace(a.rule_id, rules.size());
    if (added) {
      rules.push_back({{"id", a.rule_id}, {"query", a.query}, {"items", nlohmann::json::array()}});
    }
    std::string heading;
    for (const auto& h : a.headings) heading += (heading.empty() ? "" : " > ") + h;
    rules[it->second]["items"].push_back({{"id", a.gid},
                                          {"link", item_link(a.section, a.gid, a.hansard_url)},
                                          {"hansard_url", a.hansard_url},
                                          {"date", a.date},
                                          {"time", a.time},
                                          {"chamber", section_title(a.section)},
                                          {"section", section_name(a.section)},
                                          {"kind", item_kind_name(a.kind)},
                                          {"heading", heading},
                                          {"headings", a.headings},
                                          {"speaker",
                                           {{"name", a.speaker_name},
                                            {"person_id", a.person_id},
                                            {"party", a.speaker_party},
                                            {"constituency", a.speaker_constituency},
                                            {"office", a.speaker_office}}},
                                          {"extract", extract(a.text, a.highlight)},
                                          {"more_in_debate", a.more_in_debate}});
  }
  for (const auto& v : b.votes) {
    const auto it = rule_index.find(v.rule_id);
    if (it == rule_index.end()) continue;
    auto& rule = rules[it->second];
    if (!rule.contains("votes")) rule["votes"] = nlohmann::json::array();
    rule["votes"].push_back({{"person_id", v.person_id},
                             {"name", v.person_name},
                             {"division", v.division_gid},
                             {"number", v.number},
                             {"subject", v.subject},
                             {"result", v.result},
                             {"vote", v.vote},
                             {"teller", v.teller},
                             {"proxy", v.proxy}});
  }
  nlohmann::json data{{"id", fmt::format("outbox-{}", b.outbox_id)},
                      {"recipient", b.recipient},
                      {"digest", b.digest},
                      {"file", b.file_name},
                      {"date", b.date},
                      {"rules", std::move(rules)}};
  nlohmann::json doc{
      {"type", "parlwatch.alert"}, {"timestamp", iso8601(b.created_at)}, {"data", std::move(data)}};
  return RenderedMessage{
      subject_of(b), doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", {}};
}

}  // namespace pw::deliver
