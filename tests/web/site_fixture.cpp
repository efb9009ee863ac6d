#include "tests/web/site_fixture.hpp"

#include "parse/members.hpp"
#include "parse/transcript_parser.hpp"
#include "storage/item_repository.hpp"
#include "storage/outbox_repository.hpp"

namespace pw::web::test {

void SiteTest::SetUp() {
  auto opened = storage::Database::open((dir_ / "pw.db").string());
  ASSERT_TRUE(opened);
  db_.emplace(std::move(*opened));
  auto t = parse::parse_transcript("debates2007-11-26a.xml",
                                   pw::test::read_data("debates2007-11-26a.xml"));
  ASSERT_TRUE(t);
  parse::Members members;
  ASSERT_TRUE(parse::load_people_xml(pw::test::read_data("people.xml"), members));
  ASSERT_TRUE(parse::load_all_members_xml(pw::test::read_data("all-members.xml"), members));
  parse::resolve_speakers(*t, members);
  storage::ItemRepository items(*db_);
  std::vector<Person> persons;
  for (const auto& item : t->items) {
    if (auto p = members.person(item.speaker.person_id, t->date); p && !p->name.empty()) {
      persons.push_back(*p);
    }
  }
  ASSERT_TRUE(items.upsert_persons(persons));
  ASSERT_TRUE(
      db_->exec("INSERT INTO files (id, name, section, date, version, version_rank,"
                " sha256, items, ingested_at) VALUES (1, 'debates2007-11-26a.xml',"
                " 'debates', '2007-11-26', 'a', 1, 'h', 0, 1)"));
  for (const auto& item : t->items) {
    ASSERT_TRUE(items.upsert(item, storage::ItemOrigin{t->section, t->date, 1, 1}));
  }
  remake_site(options());
}

SiteOptions SiteTest::options() const {
  SiteOptions o;
  o.email = deliver::EmailSettings{"Alerts <alerts@example.net>", "https://alerts.example.net",
                                   "a test secret of some length"};
  o.admin_token = "admin-token-0123456789";
  return o;
}

void SiteTest::remake_site(SiteOptions o) {
  site_.emplace(*db_, std::move(o), counters_, clock_);
  site_->set_on_queued([this] { ++queued_; });
}

Site& SiteTest::site() {
  return *site_;
}

Response SiteTest::get(const std::string& target, const std::string& client) {
  Request r;
  r.method = "GET";
  r.target = target;
  r.client = client;
  return site().handle(r);
}

Response SiteTest::post(const std::string& target, const std::string& body, const std::string& type,
                        const std::string& client, const std::string& auth) {
  Request r;
  r.method = "POST";
  r.target = target;
  r.body = body;
  r.client = client;
  r.headers.emplace_back("content-type", type);
  if (!auth.empty()) r.headers.emplace_back("authorization", auth);
  return site().handle(r);
}

Response SiteTest::sign_up(const std::string& json, const std::string& client) {
  return post("/api/subscriptions", json, "application/json", client);
}

std::int64_t SiteTest::count(const std::string& sql) {
  return *db_->scalar(sql);
}

std::string SiteTest::link_in_newest_mail(const std::string& route) {
  storage::OutboxRepository outbox(*db_);
  auto rows = outbox.recent(1);
  if (!rows || rows->empty()) return "";
  auto newest = outbox.find(rows->front().id);
  if (!newest || !*newest) return "";
  std::string body = (*newest)->body;
  // Undo quoted-printable soft breaks so links are whole.
  for (std::size_t at; (at = body.find("=\r\n")) != std::string::npos;) body.erase(at, 3);
  const std::string base = "https://alerts.example.net";
  const auto at = body.find(base + route);
  if (at == std::string::npos) return "";
  const auto start = at + base.size();
  const auto end = body.find_first_of(" \r\n\"<>", start);
  return body.substr(start, end - start);
}

}  // namespace pw::web::test
