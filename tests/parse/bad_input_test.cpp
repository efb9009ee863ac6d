#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/transcript_parser.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::parse {
namespace {

using ::testing::HasSubstr;

constexpr const char* kName = "debates2009-10-30a.xml";

std::string billion_laughs() {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE publicwhip [\n <!ENTITY l0 \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    doc += " <!ENTITY l" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) doc += "&l" + std::to_string(i - 1) + ";";
    doc += "\">\n";
  }
  doc +=
      "]>\n<publicwhip><speech id=\"uk.org.publicwhip/debate/2009-10-30a.1.1\"><p>&l9;</p>"
      "</speech></publicwhip>\n";
  return doc;
}

Error parse_error(const std::string& bytes, const std::string& name = kName) {
  auto t = parse_transcript(name, bytes);
  EXPECT_FALSE(t);
  return t ? Error{} : t.error();
}

TEST(BadInput, TruncatedXmlIsAnErrorNamingTheFile) {
  const std::string whole = test::read_data("westminster2009-10-29a.xml");
  const Error e = parse_error(whole.substr(0, whole.size() / 2), "westminster2009-10-29a.xml");
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_THAT(e.message, HasSubstr("westminster2009-10-29a.xml: truncated: the file stops before "
                                   "</publicwhip>; line "));
  EXPECT_THAT(e.message, HasSubstr("(inside <"));
}

TEST(BadInput, ExtraContentAfterACompleteDocumentIsMalformedNotTruncated) {
  const Error e = parse_error("<publicwhip>\n<speech id=\"x\">hi</speech>\n</publicwhip>\n<junk/>");
  EXPECT_THAT(e.message, HasSubstr(": line 4: "));
  EXPECT_THAT(e.message, ::testing::Not(HasSubstr("truncated")));
  EXPECT_THAT(parse_error(test::read_data("westminster2009-10-29a.xml").substr(0, 120)).message,
              HasSubstr("truncated: the file stops before its first element"));
}

TEST(BadInput, NonXmlAndEmptyFilesAreErrors) {
  EXPECT_THAT(parse_error("This is not XML at all.\n").message, HasSubstr(kName));
  EXPECT_THAT(parse_error("").message, HasSubstr("empty file"));
  EXPECT_THAT(parse_error("<html><body/></html>").message, HasSubstr("root element <html>"));
}

TEST(BadInput, BillionLaughsFailsQuickly) {
  const auto start = std::chrono::steady_clock::now();
  const Error e = parse_error(billion_laughs());
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_THAT(e.message, HasSubstr("entity"));
  EXPECT_LT(took, std::chrono::seconds(5));  // a generous bound: expansion is refused, not done
}

TEST(BadInput, ExternalEntitiesAreRefusedWithoutReadingThem) {
  test::TempDir dir;
  test::write_file(dir / "secret.txt", "TOP-SECRET");
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE publicwhip [ <!ENTITY s SYSTEM \"file://" +
      (dir / "secret.txt").string() +
      "\"> ]>\n<publicwhip><speech id=\"uk.org.publicwhip/debate/2009-10-30a.1.1\">"
      "<p>&s;</p></speech></publicwhip>\n";
  auto t = parse_transcript(kName, xxe);
  ASSERT_FALSE(t);
  EXPECT_THAT(t.error().message, HasSubstr("external entity refused"));
  EXPECT_THAT(t.error().message, ::testing::Not(HasSubstr("TOP-SECRET")));
}

TEST(BadInput, ExternalParameterEntitiesAndDtdsAreRefused) {
  const std::string pe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE publicwhip [ <!ENTITY % e SYSTEM "
      "\"http://127.0.0.1:9/evil.dtd\"> %e; ]>\n<publicwhip/>\n";
  EXPECT_THAT(parse_error(pe).message, HasSubstr("external entity refused"));
}

TEST(BadInput, UnknownEncodingIsAnError) {
  const Error e =
      parse_error("<?xml version=\"1.0\" encoding=\"X-NO-SUCH-CHARSET\"?>\n<publicwhip/>");
  EXPECT_THAT(e.message, HasSubstr("encoding"));
}

TEST(BadInput, BytesThatLookLikeAnotherEncodingAreAnError) {
  // Found by the fuzzer: the first bytes suggest UTF-16 or UCS-4, which
  // libxml2 reports before the first element.
  for (const std::string& bytes :
       {std::string("\0\0<\0\0\n", 6), std::string("\0\0\0<", 4), std::string("<\0\0\0", 4),
        std::string("\xfe\xff\0<", 4), std::string("\0<", 2)}) {
    const Error e = parse_error(bytes);
    EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
    EXPECT_THAT(e.message, HasSubstr(kName));
  }
}

TEST(BadInput, InvalidUtf8WithoutADeclarationIsAnError) {
  const Error e = parse_error("<publicwhip><speech id=\"x\"><p>caf\xe9</p></speech></publicwhip>");
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
}

TEST(BadInput, BadFileNamesAreRefusedBeforeParsing) {
  EXPECT_THAT(parse_error("<publicwhip/>", "notes.xml").message,
              HasSubstr("not a ParlParse transcript file name"));
}

TEST(BadInput, OversizedFilesAreRefused) {
  const std::string big(kMaxTranscriptBytes + 1, ' ');
  EXPECT_THAT(parse_error(big).message, HasSubstr("larger than"));
}

TEST(BadInput, AFileWithMoreItemsThanTheLimitIsRefusedWhole) {
  std::string xml = "<publicwhip>\n";
  xml.reserve(kMaxItemsPerFile * 90);
  for (std::size_t i = 0; i <= kMaxItemsPerFile; ++i) {
    xml += "<speech id=\"uk.org.publicwhip/wms/2009-10-26c." + std::to_string(i) +
           "\" nospeaker=\"true\"><p>x</p></speech>\n";
  }
  xml += "</publicwhip>\n";
  const auto e = parse_error(xml, "ministerial2009-10-26c.xml");
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_THAT(e.message, HasSubstr("more than 100000 items"));
}

}  // namespace
}  // namespace pw::parse
