#pragma once

#include <string>

namespace pa {

// Now as ISO 8601 UTC with milliseconds: "2026-11-23T20:45:12.123Z".
std::string now_iso_utc();
// The same for now + `seconds` (leases that lapse).
std::string iso_utc_after(long long seconds);
// "2026-11-23T20:45:12.123Z" -> "2026-11-23 21:45:12" in the local time zone (for people).
std::string iso_to_local(const std::string& iso_utc);

}  // namespace pa
