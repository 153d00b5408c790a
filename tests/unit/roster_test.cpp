// The roster CSV parser: encodings, header aliases, RFC 4180 quoting, line numbers, validation.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "ingest/roster.h"
#include "test_support.h"

namespace {

using pa::test::TempDir;
using pa::test::to_gb18030;
using pa::test::write_file;
using Extra = std::vector<std::pair<std::string, std::string>>;

const std::string kFile = "2024届毕业生.csv";

pa::Roster parse(const std::string& bytes) { return pa::parse_roster_bytes(bytes, kFile); }

// Runs `f`, which must throw pa::UserError, and returns the error.
pa::UserError error_from(const std::function<void()>& f) {
  try {
    f();
  } catch (const pa::UserError& e) {
    return e;
  }
  ADD_FAILURE() << "expected pa::UserError";
  return pa::UserError("");
}

pa::UserError parse_error(const std::string& bytes) {
  return error_from([&] { parse(bytes); });
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// Encodings

TEST(RosterEncoding, Gb18030WithRareCharacters) {
  const std::string utf8 =
      "学号,姓名,性别,学院\r\n"
      "2021001,王𠈌,男,计算机学院\r\n"
      "2021002,李堃,男,数学学院\r\n"
      "2021003,张喆,女,物理学院\r\n"
      "2021004,陈赟,女,化学学院\r\n";
  TempDir dir;
  write_file(dir / "roster.csv", to_gb18030(utf8));
  const pa::Roster r = pa::parse_roster_file((dir / "roster.csv").string());

  EXPECT_EQ(r.encoding, pa::Encoding::gb18030);
  EXPECT_EQ(r.file, (dir / "roster.csv").string());
  EXPECT_EQ(r.headers, (std::vector<std::string>{"学号", "姓名", "性别", "学院"}));
  ASSERT_EQ(r.students.size(), 4u);
  EXPECT_EQ(r.students[0].name, "王𠈌");
  EXPECT_EQ(r.students[1].name, "李堃");
  EXPECT_EQ(r.students[2].name, "张喆");
  EXPECT_EQ(r.students[3].name, "陈赟");
  EXPECT_EQ(r.students[3].student_no, "2021004");
  EXPECT_EQ(r.students[3].college, "化学学院");
  EXPECT_EQ(r.students[3].line, 5);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(RosterEncoding, Utf8WithBom) {
  const pa::Roster r = parse("\xEF\xBB\xBF学号,姓名\n2021001,王𠈌\n");
  EXPECT_EQ(r.encoding, pa::Encoding::utf8_bom);
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0], "学号");  // no BOM glued to the first header
  ASSERT_EQ(r.students.size(), 1u);
  EXPECT_EQ(r.students[0].student_no, "2021001");
  EXPECT_EQ(r.students[0].name, "王𠈌");
}

TEST(RosterEncoding, PlainUtf8) {
  const pa::Roster r = parse("学号,姓名\n2021001,李堃\n");
  EXPECT_EQ(r.encoding, pa::Encoding::utf8);
  ASSERT_EQ(r.students.size(), 1u);
  EXPECT_EQ(r.students[0].name, "李堃");
  EXPECT_EQ(r.file, kFile);
}

TEST(RosterEncoding, UndecodableBytesNameFileAndLine) {
  TempDir dir;
  const std::string path = (dir / "bad.csv").string();
  write_file(path, "学号,姓名\n2021001,A\n2021002,\xFF\xFF\xFF\n");
  const pa::UserError e = error_from([&] { pa::parse_roster_file(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.line(), 3);
  EXPECT_TRUE(contains(e.what(), path + ":3:"));
}

// ---------------------------------------------------------------------------------------------
// Headers

TEST(RosterHeaders, EnglishHeaders) {
  const pa::Roster r = parse(
      "student_id,name,id_number,gender,college,major,class,campus\n"
      "2021001,Li Kun,11010519491231002X,M,CS,Software,SE-1,North\n");
  ASSERT_EQ(r.students.size(), 1u);
  const pa::Student& s = r.students[0];
  EXPECT_EQ(s.student_no, "2021001");
  EXPECT_EQ(s.name, "Li Kun");
  EXPECT_EQ(s.id_number, "11010519491231002X");
  EXPECT_EQ(s.gender, "M");
  EXPECT_EQ(s.college, "CS");
  EXPECT_EQ(s.major, "Software");
  EXPECT_EQ(s.class_name, "SE-1");
  EXPECT_EQ(s.campus, "North");
  EXPECT_TRUE(s.extra.empty());
  EXPECT_EQ(s.line, 2);
}

TEST(RosterHeaders, ChineseHeaders) {
  const pa::Roster r = parse(
      "学号,姓名,身份证号,性别,学院,专业,班级,校区\n"
      "2021001,张喆,320102199001011232,女,物理学院,应用物理,物理2101,仙林\n");
  ASSERT_EQ(r.students.size(), 1u);
  const pa::Student& s = r.students[0];
  EXPECT_EQ(s.id_number, "320102199001011232");
  EXPECT_EQ(s.gender, "女");
  EXPECT_EQ(s.major, "应用物理");
  EXPECT_EQ(s.class_name, "物理2101");
  EXPECT_EQ(s.campus, "仙林");
}

TEST(RosterHeaders, AliasesAreCaseInsensitiveAndTrimmed) {
  const pa::Roster r = parse(
      " Student_No ,NAME,\u3000ID\u3000,Gender\n"
      "2021001,Zhang Zhe,320102199001011232,F\n");
  ASSERT_EQ(r.students.size(), 1u);
  EXPECT_EQ(r.headers, (std::vector<std::string>{"Student_No", "NAME", "ID", "Gender"}));
  const pa::Student& s = r.students[0];
  EXPECT_EQ(s.student_no, "2021001");
  EXPECT_EQ(s.name, "Zhang Zhe");
  EXPECT_EQ(s.id_number, "320102199001011232");
  EXPECT_EQ(s.gender, "F");
}

TEST(RosterHeaders, OtherChineseAliases) {
  for (const char* id_header : {"身份证号码", "证件号码", "ID_Number"}) {
    const pa::Roster r =
        parse(std::string("学生编号,") + id_header + "\n2021001,440304199808156230\n");
    ASSERT_EQ(r.students.size(), 1u) << id_header;
    EXPECT_EQ(r.students[0].student_no, "2021001") << id_header;
    EXPECT_EQ(r.students[0].id_number, "440304199808156230") << id_header;
  }
}

TEST(RosterHeaders, UnknownColumnsKeptInOrder) {
  const pa::Roster r = parse(
      "备注,学号,Email,姓名,导师\n"
      "补录,2021001,a@example.edu.cn,陈赟,王老师\n"
      ",2021002,,李堃,\n");
  ASSERT_EQ(r.students.size(), 2u);
  EXPECT_EQ(r.students[0].extra,
            (Extra{{"备注", "补录"}, {"Email", "a@example.edu.cn"}, {"导师", "王老师"}}));
  EXPECT_EQ(r.students[1].extra, (Extra{{"备注", ""}, {"Email", ""}, {"导师", ""}}));
  EXPECT_EQ(r.students[0].name, "陈赟");
}

TEST(RosterHeaders, HeaderOnlyRosterHasNoStudents) {
  const pa::Roster r = parse("学号,姓名\n");
  EXPECT_TRUE(r.students.empty());
  EXPECT_EQ(r.headers.size(), 2u);
}

TEST(RosterHeaders, BlankLinesBeforeHeaderAreSkipped) {
  const pa::Roster r = parse("\n,,\n学号,姓名\n2021001,A\n");
  ASSERT_EQ(r.students.size(), 1u);
  EXPECT_EQ(r.students[0].line, 4);
}

// ---------------------------------------------------------------------------------------------
// CSV syntax and line numbers

TEST(RosterCsv, QuotedFieldsWithCommasQuotesAndNewlines) {
  const pa::Roster r = parse(
      "学号,姓名,备注\n"                        // line 1
      "2021001,\"Zhang, Zhe\",\"说 \"\"好\"\"\"\n"  // line 2
      "2021002,李堃,\"第一行\n"                 // line 3: the field spans lines 3-5
      "第二行\n"
      "第三行\"\n"
      "2021003,陈赟,\"\"\n"                     // line 6
      "2021004,王𠈌,\"x\ny\"\n"                 // line 7: spans 7-8
      "2021005,A,B\n");                           // line 9
  ASSERT_EQ(r.students.size(), 5u);
  EXPECT_EQ(r.students[0].name, "Zhang, Zhe");
  EXPECT_EQ(r.students[0].extra, (Extra{{"备注", "说 \"好\""}}));
  EXPECT_EQ(r.students[1].extra, (Extra{{"备注", "第一行\n第二行\n第三行"}}));
  EXPECT_EQ(r.students[2].extra, (Extra{{"备注", ""}}));
  EXPECT_EQ(r.students[0].line, 2);
  EXPECT_EQ(r.students[1].line, 3);
  EXPECT_EQ(r.students[2].line, 6);
  EXPECT_EQ(r.students[3].line, 7);
  EXPECT_EQ(r.students[4].line, 9);
}

TEST(RosterCsv, LineNumbersAfterMultilineFieldInErrors) {
  const pa::UserError e = parse_error(
      "学号,备注\n"
      "2021001,\"a\nb\nc\"\n"  // lines 2-4
      "2021002,x\n"            // line 5
      "2021001,y\n");          // line 6
  EXPECT_EQ(e.line(), 6);
  EXPECT_TRUE(contains(e.message(), "第 2 行与第 6 行"));
}

TEST(RosterCsv, Crlf) {
  const pa::Roster r = parse(
      "学号,姓名,备注\r\n"
      "2021001,张喆,\"a\r\nb\"\r\n"  // lines 2-3
      "2021002,陈赟,c\r\n");         // line 4
  ASSERT_EQ(r.students.size(), 2u);
  EXPECT_EQ(r.headers.back(), "备注");  // no stray \r
  EXPECT_EQ(r.students[0].name, "张喆");
  EXPECT_EQ(r.students[0].extra, (Extra{{"备注", "a\r\nb"}}));
  EXPECT_EQ(r.students[1].extra, (Extra{{"备注", "c"}}));
  EXPECT_EQ(r.students[1].line, 4);
}

TEST(RosterCsv, LoneCarriageReturns) {
  const pa::Roster r = parse("学号,姓名\r2021001,A\r2021002,B\r");
  ASSERT_EQ(r.students.size(), 2u);
  EXPECT_EQ(r.students[1].student_no, "2021002");
  EXPECT_EQ(r.students[1].line, 3);
}

TEST(RosterCsv, NoFinalNewline) {
  const pa::Roster r = parse("学号,姓名\n2021001,A");
  ASSERT_EQ(r.students.size(), 1u);
  EXPECT_EQ(r.students[0].name, "A");
}

TEST(RosterCsv, BlankRowsSkippedAndCounted) {
  const pa::Roster r = parse(
      "学号,姓名\n"
      "2021001,A\n"
      "\n"
      ",\n"
      "  ,\t \n"
      "2021002,B\n");
  ASSERT_EQ(r.students.size(), 2u);
  EXPECT_EQ(r.students[1].line, 6);
}

TEST(RosterCsv, ShortRowsArePadded) {
  const pa::Roster r = parse("学号,姓名,班级,备注\n2021001,A\n");
  ASSERT_EQ(r.students.size(), 1u);
  EXPECT_EQ(r.students[0].name, "A");
  EXPECT_EQ(r.students[0].class_name, "");
  EXPECT_EQ(r.students[0].extra, (Extra{{"备注", ""}}));
}

TEST(RosterCsv, SpacesBeforeOpeningQuote) {
  const pa::Roster r = parse("学号,姓名\n2021001, \"Zhang, Zhe\"\n");
  ASSERT_EQ(r.students.size(), 1u);
  EXPECT_EQ(r.students[0].name, "Zhang, Zhe");
}

// ---------------------------------------------------------------------------------------------
// Cell values

TEST(RosterValues, TrimmedIncludingIdeographicSpace) {
  const pa::Roster r = parse("学号,姓名,学院\n  2021001 ,\u3000陈赟\u3000, 化学学院\t\n");
  ASSERT_EQ(r.students.size(), 1u);
  EXPECT_EQ(r.students[0].student_no, "2021001");
  EXPECT_EQ(r.students[0].name, "陈赟");
  EXPECT_EQ(r.students[0].college, "化学学院");
}

TEST(RosterValues, ExcelTextMarkersStripped) {
  const pa::Roster r = parse(
      "学号,身份证号\n"
      "=\"2021001\",'11010519491231002X\n"
      "'2021002,=\"320102199001011232\"\n"
      "\"=\"\"2021003\"\"\",\"'440304199808156230\"\n");
  ASSERT_EQ(r.students.size(), 3u);
  EXPECT_EQ(r.students[0].student_no, "2021001");
  EXPECT_EQ(r.students[0].id_number, "11010519491231002X");
  EXPECT_EQ(r.students[1].student_no, "2021002");
  EXPECT_EQ(r.students[1].id_number, "320102199001011232");
  EXPECT_EQ(r.students[2].student_no, "2021003");
  EXPECT_EQ(r.students[2].id_number, "440304199808156230");
  EXPECT_TRUE(r.warnings.empty());
}

// ---------------------------------------------------------------------------------------------
// ID number warnings

TEST(RosterIdNumber, ValidNumbersDoNotWarn) {
  const pa::Roster r = parse(
      "学号,身份证号\n"
      "1,11010519491231002X\n"
      "2,320102199001011232\n"
      "3,440304199808156230\n"
      "4,110101200001010010\n"
      "5,510107199505054217\n"
      "6,\n");
  EXPECT_EQ(r.students.size(), 6u);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(RosterIdNumber, LowerCaseXIsUpperCased) {
  const pa::Roster r = parse("学号,身份证号\n1, 11010519491231002x \n");
  ASSERT_EQ(r.students.size(), 1u);
  EXPECT_EQ(r.students[0].id_number, "11010519491231002X");
  EXPECT_TRUE(r.warnings.empty());
}

TEST(RosterIdNumber, BadCheckDigitWarnsWithoutQuotingTheNumber) {
  const pa::Roster r = parse(
      "学号,身份证号\n"
      "1,320102199001011232\n"
      "2,320102199001011234\n"    // line 3: check digit should be 2
      "3,11010519491231002X\n");
  ASSERT_EQ(r.students.size(), 3u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 3);
  EXPECT_TRUE(contains(r.warnings[0].message, "校验位"));
  EXPECT_FALSE(contains(r.warnings[0].message, "320102199001011234"));
  EXPECT_FALSE(contains(r.warnings[0].message, "1234"));
  EXPECT_EQ(r.students[1].id_number, "320102199001011234");  // kept: a warning, not an error
}

TEST(RosterIdNumber, BadShapeWarns) {
  const pa::Roster r = parse(
      "学号,身份证号\n"
      "1,320102900101123\n"      // old 15-digit number
      "2,32010219900101123Y\n");
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0].line, 2);
  EXPECT_EQ(r.warnings[1].line, 3);
  for (const pa::RosterWarning& w : r.warnings) {
    EXPECT_TRUE(contains(w.message, "格式")) << w.message;
    EXPECT_FALSE(contains(w.message, "0101123")) << w.message;
  }
}

// ---------------------------------------------------------------------------------------------
// Fatal errors

TEST(RosterErrors, MissingStudentNoColumnListsHeadersFound) {
  const pa::UserError e = parse_error("姓名,性别,Email\n张喆,女,a@b.c\n");
  EXPECT_EQ(e.file(), kFile);
  EXPECT_EQ(e.line(), 1);
  EXPECT_TRUE(contains(e.message(), "学号"));
  EXPECT_TRUE(contains(e.message(), "姓名, 性别, Email"));
  EXPECT_TRUE(contains(e.what(), kFile + ":1:"));
}

TEST(RosterErrors, DuplicateStudentNoNamesBothLines) {
  const pa::UserError e = parse_error(
      "学号,姓名\n"
      "2021001,A\n"
      "2021002,B\n"
      "2021001,C\n");
  EXPECT_EQ(e.file(), kFile);
  EXPECT_EQ(e.line(), 4);
  EXPECT_TRUE(contains(e.message(), "2021001"));
  EXPECT_TRUE(contains(e.message(), "第 2 行与第 4 行"));
  EXPECT_TRUE(contains(e.message(), "lines 2 and 4"));
}

TEST(RosterErrors, DuplicateAfterTrimAndExcelMarkers) {
  const pa::UserError e = parse_error("学号\n2021001\n=\"2021001\" \n");
  EXPECT_EQ(e.line(), 3);
}

TEST(RosterErrors, EmptyStudentNo) {
  const pa::UserError e = parse_error("学号,姓名\n2021001,A\n  ,B\n");
  EXPECT_EQ(e.file(), kFile);
  EXPECT_EQ(e.line(), 3);
  EXPECT_TRUE(contains(e.message(), "学号为空"));
  EXPECT_TRUE(contains(e.what(), kFile + ":3:"));
}

TEST(RosterErrors, TooManyCellsNamesLineAndCounts) {
  const pa::UserError e = parse_error("学号,姓名\n2021001,A\n2021002,B,extra\n");
  EXPECT_EQ(e.file(), kFile);
  EXPECT_EQ(e.line(), 3);
  EXPECT_TRUE(contains(e.message(), "3 fields"));
  EXPECT_TRUE(contains(e.message(), "2 columns"));
}

TEST(RosterErrors, UnterminatedQuoteNamesStartLine) {
  const pa::UserError e = parse_error(
      "学号,姓名\n"
      "2021001,A\n"
      "2021002,\"B\n"  // line 3: never closed
      "2021003,C\n"
      "2021004,D\n");
  EXPECT_EQ(e.file(), kFile);
  EXPECT_EQ(e.line(), 3);
  EXPECT_TRUE(contains(e.message(), "line 3"));
}

TEST(RosterErrors, TwoColumnsForOneField) {
  const pa::UserError e = parse_error("学号,Student_ID\n1,1\n");
  EXPECT_EQ(e.line(), 1);
  EXPECT_TRUE(contains(e.message(), "Student_ID"));
}

TEST(RosterErrors, MissingFile) {
  TempDir dir;
  const std::string path = (dir / "no-such.csv").string();
  const pa::UserError e = error_from([&] { pa::parse_roster_file(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.line(), 0);
  EXPECT_TRUE(contains(e.message(), "无法读取花名册 (cannot read roster): "));
  EXPECT_TRUE(contains(e.message(), "No such file"));
}

TEST(RosterErrors, DirectoryIsUnreadable) {
  TempDir dir;
  const pa::UserError e = error_from([&] { pa::parse_roster_file(dir.path().string()); });
  EXPECT_EQ(e.file(), dir.path().string());
  EXPECT_TRUE(contains(e.message(), "无法读取花名册"));
}

TEST(RosterErrors, EmptyFile) {
  TempDir dir;
  const std::string path = (dir / "empty.csv").string();
  write_file(path, "");
  const pa::UserError e = error_from([&] { pa::parse_roster_file(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_TRUE(contains(e.message(), "花名册为空 (roster is empty)"));
}

TEST(RosterErrors, OnlyBlankLinesIsEmpty) {
  const pa::UserError e = parse_error("\xEF\xBB\xBF\r\n , \r\n");
  EXPECT_TRUE(contains(e.message(), "花名册为空"));
}

}  // namespace
