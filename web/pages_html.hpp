#pragma once

#include <string>

#include "ingest/preview.hpp"
#include "web/alert_form.hpp"

namespace pw::web {

// The public sign-up form, with `errors` beside the fields that caused them
// and the person's input kept; `form_token` is its anti-forgery token.
// Every value is HTML-escaped.
std::string form_html(const AlertForm& f, const FieldErrors& errors, const std::string& form_token);

// One rule's preview: how many items of the window it matched and the
// newest of them (heading linked, date, chamber, speaker, an extract with
// the rule's words marked).
std::string preview_html(const std::string& rule, const ingest::Preview& p,
                         const ingest::PreviewWindow& w);

}  // namespace pw::web
