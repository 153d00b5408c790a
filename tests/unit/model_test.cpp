#include <gtest/gtest.h>

#include "core/model.h"

TEST(Model, VerdictRoundTrip) {
  for (auto v : {pa::Verdict::approve, pa::Verdict::reject, pa::Verdict::reshoot})
    EXPECT_EQ(pa::verdict_from_string(pa::to_string(v)), v);
  EXPECT_FALSE(pa::verdict_from_string("maybe").has_value());
}
