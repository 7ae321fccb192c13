// Hostile command lines and inputs through the real binary: each case once
// crashed, hung or printed a wrong number, and must now be a clear finding or
// error with the other inputs still measured.
#include "support/e2e.h"

namespace wasmsize {
namespace {

using Hostile = test::WheelAndBudget;

TEST_F(Hostile, AbsurdJobCountsRunWithTheThreadsThereAre) {
  for (const char* jobs : {"1000000", "4294967295"}) {
    const auto r = run_wasmsize(std::string("report --jobs ") + jobs + " " + quote(wheel_));
    EXPECT_EQ(r.status, 0) << jobs << ": " << r.err;
    EXPECT_NE(r.out.find("demo.big"), std::string::npos);
  }
}

}  // namespace
}  // namespace wasmsize
