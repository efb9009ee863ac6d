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
  std::string stop;  // the link that stops this alert, or ""
};

std::vector<RuleGroup> group(const AlertBatch& b) {
  std::vector<RuleGroup> out;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& a : b.alerts) {
    auto [it, added] = index.try_emplace(a.rule_id, out.size());
    if (added) out.push_back(RuleGroup{a.rule_id, a.rule_key, a.query, {}, 0, ""});
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

// The message's first line: how many items, of which sitting or digest.
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

// What both parts of one message show: its rules' groups and its signed
// links, each made once (a link is an HMAC).
struct Message {
  const AlertBatch& b;
  std::vector<RuleGroup> groups;
  std::string manage;       // "" without public_url
  std::string unsubscribe;  // "" without public_url
  std::string intro;        // its first line
};

Message message_of(const AlertBatch& b, const EmailSettings& s,
                   std::string_view unsubscribe_token) {
  Message m{b, group(b), manage_url(s, b),
            link_url(s.public_url, LinkPurpose::kUnsubscribe, unsubscribe_token), intro(b)};
  for (auto& g : m.groups) g.stop = stop_url(s, g);
  return m;
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

// Builds one part of an email: plain (as alert_text() and alert_html()
// return it) or quoted-printable, wrapped at 72 columns or not. Text is
// added in pieces; an item comes from the cache when one is given and the
// item starts a line, which makes the encoding of the whole the encodings
// of its pieces put together (both wrapping and quoted-printable work line
// by line).
class PartBuilder {
 public:
  PartBuilder(bool wrapped, bool encoded, ItemCache* cache)
      : wrapped_(wrapped), encoded_(encoded), cache_(cache) {}

  void add(std::string_view text) { pending_ += text; }
  // Adds `text` unwrapped; the text so far must end a line.
  void add_unwrapped(std::string_view text) {
    flush();
    done_.own += encoded_ ? quoted_printable(text) : std::string(text);
  }
  void add_item(const AlertItem& a) {
    if (!sharing()) {
      wrapped_ ? text_item(pending_, a) : html_item(pending_, a);
      return;
    }
    flush();
    const auto& e = cache_->encoded(a);
    done_.pieces.push_back(PieceAt{done_.own.size(), wrapped_ ? e.text : e.html});
  }
  // Adds `lines` (ending a line), which many messages show alike: from the
  // cache, as add_item() does.
  void add_shared(std::string_view lines) {
    if (!sharing()) {
      add(lines);
      return;
    }
    flush();
    done_.pieces.push_back(PieceAt{done_.own.size(), cache_->block(lines, wrapped_)});
  }
  // Adds the lines `make_lines` makes, known by `key` (another key than
  // any other lines this part's messages share by key), as add_shared();
  // unwrapped unless `wrap`.
  void add_shared_as(std::string_view key, const std::function<std::string()>& make_lines,
                     bool wrap = true) {
    if (!sharing()) {
      wrap ? add(make_lines()) : add_unwrapped(make_lines());
      return;
    }
    flush();
    done_.pieces.push_back(
        PieceAt{done_.own.size(), cache_->block_as(key, wrapped_ && wrap, make_lines)});
  }
  PiecedText finish() {
    flush();
    return std::move(done_);
  }

 private:
  void flush() {
    if (pending_.empty()) return;
    const std::string text = wrapped_ ? wrap(pending_, 72) : std::move(pending_);
    done_.own += encoded_ ? quoted_printable(text) : text;
    pending_.clear();
  }
  // True if what comes next can be a piece: there is a cache, the part is
  // encoded, and the text so far ends a line.
  bool sharing() const {
    const bool line_start = pending_.empty() ? ends_line(done_) : pending_.back() == '\n';
    return cache_ != nullptr && encoded_ && line_start;
  }
  // True if `t` is empty or its last byte (its own or its last piece's,
  // whichever comes last) ends a line.
  static bool ends_line(const PiecedText& t) {
    if (!t.pieces.empty() && t.pieces.back().offset == t.own.size()) {
      return t.pieces.back().piece->ends_line;
    }
    return t.own.empty() ? t.pieces.empty() : t.own.back() == '\n';
  }

  bool wrapped_;
  bool encoded_;
  ItemCache* cache_;
  std::string pending_;  // added, not yet wrapped or encoded
  PiecedText done_;
};

// The keys of the fixed lines shared by key (PartBuilder::add_shared_as):
// an HTML head's key is its intro, which starts with a digit.
constexpr std::string_view kTextFooterKey = "#text footer";
constexpr std::string_view kHtmlFooterKey = "#html footer";
constexpr std::string_view kEndKey = "#end";

void build_text(const Message& m, PartBuilder& out) {
  const AlertBatch& b = m.b;
  out.add_shared(m.intro + "\n\n");
  for (const auto& g : m.groups) {
    std::string head = "Your alert: " + g.query + "\n\n";  // with its first chamber's title
    for (const auto& [section, items] : g.by_section) {
      out.add_shared(head + std::string(section_title(section)) + "\n\n");
      head.clear();
      for (const auto* a : items) out.add_item(*a);
    }
    std::string rest;
    text_votes(rest, votes_of(b, g.rule_id));
    if (g.total > kItemsPerRule) {
      rest += fmt::format("  {} more matches for this alert: {}\n\n", g.total - kItemsPerRule,
                          search_url(g.query));
    }
    if (!g.stop.empty()) rest += "Stop this alert: " + g.stop + "\n\n";
    out.add(rest);
  }
  out.add_shared_as(
      kTextFooterKey,
      [] { return "-- \nYou get this because alerts were set up with parlwatch for\n"; }, false);
  out.add(b.recipient + "\n");
  if (!m.manage.empty()) {
    out.add("Manage your alerts: " + m.manage + "\n");
    out.add("Unsubscribe: " + m.unsubscribe + "\n");
  }
}

void build_html(const Message& m, PartBuilder& out) {
  const AlertBatch& b = m.b;
  out.add_shared_as(m.intro, [&m] {
    const std::string said = html_escape(m.intro);
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + said +
           "</title></head>\n<body>\n<p>" + said + "</p>\n";
  });
  for (const auto& g : m.groups) {
    std::string head = "<h2>Your alert: " + html_escape(g.query) + "</h2>\n";
    for (const auto& [section, items] : g.by_section) {
      out.add_shared(head + "<h3>" + html_escape(section_title(section)) + "</h3>\n<ul>\n");
      head.clear();
      for (const auto* a : items) out.add_item(*a);
      out.add("</ul>\n");
    }
    std::string rest;
    html_votes(rest, votes_of(b, g.rule_id));
    if (g.total > kItemsPerRule) {
      rest += fmt::format("<p><a href=\"{}\">{} more matches for this alert</a></p>\n",
                          html_escape(search_url(g.query)), g.total - kItemsPerRule);
    }
    if (!g.stop.empty()) {
      rest += fmt::format("<p><a href=\"{}\">Stop this alert</a></p>\n", html_escape(g.stop));
    }
    out.add(rest);
  }
  out.add_shared_as(kHtmlFooterKey, [] {
    return "<hr>\n<p>You get this because alerts were set up with parlwatch for\n";
  });
  std::string footer = html_escape(b.recipient) + ".\n";
  if (!m.manage.empty()) {
    footer += "<a href=\"" + html_escape(m.manage) +
              "\">Manage your alerts</a> &middot;\n<a href=\"" + html_escape(m.unsubscribe) +
              "\">Unsubscribe</a>\n";
  }
  out.add(footer);
  out.add_shared_as(kEndKey, [] { return "</p>\n</body></html>\n"; });
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

std::string unsubscribe_token(const EmailSettings& s, const AlertBatch& b) {
  return make_link_token(s.token_secret, LinkPurpose::kUnsubscribe,
                         LinkSubject{LinkSubject::Kind::kUser, b.user_id, b.user_key});
}

std::string unsubscribe_url(const EmailSettings& s, const AlertBatch& b) {
  return link_url(s.public_url, LinkPurpose::kUnsubscribe, unsubscribe_token(s, b));
}

std::string alert_text(const AlertBatch& b, const EmailSettings& s) {
  PartBuilder out(true, false, nullptr);
  build_text(message_of(b, s, unsubscribe_token(s, b)), out);
  return out.finish().own;
}

std::string alert_html(const AlertBatch& b, const EmailSettings& s) {
  PartBuilder out(false, false, nullptr);
  build_html(message_of(b, s, unsubscribe_token(s, b)), out);
  return out.finish().own;
}

EncodedParts encoded_parts(const AlertBatch& b, const EmailSettings& s, ItemCache* cache,
                           std::string_view unsubscribe_token) {
  const Message m = message_of(b, s, unsubscribe_token);
  PartBuilder text(true, true, cache);
  build_text(m, text);
  PartBuilder html(false, true, cache);
  build_html(m, html);
  return {text.finish(), html.finish()};
}

const ItemCache::Encoded& ItemCache::encoded(const AlertItem& a) {
  std::string& key = scratch_;
  key.assign(a.gid).push_back('\x1f');
  key.append(std::to_string(a.more_in_debate));
  for (const auto& term : a.highlight) key.append("\x1f").append(term);
  if (const auto it = items_.find(std::string_view(key)); it != items_.end()) return it->second;
  std::string text;
  text_item(text, a);
  std::string html;
  html_item(html, a);
  Encoded e{shared(quoted_printable(wrap(text, 72))), shared(quoted_printable(html))};
  make_room(key.size() + e.text->bytes.size() + e.html->bytes.size());
  return items_.emplace(key, std::move(e)).first->second;
}

std::shared_ptr<SharedPiece> ItemCache::block(std::string_view lines, bool wrapped) {
  auto& blocks = wrapped ? wrapped_blocks_ : blocks_;
  if (const auto it = blocks.find(lines); it != blocks.end()) return it->second;
  auto piece = shared(quoted_printable(wrapped ? wrap(lines, 72) : std::string(lines)));
  make_room(lines.size() + piece->bytes.size());
  blocks.emplace(lines, piece);
  return piece;
}

std::shared_ptr<SharedPiece> ItemCache::block_as(std::string_view key, bool wrapped,
                                                 const std::function<std::string()>& make_lines) {
  auto& blocks = wrapped ? wrapped_blocks_by_key_ : blocks_by_key_;
  if (const auto it = blocks.find(key); it != blocks.end()) return it->second;
  const std::string lines = make_lines();
  auto piece = shared(quoted_printable(wrapped ? wrap(lines, 72) : lines));
  make_room(key.size() + piece->bytes.size());
  blocks.emplace(key, piece);
  return piece;
}

std::shared_ptr<SharedPiece> ItemCache::piece_as(std::string_view key,
                                                 const std::function<std::string()>& make_bytes) {
  if (const auto it = pieces_by_key_.find(key); it != pieces_by_key_.end()) return it->second;
  auto piece = shared(make_bytes());
  make_room(key.size() + piece->bytes.size());
  pieces_by_key_.emplace(key, piece);
  return piece;
}

std::shared_ptr<SharedPiece> ItemCache::piece(std::string_view bytes) {
  if (const auto it = pieces_.find(bytes); it != pieces_.end()) return *it;
  return shared(std::string(bytes));
}

void ItemCache::make_room(std::size_t size) {
  if (bytes_ + size > max_bytes_) {
    items_.clear();
    blocks_.clear();
    wrapped_blocks_.clear();
    blocks_by_key_.clear();
    wrapped_blocks_by_key_.clear();
    pieces_by_key_.clear();
    bytes_ = 0;
  }
  bytes_ += size;
}

std::shared_ptr<SharedPiece> ItemCache::shared(std::string bytes) {
  if (const auto it = pieces_.find(std::string_view(bytes)); it != pieces_.end()) return *it;
  if (piece_bytes_ + bytes.size() > max_bytes_) {
    pieces_.clear();
    piece_bytes_ = 0;
  }
  piece_bytes_ += bytes.size();
  const bool ends_line = bytes.ends_with('\n');
  auto piece = std::make_shared<SharedPiece>(SharedPiece{std::move(bytes), 0, ends_line});
  pieces_.insert(piece);
  return piece;
}

}  // namespace pw::deliver
