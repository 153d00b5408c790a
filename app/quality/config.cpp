#include "quality/config.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/assets.h"
#include "core/error.h"

namespace pa::quality {

namespace {

nlohmann::json strip_docs(const nlohmann::json& j) {
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.key() != "doc" && it.key() != "comment") out[it.key()] = strip_docs(it.value());
    return out;
  }
  if (j.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : j) out.push_back(strip_docs(v));
    return out;
  }
  return j;
}

}  // namespace

std::string fnv1a_hex(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Params::Params(const nlohmann::json& section, std::string name, std::string source)
    : section_(&section), name_(std::move(name)), source_(std::move(source)) {}

bool Params::has(std::string_view key) const {
  return section_->is_object() && section_->contains(std::string(key));
}

double Params::num(std::string_view key) const {
  if (!has(key) || !(*section_)[std::string(key)].is_number())
    throw UserError("missing number \"" + name_ + "." + std::string(key) + "\"", source_);
  return (*section_)[std::string(key)].get<double>();
}

double Params::num_or(std::string_view key, double fallback) const {
  return has(key) ? num(key) : fallback;
}

std::string Params::str(std::string_view key) const {
  if (!has(key) || !(*section_)[std::string(key)].is_string())
    throw UserError("missing string \"" + name_ + "." + std::string(key) + "\"", source_);
  return (*section_)[std::string(key)].get<std::string>();
}

Config Config::parse(std::string_view json_text, std::string source) {
  Config c;
  c.source_ = std::move(source);
  try {
    c.root_ = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    throw UserError(std::string("invalid JSON: ") + e.what(), c.source_);
  }
  if (!c.root_.is_object() || !c.root_.contains("checks") || !c.root_["checks"].is_object())
    throw UserError("no \"checks\" object", c.source_);
  if (!c.root_.contains("detector") || !c.root_["detector"].is_object())
    throw UserError("no \"detector\" object", c.source_);
  c.fingerprint_ = fnv1a_hex(strip_docs(c.root_).dump());
  return c;
}

Config Config::load(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw UserError("无法读取质量检查配置 (cannot read the quality configuration)", path.string());
  std::ostringstream ss;
  ss << f.rdbuf();
  return parse(ss.str(), path.string());
}

Config Config::load_default() {
  if (const char* path = std::getenv(kConfigEnv); path && *path) return load(path);
  return parse(asset_text("quality.json"), "quality.json (built in)");
}

bool Config::has_check(std::string_view name) const {
  return root_["checks"].contains(std::string(name));
}

Params Config::check(std::string_view name) const {
  const auto& checks = root_["checks"];
  auto it = checks.find(std::string(name));
  if (it == checks.end())
    throw UserError("missing check section \"checks." + std::string(name) + "\"", source_);
  return Params(*it, std::string(name), source_);
}

Params Config::section(std::string_view name) const {
  auto it = root_.find(std::string(name));
  if (it == root_.end() || !it->is_object())
    throw UserError("missing section \"" + std::string(name) + "\"", source_);
  return Params(*it, std::string(name), source_);
}

}  // namespace pa::quality
