#include <fmt/format.h>

#include "parse/members.hpp"
#include "parse/xml.hpp"

namespace pw::parse {
namespace {

// Calls `on_element(stream)` for every element at depth 1 under a
// <publicwhip> root, then skips its subtree.
template <typename F>
Status for_each_record(std::string_view bytes, std::string_view what, F on_element) {
  auto stream = XmlStream::open(bytes, what);
  if (!stream) return fail(stream.error().with_context(what));
  auto more = stream->next();
  while (more && *more) {
    if (stream->node_type() == XML_READER_TYPE_ELEMENT && stream->depth() == 1) {
      if (auto ok = on_element(*stream); !ok) return fail(ok.error().with_context(what));
      more = stream->skip();
    } else {
      more = stream->next();
    }
  }
  if (!more) return fail(more.error().with_context(what));
  return {};
}

Status read_person(XmlStream& s, Members& members) {
  if (s.name() != "person") return {};
  const std::string id = s.attribute("id");
  members.add_person(id, s.attribute("latestname"));
  PW_TRY_ASSIGN(auto node, s.expand());
  for (const xmlNode* c = (node)->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && node_name(c) == "office") {
      members.add_office(node_attribute(c, "id"), id);
    }
  }
  return {};
}

Status read_member(XmlStream& s, Members& members) {
  if (s.name() != "member") return {};
  Membership m;
  m.member_id = s.attribute("id");
  m.party = s.attribute("party");
  m.constituency = s.attribute("constituency");
  m.from_date = s.attribute("fromdate");
  m.to_date = s.attribute("todate");
  if (m.to_date == "9999-12-31") m.to_date.clear();
  members.add_membership(std::move(m));
  return {};
}

}  // namespace

Status load_people_xml(std::string_view bytes, Members& members) {
  return for_each_record(bytes, "people.xml",
                         [&](XmlStream& s) { return read_person(s, members); });
}

Status load_all_members_xml(std::string_view bytes, Members& members) {
  return for_each_record(bytes, "all-members.xml",
                         [&](XmlStream& s) { return read_member(s, members); });
}

Status load_members_file(std::string_view name, std::string_view bytes, Members& members) {
  const auto first = bytes.find_first_not_of(" \t\r\n");
  Status ok;
  if (first != std::string_view::npos && bytes[first] == '{') {
    ok = load_people_json(bytes, members);
  } else if (bytes.find("<person ") != std::string_view::npos) {
    ok = load_people_xml(bytes, members);
  } else if (bytes.find("<member") != std::string_view::npos) {
    ok = load_all_members_xml(bytes, members);
  } else {
    ok = fail(Error::invalid("not people.xml, all-members.xml or people.json"));
  }
  if (!ok) return fail(ok.error().with_context(name));
  return ok;
}

}  // namespace pw::parse
