#include "web/alert_form.hpp"

#include <algorithm>
#include <array>

#include "deliver/mime.hpp"

namespace pw::web {
namespace {

constexpr std::array<ChamberChoice, 9> kChambers{{
    {"debates", "House of Commons debates"},
    {"whall", "Westminster Hall debates"},
    {"wrans", "Written answers (both Houses)"},
    {"wms", "Written statements (both Houses)"},
    {"lords", "House of Lords debates"},
    {"pbc", "Public Bill Committees"},
    {"sp", "Scottish Parliament debates"},
    {"spwrans", "Scottish Parliament written answers"},
    {"ni", "Northern Ireland Assembly"},
}};

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

bool offered(std::string_view value) {
  return std::any_of(kChambers.begin(), kChambers.end(),
                     [&](const ChamberChoice& c) { return c.value == value; });
}

// Splits at `separators` outside double quotes and brackets.
std::vector<std::string> split_outside(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  std::string current;
  bool quoted = false;
  int depth = 0;
  const auto flush = [&] {
    auto t = trim(current);
    if (!t.empty()) out.push_back(std::move(t));
    current.clear();
  };
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')' && depth > 0) --depth;
    if (!quoted && depth == 0 && separators.find(c) != std::string_view::npos) {
      flush();
    } else {
      current += c;
    }
  }
  flush();
  return out;
}

bool needs_brackets(std::string_view topic) {
  return topic.find(" OR ") != std::string_view::npos ||
         topic.find(" XOR ") != std::string_view::npos;
}

}  // namespace

std::span<const ChamberChoice> chamber_choices() {
  return kChambers;
}

AlertForm read_alert_form(const std::vector<std::pair<std::string, std::string>>& fields) {
  AlertForm f;
  for (const auto& [name, raw] : fields) {
    auto value = trim(raw);
    if (name == "email") {
      f.email = std::move(value);
    } else if (name == "q") {
      f.q = std::move(value);
    } else if (name == "exclude") {
      f.exclude = std::move(value);
    } else if (name == "speaker") {
      f.speaker = std::move(value);
    } else if (name == "like") {
      f.like = std::move(value);
    } else if (name == "frequency") {
      f.daily = value == "daily";
    } else if (name == "chamber" && offered(value) &&
               std::find(f.chambers.begin(), f.chambers.end(), value) == f.chambers.end()) {
      f.chambers.push_back(std::move(value));
    }
  }
  return f;
}

std::vector<std::string> split_topics(std::string_view q) {
  return split_outside(q, ",");
}

std::string compose_rule(std::string_view topic, const AlertForm& form) {
  std::string out = needs_brackets(topic) ? "(" + std::string(topic) + ")" : std::string(topic);
  const auto add = [&](const std::string& part) {
    if (!out.empty()) out += ' ';
    out += part;
  };
  for (auto word : split_outside(form.exclude, ", ")) {
    word.erase(std::remove(word.begin(), word.end(), '"'), word.end());
    if (word.empty()) continue;
    add(word.find(' ') == std::string::npos ? "-" + word : "-\"" + word + "\"");
  }
  if (!form.speaker.empty()) {
    add(std::all_of(form.speaker.begin(), form.speaker.end(),
                    [](char c) { return c >= '0' && c <= '9'; })
            ? "speaker:" + form.speaker
            : "speaker:\"" + form.speaker + "\"");
  }
  for (const auto& c : form.chambers) add("section:" + c);
  return out;
}

std::string alert_query_string(const AlertForm& form) {
  std::string out;
  const auto add = [&](std::string_view name, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += '&';
    out += std::string(name) + "=" + deliver::url_encode(value);
  };
  add("q", form.q);
  add("exclude", form.exclude);
  add("speaker", form.speaker);
  for (const auto& c : form.chambers) add("chamber", c);
  if (form.daily) add("frequency", "daily");
  return out;
}

}  // namespace pw::web
