#include "tests/fakes/parlparse_site.hpp"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>

#include "tests/fakes/slurp.hpp"

namespace pw::test {
namespace {

namespace fs = std::filesystem;

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::time_t mtime_of(const fs::path& p) {
  const auto t = fs::last_write_time(p);
  return std::chrono::system_clock::to_time_t(std::chrono::file_clock::to_sys(t));
}

std::string etag_of(const std::string& body) {
  return "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
}

bool not_modified(const HttpRequestSeen& r, const std::string& etag, const std::string& date) {
  const auto inm = r.headers.find("if-none-match");
  if (inm != r.headers.end()) return inm->second == etag;
  const auto ims = r.headers.find("if-modified-since");
  return ims != r.headers.end() && ims->second == date;
}

HttpReply with_validators(std::string body, const HttpRequestSeen& r, const std::string& date) {
  HttpReply reply;
  const auto etag = etag_of(body);
  reply.headers = {{"ETag", etag}, {"Last-Modified", date}};
  if (not_modified(r, etag, date)) {
    reply.status = 304;
    return reply;
  }
  reply.body = std::move(body);
  return reply;
}

}  // namespace

std::vector<Fault> parse_faults(const std::string& text) {
  std::vector<Fault> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    Fault f;
    if (!(words >> f.match >> f.action)) continue;
    if (!(words >> f.times)) f.times = -1;
    out.push_back(f);
  }
  return out;
}

void ParlParseSite::set_faults(std::vector<Fault> faults) {
  const std::lock_guard lock(mutex_);
  faults_ = std::move(faults);
}

bool ParlParseSite::apply_fault(const std::string& target, HttpReply& reply) {
  const std::lock_guard lock(mutex_);
  for (auto& f : faults_) {
    if (f.times == 0 || target.find(f.match) == std::string::npos) continue;
    if (f.times > 0) --f.times;
    const auto colon = f.action.find(':');
    const std::string verb = f.action.substr(0, colon);
    const std::string arg = colon == std::string::npos ? "" : f.action.substr(colon + 1);
    if (verb == "stall") {
      reply.stall = std::chrono::milliseconds(std::stoi(arg));
      return false;  // then answer normally, late
    }
    if (verb == "truncate") {
      reply.truncate = true;
      return false;
    }
    if (verb == "hangup") {
      reply.hang_up = true;
    } else if (verb == "redirect") {
      reply.status = 302;
      reply.headers = {{"Location", arg}};
    } else if (verb == "garbage") {
      reply.body = "<publicwhip><speech id='x'>unclosed";
    } else {
      reply.status = std::stoi(verb);
      if (!arg.empty()) reply.headers = {{"Retry-After", arg}};
      reply.body = "fault\n";
    }
    return true;
  }
  return false;
}

HttpReply ParlParseSite::serve_file(const fs::path& file, const HttpRequestSeen& request) {
  return with_validators(slurp(file), request, http_date(mtime_of(file)));
}

HttpReply ParlParseSite::serve_listing(const fs::path& dir, const HttpRequestSeen& request) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::string html =
      "<html><head><title>Index</title></head><body><table>\n"
      "<tr><td><a href=\"../\">Parent Directory</a></td></tr>\n";
  for (const auto& n : names) html += "<tr><td><a href=\"" + n + "\">" + n + "</a></td></tr>\n";
  html += "</table></body></html>\n";
  return with_validators(std::move(html), request, http_date(mtime_of(dir)));
}

HttpReply ParlParseSite::handle(const HttpRequestSeen& request) {
  HttpReply reply;
  if (apply_fault(request.target, reply)) return reply;
  if (request.method == "POST" && request.target.rfind("/hooks/", 0) == 0 && !hook_dir_.empty()) {
    int n = 0;
    {
      const std::lock_guard lock(mutex_);
      n = ++hooks_;
    }
    std::ofstream(hook_dir_ / (std::to_string(n) + ".json"), std::ios::binary) << request.body;
    std::ofstream headers(hook_dir_ / (std::to_string(n) + ".headers"));
    for (const auto& [name, value] : request.headers) headers << name << ": " << value << "\n";
    reply.status = 204;
    return reply;
  }
  const std::string prefix = "/scrapedxml/";
  const std::string members = "/members/";  // ROOT/members/people.json
  const std::string& t = request.target;
  const bool is_members = t.rfind(members, 0) == 0;
  if ((t.rfind(prefix, 0) != 0 && !is_members) || t.find("..") != std::string::npos) {
    reply.status = 404;
    return reply;
  }
  const fs::path p =
      is_members ? root_ / "members" / t.substr(members.size()) : root_ / t.substr(prefix.size());
  std::error_code ec;
  HttpReply answer;
  if (!t.empty() && t.back() == '/' && fs::is_directory(p, ec)) {
    answer = serve_listing(p, request);
  } else if (fs::is_regular_file(p, ec)) {
    answer = serve_file(p, request);
  } else {
    answer.status = 404;
  }
  answer.stall = reply.stall;
  answer.truncate = reply.truncate;
  return answer;
}

}  // namespace pw::test
