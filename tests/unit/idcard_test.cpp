// 居民身份证号码: shape, GB 11643-1999 check digit, masking.
#include <gtest/gtest.h>

#include <string>

#include "core/idcard.h"

namespace {

// Valid numbers (check digits computed with ISO 7064 MOD 11-2), including one ending in X.
const char* const kValid[] = {
    "11010519491231002X",
    "320102199001011232",
    "440304199808156230",
    "110101200001010010",
    "510107199505054217",
};

TEST(IdCard, ValidNumbersPass) {
  for (const char* id : kValid) {
    EXPECT_TRUE(pa::looks_like_id_number(id)) << id;
    EXPECT_TRUE(pa::id_check_digit_ok(id)) << id;
  }
}

TEST(IdCard, LowerCaseXIsAccepted) {
  EXPECT_TRUE(pa::looks_like_id_number("11010519491231002x"));
  EXPECT_TRUE(pa::id_check_digit_ok("11010519491231002x"));
}

TEST(IdCard, WrongCheckDigitFails) {
  EXPECT_FALSE(pa::id_check_digit_ok("110105194912310021"));
  EXPECT_FALSE(pa::id_check_digit_ok("320102199001011234"));
  EXPECT_FALSE(pa::id_check_digit_ok("32010219900101123X"));
  EXPECT_FALSE(pa::id_check_digit_ok("420102199001011232"));  // one body digit changed
}

TEST(IdCard, Shape) {
  EXPECT_FALSE(pa::looks_like_id_number(""));
  EXPECT_FALSE(pa::looks_like_id_number("32010219900101123"));    // 17
  EXPECT_FALSE(pa::looks_like_id_number("3201021990010112321"));  // 19
  EXPECT_FALSE(pa::looks_like_id_number("320102900101123"));      // old 15-digit number
  EXPECT_FALSE(pa::looks_like_id_number("X20102199001011232"));   // X only allowed last
  EXPECT_FALSE(pa::looks_like_id_number("32010219900101123Y"));
  EXPECT_FALSE(pa::looks_like_id_number("3201021990 1011232"));
}

TEST(IdCard, CheckDigitRequiresShape) {
  EXPECT_FALSE(pa::id_check_digit_ok("32010219900101123"));
  EXPECT_FALSE(pa::id_check_digit_ok("3201021990010112A2"));
}

TEST(IdCardMask, EighteenCharacters) {
  EXPECT_EQ(pa::mask_id("320102199001011234"), "3201**********1234");
  EXPECT_EQ(pa::mask_id("11010519491231002X"), "1101**********002X");
}

TEST(IdCardMask, ShorterAndLonger) {
  EXPECT_EQ(pa::mask_id("320102900101123"), "***********1123");  // 15: all but last 4
  EXPECT_EQ(pa::mask_id("12345"), "*2345");
  EXPECT_EQ(pa::mask_id("3201021990010112345"), "***************2345");  // 19
}

TEST(IdCardMask, FourOrFewerAllStarred) {
  EXPECT_EQ(pa::mask_id("1234"), "****");
  EXPECT_EQ(pa::mask_id("1"), "*");
  EXPECT_EQ(pa::mask_id(""), "");
}

TEST(IdCardMask, NeverSplitsAMultiByteCharacter) {
  EXPECT_EQ(pa::mask_id("护照号码A1234"), "*****1234");
}

}  // namespace
