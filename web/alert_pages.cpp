#include <algorithm>

#include <fmt/format.h>

#include "core/person.hpp"
#include "core/section.hpp"
#include "core/text.hpp"
#include "deliver/mime.hpp"
#include "ingest/preview.hpp"
#include "ingest/rule_check.hpp"
#include "storage/item_reader.hpp"
#include "web/alert_form.hpp"
#include "web/form_guard.hpp"
#include "web/pages_html.hpp"
#include "web/site.hpp"
#include "web/validate.hpp"

namespace pw::web {
namespace {

using deliver::html_escape;

constexpr int kPreviewDays = 31;
constexpr std::size_t kPreviewItems = 3;
// A preview reads at most this many of the newest items (a busy month of
// every chamber is several times more).
constexpr std::size_t kPreviewMaxItems = 20000;
constexpr std::size_t kMaxTopics = 5;
constexpr int kMaxPersons = 20;

// The item id in a pasted TheyWorkForYou link ("...?id=2007-11-26a.1.4"),
// or the text itself.
std::string item_id_of(const std::string& like) {
  auto at = like.find("?id=");
  if (at == std::string::npos) at = like.find("&id=");
  if (at == std::string::npos) return like;
  const auto start = at + 4;
  return like.substr(start, like.find_first_of("&#", start) - start);
}

// The rules a form asks for, one per topic (one for a member alone).
std::vector<std::string> rules_of(const AlertForm& f) {
  auto topics = split_topics(f.q);
  if (topics.empty() && !f.speaker.empty()) topics.emplace_back();
  for (auto& t : topics) t = compose_rule(t, f);
  return topics;
}

// A person to choose from: their number, name and what says who they are.
struct Choice {
  std::string number;
  std::string name;
  std::string about;
};

std::string choices_html(const AlertForm& f, const std::vector<Choice>& found) {
  std::string out =
      "<h2 id=\"members\">Which member?</h2>\n<p>Several members' names contain that. Choose "
      "one:</p>\n<ul class=\"members\">\n";
  for (const auto& c : found) {
    AlertForm chosen = f;
    chosen.speaker = c.number;
    out += fmt::format("<li><a href=\"/alert?{}\">{}</a> ({})</li>\n",
                       html_escape(alert_query_string(chosen)), html_escape(c.name),
                       html_escape(c.about));
  }
  return out + "</ul>\n";
}

std::string year_of(const std::string& date) {
  return date.size() >= 4 ? date.substr(0, 4) : "";
}

Choice choice_of(const MemberEntry& e) {
  if (e.from.empty() && e.party.empty())
    return Choice{e.number, e.name, "no term in the members data"};
  std::string about = e.party.empty() ? "no party" : e.party;
  if (!e.constituency.empty()) about += ", " + e.constituency;
  if (!e.from.empty()) {
    about += e.to.empty() ? ", since " + year_of(e.from)
                          : ", " + year_of(e.from) + " to " + year_of(e.to);
  }
  return Choice{e.number, e.name, about};
}

Choice choice_of(const storage::PersonSeen& p) {
  std::string seen = "not seen speaking in the archive yet";
  if (p.items > 0) {
    seen = fmt::format("{}{} items, {} to {}", p.person.party.empty() ? "" : p.person.party + ", ",
                       p.items, deliver::long_date(p.first_date), deliver::long_date(p.last_date));
  }
  return Choice{person_number(p.person.id), p.person.name, seen};
}

Answer<std::vector<Choice>> members_named(storage::Database& db, const MemberDirectory* members,
                                          const std::string& part) {
  std::vector<Choice> out;
  if (members != nullptr && members->size() > 0) {
    for (const auto& e : members->find(part, kMaxPersons)) out.push_back(choice_of(e));
    return out;
  }
  auto found = storage::ItemReader(db).find_persons(part, kMaxPersons);
  if (!found) return tl::unexpected(refusal_for(found.error()));
  for (const auto& p : *found) out.push_back(choice_of(p));
  return out;
}

}  // namespace

Answer<std::string> Site::like_intro(AlertForm& f) {
  const auto id = item_id_of(f.like);
  auto like = subscriptions_.like_rule(id, now());
  if (!like) return tl::unexpected(like.error());
  auto item = storage::ItemReader(db_).find(id);
  if (!item) return tl::unexpected(refusal_for(item.error()));
  if (f.q.empty()) f.q = like->rule;
  if (!*item) return std::string();
  const auto heading = like->suggestion.heading.empty() ? like->rule : like->suggestion.heading;
  return fmt::format("<p>Debates like: <b>{}</b>, {}, {}.</p>\n", html_escape(heading),
                     html_escape(section_info((*item)->section).title),
                     html_escape(deliver::long_date((*item)->date)));
}

// Resolves a speaker given by name: one match (or one with exactly that
// name) becomes its number, several give the list to choose from, none an
// error.
std::string Site::resolve_speaker(AlertForm& f, FieldErrors& errors) {
  if (f.speaker.empty() || all_digits(f.speaker)) return "";
  auto found = members_named(db_, members_.get(), f.speaker);
  if (!found) {
    errors["speaker"] = found.error().message;
    return "";
  }
  if (found->empty()) {
    errors["speaker"] = "No member's name contains \"" + f.speaker + "\".";
    return "";
  }
  const auto wanted = ascii_lower(f.speaker);
  const auto exact = std::count_if(found->begin(), found->end(),
                                   [&](const Choice& c) { return ascii_lower(c.name) == wanted; });
  if (found->size() == 1 || (exact == 1 && ascii_lower(found->front().name) == wanted)) {
    f.speaker = found->front().number;
    return "";
  }
  errors["speaker"] = "Several members' names contain that: choose one below.";
  return choices_html(f, *found);
}

std::string Site::previews(const Request& r, const AlertForm& f, FieldErrors& errors) {
  const auto texts = rules_of(f);
  if (texts.empty()) return "";
  if (texts.size() > kMaxTopics) {
    errors["q"] = fmt::format("At most {} alerts at once, please.", kMaxTopics);
    return "";
  }
  std::vector<rules::Query> rules;
  for (const auto& text : texts) {
    auto q = ingest::check_rule(db_, text);
    if (!q) {
      errors["q"] = q.error().message;
      return "";
    }
    rules.push_back(std::move(*q));
  }
  const std::string heading = "<h2 id=\"preview-heading\">What it would have found</h2>\n";
  if (!previews_by_address_.allow(client_of(r), now())) {
    return heading +
           "<p>Previews from your address are paused for a while (each one reads the archive); "
           "signing up still works.</p>\n";
  }
  ingest::PreviewWindow window;
  auto found =
      ingest::preview_rules(db_, rules, kPreviewDays, kPreviewItems, kPreviewMaxItems, window);
  if (!found) {
    errors["form"] = refusal_for(found.error()).message;
    return "";
  }
  std::string out = heading;
  for (std::size_t i = 0; i < rules.size(); ++i)
    out += preview_html(rules[i].text, (*found)[i], window);
  return out;
}

Response Site::alert_page(const Request& r, AlertForm f, FieldErrors errors, int status) {
  std::string intro;
  if (!f.like.empty()) {
    auto described = like_intro(f);
    if (described) {
      intro = *described;
    } else {
      errors["q"] = described.error().message;
      if (status == 200) status = described.error().status;
    }
  }
  const auto choices = resolve_speaker(f, errors);
  std::string found;
  if (errors.empty()) found = previews(r, f, errors);
  if (!errors.empty() && status == 200) status = 422;
  Response out;
  const auto token = form_token_for(r, out);
  auto page =
      html_page(status, "Make an alert", intro + choices + form_html(f, errors, token) + found);
  page.headers = std::move(out.headers);
  return page;
}

Response Site::alert(const Request& r) {
  if (r.method == "POST") return alert_post(r);
  const auto q = r.target.find('?');
  auto f = read_alert_form(q == std::string::npos ? decltype(parse_form("")){}
                                                  : parse_form(r.target.substr(q + 1)));
  f.email.clear();  // an address never comes from a link
  return alert_page(r, std::move(f), {}, 200);
}

Response Site::alert_post(const Request& r) {
  if (!same_origin(r, options_.email.public_url)) {
    return html_page(403, "Refused",
                     "<p>This form was sent from another site. Nothing was changed. Open "
                     "<a href=\"/\">the sign-up page</a> and send it from there.</p>");
  }
  const auto fields = parse_form(r.body);
  auto f = read_alert_form(fields);
  if (form_value(fields, "step") == "preview") return alert_page(r, std::move(f), {}, 200);
  const auto cookie = cookie_value(r, kFormCookie);
  if (!cookie || !check_form_token(options_.email.token_secret, *cookie,
                                   form_value(fields, "form_token"), now())) {
    return alert_page(r, std::move(f),
                      {{"form",
                        "This form had expired, or your browser did not keep its cookie. "
                        "Nothing was changed: check it and press Sign up again."}},
                      403);
  }
  FieldErrors errors;
  if (f.email.empty()) {
    errors["email"] = "Enter your email address.";
  } else if (auto ok = validate_email(f.email, options_.email.smtputf8); !ok) {
    errors["email"] = ok.error().message;
  }
  if (f.q.empty() && f.speaker.empty() && f.like.empty()) {
    errors["q"] = "Enter words to look for, or a member.";
  }
  const auto choices = resolve_speaker(f, errors);
  if (!errors.empty() || !choices.empty()) return alert_page(r, std::move(f), errors, 422);
  if (!f.like.empty() && f.q.empty()) {
    if (auto described = like_intro(f); !described) {
      return alert_page(r, std::move(f), {{"q", described.error().message}}, 422);
    }
  }
  for (const auto& text : rules_of(f)) {
    if (auto q = ingest::check_rule(db_, text); !q) {
      return alert_page(r, std::move(f), {{"q", q.error().message}}, 422);
    }
  }
  return sign_up_form(r, f);
}

Response Site::sign_up_form(const Request& r, const AlertForm& f) {
  const auto at = now();
  if (auto refusal = too_many_sign_ups(client_of(r), at)) {
    auto page = html_page(429, "Too many sign-ups",
                          "<p>Too many sign-ups have come from your network in the last hour. "
                          "Nothing was changed: please try again later.</p>");
    for (const auto& h : refusal->headers) {
      if (h.first == "Retry-After") page.headers.push_back(h);
    }
    return page;
  }
  std::string list;
  bool sent = false;
  for (const auto& text : rules_of(f)) {
    SignUpRequest request{f.email, text, "", "", f.daily ? "daily" : "immediate", "", true};
    auto done = subscriptions_.sign_up(request, at);
    if (!done) {
      const auto field = done.error().status == 422 ? "q" : "form";
      return alert_page(r, f, {{field, done.error().message}},
                        done.error().status == 500 ? 500 : 422);
    }
    sent = sent || done->confirmation_sent;
    list +=
        fmt::format("<li><code>{}</code>{}</li>\n", html_escape(done->subscription.query),
                    done->subscription.confirmed_at != 0 ? " (you have this alert already)" : "");
  }
  if (sent) queued();
  return html_page(200, "Check your email",
                   "<p>We have sent a message to <b>" + html_escape(f.email) +
                       "</b> for each new alert. Nothing is sent until you press the button in "
                       "it.</p>\n<ul>\n" +
                       list + "</ul>\n<p><a href=\"/\">Make another alert</a></p>");
}

}  // namespace pw::web
