#include "analysis/record.h"

#include <algorithm>

namespace pa::analysis {

nlohmann::json analysis_json(const quality::Analysis& a) {
  nlohmann::json j = quality::to_json(a);
  nlohmann::json codes = nlohmann::json::array();
  for (const auto* f : a.findings())
    if (f->severity == quality::Severity::fail &&
        std::find(codes.begin(), codes.end(), f->code) == codes.end())
      codes.push_back(f->code);
  j["suggested"] = a.ok() ? "approve" : "reject";
  j["suggested_codes"] = codes;
  j["engine_version"] = a.version;
  j["ms"] = a.ms;
  return j;
}

nlohmann::json failed_analysis_json(const std::string& engine_version, const std::string& error) {
  return {{"ok", false},
          {"error", error},
          {"findings", nlohmann::json::array()},
          {"suggested", "manual"},
          {"suggested_codes", nlohmann::json::array()},
          {"engine_version", engine_version}};
}

std::string analysis_error(const std::string& result_json) {
  auto j = nlohmann::json::parse(result_json, nullptr, false);
  if (j.is_discarded()) return "分析结果无法读取 (the stored result cannot be read)";
  if (j.is_object() && j.contains("error") && j["error"].is_string()) return j["error"].get<std::string>();
  return {};
}

}  // namespace pa::analysis
