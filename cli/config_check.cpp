#include "cli/config_check.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <toml++/toml.h>
#include <unistd.h>

#include "daemon/listen_address.hpp"

namespace pw::cli {
namespace {

namespace fs = std::filesystem;

// Reports problems at the line of a key ("storage.database"), or of the
// file's start when the key is not in it (a default).
class Problems {
 public:
  Problems(std::string file, std::string_view text) : file_(std::move(file)) {
    try {
      root_ = toml::parse(text, file_);
    } catch (const toml::parse_error&) {
    }
  }

  void add(std::string_view key, std::string what, bool fatal = true) {
    const auto node = root_.at_path(key);
    const auto line = node ? node.node()->source().begin.line : 1;
    out_.push_back(ConfigProblem{fatal, fmt::format("{}:{}: {}", file_, line, what)});
  }
  void add_in_source(std::size_t index, std::string what) {
    const auto node = root_.at_path(fmt::format("source[{}].path", index));
    const auto line = node ? node.node()->source().begin.line : 1;
    out_.push_back(ConfigProblem{true, fmt::format("{}:{}: {}", file_, line, what)});
  }
  std::vector<ConfigProblem> take() { return std::move(out_); }

 private:
  std::string file_;
  toml::table root_;
  std::vector<ConfigProblem> out_;
};

// The nearest folder that exists at or above `dir`.
fs::path existing_ancestor(fs::path dir) {
  std::error_code ec;
  if (dir.empty()) dir = ".";
  while (!fs::exists(dir, ec) && dir.has_parent_path() && dir.parent_path() != dir) {
    dir = dir.parent_path();
  }
  return dir;
}

// "" if `dir` is a writable folder, or one `run` can create; else why not.
std::string folder_problem(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) return "is not a folder";
  const auto base = existing_ancestor(dir);
  if (::access(base.c_str(), W_OK | X_OK) != 0) {
    return fmt::format("cannot be written by this user ({} is not writable)", base.string());
  }
  return "";
}

bool provided_by_systemd(const std::string& path) {
  return path.rfind("/run/credentials/", 0) == 0;
}

void check_readable(Problems& p, std::string_view key, const std::string& path, bool fatal) {
  if (path.empty() || provided_by_systemd(path)) return;
  if (::access(path.c_str(), R_OK) != 0) {
    p.add(key, fmt::format("'{}' is missing or not readable", path), fatal);
  }
}

void check_storage(Problems& p, const Config& c) {
  const auto db_dir = fs::path(c.database).parent_path();
  if (auto why = folder_problem(db_dir); !why.empty()) {
    p.add("storage.database", fmt::format("the database folder '{}' {}", db_dir.string(), why));
  }
  if (c.delivery.mode != DeliveryConfig::Mode::kLocal) return;
  if (auto why = folder_problem(c.outbox_dir); !why.empty()) {
    p.add("storage.outbox_dir", fmt::format("the outbox folder '{}' {}", c.outbox_dir, why));
  }
}

void check_sources(Problems& p, const Config& c) {
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    const auto& s = c.sources[i];
    std::error_code ec;
    if (s.kind == SourceConfig::Kind::kDirectory && !fs::is_directory(s.path, ec)) {
      p.add_in_source(i,
                      fmt::format("source '{}': the folder '{}' does not exist", s.name, s.path));
    }
  }
}

void check_files(Problems& p, const Config& c) {
  for (const auto& f : c.people_files) {
    check_readable(p, "people.files", f, false);
  }
  check_readable(p, "email.password_file", c.delivery.smtp_password_file, true);
  check_readable(p, "email.token_secret_file", c.delivery.token_secret_file, true);
  check_readable(p, "server.admin_token_file", c.server.admin_token_file, true);
}

// Settings that are valid one by one but together do not do what their
// reader probably expects.
void check_delivery_policy(Problems& p, const Config& c) {
  const auto& d = c.delivery;
  for (const auto& n : d.webhook_allow_networks) {
    if (n.size() >= 2 && n.compare(n.size() - 2, 2, "/0") == 0) {
      p.add("webhooks.allow_networks",
            fmt::format("'{}' lets webhooks reach every address, internal ones included", n),
            false);
    }
  }
  if (d.mode == DeliveryConfig::Mode::kLocal && !d.smtp_url.empty()) {
    p.add("email.smtp_url",
          "smtp_url is set but [delivery] mode is \"local\": nothing is sent by it", false);
  }
}

void check_listen(Problems& p, const Config& c) {
  if (c.server.listen.empty()) return;
  if (auto free = listen_address_free(c.server.listen); !free) {
    p.add("server.listen", free.error().message, false);
  }
}

}  // namespace

std::vector<ConfigProblem> check_environment(const std::string& file, std::string_view text,
                                             const Config& config) {
  Problems p(file, text);
  check_storage(p, config);
  check_sources(p, config);
  check_files(p, config);
  check_delivery_policy(p, config);
  check_listen(p, config);
  return p.take();
}

}  // namespace pw::cli
