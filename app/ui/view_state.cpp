#include "ui/view_state.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/audit_key.h"
#include "core/error.h"
#include "core/output_file.h"

namespace pa::ui {

namespace fs = std::filesystem;

namespace {
const char* sort_name(QueueFilter::Sort s) {
  switch (s) {
    case QueueFilter::Sort::failures_first: return "failures_first";
    case QueueFilter::Sort::student_no: return "student_no";
    case QueueFilter::Sort::name: return "name";
    case QueueFilter::Sort::status: return "status";
  }
  return "failures_first";
}
std::optional<Status> status_from(const std::string& s) {
  for (Status x : {Status::pending, Status::approved, Status::rejected, Status::reshoot, Status::without_photo,
                   Status::file_corrupt})
    if (s == to_string(x)) return x;
  return std::nullopt;
}
}  // namespace

std::string view_state_to_json(const ViewState& v) {
  nlohmann::json j = {{"zoom", v.zoom},
                      {"pan", {v.pan_x, v.pan_y}},
                      {"overlays", v.overlays},
                      {"overlays_on", v.overlays_on},
                      {"opacity", v.opacity},
                      {"split", v.split},
                      {"glare_threshold", v.glare_threshold},
                      {"lighting", {v.lighting_low, v.lighting_high}},
                      {"current", v.current},
                      {"screen", v.screen},
                      {"language", v.language}};
  if (!v.overlays_auto) j["overlays_auto"] = false;  // written only when turned off: earlier files stay as they were
  j["filter"] = {{"college", v.filter.college}, {"campus", v.filter.campus},
                 {"status", v.filter.status ? to_string(*v.filter.status) : ""},
                 {"finding", v.filter.finding}, {"reviewer", v.filter.reviewer},
                 {"search", v.filter.search}, {"sort", sort_name(v.filter.sort)}};
  // Later settings are written only when set, so that a file of the defaults reads as it always did.
  if (!v.filter.reason.empty()) j["filter"]["reason"] = v.filter.reason;
  if (v.filter.resubmitted) j["filter"]["resubmitted"] = true;
  if (v.skip_without_photo) j["skip_without_photo"] = true;
  return j.dump(2);
}

ViewState view_state_from_json(const std::string& text) {
  ViewState v;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return v;
  auto num = [&](const nlohmann::json& o, const char* k, float& out) {
    if (o.contains(k) && o[k].is_number()) out = o[k].get<float>();
  };
  auto str = [&](const nlohmann::json& o, const char* k, std::string& out) {
    if (o.contains(k) && o[k].is_string()) out = o[k].get<std::string>();
  };
  num(j, "zoom", v.zoom);
  if (j.contains("pan") && j["pan"].is_array() && j["pan"].size() == 2) {
    v.pan_x = j["pan"][0].get<float>();
    v.pan_y = j["pan"][1].get<float>();
  }
  if (j.contains("overlays") && j["overlays"].is_number_unsigned()) v.overlays = j["overlays"].get<unsigned>();
  if (j.contains("overlays_on") && j["overlays_on"].is_boolean()) v.overlays_on = j["overlays_on"].get<bool>();
  if (j.contains("overlays_auto") && j["overlays_auto"].is_boolean()) v.overlays_auto = j["overlays_auto"].get<bool>();
  num(j, "opacity", v.opacity);
  num(j, "split", v.split);
  num(j, "glare_threshold", v.glare_threshold);
  if (j.contains("lighting") && j["lighting"].is_array() && j["lighting"].size() == 2) {
    v.lighting_low = j["lighting"][0].get<float>();
    v.lighting_high = j["lighting"][1].get<float>();
  }
  str(j, "current", v.current);
  str(j, "screen", v.screen);
  str(j, "language", v.language);
  if (j.contains("filter") && j["filter"].is_object()) {
    const auto& f = j["filter"];
    str(f, "college", v.filter.college);
    str(f, "campus", v.filter.campus);
    std::string st;
    str(f, "status", st);
    v.filter.status = status_from(st);
    str(f, "finding", v.filter.finding);
    str(f, "reviewer", v.filter.reviewer);
    str(f, "search", v.filter.search);
    std::string so;
    str(f, "sort", so);
    for (auto s : {QueueFilter::Sort::failures_first, QueueFilter::Sort::student_no, QueueFilter::Sort::name,
                   QueueFilter::Sort::status})
      if (so == sort_name(s)) v.filter.sort = s;
    str(f, "reason", v.filter.reason);
    if (f.contains("resubmitted") && f["resubmitted"].is_boolean()) v.filter.resubmitted = f["resubmitted"].get<bool>();
  }
  if (j.contains("skip_without_photo") && j["skip_without_photo"].is_boolean())
    v.skip_without_photo = j["skip_without_photo"].get<bool>();
  return v;
}

fs::path view_state_path(const std::string& db_path, const fs::path& data_dir) {
  return data_dir / "views" / (audit_key(db_path) + ".json");  // one file per audit
}

ViewState load_view_state(const fs::path& file) {
  std::ifstream f(file, std::ios::binary);
  if (!f) return {};
  std::stringstream ss;
  ss << f.rdbuf();
  return view_state_from_json(ss.str());
}

void save_view_state(const fs::path& file, const ViewState& v) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  try {
    write_file_atomically(file.string(), view_state_to_json(v));  // 0600: the filters may name a student
  } catch (const UserError& e) {
    // Called when the window closes: a view state that cannot be saved is not worth a failure.
    spdlog::warn("view state not saved: {}", e.what());
  }
}

}  // namespace pa::ui
