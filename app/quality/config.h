// Thresholds and weights of the quality checks, read from assets/quality.json. Every check reads
// its own section ("checks" -> check name); a missing key is an error naming the file and the key.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pa::quality {

// The parameters of one check (or of the detector): numbers looked up by key.
class Params {
 public:
  Params(const nlohmann::json& section, std::string name, std::string source);
  double num(std::string_view key) const;                  // throws pa::UserError when missing
  double num_or(std::string_view key, double fallback) const;
  std::string str(std::string_view key) const;
  bool has(std::string_view key) const;
  const std::string& name() const { return name_; }

 private:
  const nlohmann::json* section_;
  std::string name_, source_;
};

class Config {
 public:
  // Parses JSON text; `source` names it in error messages. Throws pa::UserError.
  static Config parse(std::string_view json_text, std::string source = "quality.json");
  static Config load(const std::filesystem::path& path);
  // The file $PHOTOAUDIT_QUALITY_CONFIG names (a pa::UserError naming it when it cannot be read
  // or parsed), else assets/quality.json as built into the binary (pa::asset_text). No path of
  // the source tree is compiled in.
  static Config load_default();
  static constexpr const char* kConfigEnv = "PHOTOAUDIT_QUALITY_CONFIG";

  Params check(std::string_view name) const;  // "checks" -> name
  Params detector() const { return section("detector"); }
  Params section(std::string_view name) const;  // a top-level object ("detector", "score")
  bool has_check(std::string_view name) const;
  const nlohmann::json& json() const { return root_; }
  // Hash of everything that changes results (the JSON without its "doc"/"comment" strings).
  const std::string& fingerprint() const { return fingerprint_; }
  const std::string& source() const { return source_; }

 private:
  nlohmann::json root_;
  std::string source_, fingerprint_;
};

// 64-bit FNV-1a as 16 hex digits: a stable, dependency-free content hash.
std::string fnv1a_hex(std::string_view bytes);

}  // namespace pa::quality
