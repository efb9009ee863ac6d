#include <fmt/format.h>

#include "core/section.hpp"
#include "deliver/mime.hpp"
#include "deliver/render.hpp"
#include "storage/item_reader.hpp"
#include "web/form_guard.hpp"
#include "web/pages_html.hpp"
#include "web/site.hpp"

namespace pw::web {

using deliver::html_escape;

std::string Site::form_token_for(const Request& r, Response& out) {
  auto cookie = cookie_value(r, kFormCookie);
  if (!cookie || cookie->size() != 32) {
    cookie = new_form_cookie();
    if (!cookie) return "";
    out.headers.emplace_back("Set-Cookie", form_cookie_header(*cookie, options_.email.public_url));
  }
  return make_form_token(options_.email.token_secret, *cookie, now());
}

Response Site::home(const Request& r) {
  std::string body =
      "<p>parlwatch emails you when Parliament mentions the words you choose, or when a member "
      "you follow speaks: the UK Parliament, the Scottish Parliament and the Northern Ireland "
      "Assembly, from the transcripts TheyWorkForYou's ParlParse publishes.</p>\n"
      "<h2>What is watched</h2>\n";
  auto fresh = storage::ItemReader(db_).newest_sittings();
  if (!fresh) return html_page(503, "parlwatch", "<p>The archive cannot be read just now.</p>");
  if (fresh->empty()) {
    body += "<p>Nothing has been read yet.</p>\n";
  } else {
    body += "<ul>\n";
    for (const auto& [section, date] : *fresh) {
      body +=
          fmt::format("<li>{}: newest sitting {}</li>\n", html_escape(section_info(section).title),
                      html_escape(deliver::long_date(date)));
    }
    body += "</ul>\n";
  }
  Response out = html_page(200, "", "");
  const auto token = form_token_for(r, out);
  body += "<h2>Make an alert</h2>\n" + form_html(AlertForm{}, {}, token);
  body +=
      "<h2>The alerts you have</h2>\n<p>Every alert email ends with a link to see, pause or "
      "stop your alerts, and one to unsubscribe at once.</p>\n"
      "<h2>For campaign sites</h2>\n<p>Link to <code>/alert?like=ID</code> (an item id or a "
      "TheyWorkForYou debate link), <code>/alert?q=WORDS</code> or "
      "<code>/alert?speaker=NAME</code>: see <a href=\"/alert?q=%22human+trafficking%22\">an "
      "example</a>.</p>\n";
  auto page = html_page(200, "Alerts from Parliament", body);
  page.headers = std::move(out.headers);
  return page;
}

}  // namespace pw::web
