// The one shape of an analysis as the audit stores it and `photoaudit check --json` / `analyze`
// print it. Every writer of an analysis goes through analysis/analyze.h, which builds it here.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "quality/engine.h"

namespace pa::analysis {

// The engine's result: quality::to_json plus the suggested verdict ("approve" when no check
// fails, otherwise "reject" with the failing codes), the engine version and the timing.
nlohmann::json analysis_json(const quality::Analysis& a);

// The record stored when the engine could not analyze a photo at all (an exception, not a
// finding): shown as "自动检查失败 / automatic checks failed" with the reason, never as "no findings".
nlohmann::json failed_analysis_json(const std::string& engine_version, const std::string& error);

// The error of a stored result made by failed_analysis_json ("" for a real analysis).
std::string analysis_error(const std::string& result_json);

}  // namespace pa::analysis
