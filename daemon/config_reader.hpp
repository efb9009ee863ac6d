#pragma once

#include <utility>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "daemon/config.hpp"

namespace pw::config_detail {

// Collects every problem with its line; reads values into a Config.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  void error(const toml::node& at, std::string_view what) { add(at.source().begin.line, what); }
  void error_in(const toml::table& t, std::string_view what) { add(t.source().begin.line, what); }

  // Reports keys of `t` that are not in `known`.
  void check_keys(const toml::table& t, std::string_view where,
                  std::initializer_list<std::string_view> known) {
    for (const auto& [key, node] : t) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
        add(key.source().begin.line, fmt::format("unknown key '{}' in {}", key.str(), where));
      }
    }
  }

  void string(const toml::table& t, std::string_view key, std::string& out) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return;
    if (const auto* v = n->as_string()) {
      out = v->get();
    } else {
      error(*n, fmt::format("'{}' must be a string", key));
    }
  }

  template <typename T>
  void integer(const toml::table& t, std::string_view key, T& out, std::int64_t lo,
               std::int64_t hi) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return;
    const auto* v = n->as_integer();
    if (v == nullptr) return error(*n, fmt::format("'{}' must be a whole number", key));
    if (v->get() < lo || v->get() > hi) {
      return error(*n, fmt::format("'{}' must be from {} to {}", key, lo, hi));
    }
    out = T(v->get());
  }

  void strings(const toml::table& t, std::string_view key, std::vector<std::string>& out) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return;
    const auto* a = n->as_array();
    if (a == nullptr) return error(*n, fmt::format("'{}' must be a list of strings", key));
    out.clear();
    for (const auto& e : *a) {
      if (const auto* s = e.as_string()) {
        out.push_back(s->get());
      } else {
        error(e, fmt::format("'{}' must be a list of strings", key));
      }
    }
  }

  // Every problem as "FILE:LINE: what", in line order.
  std::string report() const {
    auto sorted = errors_;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    for (const auto& [line, what] : sorted) {
      out += fmt::format("{}{}:{}: {}", out.empty() ? "" : "\n", file_, line, what);
    }
    return out;
  }
  bool ok() const { return errors_.empty(); }

 private:
  void add(std::uint32_t line, std::string_view what) { errors_.emplace_back(line, what); }

  std::string file_;
  std::vector<std::pair<std::uint32_t, std::string>> errors_;
};

// Returns t[key], or `t` itself when the key is absent (for a line to report).
inline const toml::node& at(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  return n != nullptr ? *n : static_cast<const toml::node&>(t);
}

// Returns root[name] if it is a table; reports it otherwise.
inline const toml::table* table(Reader& r, const toml::table& root, std::string_view name) {
  const toml::node* n = root.get(name);
  if (n == nullptr) return nullptr;
  if (const auto* t = n->as_table()) return t;
  r.error(*n, fmt::format("'{}' must be a table ([{}])", name, name));
  return nullptr;
}

// Reads [delivery], [email] and [webhooks] (config_delivery.cpp).
void read_delivery(Reader& r, const toml::table& root, DeliveryConfig& d);

// Reads [server] and [subscriptions] (config_server.cpp).
void read_server(Reader& r, const toml::table& root, ServerConfig& server,
                 SubscriptionsConfig& subscriptions);

}  // namespace pw::config_detail
