#include "ingest/file_io.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/fakes/temp_dir.hpp"

namespace pw {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> names(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(p.filename().string());
  return out;
}

TEST(TranscriptFiles, OrdersByDateThenSectionThenVersionAsAnOdometer) {
  test::TempDir dir;
  for (const char* n :
       {"debates2009-10-27aa.xml", "debates2009-10-27z.xml", "ministerial2009-10-26c.xml",
        "ministerial2009-10-26b.xml", "people.xml", "README.txt", "answers2009-10-26a.xml"}) {
    test::write_file(dir / n, "x");
  }
  EXPECT_THAT(names(transcript_files({dir.path().string()})),
              ElementsAre("answers2009-10-26a.xml", "ministerial2009-10-26b.xml",
                          "ministerial2009-10-26c.xml", "debates2009-10-27z.xml",
                          "debates2009-10-27aa.xml"));
}

TEST(TranscriptFiles, KeepsExplicitlyNamedFilesWhateverTheirName) {
  EXPECT_THAT(names(transcript_files({"/nowhere/notes.xml"})), ElementsAre("notes.xml"));
}

TEST(ReadFile, RefusesMissingDirectoriesAndOversizedFiles) {
  test::TempDir dir;
  test::write_file(dir / "f.xml", "0123456789");
  EXPECT_EQ(*read_file(dir / "f.xml", 10), "0123456789");
  EXPECT_THAT(read_file(dir / "f.xml", 9).error().message, ::testing::HasSubstr("limit"));
  EXPECT_FALSE(read_file(dir / "missing.xml", 10));
  EXPECT_THAT(read_file(dir.path(), 10).error().message, ::testing::HasSubstr("directory"));
}

TEST(ReadFile, ReadsWhatIsThereWhenTheSizeSaysLessAndStillAppliesTheLimit) {
  const auto status = read_file("/proc/self/status", 1 << 20);  // its size reads as 0
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_THAT(*status, ::testing::HasSubstr("VmRSS"));
  EXPECT_THAT(read_file("/proc/self/status", 16).error().message, ::testing::HasSubstr("limit"));
}

TEST(ReadFile, ReadsALargeFileWhole) {
  test::TempDir dir;
  std::string big;
  for (int i = 0; big.size() < 300'000; ++i) big += std::to_string(i) + ' ';
  test::write_file(dir / "big.xml", big);
  EXPECT_EQ(*read_file(dir / "big.xml", big.size()), big);
}

TEST(Sha256, MatchesTheKnownDigest) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace pw
