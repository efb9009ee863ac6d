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

bool is_membership(std::string_view element) {
  return element == "member" || element == "lord" || element == "member_sp" ||
         element == "member_ni";
}

Status read_member(XmlStream& s, std::vector<Membership>& terms) {
  if (!is_membership(s.name())) return {};
  Membership m;
  m.member_id = s.attribute("id");
  m.party = s.name() == "lord" ? s.attribute("affiliation") : s.attribute("party");
  m.constituency = s.attribute("constituency");
  m.from_date = s.attribute("fromdate");
  m.to_date = s.attribute("todate");
  if (m.to_date == "9999-12-31") m.to_date.clear();
  terms.push_back(std::move(m));
  return {};
}

}  // namespace

Status load_people_xml(std::string_view bytes, Members& members) {
  return for_each_record(bytes, "people.xml",
                         [&](XmlStream& s) { return read_person(s, members); });
}

Status load_all_members_xml(std::string_view bytes, Members& members) {
  std::vector<Membership> terms;
  PW_TRY(
      for_each_record(bytes, "members list", [&](XmlStream& s) { return read_member(s, terms); }));
  members.add_memberships(std::move(terms));
  return {};
}

Status load_members_file(std::string_view name, std::string_view bytes, Members& members) {
  const auto first = bytes.find_first_not_of(" \t\r\n");
  Status ok;
  if (first != std::string_view::npos && bytes[first] == '{') {
    ok = load_people_json(bytes, members);
  } else if (bytes.find("<person ") != std::string_view::npos) {
    ok = load_people_xml(bytes, members);
  } else if (bytes.find("<member") != std::string_view::npos ||
             bytes.find("<lord") != std::string_view::npos) {
    ok = load_all_members_xml(bytes, members);
  } else {
    ok = fail(Error::invalid(
        "not people.json, people.xml or a members list (all-members.xml, peers-ucl.xml, "
        "sp-members.xml, ni-members.xml)"));
  }
  if (!ok) return fail(ok.error().with_context(name));
  return ok;
}

}  // namespace pw::parse
