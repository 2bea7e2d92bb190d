#include <gtest/gtest.h>

#include "read/reader.h"

namespace mamori::read {
namespace {

// Encrypted archive members cannot be sniffed (pkware_pw.zip!/lo_meibo.xlsx came out with
// format ""): the extension names what they claim to be.
TEST(FormatFromExtension, NamesFormatsAsReadersReportThem) {
  EXPECT_EQ(FormatFromExtension("share/meibo_cp932.csv"), "csv");
  EXPECT_EQ(FormatFromExtension("pkware_pw.zip!/lo_meibo.xlsx"), "xlsx");
  EXPECT_EQ(FormatFromExtension("data_pw.7z!/dir/xlwt_meibo.XLS"), "xls");
  EXPECT_EQ(FormatFromExtension("a.zip!/b.7z!/名簿.Docx"), "docx");
  EXPECT_EQ(FormatFromExtension("notes.txt"), "text");
  EXPECT_EQ(FormatFromExtension("attack.lha"), "lzh");
  EXPECT_EQ(FormatFromExtension("x.zip!/db.accdb"), "accdb");
}

TEST(FormatFromExtension, UnknownOrMissingExtensionIsEmpty) {
  EXPECT_EQ(FormatFromExtension("README"), "");
  EXPECT_EQ(FormatFromExtension("x.zip!/.csv"), "");     // a hidden file's name, not an extension
  EXPECT_EQ(FormatFromExtension("dir.csv/readme"), "");  // the directory's dot does not count
  EXPECT_EQ(FormatFromExtension("x.zip!/photo.jpeg"), "");
  EXPECT_EQ(FormatFromExtension("x.zip!/list.csvx"), "");
  EXPECT_EQ(FormatFromExtension("archive.zip!/list."), "");
  EXPECT_EQ(FormatFromExtension(""), "");
}

}  // namespace
}  // namespace mamori::read
