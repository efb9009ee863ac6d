#include "storage/item_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace pw::storage {
namespace {

constexpr std::string_view kSelectItems =
    "SELECT id, section, date, kind, gid, key, headings, COALESCE(member_id, ''),"
    " COALESCE(person_id, ''), COALESCE(speaker_name, ''), COALESCE(speaker_office, ''),"
    " COALESCE(party, ''), COALESCE(time, ''), colnum, url, text FROM items ";

StoredItemRecord read_item(const Statement& s) {
  StoredItemRecord r;
  r.id = s.int64(0);
  r.section = section_from_name(s.text(1)).value_or(Section::kDebates);
  r.date = s.text(2);
  Item& i = r.item;
  i.kind = item_kind_from_name(s.text(3)).value_or(ItemKind::kSpeech);
  i.gid = s.text(4);
  i.key = s.text(5);
  const auto headings = nlohmann::json::parse(s.text(6), nullptr, false);
  if (headings.is_array()) {
    for (const auto& h : headings) {
      if (h.is_string()) i.headings.push_back(h.get<std::string>());
    }
  }
  i.speaker = Speaker{s.text(7), s.text(8), s.text(9), s.text(10), s.text(11), ""};
  i.time = s.text(12);
  i.column = static_cast<int>(s.int64(13));
  i.url = s.text(14);
  i.text = s.text(15);
  return r;
}

std::string sql(std::string_view where) {
  return std::string(kSelectItems) + std::string(where);
}

// Reads back parse's division text, "Division No. 231: ayes 200, noes 269".
Division division_of(const std::string& text) {
  Division d;
  const auto colon = text.find(':');
  if (std::sscanf(text.c_str(), "Division No. %d:", &d.number) != 1 || colon == std::string::npos) {
    return d;
  }
  std::size_t at = colon + 1;
  while (at < text.size()) {
    const auto end = std::min(text.find(',', at), text.size());
    const std::string part = text.substr(at, end - at);
    const auto space = part.rfind(' ');
    const auto first = part.find_first_not_of(' ');
    if (space != std::string::npos && first < space) {
      d.counts.emplace_back(part.substr(first, space - first), std::atoi(part.c_str() + space + 1));
    }
    at = end + 1;
  }
  return d;
}

Vote read_vote(const Statement& s) {
  return Vote{s.text(0), s.text(1), s.text(2), s.text(3), s.int64(4) != 0, s.text(5)};
}

}  // namespace

Result<std::optional<StoredItemRecord>> ItemReader::find(const std::string& id) {
  return first_row(db_.query(sql("WHERE gid = ?1 OR key = ?1 OR gid LIKE '%/' || ?1 LIMIT 1"), id),
                   read_item);
}

Result<std::optional<StoredItemRecord>> ItemReader::by_id(std::int64_t id) {
  return first_row(db_.query(sql("WHERE id = ?1"), id), read_item);
}

Result<std::vector<StoredItemRecord>> ItemReader::debate(Section section, const std::string& date,
                                                         const std::vector<std::string>& headings) {
  if (headings.empty()) return std::vector<StoredItemRecord>{};
  const std::vector<std::string> parents(headings.begin(), headings.end() - 1);
  return collect_rows(
      db_.query(sql("WHERE section = ?1 AND date = ?2 AND (headings = ?3 OR"
                    " (headings = ?4 AND kind LIKE '%heading' AND text = ?5)) ORDER BY id"),
                section_name(section), date, nlohmann::json(headings).dump(),
                nlohmann::json(parents).dump(), headings.back()),
      read_item);
}

Status ItemReader::scan(const std::string& since,
                        const std::function<void(const StoredItemRecord&)>& visit) {
  PW_TRY_ASSIGN(auto s, db_.query(sql("WHERE date >= ?1 ORDER BY date, id"), since));
  for (;;) {
    PW_TRY_ASSIGN(auto row, s.step());
    if (!row) return {};
    visit(read_item(s));
  }
}

Status ItemReader::scan_newest_first(const std::string& since,
                                     const std::function<bool(const StoredItemRecord&)>& visit) {
  PW_TRY_ASSIGN(auto s, db_.query(sql("WHERE date >= ?1 ORDER BY date DESC, id DESC"), since));
  for (;;) {
    PW_TRY_ASSIGN(auto row, s.step());
    if (!row || !visit(read_item(s))) return {};
  }
}

Result<std::vector<StoredItemRecord>> ItemReader::divisions(Section section,
                                                            const std::string& date) {
  PW_TRY_ASSIGN(
      auto found,
      collect_rows(db_.query(sql("WHERE section = ?1 AND date = ?2 AND kind = ?3"
                                 " ORDER BY id"),
                             section_name(section), date, item_kind_name(ItemKind::kDivision)),
                   read_item));
  for (auto& r : found) {
    Division d = division_of(r.item.text);
    PW_TRY_ASSIGN(auto votes, collect_rows(db_.query("SELECT member_id, COALESCE(person_id, ''),"
                                                     " name, vote, teller, proxy FROM votes"
                                                     " WHERE item_id = ?1 ORDER BY rowid",
                                                     r.id),
                                           read_vote));
    d.votes = std::move(votes);
    r.item.division = std::move(d);
  }
  return found;
}

Result<std::vector<Person>> ItemReader::persons() {
  return collect_rows(db_.query("SELECT id, name FROM persons ORDER BY id"),
                      [](const Statement& s) {
                        return Person{s.text(0), s.text(1), {}, {}};
                      });
}

Result<std::vector<std::pair<Section, std::string>>> ItemReader::newest_sittings() {
  PW_TRY_ASSIGN(auto rows,
                collect_rows(db_.query("SELECT section, MAX(date) FROM items GROUP BY section"),
                             [](const Statement& s) { return std::pair(s.text(0), s.text(1)); }));
  std::vector<std::pair<Section, std::string>> out;
  for (auto& [name, date] : rows) {
    if (const auto s = section_from_name(name)) out.emplace_back(*s, std::move(date));
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<PersonSeen>> ItemReader::find_persons(const std::string& part, int limit) {
  std::string pattern = "%";
  for (const char c : part) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return collect_rows(
      db_.query("SELECT p.id, p.name,"
                " COALESCE((SELECT party FROM items WHERE person_id = p.id AND party <> ''"
                "           ORDER BY date DESC LIMIT 1), ''),"
                " COALESCE(MIN(i.date), ''), COALESCE(MAX(i.date), ''), COUNT(i.id)"
                " FROM persons p LEFT JOIN items i ON i.person_id = p.id"
                " WHERE p.name LIKE ?1 ESCAPE '\\' GROUP BY p.id ORDER BY p.name, p.id LIMIT ?2",
                pattern, limit),
      [](const Statement& s) {
        return PersonSeen{Person{s.text(0), s.text(1), s.text(2), {}}, s.text(3), s.text(4),
                          s.int64(5)};
      });
}

}  // namespace pw::storage
