#include "deliver/mime.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/crypto.hpp"

namespace pw::deliver {
namespace {

constexpr std::size_t kQpLine = 76;

// True for a byte quoted-printable keeps as it is (a space or tab only
// where no line end follows).
bool qp_literal(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return (c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t';
}

bool plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](unsigned char c) { return (c & 0xc0) != 0x80; }));
}

// Splits UTF-8 text into chunks of at most `max` bytes without splitting a
// character.
std::vector<std::string_view> utf8_chunks(std::string_view s, std::size_t max) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    std::size_t n = std::min(max, s.size());
    while (n < s.size() && n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;
    out.push_back(s.substr(0, n));
    s.remove_prefix(n);
  }
  return out;
}

// ASCII only, as std::isalnum and std::tolower are in the "C" locale the
// program runs in, without their calls.
bool ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool word_start(std::string_view text, std::size_t i) {
  return i == 0 || !ascii_alnum(text[i - 1]);
}

bool starts_with_term(std::string_view rest, const std::vector<std::string>& terms) {
  return std::any_of(terms.begin(), terms.end(), [rest](const std::string& t) {
    return !t.empty() && rest.size() >= t.size() &&
           std::equal(t.begin(), t.end(), rest.begin(),
                      [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
  });
}

bool html_special(char c) {
  return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
}

void append_escaped(std::string& out, std::string_view text) {
  while (!text.empty()) {
    std::size_t plain = 0;
    while (plain < text.size() && !html_special(text[plain])) ++plain;
    out.append(text.substr(0, plain));
    if (plain == text.size()) return;
    switch (text[plain]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += "&#39;";
    }
    text.remove_prefix(plain + 1);
  }
}

}  // namespace

std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  std::size_t column = 0;
  const auto soft_break_for = [&](std::size_t width) {
    if (column + width > kQpLine - 1) {
      out += "=\r\n";
      column = 0;
    }
  };
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t run = i;
    while (run < text.size() && qp_literal(text[run])) ++run;
    const bool line_ends = run == text.size() || text[run] == '\n';
    if (line_ends && run > i && (text[run - 1] == ' ' || text[run - 1] == '\t')) --run;
    while (i < run) {
      soft_break_for(1);
      const std::size_t n = std::min(run - i, kQpLine - 1 - column);
      out.append(text.substr(i, n));
      column += n;
      i += n;
    }
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i++]);
    if (c == '\n') {
      out += "\r\n";
      column = 0;
    } else if (c != '\r') {
      soft_break_for(3);
      const char escaped[3] = {'=', kHex[c >> 4], kHex[c & 0xf]};
      out.append(escaped, 3);
      column += 3;
    }
  }
  return out;
}

std::string encode_header(std::string_view value) {
  if (plain_ascii(value)) return std::string(value);
  std::string out;
  // "=?UTF-8?B?" + base64 + "?=" within 75 characters: 45 bytes -> 60 chars.
  for (const auto chunk : utf8_chunks(value, 45)) {
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64_encode(chunk) + "?=";
  }
  return out;
}

std::string header_line(std::string_view name, std::string_view value) {
  std::string out = std::string(name) + ":";
  if (!plain_ascii(value)) return out + " " + encode_header(value) + "\r\n";
  std::size_t column = out.size();
  std::size_t pos = 0;
  while (pos <= value.size()) {
    const auto next = std::min(value.find(' ', pos), value.size());
    const auto word = value.substr(pos, next - pos);
    if (column + 1 + word.size() > 78 && column > name.size() + 1) {
      out += "\r\n";
      column = 0;
    }
    out += " ";
    out += word;
    column += 1 + word.size();
    if (next == value.size()) break;
    pos = next + 1;
  }
  return out + "\r\n";
}

std::string bare_address(std::string_view address) {
  const auto open = address.find('<');
  const auto close = address.find('>', open);
  if (open == std::string_view::npos || close == std::string_view::npos) {
    return std::string(address);
  }
  return std::string(address.substr(open + 1, close - open - 1));
}

std::string encode_address(std::string_view address) {
  const auto open = address.find('<');
  if (open == std::string_view::npos) return std::string(address);
  std::string_view name = address.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.empty() || plain_ascii(name)) return std::string(address);
  return encode_header(name) + " " + std::string(address.substr(open));
}

std::string wrap(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    const auto indent = std::min(line.find_first_not_of(' '), line.size());
    // A list item ("* ...") hangs its continuation lines under its text.
    const auto hang = indent + (line.substr(indent).starts_with("* ") ? 2 : 0);
    std::size_t column = 0;
    std::size_t pos = indent;
    out.append(indent, ' ');
    column = indent;
    bool first = true;
    while (pos < line.size()) {
      auto next = std::min(line.find(' ', pos), line.size());
      const auto word = line.substr(pos, next - pos);
      const auto len = utf8_length(word);
      if (!first && column + 1 + len > width) {
        out += '\n';
        out.append(hang, ' ');
        column = hang;
        first = true;
      }
      if (!first) {
        out += ' ';
        ++column;
      }
      out += word;
      column += len;
      first = false;
      pos = next + 1;
    }
    if (end == text.size()) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string mark_terms(std::string_view text, const std::vector<std::string>& terms,
                       std::string_view open, std::string_view close, bool html) {
  std::string out;
  std::size_t i = 0;
  out.reserve(text.size() + text.size() / 8);
  const auto emit = [&](std::string_view s) {
    if (html) {
      append_escaped(out, s);
    } else {
      out += s;
    }
  };
  while (i < text.size()) {
    if (ascii_alnum(text[i]) && word_start(text, i) && starts_with_term(text.substr(i), terms)) {
      std::size_t j = i;
      while (j < text.size() &&
             (ascii_alnum(text[j]) || (static_cast<unsigned char>(text[j]) & 0x80) != 0)) {
        ++j;
      }
      out += open;
      emit(text.substr(i, j - i));
      out += close;
      i = j;
      continue;
    }
    emit(text.substr(i, 1));
    ++i;
  }
  return out;
}

}  // namespace pw::deliver
