// Encodings (UTF-8 validation, GB18030 via iconv, detection), trim, and SHA-256.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/error.h"
#include "core/sha256.h"
#include "core/text.h"
#include "test_support.h"

namespace {

using pa::Encoding;

// Rare characters: 𠈌 (U+2020C, outside the BMP: 4 bytes in both UTF-8 and GB18030), and
// 堃 喆 赟, common in given names but missing from GB2312.
const std::string kRare = "𠈌堃喆赟";

TEST(TextUtf8, AcceptsWellFormed) {
  EXPECT_TRUE(pa::is_valid_utf8(""));
  EXPECT_TRUE(pa::is_valid_utf8("plain ascii, 123\r\n"));
  EXPECT_TRUE(pa::is_valid_utf8("张三 " + kRare));
  EXPECT_TRUE(pa::is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(TextUtf8, RejectsMalformed) {
  EXPECT_FALSE(pa::is_valid_utf8("\xFF"));
  EXPECT_FALSE(pa::is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(pa::is_valid_utf8("\xE0\x80\xAF"));      // overlong, 3 bytes
  EXPECT_FALSE(pa::is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate U+D800
  EXPECT_FALSE(pa::is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(pa::is_valid_utf8("\xE5\xBC"));          // truncated 张
  EXPECT_FALSE(pa::is_valid_utf8("a\x80z"));            // stray continuation byte
}

TEST(TextGb18030, RoundTripsRareCharacters) {
  const std::string utf8 = "姓名,张三," + kRare;
  const std::string gb = pa::utf8_to_gb18030(utf8);
  EXPECT_NE(gb, utf8);
  EXPECT_EQ(gb, pa::test::to_gb18030(utf8));
  EXPECT_EQ(pa::gb18030_to_utf8(gb), utf8);
}

TEST(TextGb18030, SupplementaryCharacterIsFourBytes) {
  const std::string gb = pa::utf8_to_gb18030("𠈌");
  ASSERT_EQ(gb.size(), 4u);
  EXPECT_EQ(pa::gb18030_to_utf8(gb), "𠈌");
}

TEST(TextGb18030, InvalidInputThrows) {
  EXPECT_THROW(pa::gb18030_to_utf8("ok\xFF"), std::runtime_error);
  EXPECT_THROW(pa::gb18030_to_utf8("\x81"), std::runtime_error);  // truncated lead byte
  EXPECT_THROW(pa::utf8_to_gb18030("\xFF"), std::runtime_error);
}

TEST(TextDecode, PlainUtf8) {
  Encoding e = Encoding::gb18030;
  EXPECT_EQ(pa::decode_to_utf8("学号,姓名\n1,张三\n", "r.csv", &e), "学号,姓名\n1,张三\n");
  EXPECT_EQ(e, Encoding::utf8);
}

TEST(TextDecode, Utf8WithBomLosesTheBom) {
  Encoding e = Encoding::utf8;
  EXPECT_EQ(pa::decode_to_utf8("\xEF\xBB\xBF学号\n", "r.csv", &e), "学号\n");
  EXPECT_EQ(e, Encoding::utf8_bom);
}

TEST(TextDecode, Gb18030) {
  const std::string utf8 = "学号,姓名\n2021001," + kRare + "\n";
  Encoding e = Encoding::utf8;
  EXPECT_EQ(pa::decode_to_utf8(pa::test::to_gb18030(utf8), "r.csv", &e), utf8);
  EXPECT_EQ(e, Encoding::gb18030);
}

TEST(TextDecode, DetectedIsOptional) {
  EXPECT_EQ(pa::decode_to_utf8("abc", "r.csv"), "abc");
}

// Runs decode_to_utf8 and returns the UserError it must throw.
pa::UserError decode_error(const std::string& bytes, const std::string& name) {
  try {
    pa::decode_to_utf8(bytes, name);
  } catch (const pa::UserError& e) {
    return e;
  }
  ADD_FAILURE() << "decode_to_utf8 did not throw";
  return pa::UserError("");
}

TEST(TextDecode, InvalidInBothNamesFileAndLine) {
  const pa::UserError e = decode_error("a,b\nc,d\n\xFF\xFF\xFF\ne,f\n", "roster.csv");
  EXPECT_EQ(e.file(), "roster.csv");
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(e.message().find("GB18030"), std::string::npos);
  EXPECT_NE(std::string(e.what()).find("roster.csv:3:"), std::string::npos);
}

TEST(TextDecode, CrlfLinesAreCountedOnce) {
  EXPECT_EQ(decode_error("a\r\nb\r\nc\r\n\xFF\r\n", "r.csv").line(), 4);
}

TEST(TextDecode, CorruptByteInUtf8FileNamesItsLine) {
  // Mostly UTF-8 Chinese, one stray byte on line 4: the line with the damage is reported.
  EXPECT_EQ(decode_error("学号,姓名\n1,张三\n2,李四\n3,王\xFF五\n", "r.csv").line(), 4);
}

TEST(TextDecode, BomWithInvalidUtf8) {
  const pa::UserError e = decode_error("\xEF\xBB\xBF" "a\nb\xFF\n", "r.csv");
  EXPECT_EQ(e.line(), 2);
}

TEST(TextDecode, Utf16IsExplained) {
  const pa::UserError e = decode_error(std::string("\xFF\xFE" "a\0b\0", 6), "r.csv");
  EXPECT_EQ(e.line(), 1);
  EXPECT_NE(e.message().find("UTF-16"), std::string::npos);
}

TEST(TextEncoding, Names) {
  EXPECT_STREQ(pa::to_string(Encoding::utf8), "utf8");
  EXPECT_STREQ(pa::to_string(Encoding::utf8_bom), "utf8_bom");
  EXPECT_STREQ(pa::to_string(Encoding::gb18030), "gb18030");
}

TEST(TextTrim, AsciiWhitespace) {
  EXPECT_EQ(pa::trim(""), "");
  EXPECT_EQ(pa::trim(" \t\r\n "), "");
  EXPECT_EQ(pa::trim("  a b \r\n"), "a b");
}

TEST(TextTrim, IdeographicSpaceAndBom) {
  EXPECT_EQ(pa::trim("\u3000张 三\u3000 "), "张 三");
  EXPECT_EQ(pa::trim("\xEF\xBB\xBF学号"), "学号");
  EXPECT_EQ(pa::trim(" \xEF\xBB\xBF\u3000学号"), "学号");
  EXPECT_EQ(pa::trim("\u3000"), "");
}

TEST(TextSha256, KnownVectors) {
  EXPECT_EQ(pa::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(pa::sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(TextSha256, BinaryBytes) {
  const std::string bytes("\0\xFF\0", 3);
  const std::string hex = pa::sha256_hex(bytes);
  EXPECT_EQ(hex.size(), 64u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(hex, pa::sha256_hex(std::string("\0\xFF", 2)));
}

TEST(TextFoldWidth, FullWidthAsciiAndIdeographicSpace) {
  EXPECT_EQ(pa::fold_width("２０２１００１Ｘ"), "2021001X");
  EXPECT_EQ(pa::fold_width("王\u3000老师ａ"), "王 老师a");
  EXPECT_EQ(pa::fold_width("\xFF"), "\xFF");  // invalid bytes are kept as they are
}

TEST(TextNameKey, CaseWidthAndSpacesMeet) {
  EXPECT_EQ(pa::name_key(" 王老师 "), pa::name_key("王老师"));
  EXPECT_EQ(pa::name_key("ＷＡＮＧ　Ｌｉ"), pa::name_key("wang li"));
  EXPECT_EQ(pa::name_key("Wang   Li"), "wang li");
  EXPECT_NE(pa::name_key("王老师"), pa::name_key("李老师"));
}

TEST(TextTerminalSafe, ControlsEscapesAndBidiNeverPassRaw) {
  EXPECT_EQ(pa::terminal_safe("张三"), "张三");
  EXPECT_EQ(pa::terminal_safe("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(pa::terminal_safe("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
  EXPECT_EQ(pa::terminal_safe("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(pa::terminal_safe("\xC2\x9B" "31m"), "\\x9b31m");     // C1 CSI
  EXPECT_EQ(pa::terminal_safe("\u202Egpj.exe"), "\\u202egpj.exe");  // right-to-left override
  EXPECT_EQ(pa::terminal_safe("\x7f"), "\\x7f");
  EXPECT_EQ(pa::terminal_safe("\xFF\xFE"), "\\xff\\xfe");
  const std::string out = pa::terminal_safe(std::string("x\0y", 3));
  EXPECT_EQ(out, "x\\x00y");
}

}  // namespace

