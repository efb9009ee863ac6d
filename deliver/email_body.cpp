#include "deliver/email_body.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "core/gid.hpp"
#include "deliver/extract.hpp"
#include "deliver/link_tokens.hpp"
#include "deliver/mime.hpp"

namespace pw::deliver {
namespace {

// The batch's alerts by rule (in first-seen order), then by chamber.
struct RuleGroup {
  std::int64_t rule_id = 0;
  std::string rule_key;
  std::string query;
  std::map<Section, std::vector<const AlertItem*>> by_section;
  std::size_t total = 0;
};

std::vector<RuleGroup> group(const AlertBatch& b) {
  std::vector<RuleGroup> out;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& a : b.alerts) {
    auto [it, added] = index.try_emplace(a.rule_id, out.size());
    if (added) out.push_back(RuleGroup{a.rule_id, a.rule_key, a.query, {}, 0});
    auto& g = out[it->second];
    if (g.total++ < kItemsPerRule) g.by_section[a.section].push_back(&a);
  }
  return out;
}

std::string speaker_of(const AlertItem& a) {
  std::string who = a.speaker_name;
  std::vector<std::string> details;
  if (!a.speaker_party.empty()) details.push_back(a.speaker_party);
  if (!a.speaker_constituency.empty()) details.push_back(a.speaker_constituency);
  if (!details.empty()) who += fmt::format(" ({})", fmt::join(details, ", "));
  if (!a.speaker_office.empty()) who += (who.empty() ? "" : ", ") + a.speaker_office;
  return who;
}

std::string heading_of(const AlertItem& a) {
  std::string out;
  for (const auto& h : a.headings) out += (out.empty() ? "" : " > ") + h;
  if (is_heading(a.kind)) out += (out.empty() ? "" : " > ") + a.text;
  return out.empty() ? std::string(section_title(a.section)) : out;
}

std::string when_of(const AlertItem& a) {
  return long_date(a.date) + (a.time.empty() ? "" : ", " + a.time.substr(0, 5));
}

std::string search_url(const std::string& query) {
  return "https://www.theyworkforyou.com/search/?q=" + url_encode(query);
}

std::string manage_url(const EmailSettings& s, const AlertBatch& b) {
  return link_url(s.public_url, s.token_secret, LinkPurpose::kManage,
                  LinkSubject{LinkSubject::Kind::kUser, b.user_id, b.user_key});
}

// The link that stops one alert (subscription), or "" without public_url.
std::string stop_url(const EmailSettings& s, const RuleGroup& g) {
  return link_url(s.public_url, s.token_secret, LinkPurpose::kUnsubscribe,
                  LinkSubject{LinkSubject::Kind::kSubscription, g.rule_id, g.rule_key});
}

std::string intro(const AlertBatch& b) {
  if (b.digest) {
    return fmt::format("{} new {} your parlwatch alerts since your last digest ({}).",
                       b.alerts.size(), b.alerts.size() == 1 ? "item matches" : "items match",
                       long_date(b.date));
  }
  return fmt::format("{} new {} your parlwatch alerts in {} for {} ({}).", b.alerts.size(),
                     b.alerts.size() == 1 ? "item matches" : "items match",
                     section_title(b.section), long_date(b.date), b.file_name);
}

void text_item(std::string& out, const AlertItem& a) {
  out += "* " + mark_terms(heading_of(a), a.highlight, "*", "*", false) + "\n";
  const auto who = speaker_of(a);
  out += "  " + when_of(a) + (who.empty() ? "" : " - " + who) + "\n";
  if (!is_heading(a.kind)) {
    out += "  \"" + mark_terms(extract(a.text, a.highlight), a.highlight, "*", "*", false) + "\"\n";
  }
  out += "  " + item_link(a.section, a.gid, a.hansard_url) + "\n";
  if (a.more_in_debate > 0)
    out += fmt::format("  ...and {} more in this debate\n", a.more_in_debate);
  out += "\n";
}

void html_item(std::string& out, const AlertItem& a) {
  const auto link = html_escape(item_link(a.section, a.gid, a.hansard_url));
  out += fmt::format("<li><p><a href=\"{}\">{}</a><br>\n", link,
                     mark_terms(heading_of(a), a.highlight, "<b>", "</b>", true));
  const auto who = speaker_of(a);
  out += html_escape(when_of(a)) + (who.empty() ? "" : " &ndash; " + html_escape(who)) + "</p>\n";
  if (!is_heading(a.kind)) {
    out += "<p>&ldquo;" +
           mark_terms(extract(a.text, a.highlight), a.highlight, "<b>", "</b>", true) +
           "&rdquo;</p>\n";
  }
  if (a.more_in_debate > 0) {
    out += fmt::format("<p>&hellip;and {} more in this debate</p>\n", a.more_in_debate);
  }
  out += "</li>\n";
}

std::vector<const VoteLine*> votes_of(const AlertBatch& b, std::int64_t rule_id) {
  std::vector<const VoteLine*> out;
  for (const auto& v : b.votes) {
    if (v.rule_id == rule_id) out.push_back(&v);
  }
  return out;
}

void text_votes(std::string& out, const std::vector<const VoteLine*>& votes) {
  const std::string* person = nullptr;
  for (const auto* v : votes) {
    if (person == nullptr || *person != v->person_id) {
      out += fmt::format("How {} voted\n\n", v->person_name);
      person = &v->person_id;
    }
    out += fmt::format("* Division {}: {}\n  {} ({})\n\n", v->number, v->subject, vote_phrase(*v),
                       v->result);
  }
}

void html_votes(std::string& out, const std::vector<const VoteLine*>& votes) {
  const std::string* person = nullptr;
  for (const auto* v : votes) {
    if (person == nullptr || *person != v->person_id) {
      out += (person == nullptr ? "" : "</ul>\n") +
             fmt::format("<h3>How {} voted</h3>\n<ul>\n", html_escape(v->person_name));
      person = &v->person_id;
    }
    out +=
        fmt::format("<li>Division {}: {}<br>\n<b>{}</b> ({})</li>\n", v->number,
                    html_escape(v->subject), html_escape(vote_phrase(*v)), html_escape(v->result));
  }
  if (person != nullptr) out += "</ul>\n";
}

}  // namespace

std::string vote_phrase(const VoteLine& v) {
  if (v.vote == "absent") return "absent (no vote recorded)";
  const std::string side = v.vote == "aye"           ? "Aye"
                           : v.vote == "no"          ? "No"
                           : v.vote == "content"     ? "Content"
                           : v.vote == "not-content" ? "Not content"
                                                     : v.vote;
  if (v.teller) return "teller for " + side;
  if (!v.proxy.empty()) return "voted " + side + " by proxy (cast by " + v.proxy + ")";
  return "voted " + side;
}

std::string unsubscribe_url(const EmailSettings& s, const AlertBatch& b) {
  return link_url(s.public_url, s.token_secret, LinkPurpose::kUnsubscribe,
                  LinkSubject{LinkSubject::Kind::kUser, b.user_id, b.user_key});
}

std::string alert_text(const AlertBatch& b, const EmailSettings& s) {
  std::string out = intro(b) + "\n\n";
  for (const auto& g : group(b)) {
    out += "Your alert: " + g.query + "\n\n";
    for (const auto& [section, items] : g.by_section) {
      out += std::string(section_title(section)) + "\n\n";
      for (const auto* a : items) text_item(out, *a);
    }
    text_votes(out, votes_of(b, g.rule_id));
    if (g.total > kItemsPerRule) {
      out += fmt::format("  {} more matches for this alert: {}\n\n", g.total - kItemsPerRule,
                         search_url(g.query));
    }
    if (const auto stop = stop_url(s, g); !stop.empty()) {
      out += "Stop this alert: " + stop + "\n\n";
    }
  }
  std::string footer =
      fmt::format("You get this because alerts were set up for {} with parlwatch.\n", b.recipient);
  if (const auto manage = manage_url(s, b); !manage.empty()) {
    footer += "Manage your alerts: " + manage + "\n";
    footer += "Unsubscribe: " + unsubscribe_url(s, b) + "\n";
  }
  return wrap(out, 72) + "-- \n" + wrap(footer, 72);
}

std::string alert_html(const AlertBatch& b, const EmailSettings& s) {
  std::string out = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" +
                    html_escape(intro(b)) + "</title></head>\n<body>\n<p>" + html_escape(intro(b)) +
                    "</p>\n";
  for (const auto& g : group(b)) {
    out += "<h2>Your alert: " + html_escape(g.query) + "</h2>\n";
    for (const auto& [section, items] : g.by_section) {
      out += "<h3>" + html_escape(section_title(section)) + "</h3>\n<ul>\n";
      for (const auto* a : items) html_item(out, *a);
      out += "</ul>\n";
    }
    html_votes(out, votes_of(b, g.rule_id));
    if (g.total > kItemsPerRule) {
      out += fmt::format("<p><a href=\"{}\">{} more matches for this alert</a></p>\n",
                         html_escape(search_url(g.query)), g.total - kItemsPerRule);
    }
    if (const auto stop = stop_url(s, g); !stop.empty()) {
      out += fmt::format("<p><a href=\"{}\">Stop this alert</a></p>\n", html_escape(stop));
    }
  }
  out += "<hr>\n<p>You get this because alerts were set up for " + html_escape(b.recipient) +
         " with parlwatch.";
  if (const auto manage = manage_url(s, b); !manage.empty()) {
    out += fmt::format(
        " <a href=\"{}\">Manage your alerts</a> &middot; <a href=\"{}\">Unsubscribe</a>",
        html_escape(manage), html_escape(unsubscribe_url(s, b)));
  }
  return out + "</p>\n</body></html>\n";
}

}  // namespace pw::deliver
