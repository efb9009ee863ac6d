#include "deliver/smtp_sender.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "sources/curl_handle.hpp"
#include "sources/url.hpp"

namespace pw::deliver {
namespace {

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

extern "C" size_t smtp_read(char* buffer, size_t size, size_t n, void* user) {
  auto& u = *static_cast<Upload*>(user);
  const std::size_t take = std::min(size * n, u.data.size() - u.offset);
  std::memcpy(buffer, u.data.data() + u.offset, take);
  u.offset += take;
  return take;
}

extern "C" size_t smtp_discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

SendResult classify(CURLcode code, long reply, const char* detail) {
  const std::string what = detail[0] != '\0' ? detail : sources::curl().easy_strerror(code);
  if (code == CURLE_OK) return {SendOutcome::kSent, fmt::format("SMTP {}", reply), std::nullopt};
  const auto message = reply > 0 ? fmt::format("SMTP {}: {}", reply, what) : what;
  if (reply >= 500 && reply < 600) return {SendOutcome::kFailed, message, std::nullopt};
  return {SendOutcome::kRetry, message, std::nullopt};
}

}  // namespace

bool has_line_break(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

struct SmtpSender::Impl {
  SmtpSettings settings;
  sources::CurlEasy easy;
  std::string no_easy;  // why `easy` is null
  std::string refusal;  // why nothing can be sent with these settings, if so

  void set_options(Upload& upload, char* error_buffer, const sources::CurlSlist& rcpt) {
    CURL* c = easy.get();
    sources::reset_common_options(c, "smtp,smtps", "", settings.connect_timeout, settings.timeout,
                                  error_buffer);
    sources::curl().easy_setopt(c, CURLOPT_URL, settings.url.c_str());
    sources::curl().easy_setopt(
        c, CURLOPT_USE_SSL,
        static_cast<long>(settings.require_tls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    if (!settings.username.empty()) {
      sources::curl().easy_setopt(c, CURLOPT_USERNAME, settings.username.c_str());
      sources::curl().easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
    }
    sources::curl().easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + settings.envelope_from + ">").c_str());
    sources::curl().easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    sources::curl().easy_setopt(c, CURLOPT_UPLOAD, 1L);
    sources::curl().easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
    sources::curl().easy_setopt(c, CURLOPT_READDATA, &upload);
    sources::curl().easy_setopt(c, CURLOPT_INFILESIZE_LARGE,
                                static_cast<curl_off_t>(upload.data.size()));
    sources::curl().easy_setopt(c, CURLOPT_WRITEFUNCTION, smtp_discard);
  }
};

SmtpSender::SmtpSender(SmtpSettings settings) : impl_(std::make_unique<Impl>()) {
  impl_->settings = std::move(settings);
  impl_->easy = sources::new_easy_handle(impl_->no_easy);
  auto& s = impl_->settings;
  const bool smtps = s.url.rfind("smtps://", 0) == 0;
  const bool smtp = s.url.rfind("smtp://", 0) == 0;
  if (!smtp && !smtps) {
    impl_->refusal = "the SMTP URL must start with smtp:// or smtps://";
    return;
  }
  const auto as_http = sources::parse_url("http://" + s.url.substr(smtps ? 8 : 7));
  if (!as_http) {
    impl_->refusal = "bad SMTP URL";
  } else if (smtp && !s.require_tls && !sources::is_loopback_host(as_http->host)) {
    impl_->refusal = "SMTP without TLS is allowed only to a loopback server";
  } else if (has_line_break(s.envelope_from) || s.envelope_from.empty()) {
    impl_->refusal = "bad envelope sender";
  }
}

SmtpSender::~SmtpSender() = default;

SendResult SmtpSender::send(const storage::OutboxRecord& row, const storage::UserRecord&,
                            std::int64_t) {
  if (!impl_->refusal.empty()) return {SendOutcome::kRetry, impl_->refusal, std::nullopt};
  if (has_line_break(row.destination) || row.destination.find('@') == std::string::npos ||
      row.destination.find_first_of("<>") != std::string::npos) {
    return {SendOutcome::kFailed, "refusing to send to a malformed address", std::nullopt};
  }
  if (!impl_->easy) return {SendOutcome::kRetry, impl_->no_easy, std::nullopt};
  sources::CurlSlist rcpt;
  sources::append_header(rcpt, "<" + row.destination + ">");
  Upload upload{row.body, 0};
  char error_buffer[CURL_ERROR_SIZE] = {};
  impl_->set_options(upload, error_buffer, rcpt);
  const CURLcode code = sources::curl().easy_perform(impl_->easy.get());
  long reply = 0;
  sources::curl().easy_getinfo(impl_->easy.get(), CURLINFO_RESPONSE_CODE, &reply);
  return classify(code, reply, error_buffer);
}

}  // namespace pw::deliver
