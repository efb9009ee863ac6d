#include "web/pages_html.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/gid.hpp"
#include "core/section.hpp"
#include "deliver/extract.hpp"
#include "deliver/mime.hpp"
#include "deliver/render.hpp"

namespace pw::web {
namespace {

using deliver::html_escape;

std::string error_of(const FieldErrors& errors, const std::string& field) {
  const auto it = errors.find(field);
  if (it == errors.end()) return "";
  return fmt::format("<p class=\"error\" id=\"{}-error\">{}</p>", field, html_escape(it->second));
}

std::string described_by(const FieldErrors& errors, const std::string& field,
                         const std::string& hint) {
  std::string ids = hint;
  if (errors.count(field) != 0) ids += (ids.empty() ? "" : " ") + field + "-error";
  if (ids.empty()) return "";
  return " aria-describedby=\"" + ids + "\"" +
         (errors.count(field) != 0 ? " aria-invalid=\"true\"" : "");
}

std::string text_field(const std::string& name, const std::string& label, const std::string& type,
                       const std::string& value, const std::string& hint, const FieldErrors& errors,
                       const std::string& extra = "") {
  const auto hint_id = hint.empty() ? std::string() : name + "-hint";
  std::string out = fmt::format("<label for=\"{}\">{}</label>\n", name, label);
  if (!hint.empty()) out += fmt::format("<p class=\"hint\" id=\"{}\">{}</p>\n", hint_id, hint);
  out += error_of(errors, name);
  out += fmt::format("<input type=\"{}\" id=\"{}\" name=\"{}\" value=\"{}\"{}{}>\n", type, name,
                     name, html_escape(value), described_by(errors, name, hint_id), extra);
  return out;
}

std::string chamber_boxes(const AlertForm& f) {
  std::string out =
      "<fieldset><legend>Where (tick none for everywhere)</legend>\n<ul class=\"choices\">\n";
  for (const auto& c : chamber_choices()) {
    const bool on = std::find(f.chambers.begin(), f.chambers.end(), c.value) != f.chambers.end();
    out += fmt::format(
        "<li><input type=\"checkbox\" id=\"chamber-{0}\" name=\"chamber\" value=\"{0}\"{1}>"
        "<label for=\"chamber-{0}\">{2}</label></li>\n",
        c.value, on ? " checked" : "", c.label);
  }
  return out + "</ul></fieldset>\n";
}

std::string frequency_radios(const AlertForm& f) {
  return fmt::format(
      "<fieldset><legend>How often</legend>\n<ul class=\"choices\">\n"
      "<li><input type=\"radio\" id=\"frequency-immediate\" name=\"frequency\" "
      "value=\"immediate\"{}><label for=\"frequency-immediate\">An email as soon as something "
      "is published</label></li>\n"
      "<li><input type=\"radio\" id=\"frequency-daily\" name=\"frequency\" value=\"daily\"{}>"
      "<label for=\"frequency-daily\">One email a day</label></li>\n</ul></fieldset>\n",
      f.daily ? "" : " checked", f.daily ? " checked" : "");
}

std::string item_html(const storage::StoredItemRecord& r, const std::vector<std::string>& terms) {
  const auto& i = r.item;
  const auto heading = i.headings.empty() ? std::string("(no heading)") : i.headings.back();
  std::string who = i.speaker.name.empty() ? "" : ", " + html_escape(i.speaker.name);
  if (!i.speaker.name.empty() && !i.speaker.party.empty()) {
    who += " (" + html_escape(i.speaker.party) + ")";
  }
  return fmt::format(
      "<li><a href=\"{}\">{}</a><br>\n<span class=\"meta\">{}, {}{}</span><br>\n{}</li>\n",
      html_escape(item_link(r.section, i.gid, i.url)),
      deliver::mark_terms(heading, terms, "<mark>", "</mark>", true),
      html_escape(deliver::long_date(r.date)), html_escape(section_info(r.section).title), who,
      deliver::mark_terms(deliver::extract(i.text, terms), terms, "<mark>", "</mark>", true));
}

}  // namespace

// The whole sign-up form; `form_token` "" leaves the address and the
// sign-up button out (a preview the browser has no cookie for yet).
std::string form_html(const AlertForm& f, const FieldErrors& errors,
                      const std::string& form_token) {
  std::string out = "<form method=\"post\" action=\"/alert\" novalidate>\n";
  out += error_of(errors, "form");
  out += text_field("q", "Words or phrases", "text", f.q,
                    "Put a phrase in double quotes. Commas make separate alerts: "
                    "trafficking, modern slavery, forced labour.",
                    errors);
  out += text_field("exclude", "Leave out items that mention", "text", f.exclude,
                    "Words, or phrases in double quotes.", errors);
  out += text_field("speaker", "Or only what a member says", "text", f.speaker,
                    "A member's name, or part of one.", errors);
  out += chamber_boxes(f);
  out += frequency_radios(f);
  out += text_field("email", "Your email address", "email", f.email,
                    "We send one email to confirm; nothing else until you press its button.",
                    errors, " autocomplete=\"email\"");
  if (!f.like.empty()) {
    out += fmt::format("<input type=\"hidden\" name=\"like\" value=\"{}\">\n", html_escape(f.like));
  }
  out += fmt::format("<input type=\"hidden\" name=\"form_token\" value=\"{}\">\n",
                     html_escape(form_token));
  out +=
      "<p><button type=\"submit\" name=\"step\" value=\"preview\" id=\"preview\">Preview</button>"
      " <button type=\"submit\" name=\"step\" value=\"signup\" id=\"signup\">Sign up</button></p>\n"
      "</form>\n";
  return out;
}

std::string preview_html(const std::string& rule, const ingest::Preview& p,
                         const ingest::PreviewWindow& w) {
  std::string out = fmt::format("<h3><code>{}</code></h3>\n", html_escape(rule));
  if (w.until.empty()) return out + "<p>Nothing has been read into the archive yet.</p>\n";
  out += fmt::format("<p><b>{} {}</b> of {}{} from {} to {} would have been sent.</p>\n", p.count,
                     p.count == 1 ? "item" : "items", w.capped ? "the newest " : "", w.scanned,
                     html_escape(deliver::long_date(w.since)),
                     html_escape(deliver::long_date(w.until)));
  if (p.latest.empty()) return out;
  out += "<ol class=\"preview\">\n";
  for (const auto& r : p.latest) out += item_html(r, p.highlight);
  return out + "</ol>\n";
}

}  // namespace pw::web
