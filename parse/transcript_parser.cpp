#include "parse/transcript_parser.hpp"

#include <optional>
#include <unordered_set>

#include <fmt/format.h>

#include "core/gid.hpp"
#include "parse/item_reader.hpp"
#include "parse/sax.hpp"

namespace pw::parse {
namespace {

std::optional<ItemKind> kind_of_element(std::string_view name) {
  if (name == "speech") return ItemKind::kSpeech;
  if (name == "ques") return ItemKind::kQuestion;
  if (name == "reply") return ItemKind::kAnswer;
  if (name == "major-heading") return ItemKind::kMajorHeading;
  if (name == "minor-heading") return ItemKind::kMinorHeading;
  if (name == "oral-heading") return ItemKind::kOralHeading;
  if (name == "division") return ItemKind::kDivision;
  return std::nullopt;
}

Redirect read_redirect(const SaxAttributes& a) {
  Redirect r;
  r.old_gid = a.get("oldgid");
  r.new_gid = a.get("newgid");
  r.old_key = gid_key(r.old_gid);
  r.new_key = gid_key(r.new_gid);
  r.match_type = a.get("matchtype");
  return r;
}

class TranscriptReader final : public SaxHandler {
 public:
  explicit TranscriptReader(Transcript t) : t_(std::move(t)) {}

  Status start(const SaxElement& e, const SaxAttributes& a) override {
    const int depth = depth_++;
    if (item_) {
      item_->start(e.local, a);
      return {};
    }
    if (depth == 0) return root(e, a);
    if (depth == 1) return element(e, a);
    return {};
  }

  void end() override {
    --depth_;
    if (!item_) return;
    if (depth_ == 1) {
      t_.items.push_back(item_->finish(headings_));
      item_.reset();
    } else {
      item_->end();
    }
  }

  void text(std::string_view chars) override {
    if (item_) item_->text(chars);
  }

  Result<Transcript> finish() {
    if (!saw_root_) return fail(Error::invalid("no <publicwhip> root element"));
    return std::move(t_);
  }

 private:
  Status root(const SaxElement& e, const SaxAttributes& a) {
    const std::string name = e.qualified();
    if (name != "publicwhip") {
      return fail(
          Error::invalid(fmt::format("not a ParlParse transcript (root element <{}>)", name)));
    }
    saw_root_ = true;
    t_.latest = a.get("latest") != "no";
    return {};
  }

  Status element(const SaxElement& e, const SaxAttributes& a) {
    if (!e.prefix.empty()) return {};
    if (e.local == "bill") {
      headings_.committee = a.get("title");
      return {};
    }
    if (e.local == "gidredirect") {
      Redirect r = read_redirect(a);
      redirected_.insert(r.old_gid);
      t_.redirects.push_back(std::move(r));
      return {};
    }
    const auto kind = kind_of_element(e.local);
    if (!kind) return {};
    if (redirected_.count(std::string(a.get("id"))) != 0) return {};
    if (t_.items.size() >= kMaxItemsPerFile) {
      return fail(Error::invalid(fmt::format("more than {} items", kMaxItemsPerFile)));
    }
    item_.emplace(a, *kind);
    return {};
  }

  Transcript t_;
  HeadingState headings_;
  std::unordered_set<std::string> redirected_;
  std::optional<ItemReader> item_;
  int depth_ = 0;  // elements open
  bool saw_root_ = false;
};

}  // namespace

Result<Transcript> parse_transcript(std::string_view file_name, std::string_view bytes) {
  const auto name = parse_transcript_name(file_name);
  if (!name) {
    return fail(Error::invalid(fmt::format(
        "{}: not a ParlParse transcript file name (expected e.g. debates2009-10-27d.xml)",
        file_name)));
  }
  if (bytes.size() > kMaxTranscriptBytes) {
    return fail(
        Error::invalid(fmt::format("{}: larger than {} bytes", file_name, kMaxTranscriptBytes)));
  }
  Transcript t;
  t.file_name = std::string(file_name);
  t.section = name->section;
  t.date = name->date;
  t.version = name->version;
  TranscriptReader reader(std::move(t));
  if (auto ok = parse_sax(bytes, reader); !ok) return fail(ok.error().with_context(file_name));
  auto result = reader.finish();
  if (!result) return fail(result.error().with_context(file_name));
  return result;
}

}  // namespace pw::parse
