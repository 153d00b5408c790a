#include "ingest/importer.h"

#include <filesystem>
#include <map>
#include <sstream>
#include <unordered_map>

#include "core/error.h"
#include "core/idcard.h"
#include "core/parallel.h"
#include "core/sha256.h"
#include "core/text.h"
#include "ingest/photos.h"

namespace pa {

namespace {

// What the workers hand back for one matched photo file.
struct CheckedPhoto {
  PhotoBlob blob;
  std::string error;  // non-empty: a bad photo
  std::size_t size = 0;  // of a bad photo: the bytes that arrived
};

CheckedPhoto check_photo(const PhotoSource& source, std::size_t index, std::uint64_t max_pixels) {
  CheckedPhoto c;
  const SourceEntry& e = source.entries()[index];
  c.blob.file_name = e.name;
  try {
    c.blob.bytes = source.read(index);
  } catch (const UserError& ex) {
    c.error = ex.message();  // the report names the file; what() would repeat its full path
    return c;
  } catch (const std::exception& ex) {
    c.error = ex.what();
    return c;
  }
  ImageInfo info;
  if (!validate_image(c.blob.bytes, &info, &c.error, max_pixels)) {
    // Only its hash and size are kept: the audit records the bad file once (add_bad_file).
    c.blob.sha256 = sha256_hex(c.blob.bytes);
    c.size = c.blob.bytes.size();
    c.blob.bytes.clear();
    return c;
  }
  c.blob.format = info.format;
  c.blob.width = info.width;
  c.blob.height = info.height;
  c.blob.sha256 = sha256_hex(c.blob.bytes);
  return c;
}

// Maps a file stem to a student: the stem is the 学号 (letters in any case), or the 身份证号, both
// compared after the same normalisation as the roster's cells (core/idcard.h), so
// "２０２１００１.jpg" and "2021001 .jpg" are 2021001's photo.
class StudentMatcher {
 public:
  explicit StudentMatcher(const std::vector<Student>& students) {
    for (const auto& s : students) {
      by_key_.emplace(s.student_no, s.student_no);
      if (!s.id_number.empty()) by_key_.emplace(upper(s.id_number), s.student_no);
    }
  }
  const std::string* match(const std::string& stem) const {
    const std::string no = normalize_student_no(stem);
    auto it = by_key_.find(no);
    if (it == by_key_.end()) it = by_key_.find(normalize_id_number(stem));
    if (it == by_key_.end()) it = by_key_.find(upper(no));
    return it == by_key_.end() ? nullptr : &it->second;
  }

 private:
  static std::string upper(std::string s) {
    for (auto& c : s)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
  }
  std::unordered_map<std::string, std::string> by_key_;  // key -> 学号
};

}  // namespace

ImportReport import_batch(AuditStore& store, const ImportOptions& opt) {
  Roster roster = parse_roster_file(opt.roster);  // fatal errors throw before anything is written
  auto source = PhotoSource::open(opt.photos);

  ImportReport report;
  report.roster_encoding = to_string(roster.encoding);
  report.warnings = roster.warnings;
  report.batch = opt.batch_name.empty()
                     ? std::filesystem::path(opt.photos).filename().string()
                     : opt.batch_name;
  report.students = static_cast<int>(roster.students.size());
  for (const auto& p : source->problems()) report.unreadable_files.push_back({p.name, p.error});

  // Sort every file into: a photo for a student, or unmatched (no student, or not a photo).
  StudentMatcher matcher(roster.students);
  std::vector<std::size_t> photo_index;  // entries to read and validate
  std::vector<std::string> photo_student;
  const auto& entries = source->entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string* no = entries[i].is_photo() ? matcher.match(entries[i].stem) : nullptr;
    if (!no) {
      report.unmatched_files.push_back(entries[i].name);
      continue;
    }
    photo_index.push_back(i);
    photo_student.push_back(*no);
  }

  auto session = store.begin_import({report.batch, opt.roster, source->describe()});
  for (const auto& s : roster.students) session->upsert_student(s);

  // Read, validate and hash on worker threads; store in file order on this thread.
  std::map<std::string, std::string> imported_from;  // 学号 -> file name stored in this batch
  const unsigned jobs = opt.jobs ? opt.jobs : default_jobs();
  ordered_parallel<CheckedPhoto>(
      photo_index.size(), jobs, 64,
      [&](std::size_t k) { return check_photo(*source, photo_index[k], opt.max_pixels); },
      [&](std::size_t k, CheckedPhoto c) {
        const std::string& no = photo_student[k];
        if (!c.error.empty()) {
          report.bad_photos.push_back({c.blob.file_name, no, c.error});
          // Kept in the audit (status file_corrupt until a valid photo comes), its name masked
          // like the report's: the audit never holds an ID number from a file name.
          session->add_bad_file(no, {mask_file_name(c.blob.file_name), c.error, c.blob.sha256,
                                     static_cast<std::int64_t>(c.size)});
        } else if (auto it = imported_from.find(no); it != imported_from.end()) {
          const std::string other = mask_file_name(it->second);
          report.bad_photos.push_back(
              {c.blob.file_name, no,
               "该学生已有照片 " + other + "，此文件未导入 (another photo of this student, " + other +
                   ", was imported)"});
        } else {
          imported_from.emplace(no, c.blob.file_name);
          if (session->add_photo(no, c.blob) == PhotoOutcome::imported)
            ++report.photos_imported;
          else
            ++report.photos_unchanged;
        }
        if (opt.progress) opt.progress(k + 1, photo_index.size());
      });

  for (const auto& s : roster.students)
    if (!session->has_submission(s.student_no)) report.students_without_photo.push_back(s.student_no);

  session->commit({report.students, report.photos_imported, report.photos_unchanged});
  return report;
}

nlohmann::json to_json(const ImportReport& r) {
  nlohmann::json bad = nlohmann::json::array();
  for (const auto& b : r.bad_photos)
    bad.push_back({{"file", mask_file_name(b.file)}, {"student", b.student}, {"error", b.error}});
  nlohmann::json unmatched = nlohmann::json::array();
  for (const auto& f : r.unmatched_files) unmatched.push_back(mask_file_name(f));
  nlohmann::json unreadable = nlohmann::json::array();
  for (const auto& u : r.unreadable_files)
    unreadable.push_back({{"file", mask_file_name(u.file)}, {"error", u.error}});
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : r.warnings) warnings.push_back({{"line", w.line}, {"message", w.message}});
  return {{"batch", r.batch},
          {"roster_encoding", r.roster_encoding},
          {"students", r.students},
          {"photos_imported", r.photos_imported},
          {"photos_unchanged", r.photos_unchanged},
          {"students_without_photo", r.students_without_photo},
          {"bad_photos", bad},
          {"unmatched_files", unmatched},
          {"unreadable_files", unreadable},
          {"warnings", warnings}};
}

std::string to_text(const ImportReport& r, const std::string& roster_file) {
  // Names and messages come from the files: no escape sequence or line break reaches the terminal.
  const auto safe = [](std::string_view text) { return terminal_safe(text); };
  const auto file = [](const std::string& name) { return terminal_safe(mask_file_name(name)); };
  std::ostringstream o;
  o << "导入批次 (batch) " << safe(r.batch) << "\n"
    << "  学生 (students):                 " << r.students << "  [花名册编码 " << r.roster_encoding << "]\n"
    << "  新导入照片 (photos imported):    " << r.photos_imported << "\n"
    << "  未变化照片 (photos unchanged):   " << r.photos_unchanged << "\n"
    << "  无照片学生 (without photo):      " << r.students_without_photo.size() << "\n"
    << "  损坏照片 (bad photos):           " << r.bad_photos.size() << "\n"
    << "  未匹配文件 (unmatched files):    " << r.unmatched_files.size() << "\n"
    << "  无法读取 (unreadable files):     " << r.unreadable_files.size() << "\n";
  if (!r.students_without_photo.empty()) {
    o << "\n无照片学生 (students without photo):\n";
    for (const auto& s : r.students_without_photo) o << "  " << safe(s) << "\n";
  }
  if (!r.bad_photos.empty()) {
    o << "\n损坏照片 (bad photos):\n";
    for (const auto& b : r.bad_photos)
      o << "  " << file(b.file) << " [" << safe(b.student) << "]: " << safe(b.error) << "\n";
  }
  if (!r.unmatched_files.empty()) {
    o << "\n未匹配文件 (unmatched files: no student, or not a photo):\n";
    for (const auto& f : r.unmatched_files) o << "  " << file(f) << "\n";
  }
  if (!r.unreadable_files.empty()) {
    o << "\n无法读取的文件和文件夹 (unreadable files and folders, not imported):\n";
    for (const auto& u : r.unreadable_files) o << "  " << file(u.file) << ": " << safe(u.error) << "\n";
  }
  if (!r.warnings.empty()) {
    o << "\n花名册警告 (roster warnings):\n";
    for (const auto& w : r.warnings) o << "  " << safe(roster_file) << ":" << w.line << ": " << w.message << "\n";
  }
  return o.str();
}

}  // namespace pa
